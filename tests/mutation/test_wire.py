"""Date-times a caller makes are written as they are (offset, or no zone at all); parsed ones keep their
text until derived; every refusal names the field."""

from __future__ import annotations

import datetime

import pytest

from oauth_clients import slashid
from oauth_clients._runtime.shape import WrongShape
from oauth_clients._runtime.wire import WireDateTime, isoformat, parse_datetime

PLUS_TWO = datetime.timezone(datetime.timedelta(hours=2))
MINUS_FIVE_THIRTY = datetime.timezone(-datetime.timedelta(hours=5, minutes=30))

MADE_BY_THE_CALLER = {
    "utc": (datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC), "2024-05-06T07:08:09Z"),
    "plus-two": (datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=PLUS_TWO), "2024-05-06T07:08:09+02:00"),
    "minus-five-thirty": (
        datetime.datetime(2024, 5, 6, 7, 8, 9, 5, tzinfo=MINUS_FIVE_THIRTY),
        "2024-05-06T07:08:09.000005-05:30",
    ),
    "no-zone": (datetime.datetime(2024, 5, 6, 7, 8, 9), "2024-05-06T07:08:09"),
}


@pytest.mark.parametrize(("value", "text"), MADE_BY_THE_CALLER.values(), ids=MADE_BY_THE_CALLER.keys())
def test_a_date_time_made_by_the_caller_round_trips_through_to_dict(value, text):
    assert isoformat(value) == text
    client = slashid.OAuth2Client(client_id="c", created_at=value)
    written = client.to_dict()["created_at"]
    assert written == text
    again = slashid.OAuth2Client.from_dict(client.to_dict()).created_at
    assert again == value or (value.tzinfo is None and again.replace(tzinfo=None) == value)
    assert again.utcoffset() == value.utcoffset()


def test_a_parsed_date_time_keeps_its_text_and_a_derived_one_does_not():
    parsed = parse_datetime("2020-01-01T00:00:00.000+00:00", "M.at")
    assert isinstance(parsed, WireDateTime)
    assert parsed.wire_text == "2020-01-01T00:00:00.000+00:00"
    assert isoformat(parsed) == "2020-01-01T00:00:00.000+00:00"
    derived = parsed + datetime.timedelta(hours=1)
    assert getattr(derived, "wire_text", None) is None
    assert isoformat(derived) == "2020-01-01T01:00:00Z"
    assert WireDateTime(2020, 1, 1).wire_text is None  # made, not parsed


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2016-12-31t23:59:60z", datetime.datetime(2016, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)),
        (
            "2016-12-31T23:59:60+01:00",
            datetime.datetime(2016, 12, 31, 23, 59, 59, tzinfo=PLUS_TWO) + datetime.timedelta(hours=1),
        ),
    ],
)
def test_the_leap_second_is_read_as_the_second_before_and_its_text_kept(text, instant):
    parsed = parse_datetime(text)
    assert parsed == instant
    assert parsed.second == 59
    assert parsed.wire_text == text


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (1700000000, "expected a date-time string, got an integer"),
        (None, "expected a date-time string, got null"),
        ("yesterday", "expected a date-time string, got an unreadable one"),
        ("2016-12-31T23:59:61Z", "expected a date-time string, got an unreadable one"),
    ],
)
def test_what_is_no_date_time_is_a_wrong_shape_naming_the_field(value, problem):
    with pytest.raises(WrongShape) as raised:
        parse_datetime(value, "OAuth2Client.created_at")
    assert raised.value.problem == problem
    assert raised.value.where == "OAuth2Client.created_at"
    assert raised.value.__cause__ is None


def test_a_refusal_without_a_where_names_none():
    with pytest.raises(WrongShape) as raised:
        parse_datetime("never")
    assert raised.value.where == ""
