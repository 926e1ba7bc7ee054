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


def counting_handler(delay: float, *flights: InFlight) -> type[BaseHTTPRequestHandler]:
    """Answers the listing after `delay` s, counting its requests in every one of `flights`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            for flight in flights:
                with flight.lock:
                    flight.now += 1
                    flight.count += 1
                    flight.most = max(flight.most, flight.now)
            time.sleep(delay)
            for flight in flights:
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
def serving(handler: type[BaseHTTPRequestHandler], address: str = "127.0.0.1") -> Iterator[str]:
    server = _Server((address, 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def test_accounts_of_one_host_are_fetched_at_most_so_many_at_a_time():
    flight = InFlight()
    accounts = MAX_ACCOUNTS_PER_HOST + 8
    with serving(counting_handler(0.3, flight)) as url:
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
    first, second, both = InFlight(), InFlight(), InFlight()
    # 127.0.0.1 and 127.0.0.2 are two hosts for the bound, as two vendors would be.
    with (
        serving(counting_handler(0.5, first, both)) as one,
        serving(counting_handler(0.5, second, both), "127.0.0.2") as other,
    ):
        sources = [
            LeegalitySource(
                leegality.AuthenticatedClient(f"token-{i:04d}-bounds-test", base_url=url), account=f"a{i}"
            )
            for i in range(MAX_ACCOUNTS_PER_HOST)
            for url in (one, other)
        ]
        result = await collect(sources)
    assert result.ok, result.failures
    assert first.most == second.most == MAX_ACCOUNTS_PER_HOST
    assert both.most == 2 * MAX_ACCOUNTS_PER_HOST  # both hosts' accounts were in flight together
