"""The progress display on stderr while the sources are fetched.

On a terminal (`live`), one status line is redrawn in place as sources finish, cut to the
terminal's width so that it never wraps, and erased at the end, so it never mixes with the output.
Elsewhere (a log, a pipe, a test), one plain line is written per source as it finishes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from typing import Final

from oauth_clients.cli._names import PREFIX
from oauth_clients.cli._text import cut, printable
from oauth_clients.inventory import ProgressEvent, ProviderResult

ERASE_LINE: Final = "\r\x1b[2K"

Write = Callable[[str], bool]
"""Writes text to stderr; False once stderr is gone."""


class ProgressDisplay:
    """A `collect()` progress callback that writes with `write`; it never raises."""

    def __init__(
        self, write: Write, labels: Sequence[str], *, live: bool, columns: Callable[[], int] | None = None
    ) -> None:
        self._write = write
        self._live = live
        self._columns = columns or stderr_columns
        self._status: dict[str, str] = dict.fromkeys(labels, "waiting")
        self._drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        if event.result is None:
            self._status[event.label] = "..."
        else:
            self._status[event.label] = summary(event.result)
            if not self._live:
                self._write(printable(f"{PREFIX}: {event.label}: {summary(event.result)}") + "\n")
        if self._live:
            line = " | ".join(f"{label} {status}" for label, status in self._status.items())
            # One column short of the width: a line that fills the last column wraps on some terminals.
            self._drawn = self._write(ERASE_LINE + cut(printable(f"fetching: {line}"), self._columns() - 1))

    def close(self) -> None:
        """Erase the live line (nothing to do for plain lines)."""
        if self._drawn:
            self._write(ERASE_LINE)
            self._drawn = False


def stderr_columns() -> int:
    """The width of the terminal on stderr (or the one `shutil.get_terminal_size` reports)."""
    try:
        return os.get_terminal_size(2).columns
    except OSError:
        return shutil.get_terminal_size().columns


def summary(result: ProviderResult) -> str:
    """`3 clients in 0.25 s`, with failures and an incomplete listing when there are some."""
    count = len(result.records)
    parts = [f"{count} client{'' if count == 1 else 's'}"]
    if result.failures:
        failed = len(result.failures)
        parts.append(f"{failed} failure{'' if failed == 1 else 's'}")
    if result.incomplete is not None:
        parts.append(f"incomplete ({result.incomplete.returned} of {result.incomplete.total})")
    return f"{', '.join(parts)} in {result.seconds:.2f} s"


__all__ = ["ERASE_LINE", "PREFIX", "ProgressDisplay", "stderr_columns", "summary"]
