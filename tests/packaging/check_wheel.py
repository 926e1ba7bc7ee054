"""Run by `nox -s package` inside a fresh venv that has only the built wheel installed.

Checks that every provider imports from the wheel (not the source tree), with its schemas and
py.typed markers.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

SOURCE_TREE = Path(__file__).resolve().parents[2]


def main() -> int:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != SOURCE_TREE]
    import oauth_clients

    location = Path(oauth_clients.__file__).resolve()
    if "site-packages" not in location.parts:
        print(f"oauth_clients was imported from {location}, not from the installed wheel")
        return 1
    import oauth_clients_generated

    packages = [oauth_clients, oauth_clients_generated]
    for provider in oauth_clients.PROVIDERS:
        module = importlib.import_module(f"oauth_clients.{provider}")
        importlib.import_module(f"oauth_clients.{provider}.schemas")
        packages.append(importlib.import_module(f"oauth_clients_generated.{provider}"))
        print(f"{provider}: {len(module.__all__)} public names")
    for package in packages:
        marker = Path(package.__file__).parent / "py.typed"
        if not marker.is_file():
            print(f"{marker} is missing")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
