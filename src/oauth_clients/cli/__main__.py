"""`python -m oauth_clients.cli`: the same as the `oauth-clients` console script."""

import sys

from oauth_clients.cli import main

sys.exit(main())
