"""The inventory's TOML config: which providers, where they live, and where their credentials are.

    [slashid]                        # one account; or several, each with a name:
    # [[slashid]]
    # name = "eu"                    # letters, digits, _ . - ; shown as slashid/eu in the output
    environment = "production"       # a name from the spec's servers, or:
    base_url = "http://127.0.0.1:4010"  # (overrides environment)
    credential_env = "SLASHID_API_KEY"  # the NAME of the environment variable holding the key
    timeout = 10                      # optional: seconds one whole call may take (its deadline)
    allow_insecure_http = true        # optional: an http:// base_url to another machine
    org_id = "af5fbd30-..."           # SlashID only
    client_ids = ["..."]              # LaunchDarkly only, optional: these clients only (else all)

Credentials are only ever read from the environment variables named here. Every problem is a
`ConfigError` whose message names the file, the key (dotted: `slashid.org_id`, or
`slashid[1].org_id` in an array of tables) and the problem; messages never repeat a value that
might be a secret.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients._runtime.client import ClientOptions
from oauth_clients.inventory import (
    PROVIDER_NAMES,
    LaunchDarklySource,
    LeegalitySource,
    LoginRadiusSource,
    ProviderName,
    SlashIDSource,
    Source,
)
from oauth_clients.inventory.record import source_label

ENVIRONMENTS: Final[dict[ProviderName, dict[str, str]]] = {
    "leegality": {name: url for name, url in leegality.BASE_URLS.items()},
    "slashid": {name: url for name, url in slashid.BASE_URLS.items()},
    "loginradius": {name: url for name, url in loginradius.BASE_URLS.items()},
    "launchdarkly": {name: url for name, url in launchdarkly.BASE_URLS.items()},
}
"""Each provider's named environments and their base URLs, as generated from its spec."""

DEFAULT_ENVIRONMENTS: Final[dict[ProviderName, str]] = {
    "leegality": leegality.DEFAULT_ENVIRONMENT,
    "slashid": slashid.DEFAULT_ENVIRONMENT,
    "loginradius": loginradius.DEFAULT_ENVIRONMENT,
    "launchdarkly": launchdarkly.DEFAULT_ENVIRONMENT,
}

COMMON_KEYS: Final = ("name", "environment", "base_url", "credential_env", "timeout", "allow_insecure_http")
PROVIDER_KEYS: Final[dict[ProviderName, tuple[str, ...]]] = {
    "leegality": (),
    "slashid": ("org_id",),
    "loginradius": (),
    "launchdarkly": ("client_ids",),
}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CONVENTIONAL_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
_ACCOUNT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_TOML_KINDS: Final[tuple[tuple[type, str], ...]] = (
    (bool, "a boolean"),  # before int: a bool is an int
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (list, "an array"),
    (dict, "a table"),
)


