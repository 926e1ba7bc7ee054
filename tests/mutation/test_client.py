"""The client at its edges: the exact words of every refusal when a client is built or a call is
made, which routes the environment's HTTP_PROXY / HTTPS_PROXY / ALL_PROXY / NO_PROXY give, what each
kind of failure becomes (and the attempts and request it carries), TLS verification of async calls,
the headers sent, and the async pools of several event loops. End to end against servers of ours on
127.0.0.1 (a recording proxy among them) where a request is the point."""

from __future__ import annotations

import asyncio
import gc
import gzip
import logging
import ssl
import traceback
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import pytest
from support.faults import Hang, Raw, Received, Reset, Respond, fault_server
from support.server import serving

from oauth_clients import RetryPolicy, leegality, slashid
from oauth_clients._runtime.client import DEFAULT_TIMEOUT, ApiClient, Credential
from oauth_clients._runtime.identity import user_agent
from oauth_clients.errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    OutcomeUnknownError,
    ResponseDecodeError,
    ResponseTooLargeError,
)

CREDENTIAL = "client-mutation-credential-0123456789"
LISTING = {"data": []}
LIST = "list_oauth2_clients"
ROTATE = "rotate_oauth2_client_secret"
NOT_SAFE = (
    "; the request is not safe to repeat and was sent, so the change may or may not have happened "
    "(not retried)"
)


def refusal(error: type[Exception], **options: Any) -> str:
    """The message of the error that building a Leegality client with `options` raises."""
    with pytest.raises(error) as raised:
        leegality.AuthenticatedClient(CREDENTIAL, **options)
    return str(raised.value)


# --- the credential


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (7, TypeError, "must be a string, not int"),
        ("", ValueError, "is empty"),
        ("tok\n", ValueError, "must be printable ASCII: it has a control or non-ASCII character"),
        ("tok\x7f", ValueError, "must be printable ASCII: it has a control or non-ASCII character"),
        (" tok", ValueError, "begins or ends with whitespace"),
        ("tok ", ValueError, "begins or ends with whitespace"),
    ],
)
def test_a_careless_credential_is_refused_in_these_words(value, error, message):
    with pytest.raises(error) as raised:
        Credential("X-Api-Key", "", value)
    assert str(raised.value) == f"the credential (sent in the X-Api-Key header) {message}"


def test_a_credential_shows_its_header_only():
    credential = Credential("Authorization", "Bearer", CREDENTIAL)
    assert repr(credential) == str(credential) == "Credential(header='Authorization', value='***')"
    assert credential.header_value == f"Bearer {CREDENTIAL}"
    assert Credential("X-Api-Key", "", CREDENTIAL).header_value == CREDENTIAL
    assert credential.reveal() == CREDENTIAL


# --- the base URL


@pytest.mark.parametrize(
    ("base_url", "error", "message"),
    [
        (7, TypeError, "base_url must be a string, not int"),
        ("http://[::1", ValueError, "base_url is not a URL: Invalid port: ':1'"),
        ("ftp://example.com", ValueError, "base_url must be an http:// or https:// URL with a host, not 'ftp://example.com'"),
        ("https://", ValueError, "base_url must be an http:// or https:// URL with a host, not 'https://'"),
        (
            "http://api.example.com/v1",
            ValueError,
            "base_url 'http://api.example.com/v1' would send the credential unencrypted to api.example.com: "
            "use https://, or pass allow_insecure_http=True",
        ),
    ],
)  # fmt: skip
def test_a_careless_base_url_is_refused_in_these_words(base_url, error, message):
    assert refusal(error, base_url=base_url) == message


@pytest.mark.parametrize(
    "base_url",
    [
        "http://localhost:9",
        "http://LOCALHOST:9",
        "http://api.localhost:9",
        "http://API.LocalHost",
        "http://127.0.0.2",
    ],
)
def test_plain_http_to_this_machine_needs_no_permission(base_url):
    assert leegality.AuthenticatedClient(CREDENTIAL, base_url=base_url).base_url == base_url


