"""Start Prism (the pinned @stoplight/prism-cli) serving one spec on 127.0.0.1, and stop it again.

`PrismServer` owns one `prism mock` process, always run with `--errors` (a request the spec
forbids gets a 4xx and an `sl-violations` header):

- `start()` launches it in a process group of its own, with its output drained by a thread into a
  bounded buffer, so the pipe never fills up and blocks Prism and the last lines are at hand;
- `wait_ready()` waits until it answers HTTP; if it dies or stays silent, the `PrismError` names
  the spec and shows the end of its log (a port taken in the meantime is retried on another one);
- `stop()` ends the whole process group (SIGTERM, then SIGKILL) and `is_alive()` says whether
  anything of it is left.

Every server still running when Python exits is stopped by an atexit hook. `prism()` wraps all of
it in a context manager that yields the base URL.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 60.0
STOP_SECONDS = 10.0
LOG_LINES = 200
PORT_ATTEMPTS = 3
POSIX = os.name == "posix"


class PrismError(RuntimeError):
    """Prism is not installed, or did not come up."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_RUNNING: set[PrismServer] = set()
_RUNNING_LOCK = threading.Lock()


def running() -> list[PrismServer]:
    """The servers started in this process and not stopped yet."""
    with _RUNNING_LOCK:
        return list(_RUNNING)


@atexit.register
def stop_all() -> None:
    """Stop every server still running (also run at interpreter exit)."""
    for server in running():
        server.stop()


class PrismServer:
    """One `prism mock --errors` process serving `spec` on 127.0.0.1 (`dynamic`: `--dynamic`)."""

    def __init__(self, spec: Path, *, dynamic: bool = False) -> None:
        self.spec = Path(spec)
        self.dynamic = dynamic
        self.port = free_port()
        self._log: collections.deque[str] = collections.deque(maxlen=LOG_LINES)
        self._log_lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._drain: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def description(self) -> str:
        spec = self.spec.relative_to(ROOT) if self.spec.is_relative_to(ROOT) else self.spec
        return f"prism mock{' --dynamic' if self.dynamic else ''} {spec} on {self.url}"

    def command(self) -> list[str]:
        command = [str(PRISM), "mock", str(self.spec), "--host", "127.0.0.1", "--port", str(self.port)]
        command.append("--errors")
        if self.dynamic:
            command.append("--dynamic")
        return command

    def __repr__(self) -> str:
        return f"PrismServer({self.description}, pid={self.pid})"

    def start(self) -> Self:
        """Launch Prism (without waiting for it: see `wait_ready`)."""
        if not PRISM.exists():
            raise PrismError(
                f"{PRISM} is missing, so {self.spec.name} cannot be served: run `npm ci` in {ROOT}"
            )
        if not self.spec.is_file():
            raise PrismError(f"no spec to serve at {self.spec}")
        with self._log_lock:
            self._log.clear()
        process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=POSIX,  # its own process group, which stop() ends as a whole
        )
        self._process = process
        with _RUNNING_LOCK:
            _RUNNING.add(self)
        self._drain = threading.Thread(
            target=self._read_output, args=(process,), name=f"prism-log-{self.port}", daemon=True
        )
        self._drain.start()
        return self

    def _read_output(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._log_lock:
                self._log.append(line.rstrip("\n"))

    def log_tail(self, lines: int = 40) -> str:
        """The last `lines` lines Prism printed."""
        with self._log_lock:
            return "\n".join(list(self._log)[-lines:])

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> Self:
        """Wait until Prism answers HTTP; a PrismError naming the spec and showing its log if not."""
        attempt = 1
        while True:
            try:
                return self._wait_answering(timeout)
            except PrismError:
                if attempt >= PORT_ATTEMPTS or "EADDRINUSE" not in self.log_tail(LOG_LINES):
                    raise
            # Another process took the port between free_port() and Prism's bind: try another.
            attempt += 1
            self.port = free_port()
            self.start()

    def _wait_answering(self, timeout: float) -> Self:
        process = self._process
        if process is None:
            raise PrismError(f"{self.description}: wait_ready() before start()")
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=1.0) as http:
            while True:
                if process.poll() is not None:
                    self.stop()
                    raise PrismError(
                        f"{self.description} exited with status {process.returncode} before answering;"
                        f" the end of its output:\n{self.log_tail()}"
                    )
                try:
                    http.get(self.url)
                    return self
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        self.stop()
                        raise PrismError(
                            f"{self.description} did not answer within {timeout:.0f} s;"
                            f" the end of its output:\n{self.log_tail()}"
                        ) from None
                    time.sleep(0.1)

    def stop(self) -> None:
        """End Prism's whole process group: SIGTERM, then SIGKILL after STOP_SECONDS."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                process.wait()
        self._signal_group(signal.SIGKILL)  # whatever Prism may have started and left behind
        if self._drain is not None:
            self._drain.join(timeout=STOP_SECONDS)
        if process.stdout is not None and (self._drain is None or not self._drain.is_alive()):
            process.stdout.close()
        with _RUNNING_LOCK:
            _RUNNING.discard(self)

    def _signal_group(self, sig: signal.Signals) -> None:
        process = self._process
        if process is None:
            return
        if not POSIX:
            if process.poll() is None and sig == signal.SIGKILL:
                process.kill()
            elif process.poll() is None:
                process.terminate()
            return
        # ProcessLookupError: the group is gone (PermissionError: macOS's word for a group of zombies).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    def is_alive(self) -> bool:
        """Whether Prism, or any process of its group, still exists."""
        process = self._process
        if process is None:
            return False
        if process.poll() is None:
            return True
        if not POSIX:
            return False
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def __enter__(self) -> Self:
        self.start()
        try:
            return self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


@contextmanager
def prism(spec: Path, *, dynamic: bool = False) -> Iterator[str]:
    """Serve `spec` with request validation on; yields the base URL; the process ends on exit."""
    with PrismServer(spec, dynamic=dynamic) as server:
        yield server.url
