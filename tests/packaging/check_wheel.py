"""Run by `nox -s package` inside a fresh venv that has only the built wheel installed.

Checks that every provider imports from the wheel (not the source tree), with its schemas and
py.typed markers; that the wheel carries the LICENSE, the PyPI metadata (license, classifiers,
project URLs, the user-facing long description from docs/PYPI.md) and the sample config that
`oauth-clients inventory --example-config` prints.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import re
import subprocess
import sys
from pathlib import Path

SOURCE_TREE = Path(__file__).resolve().parents[2]
CLASSIFIERS = (
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Typing :: Typed",
)
# What only a contributor needs, or a link that leaves the package: not in the long description.
NOT_FOR_USERS = re.compile(r"\bnox\b|\.ci/|\.\./|shared/docs|\]\(|https?://|pip install -e")


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
    problems = [*metadata_problems(), *example_config_problems()]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def metadata_problems() -> list[str]:
    """What the wheel's metadata lacks for PyPI."""
    distribution = importlib.metadata.distribution("oauth-clients")
    metadata = distribution.metadata
    problems: list[str] = []
    licenses = [file for file in distribution.files or () if file.name == "LICENSE"]
    if not licenses or "MIT License" not in licenses[0].read_text(encoding="utf-8"):
        problems.append("the wheel has no LICENSE file with the MIT license")
    if metadata.get("License-Expression") != "MIT":
        problems.append(f"License-Expression is {metadata.get('License-Expression')!r}, not 'MIT'")
    classifiers = metadata.get_all("Classifier") or []
    problems += [f"classifier {name!r} is missing" for name in CLASSIFIERS if name not in classifiers]
    if not metadata.get_all("Project-URL"):
        problems.append("no project URLs")
    description = metadata.get_payload()  # type: ignore[attr-defined]  # the long description
    expected = (SOURCE_TREE / "docs" / "PYPI.md").read_text(encoding="utf-8")
    if metadata.get("Description-Content-Type") != "text/markdown" or description.strip() != expected.strip():
        problems.append("the long description is not docs/PYPI.md (as markdown)")
    for line in description.splitlines():
        if NOT_FOR_USERS.search(line):
            problems.append(f"the long description has a contributor command or an outside link: {line!r}")
    return problems


def example_config_problems() -> list[str]:
    """Whether the sample config is installed and printed by the console script."""
    sample = importlib.resources.files("oauth_clients.cli").joinpath("inventory.example.toml")
    expected = (SOURCE_TREE / "examples" / "inventory.toml").read_text(encoding="utf-8")
    if not sample.is_file() or sample.read_text(encoding="utf-8") != expected:
        return ["oauth_clients/cli/inventory.example.toml is missing or differs from examples/inventory.toml"]
    script = Path(sys.executable).parent / "oauth-clients"
    done = subprocess.run(
        [script, "inventory", "--example-config"], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0 or done.stdout != expected:
        return [f"oauth-clients inventory --example-config: status {done.returncode}, {done.stderr!r}"]
    return []


if __name__ == "__main__":
    sys.exit(main())
