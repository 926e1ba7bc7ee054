"""Generated names are the ones a Python user would write, and both model families agree on them."""

from __future__ import annotations

import importlib
import inspect
import re

import attrs
import pytest
from support.specs import load_spec, providers

SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*_?")
PROVIDERS = [p.name for p in providers()]


def attrs_field_names(provider: str) -> set[str]:
    models = importlib.import_module(f"oauth_clients_generated.{provider}.models")
    names: set[str] = set()
    for _, cls in inspect.getmembers(models, attrs.has):
        # Fields the caller sets (not additional_properties, nor the private `_wire_nulls`).
        names.update(f.name for f in attrs.fields(cls) if f.init)
    return names


def pydantic_field_names(provider: str) -> set[str]:
    from pydantic import BaseModel, RootModel

    schemas = importlib.import_module(f"oauth_clients.{provider}.schemas")
    names: set[str] = set()
    for _, cls in inspect.getmembers(schemas, inspect.isclass):
        if (
            issubclass(cls, BaseModel)
            and not issubclass(cls, RootModel)  # a named enum or a list: no fields, only `root`
            and cls.__module__ == f"oauth_clients_generated.{provider}.schemas"
        ):
            names.update(cls.model_fields)
    return names


def spec_python_names(provider: str) -> set[str]:
    schemas = load_spec(provider).get("components", {}).get("schemas", {})
    return {
        prop["x-python-name"]
        for schema in schemas.values()
        for prop in (schema.get("properties") or {}).values()
        if isinstance(prop, dict) and "x-python-name" in prop
    }


@pytest.mark.parametrize("provider", PROVIDERS)
def test_attributes_are_plain_snake_case(provider):
    for name in attrs_field_names(provider) | pydantic_field_names(provider):
        assert SNAKE.fullmatch(name), f"{provider}: {name!r} is not a plain snake_case name"
        assert not name.startswith("field_"), f"{provider}: {name!r} kept the generator's prefix"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_attrs_and_pydantic_models_use_the_same_names(provider):
    # `type` is a builtin: openapi-python-client writes `type_`, pydantic keeps `type`.
    attrs_names = {name.removesuffix("_") for name in attrs_field_names(provider)}
    assert attrs_names == pydantic_field_names(provider)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_x_python_name_overrides_the_generated_name(provider):
    wanted = spec_python_names(provider)
    assert wanted <= attrs_field_names(provider)
    assert wanted <= pydantic_field_names(provider)


def test_acronyms_and_leading_underscores_read_naturally():
    from oauth_clients.launchdarkly import OAuthClient
    from oauth_clients.loginradius import BackChannelLogout

    assert "logout_uris" in attrs.fields_dict(BackChannelLogout)
    assert BackChannelLogout.from_dict({"LogoutURIs": ["https://x.test"]}).to_dict() == {
        "LogoutURIs": ["https://x.test"]
    }
    assert {"client_id", "links", "client_secret"} <= set(attrs.fields_dict(OAuthClient))
