"""A path parameter is one percent-encoded segment; the values no encoding keeps there are refused by name."""

from __future__ import annotations

import pytest

from oauth_clients._runtime.paths import path_segment


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("abc", "abc"),
        ("a/b", "a%2Fb"),
        ("a b?c#d%", "a%20b%3Fc%23d%25"),
        ("...", "..."),
        ("a.b", "a.b"),
        (12, "12"),
        ("é", "%C3%A9"),
    ],
)
def test_a_value_becomes_one_encoded_segment(value, segment):
    assert path_segment(value, "client_id") == segment


@pytest.mark.parametrize(
    ("value", "shown"), [("", "an empty string"), (".", "'.'"), ("..", "'..'")], ids=["empty", "dot", "dots"]
)
def test_a_value_that_would_leave_its_segment_is_refused_by_name(value, shown):
    with pytest.raises(ValueError, match=r"^the path parameter client_id cannot be ") as raised:
        path_segment(value, "client_id")
    assert (
        str(raised.value)
        == f"the path parameter client_id cannot be {shown}: it would leave its path segment"
    )
