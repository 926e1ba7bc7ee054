# ruff: noqa: E501  # the expected tables and CSV rows are wider than the line limit
"""The three formats word for word (cli/_output.py): JSON with every key and its indent, CSV with its
line ends and a row per record, failure and incomplete listing, the table with its states, dates,
redirect-URI counts and column widths at several terminal widths (which columns give way, by how
much, and the line cut when none can)."""

from __future__ import annotations

import datetime
import json

import pytest

from oauth_clients import slashid
from oauth_clients.cli._output import Report, render
from oauth_clients.errors import OAuthClientsError
from oauth_clients.inventory import ClientRecord, Failure, ProviderResult
from oauth_clients.inventory.results import IncompleteListing


def record(**fields) -> ClientRecord:
    return ClientRecord(model=slashid.OAuth2Client(), **fields)


RECORDS = [
    record(
        provider="leegality",
        account="eu",
        client_id="c-1",
        name="One",
        enabled=True,
        public=False,
        grant_types=("code", "refresh"),
        scopes=("s1", "s2"),
        redirect_uris=("https://a.test/cb", "https://b.test", "https://c.test"),
        created_at=datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        last_used_raw="yesterday",
        has_secret=True,
    ),
    record(
        provider="slashid",
        client_id="c-2",
        enabled=False,
        public=True,
        redirect_uris=("https://only.test",),
        created_at_raw="2025-13-01",
        last_used=datetime.datetime(2025, 6, 7, 8, 9, 10, tzinfo=datetime.UTC),
        has_secret=False,
    ),
    record(provider="loginradius", client_id="c-3", state="ACTIVE", enabled=False),
    record(provider="launchdarkly", client_id=""),
]
FAILURES = [
    Failure(
        "slashid", OAuthClientsError("key sk-secret-0123 refused"), client_id="bad", index=2, account="us"
    ),
    Failure("launchdarkly", ValueError("=1+1")),
]
INCOMPLETE = [
    ProviderResult("slashid", (), (), 0.5, account="us", incomplete=IncompleteListing(2, 5)),
    ProviderResult("leegality", (), (), 0.5),
]
REPORT = Report(RECORDS, FAILURES, INCOMPLETE, lambda text: text.replace("sk-secret-0123", "***"))

EMPTY = {
    "name": None,
    "state": None,
    "enabled": None,
    "public": None,
    "client_type": None,
    "has_secret": None,
}
NO_LISTS = {"grant_types": [], "scopes": [], "redirect_uris": []}
NO_DATES = {"created_at": None, "created_at_raw": None, "last_used": None, "last_used_raw": None}


def test_json_word_for_word():
    document = {
        "records": [
            {
                "provider": "leegality",
                "account": "eu",
                "client_id": "c-1",
                "name": "One",
                "state": None,
                "enabled": True,
                "public": False,
                "client_type": "confidential",
                "has_secret": True,
                "grant_types": ["code", "refresh"],
                "scopes": ["s1", "s2"],
                "redirect_uris": ["https://a.test/cb", "https://b.test", "https://c.test"],
                "created_at": "2025-01-02T03:04:05Z",
                "created_at_raw": None,
                "last_used": None,
                "last_used_raw": "yesterday",
            },
            {
                "provider": "slashid",
                "account": None,
                "client_id": "c-2",
                **EMPTY,
                "enabled": False,
                "public": True,
                "client_type": "public",
                "has_secret": False,
                **NO_LISTS,
                "redirect_uris": ["https://only.test"],
                **NO_DATES,
                "created_at_raw": "2025-13-01",
                "last_used": "2025-06-07T08:09:10Z",
            },
            {
                "provider": "loginradius",
                "account": None,
                "client_id": "c-3",
                **EMPTY,
                "state": "ACTIVE",
                "enabled": False,
                **NO_LISTS,
                **NO_DATES,
            },
            {"provider": "launchdarkly", "account": None, "client_id": "", **EMPTY, **NO_LISTS, **NO_DATES},
        ],
        "failures": [
            {
                "provider": "slashid",
                "account": "us",
                "client_id": "bad",
                "index": 2,
                "error": "OAuthClientsError",
                "message": "key *** refused",
            },
            {
                "provider": "launchdarkly",
                "account": None,
                "client_id": None,
                "index": None,
                "error": "ValueError",
                "message": "=1+1",
            },
        ],
        "incomplete": [{"provider": "slashid", "account": "us", "returned": 2, "total": 5}],
    }
    assert render(REPORT, "json", 80) == json.dumps(document, indent=2) + "\n"


