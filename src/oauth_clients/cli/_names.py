"""Names that the light part of the CLI (parsing, --help, --version) and its heavy part (fetching,
rendering) share, kept here so that the light part imports nothing heavy."""

from __future__ import annotations

from typing import Final, Literal

PREFIX: Final = "oauth-clients"
"""What every message on stderr starts with."""

Format = Literal["table", "json", "csv"]
FORMATS: Final[tuple[Format, ...]] = ("table", "json", "csv")
"""The --format choices."""
