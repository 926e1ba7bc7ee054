"""Calling generated operations with placeholder arguments."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any

import httpx


def provider_module(provider: str) -> ModuleType:
    return importlib.import_module(f"oauth_clients.{provider}")


def operation_module(provider: str, operation_id: str) -> ModuleType:
    return getattr(provider_module(provider), operation_id)


def placeholder_arguments(operation: ModuleType) -> dict[str, Any]:
    """A value for every parameter of the operation but `client` (all our parameters are strings)."""
    signature = inspect.signature(operation.sync_detailed)
    return {name: f"placeholder-{name}" for name in signature.parameters if name != "client"}


def call_answered(provider: str, operation_id: str, function: str, status: int, body: Any) -> Any:
    """Call `function` (`sync`, `sync_detailed`, ...) of an operation whose server answers `body`.

    `body` is sent as JSON unless it is bytes. The transport is httpx's MockTransport: this is for
    parsing tests; tests of HTTP itself use a real server.
    """

    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})
        return httpx.Response(status, json=body)

    client = provider_module(provider).AuthenticatedClient(
        "token", base_url="http://api.test", transport=httpx.MockTransport(answer)
    )
    operation = operation_module(provider, operation_id)
    return getattr(operation, function)(client=client, **placeholder_arguments(operation))
