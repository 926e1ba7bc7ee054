"""Leegality Sign Station: client, environments, operations, models and errors from specs/leegality.yaml.

Everything public in oauth_clients_generated.leegality is re-exported here (the generated list), and
loads on first use (PEP 562): importing this package imports no operation or model. So do the
hand-written helpers of `oauth_clients.helpers.leegality`: `set_state` / `aset_state` (enable or
disable a client safely, where Leegality only offers a toggle), `StateChange` and their errors.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import oauth_clients_generated.leegality as _generated

from oauth_clients._runtime.namespace import forwarding

if TYPE_CHECKING:
    from oauth_clients_generated.leegality import *  # noqa: F403

    from oauth_clients.helpers.leegality import ClientNotListedError as ClientNotListedError
    from oauth_clients.helpers.leegality import StateChange as StateChange
    from oauth_clients.helpers.leegality import UnknownStateError as UnknownStateError
    from oauth_clients.helpers.leegality import aset_state as aset_state
    from oauth_clients.helpers.leegality import set_state as set_state

if TYPE_CHECKING:
    from oauth_clients_generated.leegality import __all__ as __all__

    __all__ += ["ClientNotListedError", "StateChange", "UnknownStateError", "aset_state", "set_state"]
else:  # a new list: the generated package's own stays as it is
    __all__ = list(_generated.__all__)
    __all__ += ["ClientNotListedError", "StateChange", "UnknownStateError", "aset_state", "set_state"]

__getattr__: Callable[[str], Any]
"""A public name, loaded on first use."""
__dir__: Callable[[], list[str]]
"""Every public name, the ones not loaded yet included."""
__getattr__, __dir__ = forwarding(
    globals(),
    _generated,
    "oauth_clients.helpers.leegality",
    frozenset(__all__) - frozenset(_generated.__all__),
)
