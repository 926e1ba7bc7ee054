"""`nox -s bench`: speed and memory figures of oauth-clients, each a ratio against a baseline
measured in the same run on the same machine, printed with the numbers behind it and the target.

The benchmark reports: it never fails on a ratio (a miss is printed as MISSES), but it exits 1
when a figure cannot be measured, so `nox -s bench -- --quick` is a smoke test in CI. Figures:

    parse           typed parse of a 10,000-client list response  vs  json.loads of the same bytes
    parse-pydantic  the same with the pydantic models               vs  json.loads
    parse-memory    peak memory of that typed parse                 vs  peak of json.loads alone
    call-httpx      client CPU per call against a local server     vs  raw httpx on that server
    call-ld         the same, LaunchDarkly's get OAuth client      vs  launchdarkly-api (its SDK)
    import          `import oauth_clients` + one provider           vs  `import httpx`
    import-call     the same, ready for one call (client + op)      vs  `import httpx`
    cli-version     `oauth-clients --version`                       vs  `python -c pass`
    cli-help        `oauth-clients inventory --help`                vs  `python -c pass`
    inventory       four providers each answering after 200 ms     vs  the slowest provider alone
    inventory-50    50 accounts over the four providers, 200 ms    vs  the slowest account alone
    codegen         `nox -s codegen` work for one provider         vs  a bare openapi-python-client run

Servers run in a child process, so "CPU per call" is the client's CPU only.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


@dataclass(frozen=True)
class Figure:
    name: str
    what: str
    ours: float
    baseline: float
    unit: str
    target: float | None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "report"
        return "meets" if self.ratio <= self.target else "MISSES"


# -- helpers ---------------------------------------------------------------------------------------


def best_of(
    repeat: int, function: Callable[[], object], *, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The fastest of `repeat` runs, in seconds, with the garbage collector off during each run."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = clock()
            function()
            times.append(clock() - start)
        finally:
            gc.enable()
    return min(times)


def spec_example(provider: str, path: str, status: str = "200") -> Any:
    spec = yaml.safe_load((ROOT / "specs" / f"{provider}.yaml").read_text(encoding="utf-8"))
    content = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]
    return next(iter(content["examples"].values()))["value"]


def _serve(port_queue: Any, body: bytes, delay: float) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real APIs
        disable_nagle_algorithm = True  # headers and body go out at once, no delayed-ACK stalls

        def do_GET(self) -> None:
            if delay:
                time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        # The default listen backlog (5) would itself queue the 50 accounts' new connections.
        request_queue_size = 128
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


@contextmanager
def server_process(body: bytes, delay: float = 0.0) -> Iterator[str]:
    """A local HTTP server in a child process that answers every GET with `body` after `delay` s."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_serve, args=(queue, body, delay), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{queue.get(timeout=30)}"
    finally:
        process.terminate()
        process.join(timeout=10)


# -- figures ---------------------------------------------------------------------------------------


def parse_figure(repeat: int) -> list[Figure]:
    from oauth_clients import slashid
    from oauth_clients.slashid import schemas

    example = spec_example("slashid", "/oauth2/clients")
    item = example["result"][0]
    body = {**example, "result": [{**item, "client_id": f"client-{i}"} for i in range(10_000)]}
    raw = json.dumps(body).encode()

    from oauth_clients._runtime.decode import loads  # what the operations parse with

    baseline = best_of(repeat, lambda: json.loads(raw))
    ours = best_of(repeat, lambda: slashid.OAuth2ClientListResponse.from_dict(loads(raw)))
    pydantic = best_of(repeat, lambda: schemas.OAuth2ClientListResponse.model_validate_json(raw))
    size = f"{len(raw) / 1e6:.1f} MB"
    return [
        Figure(
            "parse",
            f"typed parse of 10,000 SlashID clients ({size}) vs json.loads",
            ours,
            baseline,
            "s",
            2.0,
            "attrs models: our json.loads + from_dict, every value type-checked, nulls and numbers "
            "read by the tolerant rules (stretch target 1.5x)",
        ),
        Figure(
            "parse-pydantic",
            "the same with our pydantic models (model_validate_json) vs json.loads",
            pydantic,
            baseline,
            "s",
            1.2,
            "model_validate_json with the attrs models' rules (date-times through WireDateTime)",
        ),
        memory_figure(raw),
    ]


