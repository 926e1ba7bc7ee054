"""The pydantic family's reading rules (`pydantic_rules.wire_rules` through `SchemaModel`), one rule at
a time, on models defined here (built when each test runs, so every rule is applied then): strict
JSON types, a whole number as an integer, open string enums but exact consts and int enums, the
attrs models' date-time parser and its text written back, at any depth and through reused nested
models; and the repr() of `SchemaModel`, which masks `x-secret` fields, secret-looking unknown
fields and secret-looking members of unknown data, while the values stay readable."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, ClassVar, Literal

import pytest
from pydantic import AwareDatetime, ConfigDict, Field, ValidationError

from oauth_clients._runtime.pydantic_rules import wire_rules
from oauth_clients._runtime.schema_model import SchemaModel, SchemaRootModel
from oauth_clients._runtime.wire import WireDateTime


def models() -> tuple[type[SchemaModel], type[SchemaModel]]:
    """A nested model and one that holds every kind of field, both freshly built."""

    class Inner(SchemaModel):
        model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow")
        count: int | None = None
        when: AwareDatetime | None = None

    class Thing(SchemaModel):
        model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow", populate_by_name=True)
        name: str | None = None
        count: int | None = None
        ratio: float | None = None
        enabled: bool | None = None
        kind: Literal["public", "confidential"] | None = None
        version: Literal["v1"] | None = None
        level: Literal[1, 2] | None = None
        mixed: Literal["a", 1] | None = None
        created: AwareDatetime | None = None
        inner: Inner | None = None
        inners: list[Inner] | None = None
        grid: list[list[Literal["code", "token"]]] | None = None
        secret: Annotated[str | None, Field(alias="Secret", json_schema_extra={"x-secret": True})] = None
        note: Annotated[str | None, Field(json_schema_extra={"x-secret": False})] = None
        token_type: str | None = None  # a secret-looking name the spec lists, not marked: shown
        hint: Annotated[str | None, Field(json_schema_extra={"x-secret": True})] = None  # marked: masked

    return Thing, Inner


def errors(model: type[SchemaModel], body: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(body)
    return [(e["loc"], e["type"], e["msg"]) for e in raised.value.errors()]


INT = "Input should be a valid integer"
UNREADABLE = "expected a date-time string, got an unreadable one"


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ({"name": 5}, [(("name",), "string_type", "Input should be a valid string")]),
        ({"enabled": 1}, [(("enabled",), "bool_type", "Input should be a valid boolean")]),
        ({"enabled": "true"}, [(("enabled",), "bool_type", "Input should be a valid boolean")]),
        ({"ratio": "1.5"}, [(("ratio",), "float_type", "Input should be a valid number")]),
        ({"ratio": False}, [(("ratio",), "float_type", "Input should be a valid number")]),
        ({"count": "12"}, [(("count",), "int_type", INT)]),
        ({"count": True}, [(("count",), "int_type", INT)]),
        ({"count": 3600.5}, [(("count",), "int_type", INT)]),
        ({"kind": 3}, [(("kind",), "string_type", "Input should be a valid string")]),
        ({"version": "v2"}, [(("version",), "literal_error", "Input should be 'v1'")]),
        ({"level": 3}, [(("level",), "literal_error", "Input should be 1 or 2")]),
        ({"level": "1"}, [(("level",), "literal_error", "Input should be 1 or 2")]),
        ({"mixed": "b"}, [(("mixed",), "literal_error", "Input should be 'a' or 1")]),
        ({"inner": {"count": "1"}}, [(("inner", "count"), "int_type", INT)]),
        ({"inners": [{"count": 1.5}]}, [(("inners", 0, "count"), "int_type", INT)]),
        ({"grid": [["code", 7]]}, [(("grid", 0, 1), "string_type", "Input should be a valid string")]),
        ({"created": 5}, [(("created",), "date_time", "expected a date-time string, got an integer")]),
        ({"created": "soon"}, [(("created",), "date_time", UNREADABLE)]),
        ({"inner": {"when": "2024-13-01T00:00:00Z"}}, [(("inner", "when"), "date_time", UNREADABLE)]),
    ],
)  # fmt: skip
def test_what_the_attrs_models_refuse_is_refused(body, refused):
    thing, _ = models()
    assert errors(thing, body) == refused


def test_what_the_attrs_models_accept_is_accepted_and_written_back_exactly():
    thing, inner = models()
    body = {
        "name": "n",
        "count": 3600.0,
        "ratio": 2,
        "enabled": False,
        "kind": "hybrid",  # a new enum value is kept
        "version": "v1",
        "level": 2,
        "mixed": 1,
        "created": "2024-01-01t00:00:00.0z",
        "inner": {"count": -0.0, "when": "2024-02-29T23:59:60+00:00"},
        "inners": [{"count": 1e3}],
        "grid": [["code", "id_token"]],
        "Secret": "s3cr3t",
    }
    value = thing.model_validate(body)
    assert type(value.count) is int and value.count == 3600
    assert type(value.inner.count) is int and type(value.inners[0].count) is int
    assert type(value.created) is WireDateTime and value.created.tzinfo is datetime.UTC
    assert value.inner.when == datetime.datetime(2024, 2, 29, 23, 59, 59, tzinfo=datetime.UTC)
    assert value.kind == "hybrid" and value.grid == [["code", "id_token"]]
    dumped = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    whole = {"count": 3600, "ratio": 2.0, "inners": [{"count": 1000}]}
    assert dumped == {**body, **whole, "inner": {"count": 0, "when": body["inner"]["when"]}}
    assert value.model_dump(exclude_unset=True)["created"] is value.created  # a datetime in Python mode
    assert thing.model_validate({"created": None}).model_dump(mode="json")["created"] is None
    assert inner.model_validate({"count": 7}).count == 7


def test_a_date_time_made_by_the_caller_is_written_in_rfc_3339():
    thing, _ = models()
    made = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    changed = thing.model_validate({"name": "n"}).model_copy(update={"created": made})
    assert changed.model_dump(mode="json", include={"created"}) == {"created": "2024-05-06T07:08:09Z"}


def test_a_root_model_has_the_same_rules():
    class Kind(SchemaRootModel[Literal["public", "confidential"]]):
        pass

    class Counts(SchemaRootModel[list[int]]):
        pass

    assert Kind.model_validate("hybrid").root == "hybrid"
    assert Counts.model_validate([1, 2.0]).root == [1, 2]
    assert errors(Counts, [True, "3"]) == [((0,), "int_type", INT), ((1,), "int_type", INT)]


def test_the_rules_leave_a_schema_they_already_rewrote_alone():
    rewritten = wire_rules({"type": "int"})
    assert rewritten["metadata"] == {"oauth_clients_rules": True}
    assert wire_rules(rewritten) is rewritten
    assert wire_rules({"type": "dict", "metadata": {"oauth_clients_rules": False}, "x": 1}) == {
        "type": "dict",
        "metadata": {"oauth_clients_rules": False},
        "x": 1,
    }


def test_the_rules_go_through_lists_and_mappings_of_names_and_keep_the_rest():
    metadata = {"type": "int", "note": "kept as it is"}
    schema = {
        "type": "model-fields",
        "fields": {"a": {"type": "str"}, "b": {"type": "bool", "strict": False}},
        "metadata": metadata,
        "choices": [{"type": "float"}, 3, "text", None],
    }
    assert wire_rules(schema) == {
        "type": "model-fields",
        "fields": {"a": {"type": "str", "strict": True}, "b": {"type": "bool", "strict": True}},
        "metadata": metadata,
        "choices": [{"type": "float", "strict": True}, 3, "text", None],
    }
    assert wire_rules(schema)["metadata"] is metadata
    assert wire_rules({"type": "list", "items_schema": {"type": "any"}}) == {
        "type": "list",
        "items_schema": {"type": "any"},
    }
    assert wire_rules({"type": 5, "x": {"type": "str"}}) == {"type": 5, "x": {"type": "str", "strict": True}}


@pytest.mark.parametrize(
    "literal",
    [{"type": "literal", "expected": ["only"]}, {"type": "literal", "expected": [1, 2]},
     {"type": "literal", "expected": ["a", 1]}, {"type": "literal", "expected": ["a", "b"][:0]},
     {"type": "literal"}],
)  # fmt: skip
def test_a_const_an_int_enum_and_a_mixed_literal_stay_exact(literal):
    assert wire_rules(literal) == literal


def test_a_string_enum_of_two_values_or_more_is_an_open_string():
    assert wire_rules({"type": "literal", "expected": ["a", "b"]}) == {
        "type": "str",
        "strict": True,
        "metadata": {"oauth_clients_rules": True},
    }


def test_repr_masks_secret_fields_and_secret_looking_unknown_data():
    thing, _ = models()
    value = thing.model_validate(
        {
            "name": "visible",
            "Secret": "s3cr3t-value",
            "note": "not-secret",
            "token_type": "Bearer",
            "hint": "first-pet",
            "client_secret": "unknown-but-secret",
            "tags": ["a", {"password": "hunter2"}],
            "extra": {"api_key": "k-123", "plain": "p"},
        }
    )
    shown = [
        "name='visible'", "count=None", "ratio=None", "enabled=None", "kind=None", "version=None",
        "level=None", "mixed=None", "created=None", "inner=None", "inners=None", "grid=None",
        "secret='***'", "note='not-secret'", "token_type='Bearer'", "hint='***'", "client_secret='***'",
        "tags=['a', {'password': '***'}]",
        "extra={'api_key': '***', 'plain': 'p'}",
    ]  # fmt: skip
    assert repr(value) == f"Thing({', '.join(shown)})"
    assert str(value) == " ".join(shown)
    assert repr(thing()).endswith("secret=None, note=None, token_type=None, hint=None)")  # nothing to hide
    assert value.secret == "s3cr3t-value" and value.model_extra["client_secret"] == "unknown-but-secret"
    assert value.model_dump(by_alias=True, exclude_unset=True)["tags"] == ["a", {"password": "hunter2"}]


def test_a_validation_error_never_shows_the_input():
    thing, _ = models()
    with pytest.raises(ValidationError) as raised:
        thing.model_validate({"Secret": 12345678, "count": "hunter2-value"})
    assert "12345678" not in str(raised.value) and "hunter2" not in str(raised.value)