@pytest.mark.parametrize(
    "base_url", ["http://localhost.example.com", "http://notlocalhost", "http://10.0.0.1"]
)
def test_plain_http_elsewhere_needs_permission(base_url):
    assert "allow_insecure_http=True" in refusal(ValueError, base_url=base_url)
    with_permission = leegality.AuthenticatedClient(CREDENTIAL, base_url=base_url, allow_insecure_http=True)
    assert with_permission.base_url == base_url


def test_https_needs_no_permission_and_the_trailing_slashes_go():
    api = leegality.AuthenticatedClient(CREDENTIAL, base_url="https://api.example.com/v1//")
    assert api.base_url == "https://api.example.com/v1"
    assert repr(api) == (
        "AuthenticatedClient(base_url='https://api.example.com/v1', "
        "credential=Credential(header='X-Auth-Token', value='***'))"
    )
    assert (
        lister("https://api.example.com/v1/XX/").base_url == "https://api.example.com/v1/XX"
    )  # slashes only


# --- headers, client options, timeouts, sizes


NAMES = "headers names must be printable ASCII without spaces or colons: "
VALUES = "must be printable ASCII: it has a control or non-ASCII character"


@pytest.mark.parametrize(
    ("headers", "error", "message"),
    [
        ({7: "a"}, TypeError, "headers 7 must have a string name and value, not str"),
        ({"X-Team": 7}, TypeError, "headers 'X-Team' must have a string name and value, not int"),
        ({"": "a"}, ValueError, f"{NAMES}''"),
        ({"X Team": "a"}, ValueError, f"{NAMES}'X Team'"),
        ({"X:Team": "a"}, ValueError, f"{NAMES}'X:Team'"),
        ({"X-Équipe": "a"}, ValueError, f"{NAMES}'X-Équipe'"),
        ({"X-Team": "a\r\nb"}, ValueError, f"headers X-Team {VALUES}"),
    ],
)
def test_careless_headers_are_refused_in_these_words(headers, error, message):
    assert refusal(error, headers=headers) == message


def test_good_headers_are_kept():
    headers = {"X-Team": "a b:c", "X-Other": ""}
    assert leegality.AuthenticatedClient(CREDENTIAL, headers=headers).headers == headers


def test_a_careless_client_option_is_refused_in_these_words():
    with pytest.raises(ValueError, match="org_id") as raised:
        slashid.AuthenticatedClient(CREDENTIAL, org_id="équipe")
    assert str(raised.value) == f"the client option org_id {VALUES}"


SECONDS = "must be a finite number of seconds > 0, not"


@pytest.mark.parametrize(
    ("timeout", "error", "message"),
    [
        (None, TypeError, "timeout must be a number of seconds or an httpx.Timeout, not None"),
        ("5", TypeError, "timeout must be a number of seconds, not str"),
        (0, ValueError, f"timeout {SECONDS} 0"),
        (httpx.Timeout(5.0, read=-1.0), ValueError, f"timeout (read) {SECONDS} -1.0"),
    ],
)
def test_a_careless_timeout_is_refused_in_these_words(timeout, error, message):
    assert refusal(error, timeout=timeout) == message


@pytest.mark.parametrize(
    ("size", "error", "message"),
    [
        (True, TypeError, "max_response_bytes must be a whole number of bytes, not bool"),
        (1.5, TypeError, "max_response_bytes must be a whole number of bytes, not float"),
        ("10", TypeError, "max_response_bytes must be a whole number of bytes, not str"),
        (0, ValueError, "max_response_bytes must be at least 1, not 0"),
        (-5, ValueError, "max_response_bytes must be at least 1, not -5"),
    ],
)
def test_a_careless_size_cap_is_refused_in_these_words(size, error, message):
    assert refusal(error, max_response_bytes=size) == message


def test_a_size_cap_of_one_byte_is_allowed():
    assert leegality.AuthenticatedClient(CREDENTIAL, max_response_bytes=1).max_response_bytes == 1


def test_a_careless_deadline_of_a_call_is_refused_in_these_words():
    api = leegality.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError, match="deadline") as raised:
        leegality.list_oauth2_clients.sync(client=api, deadline=-1)
    assert str(raised.value) == f"deadline {SECONDS} -1"


# --- a caller's own httpx clients


