"""The progress display on stderr while providers are fetched.

On a terminal (`live`), one status line is redrawn in place as providers finish and erased at the
end, so it never mixes with the output. Elsewhere (a log, a pipe, a test), one plain line is written
per provider as it finishes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TextIO

from oauth_clients.inventory import ProgressEvent, ProviderName, ProviderResult

PREFIX: Final = "oauth-clients"
_ERASE_LINE: Final = "\r\x1b[2K"


class ProgressDisplay:
    """A `collect()` progress callback that writes to `stream`."""

    def __init__(self, stream: TextIO, providers: Sequence[ProviderName], *, live: bool) -> None:
        self._stream = stream
        self._live = live
        self._status: dict[ProviderName, str] = dict.fromkeys(providers, "waiting")
        self._drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        if event.result is None:
            self._status[event.provider] = "..."
        else:
            self._status[event.provider] = _summary(event.result)
            if not self._live:
                self._stream.write(f"{PREFIX}: {event.provider}: {_summary(event.result)}\n")
                self._stream.flush()
        if self._live:
            line = " | ".join(f"{provider} {status}" for provider, status in self._status.items())
            self._stream.write(f"{_ERASE_LINE}fetching: {line}")
            self._stream.flush()
            self._drawn = True

    def close(self) -> None:
        """Erase the live line (nothing to do for plain lines)."""
        if self._drawn:
            self._stream.write(_ERASE_LINE)
            self._stream.flush()
            self._drawn = False


def _summary(result: ProviderResult) -> str:
    count = len(result.records)
    clients = f"{count} client{'' if count == 1 else 's'}"
    if result.ok:
        return f"{clients} in {result.seconds:.2f} s"
    failed = len(result.failures)
    return f"{clients}, {failed} failure{'' if failed == 1 else 's'} in {result.seconds:.2f} s"


__all__ = ["ProgressDisplay"]
