"""The shape checks the generated `from_dict` methods share: what each accepts, and the exact words and
JSON path of every refusal (the message is what a caller reads in a ResponseDecodeError)."""

from __future__ import annotations

import types

import pytest

from oauth_clients._runtime.shape import (
    WrongShape,
    as_int,
    boolean_list,
    checked_list,
    checked_object,
    integer_list,
    json_path,
    json_type,
    number_list,
    parsed_list,
    string_list,
    wrong_type,
)
from oauth_clients._runtime.types import UNSET


def test_a_wrong_shape_keeps_its_problem_path_and_where():
    error = WrongShape("expected a string, got null", "name", 3, where="Model.name")
    assert error.args == ("expected a string, got null",)
    assert error.problem == "expected a string, got null"
    assert error.path == ["name", 3]
    assert error.where == "Model.name"
    assert error.json_path == "[3].name"
    assert str(error) == "[3].name: expected a string, got null (Model.name)"


def test_a_wrong_shape_of_the_body_itself_says_so_and_names_no_field():
    error = WrongShape("expected an object, got null")
    assert error.where == ""
    assert error.path == []
    assert str(error) == "the body: expected an object, got null"


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        (["result", 3, "grant_types", 0], "result[3].grant_types[0]"),
        ([0, "a"], "[0].a"),
        (["c d"], '["c d"]'),
        (["a", "c d", "e"], 'a["c d"].e'),
        (["class"], '["class"]'),  # a keyword is no identifier a path could use
        (["a", 'say "hi" \\ back'], 'a["say \\"hi\\" \\\\ back"]'),
        ([], ""),
    ],
)
def test_json_path_spells_each_segment(segments, expected):
    assert json_path(segments) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({}, "an object"),
        ([], "an array"),
        ("", "a string"),
        (True, "a boolean"),
        (0, "an integer"),
        (0.5, "a number"),
        (None, "null"),
        (UNSET, "nothing (the required property is missing)"),
        ((1, 2), "tuple"),
    ],
)
def test_json_type_names_the_type_as_json_would(value, expected):
    assert json_type(value) == expected


def test_wrong_type_names_what_was_due_and_what_came_never_the_value():
    error = wrong_type("a string", 12345, "OAuthClient.AppId", "AppId", 2)
    assert error.problem == "expected a string, got an integer"
    assert error.where == "OAuthClient.AppId"
    assert error.path == ["AppId", 2]
    assert "12345" not in str(error)
    bare = wrong_type("an object", None)
    assert (bare.problem, bare.where, bare.path) == ("expected an object, got null", "", [])


def test_checked_object_returns_a_dict_itself_and_copies_another_mapping():
    body = {"a": 1}
    assert checked_object(body, "M") is body
    proxy = types.MappingProxyType({"a": 1})
    copied = checked_object(proxy, "M")
    assert type(copied) is dict
    assert copied == {"a": 1}


@pytest.mark.parametrize(
    ("value", "got"), [(None, "null"), ([], "an array"), ("x", "a string"), (1, "an integer")]
)
def test_checked_object_refuses_anything_else(value, got):
    with pytest.raises(WrongShape) as raised:
        checked_object(value, "Model")
    assert raised.value.problem == f"expected an object, got {got}"
    assert raised.value.where == "Model"
    assert raised.value.path == []


def test_checked_list_returns_the_list_itself_and_refuses_anything_else():
    items = [1, "a"]
    assert checked_list(items, "M.f") is items
    with pytest.raises(WrongShape) as raised:
        checked_list((1, 2), "M.f")
    assert (raised.value.problem, raised.value.where) == ("expected an array, got tuple", "M.f")
    with pytest.raises(WrongShape, match=r"^the body: expected an array, got an object \(M\.f\)$"):
        checked_list({}, "M.f")


