"""`Response.request/elapsed/attempts`; errors' `request` and `request_id`; never the credential."""

from __future__ import annotations

import datetime

import httpx
import pytest
from support.faults import Respond, fault_server

from oauth_clients import RequestInfo, RetryPolicy, slashid
from oauth_clients.errors import APIConnectionError, NotFoundError, ResponseDecodeError

CREDENTIAL = "response-attributes-credential-0123456789"
FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.05, jitter=0.0)
LISTING = {"result": []}


@pytest.mark.parametrize("kind", ["sync", "asyncio"])
async def test_a_response_knows_its_request_elapsed_time_and_attempts(kind):
    with fault_server(Respond(503), Respond(200, LISTING)) as server:
        client = slashid.AuthenticatedClient(CREDENTIAL, base_url=server.url, org_id="o", retry=FAST_RETRY)
        if kind == "sync":
            response = slashid.list_oauth2_clients.sync_detailed(client=client)
        else:
            response = await slashid.list_oauth2_clients.asyncio_detailed(client=client)
        await client.aclose()
    assert response.request is not None
    assert (response.request.method, response.request.url) == ("GET", f"{server.url}/oauth2/clients")
    assert str(response.request) == f"GET {server.url}/oauth2/clients"
    assert response.attempts == 2
    assert isinstance(response.elapsed, datetime.timedelta)
    assert response.elapsed >= datetime.timedelta(seconds=0.05)  # the wait between attempts included
    assert CREDENTIAL not in repr(response) and "request=GET" in repr(response)


def test_errors_carry_the_request_and_the_vendors_request_id():
    error_body = {"errors": [{"message": "no such client"}]}
    with fault_server(
        Respond(404, error_body, {"X-Request-Id": "req-42"}), Respond(404, error_body), Respond(200, "nope")
    ) as server:
        with slashid.AuthenticatedClient(CREDENTIAL, base_url=server.url, org_id="o", retry=None) as client:
            with pytest.raises(NotFoundError) as identified:
                slashid.get_oauth2_client.sync("c-1", client=client)
            with pytest.raises(NotFoundError) as anonymous:
                slashid.get_oauth2_client.sync("c-1", client=client)
            with pytest.raises(ResponseDecodeError) as undecodable:
                slashid.get_oauth2_client.sync("c-1", client=client)
    assert identified.value.request_id == "req-42" and anonymous.value.request_id is None
    for error in (identified.value, anonymous.value, undecodable.value):
        assert error.request is not None
        assert str(error.request) == f"GET {server.url}/oauth2/clients/c-1"
    parsed = slashid.get_oauth2_client.parsed_error(identified.value)
    assert parsed is not None and isinstance(parsed, slashid.ErrorResponse)


def test_a_connection_error_carries_its_request():
    client = slashid.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9", org_id="o", retry=None)
    with pytest.raises(APIConnectionError) as raised:
        slashid.list_oauth2_clients.sync(client=client)
    assert raised.value.request is not None
    assert str(raised.value.request) == "GET http://127.0.0.1:9/oauth2/clients"


def test_provenance_reads_the_request_and_never_the_server():
    from oauth_clients._runtime.provenance import (
        ELAPSED_EXTENSION,
        REDACTOR_EXTENSION,
        elapsed_of,
        provenance,
        redactor_of,
        request_info,
    )
    from oauth_clients._runtime.redact import NO_SECRETS, Redactor
    from oauth_clients._runtime.retry import ATTEMPTS_EXTENSION

    redactor = Redactor((CREDENTIAL,))
    sent = httpx.Request(
        "GET",
        f"https://api.test/x?echo={CREDENTIAL}",
        extensions={REDACTOR_EXTENSION: redactor, ATTEMPTS_EXTENSION: 3},
    )
    answered = httpx.Response(200, request=sent, extensions={ELAPSED_EXTENSION: 1.5})
    assert redactor_of(sent) is redactor
    assert request_info(sent) == RequestInfo("GET", "https://api.test/x?echo=***")
    assert provenance(answered) == {
        "attempts": 3,
        "request": RequestInfo("GET", "https://api.test/x?echo=***"),
        "redactor": redactor,
    }
    assert elapsed_of(answered) == datetime.timedelta(seconds=1.5)

    bare = httpx.Request("GET", "https://api.test/x", extensions={REDACTOR_EXTENSION: "not a redactor"})
    assert redactor_of(bare) is NO_SECRETS
    by_hand = httpx.Response(200)  # never sent
    assert provenance(by_hand) == {"attempts": 1, "request": None, "redactor": NO_SECRETS}
    assert elapsed_of(by_hand) == datetime.timedelta(0)
    assert elapsed_of(httpx.Response(200, extensions={ELAPSED_EXTENSION: "1.5"})) == datetime.timedelta(0)


def test_the_shared_types_show_what_they_are():
    from oauth_clients._runtime.redact import Redactor
    from oauth_clients._runtime.types import NOT_GIVEN, UNSET, Response

    assert (bool(UNSET), repr(UNSET)) == (False, "UNSET")
    assert (bool(NOT_GIVEN), repr(NOT_GIVEN)) == (False, "NOT_GIVEN")
    request = RequestInfo("GET", "https://api.test/x")
    assert str(request) == "GET https://api.test/x"
    response = Response(
        status_code=200,
        content=b'{"a": 1}',
        headers=httpx.Headers(),
        parsed=CREDENTIAL,
        attempts=2,
        request=request,
        elapsed=datetime.timedelta(seconds=0.25),
        redactor=Redactor((CREDENTIAL,)),
    )
    assert repr(response) == (
        "Response(status_code=200, content=<8 bytes>, parsed='***', attempts=2, "
        "request=GET https://api.test/x, elapsed=0.250s)"
    )
