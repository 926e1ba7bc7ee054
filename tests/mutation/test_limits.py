"""The bounds of one call at their edges: every socket operation of `DeadlineBackend` (a TCP or Unix
connect, a TLS upgrade, a read, a write) gets the time left before the deadline as its timeout, and
fails at once, naming the deadline, once it has passed; the arguments it does not bound reach
httpcore's own backend unchanged. Against real sockets on 127.0.0.1 (and a Unix socket), with
httpcore's backend under a recorder that notes what it is asked for."""

from __future__ import annotations

import math
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpcore
import httpx
import pytest
from support.server import Reply, local_server

from oauth_clients._runtime import limits
from oauth_clients._runtime.limits import (
    SHORTEST_TIMEOUT,
    CallLimits,
    DeadlineBackend,
    ResponseTooLarge,
    bound_transport,
    calling,
    check_seconds,
    current_limits,
    timeouts_within,
)


class Recorder(httpcore.NetworkBackend):
    """httpcore's own sync backend, noting each operation it is asked for with its arguments."""

    def __init__(self) -> None:
        self.real = httpcore.SyncBackend()
        self.calls: list[tuple[Any, ...]] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.calls.append(("connect_tcp", host, port, timeout, local_address, socket_options))
        return RecordedStream(self.real.connect_tcp(host, port, timeout, local_address, socket_options), self)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        self.calls.append(("connect_unix_socket", path, timeout, socket_options))
        return RecordedStream(self.real.connect_unix_socket(path, timeout, socket_options), self)

    def sleep(self, seconds):
        self.calls.append(("sleep", seconds))
        self.real.sleep(seconds)


class RecordedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, recorder: Recorder) -> None:
        self.real = stream
        self.recorder = recorder

    def read(self, max_bytes, timeout=None):
        self.recorder.calls.append(("read", max_bytes, timeout))
        return self.real.read(max_bytes, timeout)

    def write(self, buffer, timeout=None):
        self.recorder.calls.append(("write", buffer, timeout))
        self.real.write(buffer, timeout)

    def close(self):
        self.recorder.calls.append(("close",))
        self.real.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        self.recorder.calls.append(("start_tls", server_hostname, timeout))
        return RecordedStream(self.real.start_tls(ssl_context, server_hostname, timeout), self.recorder)

    def get_extra_info(self, info):
        return self.real.get_extra_info(info)


def echo_server() -> Any:
    """A TCP server on 127.0.0.1 that sends back what it receives (one connection)."""
    listener = socket.create_server(("127.0.0.1", 0))
    return _echoing(listener, listener.getsockname())


