"""Whether a client has gone unused for longer than a given time.

A client's activity is its last use or, when the provider reports none, its creation. Providers
that never report use (Leegality, LoginRadius, LaunchDarkly) are therefore judged by age.

A date kept only as the provider's text for lack of a UTC offset (Leegality's `createdAt`) still
counts: as local time of an unknown zone it lies between 14 hours before and 12 hours after the
same wall-clock time in UTC, and the answer is given when the whole interval is on one side of the
cut-off. Otherwise (no date, an unreadable one, or an interval across the cut-off) the answer is
None: unknown.
"""

from __future__ import annotations

import datetime
from typing import Final

from oauth_clients.inventory.record import ClientRecord

# UTC offsets in use run from -12:00 to +14:00.
_EARLIEST_OFFSET: Final = datetime.timedelta(hours=14)
_LATEST_OFFSET: Final = datetime.timedelta(hours=12)

Interval = tuple[datetime.datetime, datetime.datetime]


def is_stale(record: ClientRecord, *, older_than: datetime.timedelta, now: datetime.datetime) -> bool | None:
    """True when the client's last activity is before `now - older_than`, False when it is not,
    None when that cannot be told (no usable date). `now` must be an aware datetime."""
    cutoff = now - older_than
    last_used = _interval(record.last_used, record.last_used_raw)
    created = _interval(record.created_at, record.created_at_raw)
    if last_used is None and record.last_used_raw is not None:
        # Used at an unreadable time: it is recent if the client itself is, else unknown.
        return False if created is not None and created[0] >= cutoff else None
    activity = last_used if last_used is not None else created
    if activity is None:
        return None
    earliest, latest = activity
    if latest < cutoff:
        return True
    if earliest >= cutoff:
        return False
    return None


def _interval(value: datetime.datetime | None, raw: str | None) -> Interval | None:
    """The earliest and latest instant that a date can mean, or None without a readable date."""
    if value is not None:
        return value, value
    if raw is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(raw)
        if parsed.utcoffset() is not None:
            return parsed, parsed
        wall_clock = parsed.replace(tzinfo=datetime.UTC)
        return wall_clock - _EARLIEST_OFFSET, wall_clock + _LATEST_OFFSET
    except (ValueError, OverflowError):
        return None


__all__ = ["is_stale"]
