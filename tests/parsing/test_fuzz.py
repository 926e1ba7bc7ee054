"""Generated response bodies: hypothesis-jsonschema draws bodies from each response schema of the specs.

- A body valid against the schema parses, and `to_dict()` gives back exactly that body.
- Any JSON at all either parses or raises our ResponseDecodeError; nothing else escapes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from support.bodies import body_schema, responses
from support.calls import call_answered

from oauth_clients.errors import ResponseDecodeError

# Drawing from the bigger schemas is slow (about 0.2 s a body for LoginRadius): 40 valid bodies per
# response keeps the suite fast on three Pythons; arbitrary JSON is cheap, so 100 of those.
VALID_BODIES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.large_base_example],
)
ANY_JSON = settings(max_examples=100, deadline=None)


RESPONSES = responses()


@pytest.mark.parametrize(("provider", "operation_id", "status"), RESPONSES)
@VALID_BODIES
@given(data=st.data())
def test_a_valid_body_parses_and_round_trips(provider, operation_id, status, data):
    body = data.draw(from_schema(body_schema(provider, operation_id, status)), label="body")

    response = call_answered(provider, operation_id, "sync_detailed", int(status), body)

    assert response.parsed is not None
    assert response.parsed.to_dict() == body


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=20,
)


@pytest.mark.parametrize(("provider", "operation_id", "status"), RESPONSES)
@ANY_JSON
@given(body=JSON)
def test_any_json_parses_or_raises_our_decode_error(provider, operation_id, status, body):
    try:
        response = call_answered(provider, operation_id, "sync_detailed", int(status), body)
    except ResponseDecodeError as error:
        message = str(error)
    else:
        assert response.parsed is not None
        return
    assert message.startswith(f"{operation_id}: HTTP {status}: ")
