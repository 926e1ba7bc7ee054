"""The inventory as text: an aligned table for people, one JSON document or CSV for programs.

No format is built from a provider's model, so none holds a secret; stdout is written as built,
never rewritten. Only messages (the failures' error text) pass through `Report.mask`, which hides
the run's own credentials wherever an error body echoed them.

JSON: one object, `{"records": [...], "failures": [...], "incomplete": [...]}` (see README).
CSV: a header row, then one row per record (`kind` = `client`), per failure (`failure`) and per
incomplete listing (`incomplete`); cells a spreadsheet would read as a formula start with `'`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from oauth_clients.cli._names import Format
from oauth_clients.cli._text import cut, pad, printable, spreadsheet_safe, width
from oauth_clients.inventory import JSON_FIELDS, ClientRecord, Failure, JSONValue, ProviderResult

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
CSV_COLUMNS: Final = ("kind", *JSON_FIELDS, "problem")
"""The CSV header: `kind` (client, failure or incomplete), the record's fields, and `problem`."""
_CUT_FIRST: Final = frozenset({"name", "grants", "redirect URIs"})
"""The columns that give way first when the table is too wide; IDs, types and dates last."""
_GAP: Final = "  "
_MIN_COLUMN: Final = 5  # a cut column keeps at least this many characters (or its whole text)
_NONE: Final = "-"


@dataclass(frozen=True, slots=True)
class Report:
    """What the command prints: the records (after filters), the failures and the incomplete listings."""

    records: Sequence[ClientRecord]
    failures: Sequence[Failure]
    incomplete: Sequence[ProviderResult]
    mask: Callable[[str], str]
    """Hides the run's credentials in a message."""

    def message(self, failure: Failure) -> str:
        """The failure's error message, masked."""
        return self.mask(str(failure.error))


def render(report: Report, output_format: Format, columns: int) -> str:
    """The report in `output_format`, ending with a newline; a table fits in `columns`."""
    if output_format == "json":
        return render_json(report)
    if output_format == "csv":
        return render_csv(report)
    return render_table(report.records, columns)


def render_json(report: Report) -> str:
    """One JSON document: records, failures and incomplete listings."""
    document = {
        "records": [record.to_json_dict() for record in report.records],
        "failures": [
            {
                "provider": failure.provider,
                "account": failure.account,
                "client_id": failure.client_id,
                "index": failure.index,
                "error": type(failure.error).__name__,
                "message": report.message(failure),
            }
            for failure in report.failures
        ],
        "incomplete": [
            {
                "provider": result.provider,
                "account": result.account,
                "returned": result.incomplete.returned,
                "total": result.incomplete.total,
            }
            for result in report.incomplete
            if result.incomplete is not None
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def render_csv(report: Report) -> str:
    """`CSV_COLUMNS`, then a row per record, failure and incomplete listing. Lists are joined with
    spaces, booleans are `true`/`false`, a missing value is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in report.records:
        values = record.to_json_dict()
        writer.writerow(_csv_row("client", {name: values[name] for name in JSON_FIELDS}, ""))
    for failure in report.failures:
        where: dict[str, JSONValue] = {
            "provider": failure.provider,
            "account": failure.account,
            "client_id": failure.client_id,
        }
        writer.writerow(_csv_row("failure", where, report.mask(str(failure))))
    for result in report.incomplete:
        if result.incomplete is not None:
            where = {"provider": result.provider, "account": result.account}
            writer.writerow(_csv_row("incomplete", where, str(result.incomplete)))
    return buffer.getvalue()


def render_table(records: Sequence[ClientRecord], columns: int) -> str:
    """Aligned columns (see `TABLE_COLUMNS`) within `columns`: the widest cells are cut with `…`
    (JSON and CSV have every value whole). Dates ending in Z are UTC, others the provider's text."""
    rows = [tuple(TABLE_COLUMNS), *(_table_row(record) for record in records)]
    natural = [max(width(row[column]) for row in rows) for column in range(len(TABLE_COLUMNS))]
    available = columns - len(_GAP) * (len(natural) - 1)
    first = [i for i, name in enumerate(TABLE_COLUMNS) if name in _CUT_FIRST]
    widths = _fit(natural, available, first)
    widths = _fit(widths, available, range(len(widths)))
    rows.insert(1, tuple("-" * size for size in widths))
    lines = [
        cut(
            _GAP.join(pad(cut(cell, size), size) for cell, size in zip(row, widths, strict=True)).rstrip(),
            columns,
        )
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _fit(natural: list[int], available: int, columns: Iterable[int]) -> list[int]:
    """Column widths that add up to `available` at most, narrowing only `columns`: the widest of them
    give way first, down to `_MIN_COLUMN` (lines still too long are cut at the end)."""
    widths = list(natural)
    excess = sum(widths) - available
    allowed = set(columns)
    while excess > 0:
        shrinkable = [
            i for i, size in enumerate(widths) if i in allowed and size > min(natural[i], _MIN_COLUMN)
        ]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        others = [widths[i] for i in shrinkable if i != widest]
        floor = max([*others, min(natural[widest], _MIN_COLUMN)])
        step = min(excess, max(widths[widest] - floor, 1))
        widths[widest] -= step
        excess -= step
    return widths


def _table_row(record: ClientRecord) -> tuple[str, ...]:
    if record.state is not None:
        state = record.state
    elif record.enabled is not None:
        state = "enabled" if record.enabled else "disabled"
    else:
        state = _NONE
    redirect = _NONE
    if record.redirect_uris:
        redirect = record.redirect_uris[0]
        if len(record.redirect_uris) > 1:
            redirect = f"(+{len(record.redirect_uris) - 1}) {redirect}"
    cells = (
        record.provider if record.account is None else f"{record.provider}/{record.account}",
        record.client_id or _NONE,
        record.name or _NONE,
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


def _csv_row(kind: str, values: dict[str, JSONValue], problem: str) -> list[str]:
    cells = [kind, *(_csv_cell(values.get(name)) for name in JSON_FIELDS), problem]
    return [spreadsheet_safe(cell) for cell in cells]


def _csv_cell(value: JSONValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(value)
    return value


__all__ = ["CSV_COLUMNS", "TABLE_COLUMNS", "Report", "render"]
