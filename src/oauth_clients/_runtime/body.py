"""Reading a response body within the bounds of the call (`_runtime.limits`).

The body is counted as httpx decodes it (gzip, deflate, and br or zstd when their packages are
installed), so a small compressed body that inflates past `max_response_bytes` is stopped at the
limit. To keep that true whatever the compression ratio, the raw bytes are handed to the decoder in
slices small enough that one slice cannot inflate into more than a few MiB: 8 KiB for gzip and
deflate (at most about 1,000 times larger), 64 bytes for anything else. The decoded chunks are
gathered in one growing buffer, which becomes the body without a copy.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from typing import Final

import httpx

from oauth_clients._runtime.limits import CallLimits, DeadlineExceeded, ResponseTooLarge

HEAD_BYTES: Final = 64 * 1024
"""How much of a body that is too large is kept (for the error's excerpt; never past the cap)."""

_DEFLATE_SLICE: Final = 8 * 1024
_OTHER_SLICE: Final = 64
_KNOWN_RATIO: Final = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


def _slice_size(response: httpx.Response) -> int:
    encodings = {e.strip().lower() for e in response.headers.get("content-encoding", "").split(",")}
    return _DEFLATE_SLICE if encodings <= _KNOWN_RATIO else _OTHER_SLICE


def _slices(chunk: bytes, size: int) -> Iterator[bytes]:
    if len(chunk) <= size:
        yield chunk
    else:
        view = memoryview(chunk)
        for start in range(0, len(chunk), size):
            yield bytes(view[start : start + size])


class _SlicedStream(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, size: int) -> None:
        self._stream = stream
        self._size = size

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            yield from _slices(chunk, self._size)

    def close(self) -> None:
        self._stream.close()


class _AsyncSlicedStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, size: int) -> None:
        self._stream = stream
        self._size = size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            for piece in _slices(chunk, self._size):
                yield piece

    async def aclose(self) -> None:
        await self._stream.aclose()


def is_read(response: httpx.Response) -> bool:
    """Whether the body of `response` is already in memory."""
    try:
        response.content  # noqa: B018  # raises ResponseNotRead until it is
    except httpx.ResponseNotRead:
        return False
    return True


class _Gatherer:
    def __init__(self, response: httpx.Response, limits: CallLimits) -> None:
        self.response = response
        self.limits = limits
        self.buffer = io.BytesIO()
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limits.max_response_bytes:
            keep = min(HEAD_BYTES, self.limits.max_response_bytes)
            head = self.buffer.getbuffer()[:keep].tobytes()
            head += chunk[: keep - len(head)]
            raise ResponseTooLarge(self.response, self.limits.max_response_bytes, head)
        self.buffer.write(chunk)
        if self.limits.passed():
            raise DeadlineExceeded(
                f"the deadline of {self.limits.deadline:g} s passed while reading the body",
                request=self.response.request,
            )

    def finish(self) -> None:
        # What httpx.Response.read() does with the chunks it gathers, without a second copy.
        self.response._content = self.buffer.getvalue()  # pyright: ignore[reportPrivateUsage]


def _check_read(response: httpx.Response, limits: CallLimits) -> None:
    if len(response.content) > limits.max_response_bytes:
        keep = min(HEAD_BYTES, limits.max_response_bytes)
        raise ResponseTooLarge(response, limits.max_response_bytes, response.content[:keep])


def read_body(response: httpx.Response, limits: CallLimits) -> None:
    """Read the body of `response` into memory, within `limits`; closes the response either way.

    Raises `ResponseTooLarge` past the size limit and `DeadlineExceeded` past the deadline; a
    transport error (the connection closed or stalled mid-body) propagates as httpx raised it.
    """
    if is_read(response):
        _check_read(response, limits)
        return
    if isinstance(response.stream, httpx.SyncByteStream):
        response.stream = _SlicedStream(response.stream, _slice_size(response))
    gatherer = _Gatherer(response, limits)
    try:
        for chunk in response.iter_bytes():
            gatherer.add(chunk)
    finally:
        response.close()
    gatherer.finish()


async def aread_body(response: httpx.Response, limits: CallLimits) -> None:
    """The async twin of `read_body`."""
    if is_read(response):
        _check_read(response, limits)
        return
    if isinstance(response.stream, httpx.AsyncByteStream):
        response.stream = _AsyncSlicedStream(response.stream, _slice_size(response))
    gatherer = _Gatherer(response, limits)
    try:
        async for chunk in response.aiter_bytes():
            gatherer.add(chunk)
    finally:
        await response.aclose()
    gatherer.finish()
