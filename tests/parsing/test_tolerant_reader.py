"""Vendors add things: every example payload, changed the way a new API release would, still parses.

Each example of each spec is rewritten by a schema-aware mutation (tests/support/mutate.py) and sent
through the operation; the parsed model must give back exactly the rewritten JSON.
"""

from __future__ import annotations

import pytest
from support import mutate
from support.calls import call_answered
from support.specs import examples

EXAMPLES = examples()

MUTATIONS = {
    "unknown-fields": mutate.add_unknown_fields,
    "unknown-enum-values": mutate.unknown_enum_values,
    "optional-fields-missing": mutate.drop_optional_fields,
    "nullable-fields-null": mutate.null_nullable_fields,
}


def mutated_cases():
    for example in EXAMPLES:
        for name, mutation in MUTATIONS.items():
            payload = mutate.walk(example.provider, example.schema, example.value, mutation)
            if payload != example.value:  # only where the mutation changes something
                yield pytest.param(example, payload, id=f"{example.id}-{name}")


CASES = list(mutated_cases())


@pytest.mark.parametrize(("example", "payload"), CASES)
def test_mutated_payload_parses_and_round_trips(example, payload):
    response = call_answered(
        example.provider, example.operation_id, "sync_detailed", int(example.status), payload
    )

    assert response.parsed is not None
    assert response.parsed.to_dict() == payload


def test_every_mutation_applies_somewhere():
    ids = " ".join(case.id for case in CASES)
    for name in MUTATIONS:
        assert name in ids, f"no example is changed by {name}"


def test_unknown_grant_type_is_kept_as_its_string():
    from oauth_clients import slashid

    client = slashid.OAuth2Client.from_dict(
        {"client_id": "c", "grant_types": ["device_code", "refresh_token"]}
    )

    assert client.grant_types == ["device_code", "refresh_token"]
    assert [slashid.is_known_grant_type(g) for g in client.grant_types] == [False, True]
    assert client.to_dict()["grant_types"] == ["device_code", "refresh_token"]


def test_unknown_fields_are_kept_and_readable():
    from oauth_clients import launchdarkly

    body = {
        "_accountId": "a",
        "_clientId": "c",
        "name": "n",
        "redirectUri": "https://x.test/cb",
        "_creationDate": 1,
        "_links": {},
        "rotatedAt": 1700000000,
    }
    client = launchdarkly.OAuthClient.from_dict(body)

    assert client["rotatedAt"] == 1700000000
    assert client.additional_properties == {"rotatedAt": 1700000000}
    assert client.to_dict() == body
