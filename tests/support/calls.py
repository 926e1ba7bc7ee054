"""Calling generated operations with placeholder arguments."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any

import oauth_clients


def provider_module(provider: str) -> ModuleType:
    return importlib.import_module(f"oauth_clients.{provider}")


def operation_module(provider: str, operation_id: str) -> ModuleType:
    return getattr(provider_module(provider), operation_id)


def placeholder_arguments(operation: ModuleType) -> dict[str, Any]:
    """A value for every parameter of the operation but `client` (all our parameters are strings)."""
    signature = inspect.signature(operation.sync_detailed)
    return {name: f"placeholder-{name}" for name in signature.parameters if name != "client"}


assert oauth_clients.PROVIDERS  # the namespace itself must import without a provider