def test_the_options_for_the_client_built_here_are_allowed_next_to_the_callers_other_client():
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    own, own_async = httpx.Client(), httpx.AsyncClient()
    hooks = {"request": [print]}
    # transport= and event_hooks= configure the sync client built here, next to your async one
    leegality.AuthenticatedClient(
        CREDENTIAL, async_http_client=own_async, transport=transport, event_hooks=hooks
    )
    # async_transport= and event_hooks= configure the async client built here, next to your sync one
    leegality.AuthenticatedClient(CREDENTIAL, http_client=own, async_transport=transport, event_hooks=hooks)
    # the defaults, passed as they are, change nothing
    leegality.AuthenticatedClient(CREDENTIAL, http_client=own, timeout=DEFAULT_TIMEOUT, verify=True)


# --- the routes of the environment's proxy variables

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class ProxyHandler(BaseHTTPRequestHandler):
    """A proxy of ours: records what it is asked for; answers a listing, or 403 to a CONNECT."""

    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        body = b'{"data": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """A proxy's address and what it was asked for; the proxy variables cleared."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    seen: list[str] = []
    handler = type("Handler", (ProxyHandler,), {"seen": seen})
    with serving(handler) as url:
        yield url, seen


async def outcome(base_url: str, kind: str = "sync") -> str:
    """`proxy` when the call got the proxy's answer, else the kind of its connection error."""
    api = leegality.AuthenticatedClient(CREDENTIAL, base_url=base_url, allow_insecure_http=True, retry=None)
    try:
        async with api:
            if kind == "sync":
                leegality.list_oauth2_clients.sync(client=api)
            else:
                await leegality.list_oauth2_clients.asyncio(client=api)
    except APIConnectionError as error:
        return error.problem
    return "proxy"


DIRECT = "connection failed (ConnectError)"  # nothing listens on port 9, no name ending in .invalid resolves


@pytest.mark.parametrize("kind", ["sync", "asyncio"])
@pytest.mark.parametrize(
    "case",
    [
        ({"HTTP_PROXY": "{proxy}"}, "http://api.example.invalid", "proxy"),
        ({"HTTP_PROXY": "{address}"}, "http://api.example.invalid", "proxy"),  # no scheme: http://
        ({"ALL_PROXY": "{proxy}"}, "http://api.example.invalid", "proxy"),
        ({"HTTPS_PROXY": "{proxy}"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTPS_PROXY": "{proxy}"}, "https://api.example.invalid", "connection failed (ProxyError)"),
        ({"HTTP_PROXY": "{proxy}"}, "http://xxxx:9", "proxy"),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "*"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "*,no:port"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "example.invalid"}, "http://example.invalid", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "example.invalid"}, "http://api.example.invalid", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "example.invalid"}, "http://other.invalid", "proxy"),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "other.invalid,127.0.0.1"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "other.invalid, 127.0.0.1 ,"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "127.0.0.1"}, "http://api.127.0.0.1:9", "proxy"),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "127.0.0.1/32"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "127.0.0.1/32"}, "http://api.127.0.0.1:9", "proxy"),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "::1"}, "http://[::1]:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "::1"}, "http://127.0.0.1:9", "proxy"),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "localhost"}, "http://localhost:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "LocalHost"}, "http://api.localhost:9", "proxy"),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "http://127.0.0.1"}, "http://127.0.0.1:9", DIRECT),
        ({"HTTP_PROXY": "{proxy}", "NO_PROXY": "http://127.0.0.1"}, "http://localhost:9", "proxy"),
    ],
)  # fmt: skip
async def test_the_proxy_variables_route_as_httpx_would(proxy, monkeypatch, case, kind):
    variables, base_url, expected = case
    url, seen = proxy
    for name, value in variables.items():
        monkeypatch.setenv(name, value.format(proxy=url, address=url.removeprefix("http://")))
    assert await outcome(base_url, kind) == expected
    if expected == "proxy":
        assert seen == [f"GET {base_url}/api/v1/oauth2-clients"]
    elif "ProxyError" in expected:
        assert seen == ["CONNECT api.example.invalid:443"]
    else:
        assert seen == []