MEMORY_PROBE = """
import json, sys, tracemalloc
raw = open(sys.argv[1], "rb").read()
if sys.argv[2] == "typed":
    from oauth_clients import slashid
    from oauth_clients._runtime.decode import loads
    slashid.OAuth2ClientListResponse.from_dict(loads(b"{}"))  # modules loaded before measuring
tracemalloc.start()
if sys.argv[2] == "typed":
    kept = slashid.OAuth2ClientListResponse.from_dict(loads(raw))
else:
    kept = json.loads(raw)
print(tracemalloc.get_traced_memory()[1])
"""


def memory_figure(raw: bytes) -> Figure:
    """Peak traced memory of the typed parse vs json.loads alone, each in a fresh interpreter."""
    with tempfile.NamedTemporaryFile(suffix=".json") as body:
        body.write(raw)
        body.flush()

        def peak(kind: str) -> float:
            result = subprocess.run(
                [sys.executable, "-c", MEMORY_PROBE, body.name, kind],
                check=True,
                capture_output=True,
                text=True,
            )
            return float(result.stdout.strip())

        return Figure(
            "parse-memory",
            "peak memory of the typed parse of the 10,000 clients vs json.loads of the same bytes",
            peak("typed"),
            peak("json"),
            "B",
            1.5,
            "tracemalloc peak in a child process (models kept alive, as a caller would)",
        )


def call_figures(calls: int, repeat: int) -> list[Figure]:
    import httpx

    from oauth_clients import launchdarkly

    body = json.dumps(spec_example("launchdarkly", "/api/v2/oauth/clients/{clientId}")).encode()
    client_id = "b3f9-client"
    token = "api-0000-bench"
    figures = []
    with server_process(body) as url:
        raw = httpx.Client(base_url=url, headers={"Authorization": token})
        ours = launchdarkly.AuthenticatedClient(token, base_url=url)

        def raw_calls() -> None:
            for _ in range(calls):
                response = raw.get(f"/api/v2/oauth/clients/{client_id}")
                response.raise_for_status()
                json.loads(response.content)

        def our_calls() -> None:
            for _ in range(calls):
                launchdarkly.get_oauth2_client.sync(client_id, client=ours)

        raw_calls()
        our_calls()  # warm up: connections open, modules imported
        baseline = best_of(repeat, raw_calls, clock=time.process_time) / calls
        mine = best_of(repeat, our_calls, clock=time.process_time) / calls
        figures.append(
            Figure(
                "call-httpx",
                "client CPU per call, LaunchDarkly get_oauth2_client vs raw httpx get + json.loads",
                mine,
                baseline,
                "s",
                1.05,
                "same local server (child process), keep-alive; ours parses into the typed model",
            )
        )
        vendor = launchdarkly_sdk_calls(url, token, client_id, calls, repeat)
        if vendor is None:
            figures.append(Figure("call-ld", "launchdarkly-api is not installed", 1, 1, "skipped", None))
        else:
            figures.append(
                Figure(
                    "call-ld",
                    "client CPU per call, ours vs launchdarkly-api get_o_auth_client_by_id",
                    mine,
                    vendor,
                    "s",
                    1.0,
                    "same server and operation; both return typed models",
                )
            )
        raw.close()
        ours.close()
    return figures


def launchdarkly_sdk_calls(url: str, token: str, client_id: str, calls: int, repeat: int) -> float | None:
    try:
        import launchdarkly_api  # type: ignore[import-untyped]
        from launchdarkly_api.api.o_auth2_clients_api import OAuth2ClientsApi  # type: ignore[import-untyped]
    except ImportError:
        return None
    configuration = launchdarkly_api.Configuration(host=url, api_key={"ApiKey": token})
    api = OAuth2ClientsApi(launchdarkly_api.ApiClient(configuration))

    def vendor_calls() -> None:
        for _ in range(calls):
            api.get_o_auth_client_by_id(client_id)

    vendor_calls()
    return best_of(repeat, vendor_calls, clock=time.process_time) / calls


