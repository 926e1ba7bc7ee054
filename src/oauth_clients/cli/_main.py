"""`oauth-clients`: the command line. `run()` parses the arguments, runs a command, returns its status.

Exit status (see `_status`): 0 everything was read; 1 some provider, item or LaunchDarkly client ID
failed or a listing was incomplete (one line each on stderr; everything read is printed); 2 bad
usage or config; 74 stdout or stderr could not be written; 130 Ctrl-C; 141 stdout's reader went away.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.metadata
import json
import os
import re
import shutil
import urllib.parse
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, NoReturn

from oauth_clients import PROVIDERS
from oauth_clients.cli._names import FORMATS, PREFIX, Format
from oauth_clients.cli._status import EXIT_OK, EXIT_PROVIDER_FAILED, EXIT_USAGE
from oauth_clients.cli._streams import Output
from oauth_clients.cli._text import printable

if TYPE_CHECKING:
    from oauth_clients.inventory import ClientRecord

# `--version`, `--help` and usage errors import nothing more than the above (no httpx, no provider
# operation): the inventory, the config reader and the output formats load when a command runs.

MASK: Final = "***"
SHORT_SECRET: Final = 8
MAX_STALE_DAYS: Final = 36_500
"""The largest --stale-days (a hundred years): larger values reach before year 1 of the calendar."""
EXAMPLE_CONFIG: Final = "inventory.example.toml"
"""The sample config, installed in this package (`--example-config` prints it)."""

DESCRIPTION = "Command-line tools for the OAuth clients of Leegality, SlashID, LoginRadius and LaunchDarkly."
INVENTORY_DESCRIPTION = """\
List the OAuth clients of every provider account in a config file, fetched
concurrently, as one normalized record per client. Secrets are never printed:
credentials come from environment variables named in the config, never from the
command line. Start from the sample: oauth-clients inventory --example-config"""
INVENTORY_EPILOG = """\
config file (TOML), one table per provider (or [[slashid]] tables with a name
each, for several accounts of one provider):
  [leegality]
  environment = "sandbox"              # a named environment, or:
  base_url = "http://127.0.0.1:4010"   # (overrides environment)
  credential_env = "LEEGALITY_TOKEN"   # NAME of the variable holding the credential
  timeout = 10                         # optional: seconds one whole call may take
  [slashid]                            # + org_id = "<organization ID>"
  [loginradius]
  [launchdarkly]                       # optional: client_ids = ["<client ID>", ...]
environments (from the specs; the first is the default):
{environments}

--stale-days keeps clients whose last use (or, without one, creation) is older
than N days, and those whose age cannot be told (no usable date; counted on
stderr). Providers that report no last use are judged by creation date.

output: table on a terminal (cut to its width), else one JSON document
{{"records": [...], "failures": [...], "incomplete": [...]}}; CSV has a row per
record, failure and incomplete listing (column "kind").