# --- what each kind of failure becomes

FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.001, jitter=0.0)


def lister(url: str, **options: Any) -> leegality.AuthenticatedClient:
    return leegality.AuthenticatedClient(CREDENTIAL, base_url=url, **options)


def rotator(url: str, **options: Any) -> slashid.AuthenticatedClient:
    return slashid.AuthenticatedClient(CREDENTIAL, base_url=url, org_id="org", **options)


async def list_clients(api: leegality.AuthenticatedClient, kind: str, **options: Any) -> Any:
    """A listing (safe to repeat); `api` closed afterwards."""
    async with api:
        if kind == "sync":
            return leegality.list_oauth2_clients.sync_detailed(client=api, **options)
        return await leegality.list_oauth2_clients.asyncio_detailed(client=api, **options)


async def rotate(api: slashid.AuthenticatedClient, kind: str, **options: Any) -> Any:
    """A secret rotation (not safe to repeat); `api` closed afterwards."""
    async with api:
        if kind == "sync":
            return slashid.rotate_oauth2_client_secret.sync_detailed("cid", client=api, **options)
        return await slashid.rotate_oauth2_client_secret.asyncio_detailed("cid", client=api, **options)


KINDS = ["sync", "asyncio"]


@pytest.mark.parametrize("kind", KINDS)
async def test_a_connection_that_breaks_every_time_is_retried_then_reported(kind):
    with fault_server(Reset(), Reset(), Reset()) as server:
        with pytest.raises(APIConnectionError) as raised:
            await list_clients(lister(server.url, retry=FAST_RETRY), kind)
    error = raised.value
    assert type(error) is APIConnectionError
    assert str(error) == f"{LIST}: connection failed (ReadError) (after 3 attempts)"
    assert (error.operation, error.problem, error.attempts) == (LIST, "connection failed (ReadError)", 3)
    assert str(error.request) == f"GET {server.url}/api/v1/oauth2-clients"


@pytest.mark.parametrize("kind", KINDS)
async def test_a_connection_that_breaks_after_a_rotation_was_sent_is_an_unknown_outcome(kind):
    with fault_server(Reset(), Reset()) as server:
        with pytest.raises(OutcomeUnknownError) as raised:
            await rotate(rotator(server.url, retry=FAST_RETRY), kind)
    error = raised.value
    assert str(error) == f"{ROTATE}: connection failed (ReadError){NOT_SAFE}"
    assert (error.operation, error.attempts, error.timed_out) == (ROTATE, 1, False)
    assert str(error.request) == f"PUT {server.url}/oauth2/clients/cid/secret"
    assert server.count == 1


@pytest.mark.parametrize("kind", KINDS)
async def test_a_rotation_refused_before_sending_is_a_plain_connection_error(kind):
    with pytest.raises(APIConnectionError) as raised:
        await rotate(rotator("http://127.0.0.1:9", retry=None), kind)
    error = raised.value
    assert type(error) is APIConnectionError
    assert str(error) == f"{ROTATE}: connection failed (ConnectError)"
    assert str(error.request) == "PUT http://127.0.0.1:9/oauth2/clients/cid/secret"


@pytest.mark.parametrize("kind", KINDS)
async def test_a_timeout_is_reported_as_one(kind):
    with fault_server(Hang(), Hang(), Hang()) as server:
        with pytest.raises(APITimeoutError) as raised:
            await list_clients(lister(server.url, retry=FAST_RETRY), kind, timeout=0.1)
    error = raised.value
    assert str(error) == f"{LIST}: timed out (ReadTimeout) (after 3 attempts)"
    assert (error.operation, error.attempts) == (LIST, 3)
    assert str(error.request) == f"GET {server.url}/api/v1/oauth2-clients"


@pytest.mark.parametrize("kind", KINDS)
async def test_a_timeout_after_a_rotation_was_sent_is_an_unknown_outcome(kind):
    with fault_server(Hang()) as server:
        with pytest.raises(OutcomeUnknownError) as raised:
            await rotate(rotator(server.url), kind, timeout=0.2)
    error = raised.value
    assert str(error) == f"{ROTATE}: timed out (ReadTimeout){NOT_SAFE}"
    assert (error.operation, error.attempts, error.timed_out) == (ROTATE, 1, True)
    assert str(error.request) == f"PUT {server.url}/oauth2/clients/cid/secret"


