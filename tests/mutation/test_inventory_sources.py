"""Sources on their own: a named account labels every record and failure on both paths of a listing
(parsed whole, or read item by item), LaunchDarkly's listing and its client IDs alike; the DEBUG line
of a client ID whose fetch raised a bug; the words of SlashIDSource's refusal."""

from __future__ import annotations

import copy
import logging
import re

import pytest
from support.inventory import (
    BODIES,
    LAUNCHDARKLY_LISTING,
    ORG_ID,
    launchdarkly_adapter_failing_for,
    launchdarkly_without,
    providers_server,
)
from support.server import Reply

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import NotFoundError, ResponseDecodeError
from oauth_clients.inventory import (
    PROVIDER_NAMES,
    LaunchDarklySource,
    LeegalitySource,
    LoginRadiusSource,
    SlashIDSource,
    Source,
    from_launchdarkly,
)

ITEMS_KEY = {"leegality": "data", "slashid": "result", "loginradius": "Data", "launchdarkly": "items"}


def source(provider: str, url: str, account: str) -> Source:
    """The provider's listing source (LaunchDarkly: without client IDs), named `account`."""
    if provider == "leegality":
        return LeegalitySource(leegality.AuthenticatedClient("token", base_url=url), account=account)
    if provider == "slashid":
        client = slashid.AuthenticatedClient("token", base_url=url)
        return SlashIDSource(client, org_id=ORG_ID, account=account)
    if provider == "loginradius":
        return LoginRadiusSource(loginradius.AuthenticatedClient("token", base_url=url), account=account)
    return LaunchDarklySource(launchdarkly.AuthenticatedClient("token", base_url=url), account=account)


def example_listing(provider: str) -> dict:
    return copy.deepcopy(LAUNCHDARKLY_LISTING if provider == "launchdarkly" else BODIES[provider])


async def fetched(provider: str, body: object, account: str):
    with providers_server(**{provider: lambda request: Reply(200, body)}) as server:
        chosen = source(provider, server.url, account)
        try:
            return await chosen.fetch()
        finally:
            await chosen.client.aclose()


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
async def test_a_parsed_listing_labels_every_record_with_the_account(provider):
    result = await fetched(provider, example_listing(provider), "eu")
    assert result.failures == () and result.incomplete is None
    assert len(result.records) == len(example_listing(provider)[ITEMS_KEY[provider]])
    assert [r.account for r in result.records] == ["eu"] * len(result.records)


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
async def test_a_listing_read_item_by_item_labels_records_and_failures_with_the_account(provider):
    body = example_listing(provider)
    body[ITEMS_KEY[provider]].append(42)  # one item that does not parse
    result = await fetched(provider, body, "eu")
    (failure,) = result.failures
    assert (failure.provider, failure.index, failure.account) == (
        provider,
        len(body[ITEMS_KEY[provider]]) - 1,
        "eu",
    )
    assert isinstance(failure.error, ResponseDecodeError)
    assert len(result.records) == len(body[ITEMS_KEY[provider]]) - 1
    assert [r.account for r in result.records] == ["eu"] * len(result.records)


async def test_launchdarkly_listing_records_are_the_listed_clients():
    result = await fetched("launchdarkly", example_listing("launchdarkly"), "eu")
    expected = [
        from_launchdarkly(launchdarkly.OAuthClient.from_dict(item), account="eu")
        for item in LAUNCHDARKLY_LISTING["items"]
    ]
    assert result.records == tuple(expected)


async def test_launchdarkly_client_ids_label_records_and_failures_with_the_account():
    with providers_server(launchdarkly=launchdarkly_without("missing")) as server:
        client = launchdarkly.AuthenticatedClient("token", base_url=server.url)
        async with client:
            result = await LaunchDarklySource(client, client_ids=("a", "missing"), account="eu").fetch()
    (record,) = result.records
    assert (record.provider, record.client_id, record.account) == ("launchdarkly", "a", "eu")
    (failure,) = result.failures
    assert (failure.provider, failure.client_id, failure.account) == ("launchdarkly", "missing", "eu")
    assert isinstance(failure.error, NotFoundError)
    assert str(failure).startswith(
        "launchdarkly/eu client 'missing': NotFoundError: get_oauth2_client: HTTP 404"
    )


async def test_a_client_id_whose_fetch_raised_a_bug_is_logged_by_its_id(monkeypatch, caplog):
    adapt = launchdarkly_adapter_failing_for("ld-2")
    monkeypatch.setattr("oauth_clients.inventory.sources.from_launchdarkly", adapt)
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with providers_server() as server:
        client = launchdarkly.AuthenticatedClient("token", base_url=server.url)
        async with client:
            result = await LaunchDarklySource(client, client_ids=("ld-1", "ld-2"), account="eu").fetch()
    assert [(r.client_id, r.account) for r in result.records] == [("ld-1", "eu")]
    (failure,) = result.failures
    assert (failure.provider, failure.client_id, failure.account) == ("launchdarkly", "ld-2", "eu")
    assert str(failure) == "launchdarkly/eu client 'ld-2': unexpected RuntimeError: a bug in an adapter"
    (logged,) = [r for r in caplog.records if r.name == "oauth_clients" and r.exc_info]
    assert logged.levelno == logging.DEBUG and logged.exc_info[1] is failure.error
    assert logged.getMessage() == "launchdarkly: fetching 'ld-2' raised"


def test_slashid_source_without_an_organization_says_where_to_give_one():
    message = "SlashIDSource: no organization: pass org_id= here or to slashid.AuthenticatedClient"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        SlashIDSource(slashid.AuthenticatedClient("token", base_url="http://127.0.0.1:9"))
