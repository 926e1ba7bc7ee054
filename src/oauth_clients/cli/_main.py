"""`oauth-clients`: the command line. `main()` parses the arguments, runs a command, returns its status.

Exit status: 0 every provider answered; 1 some provider failed (its error on stderr, the others'
clients still printed); 2 bad usage or config; 130 interrupted; 141 the output pipe was closed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.metadata
import os
import sys
from collections.abc import Callable, Sequence
from typing import Final

from oauth_clients.cli._config import ENVIRONMENTS, ConfigError, build_source, load_config, read_credentials
from oauth_clients.cli._output import FORMATS, Format, printable, render
from oauth_clients.cli._progress import PREFIX, ProgressDisplay
from oauth_clients.inventory import PROVIDER_NAMES, ClientRecord, collect, is_stale

EXIT_OK: Final = 0
"""Every provider answered."""
EXIT_PROVIDER_FAILED: Final = 1
"""At least one provider (or LaunchDarkly client ID) failed; the others' records were printed."""
EXIT_USAGE: Final = 2
"""Bad usage or config: nothing was fetched."""
EXIT_INTERRUPTED: Final = 130
EXIT_BROKEN_PIPE: Final = 141
MASK: Final = "***"

DESCRIPTION = "Command-line tools for the OAuth clients of Leegality, SlashID, LoginRadius and LaunchDarkly."
INVENTORY_DESCRIPTION = """\
List the OAuth clients of every provider in a config file, fetched concurrently,
as one normalized record per client. Secrets are never printed: credentials come
from environment variables named in the config, never from the command line."""
INVENTORY_EPILOG = """\
config file (TOML), one table per provider:
  [leegality]
  environment = "sandbox"              # a named environment, or:
  base_url = "http://127.0.0.1:4010"   # (overrides environment)
  credential_env = "LEEGALITY_TOKEN"   # NAME of the variable holding the credential
  timeout = 10                         # optional, seconds
  [slashid]                            # + org_id = "<organization ID>"
  [loginradius]
  [launchdarkly]                       # + client_ids = ["<client ID>", ...]
environments (from the specs; the first is the default):
{environments}

--stale-days keeps clients whose last use (or, without one, creation) is older
than N days, and those whose age cannot be told (no usable date; counted on
stderr). Providers that report no last use are judged by creation date.

exit status:
  0  every provider answered
  1  some provider failed (one line per failure on stderr; the rest is printed)
  2  bad usage or config (the message names the file, the key and the problem)"""


def build_parser() -> argparse.ArgumentParser:
    """The parser of `oauth-clients` and its commands."""
    parser = argparse.ArgumentParser(prog="oauth-clients", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    inventory = commands.add_parser(
        "inventory",
        help="list the OAuth clients of the configured providers",
        description=INVENTORY_DESCRIPTION,
        epilog=INVENTORY_EPILOG.format(environments=_environments()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    inventory.add_argument("--config", required=True, metavar="FILE", help="the TOML config file (see below)")
    inventory.add_argument(
        "--format",
        choices=FORMATS,
        help="table for people, json or csv for programs "
        "(default: table when stdout is a terminal, else json)",
    )
    inventory.add_argument(
        "--provider",
        action="append",
        choices=PROVIDER_NAMES,
        default=[],
        metavar="NAME",
        help=f"fetch only this provider (repeatable; one of: {', '.join(PROVIDER_NAMES)}); "
        "default: every configured provider",
    )
    inventory.add_argument(
        "--stale-days",
        type=_days,
        metavar="N",
        help="only clients unused (or, without a last use, created) more than N days ago",
    )
    inventory.add_argument(
        "-q", "--quiet", action="store_true", help="no progress display and no notes on stderr (errors still)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `oauth-clients` with `argv` (default: the process arguments); returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # --help, --version, or a usage error already written to stderr
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE
    try:
        return _inventory(args)
    except ConfigError as error:
        _stderr(f"{PREFIX}: error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _stderr(f"{PREFIX}: interrupted")
        return EXIT_INTERRUPTED


def _inventory(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    selected = config.select(args.provider)
    credentials = read_credentials(config, selected, os.environ)
    scrub = _scrubber(credentials)
    sources = [
        build_source(entry, credential) for entry, credential in zip(selected, credentials, strict=True)
    ]

    display = None
    if not args.quiet:
        display = ProgressDisplay(
            sys.stderr, [entry.provider for entry in selected], live=sys.stderr.isatty()
        )
    try:
        result = asyncio.run(collect(sources, progress=display))
    finally:
        if display is not None:
            display.close()

    records: Sequence[ClientRecord] = result.records
    if args.stale_days is not None:
        records, undated = _stale(records, args.stale_days)
        if undated and not args.quiet:
            _stderr(
                f"{PREFIX}: --stale-days: kept {undated} client(s) whose age cannot be told (no usable date)"
            )
    output_format: Format = args.format or ("table" if sys.stdout.isatty() else "json")
    status = EXIT_OK if result.ok else EXIT_PROVIDER_FAILED
    try:
        sys.stdout.write(scrub(render(records, output_format)))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): send the rest of the output nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_BROKEN_PIPE
    for failure in result.failures:
        _stderr(scrub(printable(f"{PREFIX}: {failure}")))
    return status


def _stale(records: Sequence[ClientRecord], days: int) -> tuple[list[ClientRecord], int]:
    """The records that are stale or cannot be told, and how many cannot be told."""
    now = datetime.datetime.now(datetime.UTC)
    older_than = datetime.timedelta(days=days)
    kept: list[ClientRecord] = []
    undated = 0
    for record in records:
        stale = is_stale(record, older_than=older_than, now=now)
        if stale is None:
            undated += 1
        if stale is not False:
            kept.append(record)
    return kept, undated


def _scrubber(secrets: Sequence[str]) -> Callable[[str], str]:
    """A function that masks every credential in a text: a second guard, e.g. against an error
    body that echoes the key it was sent."""
    ordered = sorted(set(secrets), key=len, reverse=True)

    def scrub(text: str) -> str:
        for secret in ordered:
            text = text.replace(secret, MASK)
        return text

    return scrub


def _environments() -> str:
    return "\n".join(f"  {provider}: {', '.join(names)}" for provider, names in ENVIRONMENTS.items())


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more days, got {days}")
    return days


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _version() -> str:
    try:
        return importlib.metadata.version("oauth-clients")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


__all__ = ["EXIT_OK", "EXIT_PROVIDER_FAILED", "EXIT_USAGE", "build_parser", "main"]
