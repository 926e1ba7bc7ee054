"""is_stale: last use first, creation otherwise, dates without a zone as an interval, else unknown."""

from __future__ import annotations

import datetime

import pytest

from oauth_clients import slashid
from oauth_clients.inventory import ClientRecord, is_stale

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
DAYS_30 = datetime.timedelta(days=30)


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def wall_clock(moment: datetime.datetime) -> str:
    """A date as Leegality sends it: no offset."""
    return moment.replace(tzinfo=None).isoformat()


def record(**fields) -> ClientRecord:
    return ClientRecord(provider="slashid", client_id="c", model=slashid.OAuth2Client(), **fields)


@pytest.mark.parametrize(
    ("fields", "stale"),
    [
        ({"last_used": days_ago(31)}, True),
        ({"last_used": days_ago(29)}, False),
        ({"last_used": days_ago(1), "created_at": days_ago(400)}, False),  # last use wins
        ({"created_at": days_ago(400)}, True),  # never used: its age
        ({"created_at": days_ago(2)}, False),
        ({}, None),
        # No offset: the instant lies within -14 h / +12 h of the wall-clock time read as UTC.
        ({"created_at_raw": wall_clock(days_ago(32))}, True),
        ({"created_at_raw": wall_clock(days_ago(28))}, False),
        ({"created_at_raw": wall_clock(days_ago(30))}, None),
        ({"created_at_raw": "not a date"}, None),
        ({"created_at_raw": str(10**20)}, None),
        # A last use that cannot be read: recent if the client is, unknown otherwise.
        ({"last_used_raw": "garbled", "created_at": days_ago(3)}, False),
        ({"last_used_raw": "garbled", "created_at": days_ago(300)}, None),
        ({"last_used_raw": wall_clock(days_ago(60)), "created_at": days_ago(300)}, True),
        ({"last_used_raw": "garbled", "created_at_raw": wall_clock(days_ago(30))}, None),  # may be older
        # At the cut-off exactly: not stale (older than 30 days is stale, 30 days is not).
        ({"last_used": days_ago(30)}, False),
        ({"created_at": days_ago(30)}, False),
        ({"last_used_raw": "garbled", "created_at": days_ago(30)}, False),
        # A date without an offset whose earliest instant is the cut-off, then whose latest is.
        ({"created_at_raw": wall_clock(days_ago(30) + datetime.timedelta(hours=14))}, False),
        ({"created_at_raw": wall_clock(days_ago(30) - datetime.timedelta(hours=12))}, None),
        ({"created_at_raw": wall_clock(days_ago(30) - datetime.timedelta(hours=12, seconds=1))}, True),
    ],
)
def test_is_stale(fields, stale):
    assert is_stale(record(**fields), older_than=DAYS_30, now=NOW) is stale
