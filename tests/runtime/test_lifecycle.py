"""A closed client stays closed (ClientClosedError), and one async client serves several event loops."""

from __future__ import annotations

import asyncio
import gc

import httpx
import pytest
from support.faults import Respond, fault_server

from oauth_clients import leegality
from oauth_clients.errors import ClientClosedError

CREDENTIAL = "lifecycle-credential-0123456789"
LISTING = {"data": []}


def test_a_call_after_the_with_block_raises_client_closed():
    with fault_server(Respond(200, LISTING)) as server:
        with leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url) as client:
            leegality.list_oauth2_clients.sync(client=client)
        with pytest.raises(ClientClosedError) as raised:
            leegality.list_oauth2_clients.sync(client=client)
        assert str(raised.value) == (
            "this AuthenticatedClient is closed (close(), aclose() or the end of its with block): "
            "build a new client"
        )
        with pytest.raises(ClientClosedError):
            with client:
                pass
    assert server.count == 1  # nothing sent after close


async def test_an_async_call_after_the_async_with_block_raises_client_closed():
    with fault_server(Respond(200, LISTING)) as server:
        async with leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url) as client:
            await leegality.list_oauth2_clients.asyncio(client=client)
        with pytest.raises(ClientClosedError):
            await leegality.list_oauth2_clients.asyncio(client=client)
        with pytest.raises(ClientClosedError):  # closed is closed, for sync calls too
            leegality.list_oauth2_clients.sync(client=client)
    assert server.count == 1


async def test_close_and_aclose_close_every_pool_and_may_be_repeated():
    with fault_server(Respond(200, LISTING), Respond(200, LISTING)) as server:
        client = leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url)
        leegality.list_oauth2_clients.sync(client=client)
        await leegality.list_oauth2_clients.asyncio(client=client)
        sync_pool, async_pool = client.get_httpx_client(), client.get_async_httpx_client()
        await client.aclose()
        client.close()
        await client.aclose()
    assert sync_pool.is_closed and async_pool.is_closed


def test_one_async_client_serves_two_event_loops():
    """Two asyncio.run() calls: each loop gets a pool of its own, never 'Event loop is closed'."""
    with fault_server(Respond(200, LISTING), Respond(200, LISTING), Respond(200, LISTING)) as server:
        client = leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url)

        async def call() -> object:
            return await leegality.list_oauth2_clients.asyncio(client=client)

        async def call_and_close() -> object:
            result = await call()
            await client.aclose()
            return result

        first = asyncio.run(call())
        second = asyncio.run(call())
        third = asyncio.run(call_and_close())
    assert first.to_dict() == second.to_dict() == third.to_dict() == LISTING
    assert server.count == 3
    gc.collect()  # a pool that outlived its loop would warn here (warnings are errors)


def test_a_callers_async_client_from_a_closed_loop_is_a_clear_error():
    with fault_server(Respond(200, LISTING), Respond(200, LISTING)) as server:
        http = httpx.AsyncClient()
        client = leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url, async_http_client=http)

        async def call_and_close_theirs() -> object:
            result = await leegality.list_oauth2_clients.asyncio(client=client)
            await http.aclose()
            return result

        async def call() -> object:
            return await leegality.list_oauth2_clients.asyncio(client=client)

        asyncio.run(call_and_close_theirs())
        with pytest.raises(ClientClosedError) as raised:
            asyncio.run(call())
    assert str(raised.value) == (
        "the async_http_client passed to this client was used in an event loop that has closed "
        "(its connections closed with it): pass a client of this loop to a new client"
    )
    assert server.count == 1
