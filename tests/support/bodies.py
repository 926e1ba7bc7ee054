"""The JSON response schemas of the specs, as test parameters and as self-contained JSON Schemas."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from support.specs import load_spec, operations, providers


def responses() -> list[Any]:
    """(provider, operation ID, status) of every documented JSON response, as pytest params."""
    found = []
    for provider in providers():
        for _, _, operation in operations(load_spec(provider.name)):
            for status, response in operation["responses"].items():
                if "application/json" in response.get("content", {}):
                    found.append(
                        pytest.param(
                            provider.name,
                            operation["operationId"],
                            status,
                            id=f"{provider.name}-{operation['operationId']}-{status}",
                        )
                    )
    return found


def response_schema(provider: str, operation_id: str, status: str) -> dict[str, Any]:
    """The response's schema as the spec writes it (usually a `$ref`)."""
    spec = load_spec(provider)
    operation = next(op for _, _, op in operations(spec) if op["operationId"] == operation_id)
    return operation["responses"][status]["content"]["application/json"]["schema"]


@cache
def body_schema(provider: str, operation_id: str, status: str) -> dict[str, Any]:
    """The response schema as one self-contained JSON Schema (components moved to `$defs`)."""
    spec = load_spec(provider)
    schema = response_schema(provider, operation_id, status)
    text = json.dumps(schema).replace('"#/components/schemas/', '"#/$defs/')
    defs = json.loads(
        json.dumps(spec["components"]["schemas"]).replace('"#/components/schemas/', '"#/$defs/')
    )
    return {**json.loads(text), "$defs": defs}
