"""Retrying idempotent requests, as httpx transports that wrap another transport.

`RetryTransport` (sync) and `AsyncRetryTransport` (async) send a request through the transport they
wrap and send it again, after a wait, when the attempt failed in a way that a later attempt may not:

- a connection error (refused, reset, closed mid-answer) or a connect/read/write/pool timeout,
  before the headers or while reading the body (the body is read inside the transport);
- a response with a status in `RetryPolicy.retry_statuses` (429, 502, 503 and 504 by default).

Only methods in `RetryPolicy.retry_methods` are retried (GET, HEAD, OPTIONS, PUT and DELETE by
default: sending them twice does no harm); a TLS certificate that fails verification is never
retried. The wait is an exponential backoff with jitter, or what the response's `Retry-After` header
asks for (seconds or an HTTP date). Retrying stops at `max_attempts` attempts, at a `Retry-After`
longer than `max_retry_after`, and when the next wait would end past `max_total_time` seconds from
the start of the call or past the call's deadline. Then the last response is returned (so the
operation raises its typed status error) or the last transport error is raised (so it raises
`APIConnectionError`).

Inside a call of `ApiClient` (see `_runtime.limits`), every attempt's timeouts are shortened to what
is left before the call's deadline, and the body is read within the deadline and the size limit.

The number of attempts made is recorded in the request's extensions under `ATTEMPTS_EXTENSION`.
Each attempt is logged at DEBUG and each retry at INFO on the `oauth_clients` logger (`_runtime.logs`).
Time and randomness come from the policy (`clock`, `random`), so that tests control them exactly.
"""

from __future__ import annotations

import logging
import math
import random as _random
import ssl
import sys
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Final, Protocol, Self, final

import httpx

from oauth_clients._runtime.body import UndecodableBody, aread_body, is_read, read_body
from oauth_clients._runtime.limits import (
    CallLimits,
    DeadlineExceeded,
    ResponseTooLarge,
    current_limits,
    timeouts_within,
)
from oauth_clients._runtime.logs import logger

IDEMPOTENT_EXTENSION: Final = "oauth_clients.idempotent"
"""The key of `httpx.Request.extensions` under which an operation says whether repeating its
request is safe (the spec's `x-idempotent`); when present it decides, not the HTTP method."""

