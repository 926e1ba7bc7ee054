"""The wire-level summary: api-smart-diff's changes of a spec, sorted into what a changelog says."""

from __future__ import annotations

import copy

import pytest
import yaml

from tools.api_wire import ROOT, WireChange, run_differ, short, summary, wire_changes

SPEC = yaml.safe_load((ROOT / "specs" / "leegality.yaml").read_text(encoding="utf-8"))
ROUTE = "/api/v1/oauth2-clients"


def load_spec_copy(name: str):
    return yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))


def changes_after(edit, spec=SPEC) -> set[tuple[str, str, str, str]]:
    after = copy.deepcopy(spec)
    edit(after)
    (diffs,) = run_differ([(spec, after)])
    return {(c.category, c.where, c.what, c.kind) for c in wire_changes(spec, after, diffs)}


def client_properties(spec):
    return spec["components"]["schemas"]["OAuth2ClientVO"]["properties"]


def test_an_unchanged_spec_has_no_change():
    assert changes_after(lambda spec: None) == set()


def test_a_new_optional_property_is_reported_once_where_the_schema_is_defined():
    def edit(spec):
        client_properties(spec)["label"] = {"type": "string"}

    assert changes_after(edit) == {("properties", "OAuth2ClientVO.label", "added", "non-breaking")}


def test_a_changed_type_and_a_removed_enum_value_are_breaking():
    def edit(spec):
        client_properties(spec)["createdAt"]["type"] = "integer"
        client_properties(spec)["state"]["enum"] = ["ACTIVE"]

    assert changes_after(edit) == {
        ("types", "OAuth2ClientVO.createdAt", 'type "string" -> "integer"', "breaking"),
        ("enums", "OAuth2ClientVO.state", 'enum value "SUSPENDED" removed', "breaking"),
    }


def test_operations_parameters_and_statuses():
    def edit(spec):
        operation = spec["paths"][ROUTE]["get"]
        del operation["responses"]["500"]
        operation["parameters"] = [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]
        spec["paths"]["/api/v1/oauth2-clients/{id}/archive"] = {
            "post": {"operationId": "archive_client", "responses": {"204": {"description": "Archived."}}}
        }

    found = changes_after(edit)
    assert ("statuses", f"GET {ROUTE}", "response 500 removed", "breaking") in found
    assert ("parameters", f"GET {ROUTE}", "parameter limit (in query) added", "non-breaking") in found
    assert {c[:3] for c in found if c[0] == "operations"} == {
        ("operations", "POST /api/v1/oauth2-clients/{id}/archive", "operation archive_client added")
    }


def test_servers_and_security():
    def edit(spec):
        spec["servers"].pop()
        spec["components"]["securitySchemes"]["AuthToken"]["name"] = "X-Token"

    found = {c[:3] for c in changes_after(edit)}
    assert ("servers", "", "server https://sandbox.leegality.com/api removed") in found
    assert ("security", "AuthToken", 'name "X-Auth-Token" -> "X-Token"') in found


def test_the_summary_names_every_provider(tmp_path):
    before, after = tmp_path / "0.1.0" / "specs", tmp_path / "specs"
    for folder in (before, after):
        folder.mkdir(parents=True)
        for spec in (ROOT / "specs").glob("*.yaml"):
            (folder / spec.name).write_text(spec.read_text(encoding="utf-8"), encoding="utf-8")
    changed = copy.deepcopy(SPEC)
    client_properties(changed)["state"]["enum"].append("DELETED")
    (after / "leegality.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
    text = summary(before, after)
    assert text.splitlines()[0] == "Wire-level changes of the specs since 0.1.0 (api-smart-diff):"
    for name in ("launchdarkly", "loginradius", "slashid"):
        assert f"### {name}\n- No wire-level change." in text
    assert '### leegality\n- Enums: `OAuth2ClientVO.state`: enum value "DELETED" added (non-breaking)' in text


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (WireChange("types", "A.b", "type x -> y", "breaking"), "`A.b`: type x -> y (breaking)"),
        (WireChange("servers", "", "server u removed", "annotation"), "server u removed (annotation)"),
    ],
)
def test_a_change_reads_as_a_changelog_line(change, text):
    assert str(change) == text


def test_shared_parameters_and_our_extensions():
    spec = load_spec_copy("slashid")
    name = next(iter(spec["components"]["parameters"]))
    required = spec["components"]["parameters"][name].get("required", False)

    def edit(changed):
        parameter = changed["components"]["parameters"][name]
        parameter["required"] = not required
        parameter["x-our-note"] = "org"

    assert {c[:3] for c in changes_after(edit, spec)} == {
        (
            "parameters",
            f"components.parameters.{name}",
            f"required {short(required)} -> {short(not required)}",
        ),
        ("extensions", f"components.parameters.{name}", 'x-our-note added: "org"'),
    }
