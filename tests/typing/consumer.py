"""A small application written as a user would write it: type-checked in strict mode, never run.

It calls every operation of every provider through `oauth_clients`, sync and async, plain and
detailed, and pins the result types. `nox -s typecheck` checks it against the source tree and
`nox -s package` against the installed wheel.
"""

from __future__ import annotations

import asyncio
import datetime
from typing import assert_type

import httpx

import oauth_clients
from oauth_clients import RequestInfo, RetryPolicy, launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    ClientClosedError,
    NotFoundError,
    OAuthClientsError,
    OutcomeUnknownError,
)


def leegality_clients() -> list[str]:
    client = leegality.AuthenticatedClient(
        "token", environment="sandbox", timeout=10, retry=RetryPolicy(max_attempts=5)
    )
    result = leegality.list_oauth2_clients.sync(client=client)
    assert_type(result, leegality.OAuth2ClientList)
    detailed = leegality.list_oauth2_clients.sync_detailed(client=client)
    assert_type(
        detailed,
        leegality.Response[
            leegality.OAuth2ClientList | leegality.ErrorResponse401 | leegality.ErrorResponse500
        ],
    )
    states: list[leegality.OAuth2ClientState] = []
    ids: list[str] = []
    if not isinstance(result.data, leegality.Unset):
        for vo in result.data:
            assert_type(vo, leegality.OAuth2ClientVO)
            if isinstance(vo.state, str):
                states.append(vo.state)
            if isinstance(vo.client_id, str):
                ids.append(vo.client_id)
    return ids


def slashid_client(org: str) -> slashid.OAuth2Client | None:
    with slashid.AuthenticatedClient("key", environment="production") as client:
        listing = slashid.list_oauth2_clients.sync(client=client, org_id=org)
        assert_type(listing, slashid.OAuth2ClientListResponse)
        try:
            one = slashid.get_oauth2_client.sync("client-1", client=client, org_id=org)
        except NotFoundError as error:
            assert_type(error.status_code, int)
            return None
        assert_type(one, slashid.OAuth2ClientResponse)
        detailed = slashid.get_oauth2_client.sync_detailed("client-1", client=client, org_id=org)
        assert_type(detailed.parsed, slashid.OAuth2ClientResponse | slashid.ErrorResponse | None)
        if not isinstance(one.result, slashid.Unset):
            grants: list[slashid.GrantType] | slashid.Unset = one.result.grant_types
            response_types: list[list[slashid.ResponseType]] | slashid.Unset = one.result.response_types
            del grants, response_types
            return one.result
    return None


def loginradius_names() -> list[str]:
    client = loginradius.AuthenticatedClient("m2m-token")
    try:
        listing = loginradius.list_oauth_clients.sync(client=client)
    except APIStatusError as error:
        assert_type(error.parsed, object)
        return []
    assert_type(listing, loginradius.OAuthClientList)
    detailed = loginradius.list_oauth_clients.sync_detailed(client=client)
    assert_type(detailed.status_code, int)
    names: list[str] = []
    if not isinstance(listing.data, loginradius.Unset):
        for item in listing.data:
            assert_type(item, loginradius.OAuthClient)
            if isinstance(item.app_name, str):
                names.append(item.app_name)
    return names


