"""Masking of secrets in text that may reach a log, a repr() or an exception message.

Two kinds of secret are masked:

- values under a secret-looking *name* (`SECRET_WORDS`: `clientSecret`, `privateKey`, `pwd`, ...),
  in the unknown members of both model families at every depth and in response bodies shown as
  excerpts, whatever their format: JSON (escaped keys and cut bodies included), form-encoded or
  `name: value` text, XML elements;
- the client's own credential, wherever it occurs (`Redactor`): as is, JSON-escaped, HTML-escaped,
  percent-encoded, and any fragment of `FRAGMENT_LENGTH` or more of its characters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, cast, final
from urllib.parse import quote, quote_plus, unquote_plus

MASK: Final = "***"
EXCERPT_LENGTH: Final = 200
FRAGMENT_LENGTH: Final = 8
"""A run of this many characters of a credential counts as the credential (an excerpt may cut it)."""

SECRET_WORDS: Final = (
    "secret",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "token",
    "apikey",
    "privatekey",
    "signingkey",
    "credential",
    "authorization",
)
"""What a name contains, once lower-cased without `-`, `_` or spaces, when its value is secret.

The one list behind the attrs models (`mask_unknown_members`), the pydantic models
(`SchemaModel`) and the body excerpts of errors (`body_excerpt`).
"""

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def looks_secret(name: str) -> bool:
    """Whether a field the spec does not list has a secret-looking name (`clientSecret`, ...)."""
    normalized = _NOT_ALNUM.sub("", name.lower())
    return any(word in normalized for word in SECRET_WORDS)


def mask_secret(value: object) -> str:
    """repr() of a secret field: whether there is a value, never the value."""
    if value is None or not isinstance(value, str):
        return repr(value)  # None, or UNSET: nothing secret to hide
    return f"'{MASK}'"


def masked_data(value: Any, name: str | None = None) -> Any:
    """A copy of JSON-like data in which every value under a secret-looking name is `MASK`.

    At every depth: objects in lists in objects... Values that are None or booleans are kept
    (they tell whether a secret is set, not what it is).
    """
    if name is not None and value is not None and not isinstance(value, bool) and looks_secret(name):
        return MASK
    if isinstance(value, Mapping):
        members = cast("Mapping[object, Any]", value)
        return {
            key: masked_data(item, key if isinstance(key, str) else None) for key, item in members.items()
        }
    if isinstance(value, list | tuple):
        items = cast("Iterable[Any]", value)
        return [masked_data(item) for item in items]
    return value


def mask_unknown_members(members: dict[str, Any]) -> str:
    """repr() of a model's unknown fields, secret-looking members masked at every depth."""
    return repr(masked_data(members))


# A JSON member `"name": value` (the name possibly JSON-escaped); a string value may be cut short.
_JSON_MEMBER = re.compile(
    r'(?P<lead>"(?P<key>(?:[^"\\]|\\.)*)"\s*:\s*)'
    r'(?P<value>"(?:[^"\\]|\\.)*(?:"|\\?\Z)|-?\d[\d.eE+-]*)'
)
# `name=value` or `name: value` in form-encoded or plain text (a quoted value may be cut short).
_ASSIGNMENT = re.compile(
    r"(?P<lead>(?:^|(?<=[\s&;,?{(\[<]))(?P<key>[A-Za-z_%][\w%+.-]*)\s*[=:]\s*)"
    r"(?P<value>\"[^\"]*\"?|'[^']*'?|[^\s&;,<>\"']+)"
)
# The text of an XML element (its closing tag may be cut off).
_XML_ELEMENT = re.compile(r"(?P<lead><(?P<key>[A-Za-z_][\w:.-]*)(?:\s[^<>]*)?>)(?P<value>[^<]+)")


def _json_key(raw: str) -> str:
    try:
        key = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return key if isinstance(key, str) else raw


def _xml_name(key: str) -> str:
    return key.rpartition(":")[2]


