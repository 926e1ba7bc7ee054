"""Where the inventory reads OAuth clients from: one source per provider account, around its typed client.

Each source holds a provider's `AuthenticatedClient` (one connection pool) and whatever else its
operations need, and `fetch()`es every client it can reach, as records. A listing with an item that
does not parse is read item by item (see `listing`): one bad item is one lost item. `collect()`
runs the sources concurrently and closes their clients; a source can also be used on its own.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import ClassVar, Final, Literal

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import OAuthClientsError, ResponseDecodeError
from oauth_clients.inventory.adapters import from_launchdarkly, from_leegality, from_loginradius, from_slashid
from oauth_clients.inventory.listing import Listing
from oauth_clients.inventory.record import ClientRecord
from oauth_clients.inventory.results import Failure, Fetched

logger: logging.Logger = logging.getLogger("oauth_clients")

LAUNCHDARKLY_CONCURRENCY: Final = 8
"""How many LaunchDarkly clients are fetched at the same time."""


def _slashid_total(listing: slashid.OAuth2ClientListResponse) -> int | None:
    """`meta.pagination.total_count`, when SlashID sends it."""
    if isinstance(listing.meta, slashid.Unset) or isinstance(listing.meta.pagination, slashid.Unset):
        return None
    total = listing.meta.pagination.total_count
    return total if isinstance(total, int) else None


LEEGALITY_LISTING: Final = Listing(
    provider="leegality",
    items_key="data",
    id_key="clientId",
    envelope=leegality.OAuth2ClientList.from_dict,
    item=leegality.OAuth2ClientVO.from_dict,
    items=lambda listing: listing.data,
    adapt=from_leegality,
    total=lambda listing: None,
)
SLASHID_LISTING: Final = Listing(
    provider="slashid",
    items_key="result",
    id_key="client_id",
    envelope=slashid.OAuth2ClientListResponse.from_dict,
    item=slashid.OAuth2Client.from_dict,
    items=lambda listing: listing.result,
    adapt=from_slashid,
    total=_slashid_total,
)
LAUNCHDARKLY_LISTING: Final = Listing(
    provider="launchdarkly",
    items_key="items",
    id_key="_clientId",
    envelope=launchdarkly.ClientCollection.from_dict,
    item=launchdarkly.OAuthClient.from_dict,
    items=lambda listing: listing.items,
    adapt=from_launchdarkly,
    total=lambda listing: None,
)
LOGINRADIUS_LISTING: Final = Listing(
    provider="loginradius",
    items_key="Data",
    id_key="ClientId",
    envelope=loginradius.OAuthClientList.from_dict,
    item=loginradius.OAuthClient.from_dict,
    items=lambda listing: listing.data,
    adapt=from_loginradius,
    total=lambda listing: None,
)


@dataclass(frozen=True, slots=True)
class LeegalitySource:
    """Every OAuth2 client of the organization whose token the client sends (`list_oauth2_clients`).

    Leegality's listing carries no count: its completeness cannot be checked.
    """

    client: leegality.AuthenticatedClient
    account: str | None = None
    """A name for this account in the output (several accounts of one provider), or None."""
    provider: ClassVar[Literal["leegality"]] = "leegality"

    async def fetch(self) -> Fetched:
        """The records and one failure per unreadable item; a failing call raises its `OAuthClientsError`."""
        try:
            listing = await leegality.list_oauth2_clients.asyncio(client=self.client)
        except ResponseDecodeError as error:
            return LEEGALITY_LISTING.salvage(error, self.account)
        return LEEGALITY_LISTING.read(listing, self.account)


@dataclass(frozen=True, slots=True)
class SlashIDSource:
    """Every OAuth2 client of the SlashID organization `org_id` (sent as `SlashID-OrgID`), or of the
    client's own organization (`slashid.AuthenticatedClient(..., org_id=...)`) when `org_id` is None.

    SlashID documents no paging parameter for this listing: one call returns what SlashID returns.
    When its `meta.pagination.total_count` is larger than the number of items returned, the result
    says so (`Fetched.incomplete`, `ProviderResult.incomplete`).
    """

    client: slashid.AuthenticatedClient
    org_id: str | None = None
    account: str | None = None
    """A name for this account in the output (several organizations), or None."""
    provider: ClassVar[Literal["slashid"]] = "slashid"

    def __post_init__(self) -> None:
        if self.org_id is None and "org_id" not in self.client.parameters:
            raise ValueError(
                "SlashIDSource: no organization: pass org_id= here or to slashid.AuthenticatedClient"
            )

    async def fetch(self) -> Fetched:
        """The records and one failure per unreadable item; a failing call raises its `OAuthClientsError`."""
        try:
            listing = await slashid.list_oauth2_clients.asyncio(client=self.client, org_id=self.org_id)
        except ResponseDecodeError as error:
            return SLASHID_LISTING.salvage(error, self.account)
        return SLASHID_LISTING.read(listing, self.account)


@dataclass(frozen=True, slots=True)
class LoginRadiusSource:
    """Every OAuth client of the tenant that the M2M token belongs to (`list_oauth_clients`).

    LoginRadius's listing carries no count: its completeness cannot be checked.
    """

    client: loginradius.AuthenticatedClient
    account: str | None = None
    """A name for this account in the output (several tenants), or None."""
    provider: ClassVar[Literal["loginradius"]] = "loginradius"

    async def fetch(self) -> Fetched:
        """The records and one failure per unreadable item; a failing call raises its `OAuthClientsError`."""
        try:
            listing = await loginradius.list_oauth_clients.asyncio(client=self.client)
        except ResponseDecodeError as error:
            return LOGINRADIUS_LISTING.salvage(error, self.account)
        return LOGINRADIUS_LISTING.read(listing, self.account)


@dataclass(frozen=True, slots=True)
class LaunchDarklySource:
    """Every OAuth client of the LaunchDarkly account (`list_oauth2_clients`), or, when `client_ids`
    is given, only the clients with those IDs (`get_oauth2_client` for each).

    LaunchDarkly's listing carries no count: its completeness cannot be checked. The IDs of
    `client_ids` are fetched concurrently (at most `LAUNCHDARKLY_CONCURRENCY` at a time) over the
    one client; an ID that fails, for any reason, becomes a `Failure` naming it, and the others'
    records are kept. A repeated ID is fetched once.
    """

    client: launchdarkly.AuthenticatedClient
    client_ids: tuple[str, ...] | None = None
    """The IDs to fetch; None for every client of the account."""
    account: str | None = None
    """A name for this account in the output (several accounts), or None."""
    provider: ClassVar[Literal["launchdarkly"]] = "launchdarkly"

    async def fetch(self) -> Fetched:
        """Every client, or the records of the IDs that answered and a failure for each that did
        not; a failing listing raises its `OAuthClientsError`."""
        if self.client_ids is None:
            try:
                listing = await launchdarkly.list_oauth2_clients.asyncio(client=self.client)
            except ResponseDecodeError as error:
                return LAUNCHDARKLY_LISTING.salvage(error, self.account)
            return LAUNCHDARKLY_LISTING.read(listing, self.account)
        return await self._fetch_ids(self.client_ids)

    async def _fetch_ids(self, client_ids: tuple[str, ...]) -> Fetched:
        limit = asyncio.Semaphore(LAUNCHDARKLY_CONCURRENCY)

        async def fetch_one(client_id: str) -> ClientRecord | Failure:
            async with limit:
                try:
                    model = await launchdarkly.get_oauth2_client.asyncio(client_id, client=self.client)
                    return from_launchdarkly(model, account=self.account)
                except Exception as error:  # one ID's failure, even a bug, is that ID's
                    if not isinstance(error, OAuthClientsError):
                        logger.debug("launchdarkly: fetching %r raised", client_id, exc_info=error)
                    return Failure(self.provider, error, client_id, account=self.account)

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch_one(client_id)) for client_id in dict.fromkeys(client_ids)]
        outcomes = [task.result() for task in tasks]
        records = tuple(outcome for outcome in outcomes if isinstance(outcome, ClientRecord))
        failures = tuple(outcome for outcome in outcomes if isinstance(outcome, Failure))
        return Fetched(records, failures)


Source = LeegalitySource | SlashIDSource | LoginRadiusSource | LaunchDarklySource
"""Any provider's source."""


__all__ = [
    "LAUNCHDARKLY_CONCURRENCY",
    "LAUNCHDARKLY_LISTING",
    "LEEGALITY_LISTING",
    "LOGINRADIUS_LISTING",
    "SLASHID_LISTING",
    "LaunchDarklySource",
    "LeegalitySource",
    "LoginRadiusSource",
    "SlashIDSource",
    "Source",
]
