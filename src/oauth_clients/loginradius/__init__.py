"""LoginRadius: client, environments, operations, models and errors from specs/loginradius.yaml.

Everything public in oauth_clients_generated.loginradius is re-exported here; the list is the generated one.
"""

from oauth_clients_generated.loginradius import *  # noqa: F403
from oauth_clients_generated.loginradius import __all__ as __all__
