"""The `oauth_clients` logger: one DEBUG line per request sent, one INFO line per retry.

The lines are written by the retry transports, which every request of every client passes through
(whether it goes through an httpx client of ours, a transport of the caller's or the caller's own
httpx client), so they are the same on every path:

    DEBUG  GET https://api.slashid.com/oauth2/clients -> HTTP 200 in 0.084 s (attempt 1 of 3)
    DEBUG  GET https://api.slashid.com/oauth2/clients -> ConnectError in 0.002 s (attempt 1 of 3)
    INFO   retrying GET https://api.slashid.com/oauth2/clients in 0.46 s (attempt 2 of 3): HTTP 503

No line carries a header or a body; the masking filter of `_runtime.log_masking` on this logger
masks a live credential should a URL ever hold one. `OAUTH_CLIENTS_LOG=debug` (or `info`) in the
environment adds a handler writing to stderr, once, when the first client is built; otherwise the
application's logging configuration decides, as for any library.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Final

LOGGER_NAME: Final = "oauth_clients"

logger: logging.Logger = logging.getLogger(LOGGER_NAME)
"""The logger of the runtime (and of the inventory); records of its children are not masked."""

ENVIRONMENT_VARIABLE: Final = "OAUTH_CLIENTS_LOG"
"""`debug` or `info` (any case): the level of the stderr handler that the variable turns on."""

LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}

FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""The lines of the stderr handler: ``2026-11-29 15:42:07,123 DEBUG oauth_clients: GET ...``."""

_LOCK = threading.Lock()


class _EnvironmentHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stderr handler added for `OAUTH_CLIENTS_LOG` (a class of its own: added only once)."""


def log_from_environment() -> None:
    """Add a stderr handler to the `oauth_clients` logger at the level `OAUTH_CLIENTS_LOG` names,
    unless one was added already, and lower the logger's level to it if it is higher (never raise
    it); an unknown value is ignored, as is an unset variable."""
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    level = None if value is None else LEVELS.get(value.strip().lower())
    if level is None:
        return
    with _LOCK:
        if any(isinstance(handler, _EnvironmentHandler) for handler in logger.handlers):
            return
        handler = _EnvironmentHandler()  # sys.stderr
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        logger.setLevel(min(level, logger.level or level))  # NOTSET (0): the variable's level
