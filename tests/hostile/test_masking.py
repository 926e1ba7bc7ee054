"""The client's credential never comes back out, however a hostile server echoes it.

Servers of ours on 127.0.0.1 send the credential they received back in many shapes (an HTML 401
page, a JSON message, nested JSON, JSON-escaped, percent-encoded, plain text on a 200, a body cut
mid-credential, XML); every way a user can look at the outcome is printed and logged, and no run of
8 characters of any spelling of the credential may appear in any of it.
"""

from __future__ import annotations

import html
import json
import logging
import traceback
from urllib.parse import quote, quote_plus

import pytest
from hostile_support import PROVIDERS, SENTINEL, arguments, auth_header, client, leaks, operation
from support.faults import Echo, Raw, Received, fault_server

from oauth_clients._runtime.redact import FRAGMENT_LENGTH, Redactor, body_excerpt
from oauth_clients.errors import APIConnectionError, APIError, OAuthClientsError


def _credential(request: Received, provider: str) -> str:
    value = request.headers[auth_header(provider)]
    return value.removeprefix("Bearer ")


SHAPES = {
    "html-401": (401, lambda v: f"<html><body><h1>Unauthorized</h1><p>Invalid key {v}</p></body></html>"),
    "html-escaped-401": (401, lambda v: f"<html><body><p>Invalid key {html.escape(v)}</p></body></html>"),
    "json-message-401": (401, lambda v: json.dumps({"message": f"Invalid API key {v}"})),
    "json-nested-500": (500, lambda v: json.dumps({"error": {"details": [{"reason": "bad", "got": v}]}})),
    "json-unescaped-slash-403": (403, lambda v: json.dumps({"detail": v}).replace("/", "\\/")),
    "percent-encoded-400": (400, lambda v: f"error=invalid_client&echo={quote(v, safe='')}"),
    "form-plus-400": (400, lambda v: f"error=invalid_client&echo={quote_plus(v, safe='')}"),
    "plain-text-200": (200, lambda v: v),
    "cut-at-the-excerpt-404": (404, lambda v: "x" * 190 + v),
    "cut-json-200": (200, lambda v: '{"message": "key ' + v[: len(v) // 2 + 4]),
    "xml-502": (502, lambda v: f"<error><code>7</code><detail>{v}</detail></error>"),
    "header-and-body-418": (418, lambda v: f"you sent: {v}\n{v}"),
}


def _look_at_everything(error: BaseException) -> None:
    print(str(error), repr(error), error.args)
    print("".join(traceback.format_exception(error)))
    if isinstance(error, APIError):
        print(error.body_excerpt, error.problem)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_echoed_credential_is_masked_everywhere(provider, shape, capsys, caplog):
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and ours, at their most talkative
    status, render = SHAPES[shape]
    echo = Echo(
        lambda request: render(_credential(request, provider)).encode(),
        status,
        echo_header="WWW-Authenticate",
    )
    op = operation(provider)
    with fault_server(*[echo] * 4) as server:
        api = client(provider, server.url, retry=None)
        for call in (op.sync_detailed, op.sync):
            try:
                print(repr(call(client=api, **arguments(provider))))
            except OAuthClientsError as error:
                _look_at_everything(error)
                raw = error
        for acall in (op.asyncio_detailed, op.asyncio):
            try:
                print(repr(await acall(client=api, **arguments(provider))))
            except OAuthClientsError as error:
                _look_at_everything(error)
        print(repr(api), str(api), api.credential)
        api.close()
        await api.aclose()
    assert server.count == 4
    captured = capsys.readouterr()
    for text in (captured.out, captured.err, caplog.text):
        assert leaks(text) == []
    assert isinstance(raw, APIError)
    assert raw.body.decode().startswith(render(SENTINEL)[:20])  # the raw body stays what was sent


def test_the_redactor_masks_every_spelling_and_fragment():
    mask = Redactor([SENTINEL])
    for shown in (
        SENTINEL,
        json.dumps(SENTINEL),
        html.escape(SENTINEL),
        quote(SENTINEL, safe=""),
        quote(SENTINEL, safe="").replace("%2F", "%2f"),
        quote_plus(SENTINEL, safe=""),
        f"...{SENTINEL[:FRAGMENT_LENGTH]}",
        f"{SENTINEL[-FRAGMENT_LENGTH:]}...",
        f"[{SENTINEL[5 : 5 + FRAGMENT_LENGTH + 3]}]",
    ):
        masked = mask(f"before {shown} after")
        assert leaks(masked) == [], masked
        assert masked.startswith("before ") and masked.endswith(" after") and "***" in masked


def test_a_shorter_fragment_and_other_text_are_left_alone():
    mask = Redactor([SENTINEL])
    assert mask("HTTP 401: documented error status") == "HTTP 401: documented error status"
    assert mask(f"x{SENTINEL[: FRAGMENT_LENGTH - 1]}x") == f"x{SENTINEL[: FRAGMENT_LENGTH - 1]}x"


def test_a_short_credential_is_masked_where_it_stands_alone_only():
    mask = Redactor(["tok"])
    assert mask('{"key": "tok"} tokens stay') == '{"key": "***"} tokens stay'


def test_an_excerpt_that_cuts_the_credential_masks_the_part_it_keeps():
    body = ("x" * 180 + SENTINEL).encode()
    excerpt = body_excerpt(body, redactor=Redactor([SENTINEL]))
    assert len(excerpt) <= 200 and leaks(excerpt) == []
    unmasked = body_excerpt(body)
    assert leaks(unmasked)  # the test would notice a redactor that did nothing


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_credential_echoed_into_a_broken_response_stays_out_of_the_traceback(provider, capsys):
    def broken(request: Received) -> bytes:
        echoed = _credential(request, provider).encode()
        return b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nBad header " + echoed + b"\r\n\r\n{}"

    op = operation(provider)
    with fault_server(Raw(broken), Raw(broken)) as server:
        async with client(provider, server.url, retry=None) as api:
            with pytest.raises(APIConnectionError) as raised:
                op.sync(client=api, **arguments(provider))
            with pytest.raises(APIConnectionError) as araised:
                await op.asyncio(client=api, **arguments(provider))
    for error in (raised.value, araised.value):
        assert "RemoteProtocolError" in str(error)
        shown = "".join(traceback.format_exception(error))
        assert "illegal header line" in shown and leaks(shown) == []
