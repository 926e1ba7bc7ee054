"""cli/_streams.py and cli/_interrupt.py in-process (tests/cli/test_cli_streams_and_signals.py runs
them as processes, where mutmut cannot see its mutants): what Output writes and returns, the status a
failed stream imposes, a stream closed at start, descriptors 1 and 2 handed to the null device; the
SIGINT handler installed, restored, refused off the main thread, and what it writes before ending the
process (os._exit is replaced by an exception here, so that the test process lives on); main()
holding that handler while it runs, and the package's lazy names."""

from __future__ import annotations

import io
import os
import signal
import stat
import sys
import tempfile
import threading
import tty
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from oauth_clients import cli
from oauth_clients.cli import _interrupt, main
from oauth_clients.cli._config import ConfigError
from oauth_clients.cli._main import build_parser
from oauth_clients.cli._status import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_OUTPUT_FAILED
from oauth_clients.cli._streams import Output, _silence, _to_devnull, reserve_closed

NO_FILENO = io.UnsupportedOperation("fileno")
"""What a stream without a descriptor raises (a test's capture)."""


class Stream(io.StringIO):
    """A text stream whose write, flush, isatty and fileno can fail or answer as a test says."""

    def __init__(
        self,
        *,
        write_error: Exception | None = None,
        flush_error: Exception | None = None,
        tty: bool | Exception = False,
        fileno: int | Exception = NO_FILENO,
    ) -> None:
        super().__init__()
        self.write_error, self.flush_error, self.tty, self.number = write_error, flush_error, tty, fileno
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        if self.write_error is not None:
            raise self.write_error
        return super().write(text)

    def flush(self) -> None:
        if self.flush_error is not None:
            raise self.flush_error

    def isatty(self) -> bool:
        if isinstance(self.tty, Exception):
            raise self.tty
        return self.tty

    def fileno(self) -> int:
        if isinstance(self.number, Exception):
            raise self.number
        return self.number


@pytest.fixture
def streams(monkeypatch):
    """Install stdout and stderr streams: streams(stdout=Stream(...), stderr=...)."""

    def install(stdout: object = None, stderr: object = None) -> None:
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(sys, "stderr", stderr)

    return install


def is_devnull(descriptor: int) -> bool:
    mine, null = os.fstat(descriptor), os.stat(os.devnull)
    return stat.S_ISCHR(mine.st_mode) and mine.st_rdev == null.st_rdev


def open_descriptors() -> set[int]:
    return {int(name) for name in os.listdir("/proc/self/fd")}


@contextmanager
def saved(descriptor: int) -> Iterator[None]:
    """Point `descriptor` at a temporary file for the test (whatever it was: a terminal, a capture,
    the null device), and put it back as it was at the end."""
    copy = os.dup(descriptor)
    try:
        with tempfile.TemporaryFile() as file:
            os.dup2(file.fileno(), descriptor)
            yield
    finally:
        os.dup2(copy, descriptor)
        os.close(copy)


# Output


def test_writes_go_to_their_stream_and_say_so(streams):
    out, err = Stream(), Stream()
    streams(out, err)
    output = Output()
    assert output.failed == {}
    assert output.out("records\n") is True
    assert output.err("a line") is True
    assert output.err_raw("\rraw") is True
    assert (out.getvalue(), err.getvalue()) == ("records\n", "a line\n\rraw")
    assert output.status is None


@pytest.mark.parametrize("name", ["stdout", "stderr"])
def test_a_stream_closed_at_start_counts_as_failed(streams, name):
    working = Stream(tty=True)
    streams(**{name: None, ("stderr" if name == "stdout" else "stdout"): working})
    output = Output()
    assert list(output.failed) == [name]
    assert str(output.failed[name]) == f"{name} was closed when the process started"
    assert type(output.failed[name]) is OSError
    assert (output.out("x") if name == "stdout" else output.err("x")) is False
    assert output.isatty(name) is False
    assert output.isatty("stderr" if name == "stdout" else "stdout") is True
    assert output.status == EXIT_OUTPUT_FAILED


