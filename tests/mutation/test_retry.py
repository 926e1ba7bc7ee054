"""Retry rules at their edges: a clock that does not start at zero, a wait ending exactly at the budget, a
Retry-After exactly at the cap or given as a date in a non-UTC local time zone, the default jitter,
and which transport errors are retried (a server closing mid-answer is; a proxy or protocol error is
not). End to end against the fault server where a server's behaviour is the point."""

from __future__ import annotations

import logging
import random
import re
import time
from datetime import timedelta
from email.utils import format_datetime

import httpx
import pytest
from support.clock import WALL, FakeClock
from support.faults import Cut, Raw, Respond, fault_server

from oauth_clients import leegality
from oauth_clients._runtime.limits import DeadlineExceeded
from oauth_clients._runtime.retry import (
    ATTEMPTS_EXTENSION,
    DEFAULT_RETRY,
    IDEMPOTENT_EXTENSION,
    RETRY_EXTENSION,
    SYSTEM_CLOCK,
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    attempts_of,
    parse_retry_after,
)
from oauth_clients.errors import APIConnectionError, RateLimitError, ResponseTooLargeError, ServerError

OK = Respond(200, {"data": []})


def policy(clock: FakeClock, **changes) -> RetryPolicy:
    options = {
        "initial_backoff": 1.0,
        "multiplier": 2.0,
        "jitter": 0.0,
        "clock": clock,
        "random": lambda: 0.5,
    }
    return RetryPolicy(**{**options, **changes})


def call(server_url: str, retry: RetryPolicy):
    with leegality.AuthenticatedClient("tok", base_url=server_url, retry=retry) as api:
        return leegality.list_oauth2_clients.sync(client=api)


@pytest.mark.parametrize("start", [0.0, 1_000_000.0])
def test_the_budget_is_measured_from_the_start_of_the_call_whatever_the_clock_reads(start):
    clock = FakeClock(start)
    with fault_server(*[Respond(503)] * 10) as server, pytest.raises(ServerError):
        call(server.url, policy(clock, max_attempts=10, max_backoff=100.0, max_total_time=10.0))
    assert clock.sleeps == [1.0, 2.0, 4.0]  # the next wait, 8 s, would end at 15 s of a 10 s budget
    assert server.count == 4


def test_a_wait_that_would_end_exactly_at_the_budget_is_not_taken():
    clock = FakeClock(500.0)
    with fault_server(Respond(503), Respond(503), OK) as server, pytest.raises(ServerError):
        call(server.url, policy(clock, max_total_time=3.0))
    assert clock.sleeps == [1.0]  # then 2 s would end at 3 s: the budget's end, no time left to try
    assert server.count == 2


def test_a_wait_that_ends_just_before_the_budget_is_taken():
    clock = FakeClock(500.0)
    with fault_server(Respond(503), Respond(503), OK) as server:
        call(server.url, policy(clock, max_total_time=3.5))  # 0.5 s left for the last attempt
    assert clock.sleeps == [1.0, 2.0]
    assert server.count == 3


def test_a_retry_after_exactly_at_the_cap_is_honoured_and_one_beyond_it_is_not():
    clock = FakeClock(7.0)
    with fault_server(Respond(429, headers={"Retry-After": "30"}), OK) as server:
        call(server.url, policy(clock, max_retry_after=30.0))
    assert clock.sleeps == [30.0] and server.count == 2
    with (
        fault_server(Respond(429, headers={"Retry-After": "30.5"}), OK) as server,
        pytest.raises(RateLimitError),
    ):
        call(server.url, policy(clock, max_retry_after=30.0))
    assert clock.sleeps == [30.0] and server.count == 1


