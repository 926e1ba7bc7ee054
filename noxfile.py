"""Every task a person runs on oauth-clients. `nox --list` is the manual; `nox` runs what CI runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import nox

from tools.api_release import last_release, may_break, version_of

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.11", "3.12", "3.13"]
HAND_WRITTEN = ["src", "tests", "codegen", "tools", "noxfile.py"]

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "specs", "drift", "api-check", "typecheck", "tests", "package"]


def install_group(session: nox.Session, *groups: str) -> None:
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


def npm_ci(session: nox.Session) -> None:
    """Install the pinned Node tools (package-lock.json) unless node_modules already matches it."""
    marker = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < lock.stat().st_mtime:
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)


def npx(session: nox.Session, tool: str, *args: str) -> None:
    session.run(str(ROOT / "node_modules" / ".bin" / tool), *args, external=True)


def spec_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "specs").glob("*.yaml"))


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check of the hand-written code."""
    install_group(session, "lint")
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)


@nox.session
def specs(session: nox.Session) -> None:
    """Spec gates: openapi-spec-validator, Spectral, Redocly, example and fidelity tests."""
    install_group(session, "specs")
    npm_ci(session)
    for spec in spec_files():
        session.run("openapi-spec-validator", spec)
    npx(session, "spectral", "lint", "--fail-severity=hint", *spec_files())
    npx(session, "redocly", "lint", "--max-problems=1000", *spec_files())
    session.run("pytest", "tests/specs", *session.posargs)


@nox.session
def codegen(session: nox.Session) -> None:
    """Regenerate generated/ from specs/ (writes files; commit the result)."""
    install_group(session, "codegen")
    session.run("python", "codegen/generate.py", *session.posargs)


