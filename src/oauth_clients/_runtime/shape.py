"""Shape errors of JSON values, and the checks that the generated `from_dict` methods share.

Generated `from_dict` methods check every value they keep (an object where an object is due, a
string where a string is due, a list of the right items) inline; the checks that need a loop or a
conversion live here. On a mismatch they raise `WrongShape`, whose `path` grows by one segment at
each level it passes on its way out (a field name, a list index), so the operation can report the
JSON path of the offending value (`result[3].grant_types[0]`) in its `ResponseDecodeError`.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

T = TypeVar("T")

_JSON_TYPES: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}


class WrongShape(ValueError):
    """A JSON value of another type or form than the spec's schema allows.

    Attributes:
        problem: what is wrong, e.g. ``expected a string, got an integer``.
        path: the segments from the offending value up to the body, innermost first: field names
            (`str`) and list indexes (`int`). Each enclosing parser appends its own segment.
        where: the model and field that declared the value, e.g. ``OAuth2Client.grant_types[]``.
    """

    def __init__(self, problem: str, *path: str | int, where: str = "") -> None:
        super().__init__(problem)
        self.problem: str = problem
        self.path: list[str | int] = list(path)
        self.where: str = where

    @property
    def json_path(self) -> str:
        """The path from the body to the value, e.g. ``result[3].grant_types[0]``; "" for the body."""
        return json_path(reversed(self.path))

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.json_path or 'the body'}: {self.problem}{where}"


def json_path(segments: Any) -> str:
    """`a.b[0]["c d"]` from the segments `a`, `b`, 0, `c d` (outermost first)."""
    text = ""
    for segment in segments:
        if isinstance(segment, int):
            text += f"[{segment}]"
        elif segment.isidentifier() and not keyword.iskeyword(segment):
            text += f".{segment}" if text else segment
        else:
            text += "[" + _quoted(segment) + "]"
    return text


def _quoted(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def json_type(value: object) -> str:
    """How JSON would call the type of `value` (UNSET: a required property that is missing)."""
    name = _JSON_TYPES.get(type(value))
    if name is not None:
        return name
    if type(value).__name__ == "Unset":
        return "nothing (the required property is missing)"
    return type(value).__name__


def wrong_type(expected: str, value: object, where: str = "", *path: str | int) -> WrongShape:
    """`WrongShape` for `value` where `expected` is due (the value itself is never shown).

    `where` names the model and field (`OAuthClient.AppId`); `path` holds the segments already known
    from the value up, e.g. the field's wire name.
    """
    return WrongShape(f"expected {expected}, got {json_type(value)}", *path, where=where)


def checked_object(value: object, where: str) -> dict[str, Any]:
    """`value` if it is a JSON object (a dict; another mapping is copied), else `WrongShape`."""
    if type(value) is dict:
        return cast("dict[str, Any]", value)
    if isinstance(value, Mapping):
        return dict(cast("Mapping[str, Any]", value))
    raise wrong_type("an object", value, where)


def checked_list(value: object, where: str) -> list[Any]:
    """`value` itself if it is a JSON array (a list), else `WrongShape`."""
    if isinstance(value, list):
        return value  # pyright: ignore[reportUnknownVariableType]  # items are checked by the caller
    raise wrong_type("an array", value, where)


def as_int(value: object, where: str = "", *path: str | int) -> int:
    """`value` as an integer: one sent as a number with a zero fraction (`3600.0`) is that integer
    (JSON Schema 2020-12 counts it as one); any other value is `WrongShape`, booleans included."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is float:
        raise WrongShape("expected an integer, got a number with a fraction", *path, where=where)
    raise wrong_type("an integer", value, where, *path)


def _items_of(value: object, where: str, kinds: tuple[type, ...], expected: str) -> list[Any]:
    """`value` if it is an array whose every item's type is one of `kinds` (exactly: a bool is
    not an int here), else `WrongShape` at the first bad item."""
    items = checked_list(value, where)
    for item in items:
        if type(item) not in kinds:
            raise _bad_item(items, item, expected, where)
    return items


def string_list(value: object, where: str) -> list[Any]:
    """`value` if it is an array of strings, else `WrongShape` at the first bad item."""
    return _items_of(value, where, (str,), "a string")


def boolean_list(value: object, where: str) -> list[Any]:
    """`value` if it is an array of booleans, else `WrongShape` at the first bad item."""
    return _items_of(value, where, (bool,), "a boolean")


def number_list(value: object, where: str) -> list[Any]:
    """`value` if it is an array of numbers (booleans are not numbers), else `WrongShape`."""
    return _items_of(value, where, (float, int), "a number")


def integer_list(value: object, where: str) -> list[Any]:
    """`value` as an array of integers (zero-fraction numbers become integers), else `WrongShape`."""
    items = checked_list(value, where)
    for item in items:
        if type(item) is not int:
            return [as_int(item, f"{where}[]", index) for index, item in enumerate(items)]
    return items


def _bad_item(items: list[Any], item: object, expected: str, where: str) -> WrongShape:
    index = next(index for index, candidate in enumerate(items) if candidate is item)
    return wrong_type(expected, item, f"{where}[]", index)


def parsed_list(value: object, parse: Callable[[Any], T], where: str) -> list[T]:
    """Every item of the array `value` parsed by `parse`; `WrongShape` names the bad item's index."""
    items = checked_list(value, where)
    try:
        return [parse(item) for item in items]
    except WrongShape as error:
        error.path.append(_failing_index(items, parse))
        raise


def _failing_index(items: list[Any], parse: Callable[[Any], object]) -> int:
    """The index of the first item that `parse` refuses (looked for only on the error path)."""
    for index, item in enumerate(items):
        try:
            parse(item)
        except WrongShape:
            return index
    return len(items)
