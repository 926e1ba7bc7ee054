"""Masking, word by word: which names are secret, what their values become in every format, what stays
visible, the credential in every spelling, and the excerpt's bounds."""

from __future__ import annotations

import pytest

from oauth_clients._runtime.redact import (
    EXCERPT_LENGTH,
    MASK,
    NO_SECRETS,
    Redactor,
    body_excerpt,
    looks_secret,
    mask_chain,
    mask_secret,
    mask_secret_members,
    mask_unknown_members,
    masked_data,
)
from oauth_clients._runtime.types import UNSET

SECRET_NAMES = [
    "clientSecret",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "token",
    "access_token",
    "api_key",
    "X-Api-Key",
    "privateKey",
    "signing key",
    "credentials",
    "Authorization",
    "refreshToken",
]
PLAIN_NAMES = ["client_id", "name", "description", "key", "passage", "redirect_uri", "private", "signing"]


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_a_secret_looking_name(name):
    assert looks_secret(name)


@pytest.mark.parametrize("name", PLAIN_NAMES)
def test_a_plain_name(name):
    assert not looks_secret(name)


def test_mask_secret_shows_whether_there_is_a_value_never_the_value():
    assert mask_secret("hunter2") == "'***'"
    assert mask_secret(None) == "None"
    assert mask_secret(UNSET) == repr(UNSET)
    assert mask_secret(5) == "5"


def test_masked_data_masks_every_secret_value_at_every_depth_and_keeps_the_rest():
    data = {
        "token": "t0k3n",
        "password": "p",
        "api_key": 12345,
        "secret_set": True,
        "clientSecret": None,
        "note": "visible",
        "nested": [{"refresh_token": ["a", "b"], "id": 1}, ("x", {"pwd": "q"})],
        7: "a non-string key",
    }
    assert masked_data(data) == {
        "token": MASK,
        "password": MASK,
        "api_key": MASK,
        "secret_set": True,  # a boolean tells whether, not what
        "clientSecret": None,
        "note": "visible",
        "nested": [{"refresh_token": MASK, "id": 1}, ["x", {"pwd": MASK}]],
        7: "a non-string key",
    }
    assert masked_data("alone") == "alone"
    assert masked_data("hunter2", "password") == MASK


def test_the_repr_of_unknown_members_masks_secrets_and_still_shows_the_rest():
    members = {"note": "visible", "apiToken": "t0k3n", "count": 3}
    assert mask_unknown_members(members) == "{'note': 'visible', 'apiToken': '***', 'count': 3}"


MEMBERS = {
    "json": (
        '{"token": "t0k3n", "password": "p\\"q\\\\", "api_key": 12345, "name": "n", "client_secret": -1.5e3}',
        '{"token": "***", "password": "***", "api_key": ***, "name": "n", "client_secret": ***}',
    ),
    "json-escaped-key": (
        '{"client\\u0053ecret": "s3cr3t", "id": "i"}',
        '{"client\\u0053ecret": "***", "id": "i"}',
    ),
    "json-bad-escape-key": ('{"a\\qtoken": "s3cr3t"}', '{"a\\qtoken": "***"}'),
    "json-cut": ('{"id": "i", "password": "hunt', '{"id": "i", "password": "***"'),
    "json-cut-after-backslash": ('{"password": "hunt\\', '{"password": "***"'),
    "form": ("token=t0k3n&name=n&api_key=k", "token=***&name=n&api_key=***"),
    "form-encoded-name": ("client%5Fsecret=s3cr3t&id=i", "client%5Fsecret=***&id=i"),
    "text": ("error: bad password: hunter2 (id: i)", "error: bad password: *** (id: i)"),
    "quoted": ("password='a b' token=\"c d\" x='y'", "password='***' token=\"***\" x='y'"),
    "xml": (
        "<r><ns:apiKey a='1'>k3y</ns:apiKey><id>i</id></r>",
        "<r><ns:apiKey a='1'>***</ns:apiKey><id>i</id></r>",
    ),
}


@pytest.mark.parametrize(("text", "masked"), MEMBERS.values(), ids=MEMBERS.keys())
def test_secret_members_are_masked_in_every_format(text, masked):
    assert mask_secret_members(text) == masked


CREDENTIAL = 'sk_live/"quoted" <tag> & 42é'


