"""The bounds of one call: its deadline (wall-clock seconds) and the most bytes its body may have.

`ApiClient` opens a `CallLimits` around each call (`calling`); everything below it reads the
current one from a context variable, because httpx gives transports and sockets no other way to
learn about the call they serve:

- the retry transports shorten every attempt's timeouts to what is left before the deadline, start
  no wait that would end past it, and read the body (`_runtime.body`) within both bounds;
- `DeadlineBackend`, which wraps the network backend of every `httpx.HTTPTransport` that
  `ApiClient` builds or is given, shortens every single connect, read and write to what is left, so
  that a server dripping one byte at a time (into the headers or the body) is cut off at the
  deadline, not after a read timeout.

Async calls are also bounded as a whole by a cancel scope (`anyio.fail_after`) at the deadline.
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Generator, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import httpcore
import httpx

T = TypeVar("T")

DEFAULT_DEADLINE: Final = 120.0
"""Seconds that one call (every attempt, wait and byte of it) may take at most."""

DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024
"""The most bytes a response body may have once decoded (64 MiB)."""


@dataclass(frozen=True, slots=True)
class CallLimits:
    """The bounds of the call in progress: `ends_at` on `time.monotonic()`, and the body size."""

    deadline: float
    ends_at: float
    max_response_bytes: int

    def left(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.ends_at - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0.0


_CURRENT: contextvars.ContextVar[CallLimits | None] = contextvars.ContextVar(
    "oauth_clients.call_limits", default=None
)


def current_limits() -> CallLimits | None:
    """The bounds of the call in progress in this thread or task, if one of our clients made it."""
    return _CURRENT.get()


@contextmanager
def calling(deadline: float, max_response_bytes: int) -> Generator[CallLimits]:
    """The bounds of one call that starts now, current until the block ends."""
    limits = CallLimits(deadline, time.monotonic() + deadline, max_response_bytes)
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


class DeadlineExceeded(httpx.TimeoutException):
    """The deadline of the call passed while its body was being read."""


class ResponseTooLarge(Exception):
    """The decoded body of `response` went past `limit` bytes; `head` is its start."""

    def __init__(self, response: httpx.Response, limit: int, head: bytes) -> None:
        super().__init__(f"the body is longer than {limit} bytes")
        self.response = response
        self.limit = limit
        self.head = head


# httpcore reads 0 as "do not block" rather than "time out at once": a nearly spent budget is this.
SHORTEST_TIMEOUT: Final = 0.01


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    limits = _CURRENT.get()
    if limits is None:
        return timeout
    left = limits.left()
    if left <= 0.0:
        raise error(f"the deadline of {limits.deadline:g} s has passed")
    left = max(left, SHORTEST_TIMEOUT)
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """A network backend whose every connect, read and write ends by the current call's deadline."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bound_transport(transport: T) -> T:
    """`transport`, its connections bounded by the deadline of the call they serve.

    Any transport is accepted: an `httpx.HTTPTransport` (ours, or one a caller passes in) gets the
    `DeadlineBackend`, which acts only within the calls of our clients; any other is left as it is.

    httpx offers no public way to choose the network backend of its transport; its connection pool
    (direct or through a proxy) keeps it in `_network_backend`, as every httpx 0.27/0.28 does. Should
    that change, the transport is returned as it is and calls are still bounded by their shortened
    timeouts and between the chunks of the body.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess,reportAttributeAccessIssue]
    return transport


def check_seconds(name: str, value: object) -> float:
    """`value` as seconds if it is a finite number > 0; a TypeError/ValueError naming `name` if not."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    seconds = float(value)
    if not (math.isfinite(seconds) and seconds > 0.0):
        raise ValueError(f"{name} must be a finite number of seconds > 0, not {value!r}")
    return seconds


def timeouts_within(timeouts: dict[str, float | None], left: float) -> dict[str, float | None]:
    """Each timeout shortened to `left` seconds at most (and never 0, see `SHORTEST_TIMEOUT`)."""
    left = max(left, SHORTEST_TIMEOUT)
    return {kind: left if seconds is None else min(seconds, left) for kind, seconds in timeouts.items()}
