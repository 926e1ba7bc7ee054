"""From response to model or typed error: JSON as JSON defines it, the words of every decode problem
(the content type included), error bodies fitted to documented models; over real HTTP where the
message depends on what the server sent."""

from __future__ import annotations

import math

import httpx
import pytest
from support.clock import FakeClock
from support.faults import Echo, Raw, Respond, fault_server

from oauth_clients import RetryPolicy, leegality
from oauth_clients._runtime.decode import build_response, decode_json, error_body, fail, fitting, loads
from oauth_clients._runtime.redact import NO_SECRETS
from oauth_clients._runtime.shape import WrongShape, checked_object, wrong_type
from oauth_clients.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)


def response(content: bytes, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=content, headers=headers)


def named(data):
    value = checked_object(data, "Item")
    if "name" not in value:
        raise KeyError("name")
    if type(value["name"]) is not str:
        raise wrong_type("a string", value["name"], "Item.name", "name")
    return value["name"]


# --- loads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b"NaN", "NaN is not a JSON number"),
        (b"[-Infinity]", "-Infinity is not a JSON number"),
        (b"1e999", "the number 1e999... is out of range"),
        (b"-12345678901234567890123e999", "the number -1234567890123456789... is out of range"),
    ],
)
def test_loads_refuses_what_json_does_not_allow(text, problem):
    with pytest.raises(ValueError, match=r".") as raised:
        loads(text)
    assert str(raised.value) == problem


def test_loads_reads_finite_numbers_as_python_does():
    assert loads(b'{"a": [1.5, -2, 1e308]}') == {"a": [1.5, -2, 1e308]}
    assert math.isfinite(loads(b"1e-999"))


# --- decode_json -----------------------------------------------------------------------------------


def test_a_body_that_is_not_json_names_its_content_type_and_the_reason():
    with pytest.raises(ResponseDecodeError) as raised:
        decode_json("op", response(b"<html>", 502, **{"Content-Type": "text/html"}), named)
    error = raised.value
    assert error.problem == "the body is not JSON (text/html): Expecting value: line 1 column 1 (char 0)"
    assert (error.operation, error.status_code, error.data, error.path) == ("op", 502, None, "")
    assert error.body == b"<html>"
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_a_body_without_a_content_type_says_so():
    with pytest.raises(ResponseDecodeError) as raised:
        decode_json("op", response(b"NaN"), named)
    assert raised.value.problem == "the body is not JSON (no content type): NaN is not a JSON number"


def test_a_body_nested_too_deeply_is_not_json():
    with pytest.raises(ResponseDecodeError) as raised:
        decode_json("op", response(b"[" * 100_000 + b"]" * 100_000), named)
    assert raised.value.problem == "the body is not JSON (no content type): nested too deeply"


def test_a_body_of_the_wrong_shape_names_the_path_and_keeps_the_data():
    with pytest.raises(ResponseDecodeError) as raised:
        decode_json("op", response(b'{"name": 5}'), named)
    error = raised.value
    assert error.problem == (
        "the JSON does not match the documented schema: name: expected a string, got an integer (Item.name)"
    )
    assert (error.data, error.path) == ({"name": 5}, "name")
    assert error.__cause__ is None


def test_another_parser_error_is_still_a_decode_error_chained_to_it():
    with pytest.raises(ResponseDecodeError) as raised:
        decode_json("op", response(b'{"other": 1}'), named)
    error = raised.value
    assert error.problem == "the JSON does not match the documented schema (KeyError: 'name')"
    assert (error.operation, error.status_code) == ("op", 200)
    assert (error.data, error.path) == ({"other": 1}, "")
    assert isinstance(error.__cause__, KeyError)


def test_a_good_body_is_parsed():
    assert decode_json("op", response(b'{"name": "n"}'), named) == "n"


# --- error bodies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "body"),
    [
        (b'{"code": "E"}', {"code": "E"}),
        (b"[1]", None),
        (b"<html>", None),
        (b"NaN", None),
        (b"[" * 100_000, None),
    ],
)
def test_error_body_is_the_json_object_or_none(content, body):
    assert error_body(response(content, 500)) == body


class Model:
    def __init__(self, known: dict, unknown: dict) -> None:
        self.known = known
        self.additional_properties = unknown


def split(keys):
    def parse(body):
        if "boom" in body:
            raise TypeError("boom")
        if "bad" in body:
            raise WrongShape("expected a string, got null")
        return Model(
            {k: v for k, v in body.items() if k in keys}, {k: v for k, v in body.items() if k not in keys}
        )

    return parse


def test_a_body_fits_a_model_that_recognises_one_of_its_fields():
    parsed = fitting({"code": "E", "extra": 1}, split({"code"}))
    assert isinstance(parsed, Model)
    assert parsed.known == {"code": "E"}


@pytest.mark.parametrize("body", [{"extra": 1}, {}, {"bad": 1, "code": "E"}, {"boom": 1, "code": "E"}])
def test_a_body_fits_no_model_that_recognises_none_of_it_or_refuses_it(body):
    assert fitting(body, split({"code"})) is None


def test_a_model_without_unknown_fields_fits_any_non_empty_body():
    assert fitting({"a": 1}, lambda body: "parsed") == "parsed"
    assert fitting({}, lambda body: "parsed") is None


