"""The release rules, shared by the API tools and the noxfile (standard library only).

A release is a folder api/releases/<version>/ (its API, specs and commit); the newest one is the
baseline that `nox -s api-check` and `nox -s typecheck` compare the code with. A breaking change
needs a new major version, or a new minor one while the version is 0.x.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "api" / "releases"


def version_of(root: Path = ROOT) -> str:
    """[project].version of pyproject.toml: the one place the version is written."""
    return str(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def last_release(releases: Path = RELEASES) -> Path | None:
    """The folder of the newest release baseline (api/releases/<version>/), if any."""
    folders = [p for p in releases.iterdir() if (p / "api.json").is_file()] if releases.is_dir() else []
    return max(folders, key=lambda p: version_key(p.name)) if folders else None


def may_break(release: str, version: str) -> bool:
    """Whether `version` may break `release`: a new major version (a new minor one while 0.x)."""
    old, new = version_key(release), version_key(version)
    if old[0] == 0:
        return new[:2] > old[:2]
    return new[0] > old[0]


def next_breaking(release: str) -> str:
    """The first version that may break `release`."""
    major, minor, *_ = (*version_key(release), 0, 0)
    return f"0.{minor + 1}.0" if major == 0 else f"{major + 1}.0.0"