@pytest.mark.parametrize(
    ("kind", "passed"),
    [
        ("sync", "the call took longer than its deadline (deadline=0.5 s) (ReadTimeout)"),  # a read cut short
        ("asyncio", "the call took longer than its deadline (deadline=0.5 s)"),  # the call cancelled
    ],
    ids=KINDS,
)
async def test_the_deadline_names_itself_the_attempts_and_the_request(kind, passed):
    with fault_server(Respond(503), Hang(), Hang()) as server:
        with pytest.raises(APITimeoutError) as raised:
            await list_clients(lister(server.url, retry=FAST_RETRY, timeout=10.0), kind, deadline=0.5)
        with pytest.raises(OutcomeUnknownError) as unknown:
            await rotate(rotator(server.url, retry=FAST_RETRY, timeout=10.0), kind, deadline=0.5)
    error = raised.value
    assert type(error) is APITimeoutError
    assert str(error) == f"{LIST}: {passed} (after 2 attempts)"
    assert (error.operation, error.attempts) == (LIST, 2)
    assert str(error.request) == f"GET {server.url}/api/v1/oauth2-clients"
    assert str(unknown.value) == f"{ROTATE}: {passed}{NOT_SAFE}"
    assert (unknown.value.operation, unknown.value.attempts, unknown.value.timed_out) == (ROTATE, 1, True)
    assert str(unknown.value.request) == f"PUT {server.url}/oauth2/clients/cid/secret"


@pytest.mark.parametrize("kind", KINDS)
async def test_a_redirect_loop_is_too_many_redirects(kind):
    loop = Respond(302, {}, {"Location": "/again"})
    with fault_server(*[loop] * 20, Respond(503), loop) as server:
        with pytest.raises(APIConnectionError) as raised:
            await list_clients(lister(server.url, follow_redirects=True, retry=FAST_RETRY), kind)
    error = raised.value
    assert type(error) is APIConnectionError
    assert (
        str(error) == f"{LIST}: too many redirects (TooManyRedirects) (after 2 attempts)"
    )  # of its last hop
    assert str(error.request) == f"GET {server.url}/again"


def failing_hook(error: type[httpx.RequestError]) -> Any:
    def hook(request: httpx.Request) -> None:
        raise error("raised by a hook of the caller's")

    return hook


@pytest.mark.parametrize("kind", KINDS)
async def test_a_request_error_without_a_request_counts_one_attempt(kind):
    """An event hook of the caller's raises an httpx error that no request was attached to."""
    with fault_server() as server:
        refused = lister(server.url, event_hooks={"request": [failing_hook(httpx.ConnectError)]})
        with pytest.raises(APIConnectionError) as raised:
            await list_clients(refused, kind)
        broken = rotator(server.url, event_hooks={"request": [failing_hook(httpx.ReadError)]})
        with pytest.raises(OutcomeUnknownError) as unknown:
            await rotate(broken, kind)
    assert str(raised.value) == f"{LIST}: connection failed (ConnectError)"
    assert (raised.value.attempts, raised.value.request) == (1, None)
    assert str(unknown.value) == f"{ROTATE}: connection failed (ReadError){NOT_SAFE}"
    assert (unknown.value.attempts, unknown.value.request, unknown.value.timed_out) == (1, None, False)
    assert server.count == 0


def test_a_credential_echoed_into_a_broken_response_is_masked_in_the_chained_error():
    def broken(request: Received) -> bytes:
        echoed = request.headers["x-auth-token"].encode()
        return b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nBad header " + echoed + b"\r\n\r\n{}"

    with fault_server(Raw(broken)) as server, lister(server.url, retry=None) as api:
        with pytest.raises(APIConnectionError) as raised:
            leegality.list_oauth2_clients.sync(client=api)
    assert str(raised.value) == f"{LIST}: connection failed (RemoteProtocolError)"
    shown = "".join(traceback.format_exception(raised.value))
    assert "illegal header line" in shown
    assert CREDENTIAL not in shown


