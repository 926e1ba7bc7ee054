"""LoginRadius: client, environments, operations, models and errors from specs/loginradius.yaml.

Everything public in oauth_clients_generated.loginradius is re-exported here (the generated list), and
loads on first use (PEP 562): importing this package imports no operation or model.
"""

from typing import TYPE_CHECKING, Any

import oauth_clients_generated.loginradius as _generated
from oauth_clients_generated.loginradius import __all__ as __all__

if TYPE_CHECKING:
    from oauth_clients_generated.loginradius import *  # noqa: F403


def __getattr__(name: str) -> Any:
    """A public name of the generated package, loaded on first use."""
    value = getattr(_generated, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, the ones not loaded yet included."""
    return sorted({*globals(), *__all__})
