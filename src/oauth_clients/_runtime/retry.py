"""Retrying idempotent requests, as httpx transports that wrap another transport.

`RetryTransport` (sync) and `AsyncRetryTransport` (async) send a request through the transport they
wrap and send it again, after a wait, when the attempt failed in a way that a later attempt may not:

- a connection error (refused, reset, closed mid-answer) or a connect/read/write/pool timeout;
- a response with a status in `RetryPolicy.retry_statuses` (429, 502, 503 and 504 by default).

Only methods in `RetryPolicy.retry_methods` are retried (GET, HEAD, OPTIONS, PUT and DELETE by
default: sending them twice does no harm); a TLS certificate that fails verification is never
retried. The wait is an exponential backoff with jitter, or what the response's `Retry-After` header
asks for (seconds or an HTTP date). Retrying stops at `max_attempts` attempts, at a `Retry-After`
longer than `max_retry_after`, and when the next wait would end past `max_total_time` seconds from
the start of the call. Then the last response is returned (so the operation raises its typed
status error) or the last transport error is raised (so it raises `APIConnectionError`).

The number of attempts made is recorded in the request's extensions under `ATTEMPTS_EXTENSION`.
Time and randomness come from the policy (`clock`, `random`), so that tests control them exactly.
"""

from __future__ import annotations

import math
import random as _random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Final, Protocol, Self, final

import httpx

ATTEMPTS_EXTENSION: Final = "oauth_clients.attempts"
"""The key of `httpx.Request.extensions` under which the retry transports count the attempts."""

IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})


class Clock(Protocol):
    """Where the retry transports read the time and wait (a fake one in tests)."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (measures the elapsed time of a call)."""
        ...

    def time(self) -> float:
        """Seconds since the epoch (to turn a `Retry-After` HTTP date into a wait)."""
        ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


@final
class SystemClock:
    """The real clock: `time.monotonic`, `time.time`, `time.sleep` and `asyncio.sleep`."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # noqa: PLC0415  # only async callers pay for importing asyncio

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK: Final = SystemClock()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how often a client retries a request; immutable, shareable between clients.

    The defaults: up to 3 attempts in all; waits of 0.5 s, 1 s, 2 s, ... (times `multiplier`),
    at most 8 s, each shortened by a random fraction of up to 25 %; a `Retry-After` of up to 30 s
    honoured instead, a longer one ends the retrying; no retry whose wait would end more than 60 s
    after the call started, and the timeouts of a retry shortened to what is left of those 60 s.
    `RetryPolicy.disabled()` (or `retry=None` on a client) makes exactly one attempt.

    Attributes:
        max_attempts: attempts in all, the first one included; 1 turns retrying off.
        initial_backoff: seconds to wait before the first retry.
        multiplier: each further wait is this many times the previous one.
        max_backoff: the longest computed wait, in seconds.
        jitter: each computed wait is shortened by `jitter * random()` of itself (0 to 1).
        max_retry_after: the longest `Retry-After` honoured, in seconds; a longer one stops retrying.
        max_total_time: seconds from the start of a call after which no retry starts.
        retry_statuses: the response statuses that are retried.
        retry_methods: the HTTP methods that are retried at all (upper case).
        clock: the time source and sleeper; the real clock by default.
        random: a source of floats in [0, 1) for the jitter; `random.random` by default.
    """

    max_attempts: int = 3
    initial_backoff: float = 0.5
    multiplier: float = 2.0
    max_backoff: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 30.0
    max_total_time: float = 60.0
    retry_statuses: frozenset[int] = RETRY_STATUSES
    retry_methods: frozenset[str] = IDEMPOTENT_METHODS
    clock: Clock = field(default=SYSTEM_CLOCK, repr=False, compare=False)
    random: Callable[[], float] = field(default=_random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {self.max_attempts}")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError(f"jitter must be between 0 and 1, not {self.jitter}")
        if self.multiplier < 1.0:
            raise ValueError(f"multiplier must be at least 1, not {self.multiplier}")
        for name in ("initial_backoff", "max_backoff", "max_retry_after", "max_total_time"):
            value: float = getattr(self, name)
            if not value >= 0.0:  # also refuses NaN
                raise ValueError(f"{name} must be a number of seconds >= 0, not {value}")

    @classmethod
    def disabled(cls) -> Self:
        """A policy that makes exactly one attempt."""
        return cls(max_attempts=1)

    @property
    def enabled(self) -> bool:
        """Whether this policy ever makes a second attempt."""
        return self.max_attempts > 1 and bool(self.retry_methods)

    def retries(self, method: str) -> bool:
        """Whether requests with this HTTP method are retried."""
        return self.max_attempts > 1 and method.upper() in self.retry_methods

    def backoff(self, retry: int) -> float:
        """The computed wait in seconds before retry number `retry` (1 for the second attempt)."""
        try:
            delay = self.initial_backoff * self.multiplier ** (retry - 1)
        except OverflowError:
            delay = self.max_backoff
        return min(delay, self.max_backoff) * (1.0 - self.jitter * self.random())


DEFAULT_RETRY: Final = RetryPolicy()
"""The policy of every client that is not given one (see `RetryPolicy` for its values)."""


def parse_retry_after(value: str, now: float) -> float | None:
    """The seconds a `Retry-After` header value asks for, or None when it is neither form.

    `value` is delta-seconds (``"7"``) or an HTTP date (``"Wed, 21 Oct 2015 07:28:00 GMT"``);
    `now` is the current time in seconds since the epoch. A date in the past asks for 0 seconds.
    """
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC by RFC 5322
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, moment.timestamp() - now)


