"""Each document's field list (tests/specs/fidelity/, written from the documents) matches its spec.

A field of the list that is missing from the spec, a spec field that is not in the list, and any
difference in type, format, enum, nullability, required-ness or secrecy fail the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support.specs import ROOT, load_spec, pointer_get, providers

FIDELITY = Path(__file__).parent / "fidelity"
SHARED_DOCS = ROOT.parent / "shared" / "docs"


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = pointer_get(spec, node["$ref"])
    return node


def describe(schema: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """A schema's facts in the vocabulary of the field lists."""
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    nullable = "null" in types
    types = [t for t in types if t != "null"]
    assert len(types) == 1, f"expected one non-null type, got {schema.get('type')}"
    facts: dict[str, Any] = {"type": types[0]}
    secret = schema.get("x-secret") is True
    if secret:
        assert schema.get("format") == "password", "a secret field must have format: password"
        facts["secret"] = True
    elif "format" in schema:
        facts["format"] = schema["format"]
    if "enum" in schema:
        facts["enum"] = sorted(v for v in schema["enum"] if v is not None)
    if nullable:
        facts["nullable"] = True
    if required:
        facts["required"] = True
    return facts


def flatten(
    spec: dict[str, Any], schema: dict[str, Any], path: str = "", required: bool = False
) -> dict[str, Any]:
    schema = resolve(spec, schema)
    fields = {path: describe(schema, required=required)} if path else {}
    for name, child in schema.get("properties", {}).items():
        child_path = f"{path}.{name}" if path else name
        fields |= flatten(spec, child, child_path, name in schema.get("required", []))
    if "items" in schema:
        fields |= flatten(spec, schema["items"], f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        fields |= flatten(spec, schema["additionalProperties"], f"{path}{{}}")
    return fields


def normalise(field: dict[str, Any]) -> dict[str, Any]:
    facts = {k: v for k, v in field.items() if v not in (False, None)}
    if "enum" in facts:
        facts["enum"] = sorted(facts["enum"])
    return facts


def cases() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for provider in providers():
        listing = yaml.safe_load((FIDELITY / f"{provider.name}.yaml").read_text(encoding="utf-8"))
        found += [(provider.name, operation) for operation in listing["operations"]]
    return found


CASES = cases()


@pytest.mark.parametrize(("provider", "documented"), CASES, ids=[f"{p}-{o['document']}" for p, o in CASES])
class TestDocumentFidelity:
    def operation(self, provider: str, documented: dict[str, Any]) -> dict[str, Any]:
        spec = load_spec(provider)
        operation = spec["paths"].get(documented["path"], {}).get(documented["method"])
        assert operation is not None, (
            f"{documented['method'].upper()} {documented['path']} is not in the spec"
        )
        return operation

    def test_operation_names_its_document(self, provider, documented):
        operation = self.operation(provider, documented)
        assert operation["x-source-document"] == documented["document"]
        if SHARED_DOCS.is_dir():
            assert (SHARED_DOCS / documented["document"]).is_file()

    def test_parameters(self, provider, documented):
        spec = load_spec(provider)
        operation = self.operation(provider, documented)
        actual = {}
        for parameter in operation.get("parameters", []):
            parameter = resolve(spec, parameter)
            actual[(parameter["in"], parameter["name"])] = {
                "required": parameter.get("required", False),
                "type": parameter["schema"]["type"],
            }
        expected = {
            (p["in"], p["name"]): {"required": p.get("required", False), "type": p["type"]}
            for p in documented.get("parameters", [])
        }
        assert actual == expected

    def test_statuses(self, provider, documented):
        operation = self.operation(provider, documented)
        assert sorted(operation["responses"]) == sorted(documented["responses"])

    def test_fields(self, provider, documented):
        spec = load_spec(provider)
        operation = self.operation(provider, documented)
        for status, response in documented["responses"].items():
            schema = resolve(spec, operation["responses"][status])["content"]["application/json"]["schema"]
            actual = flatten(spec, schema)
            expected = {path: normalise(field) for path, field in response["fields"].items()}
            missing = sorted(set(expected) - set(actual))
            invented = sorted(set(actual) - set(expected))
            differing = {
                p: (expected[p], actual[p])
                for p in sorted(set(expected) & set(actual))
                if expected[p] != actual[p]
            }
            assert (missing, invented, differing) == ([], [], {}), f"status {status}"


def test_every_provider_has_a_field_list():
    assert sorted(p.name for p in providers()) == sorted(p.stem for p in FIDELITY.glob("*.yaml"))
