"""`oauth-clients` as a separate process: `python -m oauth_clients.cli`, the console script, and the
sample config against Prism serving the four specs."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from support.cli import CREDENTIALS, tables, write_config
from support.inventory import providers_server
from support.server import Reply
from support.specs import ROOT

from oauth_clients.inventory import PROVIDER_NAMES
from tools.prism import prism

ENVIRONMENT = {**os.environ, **CREDENTIALS}


def oauth_clients(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "oauth_clients.cli", *map(str, argv)]
    return subprocess.run(command, env=ENVIRONMENT, capture_output=True, text=True, timeout=120, check=False)


def test_python_m_runs_the_inventory(tmp_path):
    with providers_server() as server:
        done = oauth_clients(
            "inventory", "--config", write_config(tmp_path, tables(server.url)), "--format", "csv"
        )
    assert done.returncode == 0, done.stderr
    rows = [row for row in csv.DictReader(io.StringIO(done.stdout)) if row["kind"] == "client"]
    assert {row["provider"] for row in rows} == set(PROVIDER_NAMES) and len(rows) == 6
    assert done.stderr.count("oauth-clients: ") == 4  # a progress line per provider


def test_python_m_exit_statuses(tmp_path):
    assert oauth_clients("--help").returncode == 0
    usage = oauth_clients("inventory")
    assert usage.returncode == 2
    assert usage.stderr == (
        "oauth-clients inventory: error: one of the arguments --config --example-config is required "
        "(see oauth-clients inventory --help)\n"
    )
    config = oauth_clients("inventory", "--config", tmp_path / "missing.toml")
    assert config.returncode == 2 and config.stderr.startswith("oauth-clients: error: ")
    with providers_server(slashid=lambda request: Reply(500, {"errors": []})) as server:
        failed = oauth_clients("inventory", "--config", write_config(tmp_path, tables(server.url)), "-q")
    assert failed.returncode == 1
    assert failed.stderr.startswith("oauth-clients: slashid: ServerError: list_oauth2_clients: HTTP 500")
    assert len(json.loads(failed.stdout)["records"]) == 5


def test_console_script_is_declared_and_installed():
    (entry_point,) = importlib.metadata.entry_points(group="console_scripts", name="oauth-clients")
    assert entry_point.value == "oauth_clients.cli:main"
    script = Path(sys.executable).parent / "oauth-clients"
    assert script.exists(), "reinstall the package (pip install -e .) to get the console script"
    done = subprocess.run(
        [script, "inventory", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("usage: oauth-clients inventory")


@pytest.fixture(scope="module")
def sample_config_on_prism(tmp_path_factory):
    """The sample config (examples/inventory.toml, the packaged file) with a base_url per table
    pointing at Prism serving that spec."""
    text = (ROOT / "examples" / "inventory.toml").read_text(encoding="utf-8")
    with ExitStack() as stack:
        for provider in PROVIDER_NAMES:
            url = stack.enter_context(prism(ROOT / "specs" / f"{provider}.yaml"))
            text = text.replace(f"[{provider}]\n", f'[{provider}]\nbase_url = "{url}"\n', 1)
        path = tmp_path_factory.mktemp("config") / "inventory.toml"
        path.write_text(text, encoding="utf-8")
        yield path


def test_the_sample_config_against_prism(sample_config_on_prism):
    done = oauth_clients("inventory", "--config", sample_config_on_prism, "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)["records"]
    assert [record["provider"] for record in records] == [
        "leegality",
        "leegality",
        "leegality",
        "slashid",
        "loginradius",
        "launchdarkly",  # no client_ids in the sample: the two clients of the listing's example
        "launchdarkly",
    ]
    for secret in CREDENTIALS.values():
        assert secret not in done.stdout and secret not in done.stderr
