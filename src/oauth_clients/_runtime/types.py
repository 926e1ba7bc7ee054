"""Types shared by the generated models and operations of every provider."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class Response(Generic[T]):
    """What a `*_detailed` operation returns: the raw response and its parsed body.

    `parsed` is the model of the documented response for `status_code`, or None when the status
    is not documented for the operation. `content` and `headers` are raw: what the server sent.
    `attempts` is how many times the request was sent (counted by the client, never read from the
    response). repr() masks the client's credential and secret fields; `content` is shown by size.
    """

    status_code: int
    content: bytes
    headers: httpx.Headers
    parsed: T | None
    attempts: int = 1
    redactor: Redactor = field(default=NO_SECRETS, repr=False, compare=False)
    """Masks the client's credential wherever this response is shown."""

    def __repr__(self) -> str:
        # The raw body may hold a client secret: shown by size only; `parsed` masks its secrets,
        # and the redactor the credential wherever the server echoed it into a parsed field.
        return self.redactor(
            f"Response(status_code={self.status_code}, content=<{len(self.content)} bytes>, "
            f"parsed={self.parsed!r}, attempts={self.attempts})"
        )


def empty_dict() -> dict[str, Any]:
    """A fresh dict for a model's `additional_properties` (a typed stand-in for `factory=dict`)."""
    return {}