def _masker(decode_key: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        if not looks_secret(decode_key(match["key"])):
            return match[0]
        value = match["value"]
        quote_mark = value[0] if value[:1] in ('"', "'") else ""
        return f"{match['lead']}{quote_mark}{MASK}{quote_mark}"

    return replace


_MASK_JSON = _masker(_json_key)
_MASK_ASSIGNMENT = _masker(unquote_plus)
_MASK_XML = _masker(_xml_name)


def mask_secret_members(text: str) -> str:
    """`text` with the values of secret-looking names masked: JSON, form-encoded, `a: b`, XML."""
    text = _JSON_MEMBER.sub(_MASK_JSON, text)
    text = _ASSIGNMENT.sub(_MASK_ASSIGNMENT, text)
    return _XML_ELEMENT.sub(_MASK_XML, text)


@final
class Redactor:
    """Masks given secrets (a client's credential) in any text, in every spelling a server may echo.

    As is, JSON-escaped, HTML-escaped, percent-encoded (either case of hex digits) and as Python's
    repr() shows it, and any run of
    `FRAGMENT_LENGTH` or more characters of one of those forms (what is left where an excerpt or a
    server cut it). A secret shorter than `FRAGMENT_LENGTH` is masked only where it stands alone,
    not inside a longer word: a one-letter test credential does not mask every such letter.
    """

    __slots__ = ("__weakref__", "_fragments", "_pattern")

    def __init__(self, secrets: Iterable[str]) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if secret:
                forms.update(_spellings(secret))
        longest_first = sorted(forms, key=len, reverse=True)
        alternatives = [
            re.escape(form) if len(form) >= FRAGMENT_LENGTH else rf"(?<!\w){re.escape(form)}(?!\w)"
            for form in longest_first
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None
        self._fragments = frozenset(
            form[start : start + FRAGMENT_LENGTH]
            for form in forms
            for start in range(len(form) - FRAGMENT_LENGTH + 1)
        )

    def __call__(self, text: str) -> str:
        """`text` with every spelling and every long enough fragment of the secrets masked."""
        if self._pattern is None:
            return text
        text = self._pattern.sub(MASK, text)
        if not self._fragments:
            return text
        covered = bytearray(len(text))
        for start in range(len(text) - FRAGMENT_LENGTH + 1):
            if text[start : start + FRAGMENT_LENGTH] in self._fragments:
                covered[start : start + FRAGMENT_LENGTH] = b"\1" * FRAGMENT_LENGTH
        if not any(covered):
            return text
        pieces: list[str] = []
        for index, char in enumerate(text):
            if not covered[index]:
                pieces.append(char)
            elif index == 0 or not covered[index - 1]:
                pieces.append(MASK)
        return "".join(pieces)

    def __repr__(self) -> str:
        return "Redactor(***)"


NO_SECRETS: Final = Redactor(())
"""A redactor with nothing to mask (errors built without a client)."""


def _spellings(secret: str) -> set[str]:
    percent = quote(secret, safe="")
    return {
        secret,
        repr(secret)[1:-1],  # as Python shows it, e.g. in a logged header tuple
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
        html.escape(secret),
        html.escape(secret, quote=False),
        percent,
        re.sub(r"%[0-9A-F]{2}", lambda escape: escape[0].lower(), percent),
        quote_plus(secret, safe=""),
    }


def body_excerpt(body: bytes, limit: int = EXCERPT_LENGTH, redactor: Redactor = NO_SECRETS) -> str:
    """The start of a response body as text, secrets masked, shortened to `limit` characters.

    Only the start of the body is read (a few times `limit`), so that a large body costs nothing.
    """
    text = body[: limit * 4].decode("utf-8", errors="replace")
    text = redactor(mask_secret_members(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mask_chain(error: BaseException, redactor: Redactor) -> None:
    """Mask the string arguments of `error` and of every exception it was raised from.

    A traceback prints each exception of the chain: httpx's and h11's carry what the server sent
    (`illegal header line: ... <credential>`) in their messages.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.args = tuple(redactor(arg) if isinstance(arg, str) else arg for arg in current.args)
        current = current.__cause__ or current.__context__
