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


# One-node rewrites for the differential test: each yields the replacements of one node, and
# `variants` yields the whole payload once per replacement, at every depth.
NodeRewrite = Callable[[dict[str, Any], Any], Iterator[Any]]


def variants(
    provider: str, schema: dict[str, Any], value: Any, rewrite: NodeRewrite
) -> Iterator[tuple[str, Any]]:
    """(JSON pointer, payload): `value` with one node replaced by one of `rewrite(schema, node)`."""
    schema = resolve(provider, schema)
    for replaced in rewrite(schema, value):
        yield "", replaced
    children: list[tuple[str | int, dict[str, Any], Any]] = []
    if isinstance(value, dict) and "properties" in schema:
        children = [(k, schema["properties"][k], v) for k, v in value.items() if k in schema["properties"]]
    elif isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        children = [(k, schema["additionalProperties"], v) for k, v in value.items()]
    elif isinstance(value, list) and "items" in schema:
        children = [(i, schema["items"], v) for i, v in enumerate(value)]
    for key, child_schema, child in children:
        for path, replaced in variants(provider, child_schema, child, rewrite):
            copy: Any = dict(value) if isinstance(value, dict) else list(value)
            copy[key] = replaced
            yield f"/{key}{path}", copy


def null_optional_properties(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    """An object with one optional property set to null (present or not before), for each one."""
    if isinstance(value, dict) and "properties" in schema:
        required = set(schema.get("required", []))
        for name in schema["properties"]:
            if name not in required:
                yield {**value, name: None}


def null_required_properties(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    """An object with one required, non-nullable property set to null."""
    if isinstance(value, dict) and "properties" in schema:
        for name in schema.get("required", []):
            if name in value and "null" not in _declared_types(schema["properties"][name]):
                yield {**value, name: None}


def _declared_types(schema: dict[str, Any]) -> set[str]:
    return types_of(schema) if "$ref" not in schema else {"object"}


def integers_as_floats(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    """An integer sent as a number with a zero fraction (`3600.0`), and with a fraction (`3600.5`)."""
    if "integer" in types_of(schema) and isinstance(value, int) and not isinstance(value, bool):
        yield float(value)
        yield value + 0.5


def unknown_properties(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    """An object with a property the spec does not list (an object, a list, a secret-looking one)."""
    if isinstance(value, dict) and "properties" in schema:
        yield {**value, UNKNOWN_FIELD: UNKNOWN_VALUE}


def unknown_enum_value(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    if isinstance(value, str) and "enum" in schema:
        yield UNKNOWN_ENUM_VALUE


def wrong_types(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    """A value of a JSON type the node's schema forbids."""
    kinds = types_of(schema)
    wrong = next((WRONG_VALUES[k] for k in sorted(kinds) if k in WRONG_VALUES and k != "null"), None)
    if wrong is not None and not kinds & _json_types(wrong):
        yield wrong


REWRITES: dict[str, NodeRewrite] = {
    "null-optional": null_optional_properties,
    "null-required": null_required_properties,
    "integer-as-float": integers_as_floats,
    "unknown-property": unknown_properties,
    "unknown-enum-value": unknown_enum_value,
    "wrong-type": wrong_types,
}
