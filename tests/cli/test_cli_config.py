"""The config file: every problem exits 2 with one line naming the file, the key and the problem."""

from __future__ import annotations

import copy

import pytest
from support.cli import CREDENTIALS, run, tables, toml, write_config
from support.specs import ROOT

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.cli import EXIT_USAGE, ConfigError
from oauth_clients.cli._config import build_source, load_config
from oauth_clients.inventory import LaunchDarklySource

VALID = tables("http://127.0.0.1:9")
PROVIDER_LIST = "leegality, slashid, loginradius, launchdarkly"
COMMON_KEYS = "name, environment, base_url, credential_env, timeout, allow_insecure_http"


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


def changed(provider: str, key: str, value: object = None) -> dict:
    """VALID with one key set (or removed, for None)."""
    config = copy.deepcopy(VALID)
    if value is None:
        del config[provider][key]
    else:
        config[provider][key] = value
    return config


CASES = {
    "unknown provider": (
        toml(VALID) + "[okta]\nbase_url = 'x'\n",
        f"okta: unknown provider (expected one of: {PROVIDER_LIST})",
    ),
    "misspelt provider": ("[slashdi]\n", "slashdi: unknown provider (did you mean 'slashid'?)"),
    "provider not a table": (
        'slashid = "x"\n',
        "slashid: expected a table ([slashid]) or tables ([[slashid]]), got a string",
    ),
    "an empty array of tables": (
        "slashid = []\n",
        "slashid: expected a table ([slashid]) or tables ([[slashid]]), got an array",
    ),
    "an array of strings": ('slashid = ["x"]\n', "slashid[0]: expected a table, got a string"),
    "misspelt key": (changed("slashid", "orgid", "o"), "slashid.orgid: unknown key (did you mean 'org_id'?)"),
    "vendor-named env key": (
        changed("leegality", "token_env", "T"),
        "leegality.token_env: unknown key (did you mean 'credential_env'?)",
    ),
    "a secret in the file": (
        changed("leegality", "token", "sk-live-abcdef"),
        f"leegality.token: unknown key (expected one of: {COMMON_KEYS})",
    ),
    "another provider's key": (
        changed("leegality", "org_id", "o"),
        f"leegality.org_id: unknown key (expected one of: {COMMON_KEYS})",
    ),
    "missing credential_env": (
        changed("leegality", "credential_env"),
        "leegality.credential_env: missing (the name of an environment variable, a string)",
    ),
    "credential_env not a string": (
        changed("leegality", "credential_env", 123),
        "leegality.credential_env: expected the name of an environment variable (a string), got an integer",
    ),
    "unknown environment": (
        changed("leegality", "environment", "staging"),
        "leegality.environment: unknown environment 'staging' (expected one of: production, sandbox)",
    ),
    "environment not a string": (
        changed("launchdarkly", "environment", ["eu"]),
        "launchdarkly.environment: expected a string, got an array",
    ),
    "base_url without a scheme": (
        changed("loginradius", "base_url", "127.0.0.1:4010"),
        "loginradius.base_url: expected an http:// or https:// URL with a host",
    ),
    "base_url with a password": (
        changed("loginradius", "base_url", "https://admin:hunter2@example.com"),
        "loginradius.base_url: must not contain a user name or password "
        "(credentials come from credential_env)",
    ),
    "base_url not a URL": (
        changed("loginradius", "base_url", "http://[::1"),
        "loginradius.base_url: not a valid URL: Invalid IPv6 URL",
    ),
    "port out of range": (
        changed("loginradius", "base_url", "http://127.0.0.1:99999"),
        "loginradius.base_url: not a valid URL: the port is not a number from 1 to 65535",
    ),
    "port 0": (
        changed("loginradius", "base_url", "http://127.0.0.1:0/"),
        "loginradius.base_url: not a valid URL: the port is not a number from 1 to 65535",
    ),
    "port not a number": (
        changed("loginradius", "base_url", "http://127.0.0.1:80a/"),
        "loginradius.base_url: not a valid URL: the port is not a number from 1 to 65535",
    ),
    "credential pasted as credential_env": (
        changed("slashid", "credential_env", "sk-live-abcdef 0123=="),
        "slashid.credential_env: not an environment variable name (letters, digits and _; give the "
        "variable's name, never the credential itself)",
    ),
    "account name not a name": (
        changed("slashid", "name", "eu west"),
        "slashid.name: expected up to 64 letters, digits, '_', '.' or '-', starting with a letter or digit",
    ),
    "allow_insecure_http as text": (
        changed("slashid", "allow_insecure_http", "yes"),
        "slashid.allow_insecure_http: expected true or false, got a string",
    ),
    "timeout as text": (
        changed("slashid", "timeout", "10"),
        "slashid.timeout: expected a number of seconds, got a string",
    ),
    "timeout as a boolean": (
        changed("slashid", "timeout", True),
        "slashid.timeout: expected a number of seconds, got a boolean",
    ),
    "zero timeout": (
        changed("slashid", "timeout", 0),
        "slashid.timeout: expected a positive number of seconds, got 0",
    ),
    "missing org_id": (
        changed("slashid", "org_id"),
        "slashid.org_id: missing (the SlashID organization ID, a string)",
    ),
    "empty org_id": (
        changed("slashid", "org_id", " "),
        "slashid.org_id: empty (expected the SlashID organization ID)",
    ),
    "client_ids not an array": (
        changed("launchdarkly", "client_ids", "ld-1"),
        "launchdarkly.client_ids: expected an array of client IDs, got a string",
    ),
    "no client_ids": (
        changed("launchdarkly", "client_ids", []),
        "launchdarkly.client_ids: empty (name at least one client ID, or leave the key out for every client)",
    ),
    "a client ID not a string": (
        changed("launchdarkly", "client_ids", ["ld-1", 3]),
        "launchdarkly.client_ids[1]: expected a client ID (a non-empty string), got an integer",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_config_error_names_file_key_and_problem(capsys, tmp_path, case):
    config, message = CASES[case]
    path = write_config(tmp_path, config)
    status, out, err = run(capsys, "inventory", "--config", path)
    assert status == EXIT_USAGE and out == ""
    assert err == f"oauth-clients: error: {path}: {message}\n"
    assert "sk-live-abcdef" not in err and "hunter2" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no provider configured (expected tables such as [leegality])"),
        (
            '[[slashid]]\nname = "eu"\ncredential_env = "K"\norg_id = "o"\n'
            '[[slashid]]\ncredential_env = "K"\norg_id = "o"\n',
            "slashid[1].name: missing (each of several [[slashid]] tables needs one)",
        ),
        (
            '[[slashid]]\nname = "eu"\ncredential_env = "K"\norg_id = "o"\n'
            '[[slashid]]\nname = "eu"\ncredential_env = "K"\n',
            "slashid[1].org_id: missing (the SlashID organization ID, a string)",
        ),
        (
            '[[slashid]]\nname = "eu"\ncredential_env = "K"\norg_id = "o"\n'
            '[[slashid]]\nname = "eu"\ncredential_env = "K"\norg_id = "p"\n',
            "slashid[1].name: 'eu' is already the name of another table",
        ),
        (
            "[slashid\n",
            "not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 9)",
        ),
    ],
)
def test_file_level_errors(capsys, tmp_path, text, message):
    path = write_config(tmp_path, text)
    status, _, err = run(capsys, "inventory", "--config", path)
    assert status == EXIT_USAGE
    assert err == f"oauth-clients: error: {path}: {message}\n"


