"""collect() fetches at most MAX_ACCOUNTS_PER_HOST accounts of one API host at a time (real HTTP,
a server of ours on 127.0.0.1 that counts the requests in flight)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oauth_clients import leegality
from oauth_clients.inventory import LeegalitySource, collect
from oauth_clients.inventory.collector import MAX_ACCOUNTS_PER_HOST

LISTING = json.dumps({"status": 1, "messages": [], "data": []}).encode()


class InFlight:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.count = 0


def counting_handler(flight: InFlight, delay: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with flight.lock:
                flight.now += 1
                flight.count += 1
                flight.most = max(flight.most, flight.now)
            time.sleep(delay)
            with flight.lock:
                flight.now -= 1
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(LISTING)))
            self.end_headers()
            self.wfile.write(LISTING)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 would itself limit the requests in flight
    daemon_threads = True


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def test_accounts_of_one_host_are_fetched_at_most_so_many_at_a_time():
    flight = InFlight()
    accounts = MAX_ACCOUNTS_PER_HOST + 8
    with serving(counting_handler(flight, 0.3)) as url:
        sources = [
            LeegalitySource(
                leegality.AuthenticatedClient(f"token-{i:04d}-bounds-test", base_url=url), account=f"a{i}"
            )
            for i in range(accounts)
        ]
        started = time.monotonic()
        result = await collect(sources)
        took = time.monotonic() - started
    assert result.ok, result.failures
    assert flight.count == accounts
    assert flight.most == MAX_ACCOUNTS_PER_HOST
    assert took >= 0.55  # two rounds of 0.3 s


async def test_two_hosts_do_not_wait_for_each_other():
    first, second = InFlight(), InFlight()
    with serving(counting_handler(first, 0.3)) as one, serving(counting_handler(second, 0.3)) as other:
        # 127.0.0.1 and localhost are two hosts for the bound, as two vendors would be.
        other = other.replace("127.0.0.1", "localhost")
        sources = [
            LeegalitySource(
                leegality.AuthenticatedClient(f"token-{i:04d}-bounds-test", base_url=url), account=f"a{i}"
            )
            for i in range(MAX_ACCOUNTS_PER_HOST)
            for url in (one, other)
        ]
        started = time.monotonic()
        result = await collect(sources)
        took = time.monotonic() - started
    assert result.ok, result.failures
    assert first.most == second.most == MAX_ACCOUNTS_PER_HOST
    assert took < 0.55  # one round for both hosts
