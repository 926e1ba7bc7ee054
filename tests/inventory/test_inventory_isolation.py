"""One bad item is one lost item, one bad provider is one lost provider: listings read item by item,
anything a source raises kept to that source, and listings that say they are incomplete."""

from __future__ import annotations

import copy
import logging

import pytest
from support.inventory import (
    BODIES,
    LAUNCHDARKLY_LISTING,
    ORG_ID,
    all_sources,
    launchdarkly_adapter_failing_for,
    providers_server,
)
from support.server import Reply

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import ResponseDecodeError
from oauth_clients.inventory import (
    PROVIDER_NAMES,
    IncompleteListing,
    LeegalitySource,
    LoginRadiusSource,
    SlashIDSource,
    Source,
    collect,
    from_launchdarkly,
    from_leegality,
    from_loginradius,
    from_slashid,
)

ITEMS_KEY = {"leegality": "data", "slashid": "result", "loginradius": "Data", "launchdarkly": "items"}
ID_KEY = {
    "leegality": "clientId",
    "slashid": "client_id",
    "loginradius": "ClientId",
    "launchdarkly": "_clientId",
}
# A value of the wrong type, two levels down where the schema has an array of strings (LaunchDarkly,
# which has none: an object's string).
BAD_VALUE = {
    "leegality": ("state", ["ACTIVE"]),
    "slashid": ("grant_types", [5]),
    "loginradius": ("GrantTypes", [5]),
    "launchdarkly": ("_links", {"self": {"href": 5, "type": "application/json"}}),
}
BAD_PATH = {
    "leegality": "data[1].state",
    "slashid": "result[1].grant_types[0]",
    "loginradius": "Data[1].GrantTypes[0]",
    "launchdarkly": "items[1]._links.self.href",
}
ADAPT = {
    "leegality": lambda item: from_leegality(leegality.OAuth2ClientVO.from_dict(item)),
    "slashid": lambda item: from_slashid(slashid.OAuth2Client.from_dict(item)),
    "loginradius": lambda item: from_loginradius(loginradius.OAuthClient.from_dict(item)),
    "launchdarkly": lambda item: from_launchdarkly(launchdarkly.OAuthClient.from_dict(item)),
}
LISTED = list(ITEMS_KEY)


def good_item(provider: str, client_id: str) -> dict:
    if provider == "launchdarkly":  # BODIES holds one client, not a listing
        return {**copy.deepcopy(BODIES[provider]), ID_KEY[provider]: client_id}
    return {**copy.deepcopy(BODIES[provider][ITEMS_KEY[provider]][0]), ID_KEY[provider]: client_id}


def listing_source(url: str, provider: str) -> list[Source]:
    """The provider's source reading its listing (LaunchDarkly: without client IDs)."""
    return [s for s in all_sources(url, client_ids=None) if s.provider == provider]


def listing(provider: str, items: list, **envelope: object) -> dict:
    required = {"_links": LAUNCHDARKLY_LISTING["_links"]} if provider == "launchdarkly" else {}
    return {**required, **envelope, ITEMS_KEY[provider]: items}


def answering(body: object):
    return lambda request: Reply(200, body)


@pytest.mark.parametrize("provider", LISTED)
async def test_an_item_that_does_not_parse_is_one_failure_and_the_others_are_records(provider):
    key, value = BAD_VALUE[provider]
    bad = {**good_item(provider, "bad-one"), key: value}
    items = [good_item(provider, "first"), bad, good_item(provider, "third"), 42]
    with providers_server(**{provider: answering(listing(provider, items))}) as server:
        result = await collect(listing_source(server.url, provider))
    (provider_result,) = result.results
    assert not provider_result.ok and provider_result.incomplete is None
    expected = [ADAPT[provider](good_item(provider, i)) for i in ("first", "third")]
    assert [r.to_json_dict() for r in provider_result.records] == [r.to_json_dict() for r in expected]
    assert [r.model.to_dict() for r in provider_result.records] == [
        good_item(provider, i) for i in ("first", "third")
    ]  # the good items whole, not consumed by the failed parse of the listing
    first, second = provider_result.failures
    assert (first.provider, first.index, first.client_id) == (provider, 1, "bad-one")
    assert (second.index, second.client_id) == (3, None)  # 42: no client ID to read
    for failure in (first, second):
        assert isinstance(failure.error, ResponseDecodeError) and failure.expected
        assert failure.error.operation.startswith("list_")
    assert f": {BAD_PATH[provider]}: the item does not match the documented schema: expected " in str(
        first.error
    )
    assert f": {ITEMS_KEY[provider]}[3]: the item does not match the documented schema: " in str(second.error)
    assert (first.error.path, first.error.data) == (BAD_PATH[provider], bad)
    assert (second.error.path, second.error.data) == (f"{ITEMS_KEY[provider]}[3]", 42)
    assert str(first).startswith(f"{provider} item 1 client 'bad-one': ResponseDecodeError: ")
    assert str(second).startswith(f"{provider} item 3: ResponseDecodeError: ")