async def everything_async(org: str) -> None:
    async with (
        leegality.AuthenticatedClient("t") as lee,
        slashid.AuthenticatedClient("k", environment="sandbox") as sid,
        loginradius.AuthenticatedClient("m") as lr,
        launchdarkly.AuthenticatedClient("api-key", environment="eu") as ld,
    ):
        try:
            results = await asyncio.gather(
                leegality.list_oauth2_clients.asyncio(client=lee),
                slashid.list_oauth2_clients.asyncio(client=sid, org_id=org),
                slashid.get_oauth2_client.asyncio("c", client=sid, org_id=org),
                loginradius.list_oauth_clients.asyncio(client=lr),
                launchdarkly.get_oauth2_client.asyncio("c", client=ld),
            )
        except APIError:
            return
        except OAuthClientsError:
            return
        assert_type(results[0], leegality.OAuth2ClientList)
        assert_type(results[4], launchdarkly.OAuthClient)
        detailed = await launchdarkly.get_oauth2_client.asyncio_detailed("c", client=ld)
        assert_type(detailed.parsed, launchdarkly.OAuthClient | launchdarkly.ErrorRep | None)
        await leegality.list_oauth2_clients.asyncio_detailed(client=lee)
        await slashid.list_oauth2_clients.asyncio_detailed(client=sid, org_id=org)
        await slashid.get_oauth2_client.asyncio_detailed("c", client=sid, org_id=org)
        await loginradius.list_oauth_clients.asyncio_detailed(client=lr)


def launchdarkly_client(client_id: str) -> str:
    client = launchdarkly.AuthenticatedClient("api-key", environment="federal")
    record = launchdarkly.get_oauth2_client.sync(client_id, client=client)
    assert_type(record, launchdarkly.OAuthClient)
    assert_type(record.client_id, str)
    assert_type(record.creation_date, int)
    assert_type(record.client_secret, str | None | launchdarkly.Unset)
    links = record.links
    assert_type(links.additional_properties, dict[str, launchdarkly.Link])
    return record.name


def environments() -> None:
    env: slashid.Environment = "sandbox"
    assert_type(launchdarkly.BASE_URLS["eu"], str)
    slashid.AuthenticatedClient("k", environment=env, timeout=10.0, headers={"User-Agent": "consumer"})


async def inventory(key: str, ld_key: str) -> list[str]:
    from oauth_clients.inventory import (
        ClientRecord,
        IncompleteListing,
        InventoryResult,
        LaunchDarklySource,
        SlashIDSource,
        collect,
    )

    result = await collect(
        [
            SlashIDSource(slashid.AuthenticatedClient(key), org_id="org"),
            SlashIDSource(slashid.AuthenticatedClient(key), org_id="other-org", account="eu"),
            LaunchDarklySource(launchdarkly.AuthenticatedClient(ld_key), client_ids=("c1", "c2")),
            LaunchDarklySource(launchdarkly.AuthenticatedClient(ld_key)),  # every client: the listing
        ]
    )
    assert_type(result, InventoryResult)
    lines: list[str] = []
    for record in result.records:
        assert_type(record, ClientRecord)
        assert_type(record.created_at, datetime.datetime | None)
        assert_type(record.grant_types, tuple[str, ...])
        lines.append(f"{record.provider} {record.client_id} {record.client_type}")
        assert_type(record.account, str | None)
    for failure in result.failures:
        assert_type(failure.error, Exception)
        assert_type(failure.index, int | None)
        lines.append(f"{failure}{'' if failure.expected else ' (a bug)'}")
    for listing in result.incomplete:
        assert_type(listing.incomplete, IncompleteListing | None)
        lines.append(f"{listing.label}: {listing.incomplete}")
    return lines


