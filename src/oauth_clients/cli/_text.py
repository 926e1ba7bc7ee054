"""Text for terminals and spreadsheets: control characters replaced, display widths, cuts with `…`."""

from __future__ import annotations

import unicodedata
from typing import Final

ELLIPSIS: Final = "\N{HORIZONTAL ELLIPSIS}"
REPLACEMENT: Final = "\N{REPLACEMENT CHARACTER}"
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """`text` with control characters (terminal escapes, newlines, tabs) replaced by U+FFFD."""
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() else REPLACEMENT for character in text)


def spreadsheet_safe(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading `'` before `=`, `+`, `-`, `@`, tab or
    CR (which would start a formula), and control characters replaced as in the table."""
    quoted = "'" + text if text.startswith(_FORMULA_STARTS) else text
    return printable(quoted)


def width(text: str) -> int:
    """The columns that `text` takes on a terminal: wide East Asian characters take two, combining
    marks none."""
    if text.isascii():
        return len(text)
    return sum(_char_width(character) for character in text)


def cut(text: str, columns: int) -> str:
    """`text` if it fits in `columns`, else its start and `…` within `columns`."""
    if width(text) <= columns:
        return text
    if columns <= 0:
        return ""
    kept: list[str] = []
    used = 0
    for character in text:
        size = _char_width(character)
        if used + size > columns - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept) + ELLIPSIS


def pad(text: str, columns: int) -> str:
    """`text` followed by spaces up to `columns`."""
    return text + " " * (columns - width(text))


def _char_width(character: str) -> int:
    if unicodedata.combining(character):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


__all__ = ["ELLIPSIS", "cut", "pad", "printable", "spreadsheet_safe", "width"]
