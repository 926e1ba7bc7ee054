"""`ClientRecord`: one OAuth client of any provider, in one normalized, immutable shape.

A record holds what an inventory needs to compare clients across providers (IDs, name, state,
public or confidential, grants, scopes, redirect URIs, dates, whether a secret exists) and keeps
the provider's typed model in `model` for everything else. It never holds a secret: `has_secret`
says whether one exists, and `to_json_dict()` leaves the model out.

Dates are timezone-aware UTC `datetime`s. When a provider's value cannot be converted to UTC (a
date-time without a UTC offset, an out-of-range timestamp), the `datetime` is None and the
provider's own value is kept, as text, in `created_at_raw` / `last_used_raw`; those fields are
None whenever the conversion worked or the provider sent no value.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Final, Literal

from oauth_clients import launchdarkly, leegality, loginradius, slashid

ProviderName = Literal["leegality", "slashid", "loginradius", "launchdarkly"]
"""A provider of `oauth_clients` (the names of `oauth_clients.PROVIDERS`)."""

PROVIDER_NAMES: Final[tuple[ProviderName, ...]] = ("leegality", "slashid", "loginradius", "launchdarkly")

ProviderModel = (
    leegality.OAuth2ClientVO | slashid.OAuth2Client | loginradius.OAuthClient | launchdarkly.OAuthClient
)
"""The generated model of one OAuth client, per provider."""

ClientType = Literal["public", "confidential"]

JSONValue = str | bool | list[str] | None
"""The values of `ClientRecord.to_json_dict()`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientRecord:
    """One OAuth client, normalized. Built by the adapters in `oauth_clients.inventory.adapters`.

    Attributes:
        provider: which provider the client is registered with.
        account: the name of the configured account it was read from (several accounts of one
            provider), or None.
        client_id: the provider's client ID (the one used to request tokens); "" when the
            provider's response left it out.
        name: the display name, or None when the provider has none.
        state: the provider's own word for the client's state (Leegality's `ACTIVE`), or None
            when the provider reports no state.
        enabled: the state as a boolean, or None when the provider does not say.
        public: True for a public client (cannot keep a secret), False for a confidential one,
            None when the provider does not say.
        grant_types, scopes, redirect_uris: as the provider lists them; empty when it lists
            none (or has no such field: each adapter's docstring names the fields its provider lacks).
        created_at, last_used: aware UTC datetimes, or None (no value, or not convertible).
        created_at_raw, last_used_raw: the provider's value as text when it could not be
            converted to UTC, else None.
        has_secret: True when the response carries a client secret, False when the provider's data
            says the client has none, None when it cannot be told. The secret itself is not kept.
        model: the provider's generated model, for every other field. It holds the secret when the
            provider sent one (its repr() masks it); it takes no part in ==, hash() or repr().
    """

    provider: ProviderName
    client_id: str
    account: str | None = None
    name: str | None = None
    state: str | None = None
    enabled: bool | None = None
    public: bool | None = None
    grant_types: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    redirect_uris: tuple[str, ...] = ()
    created_at: datetime.datetime | None = None
    created_at_raw: str | None = None
    last_used: datetime.datetime | None = None
    last_used_raw: str | None = None
    has_secret: bool | None = None
    model: ProviderModel = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        for name, value in (("created_at", self.created_at), ("last_used", self.last_used)):
            if value is not None and value.utcoffset() != datetime.timedelta(0):
                raise ValueError(f"ClientRecord.{name} must be an aware datetime in UTC, got {value!r}")

    @property
    def client_type(self) -> ClientType | None:
        """The client type: "public", "confidential", or None when the provider does not say."""
        if self.public is None:
            return None
        return "public" if self.public else "confidential"

    def to_json_dict(self) -> dict[str, JSONValue]:
        """The record as JSON-ready values (dates as RFC 3339 text in UTC); never the model or a secret."""
        return {
            "provider": self.provider,
            "account": self.account,
            "client_id": self.client_id,
            "name": self.name,
            "state": self.state,
            "enabled": self.enabled,
            "public": self.public,
            "client_type": self.client_type,
            "has_secret": self.has_secret,
            "grant_types": list(self.grant_types),
            "scopes": list(self.scopes),
            "redirect_uris": list(self.redirect_uris),
            "created_at": rfc3339(self.created_at),
            "created_at_raw": self.created_at_raw,
            "last_used": rfc3339(self.last_used),
            "last_used_raw": self.last_used_raw,
        }


JSON_FIELDS: Final = (
    "provider",
    "account",
    "client_id",
    "name",
    "state",
    "enabled",
    "public",
    "client_type",
    "has_secret",
    "grant_types",
    "scopes",
    "redirect_uris",
    "created_at",
    "created_at_raw",
    "last_used",
    "last_used_raw",
)
"""The keys of `ClientRecord.to_json_dict()`, in order (the CSV columns)."""


def source_label(provider: ProviderName, account: str | None) -> str:
    """How output names a source: the provider, or `provider/account` for a named account."""
    return provider if account is None else f"{provider}/{account}"


def rfc3339(value: datetime.datetime | None) -> str | None:
    """RFC 3339 text of an aware datetime, in UTC with a `Z`; None stays None."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


__all__ = [
    "JSON_FIELDS",
    "PROVIDER_NAMES",
    "ClientRecord",
    "ClientType",
    "JSONValue",
    "ProviderModel",
    "ProviderName",
    "rfc3339",
    "source_label",
]
