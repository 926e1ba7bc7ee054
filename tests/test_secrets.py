"""No secret reaches repr(), str(), logs or exception messages.

Sentinel strings are planted in every credential and in every field the specs mark `x-secret`
(plus a secret-named member the specs do not know), served over real HTTP from 127.0.0.1, and every
way a user can look at the results is printed and logged; the sentinels must appear nowhere.
"""

from __future__ import annotations

import importlib
import inspect
import logging

import pytest
from support.calls import operation_module, placeholder_arguments, provider_module
from support.mutate import resolve, walk
from support.server import Reply, local_server
from support.specs import examples

from oauth_clients.errors import OAuthClientsError

CREDENTIAL = "CREDENTIAL-SENTINEL-7c1f"
SECRET = "CLIENT-SECRET-SENTINEL-93ab"
EXAMPLES = examples()


def plant_secrets(provider, schema, value):
    if isinstance(value, dict) and "properties" in schema:
        planted = {
            key: SECRET
            if key in schema["properties"] and _is_secret(provider, schema["properties"][key])
            else item
            for key, item in value.items()
        }
        for key, prop in schema["properties"].items():
            if _is_secret(provider, prop):
                planted[key] = SECRET  # also where the example left the secret out
        return {**planted, "clientSecret": SECRET}  # a secret-named member the spec does not list
    return value


def _is_secret(provider, schema):
    return resolve(provider, schema).get("x-secret") is True


def test_the_specs_mark_secrets_in_every_provider_that_has_them():
    marked = {e.provider for e in EXAMPLES if SECRET in str(planted_payload(e))}
    assert {"leegality", "loginradius", "launchdarkly"} <= marked


def planted_payload(example):
    return walk(example.provider, example.schema, example.value, plant_secrets)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
async def test_sentinels_appear_in_no_output(example, capsys, caplog):
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and ours, at their most talkative
    payload = planted_payload(example)
    status = int(example.status)
    module = provider_module(example.provider)
    operation = operation_module(example.provider, example.operation_id)
    arguments = placeholder_arguments(operation)

    with local_server(lambda request: Reply(status, payload)) as server:
        client = module.AuthenticatedClient(CREDENTIAL, base_url=server.url)
        print(repr(client), str(client), client.credential)
        detailed = operation.sync_detailed(client=client, **arguments)
        print(repr(detailed), str(detailed), repr(detailed.parsed), str(detailed.parsed))
        print(detailed.request, repr(detailed.request), detailed.elapsed, detailed.attempts)
        async_detailed = await operation.asyncio_detailed(client=client, **arguments)
        print(repr(async_detailed), async_detailed.request)
        try:
            print(repr(operation.sync(client=client, **arguments)))
        except OAuthClientsError as error:
            print(str(error), repr(error), error.args, getattr(error, "body_excerpt", ""))
            print(getattr(error, "request", None), getattr(error, "request_id", None))
        client.close()
        await client.aclose()
    # The credential did go out, in its own header, on every request (sync and async): the search
    # below is for a value the client really held.
    environments = importlib.import_module(f"oauth_clients_generated.{example.provider}.environments")
    prefix = f"{environments.AUTH_PREFIX} " if environments.AUTH_PREFIX else ""
    assert len(server.requests) >= 3  # a retried status is sent more often
    for request in server.requests:
        assert request.headers[environments.AUTH_HEADER.lower()] == f"{prefix}{CREDENTIAL}"

    schemas = importlib.import_module(f"oauth_clients.{example.provider}.schemas")
    model = getattr(schemas, example.schema_name).model_validate(payload)
    print(repr(model), str(model))

    captured = capsys.readouterr()
    for sentinel in (CREDENTIAL, SECRET):
        assert sentinel not in captured.out
        assert sentinel not in captured.err
        assert sentinel not in caplog.text
    assert SECRET in detailed.content.decode()  # ... though it was in the body all along
    # The search did cover our own request lines (one per request, sync and async).
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients"]
    assert len([line for line in lines if f" -> HTTP {status} in " in line]) >= 2