RETRY_EXTENSION: Final = "oauth_clients.retry"
"""The key of `httpx.Request.extensions` under which a call's own `RetryPolicy` overrides the
transport's (the per-call `retry=` option of the operations)."""

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

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` (sync calls)."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Wait `seconds` without blocking the event loop (async calls)."""
        ...


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
        max_total_time: seconds from the start of a call after which no retry starts: the budget
            of the retries, within the client's `deadline` (the bound of the whole call; the
            smaller of the two ends the retrying).
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
    # The call's deadline passing is final.
    kinds = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)
    if isinstance(error, DeadlineExceeded):
        return False
    return isinstance(error, kinds) and not _verification_failed(error)


def repeatable(policy: RetryPolicy, request: httpx.Request) -> bool:
    """Whether `request` may be sent again: as its operation's spec declares (`x-idempotent`, a
    secret rotation is a PUT that must never be repeated), else by its method (`retry_methods`)."""
    declared: bool | None = request.extensions.get(IDEMPOTENT_EXTENSION)
    return policy.retries(request.method) if declared is None else declared


class _Call:
    """The bookkeeping of one retried call, shared by the sync and async transports."""

    def __init__(self, policy: RetryPolicy, request: httpx.Request) -> None:
        self.policy = policy
        self.request = request
        self.attempts = 0
        self.max_attempts = policy.max_attempts if repeatable(policy, request) else 1
        self.started = policy.clock.monotonic()
        self.attempt_started = time.perf_counter()
        self.limits = current_limits()
        timeouts: Mapping[str, float | None] = request.extensions.get("timeout", {})
        self.timeouts = dict(timeouts)

    def begin_attempt(self) -> None:
        self.attempts += 1
        self.attempt_started = time.perf_counter()
        extensions = {**self.request.extensions, ATTEMPTS_EXTENSION: self.attempts}
        left = self.time_left()
        if left is not None and self.timeouts:
            # An attempt gets what is left of the budget and the deadline at most, for each kind
            # of timeout.
            extensions["timeout"] = timeouts_within(self.timeouts, left)
        self.request.extensions = extensions

    def time_left(self) -> float | None:
        """Seconds left of the retry budget (from the second attempt on) and the deadline."""
        lefts: list[float] = []
        if self.attempts > 1:
            lefts.append(self.policy.max_total_time - self.elapsed())
        if self.limits is not None:
            lefts.append(self.limits.left())
        return min(lefts, default=None)

    def elapsed(self) -> float:
        return self.policy.clock.monotonic() - self.started

    def _affordable(self, wait: float) -> float | None:
        if self.attempts >= self.max_attempts:
            return None
        if self.elapsed() + wait >= self.policy.max_total_time:
            return None
        if self.limits is not None and wait >= self.limits.left():
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

    def log_attempt(self, response: httpx.Response | None, error: Exception | None = None) -> None:
        """The DEBUG line of the attempt that just ended: its status, or what went wrong."""
        if not logger.isEnabledFor(logging.DEBUG):
            return
        outcome = [] if response is None else [f"HTTP {response.status_code}"]
        if error is not None:
            outcome.append(type(error).__name__)
        logger.debug(
            "%s %s -> %s in %.3f s (attempt %d of %d)",
            self.request.method,
            self.request.url,
            ", then ".join(outcome),
            time.perf_counter() - self.attempt_started,
            self.attempts,
            self.max_attempts,
        )

    def log_retry(self, why: str, wait: float) -> None:
        """The INFO line of a retry about to wait `wait` seconds."""
        logger.info(
            "retrying %s %s in %.2f s (attempt %d of %d): %s",
            self.request.method,
            self.request.url,
            wait,
            self.attempts + 1,
            self.max_attempts,
            why,
        )

    @property
    def reads_body(self) -> bool:
        """Whether the body is read here: inside a call of ours, or to retry failures mid-body."""
        return self.limits is not None or self.max_attempts > 1


def _why(response: httpx.Response) -> str:
    """Why a response is retried: its status, and the `Retry-After` it asked for if any."""
    asked = response.headers.get("retry-after")
    return f"HTTP {response.status_code}" + ("" if asked is None else f" (Retry-After: {asked[:40]})")


_UNBOUNDED: Final = CallLimits(deadline=math.inf, ends_at=math.inf, max_response_bytes=sys.maxsize)


class RetryTransport(httpx.BaseTransport):
    """A sync transport that retries requests through `transport` according to `policy`."""

    def __init__(self, transport: httpx.BaseTransport, policy: RetryPolicy = DEFAULT_RETRY) -> None:
        self.transport: httpx.BaseTransport = transport
        """The transport that sends each attempt."""
        self.policy: RetryPolicy = policy
        """The policy of requests that carry none of their own (`RETRY_EXTENSION`)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(request.extensions.get(RETRY_EXTENSION, self.policy), request)
        if call.max_attempts > 1:
            request.read()  # a streamed body is buffered so that it can be sent again
        while True:
            call.begin_attempt()
            response: httpx.Response | None = None
            try:
                response = self.transport.handle_request(request)
                wait = call.wait_after_response(response)
                if wait is None:
                    if call.reads_body:
                        response.request = request  # as httpx sets it: errors while reading name it
                        read_body(response, call.limits or _UNBOUNDED)
                    call.log_attempt(response)
                    return response
                call.log_attempt(response)
                _discard(response)
                why = _why(response)
            except httpx.TransportError as error:
                call.log_attempt(response, error)
                wait = call.wait_after_error(error)
                if wait is None:
                    raise
                why = type(error).__name__
            except (ResponseTooLarge, UndecodableBody) as error:
                call.log_attempt(response, error)
                raise
            call.log_retry(why, wait)
            call.policy.clock.sleep(wait)

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of `RetryTransport`."""

    def __init__(self, transport: httpx.AsyncBaseTransport, policy: RetryPolicy = DEFAULT_RETRY) -> None:
        self.transport: httpx.AsyncBaseTransport = transport
        """The transport that sends each attempt."""
        self.policy: RetryPolicy = policy
        """The policy of requests that carry none of their own (`RETRY_EXTENSION`)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(request.extensions.get(RETRY_EXTENSION, self.policy), request)
        if call.max_attempts > 1:
            await request.aread()
        while True:
            call.begin_attempt()
            response: httpx.Response | None = None
            try:
                response = await self.transport.handle_async_request(request)
                wait = call.wait_after_response(response)
                if wait is None:
                    if call.reads_body:
                        response.request = request  # as httpx sets it: errors while reading name it
                        await aread_body(response, call.limits or _UNBOUNDED)
                    call.log_attempt(response)
                    return response
                call.log_attempt(response)
                await _adiscard(response)
                why = _why(response)
            except httpx.TransportError as error:
                call.log_attempt(response, error)
                wait = call.wait_after_error(error)
                if wait is None:
                    raise
                why = type(error).__name__
            except (ResponseTooLarge, UndecodableBody) as error:
                call.log_attempt(response, error)
                raise
            call.log_retry(why, wait)
            await call.policy.clock.asleep(wait)

    async def aclose(self) -> None:
        await self.transport.aclose()


_DISCARDED_BYTES: Final = 64 * 1024
"""How much of a response that is retried is read (so that its connection can be reused)."""


def _discard(response: httpx.Response) -> None:
    # Reading a short body lets the connection go back to the pool; a long one, or a failure to
    # read it, only loses the connection. Raw bytes are read: nothing is inflated.
    try:
        read = 0
        for chunk in () if is_read(response) else response.iter_raw():
            read += len(chunk)
            if read > _DISCARDED_BYTES:
                break
    except httpx.HTTPError:
        pass
    finally:
        response.close()


async def _anothing() -> AsyncIterator[bytes]:
    return
    yield


async def _adiscard(response: httpx.Response) -> None:
    try:
        read = 0
        async for chunk in _anothing() if is_read(response) else response.aiter_raw():
            read += len(chunk)
            if read > _DISCARDED_BYTES:
                break
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
