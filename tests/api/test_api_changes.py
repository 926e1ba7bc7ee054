"""The release comparison: every kind of change is classified as the docstring of api_changes says."""

from __future__ import annotations

import json
import re

import pytest

from tools.api_changes import Change, compare, main, problems
from tools.api_release import RELEASES, may_break
from tools.api_snapshot import ROOT

P = "oauth_clients.leegality"


def fn(*params, returns="None", is_async=False):
    return {
        "kind": "function",
        "async": is_async,
        "decorators": [],
        "params": list(params),
        "returns": returns,
    }


def param(name, annotation="str", default=None, kind="keyword-only"):
    return {"name": name, "kind": kind, "annotation": annotation, "default": default}


def field(annotation="str | Unset", default="UNSET"):
    return {"kind": "field", "annotation": annotation, "default": default}


def changes(old, new):
    return {(c.path.removeprefix(P + "."), c.breaking, c.what) for c in compare(old, new)}


def test_identical_snapshots_have_no_change():
    snapshot = {P: {"kind": "module"}, f"{P}.op": fn(param("client"))}
    assert compare(snapshot, json.loads(json.dumps(snapshot))) == []


def test_removed_and_added_names():
    old = {f"{P}.Model": {"kind": "class", "bases": []}, f"{P}.Model.a": field(), f"{P}.gone": fn()}
    new = {f"{P}.Model": {"kind": "class", "bases": []}, f"{P}.Model.a": field(), f"{P}.Model.b": field()}
    assert changes(old, new) == {("gone", True, "removed (function)"), ("Model.b", False, "added (field)")}


def test_members_of_a_removed_class_are_not_listed_again():
    old = {f"{P}.Model": {"kind": "class", "bases": []}, f"{P}.Model.a": field()}
    assert changes(old, {}) == {("Model", True, "removed (class)")}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ([param("a"), param("b")], [param("a")], (True, "parameter 'b' removed")),
        ([param("a")], [param("a"), param("b")], (True, "new required parameter 'b'")),
        ([param("a")], [param("a"), param("b", default="None")], (False, "new optional parameter 'b'")),
        ([param("a", default="1")], [param("a")], (True, "parameter 'a' is now required")),
        ([param("a")], [param("a", default="1")], (False, "parameter 'a' now has a default (1)")),
        ([param("a", default="1")], [param("a", default="2")], (True, "parameter 'a' default 1 -> 2")),
        ([param("a")], [param("a", "str | int")], (False, "parameter 'a' type str -> str | int")),
        ([param("a", "str | int")], [param("a")], (True, "parameter 'a' type str | int -> str")),
        (
            [param("a", kind="positional or keyword")],
            [param("a")],
            (True, "parameter 'a' is now keyword-only (was positional or keyword)"),
        ),
        (
            [param("a", kind="positional or keyword"), param("b", kind="positional or keyword")],
            [param("b", kind="positional or keyword"), param("a", kind="positional or keyword")],
            (True, "parameter 'a' moved from position 0 to 1"),
        ),
    ],
)
def test_signature_changes(old, new, expected):
    assert expected in {(c.breaking, c.what) for c in compare({f"{P}.op": fn(*old)}, {f"{P}.op": fn(*new)})}


def test_a_keyword_only_parameter_that_becomes_positional_is_additive():
    old, new = fn(param("a")), fn(param("a", kind="positional or keyword"))
    assert compare({f"{P}.op": old}, {f"{P}.op": new}) == []


def test_return_types_may_narrow_but_not_widen():
    wide, narrow = fn(returns="A | B"), fn(returns="A")
    assert changes({f"{P}.op": wide}, {f"{P}.op": narrow}) == {("op", False, "returns A | B -> A")}
    assert changes({f"{P}.op": narrow}, {f"{P}.op": wide}) == {("op", True, "returns A -> A | B")}


def test_any_change_of_a_field_type_is_breaking_in_both_directions():
    for old, new in (("str | Unset", "int | Unset"), ("str | Unset", "str"), ("str", "str | None")):
        found = changes({f"{P}.M.f": field(old)}, {f"{P}.M.f": field(new)})
        assert (("M.f", True, f"type {old} -> {new}")) in found


