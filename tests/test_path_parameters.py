"""Path parameters stay inside their own path segment, whatever they hold (over real HTTP)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from support.server import Recorded, Reply, local_server

from oauth_clients import launchdarkly, slashid

LAUNCHDARKLY_BODY = {
    "_links": {},
    "name": "n",
    "_accountId": "a",
    "_clientId": "c",
    "redirectUri": "https://example.test/cb",
    "_creationDate": 1,
}

KEPT = {
    "slash": "a/b",
    "question-mark": "a?b=c",
    "hash": "a#b",
    "encoded-slash": "a%2Fb",
    "percent": "100%",
    "crlf": "a\r\nInjected: yes",
    "nul": "a\x00b",
    "non-ascii": "clé-名前",
    "space": "a b",
    "dots-inside": "a..b",
    "three-dots": "...",
}


def answer(request: Recorded) -> Reply:
    return Reply(200, LAUNCHDARKLY_BODY)


@pytest.mark.parametrize("value", KEPT.values(), ids=KEPT.keys())
def test_a_value_is_percent_encoded_into_its_own_segment(value):
    with local_server(answer) as server:
        with launchdarkly.AuthenticatedClient("path-test-credential-0123", base_url=server.url) as client:
            launchdarkly.get_oauth2_client.sync(value, client=client)
        (request,) = server.requests

    prefix = "/api/v2/oauth/clients/"
    assert request.path.startswith(prefix)
    segment = request.path.removeprefix(prefix)
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert segment.isascii() and " " not in segment
    assert unquote(segment) == value


@pytest.mark.parametrize("value", ["", ".", ".."], ids=["empty", "dot", "dot-dot"])
@pytest.mark.parametrize("function", ["sync", "sync_detailed"])
def test_a_value_that_would_leave_its_segment_is_refused_before_sending(value, function):
    with local_server(answer) as server:
        with launchdarkly.AuthenticatedClient("path-test-credential-0123", base_url=server.url) as client:
            with pytest.raises(ValueError, match=r"the path parameter client_id cannot be"):
                getattr(launchdarkly.get_oauth2_client, function)(value, client=client)
        assert server.requests == []


@pytest.mark.parametrize("value", ["", ".", ".."], ids=["empty", "dot", "dot-dot"])
async def test_async_calls_refuse_them_too(value):
    async with slashid.AuthenticatedClient("path-test-credential-0123", org_id="org") as client:
        with pytest.raises(ValueError, match=r"the path parameter oauth_client_id cannot be"):
            await slashid.get_oauth2_client.asyncio(value, client=client)
