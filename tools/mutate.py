"""Mutation testing of the hand-written modules of src/oauth_clients (`nox -s mutate`), one module at a time.

For each module, mutmut (pinned in pyproject.toml's `mutate` group; its fixed settings are in
`[tool.mutmut]`) mutates that module only and runs the fast test files listed for it in `MODULES`
(never the Prism contract suite). Each module gets its own workspace, `mutants/<module>/`, with the
project linked into it; mutmut copies the sources into `mutants/<module>/mutants/` and imports them
from there, while `generated/` (the second package root) stays importable through the editable
install. A workspace is rebuilt at the start of each run of its module, so every figure is that of
a clean checkout, and kept afterwards for `mutmut show` / `mutmut browse`.

At the end, one line per module: mutants, killed, survived, equivalent (listed with a reason in
tests/mutation/equivalent/*.txt), caught % of the non-equivalent ones, and the time taken; each
survivor's diff is printed under its module. Exits 1 when a module is below `--fail-under`.

    python tools/mutate.py                       # every module of MODULES
    python tools/mutate.py _runtime/shape.py     # some of them (paths below src/oauth_clients)
    python tools/mutate.py --again MODULE        # only its last survivors, after new tests
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "src/oauth_clients"
WORKSPACES = ROOT / "mutants"
EQUIVALENTS = ROOT / "tests" / "mutation" / "equivalent"
"""One file per area (runtime.txt, client.txt, cli.txt, ...): `name  reason` per line, # for comments."""
COPIED = ("src", "tests", "pyproject.toml")
"""What mutmut copies into `mutants/<module>/mutants/` (linked into the workspace for it to copy)."""
NOT_LINKED = (*COPIED, "mutants", ".git", ".nox")
"""The rest of the project is linked into that copy, for the tests that read specs/ or codegen/
(generated/ is imported from where the editable install points, never from the copy)."""

