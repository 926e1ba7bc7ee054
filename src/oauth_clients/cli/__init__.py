"""The `oauth-clients` command line (console script `oauth-clients`, or `python -m oauth_clients.cli`).

    oauth-clients inventory --config inventory.toml [--format table|json|csv]
                            [--provider NAME]... [--stale-days N] [--quiet]

`main(argv)` runs it in-process and returns the exit status (0 every provider answered, 1 some
provider failed, 2 bad usage or config).
"""

from oauth_clients.cli._config import ConfigError as ConfigError
from oauth_clients.cli._main import EXIT_OK as EXIT_OK
from oauth_clients.cli._main import EXIT_PROVIDER_FAILED as EXIT_PROVIDER_FAILED
from oauth_clients.cli._main import EXIT_USAGE as EXIT_USAGE
from oauth_clients.cli._main import build_parser as build_parser
from oauth_clients.cli._main import main as main

__all__ = ["EXIT_OK", "EXIT_PROVIDER_FAILED", "EXIT_USAGE", "ConfigError", "build_parser", "main"]