def list_clients(provider: str, url: str) -> object:
    """The provider's typed listing operation, sync."""
    if provider == "slashid":
        with slashid.AuthenticatedClient("token", base_url=url) as client:
            return slashid.list_oauth2_clients.sync(client=client, org_id=ORG_ID)
    if provider == "leegality":
        with leegality.AuthenticatedClient("token", base_url=url) as client:
            return leegality.list_oauth2_clients.sync(client=client)
    if provider == "launchdarkly":
        with launchdarkly.AuthenticatedClient("token", base_url=url) as client:
            return launchdarkly.list_oauth2_clients.sync(client=client)
    with loginradius.AuthenticatedClient("token", base_url=url) as client:
        return loginradius.list_oauth_clients.sync(client=client)


async def test_an_item_failure_masks_the_credential_that_the_listing_echoes():
    token = "sentinel-credential-5f4e3d2c1b"
    items = [good_item("slashid", "first"), {**good_item("slashid", "bad"), "grant_types": [5]}]
    body = {"echo": f"you sent {token}", "result": items, "token": token}
    with providers_server(slashid=answering(body)) as server:
        result = await collect([s for s in all_sources(server.url, token=token) if s.provider == "slashid"])
    (failure,) = result.failures
    assert failure.index == 1 and len(result.records) == 1
    assert (
        token not in str(failure) and token not in failure.error.body_excerpt and "you sent" in str(failure)
    )


@pytest.mark.parametrize("provider", LISTED)
def test_the_typed_operation_stays_strict(provider):
    key, value = BAD_VALUE[provider]
    items = [good_item(provider, "first"), {**good_item(provider, "bad"), key: value}]
    with providers_server(**{provider: answering(listing(provider, items))}) as server:
        with pytest.raises(ResponseDecodeError):
            list_clients(provider, server.url)


@pytest.mark.parametrize(
    "body",
    [
        {"meta": 5, "result": [{"client_id": "good"}, {"client_id": 7}]},  # the envelope is wrong too
        {"result": {"client_id": "good"}},  # no array of items
        [{"client_id": "good"}],  # no envelope
    ],
    ids=["bad envelope", "items not an array", "body not an object"],
)
async def test_a_listing_whose_envelope_does_not_parse_is_one_whole_failure(body):
    with providers_server(slashid=answering(body)) as server:
        result = await collect(all_sources(server.url))
    by_provider = {r.provider: r for r in result.results}
    (failure,) = by_provider["slashid"].failures
    assert by_provider["slashid"].records == ()
    assert failure.index is None and isinstance(failure.error, ResponseDecodeError)
    assert all(by_provider[p].ok for p in PROVIDER_NAMES if p != "slashid")


# Anything a source raises is that source's failure


@pytest.mark.parametrize(
    "raised",
    [RecursionError("maximum recursion depth exceeded"), ValueError("int too long"), KeyError("x")],
    ids=lambda error: type(error).__name__,
)
async def test_an_unexpected_exception_is_a_failure_of_its_source_only(raised, monkeypatch, caplog):
    async def broken(self):
        raise raised

    monkeypatch.setattr(LoginRadiusSource, "fetch", broken)
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with providers_server() as server:
        sources = all_sources(server.url)
        result = await collect(sources)  # no ExceptionGroup
    by_provider = {r.provider: r for r in result.results}
    (failure,) = by_provider["loginradius"].failures
    assert failure.error is raised and not failure.expected
    assert str(failure).startswith(f"loginradius: unexpected {type(raised).__name__}: ")
    assert all(by_provider[p].ok and by_provider[p].records for p in PROVIDER_NAMES if p != "loginradius")
    assert all(source.client.is_closed for source in sources)
    (logged,) = [r for r in caplog.records if r.name == "oauth_clients" and r.exc_info]
    assert logged.levelno == logging.DEBUG and logged.exc_info[1] is raised


async def test_an_unexpected_exception_for_one_launchdarkly_id_costs_that_id(monkeypatch, caplog):
    adapt = launchdarkly_adapter_failing_for("ld-2")
    monkeypatch.setattr("oauth_clients.inventory.sources.from_launchdarkly", adapt)
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with providers_server() as server:
        result = await collect(all_sources(server.url, client_ids=("ld-1", "ld-2", "ld-3")))
    (ld,) = [r for r in result.results if r.provider == "launchdarkly"]
    assert [r.client_id for r in ld.records] == ["ld-1", "ld-3"]
    (failure,) = ld.failures
    assert failure.client_id == "ld-2" and isinstance(failure.error, RuntimeError) and not failure.expected
    assert any(r.exc_info and r.exc_info[1] is failure.error for r in caplog.records)


