"""Schema-aware rewrites of example payloads: what a vendor's next release might send."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from support.specs import load_spec, pointer_get

UNKNOWN_FIELD = "fieldFromTheFuture"
UNKNOWN_VALUE: Any = {"added": ["in", 2027], "nested": {"flag": True}}
UNKNOWN_ENUM_VALUE = "value_added_by_the_vendor"


def resolve(provider: str, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = pointer_get(load_spec(provider), schema["$ref"])
    return schema


def types_of(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


Rewrite = Callable[[str, dict[str, Any], Any], Any]


def walk(provider: str, schema: dict[str, Any], value: Any, visit: Rewrite) -> Any:
    """Rebuild `value` bottom-up, letting `visit(provider, schema, value)` rewrite each node."""
    schema = resolve(provider, schema)
    if isinstance(value, dict) and "properties" in schema:
        value = {
            key: walk(provider, schema["properties"][key], item, visit)
            if key in schema["properties"]
            else item
            for key, item in value.items()
        }
    elif isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        value = {
            key: walk(provider, schema["additionalProperties"], item, visit) for key, item in value.items()
        }
    elif isinstance(value, list) and "items" in schema:
        value = [walk(provider, schema["items"], item, visit) for item in value]
    return visit(provider, schema, value)


def add_unknown_fields(provider: str, schema: dict[str, Any], value: Any) -> Any:
    if isinstance(value, dict) and "properties" in schema:
        return {**value, UNKNOWN_FIELD: UNKNOWN_VALUE}
    return value


def unknown_enum_values(provider: str, schema: dict[str, Any], value: Any) -> Any:
    if isinstance(value, str) and "enum" in schema:
        return UNKNOWN_ENUM_VALUE
    return value


def drop_optional_fields(provider: str, schema: dict[str, Any], value: Any) -> Any:
    if isinstance(value, dict) and "properties" in schema:
        required = set(schema.get("required", []))
        return {
            key: item for key, item in value.items() if key in required or key not in schema["properties"]
        }
    return value


def null_nullable_fields(provider: str, schema: dict[str, Any], value: Any) -> Any:
    if isinstance(value, dict) and "properties" in schema:
        return {
            key: None
            if key in schema["properties"]
            and "null" in types_of(resolve(provider, schema["properties"][key]))
            else item
            for key, item in value.items()
        }
    return value


WRONG_VALUES: dict[str, Any] = {
    "string": 12345,
    "integer": "12",
    "number": "1.5",
    "boolean": "yes",
    "array": "not an array",
    "object": ["not", "an", "object"],
}


def wrong_type_variants(provider: str, schema: dict[str, Any], value: Any) -> Iterator[tuple[str, str, Any]]:
    """(path, component, payload): `value` with one node replaced by a value of a type its schema
    forbids; `component` is the name of the node's schema component when it is a `$ref`."""
    component = schema.get("$ref", "").rsplit("/", 1)[-1]
    schema = resolve(provider, schema)
    kinds = types_of(schema)
    wrong = next((WRONG_VALUES[k] for k in sorted(kinds) if k in WRONG_VALUES and k != "null"), None)
    if wrong is not None and not kinds & _json_types(wrong):
        yield "", component, wrong
    children: list[tuple[str, dict[str, Any], Any]] = []
    if isinstance(value, dict) and "properties" in schema:
        children = [(k, schema["properties"][k], v) for k, v in value.items() if k in schema["properties"]]
    elif isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        # Keys of a map are data, not field names: marked `*key` in the path.
        children = [(f"*{k}", schema["additionalProperties"], v) for k, v in value.items()]
    elif isinstance(value, list) and "items" in schema:
        children = [(str(i), schema["items"], v) for i, v in enumerate(value)]
    for key, child_schema, child in children:
        for path, child_component, replaced in wrong_type_variants(provider, child_schema, child):
            copy: Any = dict(value) if isinstance(value, dict) else list(value)
            copy[int(key) if isinstance(value, list) else key.removeprefix("*")] = replaced
            yield f"/{key}{path}", child_component, copy


def _json_types(value: Any) -> set[str]:
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number"}
    if isinstance(value, str):
        return {"string"}
    if isinstance(value, list):
        return {"array"}
    return {"object"}
