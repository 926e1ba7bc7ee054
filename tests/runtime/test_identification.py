"""`oauth_clients.__version__` and the default User-Agent, which a caller's own replaces."""

from __future__ import annotations

import importlib.metadata
import platform
import subprocess
import sys

import httpx
import pytest
from support.calls import operation_module, placeholder_arguments, provider_module
from support.faults import Respond, fault_server

import oauth_clients
from oauth_clients import leegality

PROVIDERS = ["leegality", "slashid", "loginradius", "launchdarkly"]
FIRST_OPERATION = {
    "leegality": "list_oauth2_clients",
    "slashid": "list_oauth2_clients",
    "loginradius": "list_oauth_clients",
    "launchdarkly": "get_oauth2_client",
}


def test_version_is_the_installed_packages():
    assert oauth_clients.__version__ == importlib.metadata.version("oauth-clients")
    assert "__version__" in dir(oauth_clients)


def test_importing_the_package_reads_no_metadata():
    code = (
        "import sys; before = 'importlib.metadata' in sys.modules\n"
        "import oauth_clients\n"
        "print(before or 'importlib.metadata' not in sys.modules, 'httpx' not in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_request_names_the_sdk_provider_python_and_httpx(provider):
    operation = operation_module(provider, FIRST_OPERATION[provider])
    with fault_server(Respond(418, b"")) as server:  # undocumented: no body is parsed
        client = provider_module(provider).AuthenticatedClient("t", base_url=server.url, retry=None)
        operation.sync_detailed(client=client, **placeholder_arguments(operation))
        client.close()
    python = ".".join(platform.python_version_tuple()[:2])
    expected = (
        f"oauth-clients/{oauth_clients.__version__} ({provider}) Python/{python} httpx/{httpx.__version__}"
    )
    assert server.requests[0].headers["user-agent"] == expected


def test_a_user_agent_of_the_callers_replaces_ours_whatever_its_case():
    with fault_server(Respond(200, {"data": []}), Respond(200, {"data": []})) as server:
        with leegality.AuthenticatedClient(
            "t", base_url=server.url, headers={"user-agent": "app/1"}
        ) as client:
            leegality.list_oauth2_clients.sync(client=client)
            leegality.list_oauth2_clients.sync(client=client, extra_headers={"User-Agent": "call/2"})
    assert [r.headers["user-agent"] for r in server.requests] == ["app/1", "call/2"]


def test_the_provider_is_the_generated_package_of_the_class():
    from oauth_clients._runtime.identity import provider_of, user_agent

    def defined_in(module: str) -> type:
        return type("Client", (), {"__module__": module})

    assert provider_of(defined_in("oauth_clients_generated.slashid.client")) == "slashid"
    assert provider_of(defined_in("oauth_clients_generated.slashid.api.oauth_clients")) == "slashid"
    assert provider_of(defined_in("oauth_clients_generated")) is None
    assert provider_of(defined_in("my_app.slashid.client")) is None
    assert provider_of(defined_in("my_app")) is None
    python = ".".join(platform.python_version_tuple()[:2])
    version = oauth_clients.__version__
    assert user_agent(None) == f"oauth-clients/{version} Python/{python} httpx/{httpx.__version__}"
    assert (
        user_agent("leegality")
        == f"oauth-clients/{version} (leegality) Python/{python} httpx/{httpx.__version__}"
    )
