"""The adapters, on every 200 example of the specs and on the edge cases each provider allows."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest
from support.specs import examples

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.inventory import (
    JSON_FIELDS,
    ClientRecord,
    from_launchdarkly,
    from_leegality,
    from_loginradius,
    from_slashid,
)

UTC = datetime.UTC
SENTINEL = "sentinel-client-secret-9f8e7d"
SECRET_KEYS = {"clientSecret", "ClientSecret", "Secret", "_clientSecret"}
# SlashID documents no secret: a secret-named field it might add is planted instead.
PLANTED_SECRET_KEY = {
    "leegality": "clientSecret",
    "slashid": "client_secret",
    "loginradius": "ClientSecret",
    "launchdarkly": "_clientSecret",
}
# The examples of the operations the inventory reads clients from.
CLIENT_EXAMPLES = [
    e for e in examples() if e.status == "200" and e.operation_id.startswith(("list_", "get_"))
]


def items_of(provider: str, operation_id: str, value: Any) -> list[dict[str, Any]]:
    """The client objects in a 200 body, read straight from the JSON."""
    if provider == "leegality":
        return value["data"]
    if provider == "slashid":
        return value["result"] if operation_id == "list_oauth2_clients" else [value["result"]]
    if provider == "loginradius":
        return value["Data"]
    return value["items"] if operation_id == "list_oauth2_clients" else [value]


def adapt(provider: str, item: dict[str, Any]) -> ClientRecord:
    if provider == "leegality":
        return from_leegality(leegality.OAuth2ClientVO.from_dict(item))
    if provider == "slashid":
        return from_slashid(slashid.OAuth2Client.from_dict(item))
    if provider == "loginradius":
        return from_loginradius(loginradius.OAuthClient.from_dict(item))
    return from_launchdarkly(launchdarkly.OAuthClient.from_dict(item))


def expected(provider: str, item: dict[str, Any]) -> dict[str, Any]:
    """The record fields, restated from the JSON independently of the adapters."""
    if provider == "leegality":
        return {
            "client_id": item["clientId"],
            "name": None,
            "state": item["state"],
            "enabled": item["state"] == "ACTIVE",
            "public": None,
            "grant_types": (),
            "created_at": None,  # the examples carry no UTC offset
            "created_at_raw": item["createdAt"],
            "last_used": None,
            "has_secret": True if "clientSecret" in item else None,
        }
    if provider == "slashid":
        return {
            "client_id": item["client_id"],
            "name": item["client_name"],
            "state": None,
            "public": item["public"],
            "grant_types": tuple(item["grant_types"]),
            "scopes": tuple(item["scopes"]),
            "redirect_uris": tuple(item["redirect_uris"]),
            "created_at": datetime.datetime(2005, 12, 24, 18, 29, 30, 33157, tzinfo=UTC),
            "last_used": datetime.datetime(2005, 12, 24, 18, 29, 30, 33157, tzinfo=UTC),
            "has_secret": False if item["public"] else None,
        }
    if provider == "loginradius":
        return {
            "client_id": item["ClientId"],
            "name": item["AppName"],
            "state": None,
            "enabled": None,
            "public": False,  # TokenAuthMethod client_secret_basic
            "grant_types": tuple(item["GrantTypes"]),
            "scopes": tuple(item["AllowedScopes"]),
            "redirect_uris": tuple(item["LoginRedirectUri"]),
            "created_at": datetime.datetime(2023, 10, 1, 12, 0, tzinfo=UTC),
            "last_used": None,
            "has_secret": True,
        }
    return {
        "client_id": item["_clientId"],
        "name": item["name"],
        "state": None,
        "public": None,
        "redirect_uris": (item["redirectUri"],),
        "created_at": datetime.datetime(1970, 1, 1, tzinfo=UTC)
        + datetime.timedelta(milliseconds=item["_creationDate"]),
        "last_used": None,
        "has_secret": True if item.get("_clientSecret") else None,
    }


@pytest.mark.parametrize("example", CLIENT_EXAMPLES, ids=lambda e: e.id)
def test_every_spec_example_maps_to_the_expected_record(example):
    items = items_of(example.provider, example.operation_id, example.value)
    assert items
    for item in items:
        record = adapt(example.provider, item)
        assert record.provider == example.provider
        for name, value in expected(example.provider, item).items():
            assert getattr(record, name) == value, name
        assert record.model.to_dict() == item  # the original, complete


@pytest.mark.parametrize("example", CLIENT_EXAMPLES, ids=lambda e: e.id)
def test_no_secret_in_the_json_dict_or_repr(example):
    for item in items_of(example.provider, example.operation_id, example.value):
        planted = {key: SENTINEL if key in SECRET_KEYS else value for key, value in item.items()}
        planted[PLANTED_SECRET_KEY[example.provider]] = SENTINEL
        record = adapt(example.provider, planted)
        values = record.to_json_dict()
        assert list(values) == list(JSON_FIELDS)
        assert SENTINEL not in json.dumps(values)
        assert SENTINEL not in repr(record) and SENTINEL not in str(record)


def test_records_are_frozen_hashable_and_compare_without_the_model():
    one = from_slashid(slashid.OAuth2Client.from_dict({"client_id": "c", "scopes": ["a"]}))
    two = from_slashid(slashid.OAuth2Client.from_dict({"client_id": "c", "scopes": ["a"], "unknown": 1}))
    assert one == two and hash(one) == hash(two) and one.model is not two.model
    assert isinstance(one.scopes, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.client_id = "other"  # type: ignore[misc]
    assert not hasattr(one, "__dict__")  # slotted


def test_dates_must_be_aware_utc():
    model = slashid.OAuth2Client()
    with pytest.raises(ValueError, match="created_at must be an aware datetime in UTC"):
        ClientRecord(provider="slashid", client_id="c", created_at=datetime.datetime(2025, 1, 1), model=model)
    paris = datetime.timezone(datetime.timedelta(hours=1))
    with pytest.raises(ValueError, match="last_used"):
        ClientRecord(
            provider="slashid",
            client_id="c",
            last_used=datetime.datetime(2025, 1, 1, tzinfo=paris),
            model=model,
        )


# Leegality


@pytest.mark.parametrize(
    ("sent", "created_at", "raw"),
    [
        ("2025-12-22T16:26:03", None, "2025-12-22T16:26:03"),
        ("2025-12-22T16:26:03Z", datetime.datetime(2025, 12, 22, 16, 26, 3, tzinfo=UTC), None),
        ("2025-12-22T21:56:03+05:30", datetime.datetime(2025, 12, 22, 16, 26, 3, tzinfo=UTC), None),
        ("22/12/2025", None, "22/12/2025"),
        ("", None, None),
    ],
)
def test_leegality_created_at(sent, created_at, raw):
    record = from_leegality(leegality.OAuth2ClientVO.from_dict({"clientId": "c", "createdAt": sent}))
    assert (record.created_at, record.created_at_raw) == (created_at, raw)


@pytest.mark.parametrize(
    ("state", "enabled"), [("ACTIVE", True), ("SUSPENDED", False), ("ARCHIVED", None), (None, None)]
)
def test_leegality_state(state, enabled):
    body = {"clientId": "c"} if state is None else {"clientId": "c", "state": state}
    record = from_leegality(leegality.OAuth2ClientVO.from_dict(body))
    assert (record.state, record.enabled) == (state, enabled)


def test_leegality_fields_left_out():
    record = from_leegality(leegality.OAuth2ClientVO.from_dict({}))
    assert record.client_id == "" and record.state is None and record.has_secret is None
    assert record.created_at is None and record.created_at_raw is None


# SlashID


def test_slashid_public_defaults_to_false_and_secret_is_unknown():
    record = from_slashid(slashid.OAuth2Client.from_dict({"client_id": "c"}))
    assert record.public is False and record.client_type == "confidential" and record.has_secret is None
    assert record.grant_types == () and record.scopes == () and record.redirect_uris == ()
    assert record.created_at is None and record.last_used is None


def test_slashid_public_client_has_no_secret():
    record = from_slashid(slashid.OAuth2Client.from_dict({"client_id": "c", "public": True}))
    assert record.client_type == "public" and record.has_secret is False


def test_slashid_date_without_offset_is_kept_raw_and_offsets_are_converted():
    record = from_slashid(
        slashid.OAuth2Client.from_dict(
            {"client_id": "c", "created_at": "2024-05-01T10:00:00", "last_used": "2024-06-01T12:00:00+02:00"}
        )
    )
    assert record.created_at is None and record.created_at_raw == "2024-05-01T10:00:00"
    assert record.last_used == datetime.datetime(2024, 6, 1, 10, tzinfo=UTC) and record.last_used_raw is None


def test_slashid_unknown_grant_type_is_kept():
    record = from_slashid(slashid.OAuth2Client.from_dict({"grant_types": ["device_code"]}))
    assert record.grant_types == ("device_code",)


# LoginRadius


@pytest.mark.parametrize(
    ("body", "public", "has_secret"),
    [
        ({"TokenAuthMethod": "none"}, True, False),
        ({"TokenAuthMethod": "client_secret_post"}, False, None),
        ({"TokenAuthMethod": "private_key_jwt", "Secret": "s"}, False, True),
        ({"ClientSecret": "s"}, None, True),
        ({"TokenAuthMethod": "something_new"}, None, None),
        ({}, None, None),
    ],
)
def test_loginradius_public_and_secret(body, public, has_secret):
    record = from_loginradius(loginradius.OAuthClient.from_dict(body))
    assert (record.public, record.has_secret) == (public, has_secret)


def test_loginradius_uses_login_redirects_and_no_last_use():
    record = from_loginradius(
        loginradius.OAuthClient.from_dict(
            {
                "LoginRedirectUri": ["https://a.example/cb"],
                "LogoutRedirectUri": ["https://a.example/bye"],
                "LastModifiedDate": "2024-01-01T00:00:00Z",
            }
        )
    )
    assert record.redirect_uris == ("https://a.example/cb",)
    assert record.last_used is None and record.created_at is None


# LaunchDarkly

LD_REQUIRED = {
    "_links": {},
    "name": "n",
    "_accountId": "a",
    "_clientId": "c",
    "redirectUri": "https://a.example/cb",
    "_creationDate": 1735689600000,
}


def test_launchdarkly_creation_date_is_unix_milliseconds():
    record = from_launchdarkly(launchdarkly.OAuthClient.from_dict(LD_REQUIRED))
    assert record.created_at == datetime.datetime(2025, 1, 1, tzinfo=UTC)
    assert record.has_secret is None and record.public is None and record.grant_types == ()


def test_launchdarkly_out_of_range_date_is_kept_raw():
    record = from_launchdarkly(launchdarkly.OAuthClient.from_dict({**LD_REQUIRED, "_creationDate": 10**20}))
    assert record.created_at is None and record.created_at_raw == str(10**20)


@pytest.mark.parametrize(("secret", "has_secret"), [(None, None), ("", None), ("s3cret", True)])
def test_launchdarkly_secret(secret, has_secret):
    record = from_launchdarkly(launchdarkly.OAuthClient.from_dict({**LD_REQUIRED, "_clientSecret": secret}))
    assert record.has_secret is has_secret


def test_launchdarkly_empty_redirect_uri_is_no_redirect():
    record = from_launchdarkly(launchdarkly.OAuthClient.from_dict({**LD_REQUIRED, "redirectUri": ""}))
    assert record.redirect_uris == ()
