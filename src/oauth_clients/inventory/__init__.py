"""An inventory of OAuth clients across providers: one normalized record per client.

    import asyncio
    from oauth_clients import launchdarkly, slashid
    from oauth_clients.inventory import LaunchDarklySource, SlashIDSource, collect

    result = asyncio.run(collect([
        SlashIDSource(slashid.AuthenticatedClient(key), org_id="af5fbd30-..."),
        LaunchDarklySource(launchdarkly.AuthenticatedClient(token)),  # every client of the account
    ]))
    for record in result.records:            # ClientRecord: provider, client_id, name, dates, ...
        print(record.provider, record.client_id, record.created_at)
    for failure in result.failures:          # one provider failing never loses the others' records,
        print(failure)                       # one unreadable item never loses the other items
    for listing in result.incomplete:        # a listing whose own count says it is cut short
        print(listing.label, listing.incomplete)

Modules: `record` (ClientRecord), `adapters` (generated model -> record, one per provider),
`sources` (what to fetch, per provider account), `listing` (reading a listing item by item),
`collector` (`collect`), `results`, `stale`.
"""

from oauth_clients.inventory.adapters import from_launchdarkly as from_launchdarkly
from oauth_clients.inventory.adapters import from_leegality as from_leegality
from oauth_clients.inventory.adapters import from_loginradius as from_loginradius
from oauth_clients.inventory.adapters import from_slashid as from_slashid
from oauth_clients.inventory.collector import ProgressCallback as ProgressCallback
from oauth_clients.inventory.collector import collect as collect
from oauth_clients.inventory.record import JSON_FIELDS as JSON_FIELDS
from oauth_clients.inventory.record import PROVIDER_NAMES as PROVIDER_NAMES
from oauth_clients.inventory.record import ClientRecord as ClientRecord
from oauth_clients.inventory.record import ClientType as ClientType
from oauth_clients.inventory.record import JSONValue as JSONValue
from oauth_clients.inventory.record import ProviderModel as ProviderModel
from oauth_clients.inventory.record import ProviderName as ProviderName
from oauth_clients.inventory.results import Failure as Failure
from oauth_clients.inventory.results import Fetched as Fetched
from oauth_clients.inventory.results import IncompleteListing as IncompleteListing
from oauth_clients.inventory.results import InventoryResult as InventoryResult
from oauth_clients.inventory.results import ProgressEvent as ProgressEvent
from oauth_clients.inventory.results import ProviderResult as ProviderResult
from oauth_clients.inventory.sources import LAUNCHDARKLY_CONCURRENCY as LAUNCHDARKLY_CONCURRENCY
from oauth_clients.inventory.sources import LaunchDarklySource as LaunchDarklySource
from oauth_clients.inventory.sources import LeegalitySource as LeegalitySource
from oauth_clients.inventory.sources import LoginRadiusSource as LoginRadiusSource
from oauth_clients.inventory.sources import SlashIDSource as SlashIDSource
from oauth_clients.inventory.sources import Source as Source
from oauth_clients.inventory.stale import is_stale as is_stale

__all__ = [
    "JSON_FIELDS",
    "LAUNCHDARKLY_CONCURRENCY",
    "PROVIDER_NAMES",
    "ClientRecord",
    "ClientType",
    "Failure",
    "Fetched",
    "IncompleteListing",
    "InventoryResult",
    "JSONValue",
    "LaunchDarklySource",
    "LeegalitySource",
    "LoginRadiusSource",
    "ProgressCallback",
    "ProgressEvent",
    "ProviderModel",
    "ProviderName",
    "ProviderResult",
    "SlashIDSource",
    "Source",
    "collect",
    "from_launchdarkly",
    "from_leegality",
    "from_loginradius",
    "from_slashid",
    "is_stale",
]
