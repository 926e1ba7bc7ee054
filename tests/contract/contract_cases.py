"""What the contract suite checks, derived from the specs: operations, their documented responses
with every named example (a response documented without a body, such as a 204, is one case of its
own), the typed model each response parses into, and the typed error each error status raises."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from support.specs import ROOT, examples, load_spec, operations, pointer_get, providers

import oauth_clients
from oauth_clients import errors

# The error class `sync()` raises for each status (src/oauth_clients/errors.py, restated here).
ERROR_CLASSES: dict[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    429: errors.RateLimitError,
    **{status: errors.ServerError for status in range(500, 600)},
}


def _escape(token: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def error_class(status: int) -> type[errors.APIStatusError]:
    return ERROR_CLASSES.get(status, errors.APIStatusError)


@cache
def class_overrides(provider: str) -> dict[str, str]:
    """Schema name -> Python class name, where the provider's codegen config renames a class."""
    table = tomllib.loads((ROOT / "codegen" / "providers.toml").read_text())["providers"]
    config = yaml.safe_load((ROOT / table[provider]["config"]).read_text(encoding="utf-8"))
    return {
        schema: entry["class_name"]
        for schema, entry in (config.get("class_overrides") or {}).items()
        if "class_name" in entry
    }


def model_class(provider: str, pointer: str) -> type:
    """The typed model, exported by `oauth_clients.<provider>`, of the schema at `pointer`."""
    schema = pointer_get(load_spec(provider), pointer)
    assert "$ref" in schema, f"{provider} {pointer}: the response schema is not a named component"
    name = schema["$ref"].rsplit("/", 1)[-1]
    return getattr(getattr(oauth_clients, provider), class_overrides(provider).get(name, name))


NO_BODY = "no-body"
"""The example name of a case whose response is documented without a body."""


@dataclass(frozen=True)
class Case:
    """One named example of one documented response of one operation, or a response documented
    without a body (`example` NO_BODY, `value` and `pointer` None)."""

    provider: str
    operation_id: str
    status: int
    example: str
    value: Any
    pointer: str | None  # of the response's JSON schema; None when the response has no body

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.operation_id}-{self.status}-{self.example}"

    @property
    def success(self) -> bool:
        return 200 <= self.status < 300

    @property
    def bodiless(self) -> bool:
        return self.pointer is None

    @property
    def prefer(self) -> str:
        """The Prefer header that makes Prism answer with exactly this status and example."""
        if self.bodiless:
            return f"code={self.status}"
        return f"code={self.status}, example={self.example}"


def example_cases() -> list[Case]:
    """Every named example of a numbered status, and every numbered status documented without a body."""
    named = [
        Case(e.provider, e.operation_id, int(e.status), e.name, e.value, e.pointer)
        for e in examples()
        if e.status.isdigit()
    ]
    bodiless = [
        Case(provider.name, operation["operationId"], int(status), NO_BODY, None, None)
        for provider in providers()
        for _, _, operation in operations(load_spec(provider.name))
        for status, response in operation["responses"].items()
        if status.isdigit() and not response.get("content")
    ]
    return named + bodiless


@dataclass(frozen=True)
class Operation:
    provider: str
    operation_id: str
    success_status: int
    pointer: str | None  # of the success response's JSON schema; None when it has no body
    statuses: tuple[str, ...]  # every documented status, as the spec spells it

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.operation_id}"


def spec_operations() -> list[Operation]:
    found = []
    for provider in providers():
        for path, method, operation in operations(load_spec(provider.name)):
            statuses = tuple(operation["responses"])
            success = min(int(s) for s in statuses if s.isdigit() and s.startswith("2"))
            content = operation["responses"][str(success)].get("content") or {}
            assert set(content) <= {"application/json"}, (
                f"{provider.name} {operation['operationId']}: a {success} body of {sorted(content)}; "
                "the contract suite checks JSON bodies and bodiless responses only"
            )
            pointer = None
            if content:
                response = ["responses", str(success), "content", _escape("application/json"), "schema"]
                pointer = "/".join(["#", "paths", _escape(path), method, *response])
            found.append(Operation(provider.name, operation["operationId"], success, pointer, statuses))
    return found


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where two JSON values differ, strictly: `true` is not `1`, `1` is not `1.0`, key order aside."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(expected.keys() | actual.keys()):
            where = f"{path}/{key}"
            if key not in actual:
                found.append(f"{where}: missing (expected {json.dumps(expected[key])})")
            elif key not in expected:
                found.append(f"{where}: unexpected {json.dumps(actual[key])}")
            else:
                found += differences(expected[key], actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for d in differences(e, a, f"{path}/{i}")
        ]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path or '/'}: expected {json.dumps(expected)}, got {json.dumps(actual)}"]
    return []
