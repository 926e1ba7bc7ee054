"""Reading a response body within the bounds of the call (`_runtime.limits`).

The body is counted once decoded, so a small compressed body that inflates past
`max_response_bytes` is stopped at the limit. The raw bytes are inflated here rather than by httpx,
with zlib's `max_length`: each step yields at most `PIECE` bytes, so a read never holds much more
than the limit whatever the compression ratio, and whatever the number of stacked encodings
(`Content-Encoding: gzip, gzip, gzip`). The client asks for gzip and deflate only
(`ACCEPT_ENCODING`); any other coding is passed through as it is, as httpx does with codings it does
not know. The decoded pieces are gathered in one growing buffer, which becomes the body without a
second copy.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Final

import httpx

from oauth_clients._runtime.limits import CallLimits, DeadlineExceeded, ResponseTooLarge

ACCEPT_ENCODING: Final = "gzip, deflate"
"""What the client asks servers for: the codings it inflates itself, within the size limit."""

HEAD_BYTES: Final = 64 * 1024
"""How much of a body that is too large is kept (for the error's excerpt; never past the cap)."""

PIECE: Final = 256 * 1024
"""The most bytes one inflating step produces."""


class UndecodableBody(Exception):
    """The body of `response` does not inflate as its `Content-Encoding` says."""

    def __init__(self, response: httpx.Response, problem: str) -> None:
        super().__init__(problem)
        self.response = response
        self.problem = problem


class _BadCoding(Exception):
    pass


_GZIP: Final = zlib.MAX_WBITS | 16
_ZLIB: Final = zlib.MAX_WBITS
_RAW_DEFLATE: Final = -zlib.MAX_WBITS


class _Inflater:
    """One layer of gzip or deflate, inflated `PIECE` bytes at a time.

    deflate is the zlib format, or (as some servers send it, and as httpx accepts it) raw deflate.
    """

    def __init__(self, coding: str, wbits: int, fallback: int | None = None) -> None:
        self._coding = coding
        self._inflater = zlib.decompressobj(wbits)
        self._fallback = fallback
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self._inflater.eof:
            try:
                piece = self._inflater.decompress(data, PIECE)
            except zlib.error as error:
                if self._fallback is None or self._started:
                    raise _BadCoding(f"the body is not valid {self._coding} ({error})") from None
                self._inflater, self._fallback = zlib.decompressobj(self._fallback), None
                continue
            self._started = True
            data = self._inflater.unconsumed_tail
            if piece:
                yield piece

    def end(self) -> Iterator[bytes]:
        # `feed` leaves no input behind (it stops only with none left, or at the end of the
        # stream), so all zlib still holds is output that did not fit the last step (at most one
        # match, 258 bytes). flush() raises no error (CPython returns what it has on a data error),
        # so a stream cut short ends with what it inflated to.
        rest = self._inflater.flush()
        if rest:
            yield rest


def _inflaters(response: httpx.Response) -> list[_Inflater]:
    """One inflater per coding in `Content-Encoding`, the last applied first."""
    layers: list[_Inflater] = []
    codings = response.headers.get("content-encoding", "").lower().split(",")
    for coding in (coding.strip() for coding in reversed(codings)):
        if coding in ("gzip", "x-gzip"):
            layers.append(_Inflater("gzip", _GZIP))
        elif coding == "deflate":
            layers.append(_Inflater("deflate", _ZLIB, fallback=_RAW_DEFLATE))
    return layers


class _Decoder:
    """The raw bytes of a body through every layer of its encoding, a bounded piece at a time."""

    def __init__(self, layers: list[_Inflater]) -> None:
        self._layers = layers

    def feed(self, raw: bytes) -> Iterator[bytes]:
        return self._through(0, raw)

    def end(self) -> Iterator[bytes]:
        for index, layer in enumerate(self._layers):
            for piece in layer.end():
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[index].feed(data):
            yield from self._through(index + 1, piece)


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
        self.decoder = _Decoder(_inflaters(response))
        self.buffer = io.BytesIO()
        self.size = 0

    def add(self, raw: bytes) -> None:
        self._keep_all(self.decoder.feed(raw))

    def finish(self) -> None:
        self._keep_all(self.decoder.end())
        # What httpx.Response.read() does with the chunks it gathers, without a second copy.
        self.response._content = self.buffer.getvalue()  # pyright: ignore[reportPrivateUsage]

    def _keep_all(self, pieces: Iterator[bytes]) -> None:
        try:
            for piece in pieces:
                self._keep(piece)
        except _BadCoding as error:
            raise UndecodableBody(self.response, str(error)) from None

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limits.max_response_bytes:
            keep = min(HEAD_BYTES, self.limits.max_response_bytes)
            head = self.buffer.getbuffer()[:keep].tobytes()
            head += piece[: keep - len(head)]
            raise ResponseTooLarge(self.response, self.limits.max_response_bytes, head)
        self.buffer.write(piece)
        if self.limits.passed():
            raise DeadlineExceeded(
                f"the deadline of {self.limits.deadline:g} s passed while reading the body",
                request=self.response.request,
            )


def _check_read(response: httpx.Response, limits: CallLimits) -> None:
    if len(response.content) > limits.max_response_bytes:
        keep = min(HEAD_BYTES, limits.max_response_bytes)
        raise ResponseTooLarge(response, limits.max_response_bytes, response.content[:keep])


def read_body(response: httpx.Response, limits: CallLimits) -> None:
    """Read and decode the body of `response` into memory, within `limits`; closes the response.

    Raises `ResponseTooLarge` past the size limit, `DeadlineExceeded` past the deadline and
    `UndecodableBody` for a body that does not inflate; a transport error (the connection
    closed or stalled mid-body) propagates as httpx raised it.
    """
    if is_read(response):
        _check_read(response, limits)
        return
    gatherer = _Gatherer(response, limits)
    try:
        for raw in response.iter_raw():
            gatherer.add(raw)
        gatherer.finish()
    finally:
        response.close()


async def aread_body(response: httpx.Response, limits: CallLimits) -> None:
    """The async twin of `read_body`."""
    if is_read(response):
        _check_read(response, limits)
        return
    gatherer = _Gatherer(response, limits)
    try:
        async for raw in response.aiter_raw():
            gatherer.add(raw)
        gatherer.finish()
    finally:
        await response.aclose()
