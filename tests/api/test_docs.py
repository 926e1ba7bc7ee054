"""`nox -s docs`: the offline reference names every provider, operation and model."""

from __future__ import annotations

import importlib
import re

import pytest
from support.specs import load_spec, providers

from tools.api_docs import build

METHODS = ("get", "put", "post", "patch", "delete")
PROVIDERS = [p.name for p in providers()]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build(out)
    return out


def ids(page) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))


def test_the_index_links_every_provider_both_ways(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="python/oauth_clients.html"' in index
    for provider in PROVIDERS:
        assert f'href="python/oauth_clients/{provider}.html"' in index
        assert f'href="specs/{provider}.html"' in index


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_python_reference_lists_every_model_and_operation(site, provider):
    package = importlib.import_module(f"oauth_clients.{provider}")
    page = ids(site / "python" / "oauth_clients" / f"{provider}.html")
    models = importlib.import_module(f"oauth_clients_generated.{provider}.models")
    for model in models.__all__:
        assert model in page, f"{provider}: model {model} is missing"
    assert "AuthenticatedClient" in page
    for name in package.__all__:
        module = getattr(package, name)
        if name == "errors" or not hasattr(module, "sync_detailed"):
            continue
        operation_page = site / "python" / (module.__name__.replace(".", "/") + ".html")
        assert {"sync", "sync_detailed", "asyncio", "asyncio_detailed"} <= ids(operation_page), name


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_pydantic_models_have_their_page(site, provider):
    page = ids(site / "python" / "oauth_clients" / provider / "schemas.html")
    for schema in load_spec(provider)["components"]["schemas"]:
        assert schema in page, f"{provider}.schemas: {schema} is missing"


def test_errors_inventory_and_cli_have_their_pages(site):
    errors = importlib.import_module("oauth_clients.errors")
    assert set(errors.__all__) <= ids(site / "python" / "oauth_clients" / "errors.html")
    inventory = importlib.import_module("oauth_clients.inventory")
    assert {"collect", "ClientRecord"} <= ids(site / "python" / "oauth_clients" / "inventory.html")
    assert set(inventory.__all__) & ids(site / "python" / "oauth_clients" / "inventory.html")
    assert "main" in ids(site / "python" / "oauth_clients" / "cli.html")
    assert "RetryPolicy" in ids(site / "python" / "oauth_clients.html")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_spec_reference_names_every_operation_and_schema_offline(site, provider):
    page = (site / "specs" / f"{provider}.html").read_text(encoding="utf-8")
    spec = load_spec(provider)
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method in METHODS:
                assert operation["operationId"] in page
                assert operation["summary"] in page
    for schema in spec["components"]["schemas"]:
        assert schema in page
    assert not re.search(r"<script[^>]+src=", page), "the page loads a script from elsewhere"