def test_union_order_is_not_a_change():
    assert compare({f"{P}.M.f": field("str | None | Unset")}, {f"{P}.M.f": field("Unset | str | None")}) == []


def test_a_field_that_loses_its_default_is_breaking():
    found = changes({f"{P}.M.f": field(default="UNSET")}, {f"{P}.M.f": field(default=None)})
    assert found == {("M.f", True, "now required (no default)")}


def test_enum_values_removed_are_breaking_and_added_are_additive():
    old = {f"{P}.State": {"kind": "enum", "values": ["ACTIVE", "SUSPENDED"]}}
    new = {f"{P}.State": {"kind": "enum", "values": ["ACTIVE", "DELETED"]}}
    assert changes(old, new) == {
        ("State", True, 'enum values removed: "SUSPENDED"'),
        ("State", False, 'enum values added: "DELETED"'),
    }


def test_literal_members_in_a_parameter_type_compare_one_by_one():
    old = fn(param("env", "Literal['eu', 'us']"))
    assert (
        compare({f"{P}.op": old}, {f"{P}.op": fn(param("env", "Literal['eu', 'us', 'gov']"))})[0].breaking
        is False
    )
    assert compare({f"{P}.op": old}, {f"{P}.op": fn(param("env", "Literal['eu']"))})[0].breaking is True


def test_constant_collections_compare_by_member():
    old = {f"{P}.VALUES": {"kind": "attribute", "annotation": None, "value": "frozenset({'A', 'B'})"}}
    new = {f"{P}.VALUES": {"kind": "attribute", "annotation": None, "value": "frozenset({'A', 'C'})"}}
    assert changes(old, new) == {
        ("VALUES", True, "no longer holds 'B'"),
        ("VALUES", False, "now also holds 'C'"),
    }


def test_a_removed_base_class_is_breaking():
    old = {f"{P}.E": {"kind": "class", "bases": ["APIError"]}}
    new = {f"{P}.E": {"kind": "class", "bases": ["Exception"]}}
    assert ("E", True, "no longer a subclass of APIError") in changes(old, new)


def test_a_change_seen_through_a_re_export_is_reported_once_at_its_origin():
    def snapshot(annotation):
        return {
            "oauth_clients.errors.APIError": {"kind": "class", "bases": []},
            "oauth_clients.errors.APIError.status_code": field(annotation, None),
            f"{P}.APIError": {"kind": "alias", "target": "oauth_clients.errors.APIError"},
        }

    found = compare(snapshot("int"), snapshot("str"))
    assert [c.path for c in found] == ["oauth_clients.errors.APIError.status_code"]


def test_a_re_export_that_disappears_is_a_removal():
    old = {
        "oauth_clients.errors.E": {"kind": "class", "bases": []},
        f"{P}.E": {"kind": "alias", "target": "oauth_clients.errors.E"},
    }
    new = {"oauth_clients.errors.E": {"kind": "class", "bases": []}}
    assert changes(old, new) == {("E", True, "removed (class)")}


def test_the_origin_of_a_re_export_is_a_public_name_too():
    target = {"kind": "class", "bases": []}
    old = {"oauth_clients.x.C": target, f"{P}.C": {"kind": "alias", "target": "oauth_clients.x.C"}}
    new = {f"{P}.C": target}
    assert changes(old, new) == {("oauth_clients.x.C", True, "removed (class)")}


@pytest.mark.parametrize(
    ("release", "version", "expected"),
    [
        ("0.1.0", "0.1.1", False),
        ("0.1.0", "0.2.0", True),
        ("0.1.0", "1.0.0", True),
        ("1.2.0", "1.3.0", False),
        ("1.2.0", "2.0.0", True),
    ],
)
def test_which_versions_may_break_a_release(release, version, expected):
    assert may_break(release, version) is expected


