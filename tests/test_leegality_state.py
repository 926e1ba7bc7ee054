"""`oauth_clients.leegality.set_state` / `aset_state` against a local Leegality that keeps state:
the toggle is sent only when the state differs, never for an unknown client or state, never twice."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import pytest
from support.faults import Reset, Respond, fault_server
from support.server import Recorded, Reply, local_server
from support.specs import examples

from oauth_clients import RetryPolicy, leegality
from oauth_clients.errors import OAuthClientsError, OutcomeUnknownError

LISTING = next(
    e.value
    for e in examples()
    if (e.provider, e.operation_id, e.status, e.name)
    == ("leegality", "list_oauth2_clients", "200", "sampleResponse")
)
TOGGLED = next(
    e.value
    for e in examples()
    if (e.provider, e.operation_id, e.status) == ("leegality", "toggle_oauth2_client_state", "200")
)
LIST_PATH = "/api/v1/oauth2-clients"
RECORD_ID = LISTING["data"][0]["id"]
POLICY = RetryPolicy(max_attempts=3, initial_backoff=0.001, jitter=0.0)


class Leegality:
    """A Leegality organization with one client in `state`: the listing shows it, the toggle flips it."""

    def __init__(self, state: str | None) -> None:
        self.listing = copy.deepcopy(LISTING)
        self.listing["data"] = self.listing["data"][:1]
        if state is None:
            del self.listing["data"][0]["state"]
        else:
            self.listing["data"][0]["state"] = state

    def answer(self, request: Recorded) -> Reply:
        if (request.method, request.path) == ("GET", LIST_PATH):
            return Reply(200, self.listing)
        if (request.method, request.path) == ("PATCH", f"{LIST_PATH}/{RECORD_ID}/toggle-state"):
            item = self.listing["data"][0]
            item["state"] = "SUSPENDED" if item["state"] == "ACTIVE" else "ACTIVE"
            return Reply(200, {**TOGGLED, "data": {"id": RECORD_ID}})
        return Reply(404, {"message": f"no route {request.method} {request.path}"})


async def set_state(
    function: str, url: str, id: str, *, enabled: bool, **options: Any
) -> leegality.StateChange:
    with leegality.AuthenticatedClient("token", base_url=url, retry=POLICY) as client:
        if function == "sync":
            return leegality.set_state(client, id, enabled=enabled, **options)
        async with client:
            return await leegality.aset_state(client, id, enabled=enabled, **options)


def calls(requests: list[Recorded]) -> list[str]:
    return [f"{r.method} {r.path}" for r in requests]


FUNCTIONS = pytest.mark.parametrize("function", ["sync", "asyncio"])
TOGGLE = f"PATCH {LIST_PATH}/{RECORD_ID}/toggle-state"


@FUNCTIONS
@pytest.mark.parametrize(("state", "enabled"), [("ACTIVE", True), ("SUSPENDED", False)])
async def test_a_client_already_in_the_state_is_not_toggled(function, state, enabled):
    vendor = Leegality(state)
    with local_server(vendor.answer) as server:
        change = await set_state(function, server.url, RECORD_ID, enabled=enabled)
    assert calls(server.requests) == [f"GET {LIST_PATH}"]
    assert change.toggled is False and change.enabled is enabled and change.client.state == state
    assert change.client.id == RECORD_ID


@FUNCTIONS
@pytest.mark.parametrize(("state", "enabled"), [("SUSPENDED", True), ("ACTIVE", False)])
async def test_a_client_in_the_other_state_is_toggled_once_and_read_again(function, state, enabled):
    vendor = Leegality(state)
    with local_server(vendor.answer) as server:
        change = await set_state(
            function, server.url, RECORD_ID, enabled=enabled, extra_headers={"X-Trace": "t"}
        )
    assert calls(server.requests) == [f"GET {LIST_PATH}", TOGGLE, f"GET {LIST_PATH}"]
    assert all(r.headers["x-trace"] == "t" for r in server.requests)  # the options reach every call
    assert change.toggled is True and change.enabled is enabled
    assert change.client.state == ("ACTIVE" if enabled else "SUSPENDED")


@FUNCTIONS
async def test_the_state_read_after_the_toggle_is_what_is_returned(function):
    # Another actor toggles the client back between our toggle and our second read: the race is
    # reported as it is (StateChange.enabled), never "fixed" by a second toggle.
    vendor = Leegality("SUSPENDED")

    def racing(request: Recorded) -> Reply:
        reply = vendor.answer(request)
        if request.method == "PATCH":
            vendor.answer(request)  # the other actor's toggle
        return reply

    with local_server(racing) as server:
        change = await set_state(function, server.url, RECORD_ID, enabled=True)
    assert calls(server.requests).count(TOGGLE) == 1
    assert change.toggled is True and change.enabled is False


@FUNCTIONS
async def test_an_unknown_id_is_a_typed_error_naming_it_and_nothing_is_toggled(function):
    vendor = Leegality("SUSPENDED")
    with local_server(vendor.answer) as server:
        with pytest.raises(leegality.ClientNotListedError) as raised:
            await set_state(function, server.url, "no-such-id", enabled=True)
    assert calls(server.requests) == [f"GET {LIST_PATH}"]
    assert isinstance(raised.value, OAuthClientsError) and isinstance(raised.value, LookupError)
    assert raised.value.id == "no-such-id" and raised.value.toggled is False
    assert "'no-such-id'" in str(raised.value) and "clientId" not in str(raised.value)


@FUNCTIONS
async def test_a_client_id_instead_of_the_record_id_is_named_as_such(function):
    vendor = Leegality("SUSPENDED")
    client_id = vendor.listing["data"][0]["clientId"]
    with local_server(vendor.answer) as server:
        with pytest.raises(leegality.ClientNotListedError, match="it is a clientId: pass the record's id"):
            await set_state(function, server.url, client_id, enabled=True)
    assert TOGGLE not in calls(server.requests)


@FUNCTIONS
@pytest.mark.parametrize("state", ["ARCHIVED", None])
async def test_a_state_that_is_neither_is_never_toggled(function, state):
    vendor = Leegality(state)
    with local_server(vendor.answer) as server:
        with pytest.raises(leegality.UnknownStateError) as raised:
            await set_state(function, server.url, RECORD_ID, enabled=True)
    assert calls(server.requests) == [f"GET {LIST_PATH}"]
    assert raised.value.state == state and isinstance(raised.value, ValueError)
    assert "no toggle was sent" in str(raised.value)


@FUNCTIONS
async def test_a_toggle_without_an_answer_is_sent_once_and_is_an_unknown_outcome(function):
    listing = copy.deepcopy(LISTING)
    listing["data"][0]["state"] = "SUSPENDED"
    with fault_server(Respond(200, listing), Reset(), Reset(), Reset()) as server:
        with pytest.raises(OutcomeUnknownError) as raised:
            await set_state(function, server.url, RECORD_ID, enabled=True)
    assert [f"{r.method} {r.path}" for r in server.requests] == [f"GET {LIST_PATH}", TOGGLE]
    assert raised.value.attempts == 1 and "may or may not have happened" in str(raised.value)


@FUNCTIONS
async def test_a_toggle_answered_503_is_not_repeated(function):
    listing = copy.deepcopy(LISTING)
    listing["data"][0]["state"] = "ACTIVE"
    with fault_server(Respond(200, listing), Respond(503, {}), Respond(503, {})) as server:
        with pytest.raises(OAuthClientsError):
            await set_state(function, server.url, RECORD_ID, enabled=False)
    assert server.count == 2


def test_importing_the_helpers_loads_no_operation_nor_model():
    probe = (
        "import sys\nfrom oauth_clients.leegality import set_state, aset_state, StateChange\n"
        "print(sorted(m for m in sys.modules if '.api.' in m or '.models.' in m))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