@pytest.mark.parametrize("kind", KINDS)
async def test_a_body_over_the_cap_is_too_large(kind):
    with fault_server(Respond(200, b"x" * 100, {"X-Request-Id": "req-7"})) as server:
        with pytest.raises(ResponseTooLargeError) as raised:
            await list_clients(lister(server.url, max_response_bytes=10), kind)
    error = raised.value
    too_long = "the decoded body is longer than max_response_bytes=10"
    assert str(error) == f"{LIST}: HTTP 200: {too_long}; body: xxxxxxxxxx"
    assert (error.operation, error.status_code, error.body, error.attempts) == (LIST, 200, b"x" * 10, 1)
    assert error.headers["x-request-id"] == "req-7"
    assert str(error.request) == f"GET {server.url}/api/v1/oauth2-clients"


@pytest.mark.parametrize("kind", KINDS)
async def test_a_small_bomb_is_inflated_within_the_cap_never_whole(kind):
    """16 MiB of zeros, gzipped to 16 KiB: streamed to our bounded reader, never read whole."""
    bomb = gzip.compress(bytes(16 * 2**20), compresslevel=9)
    with fault_server(Respond(200, bomb, {"Content-Encoding": "gzip"})) as server:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError) as raised:
                await list_clients(lister(server.url, max_response_bytes=2**20), kind)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 8 * 2**20, peak
    assert raised.value.problem == f"the decoded body is longer than max_response_bytes={2**20}"


@pytest.mark.parametrize("kind", KINDS)
async def test_a_body_that_does_not_inflate_is_a_decode_error(kind):
    garbage = Respond(503, b"not gzip at all", {"Content-Encoding": "gzip"})
    undecodable = Respond(200, b"not gzip either", {"Content-Encoding": "gzip"})
    with fault_server(garbage, garbage, undecodable) as server:
        with pytest.raises(ResponseDecodeError) as raised:
            await rotate(rotator(server.url), kind)
        with pytest.raises(ResponseDecodeError) as retried:
            await list_clients(lister(server.url, retry=FAST_RETRY), kind)
    error = raised.value
    assert error.problem.startswith("the body is not valid gzip (")
    assert str(error) == f"{ROTATE}: HTTP 503: {error.problem}; body: "
    assert (error.operation, error.status_code, error.body, error.attempts) == (ROTATE, 503, b"", 1)
    assert error.headers["content-encoding"] == "gzip"
    assert str(error.request) == f"PUT {server.url}/oauth2/clients/cid/secret"
    assert (retried.value.operation, retried.value.status_code) == (LIST, 200)
    assert retried.value.attempts == 2  # after the 503


@pytest.mark.parametrize("kind", KINDS)
async def test_a_response_records_how_long_the_call_took(kind):
    with fault_server(Respond(200, LISTING)) as server:
        response = await list_clients(lister(server.url), kind)
    assert timedelta(0) < response.elapsed < timedelta(seconds=60)


# --- TLS verification of async calls (sync ones: tests/test_tls.py)


def https_server(unsigned_certificate: Any) -> Any:
    return fault_server(Respond(200, LISTING), tls=unsigned_certificate.server_context)


async def test_an_async_call_refuses_an_unverifiable_certificate_by_default(unsigned_certificate):
    with https_server(unsigned_certificate) as server:
        with pytest.raises(APIConnectionError) as raised:
            await list_clients(lister(server.url, retry=None), "asyncio")
    assert str(raised.value) == f"{LIST}: connection failed (ConnectError)"
    assert server.count == 0  # the request never got past the handshake


async def test_an_async_call_verifies_as_told(unsigned_certificate):
    trusted = ssl.create_default_context(cafile=str(unsigned_certificate.certificate))
    with https_server(unsigned_certificate) as server:
        unverified = await list_clients(lister(server.url, verify=False), "asyncio")
    with https_server(unsigned_certificate) as server:
        verified = await list_clients(lister(server.url, verify=trusted), "asyncio")
    assert unverified.parsed.to_dict() == verified.parsed.to_dict() == LISTING


# --- the async pools of several event loops


