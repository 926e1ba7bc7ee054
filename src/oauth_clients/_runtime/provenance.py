"""What a response carries from the call that made it, besides what the server sent.

The client puts its `Redactor` (which masks its credential) in the request's extensions, and the
retry transports count the attempts there (`ATTEMPTS_EXTENSION`); `Response` and the errors read
both from the request of the response, never from anything the server sent.
"""

from __future__ import annotations

from typing import Final, TypedDict

import httpx

from oauth_clients._runtime.redact import NO_SECRETS, Redactor
from oauth_clients._runtime.retry import attempts_of

REDACTOR_EXTENSION: Final = "oauth_clients.redactor"
"""The key of `httpx.Request.extensions` under which the client puts its `Redactor`."""


class Provenance(TypedDict):
    """Keyword arguments of `Response` and of the errors: how many attempts, what to mask."""

    attempts: int
    redactor: Redactor


def redactor_of(request: httpx.Request) -> Redactor:
    """The redactor of the client that sent `request` (one that masks nothing if none did)."""
    redactor = request.extensions.get(REDACTOR_EXTENSION)
    return redactor if isinstance(redactor, Redactor) else NO_SECRETS


def provenance(response: httpx.Response) -> Provenance:
    """The attempts and the redactor of the call that got `response`."""
    try:
        request = response.request
    except RuntimeError:  # a response built by hand, never sent
        return {"attempts": 1, "redactor": NO_SECRETS}
    return {"attempts": attempts_of(request), "redactor": redactor_of(request)}
