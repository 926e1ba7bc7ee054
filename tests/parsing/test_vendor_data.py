"""What the vendors really send, over real HTTP from a server of ours on 127.0.0.1: nulls the
documents never show, error bodies on statuses they do not list, and malformed extremes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.calls import operation_module, placeholder_arguments, provider_module
from support.server import Recorded, Reply, local_server
from support.specs import load_spec, operations, providers

from oauth_clients import launchdarkly, loginradius, slashid
from oauth_clients._runtime.shape import WrongShape
from oauth_clients.errors import APIStatusError, PermissionDeniedError, ResponseDecodeError

CREDENTIAL = "vendor-data-test-credential-0123456789"


def json_status(operation: dict[str, Any]) -> int:
    """The operation's first documented status with a JSON body, a success preferred."""
    statuses = sorted(operation["responses"], key=lambda status: (not status.startswith("2"), status))
    responses = operation["responses"]
    return int(next(s for s in statuses if "application/json" in responses[s].get("content", {})))


OPERATIONS = [
    pytest.param(
        provider.name,
        operation["operationId"],
        json_status(operation),
        id=f"{provider.name}-{operation['operationId']}",
    )
    for provider in providers()
    for _, _, operation in operations(load_spec(provider.name))
]


async def call(provider: str, operation_id: str, function: str, url: str) -> Any:
    """`function` of the operation against `url`, with placeholder arguments; awaited if async."""
    client = provider_module(provider).AuthenticatedClient(CREDENTIAL, base_url=url, retry=None)
    operation = operation_module(provider, operation_id)
    arguments = placeholder_arguments(operation)
    if function.startswith("asyncio"):
        async with client:
            return await getattr(operation, function)(client=client, **arguments)
    with client:
        return getattr(operation, function)(client=client, **arguments)


def answering(status: int, body: bytes | Any) -> Any:
    def answer(request: Recorded) -> Reply:
        return Reply(status, body)

    return answer


# -- nulls ---------------------------------------------------------------------------------------

LISTING_WITH_NULLS = {
    "Data": [
        {
            "ClientId": "first",
            "AppName": None,
            "BackChannelLogout": None,
            "CreatedDate": None,
            "RefreshTokenTTL": 3600.0,
            "JwtTokenConfig": {"AccessTokenExpiry": None},
        },
        {"ClientId": "second", "GrantTypes": ["client_credentials"]},
    ]
}


@pytest.mark.parametrize("function", ["sync", "asyncio"])
async def test_nulls_in_optional_fields_read_as_absent_and_go_back_as_null(function):
    with local_server(answering(200, LISTING_WITH_NULLS)) as server:
        listing = await call("loginradius", "list_oauth_clients", function, server.url)

    assert isinstance(listing, loginradius.OAuthClientList)
    assert not isinstance(listing.data, loginradius.Unset)
    first, second = listing.data
    assert first.back_channel_logout is loginradius.UNSET
    assert first.app_name is loginradius.UNSET
    assert first.created_date is loginradius.UNSET
    assert first.refresh_token_ttl == 3600
    assert type(first.refresh_token_ttl) is int
    assert second.client_id == "second"
    # The nulls that came in go out again; the number is the integer it meant.
    assert listing.to_dict() == LISTING_WITH_NULLS
    sent = json.dumps(LISTING_WITH_NULLS, sort_keys=True).replace("3600.0", "3600")
    assert json.dumps(listing.to_dict(), sort_keys=True) == sent


def test_a_field_set_after_reading_a_null_goes_out_with_its_value():
    model = loginradius.OAuthClient.from_dict({"AppName": None})
    model.app_name = "named later"
    assert model.to_dict() == {"AppName": "named later"}


def test_a_nullable_field_keeps_none():
    body = {
        "_links": {},
        "name": "n",
        "_accountId": "a",
        "_clientId": "c",
        "redirectUri": "https://example.test/cb",
        "_creationDate": 1,
        "description": None,
    }
    model = launchdarkly.OAuthClient.from_dict(body)
    assert model.description is None
    assert model.to_dict() == body


@pytest.mark.parametrize("function", ["sync", "asyncio", "sync_detailed", "asyncio_detailed"])
async def test_a_null_in_a_required_field_is_a_decode_error_naming_its_path(function):
    body = {
        "_links": {},
        "name": None,
        "_accountId": "a",
        "_clientId": "c",
        "redirectUri": "https://example.test/cb",
        "_creationDate": 1,
    }
    with local_server(answering(200, body)) as server, pytest.raises(ResponseDecodeError) as raised:
        await call("launchdarkly", "get_oauth2_client", function, server.url)

    assert raised.value.path == "name"
    assert "name: expected a string, got null (OAuthClient.name)" in str(raised.value)


