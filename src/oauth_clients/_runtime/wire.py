"""Wire formats that generated models write."""

from __future__ import annotations

import datetime


def isoformat(value: datetime.datetime) -> str:
    """RFC 3339 text of `value`, with a UTC offset written `Z` as the vendors write it."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
