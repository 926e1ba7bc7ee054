"""Path parameters: each value stays inside its own path segment, whatever it holds."""

from __future__ import annotations

from urllib.parse import quote

_DOT_SEGMENTS = frozenset({"", ".", ".."})


def path_segment(value: object, name: str) -> str:
    """`value` percent-encoded as one path segment (`/`, `?`, `#`, `%`, CR, LF, NUL and non-ASCII
    included), or a ValueError naming the parameter for a value that no encoding keeps in its
    segment: "" (it would join its neighbours) and the dot segments "." and ".." (which URL
    normalisation removes, sending the request to another resource)."""
    text = str(value)
    if text in _DOT_SEGMENTS:
        shown = "an empty string" if not text else repr(text)
        raise ValueError(f"the path parameter {name} cannot be {shown}: it would leave its path segment")
    return quote(text, safe="")
