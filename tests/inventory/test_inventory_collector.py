"""collect() over real HTTP on 127.0.0.1: concurrency, failures kept apart, clients closed."""

from __future__ import annotations

import dataclasses
import time
from contextlib import ExitStack

import pytest
from support.inventory import (
    BODIES,
    ERROR_BODIES,
    LAUNCHDARKLY_LISTING,
    ORG_ID,
    after,
    all_sources,
    launchdarkly_without,
    provider_of,
    providers_server,
    silent_server,
)
from support.server import Reply
from support.specs import ROOT

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import (
    APITimeoutError,
    AuthenticationError,
    NotFoundError,
    ResponseDecodeError,
    ServerError,
)
from oauth_clients.inventory import (
    PROVIDER_NAMES,
    LaunchDarklySource,
    LeegalitySource,
    LoginRadiusSource,
    SlashIDSource,
    collect,
    from_launchdarkly,
    from_leegality,
    from_loginradius,
    from_slashid,
)
from oauth_clients.inventory.sources import SLASHID_LISTING
from tools.prism import prism


def status(code: str):
    """An answer with the provider's documented body for the status (any JSON where undocumented)."""

    def answer(request):
        provider = provider_of(request.path)
        return Reply(int(code), ERROR_BODIES.get((provider, code), {"message": f"HTTP {code}"}))

    return answer


FAILURES = {
    "500": (status("500"), ServerError),
    "401": (status("401"), AuthenticationError),
    "not JSON": (
        lambda request: Reply(200, b"<html>gateway</html>", {"Content-Type": "text/html"}),
        ResponseDecodeError,
    ),
}


def assert_closed(sources):
    assert all(source.client.is_closed for source in sources)


async def test_collects_every_provider():
    with providers_server() as server:
        sources = all_sources(server.url, client_ids=("ld-1", "ld-2"))
        result = await collect(sources)
    assert result.ok and result.failures == ()
    assert [r.provider for r in result.results] == list(PROVIDER_NAMES)
    counts = {r.provider: len(r.records) for r in result.results}
    assert counts == {"leegality": 3, "slashid": 1, "loginradius": 1, "launchdarkly": 2}
    assert [r.client_id for r in result.results[3].records] == ["ld-1", "ld-2"]
    assert len(result.records) == 7
    slashid_request = next(r for r in server.requests if r.path == "/oauth2/clients")
    assert slashid_request.headers["slashid-orgid"] == ORG_ID
    assert_closed(sources)


@pytest.mark.parametrize("failing", PROVIDER_NAMES)
@pytest.mark.parametrize("kind", FAILURES)
async def test_one_failing_provider_never_loses_the_others(failing, kind):
    answer, error_class = FAILURES[kind]
    with providers_server(**{failing: answer}) as server:
        sources = all_sources(server.url)
        result = await collect(sources)
    assert not result.ok
    (failure,) = result.failures
    assert failure.provider == failing and isinstance(failure.error, error_class)
    assert failure.client_id == ("ld-1" if failing == "launchdarkly" else None)
    assert str(failure).startswith(failing)
    for provider_result in result.results:
        assert provider_result.ok is (provider_result.provider != failing)
        assert bool(provider_result.records) is (provider_result.provider != failing)
    assert_closed(sources)


async def test_a_500_a_401_and_a_timeout_at_once_keep_the_fourth_providers_records():
    answers = {
        "leegality": FAILURES["500"][0],
        "slashid": FAILURES["401"][0],
    }
    with providers_server(**answers) as server, silent_server() as silent:
        sources = all_sources(server.url, timeout=0.3, urls={"loginradius": silent})
        result = await collect(sources)
    by_provider = {r.provider: r for r in result.results}
    assert isinstance(by_provider["leegality"].failures[0].error, ServerError)
    assert isinstance(by_provider["slashid"].failures[0].error, AuthenticationError)
    assert isinstance(by_provider["loginradius"].failures[0].error, APITimeoutError)
    assert by_provider["launchdarkly"].ok
    assert [r.client_id for r in result.records] == ["ld-1"]
    assert_closed(sources)


async def test_providers_are_fetched_concurrently():
    # Correctness of concurrency, not a benchmark: four providers (and three LaunchDarkly clients)
    # that each answer after 200 ms take about 200 ms together, not 4 x 200 ms.
    slow = after(0.2)
    with providers_server(leegality=slow, slashid=slow, loginradius=slow, launchdarkly=slow) as server:
        sources = all_sources(server.url, client_ids=("a", "b", "c"))
        started = time.perf_counter()
        result = await collect(sources)
        elapsed = time.perf_counter() - started
    assert result.ok and len(result.records) == 8
    assert elapsed < 0.6, f"took {elapsed:.2f} s"


