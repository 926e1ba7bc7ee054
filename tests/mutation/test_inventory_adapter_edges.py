"""Adapters at their edges: the account label of every provider, a client ID left out, dates without an
offset kept raw, and offsets converted to UTC whatever the process's local time zone."""

from __future__ import annotations

import datetime
import time

import pytest

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.inventory import (
    ClientRecord,
    from_launchdarkly,
    from_leegality,
    from_loginradius,
    from_slashid,
)

UTC = datetime.UTC
LD_REQUIRED = {
    "_links": {},
    "name": "n",
    "_accountId": "a",
    "_clientId": "c",
    "redirectUri": "https://a.example/cb",
    "_creationDate": 1735689600000,
}


def adapted(provider: str, item: dict, **account: str) -> ClientRecord:
    if provider == "leegality":
        return from_leegality(leegality.OAuth2ClientVO.from_dict(item), **account)
    if provider == "slashid":
        return from_slashid(slashid.OAuth2Client.from_dict(item), **account)
    if provider == "loginradius":
        return from_loginradius(loginradius.OAuthClient.from_dict(item), **account)
    return from_launchdarkly(launchdarkly.OAuthClient.from_dict({**LD_REQUIRED, **item}), **account)


@pytest.mark.parametrize("provider", ["leegality", "slashid", "loginradius", "launchdarkly"])
def test_every_adapter_labels_its_record_with_the_account(provider):
    assert adapted(provider, {}, account="eu").account == "eu"
    assert adapted(provider, {}).account is None
    assert adapted(provider, {}, account="eu").to_json_dict()["account"] == "eu"


@pytest.mark.parametrize("provider", ["leegality", "slashid", "loginradius"])
@pytest.mark.parametrize(
    "item", [{}, {"client_id": "", "clientId": "", "ClientId": ""}], ids=["left out", "empty"]
)
def test_a_client_id_left_out_or_empty_is_the_empty_string(provider, item):
    assert adapted(provider, item).client_id == ""


def test_loginradius_creation_date_without_an_offset_is_kept_raw():
    record = adapted("loginradius", {"CreatedDate": "2024-05-01T10:00:00"})
    assert (record.created_at, record.created_at_raw) == (None, "2024-05-01T10:00:00")


def test_slashid_last_use_without_an_offset_is_kept_raw():
    record = adapted("slashid", {"last_used": "2024-05-01T10:00:00", "created_at": "2024-04-01T10:00:00Z"})
    assert (record.last_used, record.last_used_raw) == (None, "2024-05-01T10:00:00")
    assert (record.created_at, record.created_at_raw) == (datetime.datetime(2024, 4, 1, 10, tzinfo=UTC), None)


@pytest.mark.usefixtures("local_time_zone")
@pytest.mark.parametrize(
    ("provider", "item", "field"),
    [
        ("leegality", {"createdAt": "2025-12-22T21:56:03+05:30"}, "created_at"),
        ("slashid", {"created_at": "2025-12-22T21:56:03+05:30"}, "created_at"),
        ("slashid", {"last_used": "2025-12-22T21:56:03+05:30"}, "last_used"),
        ("loginradius", {"CreatedDate": "2025-12-22T21:56:03+05:30"}, "created_at"),
    ],
)
def test_dates_with_an_offset_are_converted_to_utc_whatever_the_local_time_zone(provider, item, field):
    assert time.localtime(0).tm_gmtoff == 5.5 * 3600  # the time zone really is not UTC
    value = getattr(adapted(provider, item), field)
    assert value == datetime.datetime(2025, 12, 22, 16, 26, 3, tzinfo=UTC)
    assert value.utcoffset() == datetime.timedelta(0)
