"""Every named example in the specs validates against its schema; every response and request body has one."""

from __future__ import annotations

from typing import Any

import pytest
from support.specs import examples, load_spec, operations, providers, validator_for

EXAMPLES = examples()


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def request_examples() -> list[tuple[str, str, str, Any]]:
    """(test id, provider, JSON pointer of the body schema, example value) for every request body example."""
    found = []
    for provider in providers():
        for path, method, operation in operations(load_spec(provider.name)):
            for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
                pointer = f"#/paths/{escape(path)}/{method}/requestBody/content/{escape(media_type)}/schema"
                for name, example in content.get("examples", {}).items():
                    test_id = f"{provider.name}-{operation['operationId']}-request-{name}"
                    found.append((test_id, provider.name, pointer, example["value"]))
    return found


REQUEST_EXAMPLES = request_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example_validates_against_its_schema(example):
    validator = validator_for(example.provider, example.pointer)
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(example.value)
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("provider", "pointer", "value"), [e[1:] for e in REQUEST_EXAMPLES], ids=[e[0] for e in REQUEST_EXAMPLES]
)
def test_request_example_validates_against_its_schema(provider, pointer, value):
    validator = validator_for(provider, pointer)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)]
    assert problems == []


def test_format_checking_is_really_on():
    # Guards the test above: without the format extras, "date-time" and "uri" would pass anything.
    validator = validator_for("slashid", "#/components/schemas/OAuth2Client")
    assert not validator.is_valid({"created_at": "yesterday"})
    assert not validator.is_valid({"grant_types": ["implicit"]})


@pytest.mark.parametrize("provider", [p.name for p in providers()])
def test_every_response_has_an_example(provider):
    spec = load_spec(provider)
    missing = [
        f"{method.upper()} {path} {status} {media_type}"
        for path, method, operation in operations(spec)
        for status, response in operation["responses"].items()
        # Only a 204 may go without a body (and so without an example).
        for media_type, content in response.get(
            "content", {} if status == "204" else {"(no content)": {}}
        ).items()
        if not content.get("examples")
    ]
    assert missing == []


@pytest.mark.parametrize("provider", [p.name for p in providers()])
def test_every_request_body_has_an_example(provider):
    missing = [
        f"{method.upper()} {path} {media_type}"
        for path, method, operation in operations(load_spec(provider))
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items()
        if not content.get("examples")
    ]
    assert missing == []