async def test_launchdarkly_keeps_the_clients_that_answer_and_names_the_one_that_fails():
    with providers_server(launchdarkly=launchdarkly_without("missing")) as server:
        client = launchdarkly.AuthenticatedClient("token", base_url=server.url)
        source = LaunchDarklySource(client, client_ids=("a", "missing", "b", "a"))
        result = await collect([source])
    (provider_result,) = result.results
    assert [r.client_id for r in provider_result.records] == ["a", "b"]
    (failure,) = provider_result.failures
    assert failure.client_id == "missing" and isinstance(failure.error, NotFoundError)
    assert str(failure).startswith(
        "launchdarkly client 'missing': NotFoundError: get_oauth2_client: HTTP 404"
    )
    assert sorted(r.path for r in server.requests) == [
        "/api/v2/oauth/clients/a",
        "/api/v2/oauth/clients/b",
        "/api/v2/oauth/clients/missing",
    ]


async def test_launchdarkly_without_client_ids_lists_every_client_of_the_account():
    with providers_server() as server:
        client = launchdarkly.AuthenticatedClient("token", base_url=server.url)
        result = await collect([LaunchDarklySource(client)])
    (provider_result,) = result.results
    assert provider_result.ok and provider_result.incomplete is None
    expected = [
        from_launchdarkly(launchdarkly.OAuthClient.from_dict(i)) for i in LAUNCHDARKLY_LISTING["items"]
    ]
    assert len(expected) == 2
    assert [r.to_json_dict() for r in provider_result.records] == [r.to_json_dict() for r in expected]
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/api/v2/oauth/clients")]


@pytest.mark.parametrize("kind", ["500", "401", "not JSON"])
async def test_a_failing_launchdarkly_listing_is_one_failure_without_a_client_id(kind):
    answer, error_class = FAILURES[kind]
    with providers_server(launchdarkly=answer) as server:
        client = launchdarkly.AuthenticatedClient("token", base_url=server.url)
        result = await collect([LaunchDarklySource(client)])
    (failure,) = result.failures
    assert isinstance(failure.error, error_class) and failure.client_id is None
    assert result.records == ()


async def test_progress_reports_start_and_end_of_each_provider():
    events = []
    with providers_server() as server:
        result = await collect(all_sources(server.url), progress=events.append)
    for provider in PROVIDER_NAMES:
        mine = [event for event in events if event.provider == provider]
        assert [event.finished for event in mine] == [False, True]
        assert mine[1].result in result.results
    assert len(events) == 8


async def test_a_bug_in_an_adapter_is_a_failure_of_its_provider_and_clients_are_still_closed(monkeypatch):
    def broken(model, *, account=None):
        raise RuntimeError("a bug in an adapter")

    listing = dataclasses.replace(SLASHID_LISTING, adapt=broken)
    monkeypatch.setattr("oauth_clients.inventory.sources.SLASHID_LISTING", listing)
    with providers_server() as server:
        sources = all_sources(server.url)
        result = await collect(sources)
    (failure,) = result.failures
    assert failure.provider == "slashid" and not failure.expected
    assert str(failure) == "slashid: unexpected RuntimeError: a bug in an adapter"
    assert len(result.records) == 5
    assert_closed(sources)


async def test_a_client_shared_by_two_sources_is_closed_once_after_both():
    with providers_server() as server:
        client = slashid.AuthenticatedClient("token", base_url=server.url)
        result = await collect([SlashIDSource(client, org_id="one"), SlashIDSource(client, org_id="two")])
    assert result.ok and len(result.records) == 2
    assert sorted(r.headers["slashid-orgid"] for r in server.requests) == ["one", "two"]


@pytest.fixture(scope="module")
def prism_urls():
    with ExitStack() as stack:
        yield {p: stack.enter_context(prism(ROOT / "specs" / f"{p}.yaml")) for p in PROVIDER_NAMES}


async def test_collect_against_prism_serving_the_four_specs(prism_urls):
    ld_id = "50666563-9144-4125-b822-33f308227e45"
    sources = [
        LeegalitySource(leegality.AuthenticatedClient("t", base_url=prism_urls["leegality"])),
        SlashIDSource(slashid.AuthenticatedClient("t", base_url=prism_urls["slashid"]), org_id=ORG_ID),
        LoginRadiusSource(loginradius.AuthenticatedClient("t", base_url=prism_urls["loginradius"])),
        LaunchDarklySource(
            launchdarkly.AuthenticatedClient("t", base_url=prism_urls["launchdarkly"]), client_ids=(ld_id,)
        ),
        LaunchDarklySource(launchdarkly.AuthenticatedClient("t", base_url=prism_urls["launchdarkly"])),
    ]
    result = await collect(sources)
    assert result.ok, [str(f) for f in result.failures]
    expected = [
        *(from_leegality(leegality.OAuth2ClientVO.from_dict(i)) for i in BODIES["leegality"]["data"]),
        *(from_slashid(slashid.OAuth2Client.from_dict(i)) for i in BODIES["slashid"]["result"]),
        *(from_loginradius(loginradius.OAuthClient.from_dict(i)) for i in BODIES["loginradius"]["Data"]),
        from_launchdarkly(launchdarkly.OAuthClient.from_dict(BODIES["launchdarkly"])),
        *(from_launchdarkly(launchdarkly.OAuthClient.from_dict(i)) for i in LAUNCHDARKLY_LISTING["items"]),
    ]
    assert [r.to_json_dict() for r in result.records] == [r.to_json_dict() for r in expected]
