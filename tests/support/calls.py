"""Calling generated operations with placeholder arguments."""

from __future__ import annotations

import importlib
import inspect
import types
import typing
from types import ModuleType
from typing import Any

import httpx

from oauth_clients._runtime.types import Unset
from support.specs import load_spec, operations, pointer_get


def provider_module(provider: str) -> ModuleType:
    return importlib.import_module(f"oauth_clients.{provider}")


def operation_module(provider: str, operation_id: str) -> ModuleType:
    return getattr(provider_module(provider), operation_id)


PER_CALL_OPTIONS = frozenset({"timeout", "deadline", "retry", "extra_headers"})


def placeholder_arguments(operation: ModuleType) -> dict[str, Any]:
    """A value for every parameter of the operation (all our parameters are strings; a request body
    is the spec's example of it, as the typed model), but `client` and the per-call options."""
    signature = inspect.signature(operation.sync_detailed)
    arguments: dict[str, Any] = {
        name: f"placeholder-{name}"
        for name, parameter in signature.parameters.items()
        if name not in {"client", "body"}
        and name not in PER_CALL_OPTIONS
        and not isinstance(parameter.default, Unset)  # an optional spec parameter is left out
    }
    if "body" in signature.parameters:
        arguments["body"] = example_body(operation)
    return arguments


def request_example(provider: str, operation_id: str) -> Any:
    """The first example of the operation's request body in the spec."""
    spec = load_spec(provider)
    operation = next(op for _, _, op in operations(spec) if op["operationId"] == operation_id)
    body = operation["requestBody"]
    if "$ref" in body:
        body = pointer_get(spec, body["$ref"])
    content = next(iter(body["content"].values()))
    if "example" in content:
        return content["example"]
    return next(iter(content["examples"].values()))["value"]


def example_body(operation: ModuleType) -> Any:
    """The spec's request example of `operation`, read into the type its `body` argument takes."""
    provider = operation.__name__.split(".")[1]
    data = request_example(provider, operation.OPERATION)
    annotation = typing.get_type_hints(operation.sync_detailed)["body"]
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    kinds = [k for k in (typing.get_args(annotation) if union else (annotation,)) if k is not type(None)]
    for kind in kinds:
        if typing.get_origin(kind) is list:
            (item,) = typing.get_args(kind)
            return [item.from_dict(value) for value in data]
        if hasattr(kind, "from_dict"):
            return kind.from_dict(data)
    raise AssertionError(f"{operation.__name__}: no model for its body in {annotation}")


def call_answered(provider: str, operation_id: str, function: str, status: int, body: Any) -> Any:
    """Call `function` (`sync`, `sync_detailed`, ...) of an operation whose server answers `body`.

    `body` is sent as JSON unless it is bytes. The transport is httpx's MockTransport: this is for
    parsing tests; tests of HTTP itself use a real server.
    """

    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})
        return httpx.Response(status, json=body)

    client = provider_module(provider).AuthenticatedClient(
        "token", base_url="http://api.test", transport=httpx.MockTransport(answer), allow_insecure_http=True
    )
    operation = operation_module(provider, operation_id)
    return getattr(operation, function)(client=client, **placeholder_arguments(operation))


def _identifier_key(name: str) -> str:
    """`client_id` and `clientId` alike become `clientid`."""
    return "".join(character for character in name.lower() if character.isalnum())


def parameter_example(parameter: dict[str, Any]) -> Any:
    """The spec's example of a parameter (`example`, first of `examples`, or its schema's); else None."""
    schema = parameter.get("schema", {})
    if "example" in parameter:
        return parameter["example"]
    if parameter.get("examples"):
        return next(iter(parameter["examples"].values()))["value"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    return None


def example_arguments(provider: str, operation_id: str) -> dict[str, Any]:
    """Like `placeholder_arguments`, but a parameter with an example in the spec gets that example.

    Spec parameters (path-level and operation-level, `$ref`s resolved) are matched to the
    function's arguments by name (their `x-python-name` where they have one), ignoring case and
    punctuation.
    """
    spec = load_spec(provider)
    path_item, operation = next(
        (spec["paths"][path], op) for path, _, op in operations(spec) if op["operationId"] == operation_id
    )
    examples: dict[str, Any] = {}
    for parameter in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        if "$ref" in parameter:
            parameter = pointer_get(spec, parameter["$ref"])
        example = parameter_example(parameter)
        if example is not None:
            examples[_identifier_key(parameter.get("x-python-name", parameter["name"]))] = example
    module = operation_module(provider, operation_id)
    arguments = placeholder_arguments(module)
    optional = {  # optional spec parameters: sent where the spec gives an example
        name
        for name, parameter in inspect.signature(module.sync_detailed).parameters.items()
        if isinstance(parameter.default, Unset) and _identifier_key(name) in examples
    }
    arguments |= {name: None for name in optional}
    return {name: examples.get(_identifier_key(name), value) for name, value in arguments.items()}
