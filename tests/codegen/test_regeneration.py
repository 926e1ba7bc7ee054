"""A worked regeneration: edit a copy of a spec, regenerate with the real driver, classify the change.

A new optional property is additive; a changed property type and a removed enum value are breaking,
in the Python API (tools/api_changes.py), on the wire (tools/api_wire.py), and for a consumer that
type-checks against the regenerated code (the check `nox -s typecheck` runs on the last release's
consumer). One provider, the smallest spec (Leegality), regenerated three times: unchanged, with the
additive edit, with the breaking edits.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.api_changes import Change, compare, problems
from tools.api_snapshot import load
from tools.api_wire import summary

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = "leegality"
PREFIX = f"oauth_clients.{PROVIDER}."

CONSUMER = """\
from oauth_clients import leegality


def created(vo: leegality.OAuth2ClientVO) -> str | leegality.Unset:
    return vo.created_at


def suspended() -> leegality.OAuth2ClientState:
    return "SUSPENDED"
"""

Edit = Callable[[dict[str, Any]], None]


def add_optional_label(spec: dict[str, Any]) -> None:
    client = spec["components"]["schemas"]["OAuth2ClientVO"]["properties"]
    client["label"] = {"type": "string", "description": "A name for the client, added by the vendor."}


def change_type_and_remove_enum_value(spec: dict[str, Any]) -> None:
    client = spec["components"]["schemas"]["OAuth2ClientVO"]["properties"]
    client["createdAt"] = {"type": "integer", "description": "Creation time in epoch milliseconds."}
    client["state"]["enum"] = ["ACTIVE"]


class Workspace:
    """A copy of the driver's inputs (codegen/, specs/, pyproject.toml, src/oauth_clients/errors.py)
    in a temporary folder."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.source = tmp / "source"
        shutil.copytree(
            ROOT / "codegen", self.source / "codegen", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copytree(ROOT / "specs", self.source / "specs")
        shutil.copyfile(ROOT / "pyproject.toml", self.source / "pyproject.toml")
        # The driver reads the error hierarchy's names from here (generate.ERRORS_MODULE).
        errors = self.source / "src" / "oauth_clients" / "errors.py"
        errors.parent.mkdir(parents=True)
        shutil.copyfile(ROOT / "src" / "oauth_clients" / "errors.py", errors)
        self.original = yaml.safe_load((ROOT / "specs" / f"{PROVIDER}.yaml").read_text(encoding="utf-8"))

    def regenerate(self, name: str, edit: Edit | None) -> Path:
        """Regenerate the provider from an edited spec; return a checkout (src/, generated/) using it."""
        spec = copy.deepcopy(self.original)
        if edit is not None:
            edit(spec)
        specs = self.tmp / name / "specs"
        specs.mkdir(parents=True)
        for other in (ROOT / "specs").glob("*.yaml"):
            shutil.copyfile(other, specs / other.name)
        (specs / f"{PROVIDER}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        shutil.copyfile(specs / f"{PROVIDER}.yaml", self.source / "specs" / f"{PROVIDER}.yaml")
        out = self.tmp / name / "out"
        result = subprocess.run(
            [sys.executable, "codegen/generate.py", "--provider", PROVIDER, "--out", str(out)],
            cwd=self.source,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        checkout = self.tmp / name
        shutil.copytree(
            ROOT / "generated", checkout / "generated", ignore=shutil.ignore_patterns("__pycache__")
        )
        package = checkout / "generated" / "oauth_clients_generated" / PROVIDER
        shutil.rmtree(package)
        shutil.copytree(out / "oauth_clients_generated" / PROVIDER, package)
        (checkout / "src").symlink_to(ROOT / "src")
        (checkout / "pyproject.toml").symlink_to(ROOT / "pyproject.toml")
        return checkout

    def type_check(self, checkout: Path) -> subprocess.CompletedProcess[str]:
        """mypy --strict on CONSUMER against the regenerated checkout."""
        consumer = checkout / "consumer" / "app.py"
        consumer.parent.mkdir()
        consumer.write_text(CONSUMER, encoding="utf-8")
        env = {**os.environ, "MYPYPATH": f"{checkout / 'src'}{os.pathsep}{checkout / 'generated'}"}
        command = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent"]
        command += ["--cache-dir", str(self.tmp / "mypy-cache"), "app.py"]
        return subprocess.run(
            command, cwd=consumer.parent, env=env, capture_output=True, text=True, check=False
        )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("regeneration"))


@pytest.fixture(scope="module")
def unchanged(workspace: Workspace) -> Path:
    return workspace.regenerate("unchanged", None)


@pytest.fixture(scope="module")
def additive(workspace: Workspace) -> Path:
    return workspace.regenerate("additive", add_optional_label)


@pytest.fixture(scope="module")
def breaking(workspace: Workspace) -> Path:
    return workspace.regenerate("breaking", change_type_and_remove_enum_value)


def provider_changes(before: Path, after: Path) -> list[Change]:
    return [c for c in compare(load(before), load(after)) if c.path.startswith(PREFIX)]


def test_regenerating_the_unchanged_spec_changes_nothing(unchanged):
    assert provider_changes(ROOT, unchanged) == []


def test_a_new_optional_property_is_additive(unchanged, additive):
    changes = provider_changes(unchanged, additive)
    found = {(c.name, c.what) for c in changes}
    assert ("leegality.OAuth2ClientVO.label", "added (field)") in found
    assert ("leegality.OAuth2ClientVO.__init__", "new optional parameter 'label'") in found
    assert ("leegality.schemas.OAuth2ClientVO.label", "added (field)") in found
    assert not [c for c in changes if c.breaking]
    assert problems(changes, "0.1.0", "0.1.1", "") == []


def test_a_changed_type_and_a_removed_enum_value_are_breaking(unchanged, breaking):
    changes = provider_changes(unchanged, breaking)
    found = {(c.name, c.what) for c in changes if c.breaking}
    assert ("leegality.OAuth2ClientVO.created_at", "type str | Unset -> int | Unset") in found
    assert (
        "leegality.OAuth2ClientVO.__init__",
        "parameter 'created_at' type str | Unset -> int | Unset",
    ) in found
    assert ("leegality.OAuth2ClientState", 'enum values removed: "SUSPENDED"') in found
    assert ("leegality.O_AUTH_2_CLIENT_STATE_VALUES", "no longer holds 'SUSPENDED'") in found
    assert ("leegality.schemas.OAuth2ClientVO.created_at", "type str | None -> int | None") in found
    unversioned = problems(changes, "0.1.0", "0.1.1", "")
    assert "bump [project].version in pyproject.toml to 0.2.0" in unversioned[0]
    assert "leegality.OAuth2ClientState" in unversioned[1]


def test_the_wire_summary_says_the_same(unchanged, additive, breaking):
    text = summary(unchanged / "specs", breaking / "specs")
    assert '- Types: `OAuth2ClientVO.createdAt`: type "string" -> "integer" (breaking)' in text
    assert '- Enums: `OAuth2ClientVO.state`: enum value "SUSPENDED" removed (breaking)' in text
    assert "- Properties: `OAuth2ClientVO.label`: added (non-breaking)" in summary(
        unchanged / "specs", additive / "specs"
    )


def test_the_consumer_type_check_passes_an_additive_change_and_catches_the_breaking_one(
    workspace, additive, breaking
):
    passed = workspace.type_check(additive)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    failed = workspace.type_check(breaking)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert 'Incompatible return value type (got "int | Unset", expected "str | Unset")' in failed.stdout
    assert (
        """Incompatible return value type (got "Literal['SUSPENDED']", expected "Literal['ACTIVE']")"""
        in failed.stdout
    )
