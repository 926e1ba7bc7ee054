"""Typed clients for the OAuth client management APIs of four vendors.

    from oauth_clients import leegality, slashid, loginradius, launchdarkly

Each provider module is generated from its spec in specs/ (see generated/) and re-exported here.
Providers load lazily: `import oauth_clients` imports none of them until one is used.

`RetryPolicy` says when a client retries idempotent requests (by default up to 3 attempts with
exponential backoff from 0.5 s, `Retry-After` honoured up to 30 s, within 60 s in all):

    client = leegality.AuthenticatedClient(token, retry=RetryPolicy(max_attempts=5))
    client = leegality.AuthenticatedClient(token, retry=None)  # or RetryPolicy.disabled()

`RequestInfo` is what `Response.request` and the errors' `request` hold (method and URL).
`__version__` is the installed version (read from the package metadata on first access).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

PROVIDERS = ("leegality", "slashid", "loginradius", "launchdarkly")
"""The provider modules, in the order of codegen/providers.toml (a test keeps them in step)."""

if TYPE_CHECKING:
    from oauth_clients import launchdarkly as launchdarkly
    from oauth_clients import leegality as leegality
    from oauth_clients import loginradius as loginradius
    from oauth_clients import slashid as slashid
    from oauth_clients._runtime.retry import RetryPolicy as RetryPolicy
    from oauth_clients._runtime.types import RequestInfo as RequestInfo

    __version__: str
    """The installed version of oauth-clients, e.g. ``0.1.0``."""


def __getattr__(name: str) -> ModuleType | type[RetryPolicy] | type[RequestInfo] | str:
    """The providers, `RetryPolicy`, `RequestInfo` and `__version__`, each loaded on first use."""
    if name == "__version__":  # read from the metadata only when asked: imports stay cheap
        version: str = importlib.import_module(f"{__name__}._runtime.identity").package_version()
        return version
    if name in PROVIDERS:
        return importlib.import_module(f"{__name__}.{name}")
    if name == "RetryPolicy":  # loaded on first use too: `import oauth_clients` stays free of httpx
        policy: type[RetryPolicy] = importlib.import_module(f"{__name__}._runtime.retry").RetryPolicy
        return policy
    if name == "RequestInfo":
        info: type[RequestInfo] = importlib.import_module(f"{__name__}._runtime.types").RequestInfo
        return info
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, the lazily loaded ones included (each once, loaded or not)."""
    return sorted({*globals(), *PROVIDERS, "RequestInfo", "RetryPolicy", "__version__"})


__all__ = ["PROVIDERS", "RequestInfo", "RetryPolicy", "launchdarkly", "leegality", "loginradius", "slashid"]
