"""The small runtime modules: the ImportError that names the pydantic extra (`_runtime.extras`) and
the multipart part of an uploaded file (`_runtime.files`)."""

from __future__ import annotations

import importlib.util
import io

import httpx
import pytest

from oauth_clients._runtime.extras import require_pydantic
from oauth_clients._runtime.files import File


def test_without_pydantic_the_error_names_the_module_and_the_extra(monkeypatch):
    real = importlib.util.find_spec
    asked: list[str] = []

    def find_spec(name, *args, **kwargs):
        asked.append(name)
        return None if name == "pydantic" else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(ImportError) as raised:
        require_pydantic("oauth_clients.slashid.schemas")
    assert str(raised.value) == (
        "oauth_clients.slashid.schemas needs pydantic v2: install the extra with "
        "`pip install 'oauth-clients[pydantic]'`"
    )
    assert asked == ["pydantic"]


def test_with_pydantic_nothing_is_raised():
    assert require_pydantic("oauth_clients.slashid.schemas") is None


def test_a_file_is_the_part_httpx_sends():
    payload = io.BytesIO(b"%PDF-1.7")
    assert File(payload, "a.pdf", "application/pdf").to_tuple() == ("a.pdf", payload, "application/pdf")
    assert File(payload).to_tuple() == (None, payload, None)
    request = httpx.Request(
        "POST",
        "http://127.0.0.1/upload",
        files=[("document", File(payload, "a.pdf", "application/pdf").to_tuple())],
    )
    body = request.read()
    assert b'Content-Disposition: form-data; name="document"; filename="a.pdf"\r\n' in body
    assert b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n" in body
