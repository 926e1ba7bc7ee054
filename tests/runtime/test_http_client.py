"""`http_client=` / `async_http_client=`: the caller's own httpx client sends every request.

We add the credential (kept to base_url's origin), our headers, retries, the deadline and the size
cap; the caller's client keeps its transport, headers, cookies, auth, event hooks and timeout, and
is never closed by us.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from support.faults import Hang, Respond, fault_server

from oauth_clients import RetryPolicy, leegality
from oauth_clients.errors import APITimeoutError, ResponseTooLargeError

CREDENTIAL = "http-client-credential-0123456789"
LISTING = {"data": []}
FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.01, jitter=0.0)


def callers_client(kind: str, seen: list[str], **options: Any) -> httpx.Client | httpx.AsyncClient:
    headers = {"X-Callers": "yes"}
    if kind == "sync":
        return httpx.Client(
            headers=headers,
            cookies={"jar": "theirs"},
            event_hooks={"request": [lambda request: seen.append(request.method)]},
            **options,
        )

    async def hook(request: httpx.Request) -> None:
        seen.append(request.method)

    return httpx.AsyncClient(
        headers=headers, cookies={"jar": "theirs"}, event_hooks={"request": [hook]}, **options
    )


async def list_clients(kind: str, client: leegality.AuthenticatedClient, **options: Any) -> Any:
    if kind == "sync":
        return leegality.list_oauth2_clients.sync_detailed(client=client, **options)
    return await leegality.list_oauth2_clients.asyncio_detailed(client=client, **options)


def ours(kind: str, http: httpx.Client | httpx.AsyncClient, base_url: str, **options: Any):
    given = {"http_client": http} if kind == "sync" else {"async_http_client": http}
    return leegality.AuthenticatedClient(CREDENTIAL, base_url=base_url, **given, **options)


KINDS = ["sync", "asyncio"]


@pytest.mark.parametrize("kind", KINDS)
async def test_the_callers_client_sends_with_our_credential_and_retries(kind):
    seen: list[str] = []
    http = callers_client(kind, seen)
    with fault_server(Respond(503), Respond(200, LISTING)) as server:
        client = ours(kind, http, server.url, retry=FAST_RETRY)
        response = await list_clients(kind, client, extra_headers={"X-Call": "1"})
        if kind == "sync":
            client.close()
        else:
            await client.aclose()
    assert response.status_code == 200 and response.attempts == 2
    assert seen == ["GET", "GET"]  # the caller's hook saw every attempt
    for sent in server.requests:
        assert sent.headers["x-auth-token"] == CREDENTIAL
        assert sent.headers["x-callers"] == "yes" and sent.headers["x-call"] == "1"
        assert sent.headers["cookie"] == "jar=theirs"
        assert sent.headers["user-agent"].startswith("oauth-clients/")  # httpx's default replaced
        assert sent.headers["accept-encoding"] == "gzip, deflate"
    assert not http.is_closed  # never closed by us
    if isinstance(http, httpx.Client):
        http.close()
    else:
        await http.aclose()


@pytest.mark.parametrize("kind", KINDS)
async def test_our_limits_and_per_call_options_hold_on_the_callers_client(kind):
    http = callers_client(kind, [])
    with fault_server(Respond(200, {"data": ["x" * 5000]}), Hang()) as server:
        client = ours(kind, http, server.url, max_response_bytes=1000, retry=None)
        with pytest.raises(ResponseTooLargeError):
            await list_clients(kind, client)
        with pytest.raises(APITimeoutError):
            await list_clients(kind, client, timeout=0.2)
    if isinstance(http, httpx.Client):
        http.close()
    else:
        await http.aclose()


@pytest.mark.parametrize("kind", KINDS)
async def test_redirects_are_not_followed_through_the_callers_client(kind):
    http = callers_client(kind, [], follow_redirects=True)
    with fault_server(Respond(200, LISTING)) as elsewhere:
        moved = Respond(302, b"", {"Location": f"{elsewhere.url}/api/v1/oauth2-clients"})
        with fault_server(moved) as home:
            client = ours(kind, http, home.url, retry=None)
            response = await list_clients(kind, client)
    assert response.status_code == 302 and response.parsed is None
    assert elsewhere.count == 0
    if isinstance(http, httpx.Client):
        http.close()
    else:
        await http.aclose()


def test_a_user_agent_of_the_callers_client_is_kept():
    with fault_server(Respond(200, LISTING)) as server:
        with httpx.Client(headers={"User-Agent": "their-app/2"}) as http:
            client = leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url, http_client=http)
            leegality.list_oauth2_clients.sync(client=client)
    assert server.requests[0].headers["user-agent"] == "their-app/2"


def test_options_for_the_clients_built_here_are_refused_next_to_the_callers():
    http = httpx.Client()
    for option in (
        {"follow_redirects": True},
        {"timeout": 5.0},
        {"verify": False},
        {"transport": httpx.MockTransport(lambda request: httpx.Response(200))},
    ):
        with pytest.raises(ValueError, match="does not apply to the httpx client you pass as http_client="):
            leegality.AuthenticatedClient(CREDENTIAL, http_client=http, **option)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"http_client must be an httpx\.Client"):
        leegality.AuthenticatedClient(CREDENTIAL, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    http.close()


def test_a_closed_callers_client_is_a_clear_error():
    from oauth_clients.errors import ClientClosedError

    http = httpx.Client()
    http.close()
    client = leegality.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9", http_client=http)
    with pytest.raises(ClientClosedError, match="http_client passed to this client is closed"):
        leegality.list_oauth2_clients.sync(client=client)


async def test_a_closed_callers_async_client_is_a_clear_error():
    from oauth_clients.errors import ClientClosedError

    http = httpx.AsyncClient()
    await http.aclose()
    client = leegality.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9", async_http_client=http)
    with pytest.raises(ClientClosedError) as raised:
        await leegality.list_oauth2_clients.asyncio(client=client)
    assert str(raised.value) == (
        "the async_http_client passed to this client is closed: pass an open one to a new client"
    )


@pytest.mark.parametrize("kind", KINDS)
async def test_a_bomb_through_the_callers_client_is_inflated_within_the_cap(kind):
    """The caller's client streams the body to our bounded reader: 64 MiB of zeros, gzipped to
    about 64 KiB, never reaches memory whole (httpx's own read would inflate all of it)."""
    import gzip
    import tracemalloc

    bomb = gzip.compress(bytes(64 * 2**20), compresslevel=9)
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    http = callers_client(kind, [])
    with fault_server(Respond(200, bomb, headers)) as server:
        client = ours(kind, http, server.url, max_response_bytes=2**20, retry=None)
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError):
                await list_clients(kind, client)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 16 * 2**20, peak
    if isinstance(http, httpx.Client):
        http.close()
    else:
        await http.aclose()


