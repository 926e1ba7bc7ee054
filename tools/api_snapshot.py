"""The public API of `oauth_clients` as data, extracted with griffe, and its snapshot files in api/.

    python tools/api_snapshot.py write            # `nox -s api`: rewrite api/*.txt
    python tools/api_snapshot.py check            # fail with a diff when api/*.txt is stale
    python tools/api_snapshot.py release          # record this version as a release baseline
    python tools/api_snapshot.py dump --root DIR  # the API of another checkout, as JSON

Griffe reads the source statically (nothing of it is imported). The public names are: the top package's
`__all__` and its modules (`errors`, `inventory`, `cli`, the providers), and under each module what it
exports (`__all__`, the generated one for a provider) or, without `__all__`, its names that do not
start with `_`, are not imported from another library, and its own submodules (`schemas`). Classes
list their public members, inherited ones included, and a synthesized `__init__` for attrs models and
dataclasses (the constructor users call). Every entry is keyed by the public dotted path; an object
re-exported from another public path is listed once, with `alias` entries pointing at it. The
console scripts of pyproject.toml are listed too, with the commands and options of their argparse
parser (`build_parser()` of the script's module, read in a child process against the checkout).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import griffe

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.api_release import RELEASES, last_release, version_of

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "oauth_clients"
OWN_PACKAGES = (PACKAGE, "oauth_clients_generated")
API_DIR = ROOT / "api"
# The tests/typing/consumer.py of the last release, type-checked against the code by `nox -s typecheck`.
RELEASED_CONSUMER = "released_consumer.py"
SNAPSHOT_HEADER = (
    "# The public API of {name}, written by `nox -s api` (tools/api_snapshot.py) -- do not edit.\n"
    "# One line per public name; `nox -s api-check` compares it with the last release.\n"
)

Entry = dict[str, Any]
# Special methods that are part of how a user uses an object (not __repr__, __post_init__, ...).
PROTOCOL_METHODS = frozenset(
    {
        "__init__",
        "__call__",
        "__getitem__",
        "__setitem__",
        "__delitem__",
        "__contains__",
        "__iter__",
        "__len__",
    }
    | {"__enter__", "__exit__", "__aenter__", "__aexit__", "__aiter__", "__anext__", "__next__", "__bool__"}
)
Snapshot = dict[str, Entry]

ATTRS_DECORATORS = re.compile(
    r"^(_attrs_define|attrs\.define|attr\.s|define|frozen|dataclass|dataclasses\.dataclass)\b"
)
FIELD_CALL = re.compile(r"^(_attrs_field|attrs\.field|field|dataclasses\.field|Field)\(")


class SnapshotError(Exception):
    """The source cannot be read into a snapshot."""


def own(path: str) -> bool:
    return path.split(".", 1)[0] in OWN_PACKAGES


def resolved(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    """The object an alias finally points to (an object is itself); None when it cannot be resolved."""
    if not isinstance(obj, griffe.Alias):
        return obj
    try:
        target: griffe.Object = obj.final_target
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    return target


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@dataclass
class Walker:
    """Walks the griffe tree from `oauth_clients`, collecting every public path and its object."""

    loader: griffe.GriffeLoader
    found: dict[str, griffe.Object] = field(default_factory=dict[str, griffe.Object])

    def target(self, obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
        return resolved(obj)

    def module(self, path: str) -> griffe.Module:
        module = self.loader.modules_collection[path]
        assert isinstance(module, griffe.Module)
        return module

    def exports(self, module: griffe.Module) -> list[str] | None:
        """The names of `__all__`, following `from x import __all__` and `__all__ += m.__all__`."""
        if module.exports is None:
            alias = module.members.get("__all__")
            if alias is not None and alias.is_alias:
                return self.exports(self.module(alias.target_path.rsplit(".", 1)[0]))  # type: ignore[union-attr]
            return None
        names: list[str] = []
        for item in module.exports:
            if isinstance(item, str):
                names.append(item)
            elif item.name == "__all__" and item.parent is not None:
                source = self.target(module.members[str(item.parent)])
                if isinstance(source, griffe.Module):
                    names += self.exports(source) or []
        return names

    def lookup(self, module: griffe.Module, name: str) -> griffe.Object | griffe.Alias | None:
        """`name` in `module`, or in the module whose `__all__` it re-exports."""
        if name in module.members:
            return module.members[name]
        alias = module.members.get("__all__")
        if alias is not None and alias.is_alias:
            return self.lookup(self.module(alias.target_path.rsplit(".", 1)[0]), name)  # type: ignore[union-attr]
        return None

    def public_members(self, module: griffe.Module, top: bool) -> Iterator[tuple[str, griffe.Object]]:
        exported = self.exports(module)
        names: list[str] = []
        if exported is not None:
            names += exported
        else:
            names += [n for n, m in module.members.items() if not n.startswith("_") and m.is_public]
        if module.exports is None or top:  # no `__all__` of its own: its submodules are public too
            names += [
                n
                for n, m in module.members.items()
                if not n.startswith("_") and not m.is_alias and m.is_module
            ]
        for name in dict.fromkeys(names):
            member = self.lookup(module, name)
            if member is None:
                raise SnapshotError(f"{module.path}.__all__ names {name!r}, which the module does not define")
            obj = self.target(member)
            if obj is None or not own(obj.path):
                continue  # typing.Literal, pydantic.Field, ... imported by a star import
            yield name, obj

    def walk(self, path: str, module: griffe.Module, top: bool = False) -> None:
        self.found[path] = module
        for name, obj in self.public_members(module, top):
            child = f"{path}.{name}"
            if child in self.found:
                continue
            if isinstance(obj, griffe.Module):
                self.walk(child, obj)
            else:
                self.found[child] = obj


def text(expr: object) -> str | None:
    return None if expr is None else str(expr)


def default_of(value: str | None) -> str | None:
    """The default of a class field: `= UNSET`, or the `default=`/`factory=` of `field(...)`."""
    if value is None or not FIELD_CALL.match(value):
        return value
    call = ast.parse(value, mode="eval").body
    assert isinstance(call, ast.Call)
    for keyword in call.keywords:
        if keyword.arg in ("default", "factory", "default_factory"):
            prefix = "" if keyword.arg == "default" else "factory="
            return prefix + ast.unparse(keyword.value)
    if call.args:
        return ast.unparse(call.args[0])  # pydantic Field(None, ...)
    return None


def in_class_body(attr: griffe.Attribute) -> bool:
    """Whether `attr` is declared in the class body (`name: T [= v]`), not set in a method (`self.name`)."""
    cls = attr.parent
    if cls is None or attr.lineno is None:
        return "class-attribute" in attr.labels
    line = attr.lineno
    return not any(
        isinstance(method, griffe.Function) and (method.lineno or 0) <= line <= (method.endlineno or -1)
        for method in cls.members.values()
    )


def constructor_field(attr: griffe.Attribute) -> bool:
    """Whether an attrs or dataclass constructor takes this class attribute (annotated, no ClassVar)."""
    if not in_class_body(attr) or attr.annotation is None or "property" in attr.labels:
        return False
    value = text(attr.value)
    if value and FIELD_CALL.match(value) and re.search(r"\binit\s*=\s*False\b", value):
        return False
    return not str(attr.annotation).startswith("ClassVar[")


def field_type(annotation: str | None) -> tuple[str | None, str | None]:
    """`Annotated[T, Field(alias='x', ...)]` -> (T, 'x'): the type and wire alias of a pydantic field."""
    if annotation is None or not annotation.startswith("Annotated["):
        return annotation, None
    node = ast.parse(annotation, mode="eval").body
    assert isinstance(node, ast.Subscript)
    assert isinstance(node.slice, ast.Tuple)
    kind, *extras = node.slice.elts
    alias = None
    for extra in extras:
        if isinstance(extra, ast.Call):
            for keyword in extra.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    alias = str(keyword.value.value)
    return ast.unparse(kind), alias


def literal_values(value: str | None) -> list[Any] | None:
    """The values of `Literal[...]` (an enum alias), or None for anything else."""
    if not value or not value.startswith("Literal["):
        return None
    node = ast.parse(value, mode="eval").body
    assert isinstance(node, ast.Subscript)
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return [ast.literal_eval(e) for e in elements]


def parameter(name: str, kind: str, annotation: str | None, default: str | None) -> Entry:
    return {"name": name, "kind": kind, "annotation": annotation, "default": default}


class Describer:
    """Turns griffe objects into snapshot entries."""

    def __init__(self, loader: griffe.GriffeLoader, public: Mapping[str, griffe.Object]) -> None:
        self.loader = loader
        self.public = public
        self.owner = {obj.path: path for path, obj in sorted(public.items(), key=lambda i: i[0].count("."))}

    def entries(self) -> Snapshot:
        snapshot: Snapshot = {}
        for path, obj in self.public.items():
            if obj.path != path and obj.path in self.public:
                snapshot[path] = {"kind": "alias", "target": obj.path}
            elif isinstance(obj, griffe.Module):
                snapshot[path] = {"kind": "module"}
            elif isinstance(obj, griffe.Class):
                snapshot.update(self.klass(path, obj))
            elif isinstance(obj, griffe.Function):
                snapshot[path] = self.function(obj)
            elif isinstance(obj, griffe.Attribute):
                snapshot[path] = self.attribute(obj)
            else:
                raise SnapshotError(f"{path}: a {obj.kind.value} has no snapshot form")
        return dict(sorted(snapshot.items()))

    def function(self, func: griffe.Function, skip_self: bool = False) -> Entry:
        params: list[Entry] = []
        for index, p in enumerate(func.parameters):
            if skip_self and index == 0 and p.name in ("self", "cls"):
                continue
            annotation = text(p.annotation)
            kind = p.kind.value if p.kind is not None else "positional or keyword"
            if kind == "variadic keyword" and annotation and annotation.startswith("Unpack["):
                params += self.typed_dict_keys(func, annotation[len("Unpack[") : -1])
                continue
            params.append(parameter(p.name, kind, annotation, text(p.default)))
        return {
            "kind": "function",
            "async": "async" in func.labels,
            "decorators": sorted(func.labels & {"classmethod", "staticmethod", "property"}),
            "params": params,
            "returns": text(func.returns),
        }

    def typed_dict_keys(self, func: griffe.Function, name: str) -> list[Entry]:
        """`**options: Unpack[Options]` as the keyword-only parameters it stands for."""
        typed_dict = self.resolve(func, name)
        if not isinstance(typed_dict, griffe.Class):
            raise SnapshotError(f"{func.path}: cannot find the TypedDict {name} of **kwargs")
        total = str(typed_dict.keywords.get("total", "True")) != "False"
        keys: list[Entry] = []
        for key, member in typed_dict.members.items():
            if isinstance(member, griffe.Attribute) and member.annotation is not None:
                annotation = str(member.annotation)
                required = total and not annotation.startswith("NotRequired[")
                keys.append(parameter(key, "keyword-only", annotation, None if required else "<optional>"))
        return keys

    def resolve(self, scope: griffe.Object, name: str) -> griffe.Object | None:
        module = scope.module
        member = module.members.get(name)
        return None if member is None else resolved(member)

    def attribute(self, attr: griffe.Attribute) -> Entry:
        value = text(attr.value)
        values = literal_values(value)
        if values is not None:
            return {"kind": "enum", "values": values}
        return {"kind": "attribute", "annotation": text(attr.annotation), "value": value}

    def klass(self, path: str, cls: griffe.Class) -> Snapshot:
        entries: Snapshot = {path: {"kind": "class", "bases": [str(b) for b in cls.bases]}}
        fields: list[Entry] = []
        init = cls.all_members.get("__init__")
        init_params = (
            {p.name: text(p.annotation) for p in init.parameters} if isinstance(init, griffe.Function) else {}
        )
        for name, member in cls.all_members.items():
            if private(name) or (name.startswith("__") and name not in PROTOCOL_METHODS):
                continue
            obj = resolved(member)
            if obj is None:
                continue
            defined_in = obj.path.rsplit(".", 1)[0]
            if defined_in != cls.path and defined_in in self.owner and name != "__init__":
                continue  # inherited from a public class, which lists it
            if isinstance(obj, griffe.Function):
                entry = self.function(obj, skip_self="staticmethod" not in obj.labels)
                if "property" in obj.labels:
                    entry = {"kind": "property", "annotation": entry["returns"]}
                entries[f"{path}.{name}"] = entry
            elif isinstance(obj, griffe.Attribute) and name != "model_config":
                entry = self.field(obj, init_params)
                entries[f"{path}.{name}"] = entry
                if constructor_field(obj):
                    fields.append(
                        parameter(name, "positional or keyword", entry["annotation"], entry["default"])
                    )
        decorator = next((str(d.value) for d in cls.decorators if ATTRS_DECORATORS.match(str(d.value))), None)
        if decorator is not None and f"{path}.__init__" not in entries:
            kind = "keyword-only" if "kw_only=True" in decorator else "positional or keyword"
            params = [{**p, "kind": kind} for p in fields]
            entries[f"{path}.__init__"] = {
                "kind": "function",
                "async": False,
                "decorators": [],
                "params": params,
                "returns": "None",
            }
        return entries

    def field(self, attr: griffe.Attribute, init_params: Mapping[str, str | None]) -> Entry:
        """A class or instance attribute: its type (from `__init__` when set there) and default."""
        annotation, alias = field_type(text(attr.annotation))
        if "property" in attr.labels:
            return {"kind": "property", "annotation": annotation}
        if in_class_body(attr):
            default = default_of(text(attr.value))
        else:  # `self.name = value` in __init__: the value is no default
            default = None
            if annotation is None and isinstance(attr.value, griffe.ExprName):
                annotation = init_params.get(attr.value.name)
        entry: Entry = {"kind": "field", "annotation": annotation, "default": default}
        if alias:
            entry["alias"] = alias
        return entry


def load(root: Path) -> Snapshot:
    """The public API of the checkout at `root` (its src/ and generated/)."""
    loader = griffe.GriffeLoader(search_paths=[root / "src", root / "generated"])
    try:
        top = loader.load(PACKAGE)
        loader.load("oauth_clients_generated")
        loader.resolve_aliases(implicit=True, external=False)
    except griffe.LoadingError as error:  # pragma: no cover - a broken checkout
        raise SnapshotError(str(error)) from None
    assert isinstance(top, griffe.Module)
    walker = Walker(loader)
    walker.walk(PACKAGE, top, top=True)
    snapshot = Describer(loader, walker.found).entries()
    for name, target in entry_points(root).items():
        snapshot[f"[entry point] {name}"] = {"kind": "entry-point", "target": target}
        snapshot.update(cli_options(root, name, target.split(":", 1)[0]))
    return snapshot


# Run in a child process against the checkout: the commands and options of the parser that
# `build_parser()` of the entry point's module returns (argparse keeps them in `_actions`).
CLI_SCRIPT = """
import argparse, importlib, json, sys