exit status:
  0    every provider answered, every item was read, no listing was cut short
  1    some provider, item or client ID failed, or a listing was incomplete
       (one line each on stderr; everything read is printed)
  2    bad usage or config (one line naming the file, the key and the problem)
  74   stdout or stderr could not be written
  130  interrupted (Ctrl-C)
  141  stdout's reader went away"""


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, printable(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of `oauth-clients` and its commands."""
    parser = _Parser(prog="oauth-clients", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND", title="commands")
    inventory = commands.add_parser(
        "inventory",
        help="list the OAuth clients of the configured providers",
        description=INVENTORY_DESCRIPTION,
        epilog=INVENTORY_EPILOG.format(environments=_environments()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = inventory.add_mutually_exclusive_group(required=True)
    source.add_argument("--config", metavar="FILE", help="the TOML config file (see below)")
    source.add_argument(
        "--example-config", action="store_true", help="print the commented sample config and exit"
    )
    inventory.add_argument(
        "--format",
        choices=FORMATS,
        help="table for people, json or csv for programs "
        "(default: table when stdout is a terminal, else json)",
    )
    inventory.add_argument(
        "--provider",
        action="append",
        choices=PROVIDERS,
        default=[],
        metavar="NAME",
        help=f"fetch only this provider's accounts (repeatable; one of: {', '.join(PROVIDERS)}); "
        "default: every configured provider",
    )
    inventory.add_argument(
        "--stale-days",
        type=_days,
        metavar="N",
        help="only clients unused (or, without a last use, created) more than N days ago "
        f"(0 to {MAX_STALE_DAYS})",
    )
    inventory.add_argument(
        "-q", "--quiet", action="store_true", help="no progress display and no notes on stderr (errors still)"
    )
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run `oauth-clients` with `argv` (default: the process arguments); returns the exit status."""
    output = Output()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit:  # --help, --version, or a usage error already written to stderr
        return _finish(output, exit.code if isinstance(exit.code, int) else EXIT_USAGE)
    if args.example_config:
        output.out(example_config())
        return _finish(output, EXIT_OK)
    from oauth_clients.cli._config import ConfigError  # noqa: PLC0415  # a command runs: load it

    mask = Mask()
    try:
        status = _inventory(args, output, mask)
    except ConfigError as error:
        output.err(printable(mask(f"{PREFIX}: error: {error}")))
        status = EXIT_USAGE
    return _finish(output, status)


def example_config() -> str:
    """The commented sample config (`--example-config`)."""
    import importlib.resources  # noqa: PLC0415

    return importlib.resources.files("oauth_clients.cli").joinpath(EXAMPLE_CONFIG).read_text(encoding="utf-8")


class Mask:
    """Hides the run's credentials in messages, as they are, JSON-escaped and percent-encoded:
    a second guard, e.g. against an error body that echoes the key it was sent. A credential shorter
    than `SHORT_SECRET` characters (`null`, `client`) is masked only where it stands alone, so that
    the words around it stay readable."""

    def __init__(self) -> None:
        self._spellings: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, secrets: Iterable[str]) -> None:
        for secret in secrets:
            self._spellings |= {secret, json.dumps(secret)[1:-1], urllib.parse.quote(secret, safe="")}
        alternatives = [  # the longest first: a spelling that contains another is masked whole
            re.escape(spelling)
            if len(spelling) >= SHORT_SECRET
            else rf"(?<![\w-]){re.escape(spelling)}(?![\w-])"
            for spelling in sorted(self._spellings, key=len, reverse=True)
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def __call__(self, text: str) -> str:
        return text if self._pattern is None else self._pattern.sub(MASK, text)


def _inventory(args: argparse.Namespace, output: Output, mask: Mask) -> int:
    import asyncio  # noqa: PLC0415

    from oauth_clients.cli._config import build_source, load_config, read_credentials  # noqa: PLC0415
    from oauth_clients.cli._output import Report, render  # noqa: PLC0415
    from oauth_clients.cli._progress import ProgressDisplay  # noqa: PLC0415
    from oauth_clients.inventory import collect  # noqa: PLC0415

    config = load_config(args.config)
    selected = config.select(args.provider)
    credentials = read_credentials(config, selected, os.environ)
    mask.add(credentials)
    sources = [
        build_source(config, entry, credential)
        for entry, credential in zip(selected, credentials, strict=True)
    ]

    display = None
    if not args.quiet:
        display = ProgressDisplay(
            output.err_raw, [entry.label for entry in selected], live=output.isatty("stderr")
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
            output.err(
                f"{PREFIX}: --stale-days: kept {undated} client(s) whose age cannot be told (no usable date)"
            )
    output_format: Format = args.format or ("table" if output.isatty("stdout") else "json")
    report = Report(records, result.failures, result.incomplete, mask)
    output.out(render(report, output_format, shutil.get_terminal_size().columns))
    for failure in result.failures:
        output.err(printable(mask(f"{PREFIX}: {failure}")))
    for listing in result.incomplete:
        output.err(
            f"{PREFIX}: warning: {listing.label}: {listing.incomplete}; "
            "its own count says there are more, and the provider documents no way to ask for them"
        )
    return EXIT_OK if result.ok else EXIT_PROVIDER_FAILED


def _finish(output: Output, status: int) -> int:
    """Flush both streams (a stream that cannot be written shows here at the latest) and return the
    status, or the one a failed stream imposes."""
    output.out("")
    output.err_raw("")
    return status if output.status is None else output.status


def _stale(records: Sequence[ClientRecord], days: int) -> tuple[list[ClientRecord], int]:
    """The records that are stale or cannot be told, and how many cannot be told."""
    from oauth_clients.inventory import is_stale  # noqa: PLC0415

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


def _environments() -> str:
    """Each provider's environment names, read from its generated `environments` module alone
    (importing it imports neither httpx nor an operation)."""
    lines: list[str] = []
    for provider in PROVIDERS:
        environments = importlib.import_module(f"oauth_clients_generated.{provider}.environments")
        names: list[str] = list(environments.BASE_URLS)
        lines.append(f"  {provider}: {', '.join(names)}")
    return "\n".join(lines)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if not 0 <= days <= MAX_STALE_DAYS:
        raise argparse.ArgumentTypeError(f"expected 0 to {MAX_STALE_DAYS} days, got {days}")
    return days


def _version() -> str:
    try:
        return importlib.metadata.version("oauth-clients")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


__all__ = ["Mask", "build_parser", "example_config", "run"]