def runtime_surface(org: str) -> list[str]:
    """Identification, the caller's own httpx client, event hooks, response and error metadata."""
    assert_type(oauth_clients.__version__, str)
    lines: list[str] = []

    def on_request(request: httpx.Request) -> None:
        lines.append(f"{request.method} {request.url}")

    with httpx.Client(headers={"User-Agent": "my-app/1"}) as http:
        client = slashid.AuthenticatedClient(
            "key", org_id=org, http_client=http, event_hooks={"request": [on_request]}
        )
        assert_type(client.get_httpx_client(), httpx.Client)
        detailed = slashid.list_oauth2_clients.sync_detailed(
            client=client, timeout=5.0, extra_headers={"X-Trace": "1"}
        )
        assert_type(detailed.request, RequestInfo | None)
        assert_type(detailed.elapsed, datetime.timedelta)
        assert_type(detailed.attempts, int)
        if detailed.request is not None:
            assert_type(detailed.request.method, str)
            assert_type(detailed.request.url, str)
        try:
            slashid.get_oauth2_client.sync("c", client=client)
        except APIStatusError as error:
            assert_type(error.request_id, str | None)
            assert_type(error.request, RequestInfo | None)
            assert_type(slashid.get_oauth2_client.parsed_error(error), slashid.ErrorResponse | None)
        except APIConnectionError as error:
            assert_type(error.request, RequestInfo | None)
        client.close()
        assert_type(client.is_closed, bool)
        try:
            slashid.list_oauth2_clients.sync(client=client)
        except ClientClosedError as error:
            lines.append(str(error))
    lee = leegality.AuthenticatedClient("t", async_http_client=httpx.AsyncClient())
    try:
        leegality.list_oauth2_clients.sync(client=lee)
    except APIStatusError as error:
        assert_type(
            leegality.list_oauth2_clients.parsed_error(error),
            leegality.ErrorResponse401 | leegality.ErrorResponse500 | None,
        )
    return lines


def launchdarkly_writes() -> str | None:
    """Create, list, patch (typed JSON Patch) and delete; the secret only in the create response."""
    with launchdarkly.AuthenticatedClient("api-key") as client:
        created = launchdarkly.create_oauth2_client.sync(
            client=client, body=launchdarkly.OauthClientPost(name="ci", redirect_uri="https://ci.example/cb")
        )
        assert_type(created, launchdarkly.OAuthClient)
        secret = created.client_secret
        assert_type(secret, str | None | launchdarkly.Unset)
        listing = launchdarkly.list_oauth2_clients.sync(client=client)
        assert_type(listing, launchdarkly.ClientCollection)
        assert_type(listing.items, list[launchdarkly.OAuthClient])
        op: launchdarkly.PatchOperationOp = "replace"
        path: launchdarkly.PatchOperationPath = "/name"
        patch = [launchdarkly.PatchOperation(op=op, path=path, value="renamed")]
        # Only the documented operations and paths type-check:
        launchdarkly.PatchOperation(op="move", path="/name")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        launchdarkly.PatchOperation(op="add", path="/_clientId")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        updated = launchdarkly.update_oauth2_client.sync(created.client_id, client=client, body=patch)
        assert_type(updated, launchdarkly.OAuthClient)
        assert_type(launchdarkly.delete_oauth2_client.sync(created.client_id, client=client), None)
        assert_type(
            launchdarkly.delete_oauth2_client.sync_detailed(created.client_id, client=client).parsed,
            launchdarkly.ErrorRep | None,
        )
        launchdarkly.list_oauth2_clients.sync_detailed(client=client)
        launchdarkly.create_oauth2_client.sync_detailed(client=client, body=launchdarkly.OauthClientPost())
        launchdarkly.update_oauth2_client.sync_detailed("c", client=client, body=patch)
    return secret if isinstance(secret, str) else None


def slashid_writes(org: str) -> str:
    """Create (the secret, once), update, rotate (never repeated automatically) and delete."""
    client = slashid.AuthenticatedClient("admin-key", org_id=org)
    body = slashid.PostOAuth2ClientRequest(
        client_name="ci", scopes=["openid"], grant_types=["client_credentials"]
    )
    created = slashid.create_oauth2_client.sync(client=client, body=body)
    assert_type(created, slashid.CreatedOAuth2ClientResponse)
    assert_type(created.result.client_secret, str)
    client_id = created.result.client_id
    patch = slashid.PatchOAuth2ClientRequest(client_name="renamed")
    assert_type(
        slashid.update_oauth2_client.sync(client_id, client=client, body=patch), slashid.OAuth2ClientResponse
    )
    try:
        rotated = slashid.rotate_oauth2_client_secret.sync(client_id, client=client)
    except OutcomeUnknownError as error:
        assert_type(error.timed_out, bool)
        return "unknown: read the client again before rotating twice"
    assert_type(rotated, slashid.NewOAuth2ClientSecretResponse)
    assert_type(slashid.delete_oauth2_client.sync(client_id, client=client, org_id=org), None)
    slashid.create_oauth2_client.sync_detailed(client=client, body=body, required_consistency="all_regions")
    slashid.update_oauth2_client.sync_detailed(client_id, client=client, body=patch)
    slashid.rotate_oauth2_client_secret.sync_detailed(client_id, client=client)
    slashid.delete_oauth2_client.sync_detailed(client_id, client=client)
    return rotated.result.client_secret


