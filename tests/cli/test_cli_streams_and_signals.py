"""`oauth-clients` as a process whose stdout or stderr is closed, full or abandoned, and that gets
Ctrl-C (SIGINT) while it starts, fetches or writes: a non-zero status and never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import CREDENTIALS, tables, write_config
from support.inventory import ok, providers_server
from support.server import Reply

from oauth_clients.cli._status import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT_FAILED

ENVIRONMENT = {**os.environ, **CREDENTIALS}
COMMAND = [sys.executable, "-m", "oauth_clients.cli"]


def shell(redirect: str, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    """`oauth-clients ARGV` run by bash with `redirect` applied (`>&-`, `2>&-`, `>/dev/full`)."""
    script = f'exec "$@" {redirect}'
    command = ["bash", "-c", script, "bash", *COMMAND, *map(str, argv)]
    return subprocess.run(command, env=ENVIRONMENT, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def config(tmp_path):
    with providers_server() as server:
        yield write_config(tmp_path, tables(server.url))


@pytest.mark.parametrize("argv", [["inventory", "--config"], ["--help"], ["inventory", "--example-config"]])
def test_closed_stdout_ends_quietly_with_74(config, argv):
    argv = [*argv, str(config)] if argv[-1] == "--config" else argv
    done = shell(">&-", *argv)
    assert done.returncode == EXIT_OUTPUT_FAILED
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize("argv", [["inventory", "--config"], ["--help"], ["inventory", "--example-config"]])
def test_full_stdout_ends_quietly_with_74(config, argv):
    argv = [*argv, str(config)] if argv[-1] == "--config" else argv
    done = shell(">/dev/full", *argv)
    assert done.returncode == EXIT_OUTPUT_FAILED
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_closed_stderr_ends_with_74_and_stdout_keeps_the_records(config):
    done = shell("2>&-", "inventory", "--config", config, "--format", "csv")
    assert done.returncode == EXIT_OUTPUT_FAILED
    assert done.stdout.startswith("kind,provider,") and done.stdout.count("\nclient,") == 6


def test_full_stderr_ends_with_74(config):
    done = shell("2>/dev/full", "inventory", "--config", config, "--format", "json")
    assert done.returncode == EXIT_OUTPUT_FAILED and '"records"' in done.stdout


def test_a_reader_that_goes_away_ends_with_141(config):
    with subprocess.Popen(
        [*COMMAND, "inventory", "--config", str(config), "--format", "csv"],
        env=ENVIRONMENT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # like `| head` having read what it wanted, before the output
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


# Ctrl-C

# Runs `main()` with an import hook that sends SIGINT to the process itself when a given module is
# first imported: an interrupt at a known moment of start-up, without timing guesses.
INTERRUPTED_AT_IMPORT = """
import os, signal, sys

class InterruptOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == sys.argv[1]:
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, InterruptOnImport())
from oauth_clients.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    "module",
    [
        "oauth_clients.cli._main",
        "httpx",
        "oauth_clients.inventory",
        "oauth_clients.cli._config",
        "asyncio.runners",
    ],
)
def test_ctrl_c_during_start_up_exits_130_without_a_traceback(config, module):
    command = [sys.executable, "-c", INTERRUPTED_AT_IMPORT, module, "inventory", "--config", str(config)]
    done = subprocess.run(command, env=ENVIRONMENT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == EXIT_INTERRUPTED, done.stderr
    assert done.stderr == "oauth-clients: interrupted\n" and done.stdout == ""


def test_ctrl_c_while_fetching_exits_130_without_a_traceback(tmp_path):
    processes: list[subprocess.Popen[str]] = []

    def interrupt(request):
        os.kill(processes[0].pid, signal.SIGINT)  # while the provider is being fetched
        return ok(request)

    with providers_server(slashid=interrupt) as server:
        path = write_config(tmp_path, tables(server.url))
        with subprocess.Popen(
            [*COMMAND, "inventory", "--config", str(path)],
            env=ENVIRONMENT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as process:
            processes.append(process)
            out, err = process.communicate(timeout=120)
    assert process.returncode == EXIT_INTERRUPTED, err
    assert err.endswith("oauth-clients: interrupted\n") and "Traceback" not in err and out == ""


def test_ctrl_c_after_main_returns_leaves_the_callers_handler(config):
    code = (
        "import signal, sys\n"
        "from oauth_clients.cli import main\n"
        "status = main(['inventory', '--config', sys.argv[1], '-q'])\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(config)],
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr


def test_an_error_reply_does_not_disturb_the_statuses(tmp_path):
    with providers_server(leegality=lambda request: Reply(500, {})) as server:
        done = shell("", "inventory", "--config", write_config(tmp_path, tables(server.url)), "-q")
    assert done.returncode == 1 and done.stderr.count("\n") == 1
