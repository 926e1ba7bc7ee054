"""With follow_redirects=True the credential goes only to the origin of base_url.

For each provider and each redirect status, a server of ours on 127.0.0.1 redirects to a second
server on another port (another origin): the second must not receive the provider's credential
header. A redirect that stays on the origin keeps it, and an https -> http redirect drops it.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, unquote

import pytest
from hostile_support import PROVIDERS, SENTINEL, arguments, auth_header, client, leaks, operation
from support.faults import Respond, fault_server

from oauth_clients.errors import APIConnectionError, OAuthClientsError

STATUSES = (301, 302, 303, 307, 308)
LANDED = Respond(404, {"message": "landed"})


def _moved(status: int, location: str) -> Respond:
    return Respond(status, b"", {"Location": location})


def _sent(received_headers: dict[str, str], provider: str) -> bool:
    value = received_headers.get(auth_header(provider), "")
    return SENTINEL in value


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cross_origin_redirect_drops_the_credential(provider, status):
    with fault_server(LANDED) as elsewhere, fault_server(_moved(status, f"{elsewhere.url}/moved")) as home:
        api = client(provider, home.url, follow_redirects=True, retry=None)
        with pytest.raises(OAuthClientsError), api:
            operation(provider).sync(client=api, **arguments(provider))
    assert _sent(home.requests[0].headers, provider)
    assert elsewhere.count == 1 and elsewhere.requests[0].path == "/moved"
    assert not _sent(elsewhere.requests[0].headers, provider)
    assert leaks(repr(elsewhere.requests)) == []


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_async_a_cross_origin_redirect_drops_the_credential(provider, status):
    with fault_server(LANDED) as elsewhere, fault_server(_moved(status, f"{elsewhere.url}/moved")) as home:
        async with client(provider, home.url, follow_redirects=True, retry=None) as api:
            with pytest.raises(OAuthClientsError):
                await operation(provider).asyncio(client=api, **arguments(provider))
    assert _sent(home.requests[0].headers, provider)
    assert elsewhere.count == 1 and not _sent(elsewhere.requests[0].headers, provider)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_redirect_on_the_same_origin_keeps_the_credential(provider):
    with fault_server(_moved(307, "/again"), LANDED) as same:
        api = client(provider, same.url, follow_redirects=True, retry=None)
        with pytest.raises(OAuthClientsError), api:
            operation(provider).sync(client=api, **arguments(provider))
    assert same.count == 2 and same.requests[1].path == "/again"
    assert all(_sent(request.headers, provider) for request in same.requests)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_https_to_http_redirect_drops_the_credential(provider, unsigned_certificate):
    tls = unsigned_certificate.server_context
    with fault_server(LANDED) as plain:
        with fault_server(_moved(302, f"{plain.url}/clear"), tls=tls) as secure:
            api = client(provider, secure.url, follow_redirects=True, retry=None, verify=False)
            with pytest.raises(OAuthClientsError), api:
                operation(provider).sync(client=api, **arguments(provider))
    assert secure.url.startswith("https://") and _sent(secure.requests[0].headers, provider)
    assert plain.count == 1 and not _sent(plain.requests[0].headers, provider)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_redirect_that_echoes_the_credential_into_its_url_neither_sends_nor_logs_it(provider, caplog):
    caplog.set_level(logging.DEBUG)
    with fault_server(LANDED) as elsewhere:
        location = f"{elsewhere.url}/moved?key={quote(SENTINEL, safe='')}&raw={SENTINEL[:12]}"
        with fault_server(_moved(302, location)) as home:
            api = client(provider, home.url, follow_redirects=True, retry=None)
            with pytest.raises(OAuthClientsError), api:
                operation(provider).sync(client=api, **arguments(provider))
    assert elsewhere.count == 1 and elsewhere.requests[0].path.startswith("/moved?key=")
    assert leaks(unquote(elsewhere.requests[0].path)) == [] and leaks(elsewhere.requests[0].path) == []
    assert leaks(caplog.text) == []


def test_a_redirect_loop_is_a_connection_error_not_a_bare_httpx_error():
    with fault_server(*[_moved(302, "/again")] * 25) as server:
        api = client("leegality", server.url, follow_redirects=True, retry=None)
        with pytest.raises(APIConnectionError, match="too many redirects"), api:
            operation("leegality").sync(client=api, **arguments("leegality"))
    assert server.count == 21  # httpx's limit: 20 redirects
