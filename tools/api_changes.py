"""Classify the changes of the public API since the last release, and enforce the release rules.

    python tools/api_changes.py            # `nox -s api-check`

Compares the API of this checkout (tools/api_snapshot.py) with the newest baseline in api/releases/,
prints every change as breaking or additive, then the wire-level summary of the specs
(tools/api_wire.py). It fails when a change is breaking and either the version in pyproject.toml does
not bump the major version (the minor one while 0.x) of that release, or CHANGELOG.md does not name
the change (its dotted path without `oauth_clients.`) in the section of the version or "Unreleased".

Breaking: a removed name; a changed kind; a parameter removed, moved, made required, narrowed, or
given another default; a new required parameter; a field whose type, wire name or default changed or
that became required; a return or property type that widened; a removed enum value, base class or
member of a constant collection. Additive: new names, optional parameters, widened parameters,
narrowed returns, new enum values.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.api_release import may_break, next_breaking, version_of
from tools.api_snapshot import ROOT, Entry, Snapshot, SnapshotError, load
from tools.api_snapshot import baseline as snapshot_baseline
from tools.api_wire import WireDiffError, summary

PREFIX = "oauth_clients."


@dataclass(frozen=True, order=True)
class Change:
    path: str
    breaking: bool
    what: str

    @property
    def name(self) -> str:
        """The path as the changelog names it."""
        return self.path.removeprefix(PREFIX).removeprefix("[cli] ").removeprefix("[entry point] ")

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'additive'}  {self.name}: {self.what}"


# ---- annotations -------------------------------------------------------------------------------


def split_union(annotation: str) -> list[str]:
    """`A | B[C | D] | None` -> ['A', 'B[C | D]', 'None'] (top-level members only)."""
    members: list[str] = []
    depth, current = 0, ""
    for char in annotation:
        depth += char in "[("
        depth -= char in "])"
        if char == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += char
    members.append(current.strip())
    return members


def members_of(annotation: str | None) -> frozenset[str] | None:
    """The members of a union, each `Literal[...]` split into one member per value; None for Any."""
    if annotation is None or annotation in ("Any", "object"):
        return None
    result: set[str] = set()
    for member in split_union(annotation):
        if member.startswith("Literal["):
            node = ast.parse(member, mode="eval").body
            assert isinstance(node, ast.Subscript)
            values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            result.update(f"Literal[{ast.unparse(v)}]" for v in values)
        else:
            result.add(re.sub(r"\s+", " ", member))
    return frozenset(result)


def widened(old: str | None, new: str | None) -> bool:
    """Whether every value of `old` is a value of `new` (Any accepts everything)."""
    old_members, new_members = members_of(old), members_of(new)
    if new_members is None:
        return True
    if old_members is None:
        return False
    return old_members <= new_members


def same_type(old: str | None, new: str | None) -> bool:
    return members_of(old) == members_of(new)


# ---- entries -----------------------------------------------------------------------------------


POSITIONAL = ("positional-only", "positional or keyword")
VARIADIC = ("variadic positional", "variadic keyword")


def compare_parameter(path: str, before: Entry, after: Entry, old: Entry, new: Entry) -> Iterable[Change]:
    """One parameter present in both signatures (`old`, `new`)."""
    name = before["name"]
    where = f"parameter {name!r}"
    if before["kind"] != after["kind"] and after["kind"] != "positional or keyword":
        yield Change(path, True, f"{where} is now {after['kind']} (was {before['kind']})")
    old_positions = [p["name"] for p in old["params"] if p["kind"] in POSITIONAL]
    new_positions = [p["name"] for p in new["params"] if p["kind"] in POSITIONAL]
    if name in old_positions and name in new_positions:
        was, now = old_positions.index(name), new_positions.index(name)
        if was != now:
            yield Change(path, True, f"{where} moved from position {was} to {now}")
    yield from compare_default(path, f"{where} ", before["default"], after["default"])
    if not same_type(before["annotation"], after["annotation"]):
        breaking = not widened(before["annotation"], after["annotation"])
        yield Change(path, breaking, f"{where} type {before['annotation']} -> {after['annotation']}")


def compare_default(path: str, where: str, before: str | None, after: str | None) -> Iterable[Change]:
    if before is not None and after is None:
        yield Change(path, True, f"{where}is now required" if where else "now required (no default)")
    elif before is None and after is not None:
        yield Change(path, False, f"{where}now has a default ({after})")
    elif before != after:
        yield Change(path, True, f"{where}default {before} -> {after}")


def compare_function(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    if old["async"] != new["async"]:
        yield Change(path, True, f"now {'async' if new['async'] else 'sync'}")
    if old["decorators"] != new["decorators"]:
        yield Change(path, True, f"decorators {old['decorators']} -> {new['decorators']}")
    old_params = {p["name"]: p for p in old["params"] if p["kind"] not in VARIADIC}
    new_params = {p["name"]: p for p in new["params"] if p["kind"] not in VARIADIC}
    for name, before in old_params.items():
        if name in new_params:
            yield from compare_parameter(path, before, new_params[name], old, new)
        else:
            yield Change(path, True, f"parameter {name!r} removed")
    for name, after in new_params.items():
        if name not in old_params:
            required = after["default"] is None
            yield Change(path, required, f"new {'required' if required else 'optional'} parameter {name!r}")
    for kind in VARIADIC:
        had = any(p["kind"] == kind for p in old["params"])
        if had != any(p["kind"] == kind for p in new["params"]):
            yield Change(path, had, f"{'no longer takes' if had else 'now takes'} {kind} arguments")
    if not same_type(old["returns"], new["returns"]):
        breaking = not widened(new["returns"], old["returns"])
        yield Change(path, breaking, f"returns {old['returns']} -> {new['returns']}")


def literal_members(value: str | None) -> set[str] | None:
    """The elements of a tuple, list, set, frozenset({...}) or dict (as key: value) literal."""
    if value is None:
        return None
    try:
        node = ast.parse(value, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in ("frozenset", "set", "tuple"):
        node = node.args[0]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return {ast.unparse(e) for e in node.elts}
    if isinstance(node, ast.Dict):
        return {
            f"{ast.unparse(k) if k else '**'}: {ast.unparse(v)}"
            for k, v in zip(node.keys, node.values, strict=True)
        }
    return None


def compare_class(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    for base in old["bases"]:
        if base not in new["bases"]:
            yield Change(path, True, f"no longer a subclass of {base}")
    for base in new["bases"]:
        if base not in old["bases"]:
            yield Change(path, False, f"now also a subclass of {base}")


def compare_enum(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    removed = [v for v in old["values"] if v not in new["values"]]
    added = [v for v in new["values"] if v not in old["values"]]
    if removed:
        yield Change(path, True, f"enum values removed: {', '.join(json.dumps(v) for v in removed)}")
    if added:
        yield Change(path, False, f"enum values added: {', '.join(json.dumps(v) for v in added)}")


def compare_field(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    """A field is read and written: any change of its type breaks one side or the other."""
    if None in (old["annotation"], new["annotation"]) and old["annotation"] != new["annotation"]:
        # Set in __init__ from an expression: the source declares no type that could be compared
        # (the released consumer's type check still sees the inferred one).
        yield Change(path, False, f"declared type {old['annotation']} -> {new['annotation']}")
    elif not same_type(old["annotation"], new["annotation"]):
        yield Change(path, True, f"type {old['annotation']} -> {new['annotation']}")
    if old.get("alias") != new.get("alias"):
        yield Change(path, True, f"wire name {old.get('alias')} -> {new.get('alias')}")
    yield from compare_default(path, "", old["default"], new["default"])


def compare_property(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    if not same_type(old["annotation"], new["annotation"]):
        breaking = not widened(new["annotation"], old["annotation"])
        yield Change(path, breaking, f"type {old['annotation']} -> {new['annotation']}")


def compare_attribute(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    if not same_type(old["annotation"], new["annotation"]):
        yield Change(path, True, f"type {old['annotation']} -> {new['annotation']}")
    if old["value"] == new["value"]:
        return
    before, after = literal_members(old["value"]), literal_members(new["value"])
    if before is None or after is None:
        yield Change(path, True, f"value {old['value']} -> {new['value']}")
        return
    if before - after:
        yield Change(path, True, f"no longer holds {', '.join(sorted(before - after))}")
    if after - before:
        yield Change(path, False, f"now also holds {', '.join(sorted(after - before))}")


def compare_other(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    """Entry points and modules: a module has nothing to compare, an entry point its target."""
    if old != new:
        yield Change(path, True, f"{old.get('target')} -> {new.get('target')}")


def compare_cli_option(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    """A command-line option: scripts that pass it must keep working."""
    if old["takes_value"] != new["takes_value"]:
        yield Change(path, True, "now takes a value" if new["takes_value"] else "no longer takes a value")
    before, after = set(old["choices"] or ()), set(new["choices"] or ())
    if old["choices"] and not new["choices"]:
        yield Change(path, False, "takes any value (was one of a list)")
    elif new["choices"] and (not old["choices"] or before - after):
        yield Change(path, True, f"no longer accepts {', '.join(sorted(before - after)) or 'any value'}")
    if old["choices"] and new["choices"] and after - before:
        yield Change(path, False, f"now also accepts {', '.join(sorted(after - before))}")
    for flag, what in (("required", "required"), ("repeatable", "repeatable")):
        if old[flag] != new[flag]:
            # Becoming required breaks scripts; no longer repeatable breaks them too.
            breaking = new[flag] if flag == "required" else old[flag]
            yield Change(path, breaking, f"{'now' if new[flag] else 'no longer'} {what}")


COMPARE = {
    "cli-option": compare_cli_option,
    "function": compare_function,
    "class": compare_class,
    "enum": compare_enum,
    "field": compare_field,
    "property": compare_property,
    "attribute": compare_attribute,
}


def compare_entry(path: str, old: Entry, new: Entry) -> Iterable[Change]:
    if old["kind"] != new["kind"]:
        return [Change(path, True, f"was a {old['kind']}, now a {new['kind']}")]
    return COMPARE.get(old["kind"], compare_other)(path, old, new)


Expanded = dict[str, tuple[Entry, str]]


def expand_aliases(snapshot: Snapshot) -> Expanded:
    """Every public path with its entry and the path it is listed under (aliases resolved)."""
    expanded: Expanded = {}
    for path, entry in snapshot.items():
        if entry["kind"] != "alias":
            expanded[path] = (entry, path)
            continue
        target = entry["target"]
        while snapshot.get(target, {}).get("kind") == "alias":
            target = snapshot[target]["target"]
        for other, other_entry in snapshot.items():
            if other == target or other.startswith(target + "."):
                expanded[path + other[len(target) :]] = (other_entry, other)
    return expanded


def changes_at(path: str, before: Expanded, after: Expanded) -> list[Change]:
    if path in before and path in after:
        return list(compare_entry(path, before[path][0], after[path][0]))
    if path in before:
        return [Change(path, True, f"removed ({before[path][0]['kind']})")]
    return [Change(path, False, f"added ({after[path][0]['kind']})")]


def compare(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every change from `old` to `new`; a change seen through a re-export is reported once."""
    before, after = expand_aliases(old), expand_aliases(new)
    found = {path: changes_at(path, before, after) for path in sorted(before.keys() | after.keys())}
    changes: list[Change] = []
    for path, listed in found.items():
        origin = (after.get(path) or before[path])[1]
        # Seen through an alias: keep only what its origin does not show already.
        shown = {c.what for c in found.get(origin, [])} if origin != path else set[str]()
        changes += [c for c in listed if c.what not in shown]
    return collapse(changes)


