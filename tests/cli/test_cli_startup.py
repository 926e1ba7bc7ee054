"""`oauth-clients --version` and `--help` start fast: they import neither httpx nor any provider's
operations, models or the inventory (a fresh interpreter each)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import contextlib, io, sys
from oauth_clients.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = main(sys.argv[1:])
heavy = sorted(
    m for m in sys.modules
    if m.split(".")[0] in ("httpx", "attrs", "anyio", "pydantic")
    or ".api." in m or ".models." in m or m.startswith("oauth_clients.inventory")
)
print(status, len(out.getvalue()), heavy)
"""


@pytest.mark.parametrize(
    "arguments",
    [["--version"], ["--help"], ["inventory", "--help"]],
    ids=["version", "help", "inventory-help"],
)
def test_version_and_help_load_nothing_heavy(arguments):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=True
    )
    status, length, heavy = result.stdout.split(" ", 2)
    assert status == "0"
    assert int(length) > 0
    assert heavy.strip() == "[]"


def test_the_help_lists_every_providers_environments():
    result = subprocess.run(
        [sys.executable, "-m", "oauth_clients.cli", "inventory", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in ("leegality: production, sandbox", "launchdarkly: commercial, federal, eu"):
        assert line in result.stdout