@pytest.mark.parametrize(
    ("failing", "error", "status"),
    [
        ("stdout", BrokenPipeError(32, "Broken pipe"), EXIT_BROKEN_PIPE),
        ("stdout", OSError(28, "No space left on device"), EXIT_OUTPUT_FAILED),
        ("stdout", ValueError("I/O operation on closed file."), EXIT_OUTPUT_FAILED),
        ("stderr", BrokenPipeError(32, "Broken pipe"), EXIT_OUTPUT_FAILED),
        ("stderr", OSError(28, "No space left on device"), EXIT_OUTPUT_FAILED),
    ],
)
def test_a_failed_write_silences_its_stream_and_sets_the_status(streams, failing, error, status):
    bad, good = Stream(write_error=error, tty=True), Stream(tty=True)
    streams(**({"stdout": bad, "stderr": good} if failing == "stdout" else {"stdout": good, "stderr": bad}))
    output = Output()
    write = output.out if failing == "stdout" else output.err_raw
    assert write("first") is False
    assert output.failed == {failing: error}
    assert write("second") is False and bad.writes == 1  # not tried again
    assert output.isatty(failing) is False  # a failed stream is no terminal any more
    other = output.err if failing == "stdout" else output.out
    assert other("still here") is True
    assert output.status == status


def test_a_flush_that_fails_is_a_failed_write(streams):
    streams(Stream(flush_error=OSError(28, "No space left on device")), Stream())
    output = Output()
    assert output.out("x") is False
    assert output.status == EXIT_OUTPUT_FAILED


@pytest.mark.parametrize("answer", [ValueError("I/O operation on closed file"), OSError(9, "Bad file")])
def test_isatty_that_raises_is_no_terminal(streams, answer):
    streams(Stream(tty=answer), Stream(tty=True))
    output = Output()
    assert (output.isatty("stdout"), output.isatty("stderr")) == (False, True)


# Descriptors handed to the null device


def test_a_failed_stream_of_the_process_points_its_descriptor_at_the_null_device(streams):
    before = open_descriptors()
    with saved(1):
        streams(Stream(write_error=OSError(28, "No space left on device"), fileno=1), Stream())
        Output().out("x")
        assert is_devnull(1)
    assert open_descriptors() == before  # the extra descriptor of the null device was closed


@pytest.mark.parametrize("number", [5, ValueError("closed"), io.UnsupportedOperation("fileno")])
def test_a_stream_that_is_not_the_processs_own_is_left_alone(number):
    with saved(1):
        _silence("stdout", Stream(fileno=number))
        assert not is_devnull(1)


def test_silence_takes_the_descriptor_of_the_named_stream():
    with saved(2):
        _silence("stderr", Stream(fileno=2))
        assert is_devnull(2)


def test_to_devnull_on_an_open_descriptor():
    before = open_descriptors()
    with saved(1):
        _to_devnull(1)
        assert is_devnull(1)
    assert open_descriptors() == before  # the extra descriptor of the null device was closed


@pytest.mark.parametrize("descriptor", [1, 2])
def test_reserve_closed_gives_a_closed_descriptor_to_the_null_device(descriptor):
    with saved(1), saved(2):
        os.close(descriptor)
        reserve_closed()
        assert is_devnull(descriptor)
        assert not is_devnull(3 - descriptor)  # the open one is left as it was


def test_reserve_closed_leaves_open_descriptors_alone():
    before = open_descriptors()
    with saved(1), saved(2):
        reserve_closed()
        assert not is_devnull(1) and not is_devnull(2)
    assert open_descriptors() == before


# Ctrl-C


class Exited(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@pytest.fixture
def no_exit(monkeypatch):
    def exit_(status: int) -> None:
        raise Exited(status)

    monkeypatch.setattr(os, "_exit", exit_)


@pytest.fixture
def handler():
    previous = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, previous)