def import_figures(repeat: int) -> list[Figure]:
    def cost(code: str) -> float:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    bare = cost("pass")
    httpx_cost = cost("import httpx") - bare
    ours = cost("import oauth_clients; oauth_clients.slashid") - bare
    ready = cost("from oauth_clients.slashid import AuthenticatedClient, list_oauth2_clients") - bare
    return [
        Figure(
            "import",
            "`import oauth_clients` + oauth_clients.slashid vs `import httpx` (interpreter start subtracted)",
            ours,
            httpx_cost,
            "s",
            1.15,
            "median of fresh interpreters; operations and models load on first use",
        ),
        Figure(
            "import-call",
            "the same, ready for one call (AuthenticatedClient + list_oauth2_clients) vs `import httpx`",
            ready,
            httpx_cost,
            "s",
            None,
            "what a caller pays before its first call: httpx, attrs, the runtime, one operation",
        ),
    ]


def cli_figures(repeat: int) -> list[Figure]:
    """`oauth-clients --version` and `inventory --help` vs a bare interpreter (wall time, median)."""

    def cost(arguments: list[str]) -> float:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, *arguments], check=True, stdout=subprocess.DEVNULL)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    bare = cost(["-c", "pass"])
    cli = ["-m", "oauth_clients.cli"]
    return [
        Figure(
            "cli-version",
            "`oauth-clients --version` vs `python -c pass`",
            cost([*cli, "--version"]),
            bare,
            "s",
            2.0,
            "imports neither httpx nor a provider's operations",
        ),
        Figure(
            "cli-help",
            "`oauth-clients inventory --help` vs `python -c pass`",
            cost([*cli, "inventory", "--help"]),
            bare,
            "s",
            2.0,
            "the same",
        ),
    ]


INVENTORY_BODIES = {
    "leegality": ("leegality", "/api/v1/oauth2-clients"),
    "slashid": ("slashid", "/oauth2/clients"),
    "loginradius": ("loginradius", "/v2/manage/oauth-clients"),
    "launchdarkly": ("launchdarkly", "/api/v2/oauth/clients/{clientId}"),
}


def inventory_sources(urls: dict[str, str]) -> dict[str, Any]:
    from oauth_clients import launchdarkly, leegality, loginradius, slashid
    from oauth_clients.inventory import LaunchDarklySource, LeegalitySource, LoginRadiusSource, SlashIDSource

    return {
        "leegality": lambda: LeegalitySource(leegality.AuthenticatedClient("t", base_url=urls["leegality"])),
        "slashid": lambda: SlashIDSource(
            slashid.AuthenticatedClient("k", base_url=urls["slashid"]), org_id="o"
        ),
        "loginradius": lambda: LoginRadiusSource(
            loginradius.AuthenticatedClient("t", base_url=urls["loginradius"])
        ),
        "launchdarkly": lambda: LaunchDarklySource(
            launchdarkly.AuthenticatedClient("k", base_url=urls["launchdarkly"]), client_ids=("c1",)
        ),
    }


def inventory_figure(repeat: int) -> Figure:
    import asyncio
    from contextlib import ExitStack

    from oauth_clients.inventory import collect

    with ExitStack() as stack:
        urls = {}
        for provider, (spec, path) in INVENTORY_BODIES.items():
            body = json.dumps(spec_example(spec, path)).encode()
            urls[provider] = stack.enter_context(server_process(body, delay=0.2))
        sources = inventory_sources(urls)

        def run(names: list[str]) -> None:
            result = asyncio.run(collect([sources[name]() for name in names]))
            if not result.ok:
                raise RuntimeError(f"the benchmark servers failed: {result.failures}")

        run(list(sources))  # warm up
        together = best_of(repeat, lambda: run(list(sources)))
        slowest = max(best_of(repeat, lambda name=name: run([name])) for name in sources)
    return Figure(
        "inventory",
        "inventory of four providers, each answering after 200 ms, vs the slowest one alone",
        together,
        slowest,
        "s",
        1.2,
        "async collector, one connection pool per provider (wall time)",
    )


INVENTORY_ACCOUNTS = 50