@pytest.mark.usefixtures("local_time_zone")
@pytest.mark.parametrize("zone", ["GMT", "-0000", "+0000"])
def test_a_retry_after_date_is_read_as_utc_whatever_the_local_time_zone(zone):
    assert time.localtime(0).tm_gmtoff == 5.5 * 3600  # the time zone really is not UTC
    date = format_datetime(WALL + timedelta(seconds=12)).replace("-0000", zone).replace("+0000", zone)
    assert parse_retry_after(date, WALL.timestamp()) == 12.0
    clock = FakeClock(0.0)
    with fault_server(Respond(429, headers={"Retry-After": date}), OK) as server:
        call(server.url, policy(clock))
    assert clock.sleeps == [12.0] and server.count == 2


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("-1", None),
        ("inf", None),
        ("nan", None),
        ("soon", None),
        ("", None),
        ("Tue, 01 Jan 2030 00:00:00 GMT", 0.0),  # a date in the past asks for no wait
        ("Tue, 01 Jan 2030 00:01:00 GMT", 60.0),
    ],
)
def test_parse_retry_after(value, seconds):
    assert (
        parse_retry_after(value, WALL.timestamp() + 30.0 if "00:00:00" in value else WALL.timestamp())
        == seconds
    )


def test_the_default_jitter_comes_from_the_random_module():
    assert DEFAULT_RETRY.random is random.random
    random.seed(1234)
    expected = [0.5 * (1.0 - 0.25 * random.random()) for _ in range(3)]
    random.seed(1234)
    assert [RetryPolicy().backoff(1) for _ in range(3)] == expected
    assert len(set(expected)) == 3  # it varies from call to call


def test_the_jitter_shortens_the_wait_by_its_share_of_random():
    clock = FakeClock(0.0)
    jittered = policy(clock, jitter=0.5, random=lambda: 0.25, initial_backoff=4.0, max_backoff=5.0)
    assert jittered.backoff(1) == 4.0 * (1 - 0.5 * 0.25)
    assert jittered.backoff(2) == 5.0 * (1 - 0.5 * 0.25)  # 8 s capped at 5 s first


def test_a_server_closing_the_connection_without_answering_is_retried():
    clock = FakeClock(3.0)
    with fault_server(Raw(lambda request: b""), OK) as server:
        call(server.url, policy(clock))
    assert clock.sleeps == [1.0] and server.count == 2


def test_a_server_closing_every_time_raises_a_connection_error_naming_the_attempts():
    clock = FakeClock(3.0)
    with fault_server(*[Raw(lambda request: b"")] * 3) as server, pytest.raises(APIConnectionError) as raised:
        call(server.url, policy(clock))
    assert raised.value.attempts == 3 and server.count == 3
    assert "RemoteProtocolError" in str(raised.value)


ERRORS = {
    "proxy": (httpx.ProxyError("the proxy refused"), 1),
    "local-protocol": (httpx.LocalProtocolError("our side got HTTP wrong"), 1),
    "unsupported-protocol": (httpx.UnsupportedProtocol("gopher"), 1),
    "remote-protocol": (httpx.RemoteProtocolError("peer closed"), 3),
    "read": (httpx.ReadError("reset"), 3),
    "timeout": (httpx.ReadTimeout("slow"), 3),
}


