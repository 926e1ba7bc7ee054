"""Each provider's client: named environments from the spec, the right auth header, real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from support.calls import operation_module, placeholder_arguments, provider_module
from support.server import Reply, local_server
from support.specs import examples, load_spec, operations, providers

# What each vendor expects on the wire (from the specs' security schemes, restated independently).
AUTH = {
    "leegality": ("x-auth-token", "{token}"),
    "slashid": ("slashid-api-key", "{token}"),
    "loginradius": ("authorization", "Bearer {token}"),
    "launchdarkly": ("authorization", "{token}"),
}
SUCCESS_EXAMPLES = {(e.provider, e.operation_id): e for e in examples() if e.status == "200"}
OPERATIONS = [
    (p.name, operation["operationId"])
    for p in providers()
    for _, _, operation in operations(load_spec(p.name))
]
# Each operation's success: the spec's lowest 2xx status, and its example body (None for a 204).
SUCCESS = {
    (p.name, operation["operationId"]): min(int(s) for s in operation["responses"] if s.startswith("2"))
    for p in providers()
    for _, _, operation in operations(load_spec(p.name))
}
ANSWERS = {(e.provider, e.operation_id, int(e.status)): e.value for e in examples()}


def success_answer(provider: str, operation_id: str) -> tuple[int, Any]:
    """The success status of an operation and the body its example answers with (None: no body)."""
    status = SUCCESS[(provider, operation_id)]
    return status, ANSWERS.get((provider, operation_id, status))


def reply(status: int, body: Any) -> Reply:
    return Reply(status, b"", {}) if body is None else Reply(status, body)


@pytest.mark.parametrize("provider", [p.name for p in providers()])
def test_environments_are_the_spec_servers(provider):
    module = provider_module(provider)
    servers = {s["x-environment"]: s["url"] for s in load_spec(provider)["servers"]}
    assert dict(module.BASE_URLS) == servers
    assert next(iter(servers)) == module.DEFAULT_ENVIRONMENT
    for environment, url in servers.items():
        assert module.AuthenticatedClient("t", environment=environment).base_url == url


@pytest.mark.parametrize(("provider", "operation_id"), OPERATIONS)
def test_operation_sends_the_credential_and_parses_the_answer(provider, operation_id):
    status, body = success_answer(provider, operation_id)
    token = "sentinel-credential-1234"
    with local_server(lambda request: reply(status, body)) as server:
        module = provider_module(provider)
        operation = operation_module(provider, operation_id)
        with module.AuthenticatedClient(token, base_url=server.url) as client:
            result = operation.sync(client=client, **placeholder_arguments(operation))
    assert result is None if body is None else result.to_dict() == body
    (request,) = server.requests
    header, template = AUTH[provider]
    assert request.headers[header] == template.format(token=token)
    assert token not in repr(client) and token not in str(client)


@pytest.mark.parametrize(("provider", "operation_id"), OPERATIONS)
async def test_async_operation_over_real_http(provider, operation_id):
    status, body = success_answer(provider, operation_id)
    with local_server(lambda request: reply(status, body)) as server:
        module = provider_module(provider)
        operation = operation_module(provider, operation_id)
        async with module.AuthenticatedClient("t", base_url=server.url) as client:
            detailed = await operation.asyncio_detailed(client=client, **placeholder_arguments(operation))
            parsed = await operation.asyncio(client=client, **placeholder_arguments(operation))
    assert detailed.status_code == status
    if body is None:
        assert detailed.parsed is None and parsed is None
    else:
        assert detailed.parsed is not None and detailed.parsed.to_dict() == body
        assert parsed.to_dict() == body


def test_slashid_org_id_is_an_operation_argument_sent_as_its_header():
    from oauth_clients import slashid

    example = SUCCESS_EXAMPLES[("slashid", "list_oauth2_clients")]
    with local_server(lambda request: Reply(200, example.value)) as server:
        with slashid.AuthenticatedClient("key", base_url=server.url) as client:
            slashid.list_oauth2_clients.sync(client=client, org_id="org-42")
    assert server.requests[0].headers["slashid-orgid"] == "org-42"
    assert server.requests[0].path == "/oauth2/clients"


def test_non_json_body_is_a_typed_error_naming_operation_and_status():
    from oauth_clients import leegality
    from oauth_clients.errors import ResponseDecodeError

    page = Reply(200, b"<html>502 Bad Gateway</html>", {"Content-Type": "text/html"})
    with local_server(lambda request: page) as server:
        with leegality.AuthenticatedClient("t", base_url=server.url) as client:
            with pytest.raises(
                ResponseDecodeError, match=r"list_oauth2_clients: HTTP 200: the body is not JSON"
            ):
                leegality.list_oauth2_clients.sync(client=client)


def test_undocumented_status_raises_from_sync_and_is_none_in_detailed():
    from oauth_clients import launchdarkly
    from oauth_clients.errors import ServerError

    with local_server(lambda request: Reply(503, {"oops": True})) as server:
        with launchdarkly.AuthenticatedClient("t", base_url=server.url, retry=None) as client:
            detailed = launchdarkly.get_oauth2_client.sync_detailed("abc", client=client)
            with pytest.raises(ServerError) as raised:
                launchdarkly.get_oauth2_client.sync("abc", client=client)
    assert detailed.status_code == 503 and detailed.parsed is None
    assert raised.value.documented is False and raised.value.status_code == 503


def test_model_repr_masks_secrets_but_attribute_keeps_them():
    from oauth_clients import launchdarkly

    model = launchdarkly.OAuthClient.from_dict(SUCCESS_EXAMPLES[("launchdarkly", "get_oauth2_client")].value)
    model.client_secret = "sentinel-secret-5678"
    assert "sentinel-secret-5678" not in repr(model) and "sentinel-secret-5678" not in str(model)
    assert model.client_secret == "sentinel-secret-5678"


def test_a_compressed_body_is_decoded():
    import gzip
    import json

    from oauth_clients import leegality

    body = gzip.compress(json.dumps({"data": []}).encode())
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with local_server(lambda request: Reply(200, body, headers)) as server:
        with leegality.AuthenticatedClient("t", base_url=server.url) as client:
            assert leegality.list_oauth2_clients.sync(client=client).to_dict() == {"data": []}


def test_redirects_are_followed_only_when_asked():
    from oauth_clients import leegality
    from oauth_clients.errors import APIStatusError

    def answer(request):
        if request.path.startswith("/old"):
            return Reply(302, b"", {"Location": "/new/api/v1/oauth2-clients"})
        return Reply(200, {"data": []})

    with local_server(answer) as server:
        with leegality.AuthenticatedClient("t", base_url=server.url + "/old", retry=None) as client:
            with pytest.raises(APIStatusError, match="HTTP 302"):
                leegality.list_oauth2_clients.sync(client=client)
        with leegality.AuthenticatedClient(
            "t", base_url=server.url + "/old", follow_redirects=True
        ) as client:
            assert leegality.list_oauth2_clients.sync(client=client).to_dict() == {"data": []}