def collapse(changes: list[Change]) -> list[Change]:
    """Leave out the members of a name that was removed or added as a whole."""
    whole = {c.path for c in changes if c.what.startswith(("removed", "added"))}
    return [c for c in changes if not any(c.path.startswith(p + ".") for p in whole)]


# ---- release rules -----------------------------------------------------------------------------


def changelog_section(changelog: str, heading: str) -> str:
    """The text under `## [heading]` up to the next `## ` heading ("" when absent)."""
    match = re.search(rf"^## \[{re.escape(heading)}\][^\n]*\n(.*?)(?=^## |\Z)", changelog, re.M | re.S)
    return match.group(1) if match else ""


def problems(changes: list[Change], release: str, version: str, changelog: str) -> list[str]:
    breaking = [c for c in changes if c.breaking]
    if not breaking:
        return []
    found: list[str] = []
    if not may_break(release, version):
        found.append(
            f"{len(breaking)} breaking change(s) since {release}, but the version is {version}: "
            f"bump [project].version in pyproject.toml to {next_breaking(release)} or later"
        )
    notes = changelog_section(changelog, version) + changelog_section(changelog, "Unreleased")
    unnamed = sorted({c.name for c in breaking if c.name not in notes})
    if unnamed:
        found.append(
            f"CHANGELOG.md does not name these breaking changes under `## [{version}]` or "
            "`## [Unreleased]`:\n" + "\n".join(f"    {name}" for name in unnamed)
        )
    return found


