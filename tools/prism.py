"""Start Prism (the pinned @stoplight/prism-cli) serving one spec on 127.0.0.1, and stop it again."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 60.0


class PrismError(RuntimeError):
    """Prism is not installed, or did not come up."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def prism(spec: Path, *, dynamic: bool = False) -> Iterator[str]:
    """Serve `spec` with request validation on; yields the base URL; the process ends on exit."""
    if not PRISM.exists():
        raise PrismError(f"{PRISM} is missing: run `npm ci` in {ROOT}")
    port = free_port()
    command = [str(PRISM), "mock", str(spec), "--host", "127.0.0.1", "--port", str(port), "--errors"]
    if dynamic:
        command.append("--dynamic")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                raise PrismError(
                    f"prism exited with {process.returncode} serving {spec.name}:\n{output[-2000:]}"
                )
            try:
                httpx.get(url, timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise PrismError(
                        f"prism did not answer on {url} within {STARTUP_SECONDS:.0f} s"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
