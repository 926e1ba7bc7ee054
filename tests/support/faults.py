"""A fault-injecting HTTP server of our own on 127.0.0.1 that answers each request from a script.

    with fault_server(Respond(503), Reset(), Respond(200, {"data": []})) as server:
        ...  # the first request gets a 503, the second a reset connection, the third a 200
    assert server.count == 3

Actions: `Respond` (status, headers, body), `Reset` (close the connection with a TCP RST instead of
answering) and `Hang` (read the request, never answer; released when the server shuts down, so
leaving the `with` block never hangs). A request beyond the script gets a 500 "script exhausted",
which no retry policy retries, so a test that expects fewer requests fails loudly.

Hostile actions: `Echo` (a body made from the request, e.g. the credential sent back), `Raw`
(bytes that need not be HTTP, made from the request), `Drip` (one
byte at a time, into the headers or the body), `Cut` (the headers and part of the body, then the
connection closed or stalled).
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from support.server import serving


@dataclass(frozen=True)
class Respond:
    status: int = 200
    body: Any = field(default_factory=lambda: {"data": []})
    headers: Mapping[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        return self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()


@dataclass(frozen=True)
class Reset:
    """Close the connection with a TCP RST (SO_LINGER 0) instead of answering."""


@dataclass(frozen=True)
class Hang:
    """Read the request and never answer, until the server shuts down."""


@dataclass(frozen=True)
class Echo:
    """Answer with a body made from the request (`render` gets it), e.g. the credential echoed;
    also in the header `echo_header`, when given."""

    render: Callable[[Received], bytes]
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    echo_header: str | None = None


@dataclass(frozen=True)
class Drip:
    """Send a response one byte every `interval` seconds, from the status line (`headers=True`)
    or from the body on; never more than `limit` bytes of it. Ends when the server shuts down."""

    interval: float = 0.5
    headers: bool = False
    limit: int = 10_000


@dataclass(frozen=True)
class Cut:
    """Send the headers (announcing `length` bytes) and `sent` bytes of body, then close the
    connection (with a TCP RST when `reset=True`), or hold it silent (`stall=True`) until the server
    shuts down."""

    length: int = 1000
    sent: int = 10
    stall: bool = False
    reset: bool = False


@dataclass(frozen=True)
class Raw:
    """Send `render(request)` as it is (no status line or headers of ours), then close."""

    render: Callable[[Received], bytes]


Action = Respond | Reset | Hang | Echo | Drip | Cut | Raw
EXHAUSTED = Respond(500, {"error": "script exhausted"})


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FaultServer:
    url: str
    requests: list[Received]

    @property
    def count(self) -> int:
        return len(self.requests)


@contextmanager
def fault_server(*script: Action, tls: ssl.SSLContext | None = None) -> Iterator[FaultServer]:
    """Serve `script` on 127.0.0.1: the n-th request (over any connection) gets the n-th action.

    Over HTTPS when given a server-side `tls` context.
    """
    requests: list[Received] = []
    lock = threading.Lock()
    released = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real APIs do

        def serve(self) -> None:
            body = self.read_body()
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                requests.append(Received(self.command, self.path, headers, body))
                number = len(requests)
            action = script[number - 1] if number <= len(script) else EXHAUSTED
            if isinstance(action, Reset):
                self.close_connection = True
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()
                self.connection.close()  # the last reference: the RST goes out now
            elif isinstance(action, Hang):
                self.close_connection = True
                released.wait(timeout=30)
            elif isinstance(action, Echo):
                payload = action.render(requests[number - 1])
                headers = {"Content-Type": "text/plain", **action.headers}
                if action.echo_header:
                    headers[action.echo_header] = payload.decode("latin-1").replace("\n", " ")
                self.answer(action.status, headers, payload)
            elif isinstance(action, Raw):
                self.close_connection = True
                self.wfile.write(action.render(requests[number - 1]))
            elif isinstance(action, Drip):
                self.drip(action)
            elif isinstance(action, Cut):
                self.close_connection = True
                head = f"HTTP/1.1 200 OK\r\nContent-Length: {action.length}\r\n\r\n"
                self.wfile.write(head.encode() + b"[" * action.sent)
                self.wfile.flush()
                if action.stall:
                    released.wait(timeout=30)
                elif action.reset:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.rfile.close()
                    self.wfile.close()
                    self.connection.close()
            else:
                payload = action.encoded()
                self.send_response(action.status)
                headers = {"Content-Type": "application/json", **action.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

        def answer(self, status: int, headers: Mapping[str, str], payload: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def drip(self, action: Drip) -> None:
            self.close_connection = True
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            body = b"[" + b"0," * action.limit
            if action.headers:
                stream = head + b"X-Slow: " + b"a" * action.limit
            else:
                self.wfile.write(head + b"\r\n")  # no length: the body ends when the connection does
                stream = body
            for index in range(min(len(stream), action.limit)):
                try:
                    self.wfile.write(stream[index : index + 1])
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return
                if released.wait(timeout=action.interval):
                    return

        def read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""
            chunks: list[bytes] = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return b"".join(chunks)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = serve

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

    with serving(Handler, tls) as url:
        try:
            yield FaultServer(url, requests)
        finally:
            released.set()  # let handlers that hold a connection go, so shutdown does not wait
