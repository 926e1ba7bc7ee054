"""Date-times parse into timezone-aware datetimes and are written back exactly as they came."""

from __future__ import annotations

import datetime

import pytest

from oauth_clients import slashid
from oauth_clients._runtime.wire import isoformat, parse_datetime

UTC = datetime.UTC

SPELLINGS = {
    "2005-12-24T18:29:30.033157Z": datetime.datetime(2005, 12, 24, 18, 29, 30, 33157, UTC),
    "1895-02-21T15:52:12.0Z": datetime.datetime(1895, 2, 21, 15, 52, 12, tzinfo=UTC),  # Prism's
    "2020-01-01T00:00:00.123Z": datetime.datetime(2020, 1, 1, 0, 0, 0, 123000, UTC),
    "2020-01-01T00:00:00+00:00": datetime.datetime(2020, 1, 1, tzinfo=UTC),
    "2020-01-01T00:00:00-00:00": datetime.datetime(2020, 1, 1, tzinfo=UTC),
    "2020-01-01T05:30:00+05:30": datetime.datetime(2020, 1, 1, tzinfo=UTC),
    "2020-01-01T00:00:00.1234567Z": datetime.datetime(2020, 1, 1, 0, 0, 0, 123456, UTC),
    "2020-01-01t00:00:00z": datetime.datetime(2020, 1, 1, tzinfo=UTC),
    "2016-12-31T23:59:60Z": datetime.datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC),  # leap second
}


@pytest.mark.parametrize(("text", "instant"), SPELLINGS.items(), ids=SPELLINGS.keys())
def test_every_rfc3339_spelling_parses_and_is_written_back_unchanged(text, instant):
    client = slashid.OAuth2Client.from_dict({"client_id": "c", "created_at": text})

    assert isinstance(client.created_at, datetime.datetime)
    assert client.created_at == instant
    assert client.to_dict()["created_at"] == text


def test_a_changed_or_new_datetime_is_written_in_rfc3339_with_z():
    parsed = parse_datetime("2020-01-01T00:00:00.0Z", "x")
    assert isoformat(parsed.replace(year=2021)) == "2021-01-01T00:00:00Z"
    assert isoformat(parsed + datetime.timedelta(seconds=1)) == "2020-01-01T00:00:01Z"
    assert isoformat(datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)) == "2024-05-06T07:08:09Z"


@pytest.mark.parametrize("text", ["yesterday", "2020-13-01T00:00:00Z", "", "2020-01-01T25:00:00Z"])
def test_an_unreadable_datetime_names_the_field(text):
    with pytest.raises(ValueError, match="created_at: expected a date-time string"):
        slashid.OAuth2Client.from_dict({"created_at": text})