# The test files that exercise each module, fast ones only (no Prism, no hypothesis fuzzing).
_HTTP = ("tests/test_clients.py", "tests/test_call_options.py", "tests/runtime/test_http_client.py")
MODULES: dict[str, tuple[str, ...]] = {
    "_runtime/shape.py": ("tests/parsing/test_wrong_shapes.py", "tests/mutation/test_shape.py"),
    "_runtime/paths.py": ("tests/test_path_parameters.py", "tests/mutation/test_paths.py"),
    "_runtime/wire.py": ("tests/parsing/test_datetimes.py", "tests/mutation/test_wire.py"),
    "_runtime/decode.py": ("tests/parsing/test_wrong_shapes.py", "tests/mutation/test_decode.py"),
    "_runtime/redact.py": (
        "tests/hostile/test_masking.py",
        "tests/hostile/test_secret_names.py",
        "tests/test_secrets.py",
        "tests/mutation/test_redact.py",
    ),
    "errors.py": (
        "tests/runtime/test_response_attributes.py",
        "tests/mutation/test_errors.py",
        "tests/mutation/test_decode.py",
    ),
    "_runtime/retry.py": (
        "tests/reliability/test_retries.py",
        "tests/reliability/test_write_safety.py",
        "tests/mutation/test_retry.py",
    ),
    "_runtime/body.py": (
        "tests/hostile/test_size_cap.py",
        "tests/hostile/test_midbody.py",
        "tests/mutation/test_body.py",
    ),
    "_runtime/limits.py": (
        "tests/hostile/test_deadline.py",
        "tests/hostile/test_size_cap.py",
        "tests/hostile/test_midbody.py",
        "tests/mutation/test_limits.py",
    ),
    "_runtime/client.py": (
        *_HTTP,
        "tests/runtime/test_lifecycle.py",
        "tests/runtime/test_identification.py",
        "tests/runtime/test_honest_httpx.py",
        "tests/runtime/test_response_attributes.py",
        "tests/hostile/test_redirects.py",
        "tests/hostile/test_construction.py",
        "tests/mutation/test_client.py",
    ),
    "_runtime/sending.py": (*_HTTP, "tests/runtime/test_honest_httpx.py", "tests/runtime/test_logging.py"),
    "_runtime/identity.py": ("tests/runtime/test_identification.py",),
    "_runtime/provenance.py": ("tests/runtime/test_response_attributes.py",),
    "_runtime/types.py": ("tests/runtime/test_response_attributes.py", "tests/test_clients.py"),
    "_runtime/logs.py": ("tests/runtime/test_logging.py",),
    "_runtime/log_masking.py": (
        "tests/runtime/test_logging.py",
        "tests/hostile/test_masking.py",
        "tests/mutation/test_log_masking.py",
    ),
    "_runtime/pydantic_rules.py": ("tests/mutation/test_pydantic_rules.py",),
    "_runtime/schema_model.py": ("tests/mutation/test_pydantic_rules.py", "tests/test_secrets.py"),
    "_runtime/namespace.py": ("tests/test_namespace.py", "tests/mutation/test_lazy_namespace.py"),
    "_runtime/extras.py": ("tests/mutation/test_small_modules.py",),
    "_runtime/files.py": ("tests/mutation/test_small_modules.py",),
    "__init__.py": ("tests/test_namespace.py", "tests/mutation/test_lazy_namespace.py"),
    "helpers/leegality.py": ("tests/test_leegality_state.py", "tests/mutation/test_leegality.py"),
    "cli/__init__.py": (
        "tests/cli/test_cli_config.py",
        "tests/cli/test_cli_output.py",
        "tests/mutation/test_cli_streams.py",
    ),
    "cli/_config.py": (
        "tests/cli/test_cli_config.py",
        "tests/cli/test_cli_config_reaches_the_source.py",
        "tests/mutation/test_cli_config_edges.py",
    ),
    "cli/_main.py": (
        "tests/cli/test_cli_inventory.py",
        "tests/cli/test_cli_output.py",
        "tests/mutation/test_cli_main.py",
    ),
    "cli/_output.py": ("tests/cli/test_cli_output.py", "tests/mutation/test_cli_render.py"),
    "cli/_progress.py": (
        "tests/cli/test_cli_output.py",
        "tests/cli/test_cli_inventory.py",
        "tests/mutation/test_cli_progress.py",
    ),
    # Constants only: mutmut finds no mutant (the table says so); tests/mutation/test_cli_main.py pins
    # the values against the exit statuses that --help lists.
    "cli/_status.py": ("tests/mutation/test_cli_main.py",),
    # _streams and _interrupt: in-process tests only. tests/cli/test_cli_streams_and_signals.py runs the
    # CLI as processes, which mutmut cannot switch (and its Ctrl-C test fails under mutmut's trampolines).
    "cli/_streams.py": ("tests/mutation/test_cli_streams.py",),
    "cli/_interrupt.py": ("tests/mutation/test_cli_streams.py",),
    "cli/_text.py": (
        "tests/cli/test_cli_output.py",
        "tests/cli/test_cli_config.py",
        "tests/mutation/test_cli_text.py",
    ),
    "inventory/adapters.py": (
        "tests/inventory/test_inventory_adapters.py",
        "tests/mutation/test_inventory_adapter_edges.py",
    ),
    "inventory/collector.py": (
        "tests/inventory/test_inventory_collector.py",
        "tests/inventory/test_inventory_bounds.py",
        "tests/mutation/test_inventory_collector_edges.py",
        "--deselect",  # Prism: not a fast test
        "tests/inventory/test_inventory_collector.py::test_collect_against_prism_serving_the_four_specs",
    ),
    "inventory/listing.py": (
        "tests/inventory/test_inventory_isolation.py",
        "tests/inventory/test_inventory_collector.py",
        "tests/mutation/test_inventory_sources.py",
        "tests/mutation/test_inventory_listing.py",
        "--deselect",  # Prism: not a fast test
        "tests/inventory/test_inventory_collector.py::test_collect_against_prism_serving_the_four_specs",
    ),
    "inventory/record.py": (
        "tests/inventory/test_inventory_adapters.py",
        "tests/mutation/test_inventory_record.py",
    ),
    "inventory/results.py": (
        "tests/inventory/test_inventory_collector.py",
        "tests/mutation/test_inventory_results.py",
        "--deselect",  # Prism: not a fast test
        "tests/inventory/test_inventory_collector.py::test_collect_against_prism_serving_the_four_specs",
    ),
    "inventory/sources.py": (
        "tests/inventory/test_inventory_adapters.py",
        "tests/inventory/test_inventory_isolation.py",
        "tests/mutation/test_inventory_sources.py",
    ),
    "inventory/stale.py": ("tests/inventory/test_inventory_stale.py",),
}