async def pool_of(api: ApiClient) -> httpx.AsyncClient:
    return api.get_async_httpx_client()


async def listed(api: leegality.AuthenticatedClient) -> dict[str, Any]:
    return (await leegality.list_oauth2_clients.asyncio(client=api)).to_dict()


def test_the_pool_of_a_live_event_loop_is_kept_while_others_get_their_own():
    api = lister("http://127.0.0.1:9")
    loop = asyncio.new_event_loop()
    try:
        first = loop.run_until_complete(pool_of(api))
        outside = api.get_async_httpx_client()  # no event loop runs here
        other = asyncio.run(pool_of(api))
        assert len({id(first), id(outside), id(other)}) == 3
        assert loop.run_until_complete(pool_of(api)) is first
        assert api.get_async_httpx_client() is outside
        loop.run_until_complete(api.aclose())
        assert first.is_closed
    finally:
        loop.close()


def test_a_live_loops_pool_still_serves_after_another_loop_came_and_went(caplog):
    """And aclose() leaves nothing for the loop to do: a loop closed right after drops no task."""
    with fault_server(*[Respond(200, LISTING)] * 3) as server:
        api = lister(server.url)
        loop = asyncio.new_event_loop()
        try:
            assert loop.run_until_complete(listed(api)) == LISTING
            assert asyncio.run(listed(api)) == LISTING  # another loop: a pool of its own, closed with it
            assert loop.run_until_complete(listed(api)) == LISTING
            loop.run_until_complete(api.aclose())
        finally:
            loop.close()
        gc.collect()
    assert server.count == 3
    assert [record.getMessage() for record in caplog.records if record.name == "asyncio"] == []


def test_a_callers_async_client_may_serve_another_loop_while_the_first_one_lives():
    http = httpx.AsyncClient()
    api = lister("http://127.0.0.1:9", async_http_client=http)
    loop = asyncio.new_event_loop()
    try:
        assert api.get_async_httpx_client() is http  # outside any loop
        assert loop.run_until_complete(pool_of(api)) is http
        assert asyncio.run(pool_of(api)) is http
        assert loop.run_until_complete(pool_of(api)) is http
        loop.run_until_complete(http.aclose())
    finally:
        loop.close()
    with pytest.raises(ClientClosedError, match="used in an event loop that has closed"):
        asyncio.run(pool_of(api))


# --- the client's own settings


def test_a_careless_deadline_of_the_client_is_refused_in_these_words():
    assert refusal(ValueError, deadline=0) == f"deadline {SECONDS} 0"
    assert refusal(TypeError, deadline="5") == "deadline must be a number of seconds, not str"


async def test_the_transports_given_carry_the_calls_of_their_kind():
    def answer(name: str) -> httpx.MockTransport:
        return httpx.MockTransport(lambda request: httpx.Response(200, json={"data": [], "by": name}))

    api = lister("https://api.example.com", transport=answer("sync"), async_transport=answer("async"))
    assert api.is_closed is False
    async with api:
        sync = leegality.list_oauth2_clients.sync_detailed(client=api)
        asynchronous = await leegality.list_oauth2_clients.asyncio_detailed(client=api)
    assert api.is_closed is True
    assert (sync.content, asynchronous.content) == (b'{"data":[],"by":"sync"}', b'{"data":[],"by":"async"}')


# --- what one call sends and refuses


def test_what_a_call_cannot_send_is_refused_in_these_words():
    api = rotator("http://127.0.0.1:9")
    with pytest.raises(ValueError, match="header parameter") as parameter:
        slashid.list_oauth2_clients.sync(client=api, org_id="équipe")
    with pytest.raises(ValueError, match="extra_headers") as extra:
        slashid.list_oauth2_clients.sync(client=api, extra_headers={"X-Team": "équipe"})
    with pytest.raises(TypeError, match="timeout") as timeout:
        slashid.list_oauth2_clients.sync(client=api, timeout=None)  # type: ignore[arg-type]
    assert str(parameter.value) == f"{LIST}: the header parameter SlashID-OrgID {VALUES}"
    assert str(extra.value) == f"extra_headers X-Team {VALUES}"
    assert str(timeout.value) == "timeout must be a number of seconds or an httpx.Timeout, not None"