async def test_the_credential_echoed_into_a_retry_after_stays_out_of_the_retry_line(caplog, capsys):
    from support.faults import Respond, fault_server

    from oauth_clients import RetryPolicy, leegality

    caplog.set_level(logging.DEBUG)
    echoed = Respond(503, {}, {"Retry-After": CREDENTIAL, "X-Request-Id": CREDENTIAL})
    with fault_server(echoed, Respond(200, {"data": []}), echoed, Respond(200, {"data": []})) as server:
        policy = RetryPolicy(initial_backoff=0.01, jitter=0.0)
        async with leegality.AuthenticatedClient(CREDENTIAL, base_url=server.url, retry=policy) as client:
            leegality.list_oauth2_clients.sync(client=client)
            await leegality.list_oauth2_clients.asyncio(client=client)
    retries = [r.getMessage() for r in caplog.records if r.name == "oauth_clients" and r.levelname == "INFO"]
    assert len(retries) == 2 and all("HTTP 503 (Retry-After: ***)" in line for line in retries)
    captured = capsys.readouterr()
    assert CREDENTIAL not in caplog.text + captured.out + captured.err


@pytest.mark.parametrize("provider", ["leegality", "slashid", "loginradius", "launchdarkly"])
def test_credential_stays_out_of_transport_errors(provider):
    from oauth_clients.errors import APIConnectionError

    module = provider_module(provider)
    operation = next(operation_module(provider, e.operation_id) for e in EXAMPLES if e.provider == provider)
    client = module.AuthenticatedClient(CREDENTIAL, base_url="http://127.0.0.1:9", retry=None)
    with pytest.raises(APIConnectionError) as raised:
        operation.sync(client=client, **placeholder_arguments(operation))
    text = f"{raised.value} {raised.value!r} {raised.value.__cause__!r} {client!r}"
    assert CREDENTIAL not in text


def test_secret_attribute_stays_readable():
    from oauth_clients import leegality

    example = next(e for e in EXAMPLES if e.provider == "leegality" and e.status == "200")
    parsed = leegality.OAuth2ClientList.from_dict(planted_payload(example))
    assert SECRET in [client.client_secret for client in parsed.data]


def test_a_redirect_that_echoes_the_credential_is_logged_masked(caplog, capsys):
    from support.faults import Respond, fault_server

    from oauth_clients import leegality

    caplog.set_level(logging.DEBUG)
    moved = Respond(302, b"", {"Location": f"/api/v1/oauth2-clients?key={CREDENTIAL}"})
    with fault_server(moved, Respond(200, {"data": []})) as server:
        with leegality.AuthenticatedClient(
            CREDENTIAL, base_url=server.url, follow_redirects=True, retry=None
        ) as client:
            response = leegality.list_oauth2_clients.sync_detailed(client=client)
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients"]
    assert len(lines) == 2 and lines[1].startswith("GET ") and "key=***" in lines[1], lines
    assert response.request is not None and "key=***" in response.request.url
    captured = capsys.readouterr()
    assert CREDENTIAL not in caplog.text + captured.out + captured.err + repr(response)


# Secrets that writes return: created clients, rotated and reset secrets

SECRET_WRITES = {
    ("leegality", "create_oauth2_client"),
    ("slashid", "create_oauth2_client"),
    ("slashid", "rotate_oauth2_client_secret"),
    ("loginradius", "create_oauth_client"),
    ("loginradius", "reset_oauth_client_secret"),
    ("launchdarkly", "create_oauth2_client"),
}
"""The writes whose success response carries a secret the spec marks, restated from the specs."""


def plant_marked_secrets(provider, schema, value):
    """`plant_secrets` without the unknown member: only the fields the spec marks `x-secret`."""
    if isinstance(value, dict) and "properties" in schema:
        marked = [key for key, prop in schema["properties"].items() if _is_secret(provider, prop)]
        return {**value, **dict.fromkeys(marked, SECRET)}
    return value


def marked_payload(example):
    return walk(example.provider, example.schema, example.value, plant_marked_secrets)


def secret_count(value):
    """How many values of a JSON document are the sentinel secret."""
    if isinstance(value, dict):
        return sum(secret_count(item) for item in value.values())
    if isinstance(value, list):
        return sum(secret_count(item) for item in value)
    return int(value == SECRET)


