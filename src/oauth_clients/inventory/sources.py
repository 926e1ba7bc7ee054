"""Where the inventory reads OAuth clients from: one source per provider, around its typed client.

Each source holds a provider's `AuthenticatedClient` (one connection pool) and whatever else its
operations need, and `fetch()`es every client it can reach, as records. `collect()` runs the
sources concurrently and closes their clients; a source can also be used on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal, TypeVar

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import OAuthClientsError
from oauth_clients.inventory.adapters import from_launchdarkly, from_leegality, from_loginradius, from_slashid
from oauth_clients.inventory.record import ClientRecord
from oauth_clients.inventory.results import Failure

LAUNCHDARKLY_CONCURRENCY: Final = 8
"""How many LaunchDarkly clients are fetched at the same time."""

Fetched = tuple[tuple[ClientRecord, ...], tuple[Failure, ...]]
"""What a source's `fetch()` returns: the records it read, and failures it kept going after."""

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class LeegalitySource:
    """Every OAuth2 client of the organization whose token the client sends (`list_oauth2_clients`)."""

    client: leegality.AuthenticatedClient
    provider: ClassVar[Literal["leegality"]] = "leegality"

    async def fetch(self) -> Fetched:
        """The records; a failing call raises its `OAuthClientsError`."""
        listing = await leegality.list_oauth2_clients.asyncio(client=self.client)
        return tuple(from_leegality(model) for model in _items(listing.data)), ()


@dataclass(frozen=True, slots=True)
class SlashIDSource:
    """Every OAuth2 client of the SlashID organization `org_id` (sent as `SlashID-OrgID`).

    The listing takes no paging parameters: one call returns what SlashID returns.
    """

    client: slashid.AuthenticatedClient
    org_id: str
    provider: ClassVar[Literal["slashid"]] = "slashid"

    async def fetch(self) -> Fetched:
        """The records; a failing call raises its `OAuthClientsError`."""
        listing = await slashid.list_oauth2_clients.asyncio(client=self.client, slash_id_org_id=self.org_id)
        return tuple(from_slashid(model) for model in _items(listing.result)), ()


@dataclass(frozen=True, slots=True)
class LoginRadiusSource:
    """Every OAuth client of the tenant that the M2M token belongs to (`list_oauth_clients`)."""

    client: loginradius.AuthenticatedClient
    provider: ClassVar[Literal["loginradius"]] = "loginradius"

    async def fetch(self) -> Fetched:
        """The records; a failing call raises its `OAuthClientsError`."""
        listing = await loginradius.list_oauth_clients.asyncio(client=self.client)
        return tuple(from_loginradius(model) for model in _items(listing.data)), ()


@dataclass(frozen=True, slots=True)
class LaunchDarklySource:
    """The LaunchDarkly OAuth clients with the given IDs: the API has no list operation.

    The IDs are fetched concurrently (at most `LAUNCHDARKLY_CONCURRENCY` at a time) over the one
    client; an ID that fails becomes a `Failure` naming it, and the others' records are kept.
    A repeated ID is fetched once.
    """

    client: launchdarkly.AuthenticatedClient
    client_ids: tuple[str, ...]
    provider: ClassVar[Literal["launchdarkly"]] = "launchdarkly"

    async def fetch(self) -> Fetched:
        """The records of the IDs that answered, and a failure for each that did not."""
        limit = asyncio.Semaphore(LAUNCHDARKLY_CONCURRENCY)

        async def fetch_one(client_id: str) -> ClientRecord | Failure:
            async with limit:
                try:
                    model = await launchdarkly.get_oauth2_client.asyncio(client_id, client=self.client)
                except OAuthClientsError as error:
                    return Failure(self.provider, error, client_id)
            return from_launchdarkly(model)

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch_one(client_id)) for client_id in dict.fromkeys(self.client_ids)]
        outcomes = [task.result() for task in tasks]
        records = tuple(outcome for outcome in outcomes if isinstance(outcome, ClientRecord))
        failures = tuple(outcome for outcome in outcomes if isinstance(outcome, Failure))
        return records, failures


Source = LeegalitySource | SlashIDSource | LoginRadiusSource | LaunchDarklySource
"""Any provider's source."""


def _items(values: Sequence[_T] | leegality.Unset) -> Sequence[_T]:
    """The items of a listing; a listing without its array (UNSET) has none."""
    return () if isinstance(values, leegality.Unset) else values


__all__ = [
    "LAUNCHDARKLY_CONCURRENCY",
    "Fetched",
    "LaunchDarklySource",
    "LeegalitySource",
    "LoginRadiusSource",
    "SlashIDSource",
    "Source",
]
