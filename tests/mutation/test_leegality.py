"""`leegality.set_state` / `aset_state` at their edges: the exact words of their errors, a client
that vanishes from the listing after the toggle, a listing without data, the state of a
`StateChange` for a state that is neither, and `timeout` / `deadline` reaching each of the three
calls (the listing before, the toggle, the listing after), against a local server that stops
answering at the call in question."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from support.faults import Hang, Respond, fault_server
from support.server import Recorded, Reply, local_server
from test_leegality_state import LISTING, RECORD_ID, TOGGLED, Leegality

from oauth_clients import leegality
from oauth_clients.errors import APITimeoutError, OutcomeUnknownError

FUNCTIONS = pytest.mark.parametrize("function", ["sync", "asyncio"])


async def set_state(function: str, url: str, id: str, *, enabled: bool, client: Any = None, **options: Any):
    api = client or leegality.AuthenticatedClient("token", base_url=url, retry=None)
    with api:
        if function == "sync":
            return leegality.set_state(api, id, enabled=enabled, **options)
        async with api:
            return await leegality.aset_state(api, id, enabled=enabled, **options)


def listing(state: str | None = "SUSPENDED") -> dict[str, Any]:
    body = copy.deepcopy(LISTING)
    body["data"] = body["data"][:1]
    body["data"][0]["state"] = state
    return body


@FUNCTIONS
async def test_the_errors_of_an_unknown_id_say_what_was_asked_and_done(function):
    vendor = Leegality("SUSPENDED")
    client_id = vendor.listing["data"][0]["clientId"]
    with local_server(vendor.answer) as server:
        with pytest.raises(leegality.ClientNotListedError) as unknown:
            await set_state(function, server.url, "no-such-id", enabled=True)
        with pytest.raises(leegality.ClientNotListedError) as mistaken:
            await set_state(function, server.url, client_id, enabled=True)
    assert str(unknown.value) == "set_state: no OAuth2 client with id 'no-such-id' in the listing"
    assert str(mistaken.value) == (
        f"set_state: no OAuth2 client with id {client_id!r} in the listing "
        "(it is a clientId: pass the record's id, OAuth2ClientVO.id)"
    )
    assert (mistaken.value.id, mistaken.value.toggled) == (client_id, False)


@FUNCTIONS
async def test_a_client_that_vanishes_after_the_toggle_is_named_as_such(function):
    vendor = Leegality("SUSPENDED")

    def vanishing(request: Recorded) -> Reply:
        reply = vendor.answer(request)
        if request.method == "PATCH":
            vendor.listing["data"] = []
        return reply

    with local_server(vanishing) as server:
        with pytest.raises(leegality.ClientNotListedError) as raised:
            await set_state(function, server.url, RECORD_ID, enabled=True)
    assert [r.method for r in server.requests] == ["GET", "PATCH", "GET"]
    assert (raised.value.id, raised.value.toggled) == (RECORD_ID, True)
    assert str(raised.value) == (
        f"set_state: after the toggle was sent, no OAuth2 client with id {RECORD_ID!r} in the listing"
    )


@FUNCTIONS
async def test_a_listing_without_data_lists_no_client(function):
    with fault_server(Respond(200, {"status": 1})) as server:
        with pytest.raises(leegality.ClientNotListedError) as raised:
            await set_state(function, server.url, RECORD_ID, enabled=False)
    assert str(raised.value) == f"set_state: no OAuth2 client with id {RECORD_ID!r} in the listing"


@FUNCTIONS
@pytest.mark.parametrize(
    ("state", "shown"), [("ARCHIVED", "state 'ARCHIVED'"), (None, "no state"), ("active", "state 'active'")]
)
async def test_a_state_that_is_neither_is_named_in_the_error(function, state, shown):
    with local_server(Leegality(state).answer) as server:
        with pytest.raises(leegality.UnknownStateError) as raised:
            await set_state(function, server.url, RECORD_ID, enabled=False)
    assert str(raised.value) == (
        f"set_state: client {RECORD_ID!r} has {shown}, neither ACTIVE nor SUSPENDED: no toggle was sent"
    )
    assert (raised.value.id, raised.value.state) == (RECORD_ID, state)


@pytest.mark.parametrize(("state", "enabled"), [("ACTIVE", True), ("SUSPENDED", False), ("ARCHIVED", None)])
def test_the_state_of_a_change_is_read_from_its_client(state, enabled):
    client = leegality.OAuth2ClientVO.from_dict({**LISTING["data"][0], "state": state})
    assert leegality.StateChange(client, toggled=False).enabled is enabled
    unset = leegality.OAuth2ClientVO.from_dict({k: v for k, v in LISTING["data"][0].items() if k != "state"})
    assert leegality.StateChange(unset, toggled=True).enabled is None


# The n-th request hangs; the client's own bounds are long (timeout 10 s, deadline 2 s), the call's
# short: the error says which bound ended the call.
SCRIPTS = {
    "listing-before": (Hang(),),
    "toggle": (Respond(200, listing("SUSPENDED")), Hang()),
    "listing-after": (
        Respond(200, listing("SUSPENDED")),
        Respond(200, {**TOGGLED, "data": {"id": RECORD_ID}}),
        Hang(),
    ),
}


@FUNCTIONS
@pytest.mark.parametrize("hangs", SCRIPTS)
@pytest.mark.parametrize("bound", ["timeout", "deadline"])
async def test_the_calls_bounds_reach_each_of_its_requests(function, hangs, bound):
    with fault_server(*SCRIPTS[hangs]) as server:
        api = leegality.AuthenticatedClient(
            "token", base_url=server.url, retry=None, timeout=10.0, deadline=2.0
        )
        expected = OutcomeUnknownError if hangs == "toggle" else APITimeoutError
        with pytest.raises(expected) as raised:
            await set_state(function, server.url, RECORD_ID, enabled=True, client=api, **{bound: 0.3})
    problem = "timed out" if bound == "timeout" else "the call took longer than its deadline (deadline=0.3 s)"
    assert raised.value.problem.startswith(problem)
    assert server.count == len(SCRIPTS[hangs])


def test_the_error_of_an_id_not_listed_names_no_client_id_unless_told():
    error = leegality.ClientNotListedError("rec-1", toggled=False)
    assert str(error) == "set_state: no OAuth2 client with id 'rec-1' in the listing"
    assert (error.id, error.toggled) == ("rec-1", False)
