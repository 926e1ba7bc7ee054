"""Writes are repeated only where the spec says repeating is safe (`x-idempotent`), never by method.

For every operation of every spec, against a fault server of ours on 127.0.0.1: a 503, or a
connection reset after the request was sent, makes exactly one attempt for an operation marked
`x-idempotent: false` (a create, a secret rotation, a toggle) and the policy's number for the
others; the reset of a non-repeatable request is an `OutcomeUnknownError` (the change may or may
not have happened), never a plain "connection failed". A request refused before sending is a plain
connection error: nothing happened.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest
from support.calls import operation_module, placeholder_arguments, provider_module
from support.faults import Hang, Reset, Respond, fault_server
from support.specs import load_spec, operations, providers

from oauth_clients import RetryPolicy
from oauth_clients.errors import APIConnectionError, OutcomeUnknownError, ServerError

CREDENTIAL = "write-safety-test-credential-0123456789"
POLICY = RetryPolicy(max_attempts=3, initial_backoff=0.001, jitter=0.0)

OPERATIONS = [
    pytest.param(
        provider.name,
        operation["operationId"],
        operation["x-idempotent"],
        id=f"{provider.name}-{operation['operationId']}",
    )
    for provider in providers()
    for _, _, operation in operations(load_spec(provider.name))
]


def test_every_operation_declares_whether_it_may_be_repeated():
    assert all(isinstance(idempotent, bool) for _, _, idempotent in (p.values for p in OPERATIONS))
    assert any(not p.values[2] for p in OPERATIONS), "no non-repeatable operation: the specs lost them"


async def call(provider: str, operation_id: str, function: str, url: str, **options: Any) -> Any:
    """`function` of the operation against `url` (the retry policy POLICY), with `options`."""
    client = provider_module(provider).AuthenticatedClient(
        CREDENTIAL, base_url=url, retry=POLICY, **({"org_id": "org"} if provider == "slashid" else {})
    )
    operation = operation_module(provider, operation_id)
    arguments = {**placeholder_arguments(operation), **options}
    if function == "sync":
        with client:
            return operation.sync(client=client, **arguments)
    async with client:
        return await operation.asyncio(client=client, **arguments)


@pytest.mark.parametrize("function", ["sync", "asyncio"])
@pytest.mark.parametrize(("provider", "operation_id", "idempotent"), OPERATIONS)
async def test_a_503_is_retried_only_when_repeating_is_safe(provider, operation_id, idempotent, function):
    with fault_server(*[Respond(503, {})] * 3) as server:
        with pytest.raises(ServerError) as raised:
            await call(provider, operation_id, function, server.url)
    expected = POLICY.max_attempts if idempotent else 1
    assert server.count == expected
    assert raised.value.attempts == expected


@pytest.mark.parametrize("function", ["sync", "asyncio"])
@pytest.mark.parametrize(("provider", "operation_id", "idempotent"), OPERATIONS)
async def test_a_reset_after_sending_is_an_unknown_outcome_for_a_write_that_must_not_repeat(
    provider, operation_id, idempotent, function
):
    with fault_server(Reset(), Reset(), Reset()) as server:
        with pytest.raises(APIConnectionError) as raised:
            await call(provider, operation_id, function, server.url)
    if idempotent:
        assert server.count == POLICY.max_attempts
        assert not isinstance(raised.value, OutcomeUnknownError)
    else:
        assert server.count == 1
        assert isinstance(raised.value, OutcomeUnknownError)
        assert raised.value.timed_out is False
        assert "may or may not have happened" in str(raised.value)
        assert raised.value.attempts == 1


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("provider", "operation_id"),
    [("slashid", "rotate_oauth2_client_secret"), ("leegality", "toggle_oauth2_client_state")],
)
async def test_a_request_refused_before_sending_is_a_plain_connection_error(provider, operation_id):
    with pytest.raises(APIConnectionError) as raised:
        await call(provider, operation_id, "sync", f"http://127.0.0.1:{closed_port()}")
    assert not isinstance(raised.value, OutcomeUnknownError)
    assert "connection failed (ConnectError)" in str(raised.value)


@pytest.mark.parametrize("function", ["sync", "asyncio"])
async def test_no_answer_within_the_deadline_is_an_unknown_outcome_for_a_rotation(function):
    with fault_server(Hang()) as server, pytest.raises(OutcomeUnknownError) as raised:
        await call("slashid", "rotate_oauth2_client_secret", function, server.url, deadline=0.5)
    assert server.count == 1
    assert raised.value.timed_out is True
