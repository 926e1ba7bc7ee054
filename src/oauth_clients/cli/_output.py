"""Records as text: an aligned table for people, JSON and CSV for programs.

None of the formats contains a secret: they are built from `ClientRecord.to_json_dict()` and the
record's normalized fields, never from the provider's model.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Sequence
from typing import Final, Literal

from oauth_clients.inventory import JSON_FIELDS, ClientRecord, JSONValue

Format = Literal["table", "json", "csv"]
FORMATS: Final[tuple[Format, ...]] = ("table", "json", "csv")

TABLE_COLUMNS: Final = (
    "provider",
    "client id",
    "name",
    "state",
    "type",
    "grants",
    "redirect URIs",
    "created",
    "last used",
)
_NAME_WIDTH: Final = 32
_URI_WIDTH: Final = 40
_NONE: Final = "-"


def render(records: Sequence[ClientRecord], output_format: Format) -> str:
    """The records in `output_format`, ending with a newline."""
    renderers: dict[Format, Callable[[Sequence[ClientRecord]], str]] = {
        "table": render_table,
        "json": render_json,
        "csv": render_csv,
    }
    return renderers[output_format](records)


def render_json(records: Sequence[ClientRecord]) -> str:
    """A JSON array of `to_json_dict()` objects."""
    return json.dumps([record.to_json_dict() for record in records], indent=2) + "\n"


def render_csv(records: Sequence[ClientRecord]) -> str:
    """A header row of `JSON_FIELDS`, then one row per record; lists are joined with spaces,
    booleans are `true`/`false`, and a missing value is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(JSON_FIELDS)
    for record in records:
        values = record.to_json_dict()
        writer.writerow([_csv_cell(values[name]) for name in JSON_FIELDS])
    return buffer.getvalue()


def render_table(records: Sequence[ClientRecord]) -> str:
    """Aligned columns (see `TABLE_COLUMNS`); dates ending in Z are UTC, others the provider's text."""
    rows = [tuple(TABLE_COLUMNS), *(_table_row(record) for record in records)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(TABLE_COLUMNS))]
    rows.insert(1, tuple("-" * width for width in widths))
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines) + "\n"


def printable(text: str) -> str:
    """`text` with control characters (terminal escapes, newlines) replaced: safe on a terminal."""
    return "".join(
        character if character.isprintable() else "\N{REPLACEMENT CHARACTER}" for character in text
    )


def _table_row(record: ClientRecord) -> tuple[str, ...]:
    if record.state is not None:
        state = record.state
    elif record.enabled is not None:
        state = "enabled" if record.enabled else "disabled"
    else:
        state = _NONE
    redirect = _NONE
    if record.redirect_uris:
        redirect = _shorten(record.redirect_uris[0], _URI_WIDTH)
        if len(record.redirect_uris) > 1:
            redirect += f" (+{len(record.redirect_uris) - 1})"
    cells = (
        record.provider,
        record.client_id or _NONE,
        _shorten(record.name, _NAME_WIDTH) if record.name else _NONE,
        state,
        record.client_type or _NONE,
        ",".join(record.grant_types) or _NONE,
        redirect,
        _date(record.created_at, record.created_at_raw),
        _date(record.last_used, record.last_used_raw),
    )
    return tuple(printable(cell) for cell in cells)


def _date(value: datetime.datetime | None, raw: str | None) -> str:
    if value is not None:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return raw if raw is not None else _NONE


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _csv_cell(value: JSONValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(value)
    return value


__all__ = ["FORMATS", "TABLE_COLUMNS", "Format", "printable", "render"]
