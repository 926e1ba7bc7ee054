"""The exit statuses of `oauth-clients`."""

from typing import Final

EXIT_OK: Final = 0
"""Every source answered every call, every item was read and no listing was cut short."""
EXIT_PROVIDER_FAILED: Final = 1
"""Some provider, item or LaunchDarkly client ID failed, or a listing was incomplete; everything
that was read was printed, and each problem has one line on stderr."""
EXIT_USAGE: Final = 2
"""Bad usage or config: nothing was fetched."""
EXIT_OUTPUT_FAILED: Final = 74
"""stdout or stderr could not be written (closed, or a full disk): EX_IOERR of sysexits.h."""
EXIT_INTERRUPTED: Final = 130
"""Ctrl-C (SIGINT): 128 + 2, as a shell reports it."""
EXIT_BROKEN_PIPE: Final = 141
"""stdout's reader went away (`oauth-clients ... | head`): 128 + SIGPIPE, as a shell reports it."""

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT_FAILED",
    "EXIT_PROVIDER_FAILED",
    "EXIT_USAGE",
]
