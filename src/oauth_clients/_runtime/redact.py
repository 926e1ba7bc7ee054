"""Masking of secrets in text that may reach a log or an exception message."""

from __future__ import annotations

import re
from typing import Any

MASK = "***"
EXCERPT_LENGTH = 200

# A JSON member whose key looks secret ("clientSecret", "_clientSecret", "Secret", "access_token",
# "password", ...) and whose value is a string: the value is masked, the key kept.
_SECRET_WORDS = r"(?:secret|password|token|api[-_]?key)"
_SECRET_MEMBER = re.compile(
    r'("[^"\\]*' + _SECRET_WORDS + r'[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"',
    re.IGNORECASE,
)
_SECRET_NAME = re.compile(_SECRET_WORDS, re.IGNORECASE)


def looks_secret(name: str) -> bool:
    """Whether a field the spec does not list has a secret-looking name (`clientSecret`, ...)."""
    return _SECRET_NAME.search(name) is not None


def mask_secret_members(text: str) -> str:
    return _SECRET_MEMBER.sub(rf'\1"{MASK}"', text)


def body_excerpt(body: bytes, limit: int = EXCERPT_LENGTH) -> str:
    """The start of a response body as text, secret-looking JSON values masked, shortened to `limit`."""
    text = mask_secret_members(body.decode("utf-8", errors="replace"))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mask_secret(value: object) -> str:
    """repr() of a secret field: whether there is a value, never the value."""
    if value is None or not isinstance(value, str):
        return repr(value)  # None, or UNSET: nothing secret to hide
    return f"'{MASK}'"


def mask_unknown_members(members: dict[str, Any]) -> str:
    """repr() of a model's unknown fields, with the string values of secret-looking ones masked."""
    shown = {
        name: MASK if looks_secret(name) and isinstance(value, str) else value
        for name, value in members.items()
    }
    return repr(shown)
