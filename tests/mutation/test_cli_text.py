"""cli/_text.py at its edges: display widths of fullwidth letters and combining marks, and a cut to
one column, to none and to fewer than none."""

from __future__ import annotations

import pytest

from oauth_clients.cli._text import cut, pad, width


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("abc", 3),
        ("\N{FULLWIDTH LATIN CAPITAL LETTER A}", 2),  # East Asian width F
        ("名前", 4),  # W
        ("e\N{COMBINING ACUTE ACCENT}", 1),  # the mark takes no column
        ("\N{LATIN SMALL LETTER E WITH ACUTE}", 1),
    ],
)
def test_width(text, columns):
    assert width(text) == columns


def test_a_combining_mark_is_kept_with_its_letter_when_cutting():
    assert cut("e\N{COMBINING ACUTE ACCENT}tude", 3) == "e\N{COMBINING ACUTE ACCENT}t…"


def test_a_fullwidth_letter_that_would_overflow_is_left_out():
    assert cut("a\N{FULLWIDTH LATIN CAPITAL LETTER A}b", 3) == "a…"


@pytest.mark.parametrize(("columns", "cut_text"), [(2, "a…"), (1, "…"), (0, ""), (-1, "")])
def test_cut_to_very_few_columns(columns, cut_text):
    assert cut("abc", columns) == cut_text


def test_pad_counts_display_columns():
    assert pad("名", 4) == "名  "
