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
    if SOURCE_TREE in location.parents:
        print(f"oauth_clients was imported from the source tree ({location}), not the wheel")
        return 1
    for provider in oauth_clients.PROVIDERS:
        module = importlib.import_module(f"oauth_clients.{provider}")
        importlib.import_module(f"oauth_clients.{provider}.schemas")
        generated = importlib.import_module(f"oauth_clients_generated.{provider}")
        for package in (module, generated):
            marker = Path(package.__file__).parent / "py.typed"
            if not marker.is_file():
                print(f"{marker} is missing")
                return 1
        print(f"{provider}: {len(module.__all__)} public names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
