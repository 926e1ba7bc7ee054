"""One adapter per provider: the provider's generated model of an OAuth client -> `ClientRecord`.

Each adapter's docstring is the field mapping for its provider, and names what the provider does
not report. Fields left out of a response (`UNSET`) and empty strings count as "no value";
`account` names the configured account the model was read from, if any.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.inventory.record import ClientRecord

_Unset = leegality.Unset  # the same class in every provider package
_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# RFC 7591 `token_endpoint_auth_method` values: "none" is a public client, these are confidential.
_SECRET_AUTH_METHODS: Final = frozenset(
    {
        "client_secret_basic",
        "client_secret_post",
        "client_secret_jwt",
        "private_key_jwt",
        "tls_client_auth",
        "self_signed_tls_client_auth",
    }
)
_LEEGALITY_ENABLED: Final[dict[str | None, bool]] = {"ACTIVE": True, "SUSPENDED": False}
"""`state` -> `enabled`; any other state, or none, is None."""

Converted = tuple[datetime.datetime | None, str | None]
"""(the value in UTC, or None; the provider's value as text when it could not be converted)."""


def from_leegality(model: leegality.OAuth2ClientVO, *, account: str | None = None) -> ClientRecord:
    """A Leegality `OAuth2ClientVO` as a record.

    | record | Leegality |
    | --- | --- |
    | client_id | `clientId` (not `id`, which identifies the record; it stays in `model.id`) |
    | state | `state` as sent (`ACTIVE`, `SUSPENDED`, or a value added since) |
    | enabled | True for `ACTIVE`, False for `SUSPENDED`, None otherwise |
    | created_at | `createdAt`: ISO 8601 text; with a UTC offset it is converted, without one (as in
      every example: local time of an unstated zone) it is kept in `created_at_raw` |
    | has_secret | True when `clientSecret` is sent, None when it is not (the listing need not show it) |

    Leegality reports no name, public/confidential, grant types, scopes, redirect URIs or last use.
    """
    created_at, created_at_raw = _from_text(model.created_at)
    state = _text(model.state)
    return ClientRecord(
        provider="leegality",
        account=account,
        client_id=_text(model.client_id) or "",
        state=state,
        enabled=_LEEGALITY_ENABLED.get(state),
        created_at=created_at,
        created_at_raw=created_at_raw,
        has_secret=True if _text(model.client_secret) else None,
        model=model,
    )


def from_slashid(model: slashid.OAuth2Client, *, account: str | None = None) -> ClientRecord:
    """A SlashID `OAuth2Client` as a record.

    | record | SlashID |
    | --- | --- |
    | client_id, name | `client_id`, `client_name` |
    | public | `public`; when left out False, the server's documented default |
    | grant_types, scopes, redirect_uris | `grant_types`, `scopes`, `redirect_uris` |
    | created_at, last_used | `created_at`, `last_used` (RFC 3339; one without an offset is kept raw) |
    | has_secret | False for a public client (it cannot authenticate with a secret), else None: SlashID
      never returns secrets |

    SlashID reports no state. `response_types` and the token lifetimes stay in `model`.
    """
    public = model.public if isinstance(model.public, bool) else False
    created_at, created_at_raw = _from_datetime(model.created_at)
    last_used, last_used_raw = _from_datetime(model.last_used)
    return ClientRecord(
        provider="slashid",
        account=account,
        client_id=_text(model.client_id) or "",
        name=_text(model.client_name),
        public=public,
        grant_types=_strings(model.grant_types),
        scopes=_strings(model.scopes),
        redirect_uris=_strings(model.redirect_uris),
        created_at=created_at,
        created_at_raw=created_at_raw,
        last_used=last_used,
        last_used_raw=last_used_raw,
        has_secret=False if public else None,
        model=model,
    )


def from_loginradius(model: loginradius.OAuthClient, *, account: str | None = None) -> ClientRecord:
    """A LoginRadius `OAuthClient` as a record.

    | record | LoginRadius |
    | --- | --- |
    | client_id | `ClientId` |
    | name | `AppName` (the spec calls it the name of the application owning the client; the payload
      has no other name) |
    | public | from `TokenAuthMethod` (RFC 7591 meaning): `none` is public; `client_secret_basic`,
      `client_secret_post`, `client_secret_jwt`, `private_key_jwt`, `tls_client_auth`,
      `self_signed_tls_client_auth` are confidential; anything else (or nothing) is None |
    | grant_types, scopes | `GrantTypes`, `AllowedScopes` |
    | redirect_uris | `LoginRedirectUri` (`LogoutRedirectUri` stays in `model`) |
    | created_at | `CreatedDate` (`LastModifiedDate` is a change, not a use: it stays in `model`) |
    | has_secret | True when `ClientSecret` or `Secret` is sent, False for a public client, else None |

    LoginRadius reports no state and no last use.
    """
    method = _text(model.token_auth_method)
    public: bool | None = None
    if method is not None and method.lower() == "none":
        public = True
    elif method is not None and method.lower() in _SECRET_AUTH_METHODS:
        public = False
    has_secret: bool | None = None
    if _text(model.client_secret) or _text(model.secret):
        has_secret = True
    elif public:
        has_secret = False
    created_at, created_at_raw = _from_datetime(model.created_date)
    return ClientRecord(
        provider="loginradius",
        account=account,
        client_id=_text(model.client_id) or "",
        name=_text(model.app_name),
        public=public,
        grant_types=_strings(model.grant_types),
        scopes=_strings(model.allowed_scopes),
        redirect_uris=_strings(model.login_redirect_uri),
        created_at=created_at,
        created_at_raw=created_at_raw,
        has_secret=has_secret,
        model=model,
    )


def from_launchdarkly(model: launchdarkly.OAuthClient, *, account: str | None = None) -> ClientRecord:
    """A LaunchDarkly `OAuthClient` as a record.

    | record | LaunchDarkly |
    | --- | --- |
    | client_id, name | `_clientId`, `name` |
    | redirect_uris | `redirectUri`, the one redirect URI a LaunchDarkly client has |
    | created_at | `_creationDate`, read as Unix milliseconds (LaunchDarkly's unit for every date in its
      API; the spec says only "a timestamp"); a value out of range is kept raw |
    | has_secret | True when `_clientSecret` is sent (only in the response that creates a client),
      else None: the API hides it |

    LaunchDarkly reports no state, public/confidential, grant types, scopes or last use.
    """
    created_at, created_at_raw = _from_unix_millis(model.creation_date)
    redirect_uri = _text(model.redirect_uri)
    return ClientRecord(
        provider="launchdarkly",
        account=account,
        client_id=model.client_id,
        name=_text(model.name),
        redirect_uris=() if redirect_uri is None else (redirect_uri,),
        created_at=created_at,
        created_at_raw=created_at_raw,
        has_secret=True if _text(model.client_secret) else None,
        model=model,
    )


def _text(value: str | _Unset | None) -> str | None:
    """A string value, or None for UNSET, null and ""."""
    return value if isinstance(value, str) and value else None


def _strings(values: Sequence[str] | _Unset) -> tuple[str, ...]:
    return () if isinstance(values, _Unset) else tuple(values)


def _from_datetime(value: datetime.datetime | _Unset) -> Converted:
    """An aware datetime in UTC; a naive one (no offset: no way to know its zone) is kept as text."""
    if isinstance(value, _Unset):
        return None, None
    if value.utcoffset() is None:
        return None, value.isoformat()
    return value.astimezone(datetime.UTC), None


def _from_text(value: str | _Unset) -> Converted:
    """ISO 8601 text in UTC; text without an offset, or unreadable, is kept as sent."""
    text = _text(value)
    if text is None:
        return None, None
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None, text
    if parsed.utcoffset() is None:
        return None, text
    return parsed.astimezone(datetime.UTC), None


def _from_unix_millis(value: int) -> Converted:
    try:
        return _EPOCH + datetime.timedelta(milliseconds=value), None
    except OverflowError:
        return None, str(value)


__all__ = ["from_launchdarkly", "from_leegality", "from_loginradius", "from_slashid"]
