"""A body of the wrong shape is a ResponseDecodeError naming operation, status and field — never a bare
KeyError, TypeError, ValueError or JSONDecodeError."""

from __future__ import annotations

import json

import pytest
from support import mutate
from support.calls import call_answered
from support.specs import examples

from oauth_clients.errors import ResponseDecodeError

EXAMPLES = examples()


def wrong_type_cases():
    for example in EXAMPLES:
        for path, component, payload in mutate.wrong_type_variants(
            example.provider, example.schema, example.value
        ):
            yield pytest.param(example, path, component, payload, id=f"{example.id}{path or '/'}")


CASES = list(wrong_type_cases())


@pytest.mark.parametrize(("example", "path", "component", "payload"), CASES)
@pytest.mark.parametrize("function", ["sync_detailed", "sync"])
def test_a_value_of_the_wrong_type_is_a_decode_error(example, path, component, payload, function):
    with pytest.raises(ResponseDecodeError) as raised:
        call_answered(example.provider, example.operation_id, function, int(example.status), payload)

    error = raised.value
    assert error.operation == example.operation_id
    assert error.status_code == int(example.status)
    message = str(error)
    assert message.startswith(f"{example.operation_id}: HTTP {example.status}: ")
    assert "does not match the documented schema" in message
    # The error names the JSON path of the replaced value, in the message and as `.path`.
    expected = json_path(path)
    assert error.path == expected
    assert f"schema: {expected or 'the body'}: expected " in message
    assert error.data == payload  # the decoded JSON, for a caller who wants what did parse


def json_path(pointer: str) -> str:
    """`/result/0/grant_types/*key` -> `result[0].grant_types.key` (a `*` marks a map key)."""
    text = ""
    for segment in pointer.split("/")[1:]:
        if segment.isdigit():
            text += f"[{segment}]"
        else:
            name = segment.removeprefix("*")
            text += f".{name}" if text else name
    return text


def test_every_field_of_every_example_is_covered():
    # A field of each example's top level is changed at least once: the mutation really walks.
    covered = {case.values[0].id for case in CASES}
    assert covered == {example.id for example in EXAMPLES}


BROKEN_BODIES = {
    "html-from-a-proxy": b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    "truncated-json": b'{"result": [{"client_id": "abc", "client_na',
    "empty-body": b"",
    "json-array-instead-of-object": b"[1, 2, 3]",
    "json-string": b'"ok"',
    "json-null": b"null",
    "invalid-utf8": b'{"a": "\xff\xfe"}',
}


@pytest.mark.parametrize("body", BROKEN_BODIES.values(), ids=BROKEN_BODIES.keys())
@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.status.startswith("2")], ids=lambda e: e.id)
def test_a_body_that_is_not_the_documented_json_is_a_decode_error(example, body):
    with pytest.raises(ResponseDecodeError) as raised:
        call_answered(example.provider, example.operation_id, "sync", int(example.status), body)

    error = raised.value
    assert str(error).startswith(f"{example.operation_id}: HTTP {example.status}: ")
    try:
        data = json.loads(body)
    except ValueError:  # not JSON: said so, with the content type, and nothing decoded
        assert error.problem.startswith("the body is not JSON (application/json): ")
        assert error.data is None
    else:  # JSON of another shape: said so, naming where, the decoded JSON kept
        assert error.problem.startswith("the JSON does not match the documented schema: ")
        assert f"schema: {error.path or 'the body'}: expected " in error.problem
        assert error.data == data
    # Found by the shape checks themselves (a WrongShape, raised `from None`): no parser tripped over
    # the body with a KeyError, TypeError, ... (those are chained as the cause).
    assert error.__cause__ is None


def test_an_unparseable_timestamp_is_a_decode_error():
    with pytest.raises(ResponseDecodeError, match=r"result\[0\]\.created_at: expected a date-time string"):
        call_answered(
            "slashid",
            "list_oauth2_clients",
            "sync",
            200,
            {"result": [{"client_id": "c", "created_at": "yesterday"}]},
        )
