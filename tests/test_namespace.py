"""The oauth_clients namespace: lazy, complete, and in step with the provider table."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import typing

import pytest
from support.specs import providers

import oauth_clients

PROVIDERS = [p.name for p in providers()]


def test_provider_list_matches_the_provider_table():
    assert list(oauth_clients.PROVIDERS) == PROVIDERS
    generated = importlib.import_module("oauth_clients_generated")
    assert list(generated.PROVIDERS) == [p.package for p in providers()]


def test_import_oauth_clients_imports_no_provider():
    code = "import sys, oauth_clients; print(sorted(m for m in sys.modules if m.startswith('oauth_clients')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['oauth_clients']"


def test_attribute_access_loads_a_provider():
    assert oauth_clients.slashid.__name__ == "oauth_clients.slashid"
    with pytest.raises(AttributeError, match="no attribute 'okta'"):
        _ = oauth_clients.okta


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_generated_operation_and_model_is_reachable(provider):
    namespace = importlib.import_module(f"oauth_clients.{provider}")
    generated = importlib.import_module(f"oauth_clients_generated.{provider}")
    unreachable = []
    for package in ("models", "api"):
        root = importlib.import_module(f"{generated.__name__}.{package}")
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{root.__name__}."):
            if info.ispkg:
                continue
            module = importlib.import_module(info.name)
            short = info.name.rsplit(".", 1)[-1]
            if package == "api":
                if getattr(namespace, short, None) is not module:
                    unreachable.append(info.name)
                continue
            public = [
                name
                for name, value in vars(module).items()
                if not name.startswith("_")
                and (
                    (inspect.isclass(value) and value.__module__ == module.__name__)
                    or typing.get_origin(value) is typing.Literal  # a literal enum
                )
            ]
            unreachable += [f"{info.name}.{name}" for name in public if not hasattr(namespace, name)]
    assert unreachable == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_namespace_offers_client_environments_operations_and_errors(provider):
    namespace = importlib.import_module(f"oauth_clients.{provider}")
    for name in (
        "AuthenticatedClient",
        "BASE_URLS",
        "DEFAULT_ENVIRONMENT",
        "Environment",
        "APIError",
        "NotFoundError",
        "UNSET",
    ):
        assert name in namespace.__all__, name
    assert all(hasattr(namespace, name) for name in namespace.__all__)


def test_schemas_need_the_pydantic_extra(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pydantic" else real(name, *a)
    )
    monkeypatch.delitem(sys.modules, "oauth_clients.slashid.schemas", raising=False)
    with pytest.raises(ImportError, match=r"oauth-clients\[pydantic\]"):
        importlib.import_module("oauth_clients.slashid.schemas")
