"""Leegality Sign Station: client, environments, operations, models and errors from specs/leegality.yaml.

Everything public in oauth_clients_generated.leegality is re-exported here; the list is the generated one.
"""

from oauth_clients_generated.leegality import *  # noqa: F403
from oauth_clients_generated.leegality import __all__ as __all__