def attribute_secrets(model):
    """How many declared attributes of a typed model (attrs or pydantic, at any depth) hold the
    sentinel secret, read as a user reads them: `getattr`."""
    import attrs

    if isinstance(model, list):
        return sum(attribute_secrets(item) for item in model)
    if attrs.has(type(model)):
        names = [f.name for f in attrs.fields(type(model)) if f.name != "additional_properties"]
    elif hasattr(type(model), "model_fields"):
        names = list(type(model).model_fields)
    else:
        return int(model == SECRET)
    return sum(attribute_secrets(getattr(model, name)) for name in names)


WRITE_SUCCESSES = [
    e
    for e in EXAMPLES
    if (e.provider, e.operation_id) in SECRET_WRITES
    and e.status.startswith("2")
    and secret_count(marked_payload(e))
]


def test_every_write_that_returns_a_marked_secret_is_listed_and_covered():
    returning = {
        (e.provider, e.operation_id)
        for e in EXAMPLES
        if e.status.startswith("2")
        and not e.operation_id.startswith(("list_", "get_"))
        and e.operation_id.startswith(("create_", "rotate_", "reset_"))
        and secret_count(marked_payload(e))
    }
    assert returning == SECRET_WRITES
    assert {e.provider for e in WRITE_SUCCESSES} == {"leegality", "slashid", "loginradius", "launchdarkly"}


@pytest.mark.parametrize("example", WRITE_SUCCESSES, ids=[e.id for e in WRITE_SUCCESSES])
async def test_a_secret_a_write_returns_is_typed_readable_as_an_attribute_and_masked(example, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    payload = marked_payload(example)
    planted = secret_count(payload)
    operation = operation_module(example.provider, example.operation_id)
    arguments = placeholder_arguments(operation)
    logger = logging.getLogger("an.application")
    with local_server(lambda request: Reply(int(example.status), payload)) as server:
        async with provider_module(example.provider).AuthenticatedClient(
            CREDENTIAL, base_url=server.url
        ) as client:
            models = [
                operation.sync(client=client, **arguments),
                await operation.asyncio(client=client, **arguments),
            ]
    schemas = importlib.import_module(f"oauth_clients.{example.provider}.schemas")
    models.append(getattr(schemas, example.schema_name).model_validate(payload))
    for model in models:
        assert attribute_secrets(model) == planted  # every marked secret, typed and readable
        print(model, repr(model), f"{model!s:>10}", [model], {"created": model})
        logger.info("created %s / %r", model, model)
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err + caplog.text
    assert "***" in captured.out  # masked, not left out


@pytest.mark.parametrize("example", WRITE_SUCCESSES, ids=[e.id for e in WRITE_SUCCESSES])
@pytest.mark.parametrize("function", ["sync", "asyncio"])
async def test_a_write_response_that_does_not_parse_keeps_its_secret_out_of_the_error(example, function):
    # A body of the wrong shape: the same object in an array. The error carries the raw body (it
    # is what the server sent) but its message, excerpt and repr show the secret masked.
    from oauth_clients.errors import ResponseDecodeError

    body = [secrets_first(marked_payload(example))]  # within the excerpt's length
    operation = operation_module(example.provider, example.operation_id)
    with local_server(lambda request: Reply(int(example.status), body)) as server:
        async with provider_module(example.provider).AuthenticatedClient(
            CREDENTIAL, base_url=server.url, retry=None
        ) as client:
            call = getattr(operation, function)
            arguments = placeholder_arguments(operation)
            with pytest.raises(ResponseDecodeError) as raised:
                await asyncio_or_sync(call, client=client, **arguments)
    error = raised.value
    assert SECRET in error.body.decode()
    assert SECRET not in f"{error} {error!r} {error.args} {error.body_excerpt} {error.problem}"
    assert "***" in error.body_excerpt  # masked where it stood, not cut off


async def asyncio_or_sync(call, **arguments):
    """`call(**arguments)`, awaited when it is a coroutine function."""
    result = call(**arguments)
    return await result if inspect.isawaitable(result) else result


def secrets_first(value):
    """The same JSON, each object's members holding a secret first."""
    if isinstance(value, dict):
        members = sorted(value.items(), key=lambda member: secret_count(member[1]) == 0)
        return {key: secrets_first(item) for key, item in members}
    return value
