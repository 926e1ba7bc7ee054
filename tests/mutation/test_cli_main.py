"""`oauth-clients` in-process at its edges: the words of --help and --version (installed or not), the
--stale-days bounds and refusals, the count of undated clients kept, the path in a credential error,
the status a failed stdout imposes, and Mask on secrets inside words and inside longer secrets."""

from __future__ import annotations

import datetime
import importlib.metadata
import io
import json
import re
import sys

import pytest
from support.cli import CREDENTIALS, run, tables, write_config
from support.inventory import providers_server
from support.server import Reply

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.cli import EXIT_OK, EXIT_USAGE
from oauth_clients.cli._main import MAX_STALE_DAYS, Mask
from oauth_clients.cli._status import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT_FAILED,
    EXIT_PROVIDER_FAILED,
)


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "1000")  # argparse: no wrapping within the help texts


def words(text: str) -> str:
    return " ".join(text.split())


# --help and --version


def test_the_top_level_help(capsys):
    status, out, err = run(capsys, "--help")
    assert (status, err) == (EXIT_OK, "")
    assert out.startswith("usage: oauth-clients [-h] [--version] COMMAND ...\n\n")
    assert (
        "Command-line tools for the OAuth clients of Leegality, SlashID, LoginRadius and LaunchDarkly."
        in out.splitlines()
    )
    assert words(out).endswith(
        "commands: COMMAND inventory list the OAuth clients of the configured providers"
    )


def test_no_command_names_the_command_placeholder(capsys):
    status, out, err = run(capsys)
    assert (status, out) == (EXIT_USAGE, "")
    assert err == (
        "oauth-clients: error: the following arguments are required: COMMAND (see oauth-clients --help)\n"
    )


OPTION_HELP = [
    "--config FILE the TOML config file (see below)",
    "--example-config print the commented sample config and exit",
    "--format {table,json,csv} table for people, json or csv for programs "
    "(default: table when stdout is a terminal, else json)",
    "--provider NAME fetch only this provider's accounts (repeatable; one of: leegality, slashid, "
    "loginradius, launchdarkly); default: every configured provider",
    "--stale-days N only clients unused (or, without a last use, created) more than N days ago (0 to 36500)",
    "-q, --quiet no progress display and no notes on stderr (errors still)",
]


def test_the_inventory_help_describes_every_option(capsys):
    status, out, err = run(capsys, "inventory", "--help")
    assert (status, err) == (EXIT_OK, "")
    described = words(out)
    assert described.startswith(
        "usage: oauth-clients inventory [-h] (--config FILE | --example-config) "
        "[--format {table,json,csv}] [--provider NAME] [--stale-days N] [-q] "
        "List the OAuth clients of every provider account in a config file, fetched concurrently, "
        "as one normalized record per client."
    )
    for option in OPTION_HELP:
        assert option in described


def test_the_inventory_help_lists_the_environments_one_provider_a_line(capsys):
    _, out, _ = run(capsys, "inventory", "--help")
    modules = {
        "leegality": leegality,
        "slashid": slashid,
        "loginradius": loginradius,
        "launchdarkly": launchdarkly,
    }
    listed = "".join(f"  {name}: {', '.join(module.BASE_URLS)}\n" for name, module in modules.items())
    assert "\nenvironments (from the specs; the first is the default):\n" + listed + "\n--stale-days" in out


def test_version_names_the_installed_distribution(capsys):
    status, out, err = run(capsys, "--version")
    assert (status, err) == (EXIT_OK, "")
    assert out == f"oauth-clients {importlib.metadata.version('oauth-clients')}\n"


def test_version_when_not_installed(capsys, monkeypatch):
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    status, out, _ = run(capsys, "--version")
    assert (status, out) == (EXIT_OK, "oauth-clients (not installed)\n")


# --stale-days


