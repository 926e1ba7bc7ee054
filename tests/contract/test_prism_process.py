"""tools/prism.py: a missing or failing Prism is a clear error, and no Prism process outlives the
server object, the `with` block or the Python process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import httpx
import pytest
from support.specs import providers

from tools import prism as prism_tool
from tools.prism import PrismError, PrismServer

SPEC = providers()[0].spec_path


def group_exists(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_missing_prism_is_an_error_that_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(prism_tool, "PRISM", tmp_path / "no-prism-here")
    with pytest.raises(PrismError, match=r"no-prism-here is missing, so .* cannot be served: run `npm ci`"):
        PrismServer(SPEC).start()


def test_a_spec_prism_cannot_read_is_an_error_naming_it_with_the_log(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [\n", encoding="utf-8")
    server = PrismServer(broken)
    with pytest.raises(PrismError) as raised:
        with server:
            pass
    message = str(raised.value)
    assert f"prism mock {broken} on http://127.0.0.1:" in message
    assert "exited with status" in message and "the end of its output" in message
    assert "ParserError" in message  # Prism's own words, from the log tail
    assert not server.is_alive() and server not in prism_tool.running()


def test_stop_ends_the_process_group_and_frees_the_port():
    with PrismServer(SPEC) as server:
        assert server.is_alive() and server in prism_tool.running()
        assert httpx.get(server.url).status_code == 404  # Prism answers: no such path
        pid = server.pid
    assert pid is not None and not group_exists(pid)
    assert not server.is_alive() and server not in prism_tool.running()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url)


def test_an_interrupted_run_leaves_no_prism_behind(tmp_path):
    # A Python process starts Prism and dies of an uncaught KeyboardInterrupt (Ctrl-C) without
    # stopping it: the atexit hook of tools/prism.py must.
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(prism_tool.ROOT)!r})
        from tools.prism import PrismServer
        server = PrismServer(__import__("pathlib").Path({str(SPEC)!r})).start().wait_ready()
        print(server.pid, flush=True)
        raise KeyboardInterrupt
        """
    )
    child = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert child.returncode != 0 and "KeyboardInterrupt" in child.stderr
    pid = int(child.stdout.split()[0])
    survived = group_exists(pid)
    if survived:
        os.killpg(pid, signal.SIGKILL)
    assert not survived, f"Prism (process group {pid}) survived its interrupted parent"
