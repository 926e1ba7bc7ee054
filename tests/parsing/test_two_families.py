"""One truth, two families: the attrs models (`from_dict`) and the pydantic models (`model_validate`)
accept and refuse the same bodies, and where both accept, both give back exactly the body.

Bodies: every named example and bodies drawn by hypothesis-jsonschema from every response schema,
each also rewritten one node at a time at every depth by the mutation set (`mutate.REWRITES`):
null in every optional property, null in required ones, integers sent as `3600.0` and `3600.5`,
unknown properties, unknown enum values, values of a wrong JSON type.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from pydantic import BaseModel, ValidationError
from support import mutate
from support.bodies import body_schema, response_schema, responses
from support.calls import operation_module
from support.specs import examples

from oauth_clients._runtime.shape import WrongShape

RESPONSES = responses()
EXAMPLES = examples()
DRAWN_BODIES = settings(
    max_examples=15,
    deadline=None,
    # hypothesis-jsonschema filters to satisfy `required` and formats: slow and picky, not wrong.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.large_base_example],
)


def families(provider: str, operation_id: str, status: str) -> tuple[Callable[[Any], Any], type[BaseModel]]:
    """The attrs parser of the response (the operation's own) and the pydantic model of its schema."""
    attrs_parse = getattr(operation_module(provider, operation_id), f"_parse_{status}")
    name = response_schema(provider, operation_id, status)["$ref"].rsplit("/", 1)[-1]
    schemas = importlib.import_module(f"oauth_clients.{provider}.schemas")
    return attrs_parse, getattr(schemas, name)


def assert_same_verdict(provider: str, operation_id: str, status: str, body: Any, label: str) -> bool:
    """Both families accept `body` and give it back, or both refuse it; returns whether accepted."""
    attrs_parse, pydantic_model = families(provider, operation_id, status)
    try:
        attrs_value = attrs_parse(body)
    except WrongShape as error:
        attrs_value, attrs_problem = None, str(error)
    try:
        pydantic_value = pydantic_model.model_validate(body)
    except ValidationError as error:
        pydantic_value, pydantic_problem = None, str(error)
    if attrs_value is None:
        assert pydantic_value is None, f"{label}: attrs refused ({attrs_problem}), pydantic accepted"
        return False
    assert pydantic_value is not None, f"{label}: pydantic refused ({pydantic_problem}), attrs accepted"
    assert attrs_value.to_dict() == body, f"{label}: attrs to_dict() differs from the body"
    dumped = pydantic_value.model_dump(by_alias=True, exclude_unset=True, mode="json")
    assert dumped == body, f"{label}: the pydantic dump differs from the body"
    return True


def assert_every_variant_agrees(provider: str, operation_id: str, status: str, body: Any) -> dict[str, int]:
    """The body and every one-node rewrite of it, by each rewrite; counts the accepted variants."""
    schema = response_schema(provider, operation_id, status)
    assert_same_verdict(provider, operation_id, status, body, "the body itself")
    accepted: dict[str, int] = {}
    for name, rewrite in mutate.REWRITES.items():
        accepted[name] = 0
        for path, variant in mutate.variants(provider, schema, body, rewrite):
            label = f"{name} at {path or '/'}"
            accepted[name] += assert_same_verdict(provider, operation_id, status, variant, label)
    return accepted


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_both_families_agree_on_every_rewrite_of_every_example(example):
    accepted = assert_every_variant_agrees(
        example.provider, example.operation_id, example.status, example.value
    )
    # The rewrites that must be accepted were (where the example has such a node).
    if isinstance(example.value, dict) and example.value:
        assert accepted["null-optional"] or not _has_optional(example), accepted
        assert accepted["unknown-property"] > 0, accepted


def _has_optional(example: Any) -> bool:
    schema = mutate.resolve(example.provider, example.schema)
    return any(name not in schema.get("required", []) for name in schema.get("properties", {}))


@pytest.mark.parametrize(("provider", "operation_id", "status"), RESPONSES)
@DRAWN_BODIES
@given(data=st.data())
def test_both_families_agree_on_drawn_bodies_and_their_rewrites(provider, operation_id, status, data):
    body = data.draw(from_schema(body_schema(provider, operation_id, status)), label="body")
    assert_every_variant_agrees(provider, operation_id, status, body)


NUMBERS = [
    pytest.param(3600.0, True, id="zero-fraction"),
    pytest.param(-0.0, True, id="negative-zero"),
    pytest.param(1e3, True, id="exponent"),
    pytest.param(3600.5, False, id="fraction"),
    pytest.param(True, False, id="boolean"),
    pytest.param("3600", False, id="string"),
]


@pytest.mark.parametrize(("value", "accepted"), NUMBERS)
def test_an_integer_field_takes_a_whole_number_in_both_families(value, accepted):
    body = {"Data": [{"ClientId": "c", "RefreshTokenTTL": value}]}
    assert assert_same_verdict("loginradius", "list_oauth_clients", "200", body, repr(value)) is accepted
    if accepted:
        parse, _ = families("loginradius", "list_oauth_clients", "200")
        ttl = parse(body).data[0].refresh_token_ttl
        assert type(ttl) is int
        assert ttl == value
