"""What `oauth-clients inventory` prints: one JSON document, CSV safe in a spreadsheet, a table that
fits the terminal, a progress line that never wraps, structured output never rewritten, bad items
and incomplete listings reported, several accounts, the sample config."""

from __future__ import annotations

import copy
import csv
import io
import json
import sys

import pytest
from support.cli import CREDENTIAL_ENV, CREDENTIALS, run, tables, toml, write_config
from support.inventory import BODIES, providers_server
from support.server import Reply
from support.specs import ROOT

from oauth_clients.cli import EXIT_OK, EXIT_PROVIDER_FAILED
from oauth_clients.cli._config import load_config
from oauth_clients.cli._main import Mask, example_config
from oauth_clients.cli._output import CSV_COLUMNS
from oauth_clients.cli._progress import ProgressDisplay
from oauth_clients.cli._text import cut, spreadsheet_safe, width
from oauth_clients.inventory import JSON_FIELDS, ProgressEvent, ProviderResult
from oauth_clients.inventory.sources import LoginRadiusSource


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


def slashid_answering(body):
    return providers_server(slashid=lambda request: Reply(200, body))


def slashid_item(client_id: str, **fields) -> dict:
    return {**copy.deepcopy(BODIES["slashid"]["result"][0]), "client_id": client_id, **fields}


def inventory(capsys, tmp_path, config, *argv):
    return run(capsys, "inventory", "--config", write_config(tmp_path, config), *argv)


# JSON and CSV are never rewritten; only messages are masked


@pytest.mark.parametrize("credential", [("LAUNCHDARKLY_API_KEY", "null"), ("SLASHID_API_KEY", "client")])
@pytest.mark.parametrize("output", ["json", "csv"])
def test_a_credential_that_is_also_a_common_word_leaves_the_output_intact(
    capsys, tmp_path, monkeypatch, credential, output
):
    monkeypatch.setenv(*credential)
    with providers_server() as server:
        status, out, _ = inventory(capsys, tmp_path, tables(server.url), "--format", output)
    assert status == EXIT_OK
    if output == "json":
        records = json.loads(out)["records"]
        assert {record["name"] for record in records} >= {None}  # nulls stay null
        assert all(list(record) == list(JSON_FIELDS) for record in records)
    else:
        assert out.splitlines()[0] == ",".join(CSV_COLUMNS)  # "client_id" and "kind,client" intact
        assert "***" not in out


def test_messages_are_masked_in_json_csv_and_stderr(capsys, tmp_path):
    def echo(request):
        key = request.headers["slashid-api-key"]
        return Reply(401, {"errors": [{"httpcode": 401, "message": f"bad key {key}"}]})

    secret = CREDENTIALS[CREDENTIAL_ENV["slashid"]]
    for output in ("json", "csv"):
        with providers_server(slashid=echo) as server:
            status, out, err = inventory(capsys, tmp_path, tables(server.url), "--format", output, "-q")
        assert status == EXIT_PROVIDER_FAILED
        assert secret not in out and secret not in err
        assert "slashid: AuthenticationError" in err
        if output == "json":
            (failure,) = json.loads(out)["failures"]
            assert failure["error"] == "AuthenticationError" and failure["provider"] == "slashid"
        else:
            (row,) = [row for row in csv.DictReader(io.StringIO(out)) if row["kind"] == "failure"]
            assert row["provider"] == "slashid" and row["problem"].startswith("slashid: AuthenticationError")


@pytest.mark.parametrize(
    ("secrets", "text", "masked"),
    [
        (["sk-live-0123456789"], "key sk-live-0123456789 rejected", "key *** rejected"),
        (["sk-live-0123456789"], 'echo "sk-live-0123456789"', 'echo "***"'),
        (['a b"c/d=e+f&g'], "q=a%20b%22c%2Fd%3De%2Bf%26g", "q=***"),
        (['x"y\\z-long-secret'], '{"k": "x\\"y\\\\z-long-secret"}', '{"k": "***"}'),
        (["null"], "expected a string, got null; the key null was refused", None),
        (["client"], "client_id: bad client", "client_id: bad ***"),
        (["short", "short-and-longer-secret"], "short-and-longer-secret short", "*** ***"),
        ([], "nothing to hide", "nothing to hide"),
    ],
)
def test_mask(secrets, text, masked):
    mask = Mask()
    mask.add(secrets)
    assert mask(text) == (text.replace(" null", " ***") if masked is None else masked)


# CSV in a spreadsheet


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\N{REPLACEMENT CHARACTER}cmd"),
        ("\rcmd", "'\N{REPLACEMENT CHARACTER}cmd"),
        ("a\x1b[31mred", "a\N{REPLACEMENT CHARACTER}[31mred"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text, cell):
    assert spreadsheet_safe(text) == cell