@pytest.mark.parametrize(
    ("callers_headers", "ours", "expected"),
    [
        ({"User-Agent": "their-app/2"}, {"user-agent": "ours/1"}, "ours/1"),  # headers= wins
        ({}, {"User-Agent": "ours/1"}, "ours/1"),
        ({"User-Agent": None}, {}, "oauth-clients/"),  # a client without any User-Agent gets ours
    ],
)
def test_which_user_agent_goes_out_through_the_callers_client(callers_headers, ours, expected):
    with fault_server(Respond(200, LISTING)) as server:
        with httpx.Client() as http:
            for name, value in callers_headers.items():
                if value is None:
                    del http.headers[name]
                else:
                    http.headers[name] = value
            client = leegality.AuthenticatedClient(
                CREDENTIAL, base_url=server.url, http_client=http, headers=ours
            )
            leegality.list_oauth2_clients.sync(client=client)
    assert server.requests[0].headers["user-agent"].startswith(expected)


SYNC_OPTIONS = [
    ("follow_redirects=True", {"follow_redirects": True}),
    ("timeout=", {"timeout": 5.0}),
    ("verify=", {"verify": False}),
    ("transport=", {"transport": httpx.MockTransport(lambda request: httpx.Response(200))}),
]
ASYNC_OPTIONS = [
    *SYNC_OPTIONS[:3],
    ("async_transport=", {"async_transport": httpx.MockTransport(lambda request: httpx.Response(200))}),
]


@pytest.mark.parametrize(
    ("kind", "named", "option"),
    [
        *(("sync", named, option) for named, option in SYNC_OPTIONS),
        *(("asyncio", named, option) for named, option in ASYNC_OPTIONS),
        ("both", "event_hooks=", {"event_hooks": {"request": [print]}}),
    ],
)
def test_each_refusal_names_the_option_and_the_callers_client(kind, named, option):
    given = {
        "sync": {"http_client": httpx.Client()},
        "asyncio": {"async_http_client": httpx.AsyncClient()},
        "both": {"http_client": httpx.Client(), "async_http_client": httpx.AsyncClient()},
    }[kind]
    with pytest.raises(ValueError, match="does not apply") as raised:
        leegality.AuthenticatedClient(CREDENTIAL, **given, **option)
    which = "async_http_client=" if kind == "asyncio" else "http_client="
    assert str(raised.value) == (
        f"{named} does not apply to the httpx client you pass as {which}: set it on that client "
        "(redirects are never followed through it: httpx would carry the credential to another origin)"
    )


def test_only_one_callers_client_leaves_event_hooks_to_the_other_kind():
    with httpx.Client() as http:
        leegality.AuthenticatedClient(CREDENTIAL, http_client=http, event_hooks={"request": [print]})
    with pytest.raises(TypeError) as sync_kind:
        leegality.AuthenticatedClient(CREDENTIAL, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError) as async_kind:
        leegality.AuthenticatedClient(CREDENTIAL, async_http_client=httpx.Client())  # type: ignore[arg-type]
    assert str(sync_kind.value) == "http_client must be an httpx.Client, not AsyncClient"
    assert str(async_kind.value) == "async_http_client must be an httpx.AsyncClient, not Client"