def test_a_file_that_is_not_utf8(capsys, tmp_path):
    path = tmp_path / "inventory.toml"
    path.write_bytes(b'[slashid]\ncredential_env = "K"\norg_id = "caf\xe9"\n')
    status, out, err = run(capsys, "inventory", "--config", path)
    assert (status, out) == (EXIT_USAGE, "")
    assert err == f"oauth-clients: error: {path}: not UTF-8 text (an invalid byte at offset 44)\n"


def test_a_setting_the_client_refuses_is_a_config_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SLASHID_API_KEY", "key-with-an-\u00e9-inside")
    path = write_config(tmp_path, tables("http://127.0.0.1:9", ["slashid"]))
    status, out, err = run(capsys, "inventory", "--config", path)
    assert (status, out) == (EXIT_USAGE, "")
    assert err.startswith(f"oauth-clients: error: {path}: slashid: the slashid client refuses it: ")
    assert len(err.splitlines()) == 1 and "key-with" not in err


def test_http_to_another_machine_needs_allow_insecure_http(capsys, tmp_path):
    config = tables("http://oauth-clients.invalid", ["slashid"])
    status, out, err = run(capsys, "inventory", "--config", write_config(tmp_path, config))
    assert (status, out) == (EXIT_USAGE, "")
    assert "slashid: the slashid client refuses it: " in err and "allow_insecure_http" in err
    config["slashid"]["allow_insecure_http"] = True
    loaded = load_config(str(write_config(tmp_path, config)))
    (entry,) = loaded.providers
    source = build_source(loaded, entry, "credential")
    assert source.client.base_url == "http://oauth-clients.invalid"


def test_timeout_is_the_deadline_of_each_call(tmp_path):
    config = tables("http://127.0.0.1:9", ["slashid"])
    config["slashid"]["timeout"] = 2.5
    loaded = load_config(str(write_config(tmp_path, config)))
    source = build_source(loaded, loaded.providers[0], "credential")
    assert source.client.deadline == 2.5