def test_as_int_reads_integers_and_zero_fraction_numbers():
    assert as_int(7) == 7
    converted = as_int(3600.0)
    assert converted == 3600
    assert type(converted) is int


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (1.5, "expected an integer, got a number with a fraction"),
        (True, "expected an integer, got a boolean"),
        ("12", "expected an integer, got a string"),
        (None, "expected an integer, got null"),
    ],
)
def test_as_int_refuses_the_rest_naming_where_and_path(value, problem):
    with pytest.raises(WrongShape) as raised:
        as_int(value, "Client.ttl", "ttl")
    assert raised.value.problem == problem
    assert raised.value.where == "Client.ttl"
    assert raised.value.path == ["ttl"]


def test_as_int_without_a_where_names_none():
    with pytest.raises(WrongShape) as raised:
        as_int(2.5)
    assert (raised.value.where, raised.value.path) == ("", [])


@pytest.mark.parametrize(
    ("check", "good", "bad", "expected"),
    [
        (string_list, ["a", ""], ["a", 5, 6], "a string"),
        (boolean_list, [True, False], [True, 1, 2], "a boolean"),
        (number_list, [1, 2.5], [1.0, True, "x"], "a number"),
        (number_list, [0], [0, "1", None], "a number"),
    ],
)
def test_typed_lists_return_the_list_and_name_the_first_bad_item(check, good, bad, expected):
    assert check(good, "M.items") is good
    assert check([], "M.items") == []
    with pytest.raises(WrongShape) as raised:
        check(bad, "M.items")
    error = raised.value
    assert error.problem.startswith(f"expected {expected}, got ")
    assert error.where == "M.items[]"
    assert error.path == [1]
    assert str(error) == f"[1]: {error.problem} (M.items[])"


def test_a_typed_list_refuses_what_is_not_a_list_with_its_own_where():
    for check in (string_list, boolean_list, number_list, integer_list):
        with pytest.raises(WrongShape) as raised:
            check("not a list", "M.items")
        assert (raised.value.problem, raised.value.where) == ("expected an array, got a string", "M.items")


def test_the_bad_item_is_found_by_identity_not_equality():
    # 1 == True, but the boolean is the bad item of a list of strings... and of numbers.
    with pytest.raises(WrongShape) as raised:
        number_list([1, True], "M.n")
    assert raised.value.path == [1]
    assert raised.value.problem == "expected a number, got a boolean"


def test_integer_list_converts_zero_fraction_numbers_and_names_a_bad_one():
    items = [1, 2]
    assert integer_list(items, "M.n") is items
    converted = integer_list([1, 2.0], "M.n")
    assert converted == [1, 2]
    assert [type(i) for i in converted] == [int, int]
    with pytest.raises(WrongShape) as raised:
        integer_list([1, 2.0, 2.5], "M.n")
    assert raised.value.problem == "expected an integer, got a number with a fraction"
    assert (raised.value.where, raised.value.path) == ("M.n[]", [2])
    with pytest.raises(WrongShape) as raised:
        integer_list([1, "3"], "M.n")
    assert (raised.value.problem, raised.value.path) == ("expected an integer, got a string", [1])


def _parse_id(item):
    if type(item) is not str:
        raise wrong_type("a string", item, "Item.id", "id")
    return item.upper()


def test_parsed_list_parses_every_item_and_names_the_index_of_a_bad_one():
    assert parsed_list(["a", "b"], _parse_id, "M.items") == ["A", "B"]
    with pytest.raises(WrongShape) as raised:
        parsed_list(["a", "b", None, 4], _parse_id, "M.items")
    assert raised.value.path == ["id", 2]
    assert raised.value.json_path == "[2].id"
    with pytest.raises(WrongShape, match=r"^the body: expected an array, got an object \(M\.items\)$"):
        parsed_list({}, _parse_id, "M.items")


def test_parsed_list_names_the_end_when_no_item_fails_twice():
    calls = []

    def flaky(item):  # refuses once only: the second look finds no failing item
        calls.append(item)
        if len(calls) == 2:
            raise WrongShape("expected a string, got null")
        return item

    with pytest.raises(WrongShape) as raised:
        parsed_list(["a", "b", "c"], flaky, "M.items")
    assert raised.value.path == [3]
