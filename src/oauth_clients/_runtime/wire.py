"""Wire formats that generated models write."""

from __future__ import annotations

import datetime

from oauth_clients._runtime.shape import wrong_type


def isoformat(value: datetime.datetime) -> str:
    """RFC 3339 text of `value`, with a UTC offset written `Z` as the vendors write it."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def parse_datetime(value: object, where: str) -> datetime.datetime:
    """The `datetime` of an RFC 3339 string; a TypeError/ValueError naming `where` for anything else."""
    if not isinstance(value, str):
        raise wrong_type(where, "a date-time string", value)
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: expected a date-time string, got an unreadable one") from None
