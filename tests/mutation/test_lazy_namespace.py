"""The lazy namespaces, name by name: `oauth_clients` itself (`__getattr__`, `__dir__`) and the
`forwarding` behind each provider package (a generated name from the generated package, a helper
from its hand-written module, each kept in the package's globals after its first use)."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
from types import ModuleType

import pytest

import oauth_clients
from oauth_clients._runtime.namespace import forwarding
from oauth_clients._runtime.retry import RetryPolicy
from oauth_clients._runtime.types import RequestInfo


def test_the_package_loads_each_lazy_name_from_its_module(monkeypatch):
    assert oauth_clients.__version__ == importlib.metadata.version("oauth-clients")
    assert oauth_clients.RetryPolicy is RetryPolicy
    assert oauth_clients.RequestInfo is RequestInfo
    for provider in oauth_clients.PROVIDERS:
        module = importlib.import_module(f"oauth_clients.{provider}")
        # Importing a submodule makes it an attribute of the package: without it, as before its
        # first use, the name goes through the package's __getattr__.
        monkeypatch.delattr(oauth_clients, provider)
        assert getattr(oauth_clients, provider) is module


def test_an_unknown_name_of_the_package_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError) as raised:
        _ = oauth_clients.okta  # type: ignore[attr-defined]
    assert str(raised.value) == "module 'oauth_clients' has no attribute 'okta'"


def test_the_package_lists_its_lazy_names_once_loaded_or_not():
    _ = oauth_clients.slashid, oauth_clients.leegality  # loaded: now in the module's globals too
    listed = dir(oauth_clients)
    assert listed == sorted(listed)
    lazy = {*oauth_clients.PROVIDERS, "RequestInfo", "RetryPolicy", "__version__"}
    assert lazy <= set(listed)
    assert set(vars(oauth_clients)) <= set(listed)
    assert len(listed) == len(set(listed))


@pytest.fixture
def package(monkeypatch) -> tuple[dict, ModuleType, str]:
    generated = ModuleType("fake_generated")
    generated.Model = object()  # type: ignore[attr-defined]
    generated.operation = object()  # type: ignore[attr-defined]
    helpers = ModuleType("fake_helpers")
    helpers.set_state = object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_helpers", helpers)
    namespace = {"__name__": "fake_package", "__all__": ["Model", "operation", "set_state"]}
    return namespace, generated, "fake_helpers"


def test_a_generated_name_comes_from_the_generated_package_and_is_kept(package):
    namespace, generated, helpers = package
    getattr_, _ = forwarding(namespace, generated, helpers, {"set_state"})
    assert getattr_("Model") is generated.Model
    assert namespace["Model"] is generated.Model
    assert "operation" not in namespace


def test_a_helper_comes_from_its_module_and_is_kept(package):
    namespace, generated, helpers = package
    getattr_, _ = forwarding(namespace, generated, helpers, {"set_state"})
    assert getattr_("set_state") is sys.modules["fake_helpers"].set_state
    assert namespace["set_state"] is sys.modules["fake_helpers"].set_state


def test_without_helpers_every_name_comes_from_the_generated_package(package):
    namespace, generated, _ = package
    generated.set_state = "generated"  # type: ignore[attr-defined]
    getattr_, _ = forwarding(namespace, generated)
    assert getattr_("set_state") == "generated"


def test_an_unknown_name_is_the_generated_packages_attribute_error(package):
    namespace, generated, helpers = package
    getattr_, _ = forwarding(namespace, generated, helpers, {"set_state"})
    with pytest.raises(AttributeError, match=r"^module 'fake_generated' has no attribute 'nothing'$"):
        getattr_("nothing")
    assert "nothing" not in namespace


def test_dir_lists_the_loaded_and_the_public_names_once_sorted(package):
    namespace, generated, helpers = package
    getattr_, dir_ = forwarding(namespace, generated, helpers, {"set_state"})
    assert dir_() == ["Model", "__all__", "__name__", "operation", "set_state"]
    namespace["_private"] = 1
    getattr_("Model")
    assert dir_() == ["Model", "__all__", "__name__", "_private", "operation", "set_state"]