def test_the_credential_is_masked_in_every_spelling():
    redact = Redactor([CREDENTIAL])
    spellings = [
        CREDENTIAL,
        'sk_live/\\"quoted\\" <tag> & 42\\u00e9',  # JSON
        'sk_live\\/\\"quoted\\" <tag> & 42\\u00e9',  # JSON with escaped slashes
        "sk_live/&quot;quoted&quot; &lt;tag&gt; &amp; 42é",  # HTML
        'sk_live/"quoted" &lt;tag&gt; &amp; 42é',  # HTML, quotes kept
        "sk_live%2F%22quoted%22%20%3Ctag%3E%20%26%2042%C3%A9",  # percent
        "sk_live%2f%22quoted%22%20%3ctag%3e%20%26%2042%c3%a9",  # percent, lower case
        "sk_live%2F%22quoted%22+%3Ctag%3E+%26+42%C3%A9",  # form
    ]
    for spelling in spellings:
        assert redact(f"[{spelling}]") == "[***]", spelling
    assert redact("before '" + repr(CREDENTIAL)[1:-1] + "' after") == "before '***' after"


def test_a_fragment_of_eight_characters_is_masked_and_seven_are_not():
    redact = Redactor(["0123456789abcdef"])
    assert redact("cut: 89abcdef|") == "cut: ***|"
    assert redact("cut: 9abcdef|") == "cut: 9abcdef|"
    assert redact("x01234567y89abcdefz") == "x***y***z"
    assert redact("01234567") == "***"
    assert redact("01234567z") == "***z"
    assert redact("z01234567") == "z***"
    assert redact("short") == "short"


def test_a_short_credential_is_masked_only_where_it_stands_alone():
    redact = Redactor(["abc"])
    assert redact("abc xabc abcx abc.") == "*** xabc abcx ***."


def test_no_secret_masks_nothing():
    assert Redactor([""])("text with nothing") == "text with nothing"
    assert Redactor([])("text") == "text"
    assert NO_SECRETS("token=abc") == "token=abc"
    assert repr(Redactor(["s3cr3t-value"])) == "Redactor(***)"


def test_the_excerpt_is_bounded_masked_and_on_one_line():
    long = b'{"note": "' + b"x" * 300 + b'"}'
    excerpt = body_excerpt(long)
    assert len(excerpt) == EXCERPT_LENGTH == 200
    assert excerpt == '{"note": "' + "x" * 189 + "…"
    exact = b"y" * 200
    assert body_excerpt(exact) == "y" * 200
    assert body_excerpt(b"z" * 201) == "z" * 199 + "…"
    assert body_excerpt(b"line one\n\n  line\ttwo ") == "line one line two"
    assert body_excerpt(b"0123456789abc", limit=10) == "012345678…"


def test_the_excerpt_reads_only_the_start_of_the_body():
    assert body_excerpt(b" " * 800 + b"tail") == ""
    assert body_excerpt(b" " * 799 + b"tail") == "t"
    assert body_excerpt(b"\xff ok") == "\ufffd ok"


def test_the_excerpt_masks_secret_members_and_the_credential():
    body = b'{"password": "hunter2", "echo": "my-credential-123", "id": "i"}'
    excerpt = body_excerpt(body, redactor=Redactor(["my-credential-123"]))
    assert excerpt == '{"password": "***", "echo": "***", "id": "i"}'


def test_mask_chain_masks_every_exception_of_the_chain_once():
    redact = Redactor(["my-credential-123"])
    root = ValueError("illegal header line: my-credential-123", 7)
    middle = RuntimeError("while reading my-credential-123")
    middle.__context__ = root
    top = OSError("failed")
    top.__cause__ = middle
    root.__context__ = top  # a cycle ends the walk
    mask_chain(top, redact)
    assert root.args == ("illegal header line: ***", 7)
    assert middle.args == ("while reading ***",)
    assert top.args == ("failed",)


@pytest.mark.parametrize(
    ("secret", "spelling"),
    [
        ("é\x01", "é\\x01"),  # as repr() shows it
        ("é\x01", "\\u00e9\\u0001"),  # as JSON escapes it
        ("é/", "\\u00e9/"),  # ... with its slash as is
        ("é/", "\\u00e9\\/"),  # ... and escaped
        ('a"b<', "a&quot;b&lt;"),  # HTML, quotes escaped
        ('a"b<', 'a"b&lt;'),  # HTML, quotes kept
        ('a"b<', "a%22b%3C"),  # percent-encoded
        ('a"b<', "a%22b%3c"),  # ... with lower-case hex digits
        ('a"b<', 'a"b<'),  # as is
    ],
)
def test_a_short_credential_is_masked_in_each_spelling_without_help_from_fragments(secret, spelling):
    # Shorter than FRAGMENT_LENGTH: no fragment pass, so each spelling must be in the pattern itself.
    assert Redactor([secret])(f"[{spelling}]") == "[***]"


def test_the_longest_spelling_is_masked_whole_before_a_shorter_one_it_starts_with():
    # "abcdefgh&" is the start of its own HTML spelling "abcdefgh&amp;": masking the short one first
    # would leave "amp;" behind, too short for a fragment.
    assert Redactor(["abcdefgh&"])("[abcdefgh&amp;]") == "[***]"