def inventory_50_figure(repeat: int) -> Figure:
    """50 accounts spread over the four providers (one client and source each, as a config with
    `[[slashid]]` tables builds them), every server answering after 200 ms."""
    import asyncio
    from contextlib import ExitStack

    from oauth_clients.inventory import collect

    with ExitStack() as stack:
        urls = {}
        for provider, (spec, path) in INVENTORY_BODIES.items():
            body = json.dumps(spec_example(spec, path)).encode()
            urls[provider] = stack.enter_context(server_process(body, delay=0.2))
        factories = list(inventory_sources(urls).values())

        def run(count: int) -> None:
            sources = [factories[i % len(factories)]() for i in range(count)]
            result = asyncio.run(collect(sources))
            if not result.ok:
                raise RuntimeError(f"the benchmark servers failed: {result.failures}")

        run(INVENTORY_ACCOUNTS)  # warm up
        together = best_of(repeat, lambda: run(INVENTORY_ACCOUNTS))
        slowest = best_of(repeat, lambda: run(1))
    return Figure(
        "inventory-50",
        f"inventory of {INVENTORY_ACCOUNTS} accounts over four providers (200 ms each) vs one account",
        together,
        slowest,
        "s",
        1.3,
        "async collector, one pool per account, at most MAX_CONNECTIONS_PER_HOST at once per host",
    )


def codegen_figures() -> list[Figure]:
    figures = []
    python = sys.executable
    opc = str(Path(python).with_name("openapi-python-client"))
    for provider in ("leegality", "slashid", "loginradius", "launchdarkly"):
        with tempfile.TemporaryDirectory() as scratch:
            start = time.perf_counter()
            subprocess.run(
                [python, "codegen/generate.py", "--provider", provider, "--out", f"{scratch}/ours"],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            ours = time.perf_counter() - start
            start = time.perf_counter()
            subprocess.run(
                [
                    opc,
                    "generate",
                    "--path",
                    f"specs/{provider}.yaml",
                    "--meta",
                    "none",
                    "--output-path",
                    f"{scratch}/bare",
                ],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            bare = time.perf_counter() - start
        figures.append(
            Figure(
                f"codegen-{provider}",
                f"codegen of {provider} vs bare openapi-python-client on the same spec",
                ours,
                bare,
                "s",
                None,
                "ours adds the pydantic models (datamodel-code-generator), environments and one ruff pass",
            )
        )
    return figures


# -- report ----------------------------------------------------------------------------------------


def amount(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    return seconds(value)


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "ours", "baseline", "ratio", "target", "", "measures")]
    for f in figures:
        target = f"≤ {f.target:.2f}×" if f.target is not None else "-"
        rows.append(
            (
                f.name,
                amount(f.ours, f.unit),
                amount(f.baseline, f.unit),
                f"{f.ratio:.2f}×",
                target,
                f.verdict,
                f.what,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
        )
    return "\n".join(lines)


def markdown(figures: list[Figure]) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()} ({platform.system()}).",
        "",
        "| figure | ours | baseline | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for f in figures:
        target = f"≤ {f.target:.2f}× ({f.verdict})" if f.target is not None else "-"
        ours, baseline = amount(f.ours, f.unit), amount(f.baseline, f.unit)
        lines.append(f"| {f.what} | {ours} | {baseline} | {f.ratio:.2f}× | {target} |")
    return "\n".join(lines)


FIGURES = ("parse", "call", "import", "cli", "inventory", "codegen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=FIGURES, action="append", help="run only these figures")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--markdown", action="store_true", help="also print the README table")
    args = parser.parse_args(argv)
    chosen = args.only or list(FIGURES)
    repeat = 3 if args.quick else 7
    calls = 100 if args.quick else 500

    figures: list[Figure] = []
    steps: dict[str, Callable[[], list[Figure]]] = {
        "parse": lambda: parse_figure(repeat),
        "call": lambda: call_figures(calls, repeat),
        "import": lambda: import_figures(5 if args.quick else 15),
        "cli": lambda: cli_figures(5 if args.quick else 15),
        "inventory": lambda: [inventory_figure(repeat), inventory_50_figure(repeat)],
        "codegen": codegen_figures,
    }
    unmeasured: list[str] = []
    for name in chosen:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        try:
            figures += steps[name]()
        except Exception as error:  # a figure that cannot be measured fails the run
            unmeasured.append(f"{name}: {type(error).__name__}: {error}")
    unmeasured += [f"{f.name}: {f.what}" for f in figures if f.unit == "skipped"]
    print(table(figures))
    if args.markdown:
        print()
        print(markdown(figures))
    if unmeasured:
        print("\nnot measured:\n" + "\n".join(f"  {line}" for line in unmeasured), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
