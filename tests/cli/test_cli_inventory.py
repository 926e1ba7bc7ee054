"""`oauth-clients inventory` in-process: formats, filters, exit statuses, progress, secrets."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
import time

import pytest
from support.cli import CREDENTIAL_ENV, CREDENTIALS, run, tables, write_config
from support.faults import Drip, fault_server
from support.inventory import (
    ERROR_BODIES,
    LAUNCHDARKLY_LISTING,
    ok,
    provider_of,
    providers_server,
    silent_server,
)
from support.server import Reply

from oauth_clients.cli import EXIT_OK, EXIT_PROVIDER_FAILED, EXIT_USAGE
from oauth_clients.cli._progress import ProgressDisplay
from oauth_clients.inventory import JSON_FIELDS, PROVIDER_NAMES, ProgressEvent, ProviderResult

EXPECTED_IDS = {
    "leegality": ["FinanceTest", "MockDemoForWebsite", "TestingProdCredentials"],
    "slashid": ["string"],
    "loginradius": ["123e4567-e89b-12d3-a456-426614174000"],
    "launchdarkly": ["ld-1"],
}


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


def ids_by_provider(records):
    found: dict[str, list[str]] = {}
    for record in records:
        found.setdefault(record["provider"], []).append(record["client_id"])
    return found


# --help, --version, usage


@pytest.mark.parametrize("argv", [["--help"], ["inventory", "--help"], ["-h"], ["inventory", "-h"]])
def test_help_for_every_command(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 0 and err == ""
    assert out.startswith("usage: oauth-clients")
    if "inventory" in argv:
        for text in (
            "--config FILE",
            "--format",
            "--provider NAME",
            "--stale-days N",
            "--quiet",
            "exit status",
        ):
            assert text in out
        assert "launchdarkly: commercial, federal, eu" in out  # from the generated environments


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.startswith("oauth-clients ")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["inventory"],
        ["inventory", "--config", "x.toml", "--format", "xml"],
        ["inventory", "--config", "x.toml", "--provider", "okta"],
        ["inventory", "--config", "x.toml", "--stale-days", "-1"],
        ["inventory", "--config", "x.toml", "--stale-days", "soon"],
        ["inventory", "--config", "x.toml", "--stale-days", "36501"],
        ["inventory", "--config", "x.toml", "--example-config"],
        ["inventory", "--config", "x.toml", "--token", "abc"],
    ],
)
def test_bad_usage_exits_2_with_one_line(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == EXIT_USAGE and out == ""
    (line,) = err.splitlines()
    assert line.startswith("oauth-clients") and ": error: " in line and line.endswith(" --help)")


def test_stale_days_out_of_range_is_refused_before_any_fetch(capsys, tmp_path):
    with providers_server() as server:
        path = write_config(tmp_path, tables(server.url))
        status, out, err = run(capsys, "inventory", "--config", path, "--stale-days", "800000")
    assert (status, out) == (EXIT_USAGE, "") and server.requests == []
    assert err == (
        "oauth-clients inventory: error: argument --stale-days: expected 0 to 36500 days, got 800000 "
        "(see oauth-clients inventory --help)\n"
    )


# Formats


def test_json_is_the_default_when_stdout_is_not_a_terminal(capsys, tmp_path):
    with providers_server() as server:
        status, out, err = run(capsys, "inventory", "--config", write_config(tmp_path, tables(server.url)))
    assert status == EXIT_OK
    document = json.loads(out)
    assert list(document) == ["records", "failures", "incomplete"]
    assert document["failures"] == [] and document["incomplete"] == []
    records = document["records"]
    assert ids_by_provider(records) == EXPECTED_IDS
    assert all(list(record) == list(JSON_FIELDS) for record in records)
    for provider in PROVIDER_NAMES:  # progress: a plain line per provider, on stderr
        assert f"oauth-clients: {provider}: {len(EXPECTED_IDS[provider])} client" in err


def test_table_is_the_default_on_a_terminal(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "250")
    with providers_server() as server:
        status, out, _ = run(capsys, "inventory", "--config", write_config(tmp_path, tables(server.url)))
    assert status == EXIT_OK
    assert out.splitlines()[0].startswith("provider      client id")


def test_table(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    with providers_server() as server:
        path = write_config(tmp_path, tables(server.url))
        status, out, _ = run(capsys, "inventory", "--config", path, "--format", "table")
    assert status == EXIT_OK
    header, rule, *rows = out.splitlines()
    for column in ("provider", "client id", "name", "state", "type", "grants", "redirect URIs", "created"):
        assert column in header
    assert set(rule) == {"-", " "}
    assert len(rows) == 6
    # Aligned: every row has its client ID where the header has "client id".
    start = header.index("client id")
    assert [row[start:].split()[0] for row in rows] == [i for ids in EXPECTED_IDS.values() for i in ids]
    loginradius = next(row for row in rows if row.startswith("loginradius"))
    assert "confidential" in loginradius and "authorization_code,client_credentials" in loginradius
    assert "2023-10-01T12:00:00Z" in loginradius
    leegality = next(row for row in rows if row.startswith("leegality"))
    assert "ACTIVE" in leegality and "2025-12-22T16:26:03" in leegality  # no offset: as sent, no Z


def test_table_shows_control_characters_harmlessly(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    body = {"result": [{"client_id": "c1", "client_name": "evil\x1b]0;pwned\x07\nname"}]}
    with providers_server(slashid=lambda request: Reply(200, body)) as server:
        path = write_config(tmp_path, tables(server.url, ["slashid"]))
        status, out, _ = run(capsys, "inventory", "--config", path, "--format", "table")
    assert status == EXIT_OK
    assert "\x1b" not in out and "\x07" not in out and len(out.splitlines()) == 3


def test_csv(capsys, tmp_path):
    with providers_server() as server:
        path = write_config(tmp_path, tables(server.url))
        status, out, _ = run(capsys, "inventory", "--config", path, "--format", "csv")
    assert status == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["kind", *JSON_FIELDS, "problem"]
    assert {row["kind"] for row in rows} == {"client"} and {row["problem"] for row in rows} == {""}
    loginradius = next(row for row in rows if row["provider"] == "loginradius")
    assert loginradius["grant_types"] == "authorization_code client_credentials"
    assert loginradius["scopes"] == "openid profile email"
    assert loginradius["public"] == "false" and loginradius["has_secret"] == "true"
    assert loginradius["last_used"] == ""
    assert ids_by_provider(rows) == EXPECTED_IDS


# Filters


def test_provider_filter_fetches_only_the_named_providers(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("LEEGALITY_TOKEN")  # not needed: leegality is not selected
    with providers_server() as server:
        path = write_config(tmp_path, tables(server.url))
        argv = ["inventory", "--config", path, "--provider", "slashid", "--provider", "launchdarkly"]
        status, out, _ = run(capsys, *argv)
    assert status == EXIT_OK
    assert ids_by_provider(json.loads(out)["records"]) == {"slashid": ["string"], "launchdarkly": ["ld-1"]}
    assert {provider_of(request.path) for request in server.requests} == {"slashid", "launchdarkly"}


def test_launchdarkly_without_client_ids_lists_every_client(capsys, tmp_path):
    config = tables("http://127.0.0.1:9", ["launchdarkly"])
    with providers_server() as server:
        config["launchdarkly"] = {"base_url": server.url, "credential_env": CREDENTIAL_ENV["launchdarkly"]}
        status, out, _ = run(
            capsys, "inventory", "--config", write_config(tmp_path, config), "--format", "json"
        )
    assert status == EXIT_OK
    listed = [item["_clientId"] for item in LAUNCHDARKLY_LISTING["items"]]
    assert ids_by_provider(json.loads(out)["records"]) == {"launchdarkly": listed}
    assert [request.path for request in server.requests] == ["/api/v2/oauth/clients"]


def test_provider_filter_naming_an_unconfigured_provider_is_a_usage_error(capsys, tmp_path):
    path = write_config(tmp_path, tables("http://127.0.0.1:9", ["slashid"]))
    status, out, err = run(capsys, "inventory", "--config", path, "--provider", "leegality")
    assert status == EXIT_USAGE and out == ""
    assert err == f"oauth-clients: error: {path}: --provider leegality: the file has no [leegality] table\n"


def slashid_clients_used(now: datetime.datetime):
    def at(days: int) -> str:
        return (now - datetime.timedelta(days=days)).isoformat().replace("+00:00", "Z")

    return {
        "result": [
            {"client_id": "used-100-days-ago", "created_at": at(400), "last_used": at(100)},
            {"client_id": "used-yesterday", "created_at": at(400), "last_used": at(1)},
            {"client_id": "never-used-created-200-days-ago", "created_at": at(200)},
            {"client_id": "created-last-week", "created_at": at(7)},
            {"client_id": "no-dates"},
        ]
    }


@pytest.mark.parametrize("quiet", [False, True])
def test_stale_days(capsys, tmp_path, quiet):
    body = slashid_clients_used(datetime.datetime.now(datetime.UTC))
    with providers_server(slashid=lambda request: Reply(200, body)) as server:
        path = write_config(tmp_path, tables(server.url, ["slashid"]))
        argv = ["inventory", "--config", path, "--stale-days", "30", *(["--quiet"] if quiet else [])]
        status, out, err = run(capsys, *argv)
    assert status == EXIT_OK
    kept = [record["client_id"] for record in json.loads(out)["records"]]
    assert kept == ["used-100-days-ago", "never-used-created-200-days-ago", "no-dates"]
    note = "oauth-clients: --stale-days: kept 1 client(s) whose age cannot be told (no usable date)"
    assert (note in err) is not quiet
    if quiet:
        assert err == ""


# Exit statuses and failures


def test_a_failing_provider_exits_1_and_the_others_are_printed(capsys, tmp_path):
    def fail(request):
        return Reply(500, ERROR_BODIES[("leegality", "500")])

    with providers_server(leegality=fail) as server:
        status, out, err = run(capsys, "inventory", "--config", write_config(tmp_path, tables(server.url)))
    assert status == EXIT_PROVIDER_FAILED
    document = json.loads(out)
    assert ids_by_provider(document["records"]) == {
        p: ids for p, ids in EXPECTED_IDS.items() if p != "leegality"
    }
    (failure,) = document["failures"]
    assert failure["provider"] == "leegality" and failure["error"] == "ServerError"
    assert failure["message"].startswith("list_oauth2_clients: HTTP 500")
    assert (failure["account"], failure["client_id"], failure["index"]) == (None, None, None)
    failures = [line for line in err.splitlines() if "Error" in line]
    assert failures == [
        "oauth-clients: leegality: ServerError: list_oauth2_clients: HTTP 500: documented error status; "
        'body: {"code": "LE_ERR_SS_500", "errors": '
        '[{"message": "Internal Server Error", "path": null, "code": null}]}'
    ]


def test_a_timeout_and_a_401_exit_1_with_one_line_each(capsys, tmp_path):
    def unauthorized(request):
        return Reply(401, ERROR_BODIES[("launchdarkly", "401")])

    with providers_server(launchdarkly=unauthorized) as server, silent_server() as silent:
        config = tables(server.url)
        config["loginradius"] |= {"base_url": silent, "timeout": 0.2}
        status, out, err = run(capsys, "inventory", "--config", write_config(tmp_path, config), "--quiet")
    assert status == EXIT_PROVIDER_FAILED
    assert set(ids_by_provider(json.loads(out)["records"])) == {"leegality", "slashid"}
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("oauth-clients: loginradius: APITimeoutError: list_oauth_clients: ")
    assert "deadline=0.2 s" in lines[0]
    assert lines[1].startswith(
        "oauth-clients: launchdarkly client 'ld-1': AuthenticationError: get_oauth2_client: HTTP 401"
    )


def test_timeout_bounds_the_whole_call_against_a_dripping_server(capsys, tmp_path):
    # A server that sends one byte every 0.1 s never lets a per-read timeout expire; `timeout` is
    # the deadline of the whole call (with retries), so the run ends soon after it.
    with providers_server() as server, fault_server(*[Drip(interval=0.1, headers=True)] * 5) as drip:
        config = tables(server.url)
        config["loginradius"] |= {"base_url": drip.url, "timeout": 1}
        started = time.monotonic()
        status, out, err = run(capsys, "inventory", "--config", write_config(tmp_path, config), "-q")
        elapsed = time.monotonic() - started
    assert status == EXIT_PROVIDER_FAILED and elapsed < 10, f"took {elapsed:.1f} s"
    assert err.startswith("oauth-clients: loginradius: APITimeoutError: ") and "deadline=1 s" in err
    assert len(json.loads(out)["records"]) == 5


def test_quiet_leaves_stderr_empty_when_all_answer(capsys, tmp_path):
    with providers_server() as server:
        path = write_config(tmp_path, tables(server.url))
        status, out, err = run(capsys, "inventory", "--config", path, "-q")
    assert status == EXIT_OK and err == "" and out


# Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def writer(stream):
    def write(text):
        stream.write(text)
        return True

    return write


def test_live_progress_redraws_one_line_and_erases_it():
    stream = Terminal()
    display = ProgressDisplay(writer(stream), ["leegality", "slashid"], live=True, columns=lambda: 200)
    display(ProgressEvent("leegality", None))
    display(ProgressEvent("slashid", None))
    display(ProgressEvent("slashid", ProviderResult("slashid", (), (), 0.25)))
    display.close()
    text = stream.getvalue()
    assert "\n" not in text
    frames = text.split("\r\x1b[2K")
    assert frames[-2] == "fetching: leegality ... | slashid 0 clients in 0.25 s"
    assert frames[-1] == ""  # erased at the end


def test_live_progress_on_a_terminal_stderr(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with providers_server() as server:
        status, _, err = run(capsys, "inventory", "--config", write_config(tmp_path, tables(server.url)))
    assert status == EXIT_OK
    assert "\r\x1b[2Kfetching: " in err and err.endswith("\r\x1b[2K") and "\n" not in err


# Secrets

SENTINEL = "sentinel-secret-from-a-response-31d4"


def leaky(request):
    """Every documented secret field filled in, and error bodies that echo the credential."""
    provider = provider_of(request.path)
    body = ok(request).body
    if provider == "leegality":
        return Reply(200, {"data": [{**item, "clientSecret": SENTINEL} for item in body["data"]]})
    if provider == "loginradius":
        return Reply(
            200, {"Data": [{**item, "ClientSecret": SENTINEL, "Secret": SENTINEL} for item in body["Data"]]}
        )
    if provider == "launchdarkly" and request.path.endswith("/ld-2"):
        key = request.headers["authorization"]
        return Reply(
            401, {"code": "unauthorized", "message": f"Invalid access token {key}", "clientSecret": SENTINEL}
        )
    if provider == "launchdarkly":
        return Reply(200, {**body, "_clientSecret": SENTINEL})
    key = request.headers["slashid-api-key"]
    return Reply(
        500, {"errors": [{"httpcode": 500, "message": f"key {key} rejected"}], "client_secret": SENTINEL}
    )


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_no_secret_reaches_stdout_or_stderr(capsys, tmp_path, output, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: output == "table")  # both progress displays
    with providers_server(**dict.fromkeys(PROVIDER_NAMES, leaky)) as server:
        config = tables(server.url)
        config["launchdarkly"]["client_ids"] = ["ld-1", "ld-2"]
        status, out, err = run(
            capsys, "inventory", "--config", write_config(tmp_path, config), "--format", output
        )
    assert status == EXIT_PROVIDER_FAILED
    assert "ld-1" in out and "slashid: ServerError" in err and "client 'ld-2': AuthenticationError" in err
    for secret in [SENTINEL, *CREDENTIALS.values()]:
        assert secret not in out and secret not in err
    assert "***" in err  # the echoed credentials, masked


def test_config_errors_never_show_the_credential(capsys, tmp_path, monkeypatch):
    for name in CREDENTIAL_ENV.values():
        monkeypatch.delenv(name)
    config = tables("http://127.0.0.1:9", ["slashid"])
    config["slashid"]["credential_env"] = "sk-live-0123456789abcdef"  # the key itself, by mistake
    path = write_config(tmp_path, config)
    status, out, err = run(capsys, "inventory", "--config", path)
    assert status == EXIT_USAGE and out == ""
    assert "slashid.credential_env: not an environment variable name" in err
    assert "sk-live-0123456789abcdef" not in err
