"""Turning responses into models or typed errors, for the generated operation modules."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from oauth_clients._runtime.types import Response
from oauth_clients.errors import APIStatusError, ResponseDecodeError, status_error

T = TypeVar("T")

# What a generated `from_dict` raises when the JSON has another shape than the spec's schema.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def decode_json(operation: str, response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """Parse the JSON body of `response` with `parse`; anything else is a `ResponseDecodeError`."""
    try:
        data = json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        kind = response.headers.get("content-type", "no content type")
        raise _decode_error(operation, response, f"the body is not JSON ({kind}): {error}") from None
    try:
        return parse(data)
    except _SHAPE_ERRORS as error:
        problem = f"the JSON does not match the documented schema ({type(error).__name__}: {error})"
        raise _decode_error(operation, response, problem) from error


def _decode_error(operation: str, response: httpx.Response, problem: str) -> ResponseDecodeError:
    return ResponseDecodeError(
        operation, response.status_code, response.headers, response.content, problem=problem
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
    )
