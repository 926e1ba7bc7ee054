"""Per-call options (`timeout=`, `deadline=`, `retry=`, `extra_headers=`) and client options
(SlashID's `org_id=`), over real HTTP against servers of ours on 127.0.0.1, sync and async."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from support.faults import Hang, Respond, fault_server

from oauth_clients import RetryPolicy, slashid
from oauth_clients.errors import APITimeoutError, ServerError

CREDENTIAL = "call-options-test-credential-0123456789"
LISTING = {"result": [{"client_id": "c1"}]}
FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.01, jitter=0.0)


async def list_clients(function: str, client: slashid.AuthenticatedClient, **options: Any) -> Any:
    operation = slashid.list_oauth2_clients
    if function == "sync":
        return operation.sync(client=client, **options)
    return await operation.asyncio(client=client, **options)


FUNCTIONS = ["sync", "asyncio"]


@asynccontextmanager
async def opened(**options: Any) -> AsyncIterator[slashid.AuthenticatedClient]:
    """A SlashID client, closed afterwards for both its sync and its async pool."""
    client = slashid.AuthenticatedClient(CREDENTIAL, **options)
    try:
        yield client
    finally:
        client.close()
        await client.aclose()


# -- org_id ------------------------------------------------------------------------------------


@pytest.mark.parametrize("function", FUNCTIONS)
async def test_org_id_given_to_the_client_is_sent_with_every_call(function):
    with fault_server(Respond(200, LISTING), Respond(200, LISTING)) as server:
        async with opened(base_url=server.url, org_id="org-of-the-client") as client:
            await list_clients(function, client)
            await list_clients(function, client, org_id="org-of-the-call")
    assert [r.headers["slashid-orgid"] for r in server.requests] == ["org-of-the-client", "org-of-the-call"]


@pytest.mark.parametrize("function", FUNCTIONS)
async def test_a_call_without_org_id_anywhere_is_refused_before_sending(function):
    with fault_server(Respond(200, LISTING)) as server:
        async with opened(base_url=server.url) as client:
            with pytest.raises(
                ValueError, match=r"org_id is required: pass org_id= to the call, or to the client"
            ):
                await list_clients(function, client)
    assert server.count == 0


def test_an_org_id_that_cannot_be_a_header_is_refused_when_the_client_is_built():
    with pytest.raises(ValueError, match="org_id") as raised:
        slashid.AuthenticatedClient(CREDENTIAL, org_id="org\r\nInjected: yes")
    assert CREDENTIAL not in str(raised.value)


# -- extra_headers -----------------------------------------------------------------------------


@pytest.mark.parametrize("function", FUNCTIONS)
async def test_extra_headers_are_sent_and_override_the_clients(function):
    with fault_server(Respond(200, LISTING)) as server:
        async with opened(
            base_url=server.url, org_id="o", headers={"X-Team": "client", "X-Kept": "yes"}
        ) as client:
            await list_clients(function, client, extra_headers={"X-Team": "call", "X-Trace": "t-1"})
    (request,) = server.requests
    assert request.headers["x-team"] == "call"
    assert request.headers["x-kept"] == "yes"
    assert request.headers["x-trace"] == "t-1"
    assert request.headers["slashid-orgid"] == "o"


def test_extra_headers_that_cannot_be_sent_are_refused():
    client = slashid.AuthenticatedClient(CREDENTIAL, org_id="o")
    with pytest.raises(ValueError, match="extra_headers"):
        slashid.list_oauth2_clients.sync(client=client, extra_headers={"X-Bad": "caf\u00e9"})


# -- timeout and deadline ----------------------------------------------------------------------


@pytest.mark.parametrize("option", ["timeout", "deadline"])
@pytest.mark.parametrize("function", FUNCTIONS)
async def test_a_calls_own_timeout_or_deadline_wins(function, option):
    with fault_server(Hang()) as server:
        async with opened(base_url=server.url, org_id="o", retry=None) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await list_clients(function, client, **{option: 0.3})
            took = time.monotonic() - started
    assert took < 5  # the client's own are 30 s per read and 120 s per call


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf")])
def test_a_calls_timeout_is_checked_like_the_clients(value):
    client = slashid.AuthenticatedClient(CREDENTIAL, org_id="o")
    with pytest.raises(ValueError, match="timeout"):
        slashid.list_oauth2_clients.sync(client=client, timeout=value)
    with pytest.raises(ValueError, match="deadline"):
        slashid.list_oauth2_clients.sync(client=client, deadline=value)


# -- retry -------------------------------------------------------------------------------------


@pytest.mark.parametrize("function", FUNCTIONS)
async def test_a_calls_retry_policy_retries_where_the_client_would_not(function):
    with fault_server(Respond(503, {}), Respond(200, LISTING)) as server:
        async with opened(base_url=server.url, org_id="o", retry=None) as client:
            listing = await list_clients(function, client, retry=FAST_RETRY)
    assert server.count == 2
    assert not isinstance(listing.result, slashid.Unset)
    assert listing.result[0].client_id == "c1"


@pytest.mark.parametrize("function", FUNCTIONS)
async def test_retry_none_makes_one_attempt_where_the_client_would_retry(function):
    with fault_server(Respond(503, {}), Respond(200, LISTING)) as server:
        async with opened(base_url=server.url, org_id="o", retry=FAST_RETRY) as client:
            with pytest.raises(ServerError) as raised:
                await list_clients(function, client, retry=None)
    assert server.count == 1
    assert raised.value.attempts == 1


@pytest.mark.parametrize("function", FUNCTIONS)
async def test_options_not_given_are_the_clients(function):
    with fault_server(Respond(503, {}), Respond(200, LISTING)) as server:
        async with opened(base_url=server.url, org_id="o", retry=FAST_RETRY) as client:
            await list_clients(function, client)
    assert server.count == 2
