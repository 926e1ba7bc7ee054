"""ClientRecord word for word: the refusal of a date not in UTC (an offset of zero by any other name
is UTC), the client type, every value of the JSON dict, RFC 3339 text and source labels."""

from __future__ import annotations

import datetime
import re
import time

import pytest

from oauth_clients import slashid
from oauth_clients.inventory import ClientRecord
from oauth_clients.inventory.record import rfc3339, source_label

UTC = datetime.UTC
PARIS = datetime.timezone(datetime.timedelta(hours=1))


def record(**fields) -> ClientRecord:
    return ClientRecord(provider="slashid", client_id="c", model=slashid.OAuth2Client(), **fields)


@pytest.mark.parametrize("name", ["created_at", "last_used"])
@pytest.mark.parametrize(
    "value",
    [datetime.datetime(2025, 1, 1), datetime.datetime(2025, 1, 1, tzinfo=PARIS)],
    ids=["naive", "+01:00"],
)
def test_a_date_not_in_utc_is_refused_in_words(name, value):
    message = f"ClientRecord.{name} must be an aware datetime in UTC, got {value!r}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        record(**{name: value})


@pytest.mark.parametrize("zone", [UTC, datetime.timezone(datetime.timedelta(0), "GMT")], ids=["UTC", "GMT"])
def test_an_offset_of_zero_is_utc(zone):
    moment = datetime.datetime(2025, 1, 1, tzinfo=zone)
    assert record(created_at=moment, last_used=moment).created_at == moment


@pytest.mark.parametrize(("public", "client_type"), [(None, None), (True, "public"), (False, "confidential")])
def test_client_type(public, client_type):
    assert record(public=public).client_type == client_type
    assert record(public=public).to_json_dict()["client_type"] == client_type


def test_every_value_of_the_json_dict():
    full = ClientRecord(
        provider="loginradius",
        account="eu",
        client_id="c-1",
        name="App",
        state="ACTIVE",
        enabled=True,
        public=False,
        grant_types=("client_credentials",),
        scopes=("read", "write"),
        redirect_uris=("https://a.example/cb",),
        created_at=datetime.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        created_at_raw=None,
        last_used=None,
        last_used_raw="2025-02-01T10:00:00",
        has_secret=True,
        model=slashid.OAuth2Client(),
    )
    assert full.to_json_dict() == {
        "provider": "loginradius",
        "account": "eu",
        "client_id": "c-1",
        "name": "App",
        "state": "ACTIVE",
        "enabled": True,
        "public": False,
        "client_type": "confidential",
        "has_secret": True,
        "grant_types": ["client_credentials"],
        "scopes": ["read", "write"],
        "redirect_uris": ["https://a.example/cb"],
        "created_at": "2025-01-02T03:04:05.678000Z",
        "created_at_raw": None,
        "last_used": None,
        "last_used_raw": "2025-02-01T10:00:00",
    }


def test_the_json_dict_of_a_last_use():
    used = record(last_used=datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC))
    assert (used.to_json_dict()["last_used"], used.to_json_dict()["last_used_raw"]) == (
        "2025-03-04T05:06:07Z",
        None,
    )


@pytest.mark.usefixtures("local_time_zone")
def test_rfc3339_is_utc_with_a_z_whatever_the_local_time_zone():
    assert time.localtime(0).tm_gmtoff == 5.5 * 3600  # the time zone really is not UTC
    assert rfc3339(None) is None
    assert rfc3339(datetime.datetime(2025, 1, 1, tzinfo=UTC)) == "2025-01-01T00:00:00Z"
    assert rfc3339(datetime.datetime(2025, 1, 1, 1, 30, tzinfo=PARIS)) == "2025-01-01T00:30:00Z"


def test_source_label():
    assert (source_label("slashid", None), source_label("slashid", "eu")) == ("slashid", "slashid/eu")
