"""Typed clients for the OAuth client management APIs of four vendors.

    from oauth_clients import leegality, slashid, loginradius, launchdarkly

Each provider module is generated from its spec in specs/ (see generated/) and re-exported here.
Providers load lazily: `import oauth_clients` imports none of them until one is used.
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


def __getattr__(name: str) -> ModuleType:
    if name in PROVIDERS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *PROVIDERS])


__all__ = ["PROVIDERS", "launchdarkly", "leegality", "loginradius", "slashid"]
