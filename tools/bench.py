"""`nox -s bench`: speed and memory figures of oauth-clients, each a ratio against a baseline
measured in the same run on the same machine, printed with the numbers behind it and the target.

The benchmark reports; it never fails (exit status 0 whatever the ratios). Figures:

    parse       typed parse of a 10,000-client list response  vs  json.loads of the same bytes
    call-httpx  client CPU per call against a local server     vs  raw httpx on that server
    call-ld     the same, LaunchDarkly's get OAuth client      vs  launchdarkly-api (LaunchDarkly's SDK)
    import      `import oauth_clients` + one provider           vs  `import httpx`
    inventory   four providers each answering after 200 ms     vs  the slowest provider alone
    codegen     `nox -s codegen` work for one provider         vs  a bare openapi-python-client run

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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
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

    baseline = best_of(repeat, lambda: json.loads(raw))
    ours = best_of(repeat, lambda: slashid.OAuth2ClientListResponse.from_dict(json.loads(raw)))
    pydantic = best_of(repeat, lambda: schemas.OAuth2ClientListResponse.model_validate_json(raw))
    size = f"{len(raw) / 1e6:.1f} MB"
    return [
        Figure(
            "parse",
            f"typed parse of 10,000 SlashID clients ({size}) vs json.loads",
            ours,
            baseline,
            "s",
            1.5,
            "attrs models: json.loads + from_dict with every value type-checked",
        ),
        Figure(
            "parse-pydantic",
            "the same with our pydantic models (model_validate_json) vs json.loads",
            pydantic,
            baseline,
            "s",
            None,
            "for reference",
        ),
    ]


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
            figures.append(Figure("call-ld", "launchdarkly-api is not installed: skipped", 1, 1, "s", None))
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


def import_figure(repeat: int) -> Figure:
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
    return Figure(
        "import",
        "`import oauth_clients` + oauth_clients.slashid vs `import httpx` (interpreter start subtracted)",
        ours,
        httpx_cost,
        "s",
        1.15,
        "median of fresh interpreters",
    )


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
            (f.name, seconds(f.ours), seconds(f.baseline), f"{f.ratio:.2f}×", target, f.verdict, f.what)
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
        lines.append(f"| {f.what} | {seconds(f.ours)} | {seconds(f.baseline)} | {f.ratio:.2f}× | {target} |")
    return "\n".join(lines)


FIGURES = ("parse", "call", "import", "inventory", "codegen")


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
        "import": lambda: [import_figure(5 if args.quick else 15)],
        "inventory": lambda: [inventory_figure(repeat)],
        "codegen": codegen_figures,
    }
    for name in chosen:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        figures += steps[name]()
    print(table(figures))
    if args.markdown:
        print()
        print(markdown(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
