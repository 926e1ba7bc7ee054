"""LaunchDarkly: client, environments, operations, models and errors from specs/launchdarkly.yaml.

Everything public in oauth_clients_generated.launchdarkly is re-exported here; the list is the generated one.
"""

from oauth_clients_generated.launchdarkly import *  # noqa: F403
from oauth_clients_generated.launchdarkly import __all__ as __all__
