"""A connection that closes or stalls after the headers is retried like one that fails before them.

Idempotent requests only, within the attempts of the retry policy and within the deadline; servers
of ours on 127.0.0.1 send the headers and part of the body, then close or go silent.
"""

from __future__ import annotations

import time

import pytest
from hostile_support import SENTINEL
from support.faults import Cut, Respond, fault_server

from oauth_clients import leegality
from oauth_clients._runtime.client import ApiClient, Credential
from oauth_clients._runtime.retry import RetryPolicy
from oauth_clients.errors import APIConnectionError, APITimeoutError

OK = Respond(200, {"data": []})
QUICK = RetryPolicy(initial_backoff=0.01, max_backoff=0.01)


def api(url: str, **options) -> leegality.AuthenticatedClient:
    return leegality.AuthenticatedClient(SENTINEL, base_url=url, retry=QUICK, **options)


CUTS = {"closed": Cut(), "reset": Cut(reset=True), "stalled": Cut(stall=True)}


@pytest.mark.parametrize("cut", CUTS)
def test_a_body_cut_short_is_retried(cut):
    with fault_server(CUTS[cut], OK) as server, api(server.url, timeout=0.5) as c:
        detailed = leegality.list_oauth2_clients.sync_detailed(client=c)
    assert detailed.parsed is not None and detailed.parsed.to_dict() == {"data": []}
    assert server.count == 2 and detailed.attempts == 2


@pytest.mark.parametrize("cut", CUTS)
async def test_async_a_body_cut_short_is_retried(cut):
    with fault_server(CUTS[cut], OK) as server:
        async with api(server.url, timeout=0.5) as c:
            detailed = await leegality.list_oauth2_clients.asyncio_detailed(client=c)
    assert server.count == 2 and detailed.attempts == 2


def test_bodies_cut_short_until_the_attempts_run_out_raise_a_connection_error():
    with fault_server(Cut(), Cut(), Cut()) as server, api(server.url) as c:
        with pytest.raises(
            APIConnectionError, match=r"connection failed \(RemoteProtocolError\) \(after 3 attempts\)"
        ):
            leegality.list_oauth2_clients.sync(client=c)
    assert server.count == 3


def test_stalled_bodies_are_retried_within_the_deadline_only():
    with fault_server(Cut(stall=True), Cut(stall=True), Cut(stall=True)) as server:
        with api(server.url, timeout=10.0, deadline=1.0) as c:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"deadline=1 s"):
                leegality.list_oauth2_clients.sync(client=c)
            assert time.monotonic() - started < 3.0
    assert server.count == 1


def test_a_body_cut_short_is_not_retried_for_a_method_that_is_not_idempotent():
    with fault_server(Cut(), OK) as server:
        client = ApiClient(base_url=server.url, credential=Credential("X-Key", "", SENTINEL), retry=QUICK)
        with client, pytest.raises(APIConnectionError) as raised:
            client.request("create", {"method": "POST", "url": "/things", "json": {}})
    assert server.count == 1 and raised.value.attempts == 1
