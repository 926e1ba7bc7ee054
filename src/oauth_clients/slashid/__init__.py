"""SlashID: client, environments, operations, models and errors from specs/slashid.yaml.

Everything public in oauth_clients_generated.slashid is re-exported here; the list is the generated one.
"""

from oauth_clients_generated.slashid import *  # noqa: F403
from oauth_clients_generated.slashid import __all__ as __all__
