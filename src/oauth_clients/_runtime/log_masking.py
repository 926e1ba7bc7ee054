"""Masking the credentials of live clients in the log records of httpx, httpcore and ours.

httpx logs every URL it requests (a redirect's included) at INFO, and httpcore every response
header at DEBUG: a hostile server can put a client's credential in either (a `Location` or a
`WWW-Authenticate` echoing it). A filter on those loggers masks, in each record that is actually
emitted, what the redactor of any live client's credential finds. It costs nothing when those
loggers are off: a logger calls its filters only for records of an enabled level.
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import Final

from oauth_clients._runtime.redact import Redactor

LOGGERS: Final = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "oauth_clients",
)
"""The loggers whose records are masked (a logger's filters do not apply to its children's records)."""

_LIVE: weakref.WeakSet[Redactor] = weakref.WeakSet()
_LOCK = threading.Lock()  # a WeakSet may not grow while another thread iterates over it


class _MaskCredentials(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        with _LOCK:
            redactors = list(_LIVE)
        if redactors:
            message = record.getMessage()
            masked = message
            for redactor in redactors:
                masked = redactor(masked)
            if masked != message:
                record.msg, record.args = masked, None
        return True


_FILTER: Final = _MaskCredentials()


def mask_in_logs(redactor: Redactor) -> None:
    """Mask what `redactor` finds in the records of `LOGGERS`, for as long as it lives."""
    with _LOCK:
        _LIVE.add(redactor)
    for name in LOGGERS:
        logging.getLogger(name).addFilter(_FILTER)  # once: a logger keeps no filter twice
