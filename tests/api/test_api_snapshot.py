"""The public API snapshot (griffe): everything a user can reach is in it, in a readable form."""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import tarfile

import pytest
from support.specs import load_spec, providers

from tools.api_release import RELEASES
from tools.api_snapshot import ROOT, load, main, render, render_files, stale_files

PROVIDERS = [p.name for p in providers()]
METHODS = ("get", "put", "post", "patch", "delete")


@pytest.fixture(scope="module")
def snapshot():
    return load(ROOT)


def operation_ids(provider: str) -> list[str]:
    paths = load_spec(provider)["paths"]
    return [op["operationId"] for item in paths.values() for m, op in item.items() if m in METHODS]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_operation_is_listed_with_its_four_functions(snapshot, provider):
    for operation in operation_ids(provider):
        base = f"oauth_clients.{provider}.{operation}"
        assert snapshot[base] == {"kind": "module"}
        for function, is_async in (
            ("sync", False),
            ("sync_detailed", False),
            ("asyncio", True),
            ("asyncio_detailed", True),
        ):
            entry = snapshot[f"{base}.{function}"]
            assert entry["kind"] == "function"
            assert entry["async"] is is_async
            assert "client" in {p["name"] for p in entry["params"]}
            assert entry["returns"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_model_is_listed_with_its_fields_and_constructor(snapshot, provider):
    import attrs

    models = importlib.import_module(f"oauth_clients_generated.{provider}.models")
    for name in models.__all__:
        model = getattr(models, name)
        if not attrs.has(model):
            continue
        path = f"oauth_clients.{provider}.{name}"
        assert snapshot[path]["kind"] == "class", path
        init = snapshot[f"{path}.__init__"]
        fields = [f for f in attrs.fields(model) if f.init]
        assert [p["name"] for p in init["params"]] == [f.name for f in fields], path
        for f in fields:
            assert snapshot[f"{path}.{f.name}"]["kind"] == "field"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_pydantic_model_is_listed(snapshot, provider):
    from pydantic import BaseModel

    schemas = importlib.import_module(f"oauth_clients.{provider}.schemas")
    for name, value in vars(schemas).items():
        # (pydantic also puts its parametrized generics, `SchemaRootModel[...]`, in the module.)
        if (
            isinstance(value, type)
            and issubclass(value, BaseModel)
            and value.__module__.endswith(".schemas")
            and name.isidentifier()
        ):
            for field_name in value.model_fields:
                assert snapshot[f"oauth_clients.{provider}.schemas.{name}.{field_name}"]["kind"] == "field"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_enums_are_listed_with_their_values(snapshot, provider):
    package = importlib.import_module(f"oauth_clients.{provider}")
    for values_name in [name for name in package.__all__ if name.endswith("_VALUES")]:
        values = getattr(package, values_name)
        listed = [
            e
            for p, e in snapshot.items()
            if p.startswith(f"oauth_clients.{provider}.") and e["kind"] == "enum"
        ]
        assert any(sorted(e["values"]) == sorted(values) for e in listed), values_name


def test_an_enum_reads_as_its_values(snapshot):
    assert snapshot["oauth_clients.leegality.OAuth2ClientState"] == {
        "kind": "enum",
        "values": ["ACTIVE", "SUSPENDED"],
    }
    assert snapshot["oauth_clients.leegality.Environment"] == {
        "kind": "enum",
        "values": ["production", "sandbox"],
    }


def test_errors_inventory_cli_and_entry_point_are_listed(snapshot):
    import oauth_clients.errors
    import oauth_clients.inventory

    for name in oauth_clients.errors.__all__:
        assert f"oauth_clients.errors.{name}" in snapshot
    for name in oauth_clients.inventory.__all__:
        assert f"oauth_clients.inventory.{name}" in snapshot
    assert snapshot["oauth_clients.cli.main"]["kind"] == "function"
    assert snapshot["[entry point] oauth-clients"] == {
        "kind": "entry-point",
        "target": "oauth_clients.cli:main",
    }
    assert snapshot["oauth_clients.leegality.APIError"] == {
        "kind": "alias",
        "target": "oauth_clients.errors.APIError",
    }
    assert snapshot["[cli] oauth-clients inventory"] == {"kind": "cli-command"}
    assert snapshot["[cli] oauth-clients inventory --format"] == {
        "kind": "cli-option",
        "takes_value": True,
        "choices": ["csv", "json", "table"],
        "required": False,
        "repeatable": False,
    }


def test_private_names_are_not_listed(snapshot):
    for path in snapshot:
        parts = path.removeprefix("[entry point] ").removeprefix("[cli] ").split(".")
        assert not any(p.startswith("_") and not p.startswith("__") for p in parts), path


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        (
            {
                "kind": "function",
                "async": True,
                "decorators": [],
                "params": [
                    {"name": "a", "kind": "positional-only", "annotation": "int", "default": None},
                    {"name": "b", "kind": "positional or keyword", "annotation": None, "default": "1"},
                    {"name": "args", "kind": "variadic positional", "annotation": "str", "default": None},
                    {"name": "c", "kind": "keyword-only", "annotation": "str | None", "default": "None"},
                    {"name": "kw", "kind": "variadic keyword", "annotation": "Any", "default": None},
                ],
                "returns": "bool",
            },
            "x.f: async def(a: int, /, b=1, *args: str, c: str | None = None, **kw: Any) -> bool",
        ),
        (
            {
                "kind": "function",
                "async": False,
                "decorators": ["classmethod"],
                "params": [{"name": "a", "kind": "keyword-only", "annotation": "int", "default": None}],
                "returns": "T",
            },
            "x.f: @classmethod def(*, a: int) -> T",
        ),
        ({"kind": "enum", "values": ["ACTIVE", "SUSPENDED"]}, 'x.f: enum "ACTIVE" | "SUSPENDED"'),
        (
            {"kind": "field", "annotation": "str | None", "default": "None", "alias": "clientId"},
            "x.f: field str | None = None (wire name 'clientId')",
        ),
        (
            {"kind": "alias", "target": "oauth_clients.errors.APIError"},
            "x.f: = oauth_clients.errors.APIError",
        ),
    ],
)
def test_lines_read_like_python(entry, line):
    assert render("x.f", entry) == line