def report(changes: list[Change], release: str, version: str) -> str:
    breaking = sum(c.breaking for c in changes)
    lines = [
        f"Python API of {version} compared with release {release} (api/releases/{release}/api.json):",
        f"  {breaking} breaking, {len(changes) - breaking} additive",
    ]
    lines += [f"  {change}" for change in sorted(changes, key=lambda c: (not c.breaking, c.path))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to check (default: this one)")
    parser.add_argument("--baseline", type=Path, default=None, help="a release folder (default: the newest)")
    parser.add_argument("--no-wire", action="store_true", help="leave out the wire-level spec summary")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        baseline = args.baseline or snapshot_baseline()
        changes = compare(json.loads((baseline / "api.json").read_text(encoding="utf-8")), load(root))
        version = version_of(root)
        print(report(changes, baseline.name, version))
        if not args.no_wire:
            print("\n" + summary(baseline / "specs", root / "specs"))
    except (SnapshotError, WireDiffError) as error:
        print(f"api-check: {error}", file=sys.stderr)
        return 2
    changelog_file = root / "CHANGELOG.md"
    changelog = changelog_file.read_text(encoding="utf-8") if changelog_file.is_file() else ""
    found = problems(changes, baseline.name, version, changelog)
    if found:
        print("\napi-check failed:", file=sys.stderr)
        print("\n".join(f"  - {p}" for p in found), file=sys.stderr)
        return 1
    verdict = (
        "breaking changes are versioned and named" if any(c.breaking for c in changes) else "nothing breaks"
    )
    print(f"\napi-check: OK ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
