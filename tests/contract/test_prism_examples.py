"""Every documented response of every operation, served by Prism from the spec's named examples
(`Prefer: code=NNN, example=name`), through `oauth_clients.<provider>.<operation>`: sync and async,
plain and detailed. A success is the typed model (None for a response documented without a body,
such as a 204), an error status the typed error carrying the typed error model, each equal to the
example; Prism rejects any request that breaks the spec (request bodies included: each is the
spec's request example, as the typed model)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from contract_cases import Case, differences, error_class, example_cases, model_class, spec_operations
from prism_guard import guarded_client
from support.calls import example_arguments

import oauth_clients
from oauth_clients import errors

CASES = example_cases()
OPERATIONS = spec_operations()


def operation_of(provider: str, operation_id: str) -> Any:
    return getattr(getattr(oauth_clients, provider), operation_id)


def assert_is_example(case: Case, model: Any) -> None:
    if case.pointer is None:
        assert model is None, f"{type(model).__qualname__} for a response documented without a body"
        return
    expected = model_class(case.provider, case.pointer)
    assert type(model) is expected, f"{type(model).__qualname__} is not the documented {expected.__name__}"
    assert differences(case.value, model.to_dict()) == []


def check_detailed(case: Case, detailed: Any) -> None:
    """`sync_detailed()` / `asyncio_detailed()`: the status, Prism's body, and the typed model."""
    assert detailed.status_code == case.status
    if case.bodiless:
        assert detailed.content == b"", "Prism served a body where the spec documents none"
    else:
        assert differences(case.value, json.loads(detailed.content)) == [], "Prism served another example"
    assert_is_example(case, detailed.parsed)


def check_error(case: Case, error: errors.APIStatusError, detailed: Any) -> None:
    assert type(error) is error_class(case.status)
    assert error.status_code == case.status
    assert error.documented is True
    assert case.operation_id in str(error)
    assert_is_example(case, error.parsed)
    assert error.parsed == detailed.parsed


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sync(case, prism_fleet):
    operation = operation_of(case.provider, case.operation_id)
    arguments = example_arguments(case.provider, case.operation_id)
    url = prism_fleet.static(case.provider)
    with guarded_client(case.provider, url, prefer=case.prefer) as client:
        detailed = operation.sync_detailed(client=client, **arguments)
        check_detailed(case, detailed)
        if case.success:
            assert_is_example(case, operation.sync(client=client, **arguments))
        else:
            with pytest.raises(errors.APIStatusError) as raised:
                operation.sync(client=client, **arguments)
            check_error(case, raised.value, detailed)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_async(case, prism_fleet):
    operation = operation_of(case.provider, case.operation_id)
    arguments = example_arguments(case.provider, case.operation_id)
    url = prism_fleet.static(case.provider)
    async with guarded_client(case.provider, url, prefer=case.prefer) as client:
        detailed = await operation.asyncio_detailed(client=client, **arguments)
        check_detailed(case, detailed)
        if case.success:
            assert_is_example(case, await operation.asyncio(client=client, **arguments))
        else:
            with pytest.raises(errors.APIStatusError) as raised:
                await operation.asyncio(client=client, **arguments)
            check_error(case, raised.value, detailed)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.id for o in OPERATIONS])
def test_without_prefer_the_first_success_example_is_served(operation, prism_fleet):
    (first, *_) = [
        c
        for c in CASES
        if (c.provider, c.operation_id, c.status)
        == (operation.provider, operation.operation_id, operation.success_status)
    ]
    call = operation_of(operation.provider, operation.operation_id)
    arguments = example_arguments(operation.provider, operation.operation_id)
    with guarded_client(operation.provider, prism_fleet.static(operation.provider)) as client:
        assert_is_example(first, call.sync(client=client, **arguments))


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.id for o in OPERATIONS])
def test_every_documented_status_is_covered(operation):
    covered = {
        c.status
        for c in CASES
        if (c.provider, c.operation_id) == (operation.provider, operation.operation_id)
    }
    for status in operation.statuses:
        assert status.isdigit(), f"Prism's `Prefer: code=` cannot force the status {status!r}"
        assert int(status) in covered, f"status {status} has no named example to check"
