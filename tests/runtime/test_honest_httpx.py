"""One honest httpx: every request goes through `httpx.Client.send` / `AsyncClient.send`.

What is set on the client's httpx client after it was built (event hooks, auth, headers, cookies,
timeout) takes effect on the next call, sync and async, sent directly or through a proxy named by
HTTP_PROXY (a server of ours on 127.0.0.1 that answers in the origin's place and records the
absolute URL it was asked for).
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator
from typing import Any

import httpx
import pytest
from support.faults import Hang, Respond, fault_server

from oauth_clients import leegality
from oauth_clients.errors import APITimeoutError

CREDENTIAL = "honest-httpx-credential-0123456789"
LISTING = {"data": []}
ROUTES = ["direct", "proxy"]


class Signed(httpx.Auth):
    """An httpx auth flow of the caller's: adds a header of its own."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Signed"] = "by-auth"
        yield request


@pytest.fixture(params=ROUTES)
def route(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    return str(request.param)


def client_for(route: str, origin: str, proxy: str, monkeypatch: pytest.MonkeyPatch, **options: Any):
    """A Leegality client of `origin`, reached directly or (route "proxy") through `proxy`."""
    if route == "proxy":
        monkeypatch.setenv("HTTP_PROXY", proxy)
        origin = "http://127.0.0.1:9"  # nothing listens there: only the proxy can answer
    return leegality.AuthenticatedClient(CREDENTIAL, base_url=origin, retry=None, **options), origin


def check_sent(server_requests: list[Any], route: str, origin: str) -> None:
    (sent,) = server_requests
    expected = "/api/v1/oauth2-clients" if route == "direct" else f"{origin}/api/v1/oauth2-clients"
    assert sent.path.endswith(expected)
    assert sent.headers["x-auth-token"] == CREDENTIAL
    assert sent.headers["x-later"] == "set-after-build"
    assert sent.headers["x-signed"] == "by-auth"
    assert "session=abc" in sent.headers["cookie"]


def test_what_is_set_on_the_httpx_client_later_takes_effect(route, monkeypatch):
    seen: list[str] = []
    with fault_server(Respond(200, LISTING)) as server:
        client, origin = client_for(route, server.url, server.url, monkeypatch)
        with client:
            http = client.get_httpx_client()
            http.headers["X-Later"] = "set-after-build"
            http.cookies.set("session", "abc")
            http.auth = Signed()
            http.event_hooks = {
                "request": [lambda request: seen.append(f"request {request.method}")],
                "response": [lambda response: seen.append(f"response {response.status_code}")],
            }
            assert leegality.list_oauth2_clients.sync(client=client).to_dict() == LISTING
    check_sent(server.requests, route, origin)
    assert seen == ["request GET", "response 200"]


async def test_what_is_set_on_the_async_httpx_client_later_takes_effect(route, monkeypatch):
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"request {request.method}")

    async def on_response(response: httpx.Response) -> None:
        seen.append(f"response {response.status_code}")

    with fault_server(Respond(200, LISTING)) as server:
        client, origin = client_for(route, server.url, server.url, monkeypatch)
        async with client:
            http = client.get_async_httpx_client()
            http.headers["X-Later"] = "set-after-build"
            http.cookies.set("session", "abc")
            http.auth = Signed()
            http.event_hooks = {"request": [on_request], "response": [on_response]}
            assert (await leegality.list_oauth2_clients.asyncio(client=client)).to_dict() == LISTING
    check_sent(server.requests, route, origin)
    assert seen == ["request GET", "response 200"]


def test_a_timeout_set_on_the_httpx_client_later_takes_effect(route, monkeypatch):
    with fault_server(Hang()) as server:
        client, _ = client_for(route, server.url, server.url, monkeypatch)
        with client:
            client.get_httpx_client().timeout = httpx.Timeout(0.2)
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="timed out"):
                leegality.list_oauth2_clients.sync(client=client)
    assert time.monotonic() - started < 5


async def test_a_timeout_set_on_the_async_httpx_client_later_takes_effect(route, monkeypatch):
    with fault_server(Hang()) as server:
        client, _ = client_for(route, server.url, server.url, monkeypatch)
        async with client:
            client.get_async_httpx_client().timeout = httpx.Timeout(0.2)
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="timed out"):
                await leegality.list_oauth2_clients.asyncio(client=client)
    assert time.monotonic() - started < 5


