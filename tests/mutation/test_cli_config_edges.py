"""The config at its edges: every provider's settings reach its source and client (name, base_url,
credential, timeout and deadline, allow_insecure_http next to a timeout, org ID, client IDs), end to
end and one by one; the fields a provider does not have stay None; a TOML date named as one; the
--provider refusal and ConfigError's attributes."""

from __future__ import annotations

import json

import httpx
import pytest
from support.cli import CREDENTIAL_ENV, run, write_config
from support.inventory import PATHS, providers_server

from oauth_clients.cli import EXIT_OK, ConfigError
from oauth_clients.cli._config import ProviderConfig, build_source, load_config
from oauth_clients.inventory import (
    LaunchDarklySource,
    LeegalitySource,
    LoginRadiusSource,
    SlashIDSource,
)

SOURCES = {
    "leegality": LeegalitySource,
    "slashid": SlashIDSource,
    "loginradius": LoginRadiusSource,
    "launchdarkly": LaunchDarklySource,
}
HEADERS = {
    "leegality": ("x-auth-token", ""),
    "slashid": ("slashid-api-key", ""),
    "loginradius": ("authorization", "Bearer "),
    "launchdarkly": ("authorization", ""),
}
EXTRA = {"slashid": 'org_id = " org-7 "\n', "launchdarkly": 'client_ids = ["ld-1", " ld-2 ", "ld-1"]\n'}


def named_tables(url: str, **more: str) -> str:
    """Each provider as one named account ([[provider]]) at `url`, with `more` lines in each table."""
    return "".join(
        f'[[{provider}]]\nname = "{provider}-acct"\nbase_url = "{url}"\n'
        f'credential_env = "{CREDENTIAL_ENV[provider]}"\n{EXTRA.get(provider, "")}'
        + "".join(f"{key} = {value}\n" for key, value in more.items())
        for provider in SOURCES
    )


def test_every_provider_as_a_named_account_end_to_end(capsys, tmp_path, monkeypatch):
    for provider, name in CREDENTIAL_ENV.items():
        monkeypatch.setenv(name, f"key-of-{provider}-5e21")
    with providers_server() as server:
        path = write_config(tmp_path, named_tables(server.url))
        status, out, err = run(capsys, "inventory", "--config", path, "--format", "json", "-q")
    assert (status, err) == (EXIT_OK, "")
    accounts = {(record["provider"], record["account"]) for record in json.loads(out)["records"]}
    assert accounts == {(provider, f"{provider}-acct") for provider in SOURCES}
    for provider, (header, prefix) in HEADERS.items():
        sent = {r.headers.get(header) for r in server.requests if r.path.startswith(PATHS[provider])}
        assert sent == {f"{prefix}key-of-{provider}-5e21"}, provider
    assert {r.headers["slashid-orgid"] for r in server.requests if "slashid-orgid" in r.headers} == {"org-7"}
    ld_paths = sorted(r.path for r in server.requests if r.path.startswith(PATHS["launchdarkly"]))
    assert ld_paths == ["/api/v2/oauth/clients/ld-1", "/api/v2/oauth/clients/ld-2"]


@pytest.mark.parametrize("provider", SOURCES)
def test_each_setting_reaches_the_source_and_its_client(tmp_path, provider):
    # http:// to another machine with a timeout: allow_insecure_http must survive the timeout options.
    text = named_tables("http://oauth-clients.invalid/base", timeout="2.5", allow_insecure_http="true")
    loaded = load_config(str(write_config(tmp_path, text)))
    (entry,) = [entry for entry in loaded.providers if entry.provider == provider]
    source = build_source(loaded, entry, f"key-of-{provider}")
    assert type(source) is SOURCES[provider]
    assert source.account == f"{provider}-acct"
    client = source.client
    assert type(client).__module__.startswith(f"oauth_clients_generated.{provider}.")
    assert client.base_url == "http://oauth-clients.invalid/base"
    assert client.credential.reveal() == f"key-of-{provider}"
    assert (client.deadline, client.timeout) == (2.5, httpx.Timeout(2.5))
    if isinstance(source, SlashIDSource):
        assert source.org_id == "org-7"
    if isinstance(source, LaunchDarklySource):
        assert source.client_ids == ("ld-1", "ld-2")


