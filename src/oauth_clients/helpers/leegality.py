"""Set a Leegality OAuth2 client's state, where Leegality only offers a toggle.

Leegality's `toggle_oauth2_client_state` flips the state (ACTIVE <-> SUSPENDED) and says nothing
about which state it wants, so calling it "to enable" a client that is already active disables it.
`set_state(client, id, enabled=True)` reads the state first (the listing: Leegality has no way to
read one client) and toggles only when it differs, then reads it again.

The race: another actor may toggle the client between our read and our toggle; ours then undoes
theirs, and the state read afterwards (`StateChange.client`) shows it. The toggle is never repeated
automatically (the spec marks it `x-idempotent: false`), so a toggle sent without an answer raises
`OutcomeUnknownError`: the state may or may not have changed; read it again (call `set_state`
again, which toggles only if it still differs).

Importing this module loads no operation or model: they load on the first call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from oauth_clients_generated import leegality

from oauth_clients._runtime.types import NOT_GIVEN, NotGiven, Unset
from oauth_clients.errors import OAuthClientsError

if TYPE_CHECKING:
    import httpx
    from oauth_clients_generated.leegality import AuthenticatedClient, OAuth2ClientList, OAuth2ClientVO

_STATES: Final[Mapping[bool, str]] = {True: "ACTIVE", False: "SUSPENDED"}
"""The Leegality state of `enabled=True` and of `enabled=False`."""


class ClientNotListedError(OAuthClientsError, LookupError):
    """No client with the given record `id` is in the organization's listing.

    Attributes:
        id: the record ID asked for (`OAuth2ClientVO.id`, the `{id}` of the toggle's path).
        toggled: whether the toggle had been sent (the client vanished from the listing after it).
    """

    id: str
    toggled: bool

    def __init__(self, id: str, *, toggled: bool, is_client_id: bool = False) -> None:
        self.id = id
        self.toggled = toggled
        where = "after the toggle was sent, " if toggled else ""
        hint = " (it is a clientId: pass the record's id, OAuth2ClientVO.id)" if is_client_id else ""
        super().__init__(f"set_state: {where}no OAuth2 client with id {id!r} in the listing{hint}")


class UnknownStateError(OAuthClientsError, ValueError):
    """The client's listed state is neither ACTIVE nor SUSPENDED (or absent): what a toggle would
    do cannot be known, so none was sent.

    Attributes:
        id: the record ID asked for.
        state: the state as listed, or None when the listing gives none.
    """

    id: str
    state: str | None

    def __init__(self, id: str, state: str | None) -> None:
        self.id = id
        self.state = state
        shown = "no state" if state is None else f"state {state!r}"
        super().__init__(
            f"set_state: client {id!r} has {shown}, neither ACTIVE nor SUSPENDED: no toggle was sent"
        )


@dataclass(frozen=True, slots=True)
class StateChange:
    """What `set_state` found and did."""

    client: OAuth2ClientVO
    """The client as listed last: read again after a toggle, else as read before deciding."""
    toggled: bool
    """Whether the toggle was sent (and answered with success)."""

    @property
    def enabled(self) -> bool | None:
        """True for ACTIVE, False for SUSPENDED, None for any other (or no) state in `client`."""
        state = self.client.state
        return next((enabled for enabled, name in _STATES.items() if name == state), None)


def set_state(
    client: AuthenticatedClient,
    id: str,
    *,
    enabled: bool,
    timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,
    deadline: float | NotGiven = NOT_GIVEN,
    extra_headers: Mapping[str, str] | None = None,
) -> StateChange:
    """Make the client with record ID `id` ACTIVE (`enabled=True`) or SUSPENDED (`enabled=False`).

    Lists the clients, toggles only when the state differs, and lists them again after a toggle.
    `timeout`, `deadline` and `extra_headers` apply to each of those calls. Raises
    `ClientNotListedError` for an ID not listed, `UnknownStateError` for a state that is neither
    (no toggle sent either way), `OutcomeUnknownError` when the toggle got no answer (read again),
    and any other `OAuthClientsError` of the calls. The race with another actor is described in
    the module's docstring.
    """

    def listing() -> OAuth2ClientList:
        return leegality.list_oauth2_clients.sync(
            client=client, timeout=timeout, deadline=deadline, extra_headers=extra_headers
        )

    before = _listed(listing(), id, toggled=False)
    if _already(before, id, enabled):
        return StateChange(before, toggled=False)
    leegality.toggle_oauth2_client_state.sync(
        id, client=client, timeout=timeout, deadline=deadline, extra_headers=extra_headers
    )
    return StateChange(_listed(listing(), id, toggled=True), toggled=True)


async def aset_state(
    client: AuthenticatedClient,
    id: str,
    *,
    enabled: bool,
    timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,
    deadline: float | NotGiven = NOT_GIVEN,
    extra_headers: Mapping[str, str] | None = None,
) -> StateChange:
    """The async twin of `set_state`."""

    async def listing() -> OAuth2ClientList:
        return await leegality.list_oauth2_clients.asyncio(
            client=client, timeout=timeout, deadline=deadline, extra_headers=extra_headers
        )

    before = _listed(await listing(), id, toggled=False)
    if _already(before, id, enabled):
        return StateChange(before, toggled=False)
    await leegality.toggle_oauth2_client_state.asyncio(
        id, client=client, timeout=timeout, deadline=deadline, extra_headers=extra_headers
    )
    return StateChange(_listed(await listing(), id, toggled=True), toggled=True)


def _listed(listing: OAuth2ClientList, id: str, *, toggled: bool) -> OAuth2ClientVO:
    """The listed client whose record ID is `id`."""
    clients = () if isinstance(listing.data, Unset) else listing.data
    for listed in clients:
        if listed.id == id:
            return listed
    is_client_id = any(listed.client_id == id for listed in clients)
    raise ClientNotListedError(id, toggled=toggled, is_client_id=is_client_id)


def _already(listed: OAuth2ClientVO, id: str, enabled: bool) -> bool:
    """Whether the client is already in the state wanted; UnknownStateError when its state is neither."""
    state = None if isinstance(listed.state, Unset) else listed.state
    if state not in _STATES.values():
        raise UnknownStateError(id, state)
    return state == _STATES[enabled]


__all__ = ["ClientNotListedError", "StateChange", "UnknownStateError", "aset_state", "set_state"]
