"""What the config says reaches the requests (the SlashID org ID as its header, each provider's own
timeout), over real HTTP; and the base_url and empty-value refusals, each with its own words."""

from __future__ import annotations

import time

import pytest
from support.cli import CREDENTIAL_ENV, CREDENTIALS, run, tables, write_config
from support.inventory import providers_server, silent_server

from oauth_clients.cli import EXIT_USAGE, ConfigError
from oauth_clients.cli._config import build_source, load_config, read_credentials


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


def test_the_slashid_org_id_and_each_credential_reach_their_headers(capsys, tmp_path):
    with providers_server() as server:
        config = tables(server.url, ["slashid", "leegality"])
        config["slashid"]["org_id"] = " org-from-the-config "
        status, _, err = run(capsys, "inventory", "--config", write_config(tmp_path, config))
    assert status == 0, err
    by_path = {request.path: request.headers for request in server.requests}
    (slashid_headers,) = [h for p, h in by_path.items() if "slashid-orgid" in h]
    assert slashid_headers["slashid-orgid"] == "org-from-the-config"
    assert slashid_headers["slashid-api-key"] == CREDENTIALS[CREDENTIAL_ENV["slashid"]]
    (leegality_headers,) = [h for h in by_path.values() if "x-auth-token" in h]
    assert leegality_headers["x-auth-token"] == CREDENTIALS[CREDENTIAL_ENV["leegality"]]


def test_each_provider_gets_its_own_timeout(capsys, tmp_path):
    with silent_server() as silent, providers_server() as answering:
        config = tables(silent, ["slashid"]) | tables(answering.url, ["leegality"])
        config["slashid"]["timeout"] = 0.5
        config["leegality"]["timeout"] = 30
        loaded = load_config(str(write_config(tmp_path, config)))
        slashid_entry, leegality_entry = loaded.providers
        assert (slashid_entry.timeout, leegality_entry.timeout) == (0.5, 30.0)
        slashid_source = build_source(loaded, slashid_entry, "credential")
        assert slashid_source.client.deadline == 0.5
        assert build_source(loaded, leegality_entry, "credential").client.deadline == 30.0
        started = time.monotonic()
        status, _, err = run(capsys, "inventory", "--config", write_config(tmp_path, config))
        took = time.monotonic() - started
    assert took < 5.0  # the silent provider gave up after its 0.5 s, not after a default timeout
    assert status != 0
    assert (
        "oauth-clients: slashid: APITimeoutError: list_oauth2_clients: the call took longer than its "
        "deadline (deadline=0.5 s)" in err
    )
    assert "oauth-clients: leegality: 3 clients in " in err


def test_no_timeout_leaves_the_client_default(tmp_path):
    loaded = load_config(str(write_config(tmp_path, tables("http://127.0.0.1:9", ["leegality"]))))
    (entry,) = loaded.providers
    assert entry.timeout is None
    assert build_source(loaded, entry, "credential").client.deadline != 0.5


def config_error(tmp_path, provider: str, key: str, value: object) -> str:
    config = tables("http://127.0.0.1:9", [provider])
    config[provider][key] = value
    path = write_config(tmp_path, config)
    with pytest.raises(ConfigError) as raised:
        load_config(str(path))
    prefix = f"{path}: "
    assert str(raised.value).startswith(prefix)
    return str(raised.value).removeprefix(prefix)


@pytest.mark.parametrize(
    "url",
    ["https://key@example.com", "https://:pass@example.com", "https://key:@example.com"],
    ids=["user only", "password only", "user and empty password"],
)
def test_a_base_url_with_any_user_part_is_refused(tmp_path, url):
    assert config_error(tmp_path, "loginradius", "base_url", url) == (
        "loginradius.base_url: must not contain a user name or password "
        "(credentials come from credential_env)"
    )


@pytest.mark.parametrize(
    "url", ["http://", "https:///path", "ftp://example.com", "file:///etc/passwd", "example.com"]
)
def test_a_base_url_without_a_host_or_not_http_is_refused(tmp_path, url):
    assert config_error(tmp_path, "loginradius", "base_url", url) == (
        "loginradius.base_url: expected an http:// or https:// URL with a host"
    )


EMPTY = {
    "name": ("slashid.name", "empty (leave the key out instead)"),
    "environment": ("slashid.environment", "empty (leave the key out instead)"),
    "base_url": ("slashid.base_url", "empty (leave the key out instead)"),
    "credential_env": ("slashid.credential_env", "empty (expected the name of an environment variable)"),
    "org_id": ("slashid.org_id", "empty (expected the SlashID organization ID)"),
}


@pytest.mark.parametrize("key", EMPTY)
def test_an_empty_value_says_empty(tmp_path, key):
    where, problem = EMPTY[key]
    assert config_error(tmp_path, "slashid", key, "  ") == f"{where}: {problem}"


def test_an_empty_client_id_is_named_as_one(tmp_path):
    assert config_error(tmp_path, "launchdarkly", "client_ids", ["ld-1", " "]) == (
        "launchdarkly.client_ids[1]: expected a client ID (a non-empty string), got an empty string"
    )


def test_an_empty_credential_variable_is_refused_by_the_cli(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SLASHID_API_KEY", "   ")
    path = write_config(tmp_path, tables("http://127.0.0.1:9", ["slashid"]))
    status, out, err = run(capsys, "inventory", "--config", path)
    assert (status, out) == (EXIT_USAGE, "")
    assert err == (
        f"oauth-clients: error: {path}: slashid.credential_env: "
        "the environment variable SLASHID_API_KEY is empty\n"
    )


def test_credentials_are_read_stripped(tmp_path):
    loaded = load_config(str(write_config(tmp_path, tables("http://127.0.0.1:9", ["slashid"]))))
    assert read_credentials(loaded, loaded.providers, {"SLASHID_API_KEY": "  key  "}) == ["key"]