def loginradius_writes() -> str | None:
    """Clients are addressed by app name; the reset returns the new secret."""
    client = loginradius.AuthenticatedClient("m2m-token")
    method: loginradius.TokenAuthMethod = "client_secret_basic"
    created = loginradius.create_oauth_client.sync(
        client=client, body=loginradius.CreateOAuthClientRequest(app_name="ci", token_auth_method=method)
    )
    assert_type(created, loginradius.OAuthClient)
    updated = loginradius.update_oauth_client.sync(
        "ci", client=client, body=loginradius.OAuthClientRequest(description="CI")
    )
    assert_type(updated, loginradius.OAuthClient)
    reset = loginradius.reset_oauth_client_secret.sync("ci", client=client)
    assert_type(reset, loginradius.OAuthClientSecretResetResponse)
    assert_type(reset.client_secret, str | loginradius.Unset)
    deleted = loginradius.delete_oauth_client.sync("ci", client=client)
    assert_type(deleted.is_deleted, bool | loginradius.Unset)
    detailed = loginradius.reset_oauth_client_secret.sync_detailed("ci", client=client)
    assert_type(
        detailed.parsed, loginradius.OAuthClientSecretResetResponse | loginradius.ErrorResponse | None
    )
    loginradius.create_oauth_client.sync_detailed(
        client=client, body=loginradius.CreateOAuthClientRequest(app_name="ci", token_auth_method="none")
    )
    loginradius.update_oauth_client.sync_detailed("ci", client=client, body=loginradius.OAuthClientRequest())
    loginradius.delete_oauth_client.sync_detailed("ci", client=client)
    return reset.client_secret if isinstance(reset.client_secret, str) else None


def leegality_writes(record_id: str) -> bool | None:
    """Create and delete; enable through set_state (reads, toggles only when the state differs)."""
    client = leegality.AuthenticatedClient("token")
    created = leegality.create_oauth2_client.sync(
        client=client, body=leegality.CreateOAuth2ClientRequest(client_id="ci-client")
    )
    assert_type(created, leegality.OAuth2ClientCreatedResponse)
    change = leegality.set_state(client, record_id, enabled=True, timeout=10.0)
    assert_type(change, leegality.StateChange)
    assert_type(change.client, leegality.OAuth2ClientVO)
    assert_type(change.toggled, bool)
    try:
        leegality.set_state(client, "unknown", enabled=False)
    except leegality.ClientNotListedError as error:
        assert_type(error.id, str)
    except leegality.UnknownStateError as error:
        assert_type(error.state, str | None)
    except OutcomeUnknownError:
        pass  # the toggle may or may not have happened: read the state again
    toggled = leegality.toggle_oauth2_client_state.sync(record_id, client=client)  # flips: unsafe to repeat
    assert_type(toggled, leegality.OAuth2ClientToggleStateResponse)
    assert_type(
        leegality.delete_oauth2_client.sync(record_id, client=client), leegality.OAuth2ClientDeletedResponse
    )
    leegality.create_oauth2_client.sync_detailed(client=client, body=leegality.CreateOAuth2ClientRequest("x"))
    leegality.toggle_oauth2_client_state.sync_detailed(record_id, client=client)
    leegality.delete_oauth2_client.sync_detailed(record_id, client=client)
    return change.enabled


