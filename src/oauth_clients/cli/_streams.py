"""Writing to stdout and stderr when either may be closed, full, or read by a program that left.

A write that fails silences that stream for the rest of the run (its file descriptor is pointed at
the null device, so Python's own flush at exit cannot fail loudly either) and is remembered: the
command ends with a non-zero status and no traceback. A stream that was closed when the process
started (`2>&-`; Python then sets `sys.stderr` to None) counts as failed from the start, and its
descriptor number is taken by the null device at once (`reserve_closed`), before a socket or the
event loop's selector could get it and receive text meant for the terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Final, Literal, TextIO

from oauth_clients.cli._status import EXIT_BROKEN_PIPE, EXIT_OUTPUT_FAILED

StreamName = Literal["stdout", "stderr"]
_FILENO: Final[dict[StreamName, int]] = {"stdout": 1, "stderr": 2}


class Output:
    """stdout and stderr, written so that a failing stream never raises."""

    def __init__(self) -> None:
        self.failed: dict[StreamName, OSError | ValueError] = {
            name: OSError(f"{name} was closed when the process started")
            for name in _FILENO
            if getattr(sys, name) is None
        }

    def out(self, text: str) -> bool:
        """Write `text` to stdout; False when stdout is gone."""
        return self._write("stdout", text)

    def err(self, line: str) -> bool:
        """Write one line to stderr; False when stderr is gone."""
        return self._write("stderr", line + "\n")

    def err_raw(self, text: str) -> bool:
        """Write `text` to stderr as it is (the live progress line)."""
        return self._write("stderr", text)

    def isatty(self, name: StreamName) -> bool:
        """Whether the stream is a terminal (False once it failed, or when it is closed)."""
        stream: TextIO | None = None if name in self.failed else getattr(sys, name)
        try:
            return stream is not None and stream.isatty()
        except (OSError, ValueError):
            return False

    @property
    def status(self) -> int | None:
        """The exit status that a failed stream imposes, or None when both streams worked."""
        if isinstance(self.failed.get("stdout"), BrokenPipeError):
            return EXIT_BROKEN_PIPE
        return EXIT_OUTPUT_FAILED if self.failed else None

    def _write(self, name: StreamName, text: str) -> bool:
        if name in self.failed:
            return False
        stream: TextIO = getattr(sys, name)
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError) as error:  # ValueError: a closed file object
            self.failed[name] = error
            _silence(name, stream)
            return False
        return True


def reserve_closed() -> None:
    """Give descriptors 1 and 2 to the null device when they are closed (see the module docstring)."""
    for descriptor in _FILENO.values():
        try:
            os.fstat(descriptor)
        except OSError:
            _to_devnull(descriptor)


def _silence(name: StreamName, stream: TextIO) -> None:
    """Point the stream's file descriptor at the null device, if the stream is the process's own."""
    try:
        if stream.fileno() != _FILENO[name]:
            return
    except (OSError, ValueError):  # a stream without a descriptor (a test's capture): leave it
        return
    _to_devnull(_FILENO[name])


def _to_devnull(descriptor: int) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    if devnull != descriptor:
        os.dup2(devnull, descriptor)
        os.close(devnull)


__all__ = ["Output", "reserve_closed"]
