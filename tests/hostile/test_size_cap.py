"""`max_response_bytes=` stops reading a body past the cap, counting the bytes httpx decodes.

A gzip (or deflate) bomb from a server of ours on 127.0.0.1 — a few hundred KiB that inflate to
300 MiB — raises `ResponseTooLargeError` (an `APIError`) with the peak memory of the read, measured
with tracemalloc, within 50 MiB of the cap.
"""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
import zlib
from functools import cache

import pytest
from hostile_support import SENTINEL
from support.faults import Respond, fault_server

from oauth_clients import leegality
from oauth_clients._runtime.limits import DEFAULT_MAX_RESPONSE_BYTES
from oauth_clients._runtime.retry import RetryPolicy
from oauth_clients.errors import APIError, ResponseDecodeError, ResponseTooLargeError

MiB = 2**20
MARGIN = 50 * MiB
INFLATED = 300 * MiB


@cache
def bomb(encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(b"0" * INFLATED, 9)
    return zlib.compress(b"0" * INFLATED, 9)


def api(url: str, **options) -> leegality.AuthenticatedClient:
    return leegality.AuthenticatedClient(SENTINEL, base_url=url, **options)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
@pytest.mark.parametrize("cap", [4 * MiB, DEFAULT_MAX_RESPONSE_BYTES], ids=["4MiB", "default"])
def test_a_compression_bomb_stops_at_the_cap_in_bounded_memory(cap, encoding):
    body = bomb(encoding)
    assert len(body) < MiB
    options = {} if cap == DEFAULT_MAX_RESPONSE_BYTES else {"max_response_bytes": cap}
    with fault_server(Respond(200, body, {"Content-Encoding": encoding})) as server:
        with api(server.url, retry=None, **options) as c:
            tracemalloc.start()
            try:
                started = time.monotonic()
                with pytest.raises(ResponseTooLargeError) as raised:
                    leegality.list_oauth2_clients.sync(client=c)
                elapsed = time.monotonic() - started
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
    assert peak < cap + MARGIN, f"peak {peak / MiB:.0f} MiB"
    assert elapsed < 30.0
    error = raised.value
    assert isinstance(error, APIError) and error.status_code == 200
    assert f"max_response_bytes={cap}" in str(error)
    assert 0 < len(error.body) <= 64 * 1024  # the start of it, for the excerpt


async def test_async_a_compression_bomb_stops_at_the_cap_in_bounded_memory():
    cap = 4 * MiB
    with fault_server(Respond(200, bomb("gzip"), {"Content-Encoding": "gzip"})) as server:
        async with api(server.url, retry=None, max_response_bytes=cap) as c:
            tracemalloc.start()
            try:
                with pytest.raises(ResponseTooLargeError):
                    await leegality.list_oauth2_clients.asyncio(client=c)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
    assert peak < cap + MARGIN


def test_a_plain_body_one_byte_over_the_cap_is_refused_and_one_at_it_is_read():
    body = b'{"data": []}' + b" " * 100
    with fault_server(Respond(200, body), Respond(200, body)) as server:
        with api(server.url, max_response_bytes=len(body) - 1) as c, pytest.raises(ResponseTooLargeError):
            leegality.list_oauth2_clients.sync(client=c)
        with api(server.url, max_response_bytes=len(body)) as c:
            assert leegality.list_oauth2_clients.sync(client=c).to_dict() == {"data": []}


def test_an_error_status_with_a_body_too_large_is_too_large():
    with fault_server(Respond(404, b"x" * 5000)) as server, api(server.url, max_response_bytes=1000) as c:
        with pytest.raises(ResponseTooLargeError) as raised:
            leegality.list_oauth2_clients.sync(client=c)
    assert raised.value.status_code == 404 and raised.value.body == b"x" * 1000


def test_the_body_of_a_retried_status_is_never_inflated():
    retried = Respond(503, bomb("gzip"), {"Content-Encoding": "gzip"})
    quick = RetryPolicy(initial_backoff=0.01, max_backoff=0.01)
    with fault_server(retried, Respond(200, {"data": []})) as server, api(server.url, retry=quick) as c:
        tracemalloc.start()
        try:
            assert leegality.list_oauth2_clients.sync(client=c).to_dict() == {"data": []}
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 10 * MiB and server.count == 2


def test_the_default_cap_is_64_mib():
    assert 64 * MiB == DEFAULT_MAX_RESPONSE_BYTES
    assert leegality.AuthenticatedClient("tok").max_response_bytes == 64 * MiB


@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-5, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_the_cap_must_be_a_positive_whole_number(value, error):
    with pytest.raises(error, match="max_response_bytes"):
        leegality.AuthenticatedClient("tok", max_response_bytes=value)


def test_stacked_encodings_are_inflated_within_the_cap_too():
    layered = gzip.compress(gzip.compress(gzip.compress(b"0" * INFLATED, 9), 9), 9)  # a few KiB
    headers = {"Content-Encoding": "gzip, gzip, gzip"}
    with fault_server(Respond(200, layered, headers)) as server, api(server.url, max_response_bytes=MiB) as c:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError):
                leegality.list_oauth2_clients.sync(client=c)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert len(layered) < 64 * 1024 and peak < MiB + MARGIN


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw", "gzip, deflate"])
def test_a_compressed_body_within_the_cap_is_read_as_sent(encoding):
    payload = json.dumps({"data": [{"clientId": f"id-{n}"} for n in range(2000)]}).encode()
    compress = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "deflate-raw": lambda data: zlib.compress(data)[2:-4],  # as some servers send "deflate"
        "gzip, deflate": lambda data: zlib.compress(gzip.compress(data)),
    }[encoding]
    header = "deflate" if encoding == "deflate-raw" else encoding
    with (
        fault_server(Respond(200, compress(payload), {"Content-Encoding": header})) as server,
        api(server.url) as c,
    ):
        detailed = leegality.list_oauth2_clients.sync_detailed(client=c)
    assert detailed.content == payload and detailed.parsed is not None
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_a_body_that_does_not_inflate_is_a_decode_error(asynchronous):
    broken = Respond(200, b"\x1f\x8b\x08\x00not gzip at all", {"Content-Encoding": "gzip"})
    with fault_server(broken) as server:
        async with api(server.url, retry=None) as c:
            call = leegality.list_oauth2_clients.asyncio(client=c) if asynchronous else None
            with pytest.raises(ResponseDecodeError, match=r"HTTP 200: the body is not valid gzip") as raised:
                await call if call is not None else leegality.list_oauth2_clients.sync(client=c)
    assert raised.value.status_code == 200