def test_a_breaking_change_needs_a_bump_and_its_name_in_the_changelog():
    change = [Change(f"{P}.OAuth2ClientVO.created_at", True, "type str -> int")]
    unversioned = problems(
        change, "0.1.0", "0.1.1", "## [0.1.1]\n- leegality.OAuth2ClientVO.created_at is an int\n"
    )
    assert len(unversioned) == 1
    assert "bump [project].version in pyproject.toml to 0.2.0" in unversioned[0]
    unnamed = problems(
        change,
        "0.1.0",
        "0.2.0",
        "## [0.2.0]\n- Something else.\n## [0.1.0]\n- leegality.OAuth2ClientVO.created_at\n",
    )
    assert len(unnamed) == 1
    assert "leegality.OAuth2ClientVO.created_at" in unnamed[0]
    named = "## [0.2.0] - 2026-12-01\n### Changed\n- `leegality.OAuth2ClientVO.created_at` is now an int.\n"
    assert problems(change, "0.1.0", "0.2.0", named) == []
    assert (
        problems(change, "0.1.0", "0.2.0", "## [Unreleased]\n- leegality.OAuth2ClientVO.created_at\n") == []
    )


def test_additive_changes_need_nothing():
    assert problems([Change(f"{P}.X", False, "added (class)")], "0.1.0", "0.1.0", "") == []


def test_the_check_fails_on_an_unversioned_breaking_change(tmp_path, capsys):
    baseline = tmp_path / "0.1.0"
    baseline.mkdir()
    release = json.loads((RELEASES / "0.1.0" / "api.json").read_text())
    release["oauth_clients.leegality.a_function_users_call"] = fn()
    (baseline / "api.json").write_text(json.dumps(release))
    root = tmp_path / "checkout"
    root.mkdir()
    for name in ("src", "generated", "codegen", "specs"):
        (root / name).symlink_to(ROOT / name)
    pyproject = re.sub(r'(?m)^version = ".*"$', 'version = "0.1.0"', (ROOT / "pyproject.toml").read_text())
    (root / "pyproject.toml").write_text(pyproject)
    assert main(["--root", str(root), "--baseline", str(baseline), "--no-wire"]) == 1
    out, err = capsys.readouterr()
    assert "BREAKING  leegality.a_function_users_call: removed (function)" in out
    assert "bump [project].version in pyproject.toml to 0.2.0" in err
    assert "leegality.a_function_users_call" in err.split("CHANGELOG.md")[1]


def cli(takes_value=True, choices=None, required=False, repeatable=False):
    return {
        "kind": "cli-option",
        "takes_value": takes_value,
        "choices": choices,
        "required": required,
        "repeatable": repeatable,
    }


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (cli(choices=["csv", "json"]), cli(choices=["json"]), {(True, "no longer accepts csv")}),
        (cli(choices=["json"]), cli(choices=["csv", "json"]), {(False, "now also accepts csv")}),
        (cli(), cli(choices=["json"]), {(True, "no longer accepts any value")}),
        (cli(choices=["json"]), cli(), {(False, "takes any value (was one of a list)")}),
        (cli(required=True), cli(), {(False, "no longer required")}),
        (cli(), cli(required=True), {(True, "now required")}),
        (cli(repeatable=True), cli(), {(True, "no longer repeatable")}),
        (cli(takes_value=False), cli(), {(True, "now takes a value")}),
    ],
)
def test_command_line_options(old, new, expected):
    path = "[cli] oauth-clients inventory --format"
    assert {(c.breaking, c.what) for c in compare({path: old}, {path: new})} == expected


def test_a_removed_command_line_option_is_named_without_its_prefix():
    (change,) = compare({"[cli] oauth-clients inventory --quiet": cli(takes_value=False)}, {})
    assert change.breaking
    assert change.name == "oauth-clients inventory --quiet"


def test_a_re_export_listed_before_its_origin_is_still_reported_once():
    def snapshot(annotation):
        return {
            "oauth_clients.inventory.X": {"kind": "class", "bases": []},
            "oauth_clients.inventory.X.f": field(annotation, None),
            "oauth_clients.cli.X": {"kind": "alias", "target": "oauth_clients.inventory.X"},
        }

    assert [c.path for c in compare(snapshot("int"), snapshot("str"))] == ["oauth_clients.inventory.X.f"]