@nox.session
def drift(session: nox.Session) -> None:
    """Fail, listing the files, when generated/ is not exactly what the specs produce."""
    install_group(session, "codegen")
    session.run("python", "codegen/generate.py", "--check")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright strict over generated/, the shim, tests/typing (and the last release's);
    pyright --verifytypes of the installed wheel at 95 % at least."""
    install_group(session, "typecheck")
    session.install("-e", ".[pydantic]")
    npm_ci(session)
    consumers = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "typing").glob("*.py"))
    targets = ["generated/oauth_clients_generated", "src/oauth_clients", *consumers]
    session.run("mypy", *targets)
    npx(session, "pyright", "--pythonpath", session.virtualenv.bin + "/python", *targets)
    verify_types(session)  # first: the figure is printed even when the released consumer fails
    released_consumer(session)


VERIFYTYPES_MINIMUM = 95.0
"""The least `pyright --verifytypes oauth_clients` completeness (%) that `typecheck` accepts."""


def verify_types(session: nox.Session) -> None:
    """`pyright --verifytypes oauth_clients --ignoreexternal` against the wheel, installed with the
    [pydantic] extra in a fresh venv (pyright cannot follow the editable install), run from an empty
    folder; prints the figure and fails below VERIFYTYPES_MINIMUM."""
    tmp = Path(session.create_tmp()).resolve()
    dist, venv, empty = tmp / "verifytypes-dist", tmp / "verifytypes-venv", tmp / "verifytypes-empty"
    for folder in (dist, venv, empty):
        shutil.rmtree(folder, ignore_errors=True)
    empty.mkdir()
    session.run("python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(ROOT))
    wheel = next(dist.glob("*.whl"))
    session.run("python", "-m", "venv", str(venv))
    session.run(
        str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[pydantic]", external=True
    )
    # pyright finds the package through the active venv only (not --pythonpath), and session.run
    # would put this session's venv first on PATH: so a plain subprocess, with the wheel's venv.
    environment = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
    }
    command = [
        str(ROOT / "node_modules" / ".bin" / "pyright"),
        "--verifytypes",
        "oauth_clients",
        "--ignoreexternal",
    ]
    session.log(f"{' '.join(command)}  (in {empty}, VIRTUAL_ENV={venv})")
    done = subprocess.run(command, cwd=empty, env=environment, capture_output=True, text=True, check=False)
    report = done.stdout + done.stderr  # exit status 1 when anything is reported: the score decides
    found = re.search(r"Type completeness score: ([\d.]+)%", report)
    if found is None:
        session.error(f"pyright --verifytypes printed no completeness score:\n{report}")
    score = float(found.group(1))
    if score < VERIFYTYPES_MINIMUM:
        print(report)
        session.error(
            f"pyright --verifytypes oauth_clients: {score} % complete, below {VERIFYTYPES_MINIMUM} %"
        )
    session.log(f"pyright --verifytypes oauth_clients: {score} % complete (at least {VERIFYTYPES_MINIMUM} %)")


def released_consumer(session: nox.Session) -> None:
    """Type-check the tests/typing consumer of the last release against this code (openai-python's check).

    A failure is a breaking change: it fails the session unless the version already bumps the
    release's minor (0.x) or major version, when the old consumer is expected to break.
    """
    released = "tests/typing/released"
    folder = last_release()
    if folder is None:
        session.error("no release in api/releases/: record one with `nox -s api -- release`")
    release, version = folder.name, version_of()
    try:
        session.run("mypy", released)
        npx(session, "pyright", "--pythonpath", session.virtualenv.bin + "/python", released)
    except nox.command.CommandFailed:
        message = (
            f"{released}/ (the consumer of release {release}) no longer type-checks against this code "
            f"(errors above): that is a breaking change of the public API."
        )
        if may_break(release, version):
            session.warn(f"{message} Expected: version {version} may break {release}.")
            return
        session.error(
            f"{message} Undo it, or bump the minor version (0.x) in pyproject.toml and name the change in "
            "CHANGELOG.md; `nox -s api-check` lists the breaking changes."
        )


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The pytest suite (everything under tests/), on every supported Python."""
    install_group(session, "test")
    session.install("-e", ".[pydantic]")
    npm_ci(session)
    session.run("pytest", *session.posargs)


@nox.session
def api(session: nox.Session) -> None:
    """Write the public API snapshot api/*.txt (griffe); `-- release` records this version as a release."""
    install_group(session, "api")
    session.install("-e", ".")  # the CLI's options are read from its parser, in a child process
    session.run("python", "tools/api_snapshot.py", *(session.posargs or ["write"]))


@nox.session(name="api-check")
def api_check(session: nox.Session) -> None:
    """Print API and wire changes since the last release; fail if api/ is stale or a break is unversioned."""
    install_group(session, "api")
    session.install("-e", ".")
    npm_ci(session)
    session.run("python", "tools/api_snapshot.py", "check")
    session.run("python", "tools/api_changes.py", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the reference offline into site/: the Python API (pdoc) and each spec (Redocly build-docs)."""
    install_group(session, "docs")
    session.install("-e", ".[pydantic]")
    npm_ci(session)
    session.run("python", "tools/api_docs.py", *session.posargs)


@nox.session
def package(session: nox.Session) -> None:
    """Build wheel and sdist, install the wheel in a fresh venv, import it and type-check against it."""
    install_group(session, "typecheck")
    session.install("build")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    wheel = next(dist.glob("*.whl"))
    venv = Path(session.create_tmp()).resolve() / "wheel-venv"
    shutil.rmtree(venv, ignore_errors=True)
    session.run("python", "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    session.run(python, "-m", "pip", "install", "--quiet", f"{wheel}[pydantic]", "mypy==2.4.1", external=True)
    session.run(python, "tests/packaging/check_wheel.py", external=True)
    # Type-check the consumer against the installed wheel, from a folder outside the source tree.
    outside = Path(session.create_tmp()) / "consumer"
    shutil.rmtree(outside, ignore_errors=True)
    # Not released/: a versioned breaking change may break the old consumer (`typecheck` judges it).
    shutil.copytree(ROOT / "tests" / "typing", outside, ignore=shutil.ignore_patterns("released"))
    with session.chdir(outside):
        session.run(python, "-m", "mypy", "--strict", "--no-incremental", ".", external=True)


@nox.session
def demo(session: nox.Session) -> None:
    """The main job on mock servers: Prism serves the four specs, `oauth-clients inventory` lists them all."""
    session.install("-e", ".")
    npm_ci(session)
    session.run("python", "tools/demo.py")


@nox.session
def bench(session: nox.Session) -> None:
    """Speed figures as ratios against same-run baselines (fails only if one cannot be measured).

    `nox -s bench -- --quick` for a smoke run, `-- --markdown` for the README table.
    """
    install_group(session, "bench", "codegen")
    session.install("-e", ".[pydantic]")
    session.run("python", "tools/bench.py", *session.posargs)


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing (mutmut) of the hand-written modules, one at a time; fails below 95 % caught.

    `-- _runtime/shape.py errors.py` for some modules, `-- --again MODULE` re-runs its last survivors,
    `-- --report` reprints the last table.
    """
    install_group(session, "mutate")
    session.install("-e", ".[pydantic]")
    session.run("python", "tools/mutate.py", *session.posargs)