def test_csv_word_for_word():
    assert render(REPORT, "csv", 80) == (
        "kind,provider,account,client_id,name,state,enabled,public,client_type,has_secret,grant_types,scopes,redirect_uris,created_at,created_at_raw,last_used,last_used_raw,problem\n"
        "client,leegality,eu,c-1,One,,true,false,confidential,true,code refresh,s1 s2,https://a.test/cb https://b.test https://c.test,2025-01-02T03:04:05Z,,,yesterday,\n"
        "client,slashid,,c-2,,,false,true,public,false,,,https://only.test,,2025-13-01,2025-06-07T08:09:10Z,,\n"
        "client,loginradius,,c-3,,ACTIVE,false,,,,,,,,,,,\n"
        "client,launchdarkly,,,,,,,,,,,,,,,,\n"
        "failure,slashid,us,bad,,,,,,,,,,,,,,slashid/us item 2 client 'bad': OAuthClientsError: key *** refused\n"
        "failure,launchdarkly,,,,,,,,,,,,,,,,launchdarkly: unexpected ValueError: =1+1\n"
        "incomplete,slashid,us,,,,,,,,,,,,,,,incomplete listing: 2 of 5 clients returned\n"
    )


TABLES = {
    200: [
        "provider      client id  name  state     type          grants        redirect URIs           created               last used",
        "------------  ---------  ----  --------  ------------  ------------  ----------------------  --------------------  --------------------",
        "leegality/eu  c-1        One   enabled   confidential  code,refresh  (+2) https://a.test/cb  2025-01-02T03:04:05Z  yesterday",
        "slashid       c-2        -     disabled  public        -             https://only.test       2025-13-01            2025-06-07T08:09:10Z",
        "loginradius   c-3        -     ACTIVE    -             -             -                       -                     -",
        "launchdarkly  -          -     -         -             -             -                       -                     -",
    ],
    120: [
        "provider      client id  name  state     type          grants     redirect …  created               last used",
        "------------  ---------  ----  --------  ------------  ---------  ----------  --------------------  --------------------",
        "leegality/eu  c-1        One   enabled   confidential  code,ref…  (+2) http…  2025-01-02T03:04:05Z  yesterday",
        "slashid       c-2        -     disabled  public        -          https://o…  2025-13-01            2025-06-07T08:09:10Z",
        "loginradius   c-3        -     ACTIVE    -             -          -           -                     -",
        "launchdarkly  -          -     -         -             -          -           -                     -",
    ],
    100: [
        "provider      client id  name  state     type          gran…  redi…  created         last used",
        "------------  ---------  ----  --------  ------------  -----  -----  --------------  ---------------",
        "leegality/eu  c-1        One   enabled   confidential  code…  (+2)…  2025-01-02T03…  yesterday",
        "slashid       c-2        -     disabled  public        -      http…  2025-13-01      2025-06-07T08:…",
        "loginradius   c-3        -     ACTIVE    -             -      -      -               -",
        "launchdarkly  -          -     -         -             -      -      -               -",
    ],
    80: [
        "provider  client …  name  state     type      gran…  redi…  created    last used",
        "--------  --------  ----  --------  --------  -----  -----  ---------  ---------",
        "leegali…  c-1       One   enabled   confide…  code…  (+2)…  2025-01-…  yesterday",
        "slashid   c-2       -     disabled  public    -      http…  2025-13-…  2025-06-…",
        "loginra…  c-3       -     ACTIVE    -         -      -      -          -",
        "launchd…  -         -     -         -         -      -      -          -",
    ],
}


@pytest.mark.parametrize("columns", TABLES)
def test_the_table_word_for_word(columns):
    assert render(REPORT, "table", columns) == "\n".join(TABLES[columns]) + "\n"


HEADS = {
    61: [
        "prov…  clie…  name  state  type   gran…  redi…  crea…  last …",
        "-----  -----  ----  -----  -----  -----  -----  -----  ------",
    ],
    59: [
        "prov…  clie…  name  state  type   gran…  redi…  crea…  las…",
        "-----  -----  ----  -----  -----  -----  -----  -----  ---…",
    ],
}


@pytest.mark.parametrize("columns", HEADS)
def test_every_column_at_its_least_and_the_line_cut_at_the_end(columns):
    # 61 columns: every column that can give way is down to 5 (name keeps its 4), one spare column
    # left to "last used"; 59: none can give way any more, so each line is cut to fit.
    assert render(REPORT, "table", columns).splitlines()[:2] == HEADS[columns]


@pytest.mark.parametrize(
    ("uris", "cell"),
    [
        ((), "-"),
        (("https://a.test",), "https://a.test"),
        (("https://a.test", "https://b.test"), "(+1) https://a.test"),
        (("https://a.test", "https://b.test", "https://c.test"), "(+2) https://a.test"),
    ],
)
def test_the_redirect_uri_cell_shows_the_first_and_how_many_more(uris, cell):
    table = render(
        Report([record(provider="slashid", client_id="c", redirect_uris=uris)], [], [], str), "table", 200
    )
    header, _, row = table.splitlines()
    assert row[header.index("redirect URIs") : header.index("created")].rstrip() == cell
