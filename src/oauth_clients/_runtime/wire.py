"""Date-times as the generated models read and write them.

A parsed date-time is a `WireDateTime`: a real `datetime.datetime` that also remembers the text
it came from, so `to_dict()` writes back exactly what the vendor sent (`.0Z`, `+00:00`, seven
fraction digits...) instead of Python's re-spelling of it. Any datetime made by the caller, or
derived from a parsed one (`replace()`, arithmetic), is written in RFC 3339 with a `Z` for UTC.
"""

from __future__ import annotations

import datetime
import re

from oauth_clients._runtime.shape import WrongShape, wrong_type

_LEAP_SECOND = re.compile(r"(T\d\d:\d\d:)60")


class WireDateTime(datetime.datetime):
    """A `datetime.datetime` that keeps the exact text it was parsed from."""

    __slots__ = ("_wire_text",)

    _wire_text: str

    @property
    def wire_text(self) -> str | None:
        """The text this value was parsed from; None once it was derived from another value."""
        return getattr(self, "_wire_text", None)


def isoformat(value: datetime.datetime) -> str:
    """The text to send for `value`: its original text if parsed, else RFC 3339 with `Z` for UTC."""
    if isinstance(value, WireDateTime) and (text := value.wire_text) is not None:
        return text
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def parse_datetime(value: object, where: str = "") -> datetime.datetime:
    """The date-time of an RFC 3339 string; `WrongShape` (naming `where`) for anything else.

    Python's `fromisoformat` reads RFC 3339 except two spellings the RFC allows: lower-case `t`/`z`
    and the leap second `:60` (read as `:59`). The original text is kept either way.
    """
    if not isinstance(value, str):
        raise wrong_type("a date-time string", value, where)
    try:
        parsed = WireDateTime.fromisoformat(value)
    except ValueError:
        try:
            parsed = WireDateTime.fromisoformat(_LEAP_SECOND.sub(r"\g<1>59", value.upper()))
        except ValueError:
            raise WrongShape("expected a date-time string, got an unreadable one", where=where) from None
    parsed._wire_text = value  # pyright: ignore[reportPrivateUsage]  # set once, by its own module
    return parsed
