"""Config files and credentials for running `oauth-clients` against the fake providers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from oauth_clients.cli import main
from support.inventory import ORG_ID

CREDENTIAL_ENV = {
    "leegality": "LEEGALITY_TOKEN",
    "slashid": "SLASHID_API_KEY",
    "loginradius": "LOGINRADIUS_M2M_TOKEN",
    "launchdarkly": "LAUNCHDARKLY_API_KEY",
}
CREDENTIALS = {name: f"credential-of-{provider}-7c1e" for provider, name in CREDENTIAL_ENV.items()}


def tables(url: str, providers: Iterable[str] = CREDENTIAL_ENV) -> dict[str, dict[str, Any]]:
    """A config's tables: every provider served at `url`."""
    extra: dict[str, dict[str, Any]] = {
        "slashid": {"org_id": ORG_ID},
        "launchdarkly": {"client_ids": ["ld-1"]},
    }
    return {
        provider: {"base_url": url, "credential_env": CREDENTIAL_ENV[provider], **extra.get(provider, {})}
        for provider in providers
    }


def toml(config: Mapping[str, Mapping[str, Any]]) -> str:
    """TOML text of tables of strings, numbers, booleans and arrays (JSON spells those as TOML does)."""
    lines: list[str] = []
    for name, table in config.items():
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


def write_config(directory: Path, config: Mapping[str, Mapping[str, Any]] | str) -> Path:
    path = directory / "inventory.toml"
    path.write_text(config if isinstance(config, str) else toml(config), encoding="utf-8")
    return path


def run(capsys: Any, *argv: str | Path) -> tuple[int, str, str]:
    """main() in-process: (exit status, stdout, stderr)."""
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err