def test_the_proxy_variable_routes_requests_through_the_proxy(monkeypatch):
    """The routing decision itself: HTTP_PROXY is used, NO_PROXY exempts a host."""
    with fault_server(Respond(200, LISTING), Respond(200, LISTING)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with leegality.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9", retry=None) as client:
            leegality.list_oauth2_clients.sync(client=client)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with fault_server(Respond(200, LISTING)) as origin:
            with leegality.AuthenticatedClient(CREDENTIAL, base_url=origin.url, retry=None) as client:
                leegality.list_oauth2_clients.sync(client=client)
    assert [r.path for r in proxy.requests] == ["http://127.0.0.1:9/api/v1/oauth2-clients"]
    assert [r.path for r in origin.requests] == ["/api/v1/oauth2-clients"]


@pytest.mark.parametrize("kind", ["sync", "asyncio"])
async def test_event_hooks_option_runs_plain_functions_on_sync_and_async_calls(kind, route, monkeypatch):
    seen: list[str] = []
    hooks = {
        "request": [lambda request: seen.append(f"{request.method} {request.url.path}")],
        "response": [lambda response: seen.append(str(response.status_code))],
    }
    with fault_server(Respond(200, LISTING)) as server:
        client, _ = client_for(route, server.url, server.url, monkeypatch, event_hooks=hooks)
        if kind == "sync":
            leegality.list_oauth2_clients.sync(client=client)
        else:
            await leegality.list_oauth2_clients.asyncio(client=client)
        await client.aclose()
    assert seen == ["GET /api/v1/oauth2-clients", "200"]


class AsyncCallable:
    async def __call__(self, request: httpx.Request) -> None:
        pass


@pytest.mark.parametrize(
    ("hooks", "error", "message"),
    [
        ([("request", [])], TypeError, "event_hooks must be a mapping like {'request': [...]}, not list"),
        ({"sent": []}, ValueError, "event_hooks keys are 'request' and 'response', not 'sent'"),
        ({"request": print}, TypeError, "event_hooks['request'] must be a list of functions"),
        ({"request": "print"}, TypeError, "event_hooks['request'] must be a list of functions"),
        ({"response": ["print"]}, TypeError, "event_hooks['response'] holds 'print', which is not callable"),
        (
            {"request": [AsyncCallable()]},
            TypeError,
            "event_hooks['request']: <AsyncCallable> is async and could not run on sync "
            "calls; give a plain function (it runs on async calls too), or set async hooks on an "
            "httpx.AsyncClient passed as async_http_client=",
        ),
    ],
)
def test_event_hooks_option_is_checked(hooks, error, message):
    with pytest.raises(error) as raised:
        leegality.AuthenticatedClient(CREDENTIAL, event_hooks=hooks)
    pattern = re.escape(message).replace(re.escape("<AsyncCallable>"), r"<\S*AsyncCallable object at \S*>")
    assert re.fullmatch(pattern, str(raised.value)), str(raised.value)


def test_an_async_def_hook_is_refused():
    async def later(request: httpx.Request) -> None:
        pass

    with pytest.raises(TypeError, match="is async and could not run on sync calls"):
        leegality.AuthenticatedClient(CREDENTIAL, event_hooks={"request": [later]})


def test_a_hook_replaced_later_cannot_remove_the_credential_guard():
    """The credential is kept to base_url's origin by a transport, not by an event hook."""
    with fault_server(Respond(200, LISTING)) as elsewhere:
        moved = Respond(302, b"", {"Location": f"{elsewhere.url}/api/v1/oauth2-clients"})
        with fault_server(moved) as home:
            with leegality.AuthenticatedClient(
                CREDENTIAL, base_url=home.url, follow_redirects=True, retry=None
            ) as client:
                client.get_httpx_client().event_hooks = {"request": [], "response": []}
                leegality.list_oauth2_clients.sync(client=client)
    assert home.requests[0].headers["x-auth-token"] == CREDENTIAL
    assert "x-auth-token" not in elsewhere.requests[0].headers


@pytest.mark.parametrize("kind", ["sync", "asyncio"])
async def test_per_call_options_hold_on_every_route(kind, route, monkeypatch):
    """timeout=, retry= and extra_headers= of one call, directly and through the proxy."""
    from oauth_clients import RetryPolicy

    with fault_server(Respond(503), Respond(200, LISTING), Hang()) as server:
        client, _ = client_for(route, server.url, server.url, monkeypatch)
        fast = RetryPolicy(max_attempts=2, initial_backoff=0.01, jitter=0.0)
        if kind == "sync":
            detailed = leegality.list_oauth2_clients.sync_detailed(
                client=client, retry=fast, extra_headers={"X-Call": "1"}
            )
            with pytest.raises(APITimeoutError, match="timed out"):
                leegality.list_oauth2_clients.sync(client=client, timeout=0.2)
        else:
            detailed = await leegality.list_oauth2_clients.asyncio_detailed(
                client=client, retry=fast, extra_headers={"X-Call": "1"}
            )
            with pytest.raises(APITimeoutError, match="timed out"):
                await leegality.list_oauth2_clients.asyncio(client=client, timeout=0.2)
        await client.aclose()
    assert detailed.status_code == 200 and detailed.attempts == 2  # the client itself has retry=None
    assert [r.headers.get("x-call") for r in server.requests] == ["1", "1", None]


def test_a_credential_echoed_into_redirects_is_never_sent_in_clear():
    """Home redirects elsewhere, which redirects again: the credential header is dropped once and
    stays away, and the credential the server put in the Location is sent masked."""
    with fault_server(Respond(302, b"", {"Location": "/hop-2"}), Respond(200, LISTING)) as elsewhere:
        moved = Respond(302, b"", {"Location": f"{elsewhere.url}/hop-1?key={CREDENTIAL}"})
        with fault_server(moved) as home:
            with leegality.AuthenticatedClient(
                CREDENTIAL, base_url=home.url, follow_redirects=True, retry=None
            ) as client:
                leegality.list_oauth2_clients.sync(client=client)
    first, second = elsewhere.requests
    assert first.path.startswith("/hop-1?key=") and CREDENTIAL not in first.path and "***" in first.path
    assert second.path == "/hop-2"
    assert "x-auth-token" not in first.headers and "x-auth-token" not in second.headers
