"""One list of secret names, applied by both model families and the error excerpts, at every depth.

Unknown data (members the spec does not list) under names such as `privateKey`, `signing_key`,
`passphrase`, `password` or `pwd` is masked in repr() of attrs and pydantic models at any depth, and
in the body excerpts of errors whatever the body's format: JSON (escaped keys, cut bodies),
form-encoded, `name: value` text, XML. pydantic's validation errors never show input values.
"""

from __future__ import annotations

import pydantic
import pytest

from oauth_clients import leegality
from oauth_clients._runtime.redact import SECRET_WORDS, body_excerpt, looks_secret, masked_data
from oauth_clients.leegality import schemas

SECRET = "NAMED-SECRET-SENTINEL-5d2e"
NAMES = ["privateKey", "signing_key", "passphrase", "password", "pwd", "token", "api_key", "secret",
         "clientSecret", "X-Api-Key", "refresh-token", "Authorization"]  # fmt: skip
HARMLESS = ["key", "id", "name", "clientId", "grant_types", "keyId", "description"]


@pytest.mark.parametrize("name", NAMES)
def test_secret_names_look_secret(name):
    assert looks_secret(name)


@pytest.mark.parametrize("name", HARMLESS)
def test_ordinary_names_do_not(name):
    assert not looks_secret(name)


def test_the_list_is_the_documented_one():
    assert {"secret", "password", "passphrase", "pwd", "token", "apikey", "privatekey", "signingkey"} <= set(
        SECRET_WORDS
    )


def unknown_data() -> dict[str, object]:
    return {
        "extra": {"privateKey": SECRET, "items": [{"signing_key": SECRET, "kept": "visible"}]},
        "passphrase": SECRET,
        "pwd": SECRET,
        "nested": [[{"password": SECRET}], {"deeper": {"api_key": SECRET}}],
        "tokenCount": 3,
        "hasSecret": True,
    }


def test_masked_data_masks_at_every_depth_and_keeps_the_rest():
    masked = masked_data(unknown_data())
    assert SECRET not in repr(masked)
    assert masked["extra"]["items"][0]["kept"] == "visible"
    assert masked["hasSecret"] is True  # a boolean tells that a secret exists, not what it is


def test_attrs_models_mask_unknown_secrets_at_every_depth():
    model = leegality.OAuth2ClientVO.from_dict({"clientId": "id-1", **unknown_data()})
    assert SECRET not in repr(model) and "id-1" in repr(model)
    assert model.additional_properties["extra"]["privateKey"] == SECRET  # the data itself is kept


def test_pydantic_models_mask_unknown_secrets_at_every_depth():
    model = schemas.OAuth2ClientVO.model_validate({"clientId": "id-1", **unknown_data()})
    assert SECRET not in repr(model) and SECRET not in str(model) and "id-1" in repr(model)
    assert model.model_dump(by_alias=True)["extra"]["privateKey"] == SECRET


def test_pydantic_validation_errors_hide_the_input():
    with pytest.raises(pydantic.ValidationError) as raised:
        schemas.OAuth2ClientVO.model_validate({"clientSecret": [SECRET], "state": SECRET})
    assert SECRET not in str(raised.value) and SECRET not in repr(raised.value)
    assert "clientSecret" in str(raised.value)  # the field is still named


@pytest.mark.parametrize(
    "body",
    [
        '{"privateKey": "SECRET", "id": 1}',
        '{"outer": {"list": [{"signing_key": "SECRET"}]}}',
        '{"client\\u0053ecret": "SECRET"}',  # a JSON-escaped key
        '{"passphrase": "SECRET',  # cut mid-value
        '{"data": [{"id": 1, "password": "SECR',  # cut JSON
        "grant_type=client_credentials&client_secret=SECRET&scope=a",
        "grant_type=client_credentials&client%5Fsecret=SECRET",
        "pwd=SECRET",
        "error: bad request\napi_key: SECRET\n",
        "<error><clientSecret>SECRET</clientSecret><id>1</id></error>",
        "<a><ns:Password>SECRET</ns:Password></a>",
        '<creds token="SECRET" id="1"/>',
        "<error><privateKey>SECRET",  # cut XML
    ],
)
def test_body_excerpts_mask_secret_names_in_any_format(body):
    excerpt = body_excerpt(body.replace("SECRET", SECRET).encode())
    assert SECRET[:8] not in excerpt and "***" in excerpt


def test_body_excerpts_keep_what_is_not_secret():
    excerpt = body_excerpt(b'{"client_id": "abc", "grant_types": ["x"], "clientSecret": "s3cr3t-value"}')
    assert excerpt == '{"client_id": "abc", "grant_types": ["x"], "clientSecret": "***"}'
