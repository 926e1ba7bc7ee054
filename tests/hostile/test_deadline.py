"""`deadline=` bounds one whole call, whatever the server does and whatever the other timeouts say.

Servers of ours on 127.0.0.1 drip one byte every 0.2 s (into the headers or into the body), never
answer, or ask for long waits; with `deadline=1` every call ends in about a second with an
`APITimeoutError` naming the deadline. The bounds asserted are generous (bounds, not benchmarks).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import httpx
import pytest
from hostile_support import SENTINEL
from support.faults import Drip, Hang, Respond, fault_server

from oauth_clients import leegality
from oauth_clients._runtime.limits import DEFAULT_DEADLINE, DeadlineBackend
from oauth_clients.errors import APITimeoutError, ServerError

DEADLINE = 1.0
LATEST = DEADLINE + 2.0  # generous: a loaded CI machine
DRIPS = 40  # 8 s of dripping: a client that is not cut off fails, and does not hang


def api(url: str, **options) -> leegality.AuthenticatedClient:
    return leegality.AuthenticatedClient(SENTINEL, base_url=url, deadline=DEADLINE, **options)


# follow_redirects=True sends through httpx.Client, False through the direct sender
@pytest.mark.parametrize("redirects", [False, True], ids=["direct", "httpx-client"])
@pytest.mark.parametrize("into", ["body", "headers"])
def test_a_dripping_server_is_cut_off_at_the_deadline(into, redirects):
    with (
        fault_server(Drip(0.2, headers=into == "headers", limit=DRIPS)) as server,
        api(server.url, follow_redirects=redirects) as c,
    ):
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"deadline \(deadline=1 s\)"):
            leegality.list_oauth2_clients.sync(client=c)
        elapsed = time.monotonic() - started
    assert DEADLINE * 0.9 <= elapsed < LATEST


@pytest.mark.parametrize("redirects", [False, True], ids=["direct", "httpx-client"])
@pytest.mark.parametrize("into", ["body", "headers"])
async def test_async_a_dripping_server_is_cut_off_at_the_deadline(into, redirects):
    with fault_server(Drip(0.2, headers=into == "headers", limit=DRIPS)) as server:
        async with api(server.url, follow_redirects=redirects) as c:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"deadline \(deadline=1 s\)"):
                await leegality.list_oauth2_clients.asyncio(client=c)
            elapsed = time.monotonic() - started
    assert DEADLINE * 0.9 <= elapsed < LATEST


def test_the_deadline_bounds_every_attempt_together():
    # Each attempt alone could wait 10 s for an answer; three of them, 30 s and more.
    with fault_server(Hang(), Hang(), Hang()) as server, api(server.url, timeout=10.0) as c:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"deadline=1 s"):
            leegality.list_oauth2_clients.sync(client=c)
        assert time.monotonic() - started < LATEST


async def test_async_the_deadline_bounds_every_attempt_together():
    with fault_server(Hang(), Hang(), Hang()) as server:
        async with api(server.url, timeout=10.0) as c:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"deadline=1 s"):
                await leegality.list_oauth2_clients.asyncio(client=c)
            assert time.monotonic() - started < LATEST


def test_no_wait_is_started_that_would_end_past_the_deadline():
    with (
        fault_server(Respond(503, headers={"Retry-After": "5"}), Respond(200)) as server,
        api(server.url) as c,
    ):
        started = time.monotonic()
        with pytest.raises(ServerError) as raised:
            leegality.list_oauth2_clients.sync(client=c)
        assert time.monotonic() - started < LATEST
    assert server.count == 1 and raised.value.attempts == 1


def test_a_transport_of_the_callers_own_is_bounded_between_chunks():
    class Dripping(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            for _ in range(100):
                time.sleep(0.2)
                yield b" "

    mock = httpx.MockTransport(lambda request: httpx.Response(200, stream=Dripping()))
    with api("http://127.0.0.1:9", transport=mock) as c:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"deadline=1 s"):
            leegality.list_oauth2_clients.sync(client=c)
        assert time.monotonic() - started < LATEST


def test_a_call_within_the_deadline_is_untouched():
    with fault_server(Respond(200, {"data": []})) as server, api(server.url) as c:
        assert leegality.list_oauth2_clients.sync(client=c).to_dict() == {"data": []}


def test_the_default_deadline_is_120_seconds():
    assert DEFAULT_DEADLINE == 120.0 and leegality.AuthenticatedClient("tok").deadline == 120.0


@pytest.mark.parametrize(
    ("deadline", "error"),
    [(0, ValueError), (-1, ValueError), (math.inf, ValueError), (math.nan, ValueError),
     (None, TypeError), ("5", TypeError), (True, TypeError)],
)  # fmt: skip
def test_a_deadline_must_be_finite_and_positive(deadline, error):
    with pytest.raises(error, match="deadline"):
        leegality.AuthenticatedClient("tok", deadline=deadline)


def test_the_client_bounds_every_socket_operation_of_its_own_transports():
    with api("http://127.0.0.1:9") as c:
        transport = c.get_httpx_client()._transport  # the RetryTransport around httpx's
        pool = transport.transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, DeadlineBackend)


def test_an_httpx_transport_of_the_callers_own_is_bounded_at_the_socket_too():
    mine = httpx.HTTPTransport()
    with fault_server(Drip(0.2, headers=True, limit=DRIPS)) as server, api(server.url, transport=mine) as c:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"deadline=1 s"):
            leegality.list_oauth2_clients.sync(client=c)
        assert time.monotonic() - started < LATEST
    with api("http://127.0.0.1:9", transport=mine):  # a second client does not wrap it twice
        assert type(mine._pool._network_backend._backend) is not DeadlineBackend  # type: ignore[attr-defined]
