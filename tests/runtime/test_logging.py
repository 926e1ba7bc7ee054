"""The `oauth_clients` logger: DEBUG one line per request, INFO one line per retry, on every path.

Paths: an httpx client of ours sending directly, through a proxy (HTTP_PROXY: a server of ours on
127.0.0.1 that answers in the origin's place), and the caller's own httpx client.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from typing import Any

import httpx
import pytest
from support.faults import Respond, fault_server

from oauth_clients import RetryPolicy, leegality

CREDENTIAL = "logging-credential-0123456789"
LISTING = {"data": []}
FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.01, jitter=0.0)
PATHS = ["direct", "proxy", "http_client"]

DEBUG_LINE = re.compile(
    r"^GET (?P<url>http://127\.0\.0\.1:\d+/api/v1/oauth2-clients) -> HTTP (?P<status>\d{3}) "
    r"in \d+\.\d{3} s \(attempt (?P<n>\d) of 3\)$"
)
INFO_LINE = re.compile(
    r"^retrying GET http://127\.0\.0\.1:\d+/api/v1/oauth2-clients in 0\.\d\d s \(attempt 2 of 3\): "
    r"HTTP 503 \(Retry-After: 0\)$"
)


def build(
    path: str, server_url: str, monkeypatch: pytest.MonkeyPatch, callers: httpx.Client | None = None
) -> tuple[Any, str]:
    """A Leegality client of the server, reached directly, through it as a proxy, or with
    `callers` as its http_client."""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    options: dict[str, Any] = {"retry": FAST_RETRY}
    origin = server_url
    if path == "proxy":
        monkeypatch.setenv("HTTP_PROXY", server_url)
        origin = "http://127.0.0.1:9"
    if path == "http_client":
        options["http_client"] = callers
    return leegality.AuthenticatedClient(CREDENTIAL, base_url=origin, **options), origin


def ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "oauth_clients"]


@pytest.mark.parametrize("path", PATHS)
def test_one_debug_line_per_request_and_one_info_line_per_retry(path, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with fault_server(Respond(503, {}, {"Retry-After": "0"}), Respond(200, LISTING)) as server:
        callers = httpx.Client()
        client, origin = build(path, server.url, monkeypatch, callers)
        response = leegality.list_oauth2_clients.sync_detailed(client=client)
        client.close()
        callers.close()
    assert response.attempts == 2
    records = ours(caplog)
    assert [r.levelname for r in records] == ["DEBUG", "INFO", "DEBUG"]
    first, retry, second = (r.getMessage() for r in records)
    for line, status, attempt in ((first, "503", "1"), (second, "200", "2")):
        match = DEBUG_LINE.match(line)
        assert match, line
        assert match["url"] == f"{origin}/api/v1/oauth2-clients"
        assert (match["status"], match["n"]) == (status, attempt)
    assert INFO_LINE.match(retry), retry


@pytest.mark.parametrize("path", PATHS)
async def test_async_calls_log_the_same_lines(path, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with fault_server(Respond(503, {}, {"Retry-After": "0"}), Respond(200, LISTING)) as server:
        callers = httpx.AsyncClient()
        if path == "http_client":
            client = leegality.AuthenticatedClient(
                CREDENTIAL, base_url=server.url, retry=FAST_RETRY, async_http_client=callers
            )
        else:
            client, _ = build(path, server.url, monkeypatch)
        await leegality.list_oauth2_clients.asyncio_detailed(client=client)
        await client.aclose()
        await callers.aclose()
    records = ours(caplog)
    assert [r.levelname for r in records] == ["DEBUG", "INFO", "DEBUG"]
    assert DEBUG_LINE.match(records[0].getMessage()) and DEBUG_LINE.match(records[2].getMessage())
    assert INFO_LINE.match(records[1].getMessage())


def test_a_failed_attempt_is_logged_with_its_error(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    client = leegality.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9", retry=FAST_RETRY)
    with pytest.raises(leegality.errors.APIConnectionError):
        leegality.list_oauth2_clients.sync(client=client)
    lines = [r.getMessage() for r in ours(caplog)]
    assert len(lines) == 5  # 3 attempts, 2 retries
    assert re.match(
        r"GET http://127\.0\.0\.1:9/api/v1/oauth2-clients -> ConnectError in .* \(attempt 1 of 3\)", lines[0]
    )
    assert re.match(r"retrying GET .* \(attempt 2 of 3\): ConnectError", lines[1])


def test_oauth_clients_log_adds_one_stderr_handler():
    with fault_server(Respond(200, LISTING), Respond(200, LISTING)) as server:
        code = (
            "from oauth_clients import leegality\n"
            f"for _ in range(2):\n"
            f"    c = leegality.AuthenticatedClient({CREDENTIAL!r}, base_url={server.url!r})\n"
            "    leegality.list_oauth2_clients.sync(client=c)\n"
        )
        environment = {**os.environ, "OAUTH_CLIENTS_LOG": "debug"}
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            environment.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-c", code],
            check=False,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "oauth_clients:" in line]
    assert len(lines) == 2, done.stderr  # one line per request: the handler was added once
    assert all(" DEBUG oauth_clients: GET " in line and "(attempt 1 of 3)" in line for line in lines)
    assert CREDENTIAL not in done.stderr


def test_without_the_variable_nothing_is_written():
    code = (
        "from oauth_clients import leegality\n"
        "leegality.AuthenticatedClient('t')\n"
        "import logging; print(len(logging.getLogger('oauth_clients').handlers))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "OAUTH_CLIENTS_LOG"}
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "0" and done.stderr == ""


def test_oauth_clients_log_info_writes_retries_only():
    with fault_server(Respond(503, {}, {"Retry-After": "0"}), Respond(200, LISTING)) as server:
        code = (
            "from oauth_clients import leegality\n"
            f"c = leegality.AuthenticatedClient({CREDENTIAL!r}, base_url={server.url!r})\n"
            "leegality.list_oauth2_clients.sync(client=c)\n"
        )
        environment = {**os.environ, "OAUTH_CLIENTS_LOG": "INFO"}
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            environment.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-c", code],
            check=False,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "oauth_clients:" in line]
    assert len(lines) == 1 and " INFO oauth_clients: retrying GET " in lines[0], done.stderr


@pytest.fixture
def fresh_logger(monkeypatch: pytest.MonkeyPatch):
    """The oauth_clients logger without handlers and level, restored afterwards."""
    from oauth_clients._runtime import logs

    handlers, level = list(logs.logger.handlers), logs.logger.level
    logs.logger.handlers = [h for h in handlers if type(h).__name__ != "_EnvironmentHandler"]
    logs.logger.setLevel(logging.NOTSET)
    yield logs
    logs.logger.handlers = handlers
    logs.logger.setLevel(level)


def environment_handlers(logs: Any) -> list[logging.Handler]:
    return [h for h in logs.logger.handlers if type(h).__name__ == "_EnvironmentHandler"]


def test_the_variable_adds_one_handler_at_its_level(fresh_logger, monkeypatch, capsys):
    logs = fresh_logger
    monkeypatch.setenv("OAUTH_CLIENTS_LOG", " Debug ")
    logs.log_from_environment()
    logs.log_from_environment()
    (handler,) = environment_handlers(logs)
    assert logs.logger.level == logging.DEBUG
    handler.handle(
        logs.logger.makeRecord("oauth_clients", logging.DEBUG, "f", 1, "hello %s", ("there",), None)
    )
    line = capsys.readouterr().err.strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} DEBUG oauth_clients: hello there", line), line


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        (logging.NOTSET, "info", logging.INFO),
        (logging.WARNING, "info", logging.INFO),
        (logging.DEBUG, "info", logging.DEBUG),  # never raised
        (logging.INFO, "debug", logging.DEBUG),
    ],
)
def test_the_logger_level_is_lowered_to_the_variables(fresh_logger, monkeypatch, before, value, after):
    logs = fresh_logger
    logs.logger.setLevel(before)
    monkeypatch.setenv("OAUTH_CLIENTS_LOG", value)
    logs.log_from_environment()
    assert logs.logger.level == after and len(environment_handlers(logs)) == 1


@pytest.mark.parametrize("value", [None, "", "verbose", "warning"])
def test_an_unset_or_unknown_variable_adds_nothing(fresh_logger, monkeypatch, value):
    logs = fresh_logger
    if value is None:
        monkeypatch.delenv("OAUTH_CLIENTS_LOG", raising=False)
    else:
        monkeypatch.setenv("OAUTH_CLIENTS_LOG", value)
    logs.log_from_environment()
    assert environment_handlers(logs) == [] and logs.logger.level == logging.NOTSET