def test_csv_cells_are_safe_and_json_keeps_the_values_as_sent(capsys, tmp_path):
    name = "=cmd|'/c calc'!A1\x1b]0;x\x07"
    body = {"result": [slashid_item("@id", client_name=name, redirect_uris=["-x", "+y"])]}
    config = tables("", ["slashid"])
    with slashid_answering(body) as server:
        config["slashid"]["base_url"] = server.url
        _, out, _ = inventory(capsys, tmp_path, config, "--format", "csv")
        _, json_out, _ = inventory(capsys, tmp_path, config, "--format", "json")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["client_id"] == "'@id" and row["redirect_uris"] == "'-x +y"
    assert row["name"] == "'=cmd|'/c calc'!A1\N{REPLACEMENT CHARACTER}]0;x\N{REPLACEMENT CHARACTER}"
    assert "\x1b" not in out and "\x07" not in out
    (record,) = json.loads(json_out)["records"]
    assert (record["client_id"], record["name"], record["redirect_uris"]) == ("@id", name, ["-x", "+y"])


# The table and the progress line fit the terminal


@pytest.mark.parametrize("columns", [40, 80, 120, 300])
def test_the_table_fits_the_terminal(capsys, tmp_path, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    long_name = "a name long enough to need cutting " * 3 + "名前"
    body = {
        "result": [
            slashid_item("client-1", client_name=long_name, redirect_uris=["https://x.test/" + "p" * 80])
        ]
    }
    config = tables("", ["slashid"])
    with slashid_answering(body) as server:
        config["slashid"]["base_url"] = server.url
        status, out, _ = inventory(capsys, tmp_path, config, "--format", "table")
    assert status == EXIT_OK
    lines = out.splitlines()
    assert len(lines) == 3 and all(width(line) <= columns for line in lines)
    assert "…" in lines[2]
    if columns >= 120:
        assert lines[0].split()[:3] == ["provider", "client", "id"] and "client-1" in lines[2]


def test_names_grants_and_redirect_uris_give_way_before_ids_and_dates(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "150")
    with providers_server() as server:
        _, out, _ = inventory(capsys, tmp_path, tables(server.url), "--format", "table")
    lines = out.splitlines()
    assert all(width(line) <= 150 for line in lines) and "…" in out
    loginradius = next(line for line in lines if line.startswith("loginradius"))
    assert "123e4567-e89b-12d3-a456-426614174000" in loginradius and "2023-10-01T12:00:00Z" in loginradius
    assert "confidential" in loginradius


def test_a_table_wide_enough_is_not_cut(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    with providers_server() as server:
        _, out, _ = inventory(capsys, tmp_path, tables(server.url), "--format", "table")
    assert "…" not in out


@pytest.mark.parametrize(
    ("text", "columns", "cut_text"),
    [("abcdef", 6, "abcdef"), ("abcdef", 4, "abc…"), ("名前名前", 5, "名前…")],
)
def test_cut(text, columns, cut_text):
    assert cut(text, columns) == cut_text and width(cut(text, columns)) <= columns


class Terminal(io.StringIO):
    def write_text(self, text: str) -> bool:
        self.write(text)
        return True


@pytest.mark.parametrize("columns", [20, 40, 80])
def test_the_live_progress_line_never_wraps(columns):
    stream = Terminal()
    labels = ["leegality", "slashid/eu-production", "slashid/us-production", "loginradius", "launchdarkly"]
    display = ProgressDisplay(stream.write_text, labels, live=True, columns=lambda: columns)
    for label in labels:
        provider, _, account = label.partition("/")
        display(ProgressEvent(provider, None, account or None))  # type: ignore[arg-type]
        result = ProviderResult(provider, (), (), 0.5, account=account or None)  # type: ignore[arg-type]
        display(ProgressEvent(provider, result, account or None))  # type: ignore[arg-type]
    display.close()
    frames = stream.getvalue().split("\r\x1b[2K")
    assert "\n" not in stream.getvalue() and frames[-1] == ""
    assert all(width(frame) < columns for frame in frames)
    assert any(frame.endswith("…") for frame in frames)


# Bad items, unexpected errors, incomplete listings


def test_a_bad_item_is_one_stderr_line_and_the_others_are_printed(capsys, tmp_path):
    body = {
        "result": [slashid_item("good-1"), slashid_item("bad", grant_types=[5]), slashid_item("good-2"), 7]
    }
    with providers_server(slashid=lambda request: Reply(200, body)) as server:
        status, out, err = inventory(capsys, tmp_path, tables(server.url), "-q")
    assert status == EXIT_PROVIDER_FAILED
    document = json.loads(out)
    slashid_ids = [r["client_id"] for r in document["records"] if r["provider"] == "slashid"]
    assert slashid_ids == ["good-1", "good-2"] and len(document["records"]) == 7
    assert [(f["index"], f["client_id"], f["error"]) for f in document["failures"]] == [
        (1, "bad", "ResponseDecodeError"),
        (3, None, "ResponseDecodeError"),
    ]
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("oauth-clients: slashid item 1 client 'bad': ResponseDecodeError: ")
    assert "result[1]" in lines[0]
    assert lines[1].startswith("oauth-clients: slashid item 3: ResponseDecodeError: ")


def test_an_unexpected_exception_in_one_source_is_one_stderr_line(capsys, tmp_path, monkeypatch):
    async def broken(self):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(LoginRadiusSource, "fetch", broken)
    with providers_server() as server:
        status, out, err = inventory(capsys, tmp_path, tables(server.url), "-q")
    assert status == EXIT_PROVIDER_FAILED
    assert len(json.loads(out)["records"]) == 5
    assert err == "oauth-clients: loginradius: unexpected RecursionError: maximum recursion depth exceeded\n"


def test_an_incomplete_listing_is_a_warning_exit_1_and_in_json_and_csv(capsys, tmp_path):
    body = {
        "meta": {"pagination": {"limit": 2, "offset": 0, "total_count": 5}},
        "result": [slashid_item("c1"), slashid_item("c2")],
    }
    with providers_server(slashid=lambda request: Reply(200, body)) as server:
        status, out, err = inventory(capsys, tmp_path, tables(server.url), "--format", "json")
        csv_status, csv_out, _ = inventory(capsys, tmp_path, tables(server.url), "--format", "csv", "-q")
    assert status == csv_status == EXIT_PROVIDER_FAILED
    document = json.loads(out)
    assert document["incomplete"] == [{"provider": "slashid", "account": None, "returned": 2, "total": 5}]
    assert document["failures"] == [] and len(document["records"]) == 7
    assert "oauth-clients: slashid: 2 clients, incomplete (2 of 5) in " in err
    assert err.splitlines()[-1] == (
        "oauth-clients: warning: slashid: incomplete listing: 2 of 5 clients returned; its own count says "
        "there are more, and the provider documents no way to ask for them"
    )
    (row,) = [row for row in csv.DictReader(io.StringIO(csv_out)) if row["kind"] == "incomplete"]
    assert row["provider"] == "slashid" and row["problem"] == "incomplete listing: 2 of 5 clients returned"


# Several accounts


def test_several_accounts_of_one_provider_each_have_a_label(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("SLASHID_US_KEY", "credential-of-slashid-us-1234")

    def answer(request):
        org = request.headers["slashid-orgid"]
        return Reply(200, {"result": [slashid_item(f"client-of-{org}")]})

    with providers_server(slashid=answer) as server:
        eu = tables(server.url, ["slashid"])["slashid"] | {"name": "eu", "org_id": "org-eu"}
        us = eu | {"name": "us", "org_id": "org-us", "credential_env": "SLASHID_US_KEY"}
        text = toml(tables(server.url, ["leegality"])) + "".join(
            "[[slashid]]\n" + toml({"x": table}).split("\n", 1)[1] for table in (eu, us)
        )
        path = write_config(tmp_path, text)
        status, out, err = run(capsys, "inventory", "--config", path, "--format", "json")
        _, table, _ = run(capsys, "inventory", "--config", path, "--format", "table", "--provider", "slashid")
    assert status == EXIT_OK
    records = json.loads(out)["records"]
    assert [(r["provider"], r["account"], r["client_id"]) for r in records][-2:] == [
        ("slashid", "eu", "client-of-org-eu"),
        ("slashid", "us", "client-of-org-us"),
    ]
    assert "oauth-clients: slashid/eu: 1 client in" in err and "oauth-clients: slashid/us: 1 client in" in err
    rows = table.splitlines()[2:]
    assert [row.split()[0] for row in rows] == ["slashid/eu", "slashid/us"]
    sent = {
        (r.headers["slashid-orgid"], r.headers["slashid-api-key"])
        for r in server.requests
        if "slashid-orgid" in r.headers
    }
    assert sent == {("org-eu", CREDENTIALS["SLASHID_API_KEY"]), ("org-us", "credential-of-slashid-us-1234")}


# The sample config


def test_example_config_prints_the_packaged_sample(capsys):
    status, out, err = run(capsys, "inventory", "--example-config")
    assert (status, err) == (EXIT_OK, "")
    assert out == example_config() == (ROOT / "examples" / "inventory.toml").read_text(encoding="utf-8")
    assert out.startswith("# Sample config of `oauth-clients inventory`")


def test_the_printed_sample_is_a_valid_config(capsys, tmp_path):
    run(capsys, "inventory", "--example-config")
    path = write_config(tmp_path, example_config())
    assert [entry.label for entry in load_config(str(path)).providers] == [
        "leegality",
        "slashid",
        "loginradius",
        "launchdarkly",
    ]


def test_stdout_is_not_a_terminal_in_these_tests():
    assert not sys.stdout.isatty()
