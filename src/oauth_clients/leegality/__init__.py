"""Leegality Sign Station: client, environments, operations, models and errors from specs/leegality.yaml.

Everything public in oauth_clients_generated.leegality is re-exported here (the generated list), and
loads on first use (PEP 562): importing this package imports no operation or model. So do the
hand-written helpers of `oauth_clients.helpers.leegality`: `set_state` / `aset_state` (enable or
disable a client safely, where Leegality only offers a toggle), `StateChange` and their errors.
"""

import importlib
from typing import TYPE_CHECKING, Any, Final

import oauth_clients_generated.leegality as _generated

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

_HELPERS: Final = "oauth_clients.helpers.leegality"
_HELPER_NAMES: Final = frozenset(__all__) - frozenset(_generated.__all__)


def __getattr__(name: str) -> Any:
    """A public name of the generated package or of the helpers, loaded on first use."""
    source = importlib.import_module(_HELPERS) if name in _HELPER_NAMES else _generated
    value = getattr(source, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, the ones not loaded yet included."""
    return sorted({*globals(), *__all__})
