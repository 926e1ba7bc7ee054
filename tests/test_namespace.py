"""The oauth_clients namespace: lazy, complete, and in step with the provider table."""

from __future__ import annotations

import importlib
import importlib.util
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


def loaded_after(code: str) -> set[str]:
    """The modules of ours, attrs and httpx that a fresh interpreter has loaded after `code`."""
    probe = (
        f"{code}\nimport sys\n"
        "print(sorted(m for m in sys.modules if m.startswith(('oauth_clients', 'attrs', 'httpx'))))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(eval(output))  # a list of module names printed by our own probe


@pytest.mark.parametrize("provider", PROVIDERS)
def test_importing_a_provider_loads_no_operation_nor_model(provider):
    loaded = loaded_after(f"from oauth_clients import {provider}")
    assert not any(".api." in name or ".models." in name for name in loaded), sorted(loaded)
    assert "attrs" not in loaded


def test_an_operation_loads_on_first_use_with_only_what_it_needs():
    loaded = loaded_after("from oauth_clients import slashid\nslashid.get_oauth2_client")
    assert "oauth_clients_generated.slashid.api.oauth_clients.get_oauth2_client" in loaded
    assert "oauth_clients_generated.slashid.api.oauth_clients.list_oauth2_clients" not in loaded
    assert not any(name.startswith("oauth_clients_generated.leegality") for name in loaded)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_lazy_names_import_list_and_complete_like_eager_ones(provider):
    namespace = importlib.import_module(f"oauth_clients.{provider}")
    # `from oauth_clients.<provider> import X` for every public name, in a fresh interpreter.
    names = ", ".join(namespace.__all__)
    loaded_after(f"from oauth_clients.{provider} import {names}")
    # dir() lists every public name, loaded or not; each resolves to the generated object.
    assert set(namespace.__all__) <= set(dir(namespace))
    generated = importlib.import_module(f"oauth_clients_generated.{provider}")
    for name in generated.__all__:
        assert getattr(namespace, name) is getattr(generated, name), name
    # Beyond the generated names: the hand-written helpers (oauth_clients.helpers), and only those.
    module = f"oauth_clients.helpers.{provider}"
    helpers = importlib.import_module(module) if importlib.util.find_spec(module) else None
    assert set(namespace.__all__) - set(generated.__all__) == set(helpers.__all__ if helpers else ())
    for name in set(namespace.__all__) - set(generated.__all__):
        assert getattr(namespace, name) is getattr(helpers, name), name
    # A star import gives exactly __all__.
    scope: dict[str, object] = {}
    exec(f"from oauth_clients.{provider} import *", scope)
    assert set(scope) - {"__builtins__"} == set(namespace.__all__)


def test_an_unknown_name_is_an_attribute_error():
    from oauth_clients import slashid

    with pytest.raises(AttributeError, match="no attribute 'no_such_operation'"):
        _ = slashid.no_such_operation  # type: ignore[attr-defined]