def interrupted_with_stderr_on(descriptor: int) -> int:
    """Run the SIGINT handler with descriptor 2 pointing where `descriptor` does; its exit status."""
    with saved(2):
        os.dup2(descriptor, 2)
        with pytest.raises(Exited) as exited:
            _interrupt._on_interrupt(signal.SIGINT, None)
    return exited.value.status


def test_ctrl_c_writes_one_line_and_exits_130(no_exit):
    read, write = os.pipe()
    try:
        assert interrupted_with_stderr_on(write) == EXIT_INTERRUPTED
        assert os.read(read, 1000) == b"oauth-clients: interrupted\n"
    finally:
        os.close(read)
        os.close(write)


def test_ctrl_c_on_a_terminal_erases_the_progress_line_first(no_exit):
    master, slave = os.openpty()
    try:
        tty.setraw(slave)
        assert interrupted_with_stderr_on(slave) == EXIT_INTERRUPTED
        assert os.read(master, 1000) == b"\r\x1b[2Koauth-clients: interrupted\n"
    finally:
        os.close(master)
        os.close(slave)


def test_ctrl_c_with_stderr_closed_still_exits_130(no_exit):
    with saved(2):
        os.close(2)
        with pytest.raises(Exited) as exited:
            _interrupt._on_interrupt(signal.SIGINT, None)
    assert exited.value.status == EXIT_INTERRUPTED


def test_install_puts_the_handler_in_place_and_restore_puts_back_the_previous(handler, no_exit):
    def previous(signum, frame):
        raise AssertionError("not this one")

    signal.signal(signal.SIGINT, previous)
    assert _interrupt.install() is previous
    assert signal.getsignal(signal.SIGINT) is _interrupt._on_interrupt
    read, write = os.pipe()
    try:
        with saved(2):
            os.dup2(write, 2)
            with pytest.raises(Exited):
                signal.raise_signal(signal.SIGINT)
        assert os.read(read, 1000) == b"oauth-clients: interrupted\n"
    finally:
        os.close(read)
        os.close(write)
    _interrupt.restore(previous)
    assert signal.getsignal(signal.SIGINT) is previous


def test_restore_of_none_changes_nothing(handler):
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _interrupt.restore(None)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_off_the_main_thread_install_changes_nothing(handler):
    signal.signal(signal.SIGINT, signal.default_int_handler)
    returned: list[object] = []
    thread = threading.Thread(target=lambda: returned.append(_interrupt.install()))
    thread.start()
    thread.join(timeout=10)
    assert returned == [None]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# main(): the package's entry point


def test_main_holds_the_handler_while_it_runs_and_puts_the_callers_back(streams, handler):
    def callers(signum, frame):
        raise AssertionError("not this one")

    seen: list[object] = []

    class Recording(Stream):
        def write(self, text: str) -> int:
            seen.append(signal.getsignal(signal.SIGINT))
            return super().write(text)

    signal.signal(signal.SIGINT, callers)
    out = Recording()
    streams(out, Stream())
    assert main(["inventory", "--example-config"]) == 0
    assert out.getvalue().startswith("# Sample config of `oauth-clients inventory`")
    assert seen and all(during is _interrupt._on_interrupt for during in seen)
    assert signal.getsignal(signal.SIGINT) is callers


def test_main_gives_a_descriptor_closed_at_start_to_the_null_device(streams, handler):
    streams(Stream(), None)  # Python sets sys.stderr to None when descriptor 2 was closed
    with saved(2):
        os.close(2)
        assert main(["--version"]) == EXIT_OUTPUT_FAILED
        assert is_devnull(2)


def test_the_package_loads_config_error_and_build_parser_when_asked():
    assert cli.ConfigError is ConfigError
    assert cli.build_parser is build_parser
    with pytest.raises(AttributeError) as raised:
        cli.no_such_name  # noqa: B018
    assert str(raised.value) == "module 'oauth_clients.cli' has no attribute 'no_such_name'"