def unix_echo_server(path: Path) -> Any:
    """The same on a Unix socket at `path`."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen()
    return _echoing(listener, str(path))


@contextmanager
def _echoing(listener: socket.socket, address: Any) -> Iterator[Any]:
    stop = threading.Event()
    listener.settimeout(0.05)

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(0.05)
                while not stop.is_set():
                    try:
                        data = connection.recv(1024)
                    except TimeoutError:
                        continue
                    if not data:
                        break
                    connection.sendall(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield address
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@pytest.mark.parametrize("timeout", [None, 4.0])
def test_outside_a_call_every_timeout_and_argument_reaches_httpcore_as_given(timeout):
    recorder = Recorder()
    backend = DeadlineBackend(recorder)
    options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    with echo_server() as (host, port):
        stream = backend.connect_tcp(
            host, port, timeout=timeout, local_address="127.0.0.1", socket_options=options
        )
        stream.write(b"ping", timeout=timeout)
        assert stream.read(4, timeout=timeout) == b"ping"
        assert stream.get_extra_info("server_addr") == (host, port)
        stream.close()
    assert recorder.calls == [
        ("connect_tcp", host, port, timeout, "127.0.0.1", options),
        ("write", b"ping", timeout),
        ("read", 4, timeout),
        ("close",),
    ]
    assert current_limits() is None


def test_within_a_call_each_operation_gets_the_time_left_or_its_own_timeout_when_shorter():
    recorder = Recorder()
    backend = DeadlineBackend(recorder)
    with echo_server() as (host, port), calling(30.0, 1000) as bounds:
        assert current_limits() is bounds
        stream = backend.connect_tcp(host, port, timeout=None)
        stream.write(b"ping", timeout=60.0)
        assert stream.read(4, timeout=2.5) == b"ping"
        stream.close()
    assert current_limits() is None
    connect, write, read = recorder.calls[0][3], recorder.calls[1][2], recorder.calls[2][2]
    assert 25.0 < connect <= 30.0 and 25.0 < write <= 30.0  # what is left of 30 s
    assert read == 2.5  # shorter than what is left: kept


def test_a_unix_socket_connect_is_bounded_too(tmp_path):
    recorder = Recorder()
    backend = DeadlineBackend(recorder)
    options = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]
    with unix_echo_server(tmp_path / "s") as path:
        with calling(30.0, 1000):
            stream = backend.connect_unix_socket(path, timeout=None, socket_options=options)
            stream.write(b"unix", timeout=None)
            assert stream.read(4, timeout=None) == b"unix"
            stream.close()
        stream = backend.connect_unix_socket(path, timeout=7.0)
        stream.close()
    (first, path_given, timeout, given_options), second = recorder.calls[0], recorder.calls[4]
    assert (first, path_given, given_options) == ("connect_unix_socket", path, options)
    assert 25.0 < timeout <= 30.0
    assert second == ("connect_unix_socket", path, 7.0, None)  # outside a call: as given


def test_a_tls_upgrade_is_bounded_and_its_stream_stays_bounded(unsigned_certificate):
    trusted = ssl.create_default_context(cafile=str(unsigned_certificate.certificate))
    recorder = Recorder()
    backend = DeadlineBackend(recorder)
    with local_server(lambda request: Reply(200, {}), tls=unsigned_certificate.server_context) as server:
        port = httpx.URL(server.url).port
        with calling(30.0, 1000):
            plain = backend.connect_tcp("127.0.0.1", port, timeout=None)
            secure = plain.start_tls(trusted, server_hostname="127.0.0.1", timeout=None)
            assert secure.get_extra_info("ssl_object").server_hostname == "127.0.0.1"
            secure.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout=None)
            assert secure.read(12, timeout=None) == b"HTTP/1.0 200"
            secure.close()
    operations = [call[0] for call in recorder.calls]
    assert operations == ["connect_tcp", "start_tls", "write", "read", "close"]
    _, hostname, upgrade = recorder.calls[1]
    assert hostname == "127.0.0.1" and 25.0 < upgrade <= 30.0
    assert 25.0 < recorder.calls[2][2] <= 30.0 and 25.0 < recorder.calls[3][2] <= 30.0


def test_a_tls_upgrade_outside_a_call_keeps_its_timeout(unsigned_certificate):
    trusted = ssl.create_default_context(cafile=str(unsigned_certificate.certificate))
    recorder = Recorder()
    with local_server(lambda request: Reply(200, {}), tls=unsigned_certificate.server_context) as server:
        plain = DeadlineBackend(recorder).connect_tcp("127.0.0.1", httpx.URL(server.url).port)
        plain.start_tls(trusted, server_hostname="127.0.0.1", timeout=9.0).close()
    assert recorder.calls[1] == ("start_tls", "127.0.0.1", 9.0)


def test_sleep_is_passed_through():
    recorder = Recorder()
    DeadlineBackend(recorder).sleep(0.001)
    assert recorder.calls == [("sleep", 0.001)]


class Clock:
    """Stands in for the `time` module of limits.py: monotonic time stands still where set."""

    def __init__(self, now: float) -> None:
        self.now = now

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock(1000.0)
    monkeypatch.setattr(limits, "time", SimpleNamespace(monotonic=fake.monotonic))
    return fake


def test_the_deadline_counts_from_the_start_of_the_call(clock):
    with calling(4.0, 10) as bounds:
        assert bounds == CallLimits(4.0, 1004.0, 10)
        clock.now = 1001.5
        assert bounds.left() == 2.5 and not bounds.passed()
        clock.now = 1004.0
        assert bounds.left() == 0.0 and bounds.passed()  # no time left is passed


AFTER_THE_DEADLINE = {
    "connect_tcp": (httpcore.ConnectTimeout, lambda b, s, a: b.connect_tcp(*a["tcp"], timeout=5.0)),
    "connect_unix_socket": (
        httpcore.ConnectTimeout,
        lambda b, s, a: b.connect_unix_socket(a["unix"], timeout=5.0),
    ),
    "write": (httpcore.WriteTimeout, lambda b, s, a: s.write(b"x", timeout=5.0)),
    "read": (httpcore.ReadTimeout, lambda b, s, a: s.read(1, timeout=5.0)),
    "start_tls": (
        httpcore.ConnectTimeout,
        lambda b, s, a: s.start_tls(ssl.create_default_context(), timeout=5.0),
    ),
}


@pytest.mark.parametrize("operation", AFTER_THE_DEADLINE)
def test_once_the_deadline_has_passed_each_operation_fails_at_once_naming_it(clock, operation, tmp_path):
    error, attempt = AFTER_THE_DEADLINE[operation]
    recorder = Recorder()
    backend = DeadlineBackend(recorder)
    with echo_server() as (host, port), unix_echo_server(tmp_path / "s") as path, calling(2.5, 10):
        stream = backend.connect_tcp(host, port)
        clock.now += 2.5  # exactly at the deadline: passed
        with pytest.raises(error) as raised:
            attempt(backend, stream, {"tcp": (host, port), "unix": path})
        stream.close()
    assert str(raised.value) == "the deadline of 2.5 s has passed"
    assert [call[0] for call in recorder.calls] == ["connect_tcp", "close"]


def test_a_nearly_spent_budget_is_the_shortest_timeout_not_zero(clock):
    recorder = Recorder()
    backend = DeadlineBackend(recorder)
    with echo_server() as (host, port), calling(2.0, 10):
        stream = backend.connect_tcp(host, port, timeout=None)
        assert recorder.calls[0][3] == 2.0
        clock.now += 2.0 - 0.001  # 1 ms left
        stream.write(b"ok", timeout=None)
        clock.now = 1000.0 + 0.5  # 1.5 s left, more than the read's own 1 s
        assert stream.read(2, timeout=1.0) == b"ok"
        clock.now = 1000.0 + 1.0  # 1 s left, less than the read's own 3 s
        stream.close()
        stream = backend.connect_tcp(host, port, timeout=3.0)
        stream.close()
    assert recorder.calls[1] == ("write", b"ok", SHORTEST_TIMEOUT)
    assert recorder.calls[2] == ("read", 2, 1.0)
    assert recorder.calls[4][3] == 1.0


def test_timeouts_are_shortened_to_what_is_left_and_never_to_zero():
    given = {"connect": 5.0, "read": None, "write": 0.5, "pool": 2.0}
    assert timeouts_within(given, 2.0) == {"connect": 2.0, "read": 2.0, "write": 0.5, "pool": 2.0}
    assert timeouts_within(given, 0.0) == dict.fromkeys(given, SHORTEST_TIMEOUT)
    assert timeouts_within(given, -3.0) == dict.fromkeys(given, SHORTEST_TIMEOUT)
    assert SHORTEST_TIMEOUT == 0.01


def test_a_transport_without_httpx_pool_is_returned_as_it_is():
    mock = httpx.MockTransport(lambda request: httpx.Response(200))
    assert bound_transport(mock) is mock
    poolless = SimpleNamespace(_pool=None)
    assert bound_transport(poolless) is poolless and poolless._pool is None
    foreign = SimpleNamespace(_pool=SimpleNamespace(_network_backend="not a backend"))
    assert bound_transport(foreign)._pool._network_backend == "not a backend"


def test_an_httpx_transport_gets_the_deadline_backend_once():
    transport = httpx.HTTPTransport()
    backend = transport._pool._network_backend
    assert bound_transport(transport) is transport
    wrapped = transport._pool._network_backend
    assert isinstance(wrapped, DeadlineBackend) and wrapped._backend is backend
    assert bound_transport(transport)._pool._network_backend is wrapped
    transport.close()


def test_too_large_names_the_limit_and_keeps_the_response_and_head():
    response = httpx.Response(200, content=b"abc")
    error = ResponseTooLarge(response, 2, b"ab")
    assert str(error) == "the body is longer than 2 bytes"
    assert (error.response, error.limit, error.head) == (response, 2, b"ab")


@pytest.mark.parametrize(("value", "seconds"), [(3, 3.0), (0.25, 0.25), (1e-9, 1e-9)])
def test_seconds_that_are_finite_and_positive_are_taken_as_floats(value, seconds):
    checked = check_seconds("deadline", value)
    assert checked == seconds and type(checked) is float


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (True, TypeError, "deadline must be a number of seconds, not bool"),
        ("5", TypeError, "deadline must be a number of seconds, not str"),
        (None, TypeError, "deadline must be a number of seconds, not NoneType"),
        (0, ValueError, "deadline must be a finite number of seconds > 0, not 0"),
        (-0.5, ValueError, "deadline must be a finite number of seconds > 0, not -0.5"),
        (math.inf, ValueError, "deadline must be a finite number of seconds > 0, not inf"),
        (math.nan, ValueError, "deadline must be a finite number of seconds > 0, not nan"),
    ],
)
def test_other_seconds_are_refused_with_a_message_naming_the_option(value, error, message):
    with pytest.raises(error) as raised:
        check_seconds("deadline", value)
    assert str(raised.value) == message
