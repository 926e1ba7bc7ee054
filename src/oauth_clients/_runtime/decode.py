"""Turning responses into models or typed errors, for the generated operation modules."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import httpx

from oauth_clients._runtime.provenance import elapsed_of, provenance
from oauth_clients._runtime.shape import WrongShape
from oauth_clients._runtime.types import Response
from oauth_clients.errors import APIStatusError, ResponseDecodeError, status_error

T = TypeVar("T")

# What a parser may raise, besides WrongShape, on a body of another shape than the spec's schema
# (a bug in a parser of ours, or a generator template we do not override): still a decode error.
_OTHER_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


def _not_a_number(constant: str) -> NoReturn:
    raise ValueError(f"{constant} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:20]}... is out of range")
    return value


def loads(content: bytes) -> Any:
    """`json.loads` as JSON itself defines it: `NaN`, `Infinity` and numbers beyond a float's range
    are errors (Python accepts them), and so is an integer past `sys.get_int_max_str_digits()`."""
    return json.loads(content, parse_constant=_not_a_number, parse_float=_finite)


def decode_json(operation: str, response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """Parse the JSON body of `response` with `parse`; anything else is a `ResponseDecodeError`.

    Not JSON: invalid UTF-8, truncated text, `NaN`, an integer of thousands of digits, nesting
    deeper than the interpreter's recursion limit. Not of the documented shape: the error names the
    JSON path of the offending value and keeps the decoded JSON in `.data`.
    """
    try:
        data = loads(response.content)
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        kind = response.headers.get("content-type", "no content type")
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise _decode_error(operation, response, f"the body is not JSON ({kind}): {reason}") from None
    try:
        return parse(data)
    except WrongShape as error:
        problem = f"the JSON does not match the documented schema: {error}"
        raise _decode_error(operation, response, problem, data, error.json_path) from None
    except _OTHER_SHAPE_ERRORS as error:
        problem = f"the JSON does not match the documented schema ({type(error).__name__}: {error})"
        raise _decode_error(operation, response, problem, data) from error


def error_body(response: httpx.Response) -> dict[str, Any] | None:
    """The JSON object of an error response, or None when the body is not one (an HTML page)."""
    try:
        data = loads(response.content)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None  # pyright: ignore[reportUnknownVariableType]


def fitting(body: dict[str, Any], parse: Callable[[Any], T]) -> T | None:
    """`body` read as a documented error model, if it fits one: `parse` reads it and recognises at
    least one of its fields. For a status the operation does not document, the generated code tries
    the error models of its documented error statuses in turn; a body that fits none gives None."""
    try:
        parsed = parse(body)
    except (WrongShape, *_OTHER_SHAPE_ERRORS):
        return None
    unknown: object = getattr(parsed, "additional_properties", {})
    if isinstance(unknown, dict) and len(unknown) < len(body):  # pyright: ignore[reportUnknownArgumentType]
        return parsed
    return None


def _decode_error(
    operation: str, response: httpx.Response, problem: str, data: object = None, path: str = ""
) -> ResponseDecodeError:
    return ResponseDecodeError(
        operation,
        response.status_code,
        response.headers,
        response.content,
        problem=problem,
        data=data,
        path=path,
        **provenance(response),
    )


def build_response(response: httpx.Response, parsed: T | None) -> Response[T]:
    """The `Response` that a `*_detailed` operation returns for `response`.

    With the attempts, request, elapsed time and credential's redactor of the call
    (`_runtime.provenance`).
    """
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        elapsed=elapsed_of(response),
        **provenance(response),
    )


def fail(operation: str, response: Response[Any], *, documented: bool) -> APIStatusError:
    """The typed error for a response whose status is not the operation's success status."""
    return status_error(
        operation,
        response.status_code,
        response.headers,
        response.content,
        response.parsed,
        documented=documented,
        attempts=response.attempts,
        request=response.request,
        redactor=response.redactor,
    )