async def writes_async(org: str, record_id: str) -> None:
    """Every write, asyncio and asyncio_detailed."""
    async with (
        leegality.AuthenticatedClient("t") as lee,
        slashid.AuthenticatedClient("k", org_id=org) as sid,
        loginradius.AuthenticatedClient("m") as lr,
        launchdarkly.AuthenticatedClient("api-key") as ld,
    ):
        change = await leegality.aset_state(lee, record_id, enabled=False)
        assert_type(change, leegality.StateChange)
        lee_body = leegality.CreateOAuth2ClientRequest(client_id="c")
        assert_type(
            await leegality.create_oauth2_client.asyncio(client=lee, body=lee_body),
            leegality.OAuth2ClientCreatedResponse,
        )
        await leegality.create_oauth2_client.asyncio_detailed(client=lee, body=lee_body)
        await leegality.toggle_oauth2_client_state.asyncio(record_id, client=lee)
        await leegality.toggle_oauth2_client_state.asyncio_detailed(record_id, client=lee)
        await leegality.delete_oauth2_client.asyncio(record_id, client=lee)
        await leegality.delete_oauth2_client.asyncio_detailed(record_id, client=lee)

        sid_body = slashid.PostOAuth2ClientRequest(client_name="c", scopes=[], grant_types=["refresh_token"])
        created = await slashid.create_oauth2_client.asyncio(client=sid, body=sid_body)
        assert_type(created.result, slashid.OAuth2ClientWithSecret)
        await slashid.create_oauth2_client.asyncio_detailed(client=sid, body=sid_body)
        sid_patch = slashid.PatchOAuth2ClientRequest(scopes=["openid"])
        await slashid.update_oauth2_client.asyncio("c", client=sid, body=sid_patch)
        await slashid.update_oauth2_client.asyncio_detailed("c", client=sid, body=sid_patch)
        rotated = await slashid.rotate_oauth2_client_secret.asyncio("c", client=sid)
        assert_type(rotated.result.client_secret, str)
        await slashid.rotate_oauth2_client_secret.asyncio_detailed("c", client=sid)
        assert_type(await slashid.delete_oauth2_client.asyncio("c", client=sid), None)
        await slashid.delete_oauth2_client.asyncio_detailed("c", client=sid)

        lr_body = loginradius.CreateOAuthClientRequest(app_name="c", token_auth_method="client_secret_post")
        await loginradius.create_oauth_client.asyncio(client=lr, body=lr_body)
        await loginradius.create_oauth_client.asyncio_detailed(client=lr, body=lr_body)
        await loginradius.update_oauth_client.asyncio("c", client=lr, body=loginradius.OAuthClientRequest())
        await loginradius.update_oauth_client.asyncio_detailed(
            "c", client=lr, body=loginradius.OAuthClientRequest()
        )
        await loginradius.reset_oauth_client_secret.asyncio("c", client=lr)
        await loginradius.reset_oauth_client_secret.asyncio_detailed("c", client=lr)
        await loginradius.delete_oauth_client.asyncio("c", client=lr)
        await loginradius.delete_oauth_client.asyncio_detailed("c", client=lr)

        listing = await launchdarkly.list_oauth2_clients.asyncio(client=ld)
        assert_type(listing, launchdarkly.ClientCollection)
        await launchdarkly.list_oauth2_clients.asyncio_detailed(client=ld)
        ld_body = launchdarkly.OauthClientPost(name="c")
        await launchdarkly.create_oauth2_client.asyncio(client=ld, body=ld_body)
        await launchdarkly.create_oauth2_client.asyncio_detailed(client=ld, body=ld_body)
        remove = [launchdarkly.PatchOperation(op="remove", path="/description")]
        await launchdarkly.update_oauth2_client.asyncio("c", client=ld, body=remove)
        await launchdarkly.update_oauth2_client.asyncio_detailed("c", client=ld, body=remove)
        await launchdarkly.delete_oauth2_client.asyncio("c", client=ld)
        await launchdarkly.delete_oauth2_client.asyncio_detailed("c", client=ld)
