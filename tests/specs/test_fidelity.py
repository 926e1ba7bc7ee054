"""Each operation's field list (tests/specs/fidelity/, written from its source) matches the spec.

An entry names its source: `document:` (a file in ../shared/docs/) or `source:` + `read_on:` (a URL
or `github:owner/repo:path@commit`, and the date it was read). It states whether repeating the call
is safe (`idempotent:`), its parameters, its request body (`request_body:`, with `content_type`,
`required` and `fields`) and, per status, the response's `fields` (`fields: {}`: no body). A field
of the list that is missing from the spec, a spec field that is not in the list, and any difference
in type, format, enum, nullability, required-ness or secrecy fail the test; so does a spec
operation without an entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support.specs import ROOT, load_spec, operations, pointer_get, providers

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
    assert not {"oneOf", "anyOf", "allOf", "not"} & set(schema), "composed schemas are not described"
    assert len(types) <= 1, f"expected one non-null type, got {schema.get('type')}"
    # No type at all (a JSON Patch operation's `value`): any JSON value.
    facts: dict[str, Any] = {"type": types[0] if types else "any"}
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


def listing(provider: str) -> list[dict[str, Any]]:
    text = (FIDELITY / f"{provider}.yaml").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = yaml.safe_load(text)["operations"]
    return entries


def cases() -> list[tuple[str, dict[str, Any]]]:
    return [(provider.name, operation) for provider in providers() for operation in listing(provider.name)]


CASES = cases()


def case_id(provider: str, entry: dict[str, Any]) -> str:
    return f"{provider}-{entry['method']}-{entry['path']}"


def body_fields(
    spec: dict[str, Any], content: dict[str, Any] | None, listed: dict[str, Any], what: str
) -> None:
    """The body's content type and fields are the listed ones (`fields: {}`: no body at all)."""
    if not listed["fields"]:
        assert content is None, f"{what}: the list has no body but the spec has {sorted(content or {})}"
        return
    content_type = listed.get("content_type", "application/json")
    assert content is not None and sorted(content) == [content_type], f"{what}: content types"
    actual = flatten(spec, content[content_type]["schema"])
    expected = {path: normalise(field) for path, field in listed["fields"].items()}
    missing = sorted(set(expected) - set(actual))
    invented = sorted(set(actual) - set(expected))
    differing = {
        p: (expected[p], actual[p]) for p in sorted(set(expected) & set(actual)) if expected[p] != actual[p]
    }
    assert (missing, invented, differing) == ([], [], {}), what


@pytest.mark.parametrize(("provider", "documented"), CASES, ids=[case_id(p, o) for p, o in CASES])
class TestDocumentFidelity:
    def operation(self, provider: str, documented: dict[str, Any]) -> dict[str, Any]:
        spec = load_spec(provider)
        operation = spec["paths"].get(documented["path"], {}).get(documented["method"])
        assert operation is not None, (
            f"{documented['method'].upper()} {documented['path']} is not in the spec"
        )
        return operation

    def test_operation_names_its_source(self, provider, documented):
        operation = self.operation(provider, documented)
        if "document" in documented:
            assert operation["x-source-document"] == documented["document"]
            assert "x-source" not in operation
            if SHARED_DOCS.is_dir():
                assert (SHARED_DOCS / documented["document"]).is_file()
        else:
            assert (operation["x-source"], operation["x-source-read-on"]) == (
                documented["source"],
                documented["read_on"],
            )
            assert "x-source-document" not in operation

    def test_idempotence(self, provider, documented):
        operation = self.operation(provider, documented)
        assert isinstance(documented["idempotent"], bool), "the list says idempotent: true or false"
        assert operation.get("x-idempotent") is documented["idempotent"]

    def test_parameters(self, provider, documented):
        spec = load_spec(provider)
        operation = self.operation(provider, documented)
        actual = {}
        for parameter in operation.get("parameters", []):
            parameter = resolve(spec, parameter)
            actual[(parameter["in"], parameter["name"])] = {
                "required": parameter.get("required", False),
                "type": resolve(spec, parameter["schema"])["type"],
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
            content = resolve(spec, operation["responses"][status]).get("content")
            body_fields(spec, content, response, f"status {status}")

    def test_request_body(self, provider, documented):
        spec = load_spec(provider)
        operation = self.operation(provider, documented)
        listed = documented.get("request_body")
        if listed is None:
            assert "requestBody" not in operation, "the spec has a request body the list does not"
            return
        body = resolve(spec, operation.get("requestBody", {}))
        assert body.get("required", False) is listed.get("required", False), "request body required-ness"
        assert listed["fields"], "a listed request body has fields"
        body_fields(spec, body.get("content"), listed, "request body")


@pytest.mark.parametrize("provider", [p.name for p in providers()])
def test_every_operation_has_an_entry(provider):
    spec = load_spec(provider)
    in_spec = sorted((method, path) for path, method, _ in operations(spec))
    listed = sorted((entry["method"], entry["path"]) for entry in listing(provider))
    assert in_spec == listed


def test_every_provider_has_a_field_list():
    assert sorted(p.name for p in providers()) == sorted(p.stem for p in FIDELITY.glob("*.yaml"))
