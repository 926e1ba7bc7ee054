"""Careless arguments are refused when the client is built (or before a request is sent), with a
TypeError/ValueError that names the argument and never shows the credential."""

from __future__ import annotations

import math

import httpx
import pytest
from hostile_support import PROVIDERS, SENTINEL
from support.calls import provider_module
from support.faults import fault_server

from oauth_clients import leegality, slashid

CREDENTIAL = "CONSTRUCTION-SENTINEL-4b7e"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("credential", "error", "problem"),
    [
        ("", ValueError, "empty"),
        (f" {CREDENTIAL}", ValueError, "whitespace"),
        (f"{CREDENTIAL}\n", ValueError, "printable ASCII"),
        (f"{CREDENTIAL}\r\nX-Injected: 1", ValueError, "printable ASCII"),
        (f"{CREDENTIAL}\x00", ValueError, "printable ASCII"),
        (f"{CREDENTIAL}é", ValueError, "printable ASCII"),
        (f"{CREDENTIAL}\u2028", ValueError, "printable ASCII"),
        (12345, TypeError, "string"),
        (None, TypeError, "string"),
    ],
)  # fmt: skip
def test_a_careless_credential_is_refused_without_being_shown(provider, credential, error, problem):
    with pytest.raises(error, match=problem) as raised:
        provider_module(provider).AuthenticatedClient(credential)
    assert "credential" in str(raised.value)
    assert CREDENTIAL not in f"{raised.value} {raised.value!r} {raised.value.args}"


@pytest.mark.parametrize(
    ("timeout", "error"),
    [
        (None, TypeError), (0, ValueError), (-1, ValueError), (math.inf, ValueError), (math.nan, ValueError),
        ("5", TypeError), (True, TypeError),
        (httpx.Timeout(None), TypeError), (httpx.Timeout(5.0, read=None), TypeError),
        (httpx.Timeout(-1.0), ValueError), (httpx.Timeout(math.inf), ValueError),
        (httpx.Timeout(5.0, connect=math.nan), ValueError), (httpx.Timeout(0.0), ValueError),
    ],
)  # fmt: skip
def test_a_timeout_must_be_finite_and_positive_in_every_part(timeout, error):
    with pytest.raises(error, match="timeout"):
        leegality.AuthenticatedClient("tok", timeout=timeout)


def test_good_timeouts_are_kept():
    assert leegality.AuthenticatedClient("tok", timeout=2.5).timeout == httpx.Timeout(2.5)
    mixed = httpx.Timeout(10.0, connect=1.0)
    assert leegality.AuthenticatedClient("tok", timeout=mixed).timeout is mixed


@pytest.mark.parametrize(
    ("headers", "error"),
    [({"X-Team": "équipe"}, ValueError), ({"X-Team": "a\r\nb"}, ValueError), ({"X-Team": 7}, TypeError),
     ({"X Team": "a"}, ValueError), ({"": "a"}, ValueError)],
)  # fmt: skip
def test_extra_headers_must_be_printable_ascii(headers, error):
    with pytest.raises(error, match="headers"):
        leegality.AuthenticatedClient("tok", headers=headers)


@pytest.mark.parametrize("value", ["équipe", "org\r\nX-Injected: 1", "org\x00"])
@pytest.mark.parametrize("asynchronous", [False, True])
async def test_a_header_parameter_is_checked_before_sending(value, asynchronous):
    with fault_server() as server:
        async with slashid.AuthenticatedClient(SENTINEL, base_url=server.url) as api:
            if asynchronous:
                with pytest.raises(ValueError, match="SlashID-OrgID") as raised:
                    await slashid.list_oauth2_clients.asyncio(client=api, org_id=value)
            else:
                with pytest.raises(ValueError, match="SlashID-OrgID") as raised:
                    slashid.list_oauth2_clients.sync(client=api, org_id=value)
    assert server.count == 0
    assert not isinstance(raised.value, UnicodeError) and "list_oauth2_clients" in str(raised.value)


@pytest.mark.parametrize("url", ["http://api.example.com", "http://10.0.0.1:8080", "http://[2001:db8::1]/v1"])
def test_plain_http_to_another_host_needs_allow_insecure_http(url):
    with pytest.raises(ValueError, match="allow_insecure_http=True"):
        leegality.AuthenticatedClient("tok", base_url=url)
    assert leegality.AuthenticatedClient(
        "tok", base_url=url, allow_insecure_http=True
    ).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://localhost:4010", "http://[::1]:9", "https://api.example.com"]
)
def test_loopback_and_https_need_nothing(url):
    assert leegality.AuthenticatedClient("tok", base_url=url).base_url == url


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.com", "example.com", "https://"])
def test_a_base_url_that_is_not_one_is_refused(url):
    with pytest.raises(ValueError, match="base_url"):
        leegality.AuthenticatedClient("tok", base_url=url)