@pytest.mark.parametrize(
    "body",
    [
        b'{"result": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"result": [{"client_id": "x", "access_token_duration": ' + b"9" * 5000 + b"}]}",
        b'{"result": [{"client_id": "\xff\xfe"}]}',
        b'{"result": [{"client_id": "x", "access_token_duration": NaN}]}',
        b'{"result": [{"client_id": "x"',
    ],
    ids=["nested 100000 deep", "5000-digit integer", "invalid UTF-8", "NaN", "truncated"],
)
async def test_a_malformed_extreme_body_costs_its_provider_only(body):
    reply = Reply(200, body)
    with providers_server(slashid=lambda request: reply) as server:
        result = await collect(all_sources(server.url))
    by_provider = {r.provider: r for r in result.results}
    assert by_provider["slashid"].failures and not by_provider["slashid"].ok
    assert all(by_provider[p].ok and by_provider[p].records for p in PROVIDER_NAMES if p != "slashid")


# Accounts


async def test_several_accounts_of_one_provider_are_labelled():
    with providers_server() as server:
        client = slashid.AuthenticatedClient("token", base_url=server.url)
        sources = [
            SlashIDSource(client, org_id="eu-org", account="eu"),
            SlashIDSource(client, org_id="us-org", account="us"),
            LeegalitySource(leegality.AuthenticatedClient("token", base_url=server.url)),
        ]
        result = await collect(sources)
    assert [r.label for r in result.results] == ["slashid/eu", "slashid/us", "leegality"]
    assert [r.account for r in result.records] == ["eu", "us", None, None, None]
    assert result.records[0].to_json_dict()["account"] == "eu"


async def test_a_slashid_source_can_use_the_clients_organization():
    with providers_server() as server:
        client = slashid.AuthenticatedClient("token", base_url=server.url, org_id="client-org")
        result = await collect([SlashIDSource(client), SlashIDSource(client, org_id="other-org")])
    assert result.ok and len(result.records) == 2
    assert sorted(r.headers["slashid-orgid"] for r in server.requests) == ["client-org", "other-org"]


def test_a_slashid_source_without_any_organization_is_refused():
    with pytest.raises(ValueError, match="SlashIDSource: no organization: pass org_id="):
        SlashIDSource(slashid.AuthenticatedClient("token", base_url="http://127.0.0.1:9"))


# Completeness


def slashid_listing(returned: int, total: object) -> dict:
    items = [good_item("slashid", f"c{i}") for i in range(returned)]
    return {"meta": {"pagination": {"limit": 100, "offset": 0, "total_count": total}}, "result": items}


@pytest.mark.parametrize(
    ("returned", "total", "incomplete"),
    [(2, 5, IncompleteListing(2, 5)), (2, 2, None), (1, 0, None), (0, 1, IncompleteListing(0, 1))],
)
async def test_slashid_total_count_larger_than_the_items_is_an_incomplete_listing(
    returned, total, incomplete
):
    with providers_server(slashid=answering(slashid_listing(returned, total))) as server:
        result = await collect(all_sources(server.url))
    (slashid_result,) = [r for r in result.results if r.provider == "slashid"]
    assert len(slashid_result.records) == returned and slashid_result.failures == ()
    assert slashid_result.incomplete == incomplete
    assert slashid_result.ok is (incomplete is None) and result.ok is (incomplete is None)
    assert result.incomplete == (() if incomplete is None else (slashid_result,))
    if incomplete is not None:
        assert str(incomplete) == f"incomplete listing: {returned} of {total} clients returned"


async def test_without_a_count_a_listing_is_taken_as_complete():
    body = {"result": [good_item("slashid", "c0")], "meta": {"pagination": {"limit": 1}}}
    with providers_server(slashid=answering(body)) as server:
        result = await collect(all_sources(server.url))
    assert result.ok and result.incomplete == ()


async def test_an_item_that_does_not_parse_still_counts_as_returned():
    body = slashid_listing(3, 3)
    body["result"][1]["grant_types"] = [5]
    with providers_server(slashid=answering(body)) as server:
        result = await collect(all_sources(server.url))
    (slashid_result,) = [r for r in result.results if r.provider == "slashid"]
    assert len(slashid_result.records) == 2 and len(slashid_result.failures) == 1
    assert slashid_result.incomplete is None
    body["meta"]["pagination"]["total_count"] = 4
    with providers_server(slashid=answering(body)) as server:
        result = await collect(all_sources(server.url))
    (slashid_result,) = [r for r in result.results if r.provider == "slashid"]
    assert slashid_result.incomplete == IncompleteListing(3, 4)


async def test_the_spec_examples_are_complete():
    # SlashID's example: total_count 0 (a type placeholder) with one item is no shortfall.
    with providers_server() as server:
        result = await collect(all_sources(server.url))
    assert result.ok and result.incomplete == ()
