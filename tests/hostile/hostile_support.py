"""What the hostile-server tests share: one operation per provider, and the sentinel credential."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import re
from types import ModuleType
from typing import Any
from urllib.parse import quote, quote_plus

from support.calls import operation_module, provider_module

PROVIDERS = ("leegality", "slashid", "loginradius", "launchdarkly")
OPERATIONS = {
    "leegality": "list_oauth2_clients",
    "slashid": "list_oauth2_clients",
    "loginradius": "list_oauth_clients",
    "launchdarkly": "get_oauth2_client",
}

# Characters that JSON, HTML and percent-encoding each spell another way, around a recognisable core.
SENTINEL = 'Sentinel/"Cred\\+&=%<7c1f9a>'


def operation(provider: str) -> ModuleType:
    return operation_module(provider, OPERATIONS[provider])


CALL_OPTIONS = frozenset({"client", "timeout", "deadline", "retry", "extra_headers"})


def arguments(provider: str) -> dict[str, Any]:
    """A placeholder for every parameter of the provider's operation (not for the call's options)."""
    signature = inspect.signature(operation(provider).sync_detailed)
    return {name: f"placeholder-{name}" for name in signature.parameters if name not in CALL_OPTIONS}


def client(provider: str, base_url: str, credential: str = SENTINEL, **options: Any) -> Any:
    return provider_module(provider).AuthenticatedClient(credential, base_url=base_url, **options)


def auth_header(provider: str) -> str:
    environments = importlib.import_module(f"oauth_clients_generated.{provider}.environments")
    return str(environments.AUTH_HEADER).lower()


def spellings(secret: str) -> set[str]:
    """The ways a server may echo `secret`: as is, JSON-escaped, HTML-escaped, percent-encoded."""
    escaped = json.dumps(secret)[1:-1]
    return {
        secret,
        escaped,
        escaped.replace("/", "\\/"),
        html.escape(secret),
        quote(secret, safe=""),
        re.sub(r"%[0-9A-F]{2}", lambda escape: escape[0].lower(), quote(secret, safe="")),
        quote_plus(secret, safe=""),
    }


def leaks(text: str, secret: str = SENTINEL, fragment: int = 8) -> list[str]:
    """Every run of `fragment` characters of any spelling of `secret` that occurs in `text`."""
    return sorted(
        {
            form[start : start + fragment]
            for form in spellings(secret)
            for start in range(len(form) - fragment + 1)
            if form[start : start + fragment] in text
        }
    )
