"""The spec bundle as test data: providers, specs, responses and their named examples."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True)
class Provider:
    name: str
    spec_path: Path
    package: str


@cache
def providers() -> tuple[Provider, ...]:
    table = tomllib.loads((ROOT / "codegen" / "providers.toml").read_text())["providers"]
    return tuple(Provider(name, ROOT / entry["spec"], entry["package"]) for name, entry in table.items())


@cache
def load_spec(name: str) -> dict[str, Any]:
    provider = next(p for p in providers() if p.name == name)
    return yaml.safe_load(provider.spec_path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Example:
    provider: str
    operation_id: str
    status: str
    name: str
    pointer: str  # JSON pointer of the response schema inside the spec
    value: Any

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.operation_id}-{self.status}-{self.name}"

    @property
    def schema(self) -> dict[str, Any]:
        """The response schema the example belongs to (as written: usually a `$ref`)."""
        return pointer_get(load_spec(self.provider), self.pointer)

    @property
    def schema_name(self) -> str:
        """The name of the response schema's component (`#/components/schemas/<name>`)."""
        return str(self.schema["$ref"]).rsplit("/", 1)[-1]


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def pointer_get(spec: dict[str, Any], pointer: str) -> Any:
    """The node at a local JSON pointer (`#/components/schemas/X`) of the spec."""
    node: Any = spec
    for token in pointer.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def examples() -> list[Example]:
    found = []
    for provider in providers():
        spec = load_spec(provider.name)
        for path, method, operation in operations(spec):
            for status, response in operation["responses"].items():
                for media_type, content in response.get("content", {}).items():
                    pointer = "/".join(
                        [
                            "#",
                            "paths",
                            _escape(path),
                            method,
                            "responses",
                            status,
                            "content",
                            _escape(media_type),
                            "schema",
                        ]
                    )
                    for name, example in content.get("examples", {}).items():
                        found.append(
                            Example(
                                provider.name,
                                operation["operationId"],
                                status,
                                name,
                                pointer,
                                example["value"],
                            )
                        )
    return found


@cache
def validator_for(provider: str, pointer: str) -> Draft202012Validator:
    """A Draft 2020-12 validator (format checking on) for the schema at `pointer` in the spec."""
    uri = f"urn:oauth-clients:{provider}"
    resource = Resource.from_contents(load_spec(provider), default_specification=DRAFT202012)
    registry = Registry().with_resource(uri, resource)
    schema = {"$ref": uri + pointer}
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
