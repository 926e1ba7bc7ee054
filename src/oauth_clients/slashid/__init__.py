"""SlashID: client, environments, operations, models and errors from specs/slashid.yaml.

Everything public in oauth_clients_generated.slashid is re-exported here (the generated list), and
loads on first use (PEP 562): importing this package imports no operation or model.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import oauth_clients_generated.slashid as _generated
from oauth_clients_generated.slashid import __all__ as __all__

from oauth_clients._runtime.namespace import forwarding

if TYPE_CHECKING:
    from oauth_clients_generated.slashid import *  # noqa: F403

__getattr__: Callable[[str], Any]
"""A public name, loaded on first use."""
__dir__: Callable[[], list[str]]
"""Every public name, the ones not loaded yet included."""
__getattr__, __dir__ = forwarding(globals(), _generated)
