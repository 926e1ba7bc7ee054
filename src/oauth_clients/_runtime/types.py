"""Types shared by the generated models and operations of every provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final, Generic, Literal, TypeVar, final

import httpx

from oauth_clients._runtime.redact import NO_SECRETS, Redactor

T = TypeVar("T")


@final
class Unset:
    """The type of `UNSET`: a field that the response (or the caller) left out, as opposed to null."""

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


@final
class NotGiven:
    """The type of `NOT_GIVEN`: a per-call option the caller did not pass (the client's applies).

    Distinct from None, which some options take as a value (`retry=None`: one attempt only).
    """

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@final
@dataclass(frozen=True, slots=True)
class RequestInfo:
    """The request that got a response (or an error): its method and URL, never its headers.

    `url` is the full URL of the last request sent (after any redirect), with the client's
    credential masked should a server have echoed it into a redirect's `Location`.
    """

    method: str
    """The HTTP method, upper case: ``GET``."""
    url: str
    """The full URL, query included."""

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


@dataclass(frozen=True, slots=True)
class Response(Generic[T]):
    """What a `*_detailed` operation returns: the raw response and its parsed body.

    `parsed` is the model of the documented response for `status_code`, or None when the status
    is not documented for the operation. `content` and `headers` are raw: what the server sent.
    repr() masks the client's credential and secret fields; `content` is shown by size.
    """

    status_code: int
    """The HTTP status of the response."""
    content: bytes
    """The body, decoded from its `Content-Encoding` (gzip, deflate), as the server sent it."""
    headers: httpx.Headers
    """The response headers, as the server sent them."""
    parsed: T | None
    """The documented model for `status_code`, or None (an undocumented status whose body fits
    no documented error model)."""
    attempts: int = 1
    """How many times the request was sent: more than 1 when retries preceded this response
    (counted by the client, never read from the response)."""
    request: RequestInfo | None = None
    """The method and URL of the request (never its headers); None only for a `Response` built by
    hand."""
    elapsed: timedelta = timedelta(0)
    """The whole call: from sending the first attempt to having read the body, retries and their
    waits included (zero for a `Response` built by hand)."""
    redactor: Redactor = field(default=NO_SECRETS, repr=False, compare=False)
    """Masks the client's credential wherever this response is shown."""

    def __repr__(self) -> str:
        # The raw body may hold a client secret: shown by size only; `parsed` masks its secrets,
        # and the redactor the credential wherever the server echoed it into a parsed field.
        return self.redactor(
            f"Response(status_code={self.status_code}, content=<{len(self.content)} bytes>, "
            f"parsed={self.parsed!r}, attempts={self.attempts}, request={self.request}, "
            f"elapsed={self.elapsed.total_seconds():.3f}s)"
        )


def empty_dict() -> dict[str, Any]:
    """A fresh dict for a model's `additional_properties` (a typed stand-in for `factory=dict`)."""
    return {}