class ConfigError(Exception):
    """A problem with the config file (or an environment variable it names)."""

    def __init__(self, path: str, key: str | None, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        super().__init__(f"{path}: {key}: {problem}" if key else f"{path}: {problem}")


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """One provider's table of the config."""

    provider: ProviderName
    where: str
    """The table's key in messages: `slashid`, or `slashid[1]` in an array of tables."""
    name: str | None
    """The account's name (required when a provider has several tables), or None."""
    base_url: str
    """The environment's base URL, or the configured `base_url`."""
    environment: str | None
    """The named environment, or None when `base_url` was given."""
    credential_env: str
    """The name of the environment variable that holds the credential."""
    timeout: float | None = None
    """Seconds that one whole call may take: the client's `deadline` (and its per-read timeout)."""
    allow_insecure_http: bool = False
    org_id: str | None = None
    client_ids: tuple[str, ...] | None = None
    """LaunchDarkly: the client IDs to fetch, or None for every client of the account."""

    @property
    def label(self) -> str:
        """How the output names this account: `slashid`, or `slashid/eu` for a named one."""
        return source_label(self.provider, self.name)


@dataclass(frozen=True, slots=True)
class Config:
    path: str
    providers: tuple[ProviderConfig, ...]

    def select(self, names: Sequence[str]) -> tuple[ProviderConfig, ...]:
        """The providers named (all when `names` is empty); a name that the file lacks is an error."""
        if not names:
            return self.providers
        configured = {entry.provider for entry in self.providers}
        for name in names:
            if name not in configured:
                raise ConfigError(self.path, None, f"--provider {name}: the file has no [{name}] table")
        return tuple(entry for entry in self.providers if entry.provider in names)


def load_config(path: str) -> Config:
    """Read and check the config file; raises `ConfigError`."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise ConfigError(path, None, f"cannot read the file ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise ConfigError(path, None, f"not UTF-8 text (an invalid byte at offset {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, None, f"not valid TOML: {error}") from None
    if not data:
        raise ConfigError(
            path, None, f"no provider configured (expected tables such as [{PROVIDER_NAMES[0]}])"
        )
    providers: list[ProviderConfig] = []
    for name, value in data.items():
        provider = _provider_name(name)
        if provider is None:
            raise ConfigError(path, name, f"unknown provider{_suggest(name, PROVIDER_NAMES)}")
        entries = [
            _provider_config(path, provider, where, table) for where, table in _tables(path, provider, value)
        ]
        _check_names(path, entries)
        providers.extend(entries)
    return Config(path, tuple(providers))


def _tables(path: str, provider: ProviderName, value: object) -> list[tuple[str, dict[str, Any]]]:
    """A provider's table (`[slashid]`) or tables (`[[slashid]]`), each with its key for messages."""
    kind = _kind(value)
    if isinstance(value, dict):
        return [(provider, cast("dict[str, Any]", value))]
    items = cast("list[object]", value) if isinstance(value, list) else []
    if items:
        tables: list[tuple[str, dict[str, Any]]] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise ConfigError(path, f"{provider}[{index}]", f"expected a table, got {_kind(item)}")
            tables.append((f"{provider}[{index}]", cast("dict[str, Any]", item)))
        return tables
    raise ConfigError(
        path, provider, f"expected a table ([{provider}]) or tables ([[{provider}]]), got {kind}"
    )


def _check_names(path: str, entries: Sequence[ProviderConfig]) -> None:
    """Several accounts of one provider each need a name of their own."""
    if len(entries) < 2:
        return
    seen: set[str] = set()
    for entry in entries:
        if entry.name is None:
            raise ConfigError(
                path,
                f"{entry.where}.name",
                f"missing (each of several [[{entry.provider}]] tables needs one)",
            )
        if entry.name in seen:
            raise ConfigError(
                path, f"{entry.where}.name", f"{entry.name!r} is already the name of another table"
            )
        seen.add(entry.name)


def read_credentials(
    config: Config, providers: Sequence[ProviderConfig], environ: Mapping[str, str]
) -> list[str]:
    """The credential of each provider, from the environment variable its `credential_env` names."""
    credentials: list[str] = []
    for entry in providers:
        key = f"{entry.where}.credential_env"
        value = environ.get(entry.credential_env)
        if value is None:
            raise ConfigError(
                config.path, key, f"the environment variable {_shown(entry.credential_env)} is not set"
            )
        if not value.strip():
            raise ConfigError(
                config.path, key, f"the environment variable {_shown(entry.credential_env)} is empty"
            )
        credentials.append(value.strip())
    return credentials


def _shown(name: str) -> str:
    """A variable name as messages show it: a conventional one (`SLASHID_API_KEY`) as it is; any other
    is not repeated, since a credential pasted by mistake (`sk_live_...`) can also be a valid name."""
    return name if _CONVENTIONAL_ENV_NAME.fullmatch(name) else "that it names"


def build_source(config: Config, entry: ProviderConfig, credential: str) -> Source:
    """The inventory source of a configured account, with a client of its own. A setting that the
    client refuses is a `ConfigError` (the client's messages never show the credential)."""
    try:
        return _source(entry, credential)
    except (ValueError, TypeError) as error:
        raise ConfigError(
            config.path, entry.where, f"the {entry.provider} client refuses it: {error}"
        ) from None


def _source(entry: ProviderConfig, credential: str) -> Source:
    options: ClientOptions = {"allow_insecure_http": entry.allow_insecure_http}
    if entry.timeout is not None:
        options |= {"deadline": entry.timeout, "timeout": entry.timeout}
    match entry.provider:
        case "leegality":
            client = leegality.AuthenticatedClient(credential, base_url=entry.base_url, **options)
            return LeegalitySource(client, account=entry.name)
        case "slashid":
            slashid_client = slashid.AuthenticatedClient(credential, base_url=entry.base_url, **options)
            return SlashIDSource(slashid_client, org_id=entry.org_id, account=entry.name)
        case "loginradius":
            lr_client = loginradius.AuthenticatedClient(credential, base_url=entry.base_url, **options)
            return LoginRadiusSource(lr_client, account=entry.name)
        case "launchdarkly":
            ld_client = launchdarkly.AuthenticatedClient(credential, base_url=entry.base_url, **options)
            return LaunchDarklySource(ld_client, client_ids=entry.client_ids, account=entry.name)


def _provider_config(
    path: str, provider: ProviderName, table_key: str, table: dict[str, Any]
) -> ProviderConfig:
    allowed = (*COMMON_KEYS, *PROVIDER_KEYS[provider])
    for key in table:
        if key not in allowed:
            hint = " (did you mean 'credential_env'?)" if key.endswith("_env") else _suggest(key, allowed)
            raise ConfigError(path, f"{table_key}.{key}", f"unknown key{hint}")

    def where(key: str) -> str:
        return f"{table_key}.{key}"

    name = _optional_string(path, where("name"), table.get("name"))
    if name is not None and not _ACCOUNT_NAME.fullmatch(name):
        raise ConfigError(
            path,
            where("name"),
            "expected up to 64 letters, digits, '_', '.' or '-', starting with a letter or digit",
        )

    environments = ENVIRONMENTS[provider]
    environment = _optional_string(path, where("environment"), table.get("environment"))
    if environment is not None and environment not in environments:
        raise ConfigError(
            path, where("environment"), f"unknown environment {environment!r}{_expected(environments)}"
        )
    base_url = _optional_string(path, where("base_url"), table.get("base_url"))
    if base_url is not None:
        _check_url(path, where("base_url"), base_url)
    else:
        environment = environment or DEFAULT_ENVIRONMENTS[provider]
        base_url = environments[environment]
        # base_url, when given, overrides environment (as AuthenticatedClient's base_url does).

    credential_env = _required_string(
        path, where("credential_env"), table.get("credential_env"), "the name of an environment variable"
    )
    if not _ENV_NAME.fullmatch(credential_env):
        # Not repeated: a credential pasted here by mistake must not reach the terminal.
        raise ConfigError(
            path,
            where("credential_env"),
            "not an environment variable name (letters, digits and _; give the variable's name, "
            "never the credential itself)",
        )
    timeout = _timeout(path, where("timeout"), table.get("timeout"))
    insecure = table.get("allow_insecure_http", False)
    if not isinstance(insecure, bool):
        raise ConfigError(
            path, where("allow_insecure_http"), f"expected true or false, got {_kind(insecure)}"
        )
    org_id: str | None = None
    client_ids: tuple[str, ...] | None = None
    if provider == "slashid":
        org_id = _required_string(path, where("org_id"), table.get("org_id"), "the SlashID organization ID")
    if provider == "launchdarkly":
        client_ids = _client_ids(path, where("client_ids"), table.get("client_ids"))
    return ProviderConfig(
        provider=provider,
        where=table_key,
        name=name,
        base_url=base_url,
        environment=None if "base_url" in table else environment,
        credential_env=credential_env,
        timeout=timeout,
        allow_insecure_http=insecure,
        org_id=org_id,
        client_ids=client_ids,
    )


def _provider_name(name: str) -> ProviderName | None:
    return next((provider for provider in PROVIDER_NAMES if provider == name), None)


def _optional_string(path: str, key: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(path, key, f"expected a string, got {_kind(value)}")
    if not value.strip():
        raise ConfigError(path, key, "empty (leave the key out instead)")
    return value.strip()


def _required_string(path: str, key: str, value: object, what: str) -> str:
    if value is None:
        raise ConfigError(path, key, f"missing ({what}, a string)")
    if not isinstance(value, str):
        raise ConfigError(path, key, f"expected {what} (a string), got {_kind(value)}")
    if not value.strip():
        raise ConfigError(path, key, f"empty (expected {what})")
    return value.strip()


def _check_url(path: str, key: str, url: str) -> None:
    # The URL itself is not repeated in messages: it might carry a user name and password.
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:
        problem = "the port is not a number from 1 to 65535" if "port" in str(error).lower() else str(error)
        raise ConfigError(path, key, f"not a valid URL: {problem}") from None
    if port == 0:
        raise ConfigError(path, key, "not a valid URL: the port is not a number from 1 to 65535")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(path, key, "expected an http:// or https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            path, key, "must not contain a user name or password (credentials come from credential_env)"
        )


def _timeout(path: str, key: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(path, key, f"expected a number of seconds, got {_kind(value)}")
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(path, key, f"expected a positive number of seconds, got {value}")
    return float(value)


def _client_ids(path: str, key: str, value: object) -> tuple[str, ...] | None:
    """The client IDs to fetch, or None (the key left out) for every client of the account."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ConfigError(path, key, f"expected an array of client IDs, got {_kind(value)}")
    items = cast("list[object]", value)
    if not items:
        raise ConfigError(
            path, key, "empty (name at least one client ID, or leave the key out for every client)"
        )
    client_ids: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(
                path, f"{key}[{index}]", f"expected a client ID (a non-empty string), got {_kind(item)}"
            )
        client_ids.append(item.strip())
    return tuple(dict.fromkeys(client_ids))


def _kind(value: object) -> str:
    """The TOML type of a value, for messages (the value itself is not shown)."""
    if isinstance(value, str) and not value.strip():
        return "an empty string"
    return next((name for kind, name in _TOML_KINDS if isinstance(value, kind)), "a date or time")


def _expected(choices: Sequence[str] | Mapping[str, str]) -> str:
    return f" (expected one of: {', '.join(choices)})"


def _suggest(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else _expected(choices)


__all__ = ["Config", "ConfigError", "ProviderConfig", "build_source", "load_config", "read_credentials"]
