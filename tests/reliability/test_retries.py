"""Retries: the right attempts, the right waits (on a fake clock), and typed errors at the end.

End-to-end cases call the real generated clients against the fault-injecting server in
support/faults.py; the transports' finer rules are tested with httpx.MockTransport.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime

import httpx
import pytest
from support.clock import WALL, FakeClock
from support.faults import Hang, Reset, Respond, fault_server

import oauth_clients
from oauth_clients import leegality
from oauth_clients._runtime.client import DEFAULT_TIMEOUT, ApiClient, Credential
from oauth_clients._runtime.retry import (
    ATTEMPTS_EXTENSION,
    DEFAULT_RETRY,
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    parse_retry_after,
)
from oauth_clients.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)

OK = Respond(200, {"data": []})
PATH = "/api/v1/oauth2-clients"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def policy(clock: FakeClock, **changes) -> RetryPolicy:
    """Waits of 1 s, 2 s, 4 s, ... each shortened by 0.25 * 0.5 of itself: 0.875, 1.75, 3.5, ..."""
    options = {
        "initial_backoff": 1.0,
        "multiplier": 2.0,
        "jitter": 0.25,
        "clock": clock,
        "random": lambda: 0.5,
    }
    return RetryPolicy(**{**options, **changes})


def client(server_url: str, retry: RetryPolicy | None, **options) -> leegality.AuthenticatedClient:
    return leegality.AuthenticatedClient("tok", base_url=server_url, retry=retry, **options)


# --- defaults and the public name ------------------------------------------------------------------


def test_the_defaults_are_the_documented_ones():
    default = RetryPolicy()
    assert (default.max_attempts, default.initial_backoff, default.multiplier, default.max_backoff) == (
        3,
        0.5,
        2.0,
        8.0,
    )
    assert (default.jitter, default.max_retry_after, default.max_total_time) == (0.25, 30.0, 60.0)
    assert default.retry_statuses == {429, 502, 503, 504}
    assert default.retry_methods == {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
    assert default == DEFAULT_RETRY
    assert leegality.AuthenticatedClient("tok").retry == default
    assert leegality.AuthenticatedClient("tok").timeout == DEFAULT_TIMEOUT
    assert leegality.AuthenticatedClient("tok", retry=None).retry == RetryPolicy.disabled()
    assert RetryPolicy.disabled().max_attempts == 1 and not RetryPolicy.disabled().enabled


def test_retry_policy_is_exported_without_loading_a_provider():
    code = (
        "import sys; from oauth_clients import RetryPolicy; "
        "print(RetryPolicy.__name__, sorted(m for m in sys.modules if m.startswith('oauth_clients.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split(" ", 1)[0] == "RetryPolicy"
    assert not any(f"oauth_clients.{provider}'" in out for provider in oauth_clients.PROVIDERS)
    assert "RetryPolicy" in oauth_clients.__all__ and oauth_clients.RetryPolicy is RetryPolicy


@pytest.mark.parametrize(
    "change",
    [
        {"max_attempts": 0},
        {"jitter": 1.5},
        {"jitter": -0.1},
        {"multiplier": 0.5},
        {"initial_backoff": -1.0},
        {"max_total_time": float("nan")},
        {"max_retry_after": -1.0},
    ],
)
def test_a_policy_refuses_nonsense(change):
    with pytest.raises(ValueError, match=next(iter(change))):
        RetryPolicy(**change)


# --- the waits -------------------------------------------------------------------------------------


def test_waits_grow_exponentially_and_are_capped(clock):
    capped = policy(clock, jitter=0.0, max_backoff=5.0)
    assert [capped.backoff(n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert capped.backoff(100_000) == 5.0  # no overflow for absurd attempt numbers
    jittered = policy(clock, max_backoff=5.0, random=lambda: 1.0)
    assert [jittered.backoff(n) for n in range(1, 5)] == [0.75, 1.5, 3.0, 3.75]  # at most 25 % shorter


def test_the_waits_between_attempts_are_the_backoff_sequence(clock):
    statuses = iter([503] * 6 + [200])
    transport = RetryTransport(
        httpx.MockTransport(lambda request: httpx.Response(next(statuses))),
        policy(clock, jitter=0.0, max_backoff=5.0, max_attempts=7, max_total_time=1000.0),
    )
    with httpx.Client(transport=transport) as http:
        assert http.get("http://api.test/").status_code == 200
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-1", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("", None),
        (format_datetime(WALL + timedelta(seconds=12), usegmt=True), 12.0),
        ("Tue, 01 Jan 2030 00:00:30 -0000", 30.0),
        (format_datetime(WALL - timedelta(hours=1), usegmt=True), 0.0),  # in the past: now
    ],
)
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value, WALL.timestamp()) == seconds


# --- statuses, end to end --------------------------------------------------------------------------


def test_503_503_200_succeeds_on_the_third_attempt_after_the_computed_waits(clock):
    with fault_server(Respond(503), Respond(503), OK) as server:
        with client(server.url, policy(clock)) as api:
            assert leegality.list_oauth2_clients.sync(client=api).to_dict() == {"data": []}
    assert server.count == 3
    assert [(r.method, r.path, r.headers["x-auth-token"]) for r in server.requests] == [
        ("GET", PATH, "tok")
    ] * 3
    assert clock.sleeps == [0.875, 1.75]


def test_the_detailed_response_tells_how_many_attempts_it_took(clock):
    with fault_server(Respond(502), OK, OK) as server:
        with client(server.url, policy(clock)) as api:
            retried = leegality.list_oauth2_clients.sync_detailed(client=api)
            first_time = leegality.list_oauth2_clients.sync_detailed(client=api)
    assert retried.status_code == 200 and retried.attempts == 2
    assert first_time.status_code == 200 and first_time.attempts == 1
    assert "attempts=2" in repr(retried)
    for response in (retried, first_time):  # the headers are the server's, and only those
        assert not any(name.startswith("x-oauth-clients") for name in response.headers)


def test_a_server_cannot_set_the_attempt_count(clock):
    forged = {"x-oauth-clients-attempts": "42"}
    with fault_server(Respond(200, headers=forged), Respond(404, headers=forged)) as server:
        with client(server.url, policy(clock)) as api:
            detailed = leegality.list_oauth2_clients.sync_detailed(client=api)
            with pytest.raises(APIStatusError) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert detailed.attempts == 1 and detailed.headers["x-oauth-clients-attempts"] == "42"
    assert raised.value.attempts == 1 and "attempts" not in str(raised.value)


def test_when_the_attempts_run_out_the_last_status_is_a_typed_error_naming_them(clock):
    with fault_server(Respond(503), Respond(504), Respond(503), OK) as server:
        with client(server.url, policy(clock)) as api:
            with pytest.raises(ServerError, match=r"HTTP 503: .* \(after 3 attempts\)") as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 3 and raised.value.attempts == 3 and raised.value.status_code == 503
    assert clock.sleeps == [0.875, 1.75]


def test_a_status_that_is_not_retryable_is_not_retried(clock):
    with fault_server(Respond(500), OK) as server:
        with client(server.url, policy(clock)) as api:
            with pytest.raises(ServerError) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 1 and raised.value.attempts == 1 and clock.sleeps == []
    assert "attempts" not in str(raised.value)


def test_429_with_retry_after_seconds_waits_that_long(clock):
    with fault_server(Respond(429, headers={"Retry-After": "7"}), OK) as server:
        with client(server.url, policy(clock)) as api:
            leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 2 and clock.sleeps == [7.0]


def test_429_with_retry_after_as_an_http_date_waits_until_then(clock):
    date = format_datetime(WALL + timedelta(seconds=12), usegmt=True)
    with fault_server(Respond(429, headers={"Retry-After": date}), OK) as server:
        with client(server.url, policy(clock)) as api:
            leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 2 and clock.sleeps == [12.0]


def test_an_unreadable_retry_after_falls_back_to_the_backoff(clock):
    with fault_server(Respond(503, headers={"Retry-After": "soon"}), OK) as server:
        with client(server.url, policy(clock)) as api:
            leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 2 and clock.sleeps == [0.875]


def test_a_retry_after_beyond_the_cap_stops_and_raises_rate_limit_error(clock):
    with fault_server(Respond(429, headers={"Retry-After": "120"}), OK) as server:
        with client(server.url, policy(clock, max_retry_after=30.0)) as api:
            with pytest.raises(RateLimitError) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 1 and clock.sleeps == [] and raised.value.attempts == 1
    assert raised.value.headers["retry-after"] == "120"  # the caller can still see what was asked


def test_the_total_time_budget_stops_the_retries(clock):
    budget = policy(clock, jitter=0.0, max_attempts=10, max_backoff=100.0, max_total_time=10.0)
    with fault_server(*[Respond(503)] * 10) as server:
        with client(server.url, budget) as api:
            with pytest.raises(ServerError) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    # waits 1, 2, 4 end at 7 s; the next (8 s) would end at 15 s, past the 10 s budget
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert server.count == 4 and raised.value.attempts == 4


def test_the_budget_counts_time_spent_in_attempts_and_shortens_the_timeouts_of_retries(clock):
    seen: list[float] = []

    def slow_503(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"]["read"])
        clock.now += 4.0  # each attempt takes 4 s
        return httpx.Response(503)

    budget = policy(clock, jitter=0.0, max_attempts=10, max_backoff=100.0, max_total_time=20.0)
    with httpx.Client(transport=RetryTransport(httpx.MockTransport(slow_503), budget), timeout=30.0) as http:
        assert http.get("http://api.test/").status_code == 503
    # attempt 1 at 0 s, then 4 + 1; 9 + 2; 15 + 4 = 19: 1 s left; then 23 + 8 is past 20 s
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert seen == [30.0, 15.0, 9.0, 1.0]


def test_a_retry_after_that_would_overrun_the_budget_is_not_waited_for(clock):
    with fault_server(Respond(429, headers={"Retry-After": "25"}), OK) as server:
        with client(server.url, policy(clock, max_retry_after=30.0, max_total_time=20.0)) as api:
            with pytest.raises(RateLimitError):
                leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 1 and clock.sleeps == []


# --- connection failures, end to end ---------------------------------------------------------------


def test_a_reset_connection_is_retried(clock):
    with fault_server(Reset(), OK) as server:
        with client(server.url, policy(clock)) as api:
            leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 2 and clock.sleeps == [0.875]


def test_resets_until_the_attempts_run_out_raise_api_connection_error(clock):
    with fault_server(Reset(), Reset(), Reset(), OK) as server:
        with client(server.url, policy(clock)) as api:
            with pytest.raises(
                APIConnectionError, match=r"connection failed .* \(after 3 attempts\)"
            ) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert not isinstance(raised.value, APITimeoutError)
    assert server.count == 3 and raised.value.attempts == 3 and clock.sleeps == [0.875, 1.75]


def test_a_refused_connection_is_retried_then_raises(clock):
    with client("http://127.0.0.1:9", policy(clock)) as api:  # the discard port: nothing listens
        with pytest.raises(APIConnectionError) as raised:
            leegality.list_oauth2_clients.sync(client=api)
    assert raised.value.attempts == 3 and clock.sleeps == [0.875, 1.75]


def test_a_server_that_never_answers_times_out_after_a_bounded_number_of_attempts(clock):
    started = time.perf_counter()
    with fault_server(Hang(), Hang(), OK) as server:
        with client(server.url, policy(clock, max_attempts=2), timeout=0.2) as api:
            with pytest.raises(APITimeoutError, match=r"timed out \(ReadTimeout\) \(after 2 attempts\)"):
                leegality.list_oauth2_clients.sync(client=api)
    assert time.perf_counter() - started < 3.0  # two 0.2 s read timeouts, and leaving never hangs
    assert server.count == 2 and clock.sleeps == [0.875]


def test_an_unverifiable_certificate_is_not_retried(clock, unsigned_certificate):
    with fault_server(OK, OK, OK, tls=unsigned_certificate.server_context) as server:
        with client(server.url, policy(clock)) as api:
            with pytest.raises(APIConnectionError) as raised:
                leegality.list_oauth2_clients.sync(client=api)
        # ... and `verify` still reaches the transport that the client builds to wrap
        with client(server.url, policy(clock), verify=False) as api:
            assert leegality.list_oauth2_clients.sync(client=api).to_dict() == {"data": []}
    assert raised.value.attempts == 1 and clock.sleeps == [] and server.count == 1


# --- which requests are retried --------------------------------------------------------------------


@pytest.mark.parametrize("first", [Respond(503), Reset()], ids=["503", "reset"])
def test_a_non_idempotent_method_is_not_retried(clock, first):
    with fault_server(first, first, OK) as server:
        with httpx.Client(transport=RetryTransport(httpx.HTTPTransport(), policy(clock))) as http:
            if isinstance(first, Reset):
                with pytest.raises(httpx.TransportError):
                    http.post(server.url, json={"name": "x"})
            else:
                assert http.post(server.url, json={"name": "x"}).status_code == 503
            assert server.count == 1 and clock.sleeps == []
            assert http.get(server.url).status_code == 200  # the same transport does retry a GET
    assert server.count == 3 and clock.sleeps == [0.875]


def test_a_retried_put_sends_its_streamed_body_again(clock):
    def body() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"x"}'

    with fault_server(Respond(503), OK) as server:
        with httpx.Client(transport=RetryTransport(httpx.HTTPTransport(), policy(clock))) as http:
            assert http.put(server.url, content=body()).status_code == 200
    assert [r.body for r in server.requests] == [b'{"name": "x"}'] * 2


@pytest.mark.parametrize("disabled", [None, RetryPolicy.disabled()], ids=["None", "disabled()"])
@pytest.mark.parametrize("first", [Respond(503), Reset()], ids=["503", "reset"])
def test_disabled_retries_make_exactly_one_attempt(first, disabled):
    with fault_server(first, OK) as server:
        with client(server.url, disabled) as api:
            with pytest.raises((ServerError, APIConnectionError)) as raised:
                leegality.list_oauth2_clients.sync(client=api)
    assert server.count == 1 and raised.value.attempts == 1 and "attempts" not in str(raised.value)


def test_discarded_responses_are_read_and_closed(clock):
    closed: list[bool] = []

    class Body(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield b"busy"

        def close(self) -> None:
            closed.append(True)

    statuses = iter([503, 503, 200])
    transport = RetryTransport(
        httpx.MockTransport(lambda request: httpx.Response(next(statuses), stream=Body())), policy(clock)
    )
    with httpx.Client(transport=transport) as http:
        response = http.get("http://api.test/")
        assert response.status_code == 200 and response.request.extensions[ATTEMPTS_EXTENSION] == 3
    assert len(closed) == 3  # the two discarded responses, and the returned one once read


def test_a_transport_passed_to_the_client_is_wrapped(clock):
    statuses = iter([503, 503, 200])
    mock = httpx.MockTransport(lambda request: httpx.Response(next(statuses), json={"data": []}))
    with client("http://api.test", policy(clock), transport=mock, allow_insecure_http=True) as api:
        assert leegality.list_oauth2_clients.sync(client=api).to_dict() == {"data": []}
    assert clock.sleeps == [0.875, 1.75]


def test_the_api_client_retries_with_a_plain_credential(clock):
    api = ApiClient(base_url="http://127.0.0.1:9", credential=Credential("x", "", "t"), retry=policy(clock))
    with api, pytest.raises(APIConnectionError) as raised:
        api.request("probe", {"method": "GET", "url": "/"})
    assert raised.value.attempts == 3


# --- the transports the client builds keep httpx's proxy variables ---------------------------------


@pytest.fixture
def no_proxy_variables(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def test_http_proxy_from_the_environment_is_used(clock, no_proxy_variables):
    with fault_server(Respond(503), OK) as proxy:
        no_proxy_variables.setenv("HTTP_PROXY", proxy.url)
        with client("http://api.example.invalid", policy(clock), allow_insecure_http=True) as api:
            leegality.list_oauth2_clients.sync(client=api)
    assert [r.path for r in proxy.requests] == [f"http://api.example.invalid{PATH}"] * 2


def test_no_proxy_from_the_environment_is_honoured(clock, no_proxy_variables):
    no_proxy_variables.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # would refuse every connection
    no_proxy_variables.setenv("NO_PROXY", "example.invalid,127.0.0.1")
    with fault_server(OK) as server:
        with client(server.url, policy(clock)) as api:
            leegality.list_oauth2_clients.sync(client=api)
    assert [r.path for r in server.requests] == [PATH]


# --- async twins -----------------------------------------------------------------------------------


async def test_async_503_503_200_succeeds_after_the_computed_waits(clock):
    with fault_server(Respond(503), Respond(503), OK) as server:
        async with client(server.url, policy(clock)) as api:
            result = await leegality.list_oauth2_clients.asyncio(client=api)
    assert result.to_dict() == {"data": []}
    assert server.count == 3 and clock.sleeps == [0.875, 1.75]


async def test_async_429_retry_after_is_honoured_and_the_cap_stops_it(clock):
    with fault_server(
        Respond(429, headers={"Retry-After": "7"}), Respond(429, headers={"Retry-After": "99"})
    ) as server:
        async with client(server.url, policy(clock, max_retry_after=30.0)) as api:
            with pytest.raises(RateLimitError, match=r"\(after 2 attempts\)") as raised:
                await leegality.list_oauth2_clients.asyncio(client=api)
    assert server.count == 2 and clock.sleeps == [7.0] and raised.value.attempts == 2


async def test_async_resets_until_the_attempts_run_out_raise_api_connection_error(clock):
    with fault_server(Reset(), Reset(), Reset(), OK) as server:
        async with client(server.url, policy(clock)) as api:
            with pytest.raises(APIConnectionError) as raised:
                await leegality.list_oauth2_clients.asyncio(client=api)
    assert server.count == 3 and raised.value.attempts == 3 and clock.sleeps == [0.875, 1.75]


async def test_async_a_server_that_never_answers_times_out(clock):
    started = time.perf_counter()
    with fault_server(Hang(), Hang(), OK) as server:
        async with client(server.url, policy(clock, max_attempts=2), timeout=0.2) as api:
            with pytest.raises(APITimeoutError) as raised:
                await leegality.list_oauth2_clients.asyncio(client=api)
    assert time.perf_counter() - started < 3.0
    assert server.count == 2 and raised.value.attempts == 2


async def test_async_the_total_time_budget_stops_the_retries(clock):
    budget = policy(clock, jitter=0.0, max_attempts=10, max_backoff=100.0, max_total_time=10.0)
    with fault_server(*[Respond(503)] * 10) as server:
        async with client(server.url, budget) as api:
            with pytest.raises(ServerError):
                await leegality.list_oauth2_clients.asyncio(client=api)
    assert clock.sleeps == [1.0, 2.0, 4.0] and server.count == 4


async def test_async_a_non_idempotent_method_is_not_retried(clock):
    with fault_server(Respond(503), Respond(503), OK) as server:
        transport = AsyncRetryTransport(httpx.AsyncHTTPTransport(), policy(clock))
        async with httpx.AsyncClient(transport=transport) as http:
            assert (await http.post(server.url, json={})).status_code == 503
            assert server.count == 1 and clock.sleeps == []
            assert (await http.delete(server.url)).status_code == 200  # a DELETE is retried
    assert server.count == 3 and clock.sleeps == [0.875]


@pytest.mark.parametrize("disabled", [None, RetryPolicy.disabled()], ids=["None", "disabled()"])
async def test_async_disabled_retries_make_exactly_one_attempt(disabled):
    with fault_server(Respond(503), OK) as server:
        async with client(server.url, disabled) as api:
            with pytest.raises(ServerError):
                await leegality.list_oauth2_clients.asyncio(client=api)
    assert server.count == 1