@pytest.mark.parametrize(("days", "kept"), [("0", 3), (str(MAX_STALE_DAYS), 2)])
def test_stale_days_bounds_are_accepted(capsys, tmp_path, days, kept):
    yesterday = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)).isoformat()
    body = {
        "result": [
            {"client_id": "created-yesterday", "created_at": yesterday},
            {"client_id": "undated-1"},
            {"client_id": "undated-2"},
        ]
    }
    with providers_server(slashid=lambda request: Reply(200, body)) as server:
        path = write_config(tmp_path, tables(server.url, ["slashid"]))
        status, out, err = run(capsys, "inventory", "--config", path, "--stale-days", days)
    assert status == EXIT_OK, err
    records = json.loads(out)["records"]
    assert [r["client_id"] for r in records] == ["created-yesterday", "undated-1", "undated-2"][-kept:]
    assert err.splitlines()[-1] == (
        "oauth-clients: --stale-days: kept 2 client(s) whose age cannot be told (no usable date)"
    )


@pytest.mark.parametrize(
    ("days", "problem"),
    [
        ("soon", "expected a whole number of days, got 'soon'"),
        ("-1", "expected 0 to 36500 days, got -1"),
        ("36501", "expected 0 to 36500 days, got 36501"),
    ],
)
def test_stale_days_refusals(capsys, days, problem):
    status, out, err = run(capsys, "inventory", "--config", "x.toml", "--stale-days", days)
    assert (status, out) == (EXIT_USAGE, "")
    assert err == (
        f"oauth-clients inventory: error: argument --stale-days: {problem} "
        "(see oauth-clients inventory --help)\n"
    )


# Errors that name the config file


def test_an_unset_credential_variable_names_the_file(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("LEEGALITY_TOKEN")
    path = write_config(tmp_path, tables("http://127.0.0.1:9", ["leegality"]))
    status, out, err = run(capsys, "inventory", "--config", path)
    assert (status, out) == (EXIT_USAGE, "")
    assert err == (
        f"oauth-clients: error: {path}: leegality.credential_env: "
        "the environment variable LEEGALITY_TOKEN is not set\n"
    )


def test_a_client_refusal_names_the_file(capsys, tmp_path):
    path = write_config(tmp_path, tables("http://oauth-clients.invalid", ["leegality"]))
    status, out, err = run(capsys, "inventory", "--config", path)
    assert (status, out) == (EXIT_USAGE, "")
    assert err.startswith(f"oauth-clients: error: {path}: leegality: the leegality client refuses it: ")


# A stdout that fails


class Failing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status"),
    [(OSError(28, "No space left on device"), EXIT_OUTPUT_FAILED), (BrokenPipeError(), EXIT_BROKEN_PIPE)],
)
def test_a_failed_stdout_decides_the_status(capsys, monkeypatch, error, status):
    monkeypatch.setattr(sys, "stdout", Failing(error))
    assert run(capsys, "inventory", "--example-config")[0] == status


# Mask


@pytest.mark.parametrize(
    ("secrets", "text", "masked"),
    [
        (["sk-live-0123456789"], "prefix_sk-live-0123456789_suffix", "prefix_***_suffix"),
        (["abcdefgh"], "xabcdefghx", "x***x"),
        (["abcdefg"], "xabcdefgx abcdefg", "xabcdefgx ***"),
        (["z-12345678", "az-12345678"], "az-12345678 z-12345678", "*** ***"),
        (["sk-live-0123", "sk-live-0123456789"], "sk-live-0123456789", "***"),
    ],
    ids=[
        "inside a word",
        "8 characters inside a word",
        "7 characters stand alone",
        "one secret inside another",
        "a prefix of another, longest first",
    ],
)
def test_mask_edges(secrets, text, masked):
    mask = Mask()
    mask.add(secrets)
    assert mask(text) == masked


def test_the_exit_statuses_are_those_the_help_lists(capsys):
    # cli/_status.py holds only these constants: mutmut has nothing to mutate there, so they are pinned here.
    _, out, _ = run(capsys, "inventory", "--help")
    listed = re.findall(r"^  (\d+) ", out.split("\nexit status:\n", 1)[1], re.MULTILINE)
    statuses = (
        EXIT_OK,
        EXIT_PROVIDER_FAILED,
        EXIT_USAGE,
        EXIT_OUTPUT_FAILED,
        EXIT_INTERRUPTED,
        EXIT_BROKEN_PIPE,
    )
    assert [str(status) for status in statuses] == listed == ["0", "1", "2", "74", "130", "141"]
