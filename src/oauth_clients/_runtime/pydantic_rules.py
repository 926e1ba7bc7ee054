"""The attrs models' reading rules, applied to the pydantic models: one truth, two families.

pydantic's defaults are lax where our attrs models are exact (`"12"` for an integer, `1` for a
boolean, a Unix timestamp for a date-time) and strict where the attrs models are tolerant (a
`Literal` refuses a new enum value). `SchemaModel` passes each model's core schema through
`wire_rules`, which makes the two families accept and refuse the same JSON:

- strings, booleans and numbers are strict (no coercion between JSON types; booleans are not
  numbers);
- an integer accepts a number with a zero fraction (`3600.0`), as JSON Schema 2020-12 counts it;
- a string enum (`Literal` of two or more strings) keeps a value the spec does not list, as the
  attrs models do; a const (a one-value `Literal`) stays exact in both families;
- a date-time is read by the attrs models' own parser (`WireDateTime`, which remembers its text)
  and written back in JSON mode exactly as it came.
Optional fields are `X | None = None` in the generated code, so `null` reads as None there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from pydantic_core import PydanticCustomError, core_schema

from oauth_clients._runtime.shape import WrongShape
from oauth_clients._runtime.wire import isoformat, parse_datetime

_STRICT_TYPES = frozenset({"str", "bool", "float", "int"})


def _whole_number(value: float) -> int:
    if not value.is_integer():
        raise ValueError  # reported as the union's own error, int_type (see `_integer`)
    return int(value)


def _date_time(value: object) -> object:
    try:
        return parse_datetime(value)
    except WrongShape as error:
        raise PydanticCustomError("date_time", "{problem}", {"problem": error.problem}) from None


def _integer() -> core_schema.CoreSchema:
    return core_schema.union_schema(
        [
            core_schema.int_schema(strict=True),
            core_schema.no_info_after_validator_function(
                _whole_number, core_schema.float_schema(strict=True)
            ),
        ],
        mode="left_to_right",
        custom_error_type="int_type",
    )


def _date_time_schema() -> core_schema.CoreSchema:
    return core_schema.no_info_plain_validator_function(
        _date_time,
        serialization=core_schema.plain_serializer_function_ser_schema(
            isoformat, when_used="json-unless-none"
        ),
    )


def _open_string_enum() -> core_schema.CoreSchema:
    return core_schema.str_schema(strict=True)


def wire_rules(schema: Any) -> Any:
    """`schema` (a pydantic core schema) with the rules above applied at every depth."""
    if isinstance(schema, list):
        return [wire_rules(item) for item in schema]  # pyright: ignore[reportUnknownVariableType]
    if not isinstance(schema, dict):
        return schema
    node = cast("dict[str, Any]", schema)
    kind = node.get("type")
    if not isinstance(kind, str):  # not a schema but a mapping of names (fields, definitions)
        return {key: wire_rules(value) for key, value in node.items()}
    return _rewritten(kind, node)


def _rewritten(kind: str, node: dict[str, Any]) -> Any:
    metadata = node.get("metadata")
    if isinstance(metadata, dict) and cast("dict[str, Any]", metadata).get("oauth_clients_rules"):
        return node  # already rewritten (a nested model's schema, reused)
    replacement = _REPLACEMENTS.get(kind)
    expected = node.get("expected", ())
    if kind == "literal" and (len(expected) < 2 or not all(isinstance(v, str) for v in expected)):
        replacement = None  # a const (one value) stays exact, as in the attrs models; so does an int enum
    if replacement is not None:
        return _marked(replacement())
    rewritten = {key: value if key == "metadata" else wire_rules(value) for key, value in node.items()}
    if kind in _STRICT_TYPES:
        rewritten["strict"] = True
    return rewritten


_REPLACEMENTS: dict[str, Callable[[], core_schema.CoreSchema]] = {
    "int": _integer,
    "datetime": _date_time_schema,
    "literal": _open_string_enum,
}


def _marked(schema: core_schema.CoreSchema) -> core_schema.CoreSchema:
    marked = cast("dict[str, Any]", schema)
    marked["metadata"] = {"oauth_clients_rules": True}
    return schema
