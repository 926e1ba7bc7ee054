"""The message of a JSON value that has another type than the spec's schema says.

Generated `from_dict` methods check every value they keep (an object where an object is due, a
string where a string is due, a list of the right items); on a mismatch they raise the TypeError
built here, which the operation turns into a `ResponseDecodeError` naming operation and status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

_JSON_TYPES: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}


def json_type(value: object) -> str:
    """How JSON would call the type of `value`."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def wrong_type(where: str, expected: str, value: object) -> TypeError:
    """`TypeError("<where>: expected <expected>, got <json type>")`; the value itself is not shown."""
    return TypeError(f"{where}: expected {expected}, got {json_type(value)}")


def checked_object(value: object, where: str) -> dict[str, Any]:
    """A copy of `value` if it is a JSON object (a mapping with string keys), else a TypeError."""
    if isinstance(value, Mapping):
        return dict(cast("Mapping[str, Any]", value))
    raise wrong_type(where, "an object", value)


def checked_list(value: object, where: str) -> list[Any]:
    """`value` itself if it is a JSON array (a list), else a TypeError."""
    if isinstance(value, list):
        return value  # pyright: ignore[reportUnknownVariableType]  # items are checked by the caller
    raise wrong_type(where, "an array", value)