# mutmut's exit codes (mutmut.stats.status_by_exit_code): what counts as caught.
CAUGHT = {1, 3, 36, 37, 24, -24, 152, 255}  # failed test, pytest error, timeout, type check
NO_TESTS = {5, 33}


@dataclass
class Result:
    module: str
    seconds: float
    codes: dict[str, int | None] = field(default_factory=dict)
    equivalent: set[str] = field(default_factory=set)
    """The listed equivalent mutants of this module that survived (a caught one is not equivalent)."""
    stale: list[str] = field(default_factory=list)
    """Listed equivalent mutants of this module that were caught, or that no longer exist."""
    failure: str = ""

    @property
    def no_mutants(self) -> bool:
        """mutmut ran and found nothing to change (constants only, or bodies without an operator or
        literal)."""
        return not self.codes and not self.failure

    @property
    def survivors(self) -> list[str]:
        return sorted(k for k, c in self.codes.items() if c not in CAUGHT and k not in self.equivalent)

    @property
    def killed(self) -> int:
        return sum(c in CAUGHT for c in self.codes.values())

    @property
    def score(self) -> float:
        relevant = len(self.codes) - len(self.equivalent)
        return 100.0 if relevant <= 0 else 100.0 * self.killed / relevant


def module_name(module: str) -> str:
    """`oauth_clients._runtime.shape` for `_runtime/shape.py` (the prefix of its mutants' names)."""
    return "oauth_clients." + module.removesuffix(".py").replace("/", ".")


def equivalent_mutants() -> dict[str, str]:
    """The mutants listed in tests/mutation/equivalent/*.txt (`name  reason`), by name."""
    listed: dict[str, str] = {}
    for listing in sorted(EQUIVALENTS.glob("*.txt")):
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.strip().partition(" ")
                listed[name] = reason.strip()
    return listed


def workspace(module: str) -> Path:
    return WORKSPACES / module.removesuffix(".py").replace("/", ".")


