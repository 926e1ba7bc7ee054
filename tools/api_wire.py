"""What changed on the wire between two folders of specs, per provider, as a changelog-ready summary.

    python tools/api_wire.py BEFORE_DIR AFTER_DIR

The diff itself comes from api-smart-diff (npm, pinned in package.json; run by tools/api_wire.cjs):
it resolves `$ref`s and classifies each change as breaking, non-breaking, deprecated or annotation
for a client of the API. This module sorts the changes into operations, parameters, request bodies,
statuses, properties, types, enums, servers and security, reports a schema change once (where the
schema is defined, not again in every response that refers to it), and prints Markdown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

ROOT = Path(__file__).resolve().parent.parent
DIFFER = Path(__file__).with_suffix(".cjs")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CATEGORIES = (
    "operations",
    "parameters",
    "request bodies",
    "statuses",
    "properties",
    "types",
    "enums",
    "servers",
    "security",
    "documentation",
    "extensions",
    "other",
)
SCHEMA_TYPE_KEYS = frozenset(
    {"type", "format", "const", "oneOf", "anyOf", "allOf", "items", "$ref", "pattern", "nullable"}
    | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}
    | {"minItems", "maxItems", "additionalProperties", "discriminator", "multipleOf", "uniqueItems"}
)
DOC_KEYS = frozenset(
    {"description", "summary", "examples", "example", "externalDocs", "title", "tags", "info", "contact"}
    | {"license", "x-source-document", "x-document-read-on"}
)


class WireDiffError(Exception):
    """The differ could not run."""


@dataclass(frozen=True)
class WireChange:
    category: str
    where: str
    what: str
    kind: str  # api-smart-diff's classification: breaking, non-breaking, deprecated, annotation, ...

    def __str__(self) -> str:
        return f"`{self.where}`: {self.what} ({self.kind})" if self.where else f"{self.what} ({self.kind})"


def run_differ(pairs: Sequence[tuple[Any, Any]], root: Path = ROOT) -> list[list[dict[str, Any]]]:
    """api-smart-diff's changes for each (before, after) pair of documents."""
    env_path = str(root / "node_modules")
    try:
        result = subprocess.run(
            ["node", str(DIFFER)],
            input=json.dumps(pairs),
            capture_output=True,
            text=True,
            check=False,
            env={"NODE_PATH": env_path, "PATH": _path()},
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise WireDiffError(f"cannot run node {DIFFER.name}: {error}") from None
    if result.returncode != 0:
        raise WireDiffError(f"{DIFFER.name} failed (is api-smart-diff installed? `npm ci`):\n{result.stderr}")
    changes: list[list[dict[str, Any]]] = json.loads(result.stdout)
    return changes


def _path() -> str:
    return os.environ.get("PATH", "/usr/bin:/bin")


def mapping(value: object) -> dict[str, Any] | None:
    """A JSON object as a dict; None for anything else."""
    return cast(dict[str, Any], value) if isinstance(value, dict) else None


def array(value: object) -> Sequence[Any] | None:
    """A JSON array as a sequence; None for anything else."""
    return cast(Sequence[Any], value) if isinstance(value, list) else None


def through_ref(document: Any, path: Sequence[str | int]) -> bool:
    """Whether `path` in the resolved document passes through a `$ref` of the raw one."""
    node: object = document
    for key in path:
        obj, seq = mapping(node), array(node)
        if obj is not None:
            if "$ref" in obj and key not in obj:
                return True
            node = obj.get(str(key))
        elif seq is not None and isinstance(key, int) and 0 <= key < len(seq):
            node = seq[key]
        else:
            return False
    return False


def short(value: Any, limit: int = 60) -> str:
    """`value` as JSON, cut to `limit` characters."""
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def schema_location(path: Sequence[str | int]) -> tuple[str, str]:
    """(`Name.prop[].sub`, the key that changed) for a path inside a schema."""
    name = ""
    index = 0
    while index < len(path):
        key = path[index]
        if key == "properties" and index + 1 < len(path):
            name += f".{path[index + 1]}"
            index += 2
            continue
        if key == "items":
            name += "[]"
            index += 1
            continue
        if key in ("oneOf", "anyOf", "allOf") and index + 1 < len(path):
            name += f".{key}[{path[index + 1]}]"
            index += 2
            continue
        break
    rest = [str(k) for k in path[index:]]
    return name.lstrip("."), ".".join(rest)


def schema_category(rest: str) -> str:
    head = rest.split(".", 1)[0]
    if not rest or head == "required":
        return "properties"
    if head == "enum":
        return "enums"
    if head in SCHEMA_TYPE_KEYS:
        return "types"
    if head in DOC_KEYS or head.startswith("x-"):
        return "documentation"
    return "other"


def past(action: str) -> str:
    return {"add": "added", "remove": "removed", "replace": "replaced", "rename": "renamed"}.get(
        action, action
    )


@dataclass(frozen=True)
class Diff:
    """One change as api-smart-diff reports it."""

    path: list[str | int]
    action: str
    kind: str
    before: Any
    after: Any

    @property
    def value(self) -> Any:
        """The value that was added, or the one that was removed or replaced."""
        return self.after if self.action == "add" else self.before

    def describe(self, rest: Sequence[str | int] | str, schema: bool = False) -> str:
        """What changed at `rest` (the keys below the place named); `schema`: inside a schema."""
        rest = rest if isinstance(rest, str) else ".".join(map(str, rest))
        if schema and rest.startswith("enum"):
            return f"enum value {short(self.value)} {past(self.action)}"
        if schema and rest.startswith("required"):
            return f"{short(self.value)} {'now required' if self.action == 'add' else 'no longer required'}"
        if not rest:
            return past(self.action)
        if self.action == "add":
            return f"{rest} added: {short(self.after)}"
        if self.action == "remove":
            return f"{rest} removed (was {short(self.before)})"
        return f"{rest} {short(self.before)} -> {short(self.after)}"

    def change(self, category: str, where: str, what: str) -> WireChange:
        return WireChange(category, where, what, self.kind)

    def in_schema(self, where: str, path: Sequence[str | int], sep: str = " ") -> WireChange:
        """A change inside the schema at `where`; `path` leads from that schema to the change."""
        location, rest = schema_location(path)
        where = f"{where}{sep}{location}" if location else where
        return self.change(schema_category(rest), where, self.describe(rest, schema=True))


def classify(change: dict[str, Any], before_doc: Any, after_doc: Any) -> WireChange | None:
    """One api-smart-diff change as a WireChange; None when a `$ref` target reports it already."""
    diff = Diff(change["path"], change["action"], change["type"], change.get("before"), change.get("after"))
    raw = after_doc if diff.action == "add" else before_doc
    if through_ref(raw, diff.path) or (diff.action == "replace" and through_ref(after_doc, diff.path)):
        return None
    extension = next(
        (
            i
            for i, key in enumerate(diff.path)
            if str(key).startswith("x-") and diff.path[i - 1] != "properties"
        ),
        None,
    )
    if extension is not None:  # our own x- keys (x-python-name, ...): not on the wire
        where = ".".join(map(str, diff.path[:extension]))
        return diff.change("extensions", where, diff.describe(diff.path[extension:]))
    for prefix, handler in HANDLERS:
        if diff.path[: len(prefix)] == prefix and len(diff.path) > len(prefix):
            return handler(diff)
    head = str(diff.path[0]) if diff.path else ""
    category = "documentation" if head in ("info", "tags", "externalDocs", "openapi") else "other"
    return diff.change(category, ".".join(map(str, diff.path)), diff.describe(""))


def schema_change(diff: Diff) -> WireChange:
    name = str(diff.path[2])
    if len(diff.path) == 3:
        return diff.change("properties", name, f"schema {past(diff.action)}")
    return diff.in_schema(name, diff.path[3:], sep=".")


def component_change(diff: Diff) -> WireChange:
    """A reusable parameter, response or request body (`components.<kind>.<name>`)."""
    category = {"parameters": "parameters", "responses": "statuses", "requestBodies": "request bodies"}
    kind, name = str(diff.path[1]), str(diff.path[2])
    if len(diff.path) == 3:
        return diff.change(category[kind], f"components.{kind}.{name}", past(diff.action))
    inside = schema_path(diff.path[3:]) if kind != "parameters" else None
    if kind == "parameters" and len(diff.path) > 3 and diff.path[3] == "schema":
        inside = list(diff.path[4:])
    if inside is not None:
        return diff.in_schema(f"components.{kind}.{name}", inside)
    return diff.change(category[kind], f"components.{kind}.{name}", diff.describe(diff.path[3:]))


def server_change(diff: Diff) -> WireChange:
    server = mapping(diff.value)
    if len(diff.path) == 2 and server is not None:
        return diff.change("servers", "", f"server {server.get('url')} {past(diff.action)}")
    return diff.change("servers", f"servers[{diff.path[1]}]", diff.describe(diff.path[2:]))


def security_change(diff: Diff) -> WireChange:
    """The global requirement (`security`) or a scheme (`components.securitySchemes.<name>`)."""
    where, rest = (
        ("security", diff.path[1:]) if diff.path[0] == "security" else (str(diff.path[2]), diff.path[3:])
    )
    what = diff.describe(rest) if rest else f"scheme {past(diff.action)}: {short(diff.value)}"
    return diff.change("security", where, what)


def path_change(diff: Diff) -> WireChange:
    """A change under `paths`: a route, an operation, its parameters, body, responses or security."""
    route = str(diff.path[1])
    if len(diff.path) == 2:
        methods = ", ".join(m.upper() for m in mapping(diff.value) or {} if m in METHODS)
        return diff.change("operations", route, f"path {past(diff.action)} with {methods}")
    method = str(diff.path[2])
    if method == "parameters":  # parameters of every operation of the route
        return parameter_change(diff, route, diff.path[3:])
    operation = f"{method.upper()} {route}"
    if len(diff.path) == 3:
        operation_id = (mapping(diff.value) or {}).get("operationId", "")
        return diff.change("operations", operation, f"operation {operation_id} {past(diff.action)}")
    section = str(diff.path[3])
    if section in SECTIONS:
        return SECTIONS[section](diff, operation, diff.path[4:])
    documentation = section in DOC_KEYS or section.startswith("x-") or section == "operationId"
    return diff.change("documentation" if documentation else "other", operation, diff.describe(diff.path[3:]))


def body_change(diff: Diff, operation: str, rest: Sequence[str | int]) -> WireChange:
    inside = schema_path(rest)
    if inside is not None:
        return diff.in_schema(f"{operation} body", inside)
    return diff.change("request bodies", operation, diff.describe(rest))


def operation_security_change(diff: Diff, operation: str, rest: Sequence[str | int]) -> WireChange:
    return diff.change("security", operation, diff.describe(rest))


def parameter_change(diff: Diff, where: str, rest: Sequence[str | int]) -> WireChange:
    if len(rest) <= 1:  # whole parameters: name them
        listed = [mapping(p) for p in array(diff.value) or [diff.value]]
        names = ", ".join(f"{p.get('name')} (in {p.get('in')})" for p in listed if p is not None)
        return diff.change("parameters", where, f"parameter {names} {past(diff.action)}")
    return diff.change("parameters", f"{where} parameters[{rest[0]}]", diff.describe(rest[1:]))


def response_change(diff: Diff, operation: str, rest: Sequence[str | int]) -> WireChange:
    status = str(rest[0])
    if len(rest) == 1:
        return diff.change("statuses", operation, f"response {status} {past(diff.action)}")
    inside = schema_path(rest[1:])
    if inside is not None:
        return diff.in_schema(f"{operation} {status}", inside)
    return diff.change("statuses", f"{operation} {status}", diff.describe(rest[1:]))


def schema_path(path: Sequence[str | int]) -> list[str | int] | None:
    """The part of a path below `content.<media type>.schema`, if it goes there."""
    if len(path) >= 3 and path[0] == "content" and path[2] == "schema":
        return list(path[3:])
    return None


HANDLERS: tuple[tuple[list[str | int], Callable[[Diff], WireChange]], ...] = (
    (["paths"], path_change),
    (["components", "schemas"], schema_change),
    (["components", "securitySchemes"], security_change),
    (["components", "parameters"], component_change),
    (["components", "responses"], component_change),
    (["components", "requestBodies"], component_change),
    (["servers"], server_change),
    (["security"], security_change),
)
SECTIONS: dict[str, Callable[[Diff, str, Sequence[str | int]], WireChange]] = {
    "parameters": parameter_change,
    "responses": response_change,
    "requestBody": body_change,
    "security": operation_security_change,
}


def wire_changes(before: Any, after: Any, diffs: Iterable[dict[str, Any]]) -> list[WireChange]:
    found = [classify(change, before, after) for change in diffs]
    return [c for c in found if c is not None]


def load_specs(folder: Path) -> dict[str, Any]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))}


def summary(before_dir: Path, after_dir: Path, root: Path = ROOT, title: str | None = None) -> str:
    """Markdown: per provider, the wire changes from the specs in `before_dir` to those in `after_dir`."""
    before, after = load_specs(before_dir), load_specs(after_dir)
    names = sorted(before.keys() | after.keys())
    lines = [title or f"Wire-level changes of the specs since {before_dir.parent.name} (api-smart-diff):"]
    both = [n for n in names if n in before and n in after]
    diffs = dict(zip(both, run_differ([(before[n], after[n]) for n in both], root), strict=True))
    for name in names:
        lines.append(f"\n### {name}")
        if name not in before:
            lines.append("- New provider.")
            continue
        if name not in after:
            lines.append("- Provider removed (breaking).")
            continue
        changes = wire_changes(before[name], after[name], diffs[name])
        if not changes:
            lines.append("- No wire-level change.")
        for category in CATEGORIES:
            for change in (c for c in changes if c.category == category):
                lines.append(f"- {category.capitalize()}: {change}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: api_wire.py BEFORE_DIR AFTER_DIR", file=sys.stderr)
        return 2
    try:
        print(summary(Path(args[0]), Path(args[1])))
    except WireDiffError as error:
        print(f"api_wire: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
