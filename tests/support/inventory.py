"""One local HTTP server that plays all four providers, each answering as a test scripts it,
and a server that never answers (for timeouts)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.inventory import (
    ClientRecord,
    LaunchDarklySource,
    LeegalitySource,
    LoginRadiusSource,
    SlashIDSource,
    Source,
    from_launchdarkly,
)
from support.server import LocalServer, Recorded, Reply, local_server
from support.specs import examples

# Each provider's path, restated from the specs.
PATHS = {
    "leegality": "/api/v1/oauth2-clients",
    "slashid": "/oauth2/clients",
    "loginradius": "/v2/manage/oauth-clients",
    "launchdarkly": "/api/v2/oauth/clients",  # the listing; + "/" + the client ID for one client
}
ORG_ID = "org-42"


def success_example(provider: str, operation_id: str, name: str | None = None) -> Any:
    return next(
        e.value
        for e in examples()
        if (e.provider, e.operation_id, e.status) == (provider, operation_id, "200")
        and name in (None, e.name)
    )


BODIES = {
    "leegality": success_example("leegality", "list_oauth2_clients", "sampleResponse"),
    "slashid": success_example("slashid", "list_oauth2_clients"),
    "loginradius": success_example("loginradius", "list_oauth_clients"),
    "launchdarkly": success_example("launchdarkly", "get_oauth2_client"),
}
"""What each provider answers by default: its spec's 200 example (LaunchDarkly: of one client)."""
LAUNCHDARKLY_LISTING = success_example("launchdarkly", "list_oauth2_clients")
"""What LaunchDarkly's listing answers by default: its spec's 200 example."""
ERROR_BODIES = {
    (e.provider, e.status): e.value
    for e in examples()
    if e.status != "200" and e.operation_id.startswith(("list_", "get_"))
}
"""The specs' error examples of the operations the inventory calls, by (provider, status)."""

Answer = Callable[[Recorded], Reply]


def provider_of(path: str) -> str:
    for provider, prefix in PATHS.items():
        if path == prefix or (provider == "launchdarkly" and path.startswith(prefix + "/")):
            return provider
    raise AssertionError(f"no provider serves {path}")


def example_body(provider: str, path: str = "") -> Any:
    """The spec's 200 example for the provider's listing (LaunchDarkly: for the client ID in `path`)."""
    if provider == "launchdarkly" and path == PATHS["launchdarkly"]:
        return LAUNCHDARKLY_LISTING
    if provider == "launchdarkly":
        return {**BODIES["launchdarkly"], "_clientId": path.rsplit("/", 1)[-1]}
    return BODIES[provider]


def ok(request: Recorded) -> Reply:
    return Reply(200, example_body(provider_of(request.path), request.path))


def launchdarkly_without(client_id: str) -> Answer:
    """LaunchDarkly answering its documented 404 for `client_id`, and its examples for the rest."""

    def answer(request: Recorded) -> Reply:
        if request.path.endswith(f"/{client_id}"):
            return Reply(404, ERROR_BODIES[("launchdarkly", "404")])
        return ok(request)

    return answer


def launchdarkly_adapter_failing_for(client_id: str) -> Callable[..., ClientRecord]:
    """`from_launchdarkly` with a bug (RuntimeError "a bug in an adapter") for `client_id` only: to
    put in place of `oauth_clients.inventory.sources.from_launchdarkly`."""

    def adapt(model: launchdarkly.OAuthClient, *, account: str | None = None) -> ClientRecord:
        if model.client_id == client_id:
            raise RuntimeError("a bug in an adapter")
        return from_launchdarkly(model, account=account)

    return adapt


def after(seconds: float, answer: Answer = ok) -> Answer:
    def delayed(request: Recorded) -> Reply:
        time.sleep(seconds)
        return answer(request)

    return delayed


@contextmanager
def providers_server(**answers: Answer) -> Iterator[LocalServer]:
    """A server answering each provider with `answers[provider]` (default: its spec example)."""

    def route(request: Recorded) -> Reply:
        return answers.get(provider_of(request.path), ok)(request)

    with local_server(route) as server:
        yield server


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never answers: reads time out."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


def all_sources(
    url: str,
    *,
    client_ids: tuple[str, ...] | None = ("ld-1",),
    timeout: float = 5.0,
    token: str = "token",
    urls: dict[str, str] | None = None,
) -> list[Source]:
    """A source per provider, all served at `url` but for the providers given in `urls`
    (LaunchDarkly: the clients `client_ids`, or its listing for None)."""
    where = {provider: url for provider in PATHS} | (urls or {})

    def options(provider: str) -> dict[str, Any]:
        return {"base_url": where[provider], "timeout": timeout}

    return [
        LeegalitySource(leegality.AuthenticatedClient(token, **options("leegality"))),
        SlashIDSource(slashid.AuthenticatedClient(token, **options("slashid")), org_id=ORG_ID),
        LoginRadiusSource(loginradius.AuthenticatedClient(token, **options("loginradius"))),
        LaunchDarklySource(
            launchdarkly.AuthenticatedClient(token, **options("launchdarkly")), client_ids=client_ids
        ),
    ]