module = importlib.import_module(sys.argv[1])
rows = {}


def walk(parser, command):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                rows[f"{command} {name}"] = {"kind": "cli-command"}
                walk(sub, f"{command} {name}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            rows[f"{command} {'/'.join(action.option_strings) or action.dest}"] = {
                "kind": "cli-option",
                "takes_value": action.nargs != 0,
                "choices": sorted(map(str, action.choices)) if action.choices else None,
                "required": bool(action.required),
                "repeatable": isinstance(action, argparse._AppendAction),
            }


if hasattr(module, "build_parser"):
    walk(module.build_parser(), sys.argv[2])
print(json.dumps(rows))
"""


def cli_options(root: Path, command: str, module: str) -> Snapshot:
    """`[cli] <command> <subcommand> <option>` entries of a console script built with argparse."""
    path = os.pathsep.join([str(root / "src"), str(root / "generated"), os.environ.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", CLI_SCRIPT, module, command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )
    if result.returncode != 0:
        raise SnapshotError(f"cannot read the options of {command} ({module}):\n{result.stderr}")
    rows: dict[str, Entry] = json.loads(result.stdout)
    return {f"[cli] {name}": entry for name, entry in rows.items()}


def entry_points(root: Path) -> dict[str, str]:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(sorted(project.get("scripts", {}).items()))


# ---- rendering ---------------------------------------------------------------------------------


def render_params(params: list[Entry]) -> str:
    parts: list[str] = []
    star = False
    positional_only = False
    for p in params:
        kind = p["kind"]
        if kind == "positional-only":
            positional_only = True
        elif positional_only:
            parts.append("/")
            positional_only = False
        if kind == "keyword-only" and not star:
            parts.append("*")
            star = True
        prefix = {"variadic positional": "*", "variadic keyword": "**"}.get(kind, "")
        if kind == "variadic positional":
            star = True
        piece = prefix + p["name"]
        if p["annotation"]:
            piece += f": {p['annotation']}"
        if p["default"] is not None:
            piece += f" = {p['default']}" if p["annotation"] else f"={p['default']}"
        parts.append(piece)
    if positional_only:
        parts.append("/")
    return ", ".join(parts)


def render_function(entry: Entry) -> str:
    decorators = "".join(f"@{d} " for d in entry["decorators"])
    keyword = "async def" if entry["async"] else "def"
    returns = f" -> {entry['returns']}" if entry["returns"] else ""
    return f"{decorators}{keyword}({render_params(entry['params'])}){returns}"


def render_field(entry: Entry) -> str:
    annotation = f" {entry['annotation']}" if entry["annotation"] else ""
    default = f" = {entry['default']}" if entry["default"] is not None else ""
    alias = f" (wire name {entry['alias']!r})" if entry.get("alias") else ""
    return f"field{annotation}{default}{alias}"


def render_attribute(entry: Entry) -> str:
    annotation = f" {entry['annotation']}" if entry["annotation"] else ""
    value = f" = {entry['value']}" if entry["value"] is not None else ""
    return f"attribute{annotation}{value}"


def render_cli_option(entry: Entry) -> str:
    words = ["option" + (" VALUE" if entry["takes_value"] else "")]
    if entry["choices"]:
        words.append(f"in {{{', '.join(entry['choices'])}}}")
    words += [w for w, on in (("required", entry["required"]), ("repeatable", entry["repeatable"])) if on]
    return ", ".join(words)


RENDER: dict[str, Callable[[Entry], str]] = {
    "cli-command": lambda e: "command",
    "cli-option": render_cli_option,
    "module": lambda e: "module",
    "alias": lambda e: f"= {e['target']}",
    "entry-point": lambda e: str(e["target"]),
    "class": lambda e: f"class({', '.join(e['bases'])})" if e["bases"] else "class",
    "function": render_function,
    "enum": lambda e: f"enum {' | '.join(json.dumps(v) for v in e['values'])}",
    "property": lambda e: f"property -> {e['annotation']}",
    "field": render_field,
    "attribute": render_attribute,
}


def render(path: str, entry: Entry) -> str:
    """One line of api/*.txt: `path: what it is`."""
    return f"{path}: {RENDER[entry['kind']](entry)}"


def file_of(path: str, providers: list[str]) -> str:
    parts = path.split(".")
    if len(parts) > 1 and parts[1] in providers:
        return parts[1]
    return PACKAGE


def providers_of(root: Path) -> list[str]:
    table = tomllib.loads((root / "codegen" / "providers.toml").read_text(encoding="utf-8"))["providers"]
    return [entry["package"] for entry in table.values()]


def render_files(snapshot: Snapshot, providers: list[str]) -> dict[str, str]:
    """api/<file>.txt contents: oauth_clients.txt for the shared API, one file per provider."""
    lines: dict[str, list[str]] = {name: [] for name in [PACKAGE, *providers]}
    for path, entry in snapshot.items():
        lines[file_of(path, providers)].append(render(path, entry))
    header = SNAPSHOT_HEADER
    return {
        f"{name}.txt": header.format(name=name if name == PACKAGE else f"{PACKAGE}.{name}")
        + "\n".join(body)
        + "\n"
        for name, body in lines.items()
    }


def stale_files(expected: Mapping[str, str], folder: Path) -> list[str]:
    """A unified diff for every snapshot file that differs from what the code gives."""
    report: list[str] = []
    present: set[str] = {p.name for p in folder.glob("*.txt")} if folder.is_dir() else set()
    for name in sorted(set(expected) | present):
        have = (folder / name).read_text(encoding="utf-8") if name in present else ""
        want = expected.get(name, "")
        if have != want:
            report += difflib.unified_diff(
                have.splitlines(),
                want.splitlines(),
                f"api/{name} (committed)",
                f"api/{name} (code)",
                lineterm="",
            )
    return report


# ---- releases ----------------------------------------------------------------------------------


def baseline() -> Path:
    """The newest release folder, or a SnapshotError naming how to record one."""
    folder = last_release()
    if folder is None:
        raise SnapshotError(f"no release baseline in {RELEASES}; record one with `nox -s api -- release`")
    return folder


def record_release(root: Path, out: Path) -> Path:
    """Keep what a release promises: its API (api.json), its specs and its typing consumer."""
    folder = out / version_of(root)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "specs").mkdir(parents=True)
    (folder / "api.json").write_text(json.dumps(load(root), indent=1) + "\n", encoding="utf-8")
    for spec in sorted((root / "specs").glob("*.yaml")):
        shutil.copyfile(spec, folder / "specs" / spec.name)
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    (folder / "release.toml").write_text(
        f'version = "{folder.name}"\n'
        f"# The commit the baseline was made from (`git worktree add DIR <commit>` recreates it).\n"
        f'commit = "{commit.stdout.strip()}"\n',
        encoding="utf-8",
    )
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=["write", "check", "release", "dump"])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to read (default: this one)")
    parser.add_argument(
        "--out", type=Path, default=None, help="where to write (default: api/ of this checkout)"
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        if args.command == "dump":
            print(json.dumps(load(root), indent=1))
            return 0
        if args.command == "release":
            folder = record_release(root, args.out or RELEASES)
            released = ROOT / "tests" / "typing" / "released"
            shutil.copyfile(root / "tests" / "typing" / "consumer.py", released / RELEASED_CONSUMER)
            print(f"recorded release {folder.name} in {folder} and {released / RELEASED_CONSUMER}")
            return 0
        files = render_files(load(root), providers_of(root))
        folder = args.out or API_DIR
        if args.command == "check":
            report = stale_files(files, folder)
            if report:
                print(
                    "The API snapshot in api/ is stale; run `nox -s api` and review the diff:",
                    file=sys.stderr,
                )
                print("\n".join(report), file=sys.stderr)
                return 1
            print(f"api/ matches the code ({sum(f.count(chr(10)) for f in files.values())} lines).")
            return 0
        folder.mkdir(parents=True, exist_ok=True)
        for stale in set(p.name for p in folder.glob("*.txt")) - set(files):
            (folder / stale).unlink()
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
        print(f"wrote {', '.join(sorted(files))} to {folder}")
        return 0
    except SnapshotError as error:
        print(f"api: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
