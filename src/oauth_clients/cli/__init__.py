"""The `oauth-clients` command line (console script `oauth-clients`, or `python -m oauth_clients.cli`).

    oauth-clients inventory --config inventory.toml [--format table|json|csv]
                            [--provider NAME]... [--stale-days N] [--quiet]
    oauth-clients inventory --example-config

`main(argv)` runs it in-process and returns the exit status (see `_status`: 0 all read, 1 some
provider, item or listing failed, 2 bad usage or config, 74 stdout/stderr unwritable, 130 Ctrl-C,
141 stdout's reader gone). This module stays small: Ctrl-C is handled before the heavy imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from oauth_clients.cli import _interrupt, _streams
from oauth_clients.cli._status import EXIT_OK as EXIT_OK
from oauth_clients.cli._status import EXIT_PROVIDER_FAILED as EXIT_PROVIDER_FAILED
from oauth_clients.cli._status import EXIT_USAGE as EXIT_USAGE

if TYPE_CHECKING:
    from oauth_clients.cli._config import ConfigError as ConfigError
    from oauth_clients.cli._main import build_parser as build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `oauth-clients` with `argv` (default: the process arguments); returns the exit status.

    While it runs, Ctrl-C ends the process with status 130 and one line on stderr, whatever it is
    doing; the previous SIGINT handler is put back before it returns.
    """
    _streams.reserve_closed()
    previous = _interrupt.install()
    try:
        from oauth_clients.cli._main import run  # noqa: PLC0415  # after the handler: Ctrl-C in imports is quiet

        return run(argv)
    finally:
        _interrupt.restore(previous)


def __getattr__(name: str) -> object:
    if name == "ConfigError":
        from oauth_clients.cli._config import ConfigError  # noqa: PLC0415

        return ConfigError
    if name == "build_parser":
        from oauth_clients.cli._main import build_parser  # noqa: PLC0415

        return build_parser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EXIT_OK", "EXIT_PROVIDER_FAILED", "EXIT_USAGE", "ConfigError", "build_parser", "main"]
