"""The demo behind `nox -s demo`, the project's main job on mock servers.

Prism serves the four specs on 127.0.0.1; the sample config `examples/inventory.toml` is pointed
at them (each provider's `environment` replaced by its server's `base_url`); demo credentials go
into the environment variables the config names; and the real `oauth-clients inventory` command
prints the inventory table of all four providers (LaunchDarkly through its list operation: the
sample names no `client_ids`). Every Prism process is stopped on the way out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.prism import ROOT, PrismServer

SAMPLE_CONFIG = ROOT / "examples" / "inventory.toml"
LOG_COLUMNS = 200


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(str(value))  # a TOML basic string


Sample = dict[str, dict[str, Any]]


def demo_config(sample: Sample, urls: dict[str, str]) -> str:
    """The sample config with every provider pointed at its local Prism."""
    lines = [f"# {SAMPLE_CONFIG.relative_to(ROOT)}, pointed at Prism on 127.0.0.1 by tools/demo.py"]
    for provider, table in sample.items():
        settings = {key: value for key, value in table.items() if key != "environment"}
        settings["base_url"] = urls[provider]
        lines += ["", f"[{provider}]"] + [f"{key} = {toml_value(value)}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def demo_credentials(sample: Sample) -> dict[str, str]:
    """A placeholder credential for each variable the sample config names (Prism checks presence)."""
    return {table["credential_env"]: f"demo-{provider}-credential" for provider, table in sample.items()}


def main() -> int:
    sample: Sample = tomllib.loads(SAMPLE_CONFIG.read_text(encoding="utf-8"))
    servers = {name: PrismServer(ROOT / "specs" / f"{name}.yaml") for name in sample}
    try:
        for server in servers.values():
            server.start()  # all four start at once ...
        for name, server in servers.items():
            server.wait_ready()  # ... and are awaited in turn
            print(f"prism: specs/{name}.yaml on {server.url}", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="oauth-clients-demo-") as scratch:
            config = Path(scratch) / "inventory.toml"
            urls = {name: server.url for name, server in servers.items()}
            config.write_text(demo_config(sample, urls), encoding="utf-8")
            command = [sys.executable, "-m", "oauth_clients.cli", "inventory", "--config", str(config)]
            print(
                f"$ oauth-clients inventory --config {SAMPLE_CONFIG.relative_to(ROOT)} (on Prism)\n",
                file=sys.stderr,
            )
            environment = {**os.environ, **demo_credentials(sample)}
            if not sys.stdout.isatty():
                # A log has no width: give the table room instead of the 80 columns assumed elsewhere.
                environment.setdefault("COLUMNS", str(LOG_COLUMNS))
            return subprocess.run([*command, "--format", "table"], env=environment, check=False).returncode
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
