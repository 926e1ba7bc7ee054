"""Every named example in the specs validates against its schema, and every response has one."""

from __future__ import annotations

import pytest
from support.specs import examples, load_spec, operations, providers, validator_for

EXAMPLES = examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example_validates_against_its_schema(example):
    validator = validator_for(example.provider, example.pointer)
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(example.value)
    ]
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
        for media_type, content in response.get("content", {"(no content)": {}}).items()
        if not content.get("examples")
    ]
    assert missing == []