# --- build_response and fail ----------------------------------------------------------------------------


def test_a_response_built_by_hand_has_one_attempt_no_request_and_no_time():
    built = build_response(response(b"{}", 201, **{"X-A": "b"}), parsed="model")
    assert (built.status_code, built.content, built.parsed, built.attempts, built.request) == (
        201,
        b"{}",
        "model",
        1,
        None,
    )
    assert built.headers["x-a"] == "b"
    assert built.elapsed.total_seconds() == 0
    assert built.redactor is NO_SECRETS


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, ServerError),
        (599, ServerError),
        (418, APIStatusError),
        (600, APIStatusError),
    ],
)
def test_fail_raises_the_class_of_the_status_with_the_response_in_it(status, kind):
    built = build_response(response(b'{"code": "E"}', status), parsed="model")
    error = fail("op", built, documented=status == 400)
    assert type(error) is kind
    assert (error.operation, error.status_code, error.body, error.parsed, error.attempts) == (
        "op",
        status,
        b'{"code": "E"}',
        "model",
        1,
    )
    assert error.documented is (status == 400)


# --- over real HTTP ----------------------------------------------------------------------------------


def call(server_url: str):
    with leegality.AuthenticatedClient("tok", base_url=server_url, retry=None) as api:
        return leegality.list_oauth2_clients.sync(client=api)


def test_over_http_the_decode_error_names_the_content_type_the_server_sent():
    html = Respond(200, b"<html>proxy</html>", headers={"Content-Type": "text/html; charset=utf-8"})
    with fault_server(html) as server, pytest.raises(ResponseDecodeError) as raised:
        call(server.url)
    assert str(raised.value) == (
        "list_oauth2_clients: HTTP 200: the body is not JSON (text/html; charset=utf-8): "
        "Expecting value: line 1 column 1 (char 0); body: <html>proxy</html>"
    )


def test_over_http_a_body_without_content_type_says_no_content_type():
    raw = Raw(lambda request: b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope")
    with fault_server(raw) as server, pytest.raises(ResponseDecodeError) as raised:
        call(server.url)
    assert raised.value.problem.startswith("the body is not JSON (no content type): ")


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, BadRequestError), (403, PermissionDeniedError), (418, APIStatusError), (599, ServerError)],
)
def test_over_http_an_undocumented_status_is_its_class_and_says_undocumented(status, kind):
    with fault_server(Respond(status, {"message": "no"})) as server, pytest.raises(APIStatusError) as raised:
        call(server.url)
    error = raised.value
    assert type(error) is kind
    assert error.documented is False
    assert str(error) == (
        f"list_oauth2_clients: HTTP {status}: status not documented for this operation; "
        """body: {"message": "no"}"""
    )


def test_over_http_a_documented_error_status_says_documented():
    with (
        fault_server(Respond(401, {"message": "bad key"})) as server,
        pytest.raises(AuthenticationError) as raised,
    ):
        call(server.url)
    assert raised.value.documented is True
    assert raised.value.problem == "documented error status"


CREDENTIAL = "credential-echoed-4f2a9"
RETRIED = Respond(503, {}, {"Retry-After": "1"})


def echoed(status: int, content_type: str) -> Echo:
    """An answer that echoes the request's credential, in a body that is not the documented JSON."""
    return Echo(
        lambda request: f"echo {request.headers['x-auth-token']} ...".encode(),
        status=status,
        headers={"Content-Type": content_type, "X-Request-Id": "req-7"},
    )


def retrying_client(server_url: str) -> leegality.AuthenticatedClient:
    policy = RetryPolicy(clock=FakeClock(), jitter=0.0)
    return leegality.AuthenticatedClient(CREDENTIAL, base_url=server_url, retry=policy)


@pytest.mark.parametrize(("status", "kind"), [(200, ResponseDecodeError), (404, NotFoundError)])
def test_over_http_an_error_carries_the_headers_attempts_request_and_masks_the_credential(status, kind):
    with fault_server(RETRIED, echoed(status, "text/plain")) as server:
        with retrying_client(server.url) as api, pytest.raises(kind) as raised:
            leegality.list_oauth2_clients.sync(client=api)
    error = raised.value
    assert error.headers["x-request-id"] == "req-7" and error.request_id == "req-7"
    assert error.attempts == 2
    assert error.request is not None
    assert (error.request.method, error.request.url) == ("GET", f"{server.url}/api/v1/oauth2-clients")
    assert CREDENTIAL in error.body.decode()  # raw, as the server sent it ...
    assert CREDENTIAL not in str(error) and "echo *** ..." in str(error)  # ... masked where shown


def test_over_http_a_detailed_response_carries_attempts_request_time_and_redactor():
    with fault_server(RETRIED, Respond(200, {"data": []})) as server, retrying_client(server.url) as api:
        detailed = leegality.list_oauth2_clients.sync_detailed(client=api)
    assert detailed.attempts == 2
    assert detailed.request is not None and detailed.request.method == "GET"
    assert detailed.elapsed.total_seconds() > 0
    assert detailed.redactor(f"x {CREDENTIAL} y") == "x *** y"
