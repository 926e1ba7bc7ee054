"""Every example payload of every spec parses into both model families and round-trips exactly."""

from __future__ import annotations

import importlib
import json

import pytest
from support.calls import call_answered
from support.specs import examples

EXAMPLES = examples()


def call_answered_with(example, function: str):
    """Call the example's operation (`sync`, `sync_detailed`, ...) against a transport that answers it."""
    return call_answered(example.provider, example.operation_id, function, int(example.status), example.value)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_attrs_model_parses_and_round_trips(example):
    response = call_answered_with(example, "sync_detailed")

    assert response.status_code == int(example.status)
    assert response.parsed is not None
    assert type(response.parsed).__module__.startswith(f"oauth_clients_generated.{example.provider}.models.")
    assert response.parsed.to_dict() == example.value
    assert json.dumps(response.parsed.to_dict(), sort_keys=True) == json.dumps(example.value, sort_keys=True)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_pydantic_model_parses_and_round_trips(example):
    schemas = importlib.import_module(f"oauth_clients.{example.provider}.schemas")
    model = getattr(schemas, example.schema_name).model_validate(example.value)
    assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == example.value


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_success_status_returns_the_model_and_error_status_raises(example):
    from oauth_clients.errors import APIStatusError

    if example.status.startswith("2"):
        assert call_answered_with(example, "sync").to_dict() == example.value
    else:
        with pytest.raises(APIStatusError) as raised:
            call_answered_with(example, "sync")
        assert raised.value.status_code == int(example.status)
        assert raised.value.documented
        assert raised.value.parsed is not None
        assert raised.value.parsed.to_dict() == example.value
        assert example.operation_id in str(raised.value)
