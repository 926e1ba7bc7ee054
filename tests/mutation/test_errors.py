"""The errors' attributes and the exact words of their messages (what a caller logs and reads)."""

from __future__ import annotations

import httpx
import pytest

from oauth_clients._runtime.redact import Redactor
from oauth_clients._runtime.types import RequestInfo
from oauth_clients.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    NotFoundError,
    OAuthClientsError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    status_error,
)

REQUEST = RequestInfo("GET", "https://api.test/clients")


def test_a_closed_client_error_is_its_message():
    error = ClientClosedError("the client is closed")
    assert str(error) == "the client is closed"
    assert isinstance(error, OAuthClientsError)


def test_a_connection_error_names_operation_problem_and_attempts():
    once = APIConnectionError("list", "connection failed (ConnectError)")
    assert str(once) == "list: connection failed (ConnectError)"
    assert (once.operation, once.problem, once.attempts, once.request) == (
        "list",
        "connection failed (ConnectError)",
        1,
        None,
    )
    thrice = APITimeoutError("list", "timed out (ReadTimeout)", attempts=3, request=REQUEST)
    assert str(thrice) == "list: timed out (ReadTimeout) (after 3 attempts)"
    assert (thrice.attempts, thrice.request) == (3, REQUEST)
    assert str(APIConnectionError("list", "p", attempts=2)) == "list: p (after 2 attempts)"


def test_an_unknown_outcome_says_the_change_may_have_happened():
    error = OutcomeUnknownError("create", "connection broke", attempts=1, request=REQUEST, timed_out=True)
    assert str(error) == (
        "create: connection broke; the request is not safe to repeat and was sent, so the change may or may "
        "not have happened (not retried)"
    )
    assert error.timed_out is True
    assert (error.operation, error.attempts, error.request) == ("create", 1, REQUEST)
    assert isinstance(error, APIConnectionError)
    later = OutcomeUnknownError("create", "timed out", attempts=2, timed_out=False)
    assert later.timed_out is False
    assert str(later).endswith("(not retried) (after 2 attempts)")
    assert later.request is None
    assert OutcomeUnknownError("create", "p", timed_out=True).attempts == 1


def test_an_api_error_keeps_the_response_and_masks_its_message():
    headers = httpx.Headers({"X-Request-Id": "req-1"})
    error = APIError(
        "list",
        502,
        headers,
        b'{"password": "hunter2", "echo": "my-credential-123"}',
        problem="bad gateway for my-credential-123",
        parsed="model",
        attempts=2,
        request=REQUEST,
        redactor=Redactor(["my-credential-123"]),
    )
    assert str(error) == (
        'list: HTTP 502: bad gateway for *** (after 2 attempts); body: {"password": "***", "echo": "***"}'
    )
    assert error.problem == "bad gateway for ***"
    assert error.body == b'{"password": "hunter2", "echo": "my-credential-123"}'  # raw, as sent
    assert (error.operation, error.status_code, error.headers, error.parsed) == (
        "list",
        502,
        headers,
        "model",
    )
    assert (error.attempts, error.request, error.request_id) == (2, REQUEST, "req-1")
    assert repr(error) == "APIError(operation='list', status_code=502)"


def test_an_api_error_without_options_has_one_attempt_and_no_request():
    error = APIError("list", 500, httpx.Headers(), b"", problem="p")
    assert str(error) == "list: HTTP 500: p; body: "
    assert (error.parsed, error.attempts, error.request, error.request_id) == (None, 1, None, None)


def test_an_empty_request_id_is_none():
    assert APIError("op", 500, httpx.Headers({"x-request-id": ""}), b"", problem="p").request_id is None


def test_a_decode_error_keeps_data_and_path():
    error = ResponseDecodeError(
        "list",
        200,
        httpx.Headers(),
        b"{}",
        problem="p",
        data={"a": 1},
        path="a",
        attempts=3,
        request=REQUEST,
        redactor=Redactor(["zzzzzzzzzz"]),
    )
    assert (error.data, error.path, error.attempts, error.request, error.problem) == (
        {"a": 1},
        "a",
        3,
        REQUEST,
        "p",
    )
    assert str(error) == "list: HTTP 200: p (after 3 attempts); body: {}"
    bare = ResponseDecodeError("list", 200, httpx.Headers(), b"x", problem="p")
    assert (bare.data, bare.path, bare.attempts, bare.request) == (None, "", 1, None)


STATUSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (429, RateLimitError),
    (499, APIStatusError),
    (500, ServerError),
    (599, ServerError),
    (600, APIStatusError),
    (302, APIStatusError),
]


@pytest.mark.parametrize(("status", "kind"), STATUSES)
def test_each_status_gets_its_class(status, kind):
    error = status_error("op", status, httpx.Headers(), b"", None, documented=False)
    assert type(error) is kind


def test_status_error_carries_everything_and_words_the_problem():
    redactor = Redactor(["my-credential-123"])
    documented = status_error(
        "op",
        404,
        httpx.Headers(),
        b"my-credential-123",
        "model",
        documented=True,
        attempts=2,
        request=REQUEST,
        redactor=redactor,
    )
    assert str(documented) == "op: HTTP 404: documented error status (after 2 attempts); body: ***"
    assert (documented.parsed, documented.attempts, documented.request, documented.documented) == (
        "model",
        2,
        REQUEST,
        True,
    )
    undocumented = status_error("op", 418, httpx.Headers(), b"", None, documented=False)
    assert undocumented.problem == "status not documented for this operation"
    assert (undocumented.documented, undocumented.attempts, undocumented.request) == (False, 1, None)
    assert undocumented.body_excerpt == ""


def test_the_classes_say_which_statuses_they_stand_for():
    assert BadRequestError.status_codes == (400,)
    assert RateLimitError.status_codes == (429,)
    assert ServerError.status_codes == range(500, 600)
    assert APIStatusError.status_codes == ()