def prepare(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in COPIED:
        (folder / name).symlink_to(ROOT / name)
    (folder / "mutants").mkdir()
    for path in ROOT.iterdir():
        if path.name not in NOT_LINKED:
            (folder / "mutants" / path.name).symlink_to(path)


def keep_for_again(module: str) -> None:
    """Prepare `module`'s workspace for `--again`: its survivors (and mutants that no test reached)
    are forgotten, so mutmut runs them once more, and the copies of the other source files are
    dropped, so mutmut copies them afresh. mutmut itself re-tests the mutants of every function
    whose code changed, copies the tests anew and collects coverage for new tests; the verdicts of
    the unchanged functions' caught mutants stand."""
    copied = workspace(module) / "mutants" / PACKAGE
    meta = copied / (module + ".meta")
    if not meta.exists():
        raise SystemExit(f"{module}: no earlier run in {workspace(module)} (run it once without --again)")
    data = json.loads(meta.read_text(encoding="utf-8"))
    codes = data["exit_code_by_key"]
    for name, code in codes.items():
        if code not in CAUGHT:
            codes[name] = None
    meta.write_text(json.dumps(data), encoding="utf-8")
    for path in copied.rglob("*.py"):
        if path != copied / module:
            path.unlink()


def run_one(module: str, max_children: int) -> None:
    """In this process (a child of `main`): mutmut over `module`, from its workspace."""
    os.chdir(workspace(module))
    from mutmut import configuration  # noqa: PLC0415  # read in the workspace, after chdir

    settings = configuration._load_config()  # [tool.mutmut], then ours on top
    settings.only_mutate = [f"{PACKAGE}/{module}"]
    settings.pytest_add_cli_args_test_selection = list(MODULES[module])
    configuration._config = settings
    from mutmut.__main__ import _run  # noqa: PLC0415

    _run([], max_children)


def measure(module: str, max_children: int, equivalent: dict[str, str], again: bool = False) -> Result:
    folder = workspace(module)
    if again:
        keep_for_again(module)
    else:
        prepare(folder)
    print(f"\n=== {module}: {' '.join(MODULES[module])}", flush=True)
    started = time.monotonic()
    command = [sys.executable, __file__, "--one", module, "--max-children", str(max_children)]
    finished = subprocess.run(command, check=False)
    seconds = time.monotonic() - started
    if again:  # the time of record stays that of the full run
        seconds = _seconds(folder)
    else:
        (folder / "seconds").write_text(f"{seconds:.1f}\n", encoding="utf-8")
    result = read_result(module, seconds, equivalent)
    if finished.returncode != 0 and not result.no_mutants:
        # mutmut stops with 1 when it made no mutant (a module of constants): that is a result too
        return Result(module, seconds, failure=f"mutmut exited with {finished.returncode}")
    return result


def read_result(module: str, seconds: float, equivalent: dict[str, str]) -> Result:
    """The verdicts of the last run of `module`, from its workspace."""
    result = Result(module, seconds)
    meta = workspace(module) / "mutants" / PACKAGE / (module + ".meta")
    if not meta.exists():
        result.failure = "not measured"
        return result
    result.codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    caught = {name for name, code in result.codes.items() if code in CAUGHT}
    mine = {name for name in equivalent if name.startswith(module_name(module) + ".")}
    result.equivalent = {name for name in mine if name in result.codes and name not in caught}
    result.stale = sorted(mine - result.equivalent)
    return result


def _seconds(folder: Path) -> float:
    recorded = folder / "seconds"
    return float(recorded.read_text(encoding="utf-8")) if recorded.exists() else 0.0


def show_survivors(result: Result) -> None:
    for name in result.stale:
        print(f"\n{EQUIVALENTS.relative_to(ROOT)}/: {name} is caught or gone: remove it from the list")
    if not result.survivors:
        return
    from mutmut.mutation.diff_apply import get_diff_for_mutant  # noqa: PLC0415

    here = Path.cwd()
    os.chdir(workspace(result.module))
    try:
        print(f"\n--- survivors of {result.module} (not in {EQUIVALENTS.relative_to(ROOT)}/)")
        for name in result.survivors:
            verdict = "no test reaches it" if result.codes[name] in NO_TESTS else "survived"
            print(f"\n# {name}: {verdict}")
            print(get_diff_for_mutant(name, path=f"{PACKAGE}/{result.module}"))
    finally:
        os.chdir(here)


def table(results: list[Result]) -> str:
    lines = [
        "| module | mutants | killed | survived | equivalent | caught | time |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.failure:
            lines.append(f"| `{r.module}` | {r.failure} | | | | | {r.seconds:.0f} s |")
            continue
        if r.no_mutants:
            lines.append(f"| `{r.module}` | 0 (nothing to mutate) | | | | | {r.seconds:.0f} s |")
            continue
        lines.append(
            f"| `{r.module}` | {len(r.codes)} | {r.killed} | {len(r.survivors)} | {len(r.equivalent)} "
            f"| {r.score:.1f} % | {r.seconds:.0f} s |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modules", nargs="*", help="paths below src/oauth_clients (default: all of MODULES)")
    parser.add_argument("--max-children", type=int, default=1, help="mutants run in parallel (default 1)")
    parser.add_argument("--fail-under", type=float, default=95.0, help="least caught %% per module")
    parser.add_argument("--report", action="store_true", help="only print the table of the last runs")
    parser.add_argument(
        "--again",
        action="store_true",
        help="re-run only the survivors and the changed functions' mutants of the last run (while "
        "killing survivors; the figures of record come from a run without it)",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        run_one(arguments.one, arguments.max_children)
        return 0
    unknown = [m for m in arguments.modules if m not in MODULES]
    if unknown:
        parser.error(
            f"not in tools/mutate.py MODULES: {', '.join(unknown)} (choose from {', '.join(MODULES)})"
        )
    equivalent = equivalent_mutants()
    if arguments.report:
        results = [
            read_result(m, _seconds(workspace(m)), equivalent)
            for m in arguments.modules or MODULES
            if workspace(m).exists()
        ]
    else:
        chosen = arguments.modules or list(MODULES)
        results = [measure(m, arguments.max_children, equivalent, arguments.again) for m in chosen]
    for result in results:
        show_survivors(result)
    print(f"\nMutation testing (mutmut), {time.strftime('%Y-%m-%d')}:\n")
    print(table(results))
    below = [r.module for r in results if r.failure or r.score < arguments.fail_under]
    if below:
        print(f"\nBelow {arguments.fail_under} % (or not measured): {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