def test_several_accounts_of_one_provider(tmp_path):
    text = (
        '[[slashid]]\nname = "eu"\ncredential_env = "K_EU"\norg_id = "org-eu"\n'
        '[[slashid]]\nname = "us"\ncredential_env = "K_US"\norg_id = "org-us"\ntimeout = 3\n'
        '[leegality]\ncredential_env = "L"\n'
    )
    loaded = load_config(str(write_config(tmp_path, text)))
    eu, us, lee = loaded.providers
    assert (eu.label, eu.where, eu.org_id) == ("slashid/eu", "slashid[0]", "org-eu")
    assert (us.label, us.where, us.timeout) == ("slashid/us", "slashid[1]", 3.0)
    assert (lee.label, lee.where, lee.name) == ("leegality", "leegality", None)
    assert [entry.label for entry in loaded.select(["slashid"])] == ["slashid/eu", "slashid/us"]


def test_missing_file(capsys, tmp_path):
    path = tmp_path / "nowhere.toml"
    status, _, err = run(capsys, "inventory", "--config", path)
    assert status == EXIT_USAGE
    assert err == f"oauth-clients: error: {path}: cannot read the file (No such file or directory)\n"


@pytest.mark.parametrize(("value", "problem"), [(None, "is not set"), ("", "is empty"), ("  \n", "is empty")])
def test_credential_variable_not_set_or_empty(capsys, tmp_path, monkeypatch, value, problem):
    if value is None:
        monkeypatch.delenv("SLASHID_API_KEY")
    else:
        monkeypatch.setenv("SLASHID_API_KEY", value)
    path = write_config(tmp_path, VALID)
    status, out, err = run(capsys, "inventory", "--config", path)
    assert status == EXIT_USAGE and out == ""
    assert err == (
        f"oauth-clients: error: {path}: slashid.credential_env: "
        f"the environment variable SLASHID_API_KEY {problem}\n"
    )


@pytest.mark.parametrize(
    "pasted", ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"]
)
def test_a_credential_pasted_as_a_variable_name_is_not_echoed(capsys, tmp_path, pasted):
    config = tables("http://127.0.0.1:9", ["slashid"])
    config["slashid"]["credential_env"] = pasted  # a valid variable name, and a credential
    path = write_config(tmp_path, config)
    status, out, err = run(capsys, "inventory", "--config", path)
    assert (status, out) == (EXIT_USAGE, "")
    assert err == (
        f"oauth-clients: error: {path}: slashid.credential_env: "
        "the environment variable that it names is not set\n"
    )


def test_config_error_is_typed():
    with pytest.raises(ConfigError) as raised:
        load_config(str(ROOT / "no-such-config.toml"))
    assert raised.value.key is None and raised.value.problem.startswith("cannot read the file")


def test_the_sample_config_is_valid_and_uses_the_generated_environments():
    config = load_config(str(ROOT / "examples" / "inventory.toml"))
    by_provider = {entry.provider: entry for entry in config.providers}
    assert list(by_provider) == ["leegality", "slashid", "loginradius", "launchdarkly"]
    assert by_provider["leegality"].base_url == leegality.BASE_URLS["sandbox"]
    assert by_provider["slashid"].base_url == slashid.BASE_URLS["production"]
    assert by_provider["loginradius"].base_url == loginradius.BASE_URLS["production"]
    assert by_provider["launchdarkly"].base_url == launchdarkly.BASE_URLS["commercial"]
    assert by_provider["slashid"].org_id and by_provider["launchdarkly"].client_ids is None  # listed
    assert by_provider["loginradius"].timeout == 20.0
    assert {entry.credential_env for entry in config.providers} == {
        "LEEGALITY_TOKEN",
        "SLASHID_API_KEY",
        "LOGINRADIUS_M2M_TOKEN",
        "LAUNCHDARKLY_API_KEY",
    }


def test_base_url_overrides_environment_and_the_default_environment_is_the_first(tmp_path):
    config = {
        "slashid": {
            "environment": "sandbox",
            "base_url": "http://127.0.0.1:4010/",
            "credential_env": "K",
            "org_id": "o",
        },
        "launchdarkly": {"credential_env": "K", "client_ids": ["a", "b", "a"]},
    }
    loaded = load_config(str(write_config(tmp_path, config)))
    slashid_entry, launchdarkly_entry = loaded.providers
    assert slashid_entry.base_url == "http://127.0.0.1:4010/" and slashid_entry.environment is None
    assert launchdarkly_entry.environment == launchdarkly.DEFAULT_ENVIRONMENT
    assert launchdarkly_entry.base_url == launchdarkly.BASE_URLS[launchdarkly.DEFAULT_ENVIRONMENT]
    assert launchdarkly_entry.client_ids == ("a", "b")


def test_launchdarkly_without_client_ids_is_a_listing_source(tmp_path):
    loaded = load_config(str(write_config(tmp_path, changed("launchdarkly", "client_ids"))))
    (entry,) = [e for e in loaded.providers if e.provider == "launchdarkly"]
    assert entry.client_ids is None
    source = build_source(loaded, entry, CREDENTIALS["LAUNCHDARKLY_API_KEY"])
    assert isinstance(source, LaunchDarklySource) and source.client_ids is None
