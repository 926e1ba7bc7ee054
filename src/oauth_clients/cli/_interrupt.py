"""Ctrl-C at any moment ends `oauth-clients` with status 130 and one line, never a traceback.

The handler is installed as the first thing `main()` does, before the heavy imports, and ends the
process at once (`os._exit`): nothing the command holds needs saving (no file is written; sockets
close with the process). asyncio leaves a handler other than Python's default in place.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from types import FrameType
from typing import Final

from oauth_clients.cli._status import EXIT_INTERRUPTED

_ERASE_LINE: Final = b"\r\x1b[2K"

Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    try:
        erase = _ERASE_LINE if os.isatty(2) else b""  # the live progress line, if any
        os.write(2, erase + b"oauth-clients: interrupted\n")
    except OSError:
        pass  # stderr closed: end quietly all the same
    os._exit(EXIT_INTERRUPTED)


def install() -> Handler:
    """Make SIGINT end the process with status 130; returns the previous handler (for `restore`).

    Only the main thread can set signal handlers: from another thread nothing changes.
    """
    try:
        return signal.signal(signal.SIGINT, _on_interrupt)
    except ValueError:  # not the main thread
        return None


def restore(previous: Handler) -> None:
    """Put back the handler that `install` replaced (for callers of `main()` in their own process)."""
    if previous is not None:
        signal.signal(signal.SIGINT, previous)


__all__ = ["install", "restore"]
