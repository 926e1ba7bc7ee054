"""What a response carries from the call that made it, besides what the server sent.

The client puts its `Redactor` (which masks its credential) in the request's extensions, the retry
transports count the attempts there (`ATTEMPTS_EXTENSION`), and the client records how long the
whole call took in the response's extensions (`ELAPSED_EXTENSION`); `Response` and the errors read
them, with the request's method and URL, never from anything the server sent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final, TypedDict

import httpx

from oauth_clients._runtime.redact import NO_SECRETS, Redactor
from oauth_clients._runtime.retry import attempts_of
from oauth_clients._runtime.types import RequestInfo

REDACTOR_EXTENSION: Final = "oauth_clients.redactor"
"""The key of `httpx.Request.extensions` under which the client puts its `Redactor`."""

ELAPSED_EXTENSION: Final = "oauth_clients.elapsed"
"""The key of `httpx.Response.extensions` under which the client records the call's seconds."""


class Provenance(TypedDict):
    """Keyword arguments of `Response` and of the errors: attempts, request, what to mask."""

    attempts: int
    request: RequestInfo | None
    redactor: Redactor


def redactor_of(request: httpx.Request) -> Redactor:
    """The redactor of the client that sent `request` (one that masks nothing if none did)."""
    redactor = request.extensions.get(REDACTOR_EXTENSION)
    return redactor if isinstance(redactor, Redactor) else NO_SECRETS


def request_info(request: httpx.Request) -> RequestInfo:
    """The method and URL of `request` (the client's credential masked in the URL)."""
    return RequestInfo(request.method, redactor_of(request)(str(request.url)))


def provenance(response: httpx.Response) -> Provenance:
    """The attempts, the request and the redactor of the call that got `response`."""
    try:
        request = response.request
    except RuntimeError:  # a response built by hand, never sent
        return {"attempts": 1, "request": None, "redactor": NO_SECRETS}
    return {
        "attempts": attempts_of(request),
        "request": request_info(request),
        "redactor": redactor_of(request),
    }


def elapsed_of(response: httpx.Response) -> timedelta:
    """How long the call that got `response` took (zero when no client of ours timed it)."""
    seconds = response.extensions.get(ELAPSED_EXTENSION)
    return timedelta(seconds=seconds) if isinstance(seconds, float) else timedelta(0)