@pytest.mark.parametrize(("error", "attempts"), ERRORS.values(), ids=ERRORS.keys())
def test_network_errors_and_a_server_breaking_the_protocol_are_retried_and_our_side_s_errors_not(
    error, attempts
):
    clock = FakeClock(3.0)
    sent = []

    def fail(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        raise error

    with httpx.Client(transport=RetryTransport(httpx.MockTransport(fail), policy(clock))) as http:
        with pytest.raises(type(error)):
            http.get("http://api.test/")
    assert len(sent) == attempts
    assert clock.sleeps == [1.0, 2.0][: attempts - 1]


def test_a_deadline_that_passed_is_never_retried():
    clock = FakeClock(3.0)
    sent = []

    def late(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        raise DeadlineExceeded("the call took longer than its deadline")

    with httpx.Client(transport=RetryTransport(httpx.MockTransport(late), policy(clock))) as http:
        with pytest.raises(DeadlineExceeded):
            http.get("http://api.test/")
    assert len(sent) == 1 and clock.sleeps == []


def test_a_cycle_in_an_error_s_causes_is_walked_once():
    clock = FakeClock(3.0)
    sent = []

    def fail(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        error = httpx.ConnectError("refused")
        inner = OSError("refused by the peer")
        error.__cause__ = inner
        inner.__context__ = error  # a cycle: looking for a certificate error must still end
        raise error

    with httpx.Client(transport=RetryTransport(httpx.MockTransport(fail), policy(clock))) as http:
        with pytest.raises(httpx.ConnectError):
            http.get("http://api.test/")
    assert len(sent) == 3


def test_a_policy_retries_only_with_a_second_attempt_and_any_case_of_method():
    assert not RetryPolicy(max_attempts=1).retries("GET")
    assert RetryPolicy(max_attempts=2).retries("get")
    assert not RetryPolicy(max_attempts=2).retries("POST")


CHUNK = b"x" * 1024


def test_a_retried_response_is_read_up_to_64_kib_then_dropped():
    clock = FakeClock(3.0)
    pulled = []

    def body():
        for _ in range(1024):  # 1 MiB
            pulled.append(1)
            yield CHUNK

    answers = iter([httpx.Response(503, content=body()), httpx.Response(200, content=b"{}")])
    transport = RetryTransport(httpx.MockTransport(lambda request: next(answers)), policy(clock))
    with httpx.Client(transport=transport) as http:
        assert http.get("http://api.test/").status_code == 200
    assert len(pulled) == 65  # 65 KiB: the first read past 64 KiB stops it


async def test_a_retried_response_is_read_up_to_64_kib_then_dropped_async():
    clock = FakeClock(3.0)
    pulled = []

    async def body():
        for _ in range(1024):
            pulled.append(1)
            yield CHUNK

    answers = iter([httpx.Response(503, content=body()), httpx.Response(200, content=b"{}")])

    async def answer(request: httpx.Request) -> httpx.Response:
        return next(answers)

    transport = AsyncRetryTransport(httpx.MockTransport(answer), policy(clock))
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("http://api.test/")).status_code == 200
    assert len(pulled) == 65


@pytest.mark.parametrize(
    "accepted",
    [
        {"max_attempts": 1},
        {"jitter": 0.0},
        {"jitter": 1.0},
        {"multiplier": 1.0},
        {"initial_backoff": 0.0, "max_backoff": 0.0, "max_retry_after": 0.0, "max_total_time": 0.0},
    ],
)
def test_a_policy_accepts_its_bounds(accepted):
    assert RetryPolicy(**accepted) is not None


@pytest.mark.parametrize(
    ("refused", "message"),
    [
        ({"max_attempts": 0}, "max_attempts must be at least 1, not 0"),
        ({"jitter": 1.5}, "jitter must be between 0 and 1, not 1.5"),
        ({"jitter": -0.5}, "jitter must be between 0 and 1, not -0.5"),
        ({"multiplier": 0.5}, "multiplier must be at least 1, not 0.5"),
        ({"initial_backoff": -1.0}, "initial_backoff must be a number of seconds >= 0, not -1.0"),
        ({"max_backoff": float("nan")}, "max_backoff must be a number of seconds >= 0, not nan"),
        ({"max_retry_after": -2.0}, "max_retry_after must be a number of seconds >= 0, not -2.0"),
        ({"max_total_time": -3.0}, "max_total_time must be a number of seconds >= 0, not -3.0"),
    ],
)
def test_a_policy_refuses_what_is_out_of_bounds_by_name(refused, message):
    with pytest.raises(ValueError, match=r".") as raised:
        RetryPolicy(**refused)
    assert str(raised.value) == message


def test_the_system_clock_is_the_real_one():
    clock = SYSTEM_CLOCK
    assert repr(clock) == "SystemClock()"
    assert abs(clock.time() - time.time()) < 1.0
    started = clock.monotonic()
    clock.sleep(0.02)
    assert clock.monotonic() - started >= 0.02


async def test_the_system_clock_sleeps_without_blocking_the_loop():
    started = SYSTEM_CLOCK.monotonic()
    await SYSTEM_CLOCK.asleep(0.02)
    assert SYSTEM_CLOCK.monotonic() - started >= 0.02


def scripted(*steps):
    """A MockTransport handler answering each request with the next step (raising an error step)."""
    remaining = iter(steps)

    def answer(request: httpx.Request) -> httpx.Response:
        step = next(remaining)
        if isinstance(step, Exception):
            raise step
        return step

    return answer


def async_scripted(*steps):
    answer = scripted(*steps)

    async def answer_async(request: httpx.Request) -> httpx.Response:
        return answer(request)

    return answer_async


def steps() -> tuple[object, ...]:
    """A refused connection, a 503 asking for 2 s, then a 200 (new objects for each test)."""
    return (
        httpx.ConnectError("refused"),
        httpx.Response(503, headers={"Retry-After": "2"}),
        httpx.Response(200, content=b"{}"),
    )


EXPECTED_LINES = [
    ("DEBUG", r"GET http://api\.test/ -> ConnectError in \d+\.\d{3} s \(attempt 1 of 3\)"),
    ("INFO", r"retrying GET http://api\.test/ in 1\.00 s \(attempt 2 of 3\): ConnectError"),
    ("DEBUG", r"GET http://api\.test/ -> HTTP 503 in \d+\.\d{3} s \(attempt 2 of 3\)"),
    ("INFO", r"retrying GET http://api\.test/ in 2\.00 s \(attempt 3 of 3\): HTTP 503 \(Retry-After: 2\)"),
    ("DEBUG", r"GET http://api\.test/ -> HTTP 200 in \d+\.\d{3} s \(attempt 3 of 3\)"),
]


def assert_logged(caplog):
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "oauth_clients"]
    assert len(lines) == len(EXPECTED_LINES), lines
    for (level, line), (expected_level, pattern) in zip(lines, EXPECTED_LINES, strict=True):
        assert level == expected_level
        assert re.fullmatch(pattern, line), line
        if " in " in line and " s (attempt" in line:  # the attempt's own time, not a clock reading
            assert float(line.rsplit(" in ", 1)[1].split(" s ", 1)[0]) < 10.0


def test_each_attempt_and_retry_is_logged(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    clock = FakeClock(3.0)
    transport = RetryTransport(httpx.MockTransport(scripted(*steps())), policy(clock))
    with httpx.Client(transport=transport) as http:
        assert http.get("http://api.test/").status_code == 200
    assert_logged(caplog)


async def test_each_attempt_and_retry_is_logged_async(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    clock = FakeClock(3.0)
    transport = AsyncRetryTransport(httpx.MockTransport(async_scripted(*steps())), policy(clock))
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("http://api.test/")).status_code == 200
    assert_logged(caplog)
    assert clock.sleeps == [1.0, 2.0]


async def test_a_call_s_own_policy_overrides_the_transport_s_async():
    clock = FakeClock(3.0)
    transport = AsyncRetryTransport(
        httpx.MockTransport(async_scripted(httpx.Response(503), httpx.Response(200))), policy(clock)
    )
    async with httpx.AsyncClient(transport=transport) as http:
        request = http.build_request("GET", "http://api.test/")
        request.extensions[RETRY_EXTENSION] = RetryPolicy(max_attempts=1)
        assert (await http.send(request)).status_code == 503
    assert clock.sleeps == []


async def test_a_streamed_body_is_sent_again_on_a_retry_async():
    clock = FakeClock(3.0)
    bodies = []

    async def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(await request.aread())
        return httpx.Response(503 if len(bodies) == 1 else 200)

    async def body():
        yield b"part one, "
        yield b"part two"

    transport = AsyncRetryTransport(httpx.MockTransport(answer), policy(clock, max_attempts=2))
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.put("http://api.test/", content=body())).status_code == 200
    assert bodies == [b"part one, part two"] * 2


def test_a_backoff_too_large_for_a_float_is_the_longest_wait():
    assert policy(FakeClock(0.0), multiplier=10.0, max_backoff=7.0).backoff(400) == 7.0


def test_the_attempts_counted_on_a_request():
    assert attempts_of(httpx.Request("GET", "http://api.test/")) == 1
    counted = httpx.Request("GET", "http://api.test/", extensions={ATTEMPTS_EXTENSION: 3})
    assert attempts_of(counted) == 3
    forged = httpx.Request("GET", "http://api.test/", extensions={ATTEMPTS_EXTENSION: "3"})
    assert attempts_of(forged) == 1


def test_a_policy_is_enabled_only_with_a_second_attempt_and_a_method_to_retry():
    assert RetryPolicy().enabled
    assert not RetryPolicy.disabled().enabled
    assert RetryPolicy.disabled().max_attempts == 1
    assert not RetryPolicy(retry_methods=frozenset()).enabled
    assert RetryPolicy(max_attempts=2).enabled


@pytest.mark.parametrize(
    ("method", "declared", "attempts"), [("GET", False, 1), ("POST", True, 3), ("POST", None, 1)]
)
def test_the_spec_s_idempotence_decides_over_the_method(method, declared, attempts):
    clock = FakeClock(3.0)
    sent = []

    def fail(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)

    with httpx.Client(transport=RetryTransport(httpx.MockTransport(fail), policy(clock))) as http:
        request = http.build_request(method, "http://api.test/")
        if declared is not None:
            request.extensions[IDEMPOTENT_EXTENSION] = declared
        assert http.send(request).status_code == 503
    assert len(sent) == attempts


def test_a_call_s_own_policy_overrides_the_transport_s():
    clock = FakeClock(3.0)
    transport = RetryTransport(
        httpx.MockTransport(scripted(httpx.Response(503), httpx.Response(200))), policy(clock)
    )
    with httpx.Client(transport=transport) as http:
        request = http.build_request("GET", "http://api.test/")
        request.extensions[RETRY_EXTENSION] = RetryPolicy(max_attempts=1)
        assert http.send(request).status_code == 503
    assert clock.sleeps == []


def test_the_retry_line_shows_no_retry_after_when_none_came_and_40_characters_of_a_long_one(caplog):
    caplog.set_level(logging.INFO, logger="oauth_clients")
    long = "x" * 50
    with fault_server(Respond(502), Respond(503, headers={"Retry-After": long}), OK) as server:
        call(server.url, policy(FakeClock(0.0)))
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients"]
    assert lines[0].endswith("(attempt 2 of 3): HTTP 502")
    assert lines[1].endswith(f"(attempt 3 of 3): HTTP 503 (Retry-After: {'x' * 40})")


def streamed():
    yield b'{"name": '
    yield b'"x"}'


async def astreamed():
    yield b'{"name": '
    yield b'"x"}'


def test_a_streamed_body_is_sent_again_with_two_attempts():
    clock = FakeClock(0.0)
    with fault_server(Respond(503), OK) as server:
        transport = RetryTransport(httpx.HTTPTransport(), policy(clock, max_attempts=2))
        with httpx.Client(transport=transport) as http:
            assert http.put(server.url, content=streamed()).status_code == 200
    assert [r.body for r in server.requests] == [b'{"name": "x"}'] * 2


async def test_a_streamed_body_is_sent_again_with_two_attempts_async():
    clock = FakeClock(0.0)
    with fault_server(Respond(503), OK) as server:
        transport = AsyncRetryTransport(httpx.AsyncHTTPTransport(), policy(clock, max_attempts=2))
        async with httpx.AsyncClient(transport=transport) as http:
            assert (await http.put(server.url, content=astreamed())).status_code == 200
    assert [r.body for r in server.requests] == [b'{"name": "x"}'] * 2


CUT_LINE = (
    r"GET http://127\.0\.0\.1:\d+/ -> HTTP 200, then RemoteProtocolError in \d+\.\d{3} s \(attempt 2 of 2\)"
)


def test_a_body_cut_short_names_its_request_and_is_logged_after_its_status(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with fault_server(Cut(), Cut()) as server:
        transport = RetryTransport(httpx.HTTPTransport(), policy(FakeClock(0.0), max_attempts=2))
        with httpx.Client(transport=transport) as http, pytest.raises(httpx.RemoteProtocolError) as raised:
            http.get(f"{server.url}/")
    assert str(raised.value.request.url) == f"{server.url}/"
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients" and r.levelname == "DEBUG"]
    assert re.fullmatch(CUT_LINE, lines[-1]), lines


async def test_a_body_cut_short_names_its_request_and_is_logged_after_its_status_async(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with fault_server(Cut(), Cut()) as server:
        transport = AsyncRetryTransport(httpx.AsyncHTTPTransport(), policy(FakeClock(0.0), max_attempts=2))
        async with httpx.AsyncClient(transport=transport) as http:
            with pytest.raises(httpx.RemoteProtocolError) as raised:
                await http.get(f"{server.url}/")
    assert str(raised.value.request.url) == f"{server.url}/"
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients" and r.levelname == "DEBUG"]
    assert re.fullmatch(CUT_LINE, lines[-1]), lines


def test_a_request_without_timeouts_is_retried_too():
    clock = FakeClock(0.0)
    transport = RetryTransport(
        httpx.MockTransport(scripted(httpx.Response(503), httpx.Response(200))), policy(clock)
    )
    response = transport.handle_request(httpx.Request("GET", "http://api.test/"))  # no "timeout" set
    assert response.status_code == 200 and clock.sleeps == [1.0]


def test_a_retry_that_would_wait_past_the_call_s_deadline_is_not_made():
    clock = FakeClock(0.0)
    with fault_server(Respond(503, headers={"Retry-After": "5"}), OK) as server:
        retry = policy(clock)
        with leegality.AuthenticatedClient("tok", base_url=server.url, retry=retry, deadline=2.0) as api:
            with pytest.raises(ServerError) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 1 and clock.sleeps == [] and raised.value.attempts == 1


TOO_LARGE_LINE = (
    r"GET http://127\.0\.0\.1:\d+/api/v1/oauth2-clients -> HTTP 200, then ResponseTooLarge "
    r"in \d+\.\d{3} s \(attempt 1 of 3\)"
)


def test_a_body_too_large_is_logged_after_its_status(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with fault_server(Respond(200, {"data": ["x" * 100]})) as server:
        with leegality.AuthenticatedClient(
            "tok", base_url=server.url, retry=policy(FakeClock(0.0)), max_response_bytes=10
        ) as api:
            with pytest.raises(ResponseTooLargeError):
                leegality.list_oauth2_clients.sync(client=api)
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients" and r.levelname == "DEBUG"]
    assert re.fullmatch(TOO_LARGE_LINE, lines[-1]), lines


async def test_a_body_too_large_is_logged_after_its_status_async(caplog):
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    with fault_server(Respond(200, {"data": ["x" * 100]})) as server:
        async with leegality.AuthenticatedClient(
            "tok", base_url=server.url, retry=policy(FakeClock(0.0)), max_response_bytes=10
        ) as api:
            with pytest.raises(ResponseTooLargeError):
                await leegality.list_oauth2_clients.asyncio(client=api)
    lines = [r.getMessage() for r in caplog.records if r.name == "oauth_clients" and r.levelname == "DEBUG"]
    assert re.fullmatch(TOO_LARGE_LINE, lines[-1]), lines


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
async def test_a_body_too_large_names_the_request_that_got_it(asynchronous):
    # The response is read inside the retry transport, before httpx gives it its request: the
    # transport sets it, so the error says which request (and how many attempts) got the body.
    with fault_server(Respond(200, {"data": ["x" * 100]})) as server:
        async with leegality.AuthenticatedClient(
            "tok", base_url=server.url, retry=policy(FakeClock(0.0)), max_response_bytes=10
        ) as api:
            call = leegality.list_oauth2_clients.asyncio(client=api) if asynchronous else None
            with pytest.raises(ResponseTooLargeError) as raised:
                await call if call is not None else leegality.list_oauth2_clients.sync(client=api)
    assert str(raised.value.request) == f"GET {server.url}/api/v1/oauth2-clients"
    assert raised.value.attempts == 1
