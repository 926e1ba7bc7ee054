"""cli/_progress.py word for word: the plain line per finished source, the live line redrawn (waiting,
started, finished; cut one column short of the width), erased once and only when drawn, the summary's
singulars and plurals, and the width of the terminal on stderr (a pseudo-terminal of a known size)."""

from __future__ import annotations

import fcntl
import os
import struct
import termios
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from oauth_clients.cli._progress import ProgressDisplay, stderr_columns, summary
from oauth_clients.inventory import ProgressEvent, ProviderResult
from oauth_clients.inventory.results import Failure, IncompleteListing

ERASE = "\r\x1b[2K"


class Written:
    """A `write` for the display: keeps what it is given; answers `answer` (False: stderr is gone)."""

    def __init__(self, answer: bool = True) -> None:
        self.texts: list[str] = []
        self.answer = answer

    def __call__(self, text: str) -> bool:
        self.texts.append(text)
        return self.answer


def finished(
    provider, records=0, failures=0, *, seconds=0.25, incomplete=None, account=None
) -> ProgressEvent:
    result = ProviderResult(
        provider,
        records=(None,) * records,  # type: ignore[arg-type]  # summary() only counts them
        failures=tuple(Failure(provider, ValueError("x")) for _ in range(failures)),
        seconds=seconds,
        account=account,
        incomplete=incomplete,
    )
    return ProgressEvent(provider, result, account)


@pytest.mark.parametrize(
    ("records", "failures", "incomplete", "text"),
    [
        (0, 0, None, "0 clients in 0.25 s"),
        (1, 0, None, "1 client in 0.25 s"),
        (2, 1, None, "2 clients, 1 failure in 0.25 s"),
        (1, 2, None, "1 client, 2 failures in 0.25 s"),
        (2, 0, IncompleteListing(2, 5), "2 clients, incomplete (2 of 5) in 0.25 s"),
    ],
)
def test_summary(records, failures, incomplete, text):
    event = finished("slashid", records, failures, incomplete=incomplete)
    assert event.result is not None and summary(event.result) == text


def test_summary_rounds_the_seconds_to_hundredths():
    event = finished("slashid", 3, seconds=1.23456)
    assert event.result is not None and summary(event.result) == "3 clients in 1.23 s"


def test_plain_lines_one_per_finished_source():
    written = Written()
    display = ProgressDisplay(written, ["leegality", "slashid/eu"], live=False, columns=lambda: 80)
    display(ProgressEvent("leegality", None))
    display(ProgressEvent("slashid", None, "eu"))
    display(finished("slashid", 1, account="eu"))
    display(finished("leegality", 3, 1))
    display.close()
    assert written.texts == [
        "oauth-clients: slashid/eu: 1 client in 0.25 s\n",
        "oauth-clients: leegality: 3 clients, 1 failure in 0.25 s\n",
    ]


def test_a_plain_line_shows_control_characters_harmlessly():
    written = Written()
    display = ProgressDisplay(written, ["slashid/a\x1bb"], live=False, columns=lambda: 80)
    display(finished("slashid", 1, account="a\x1bb"))
    assert written.texts == ["oauth-clients: slashid/a\N{REPLACEMENT CHARACTER}b: 1 client in 0.25 s\n"]


def test_the_live_line_redrawn_then_erased_once():
    written = Written()
    display = ProgressDisplay(written, ["leegality", "slashid"], live=True, columns=lambda: 80)
    display(ProgressEvent("leegality", None))
    display(finished("leegality", 3))
    display.close()
    display.close()  # nothing more to erase
    assert written.texts == [
        ERASE + "fetching: leegality ... | slashid waiting",
        ERASE + "fetching: leegality 3 clients in 0.25 s | slashid waiting",
        ERASE,
    ]


def test_the_live_line_is_cut_one_column_short_of_the_width():
    written = Written()
    display = ProgressDisplay(written, ["leegality", "slashid"], live=True, columns=lambda: 31)
    display(ProgressEvent("slashid", None))
    assert written.texts == [ERASE + "fetching: leegality waiting |…"]  # 30 columns


def test_the_live_line_shows_control_characters_harmlessly():
    written = Written()
    display = ProgressDisplay(written, ["slashid/a\nb"], live=True, columns=lambda: 80)
    display(ProgressEvent("slashid", None, "a\nb"))
    assert written.texts == [ERASE + "fetching: slashid/a\N{REPLACEMENT CHARACTER}b ..."]


def test_nothing_is_erased_when_the_line_could_not_be_drawn():
    written = Written(answer=False)  # stderr is gone
    display = ProgressDisplay(written, ["slashid"], live=True, columns=lambda: 80)
    display(ProgressEvent("slashid", None))
    display.close()
    assert written.texts == [ERASE + "fetching: slashid ..."]


def test_the_width_defaults_to_the_terminal_on_stderr(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    written = Written()
    with stderr_terminal(columns=25):
        display = ProgressDisplay(written, ["leegality", "slashid"], live=True)
        display(ProgressEvent("slashid", None))
    assert written.texts == [ERASE + "fetching: leegality wai…"]  # 24 columns


@contextmanager
def stderr_terminal(columns: int) -> Iterator[None]:
    """Descriptor 2 on a pseudo-terminal `columns` wide, for the duration."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    saved = os.dup(2)
    try:
        os.dup2(slave, 2)
        yield
    finally:
        os.dup2(saved, 2)
        for descriptor in (saved, master, slave):
            os.close(descriptor)


def test_stderr_columns_on_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    with stderr_terminal(columns=132):
        assert stderr_columns() == 132


def test_stderr_columns_elsewhere_falls_back_to_columns(monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "57")
    saved = os.dup(2)
    try:
        with open(tmp_path / "stderr", "wb") as file:
            os.dup2(file.fileno(), 2)
            assert stderr_columns() == 57
    finally:
        os.dup2(saved, 2)
        os.close(saved)