def test_a_client_option_given_as_none_is_not_given():
    assert slashid.AuthenticatedClient(CREDENTIAL, org_id=None).parameters == {}
    assert slashid.AuthenticatedClient(CREDENTIAL, org_id="org").parameters == {"org_id": "org"}


@pytest.mark.parametrize("kind", KINDS)
async def test_extra_headers_override_a_header_parameter(kind):
    with fault_server(Respond(200, LISTING)) as server:
        api = rotator(server.url)
        async with api:
            if kind == "sync":
                slashid.list_oauth2_clients.sync(client=api, extra_headers={"SlashID-OrgID": "other"})
            else:
                await slashid.list_oauth2_clients.asyncio(
                    client=api, extra_headers={"SlashID-OrgID": "other"}
                )
    assert server.requests[0].headers["slashid-orgid"] == "other"


@pytest.mark.parametrize("kind", KINDS)
async def test_the_headers_sent_are_these_spelled_as_usual(kind):
    """The names as they go on the wire (HTTP does not care; logs and captures show them), and no
    other header than httpx's and ours."""
    seen: list[list[bytes]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append([name for name, _ in request.headers.raw])
        return httpx.Response(200, json=LISTING)

    transport = httpx.MockTransport(answer)
    await list_clients(
        lister("https://api.example.com", transport=transport, async_transport=transport), kind
    )
    (names,) = seen
    assert sorted(names) == [
        b"Accept",
        b"Accept-Encoding",
        b"Connection",
        b"Host",
        b"User-Agent",
        b"X-Auth-Token",
    ]


def test_a_callers_async_client_stays_open_when_its_event_loop_ends():
    with fault_server(Respond(200, LISTING)) as server:
        http = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))  # no connection kept
        api = lister(server.url, async_http_client=http)
        assert asyncio.run(listed(api)) == LISTING
        assert not http.is_closed
        asyncio.run(http.aclose())


def test_a_live_credential_is_masked_in_the_logs_of_httpx(caplog):
    caplog.set_level(logging.INFO, logger="httpx")
    credential = Credential("X-Api-Key", "", "Zq7vLw2pXk9tRb4mHs3n")  # shares no 8 characters with another
    logging.getLogger("httpx").info("GET https://api.example.com/?key=%s", credential.reveal())
    assert [record.getMessage() for record in caplog.records] == ["GET https://api.example.com/?key=***"]


@pytest.mark.parametrize("kind", KINDS)
async def test_the_clients_timeout_bounds_each_read(kind):
    with fault_server(Hang()) as server:
        with pytest.raises(APITimeoutError) as raised:
            await list_clients(lister(server.url, retry=None, timeout=0.2), kind, deadline=10.0)
    assert str(raised.value) == f"{LIST}: timed out (ReadTimeout)"


@pytest.mark.parametrize("kind", KINDS)
async def test_every_request_asks_for_the_codings_we_inflate_and_names_us(kind):
    with fault_server(Respond(200, LISTING)) as server:
        await list_clients(lister(server.url), kind)
    (request,) = server.requests
    assert request.headers["accept-encoding"] == "gzip, deflate"
    assert request.headers["user-agent"] == user_agent("leegality")
    assert "(leegality)" in request.headers["user-agent"]
    assert request.headers["x-auth-token"] == CREDENTIAL


@pytest.mark.parametrize("kind", KINDS)
async def test_a_base_url_set_on_the_httpx_client_later_applies_without_the_credential(kind):
    """Like its headers or timeout; the credential still goes to the origin of our base_url only."""
    with fault_server() as ours, fault_server(Respond(200, LISTING)) as elsewhere:
        api = lister(ours.url)
        if kind == "sync":
            api.get_httpx_client().base_url = httpx.URL(elsewhere.url)
        else:
            api.get_async_httpx_client().base_url = httpx.URL(elsewhere.url)
        await list_clients(api, kind)
    assert ours.count == 0
    (request,) = elsewhere.requests
    assert request.path == "/api/v1/oauth2-clients"
    assert "x-auth-token" not in request.headers