def test_a_missing_required_field_is_named_as_missing():
    missing = r"_clientId: expected a string, got nothing \(the required property is missing\)"
    with pytest.raises(WrongShape, match=missing):
        launchdarkly.OAuthClient.from_dict(
            {"_links": {}, "name": "n", "_accountId": "a", "redirectUri": "r", "_creationDate": 1}
        )


def test_an_integer_with_a_fraction_is_an_error_naming_its_path():
    with pytest.raises(WrongShape) as raised:
        loginradius.OAuthClientList.from_dict({"Data": [{}, {"RefreshTokenTTL": 3600.5}]})
    assert str(raised.value) == (
        "Data[1].RefreshTokenTTL: expected an integer, got a number with a fraction "
        "(OAuthClient.RefreshTokenTTL)"
    )


def test_paths_name_list_items_and_nested_objects():
    body = {"result": [{"client_id": "a"}, {"client_id": "b", "grant_types": ["client_credentials", 7]}]}
    with pytest.raises(WrongShape) as raised:
        slashid.OAuth2ClientListResponse.from_dict(body)
    assert str(raised.value).startswith("result[1].grant_types[1]: expected a string, got an integer")


# -- undocumented statuses -----------------------------------------------------------------------

ENVELOPE = {"Message": "Forbidden", "Description": "The key may not read OAuth clients.", "ErrorCode": 908}


@pytest.mark.parametrize("function", ["sync", "asyncio"])
async def test_an_undocumented_status_with_the_documented_error_envelope_is_parsed(function):
    # LoginRadius documents no 403; its 403 body has the envelope of its documented errors.
    with local_server(answering(403, ENVELOPE)) as server, pytest.raises(PermissionDeniedError) as raised:
        await call("loginradius", "list_oauth_clients", function, server.url)

    error = raised.value
    assert error.documented is False
    assert isinstance(error.parsed, loginradius.ErrorResponse)
    assert error.parsed.error_code == 908
    assert error.parsed.message == "Forbidden"


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>403 Forbidden</body></html>",
        b'{"unrelated": true}',
        b'["not", "an", "object"]',
        b'{"Message": 5}',
    ],
    ids=["html", "another-json-object", "json-array", "envelope-of-wrong-types"],
)
@pytest.mark.parametrize("function", ["sync_detailed", "asyncio_detailed"])
async def test_an_undocumented_status_whose_body_fits_no_error_model_has_no_parsed(function, body):
    with local_server(answering(403, body)) as server:
        response = await call("loginradius", "list_oauth_clients", function, server.url)

    assert response.status_code == 403
    assert response.parsed is None


async def test_the_documented_envelope_on_an_undocumented_5xx_is_parsed_too():
    with local_server(answering(503, ENVELOPE)) as server, pytest.raises(APIStatusError) as raised:
        await call("loginradius", "list_oauth_clients", "sync", server.url)
    assert isinstance(raised.value.parsed, loginradius.ErrorResponse)
    assert raised.value.documented is False


# -- malformed extremes --------------------------------------------------------------------------

EXTREMES = {
    "nested-100000-deep": b"[" * 100_000 + b"]" * 100_000,
    "nested-object-100000-deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "integer-of-5000-digits": b'{"Data": ' + b"7" * 5000 + b"}",
    "invalid-utf8": b'{"Data": "\xff\xfe"}',
    "nan": b'{"Data": NaN}',
    "infinity": b'{"Data": [Infinity]}',
    "minus-infinity": b'{"Data": -Infinity}',
    "number-out-of-range": b'{"Data": 1e400}',
    "truncated": b'{"Data": [{"ClientId": "abc", "AppNa',
}


@pytest.mark.parametrize("body", EXTREMES.values(), ids=EXTREMES.keys())
@pytest.mark.parametrize("function", ["sync", "asyncio", "sync_detailed", "asyncio_detailed"])
@pytest.mark.parametrize(("provider", "operation_id", "status"), OPERATIONS)
async def test_a_malformed_extreme_body_is_a_decode_error(provider, operation_id, status, function, body):
    with local_server(answering(status, body)) as server, pytest.raises(ResponseDecodeError) as raised:
        await call(provider, operation_id, function, server.url)

    error = raised.value
    assert error.status_code == status
    assert "the body is not JSON" in str(error)
    assert error.data is None
    assert error.path == ""