@pytest.mark.parametrize("provider", SOURCES)
def test_http_to_another_machine_without_allow_insecure_http_is_refused_with_a_timeout(tmp_path, provider):
    text = named_tables("http://oauth-clients.invalid", timeout="2.5")
    loaded = load_config(str(write_config(tmp_path, text)))
    (entry,) = [entry for entry in loaded.providers if entry.provider == provider]
    with pytest.raises(ConfigError) as raised:
        build_source(loaded, entry, "key")
    assert raised.value.key == f"{provider}[0]"
    assert raised.value.problem.startswith(f"the {provider} client refuses it: ")
    assert "allow_insecure_http" in raised.value.problem


def test_a_slashid_entry_without_an_org_id_is_refused_not_sent_empty(tmp_path):
    loaded = load_config(str(write_config(tmp_path, named_tables("http://127.0.0.1:9"))))
    entry = ProviderConfig("slashid", "slashid", None, "http://127.0.0.1:9", None, "K")
    with pytest.raises(ConfigError) as raised:
        build_source(loaded, entry, "key")
    assert str(raised.value) == (
        f"{loaded.path}: slashid: the slashid client refuses it: SlashIDSource: no organization: "
        "pass org_id= here or to slashid.AuthenticatedClient"
    )


def test_the_fields_a_provider_does_not_have_stay_none(tmp_path):
    text = '[leegality]\ncredential_env = "LEEGALITY_TOKEN"\nenvironment = "production"\n'
    path = str(write_config(tmp_path, text))
    (entry,) = load_config(path).providers
    assert entry == ProviderConfig(
        provider="leegality",
        where="leegality",
        name=None,
        base_url=entry.base_url,
        environment="production",
        credential_env="LEEGALITY_TOKEN",
        timeout=None,
        allow_insecure_http=False,
        org_id=None,
        client_ids=None,
    )


@pytest.mark.parametrize("value", ["1979-05-27", "07:32:00", "1979-05-27T07:32:00Z"])
def test_a_toml_date_or_time_is_named_as_one(tmp_path, value):
    path = write_config(tmp_path, f'[leegality]\ncredential_env = "L"\ntimeout = {value}\n')
    with pytest.raises(ConfigError) as raised:
        load_config(str(path))
    assert str(raised.value) == f"{path}: leegality.timeout: expected a number of seconds, got a date or time"


def test_a_config_error_keeps_its_path_key_and_problem(tmp_path):
    path = write_config(tmp_path, '[leegality]\ncredential_env = "L"\ntimeout = 0\n')
    with pytest.raises(ConfigError) as raised:
        load_config(str(path))
    error = raised.value
    assert (error.path, error.key, error.problem) == (
        str(path),
        "leegality.timeout",
        "expected a positive number of seconds, got 0",
    )


def test_select_refuses_a_provider_the_file_lacks_and_keeps_the_file_order(tmp_path):
    loaded = load_config(str(write_config(tmp_path, named_tables("http://127.0.0.1:9"))))
    assert [e.provider for e in loaded.select(["launchdarkly", "leegality"])] == ["leegality", "launchdarkly"]
    assert loaded.select([]) == loaded.providers
    only = load_config(str(write_config(tmp_path, '[leegality]\ncredential_env = "L"\n')))
    with pytest.raises(ConfigError) as raised:
        only.select(["leegality", "slashid"])
    error = raised.value
    assert (error.path, error.key, error.problem) == (
        only.path,
        None,
        "--provider slashid: the file has no [slashid] table",
    )
    assert str(error) == f"{only.path}: --provider slashid: the file has no [slashid] table"