def attempts_of(request: httpx.Request) -> int:
    """How many attempts a retry transport made for `request` (1 if none counted them)."""
    attempts = request.extensions.get(ATTEMPTS_EXTENSION, 1)
    return attempts if isinstance(attempts, int) else 1


def _verification_failed(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _retryable_error(error: httpx.TransportError) -> bool:
    # Network errors (connect, read, write, close), timeouts, and a server that closed the
    # connection mid-answer; not a proxy error, a protocol our side got wrong, or a bad certificate.
    kinds = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)
    return isinstance(error, kinds) and not _verification_failed(error)


_SHORTEST_TIMEOUT: Final = 0.01


class _Call:
    """The bookkeeping of one retried call, shared by the sync and async transports."""

    def __init__(self, policy: RetryPolicy, request: httpx.Request) -> None:
        self.policy = policy
        self.request = request
        self.attempts = 0
        self.started = policy.clock.monotonic()
        timeouts: Mapping[str, float | None] = request.extensions.get("timeout", {})
        self.timeouts = dict(timeouts)

    def begin_attempt(self) -> None:
        self.attempts += 1
        extensions = {**self.request.extensions, ATTEMPTS_EXTENSION: self.attempts}
        if self.attempts > 1 and self.timeouts:
            # A retry gets what is left of the budget at most, for each kind of timeout (never 0,
            # which httpcore reads as "do not block" rather than "time out at once").
            left = max(self.policy.max_total_time - self.elapsed(), _SHORTEST_TIMEOUT)
            extensions["timeout"] = {
                kind: left if seconds is None else min(seconds, left)
                for kind, seconds in self.timeouts.items()
            }
        self.request.extensions = extensions

    def elapsed(self) -> float:
        return self.policy.clock.monotonic() - self.started

    def _affordable(self, wait: float) -> float | None:
        if self.attempts >= self.policy.max_attempts:
            return None
        if self.elapsed() + wait >= self.policy.max_total_time:
            return None
        return wait

    def wait_after_error(self, error: httpx.TransportError) -> float | None:
        """Seconds to wait before retrying after `error`, or None to give up."""
        if not _retryable_error(error):
            return None
        return self._affordable(self.policy.backoff(self.attempts))

    def wait_after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying after `response`, or None to return it."""
        if response.status_code not in self.policy.retry_statuses:
            return None
        header = response.headers.get("retry-after")
        asked = None if header is None else parse_retry_after(header, self.policy.clock.time())
        if asked is None:
            return self._affordable(self.policy.backoff(self.attempts))
        if asked > self.policy.max_retry_after:
            return None
        return self._affordable(asked)


class RetryTransport(httpx.BaseTransport):
    """A sync transport that retries requests through `transport` according to `policy`."""

    def __init__(self, transport: httpx.BaseTransport, policy: RetryPolicy = DEFAULT_RETRY) -> None:
        self.transport = transport
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.policy.retries(request.method):
            return self.transport.handle_request(request)
        request.read()  # a streamed body is buffered so that it can be sent again
        call = _Call(self.policy, request)
        while True:
            call.begin_attempt()
            try:
                response = self.transport.handle_request(request)
            except httpx.TransportError as error:
                wait = call.wait_after_error(error)
                if wait is None:
                    raise
            else:
                wait = call.wait_after_response(response)
                if wait is None:
                    return response
                _discard(response)
            self.policy.clock.sleep(wait)

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of `RetryTransport`."""

    def __init__(self, transport: httpx.AsyncBaseTransport, policy: RetryPolicy = DEFAULT_RETRY) -> None:
        self.transport = transport
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.policy.retries(request.method):
            return await self.transport.handle_async_request(request)
        await request.aread()
        call = _Call(self.policy, request)
        while True:
            call.begin_attempt()
            try:
                response = await self.transport.handle_async_request(request)
            except httpx.TransportError as error:
                wait = call.wait_after_error(error)
                if wait is None:
                    raise
            else:
                wait = call.wait_after_response(response)
                if wait is None:
                    return response
                await _adiscard(response)
            await self.policy.clock.asleep(wait)

    async def aclose(self) -> None:
        await self.transport.aclose()


def _discard(response: httpx.Response) -> None:
    # Reading the body lets the connection go back to the pool; a failure to read only loses it.
    try:
        response.read()
    except httpx.HTTPError:
        pass
    finally:
        response.close()


async def _adiscard(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.HTTPError:
        pass
    finally:
        await response.aclose()


__all__ = [
    "ATTEMPTS_EXTENSION",
    "DEFAULT_RETRY",
    "IDEMPOTENT_METHODS",
    "RETRY_STATUSES",
    "SYSTEM_CLOCK",
    "AsyncRetryTransport",
    "Clock",
    "RetryPolicy",
    "RetryTransport",
    "SystemClock",
    "attempts_of",
    "parse_retry_after",
]
