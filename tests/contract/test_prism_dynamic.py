"""Prism in dynamic mode (`--dynamic`) invents a fresh response from the schema for each request:
for every operation, 200 of them through the async client of `oauth_clients`. Each must be valid
against the spec's schema (so we never accept something wrong because Prism sent it), parse into
the success model, and come back unchanged from `to_dict()`; a success documented without a body
(a 204) must come without one, and parse into None.

Prism picks its values at random on every run, so a failure message carries the whole payload."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import pytest
from contract_cases import Operation, differences, model_class, spec_operations
from prism_guard import guarded_client
from support.calls import example_arguments
from support.specs import validator_for

import oauth_clients
from oauth_clients.errors import APIError

OPERATIONS = spec_operations()
WITH_BODY = [o for o in OPERATIONS if o.pointer is not None]
RESPONSES = 200
CONCURRENCY = 16
SHOWN = 3  # problems listed in a failure message


@dataclass
class Outcome:
    """One dynamic response: its status, raw body, and the parsed model or the error parsing it."""

    status: int
    body: bytes
    parsed: Any = None
    error: APIError | None = None

    @property
    def json(self) -> Any:
        return json.loads(self.body)


async def fetch(url: str, operation: Operation) -> list[Outcome]:
    call = getattr(getattr(oauth_clients, operation.provider), operation.operation_id)
    arguments = example_arguments(operation.provider, operation.operation_id)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(client: Any) -> Outcome:
        async with gate:
            try:
                response = await call.asyncio_detailed(client=client, **arguments)
            except APIError as error:  # the body did not parse: ResponseDecodeError
                return Outcome(error.status_code, error.body, error=error)
            return Outcome(response.status_code, response.content, parsed=response.parsed)

    prefer = f"code={operation.success_status}"
    async with guarded_client(operation.provider, url, prefer=prefer) as client:
        return list(await asyncio.gather(*(one(client) for _ in range(RESPONSES))))


@pytest.fixture(scope="session")
def dynamic_outcomes(prism_fleet):
    """`await dynamic_outcomes(operation)`: its 200 dynamic responses, fetched once per session."""
    fetched: dict[str, list[Outcome]] = {}

    async def outcomes(operation: Operation) -> list[Outcome]:
        if operation.id not in fetched:
            fetched[operation.id] = await fetch(prism_fleet.dynamic(operation.provider), operation)
        return fetched[operation.id]

    return outcomes


def fail(problems: list[tuple[str, Outcome]]) -> None:
    """Fail with how many responses went wrong, the first few problems, and the smallest payload
    with a problem in full."""
    listed = "\n".join(f"- {problem}" for problem, _ in problems[:SHOWN])
    problem, smallest = min(problems, key=lambda item: len(item[1].body))
    pytest.fail(
        f"{len(problems)} of {RESPONSES} responses went wrong, among them:\n{listed}\n\n"
        f"the smallest such payload ({problem}):\n{smallest.body.decode()}",
        pytrace=False,
    )


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.id for o in OPERATIONS])
async def test_dynamic_responses_are_valid_and_parse(operation, dynamic_outcomes):
    outcomes = await dynamic_outcomes(operation)
    assert len(outcomes) >= RESPONSES
    problems = []
    if operation.pointer is None:
        for outcome in outcomes:
            if outcome.status != operation.success_status:
                problems.append((f"HTTP {outcome.status} instead of {operation.success_status}", outcome))
            elif outcome.body or outcome.parsed is not None or outcome.error is not None:
                problems.append(("a response documented without a body came with one", outcome))
        if problems:
            fail(problems)
        return
    validator = validator_for(operation.provider, operation.pointer)
    model = model_class(operation.provider, operation.pointer)
    for outcome in outcomes:
        if outcome.status != operation.success_status:
            problems.append((f"HTTP {outcome.status} instead of {operation.success_status}", outcome))
            continue
        try:
            body = outcome.json
        except ValueError as error:
            problems.append((f"the body is not JSON: {error}", outcome))
            continue
        invalid = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(body)]
        if invalid:
            # Prism sent what the spec forbids; whether or not the client took it, this must be seen.
            verdict = "rejected it" if outcome.error else "accepted it"
            problems.append(
                (f"Prism sent a body the schema rejects ({invalid}); the client {verdict}", outcome)
            )
        elif outcome.error is not None:
            problems.append((f"a valid body did not parse: {outcome.error.problem}", outcome))
        elif type(outcome.parsed) is not model:
            problems.append((f"parsed into {type(outcome.parsed).__name__}, not {model.__name__}", outcome))
    if problems:
        fail(problems)


@pytest.mark.parametrize("operation", WITH_BODY, ids=[o.id for o in WITH_BODY])
async def test_dynamic_responses_round_trip(operation, dynamic_outcomes):
    outcomes = await dynamic_outcomes(operation)
    parsed = [o for o in outcomes if o.parsed is not None]
    assert len(parsed) >= RESPONSES, "see test_dynamic_responses_are_valid_and_parse"
    problems = []
    for outcome in parsed:
        changed = differences(outcome.json, outcome.parsed.to_dict())
        if changed:
            problems.append(("to_dict() differs from the body at " + "; ".join(changed[:5]), outcome))
    if problems:
        fail(problems)