def test_a_stale_snapshot_fails_with_a_diff(tmp_path, capsys):
    assert main(["write", "--out", str(tmp_path)]) == 0
    assert main(["check", "--out", str(tmp_path)]) == 0
    leegality = tmp_path / "leegality.txt"
    leegality.write_text(
        leegality.read_text().replace(
            "oauth_clients.leegality.list_oauth2_clients.sync:",
            "oauth_clients.leegality.list_oauth2_clients.sync_old:",
        )
    )
    capsys.readouterr()
    assert main(["check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "The API snapshot in api/ is stale; run `nox -s api`" in err
    assert "--- api/leegality.txt (committed)" in err
    assert "-oauth_clients.leegality.list_oauth2_clients.sync_old:" in err
    assert "+oauth_clients.leegality.list_oauth2_clients.sync:" in err


def test_files_split_by_provider(snapshot):
    files = render_files(snapshot, PROVIDERS)
    assert sorted(files) == sorted(["oauth_clients.txt", *(f"{p}.txt" for p in PROVIDERS)])
    for provider in PROVIDERS:
        body = files[f"{provider}.txt"].splitlines()[2:]
        assert all(line.startswith(f"oauth_clients.{provider}") for line in body)
    assert stale_files(files, ROOT / "no-such-folder")


def test_the_release_baseline_is_the_api_of_its_commit(tmp_path):
    """api/releases/<version>/api.json is what griffe reads from the commit in its release.toml."""
    release = RELEASES / "0.1.0"
    commit = next(
        line.split('"')[1]
        for line in (release / "release.toml").read_text().splitlines()
        if line.startswith("commit")
    )
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "archive",
            "--format=tar",
            commit,
            "src",
            "generated",
            "pyproject.toml",
            "codegen",
        ],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp_path, filter="data")
    assert load(tmp_path) == json.loads((release / "api.json").read_text())
