"""collect() and a named account: its failures (expected or a bug) and its result carry the account, the
DEBUG line of a bug names the source, progress events name it at the start and the end; a result
keeps the listing's incompleteness and the time its fetch took."""

from __future__ import annotations

import copy
import logging

from support.inventory import BODIES, ERROR_BODIES, after, providers_server
from support.server import Reply

from oauth_clients import leegality, slashid
from oauth_clients.errors import AuthenticationError
from oauth_clients.inventory import IncompleteListing, LeegalitySource, SlashIDSource, collect


def sources(url: str) -> list:
    return [
        SlashIDSource(slashid.AuthenticatedClient("token", base_url=url), org_id="eu-org", account="eu"),
        LeegalitySource(leegality.AuthenticatedClient("token", base_url=url), account="main"),
    ]


async def test_an_expected_failure_is_labelled_with_its_account():
    def unauthorized(request):
        return Reply(401, ERROR_BODIES.get(("slashid", "401"), {"message": "HTTP 401"}))

    with providers_server(slashid=unauthorized) as server:
        result = await collect(sources(server.url))
    eu, main = result.results
    (failure,) = eu.failures
    assert isinstance(failure.error, AuthenticationError) and failure.expected
    assert (failure.provider, failure.account, eu.account, eu.label) == ("slashid", "eu", "eu", "slashid/eu")
    assert str(failure).startswith("slashid/eu: AuthenticationError: list_oauth2_clients: HTTP 401")
    assert (main.account, main.label, main.ok) == ("main", "leegality/main", True)
    assert [r.account for r in main.records] == ["main"] * 3


async def test_a_bug_is_labelled_with_its_account_and_logged_by_the_source(monkeypatch, caplog):
    raised = RuntimeError("a bug in a source")

    async def broken(self):
        raise raised

    monkeypatch.setattr(SlashIDSource, "fetch", broken)
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with providers_server() as server:
        result = await collect(sources(server.url))
    eu, main = result.results
    (failure,) = eu.failures
    assert failure.error is raised and not failure.expected
    assert (failure.provider, failure.account, eu.account) == ("slashid", "eu", "eu")
    assert str(failure) == "slashid/eu: unexpected RuntimeError: a bug in a source"
    assert main.ok
    (logged,) = [r for r in caplog.records if r.name == "oauth_clients" and r.exc_info]
    assert logged.levelno == logging.DEBUG and logged.exc_info[1] is raised
    assert logged.getMessage() == "slashid/eu: fetch raised"


async def test_progress_events_name_the_account_at_the_start_and_the_end():
    events = []
    with providers_server() as server:
        result = await collect(sources(server.url)[:1], progress=events.append)
    start, end = events
    assert (start.provider, start.account, start.label, start.result, start.finished) == (
        "slashid",
        "eu",
        "slashid/eu",
        None,
        False,
    )
    assert (end.provider, end.account, end.label, end.finished) == ("slashid", "eu", "slashid/eu", True)
    assert end.result is result.results[0]


async def test_a_result_keeps_the_listings_incompleteness():
    body = copy.deepcopy(BODIES["slashid"])
    body["meta"] = {"pagination": {"limit": 1, "offset": 0, "total_count": 5}}
    with providers_server(slashid=lambda request: Reply(200, body)) as server:
        result = await collect(sources(server.url))
    eu, main = result.results
    assert eu.incomplete == IncompleteListing(len(body["result"]), 5) and not eu.ok
    assert main.incomplete is None and main.ok
    assert result.incomplete == (eu,)


async def test_a_result_says_how_long_its_fetch_took():
    with providers_server(slashid=after(0.2)) as server:
        result = await collect(sources(server.url))
    eu, _ = result.results
    assert isinstance(eu.seconds, float)
    assert 0.2 <= eu.seconds < 30  # the answer came after 0.2 s; generous above
