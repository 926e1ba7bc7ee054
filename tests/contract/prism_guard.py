"""Typed clients for the contract suite whose every request Prism must accept.

Prism runs with `--errors`: a request the spec forbids (a missing required header, the wrong auth
header, a path or method the spec does not have) gets a 4xx, and either an `sl-violations` header
or an `application/problem+json` body of Prism's own. Without a guard such an answer could pass
for a documented error (Prism even fills it with the spec's 400 or 401 example), so the transports
here raise `PrismViolation` instead of returning it: the test that made the request fails, naming
the violation. `PrismViolation` is an AssertionError, which no client code catches.
"""

from __future__ import annotations

from typing import Any

import httpx

import oauth_clients
from oauth_clients._runtime.client import ClientOptions

TOKEN = "contract-suite-token"

# A client option that turns retries off, where the runtime has one: a forced 429 or 5xx from
# Prism would only be asked again (and waited for).
NO_RETRIES: dict[str, Any] = {"retry": None} if "retry" in ClientOptions.__optional_keys__ else {}


class PrismViolation(AssertionError):
    """Prism rejected a request: it breaks the spec."""


def rejected(response: httpx.Response) -> bool:
    """Whether Prism rejected the request that `response` answers."""
    content_type = response.headers.get("content-type", "")
    return "sl-violations" in response.headers or content_type.startswith("application/problem+json")


def violation_error(request: httpx.Request, response: httpx.Response) -> PrismViolation:
    """The failure for a rejected request (the body must have been read)."""
    problem = response.headers.get("sl-violations") or response.text
    return PrismViolation(
        f"Prism rejected {request.method} {request.url} (HTTP {response.status_code}): {problem}"
    )


class GuardTransport(httpx.BaseTransport):
    """httpx's transport, raising PrismViolation for every request that Prism rejects."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if rejected(response):
            response.read()
            response.close()
            raise violation_error(request, response)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncGuardTransport(httpx.AsyncBaseTransport):
    """The async twin of GuardTransport."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if rejected(response):
            await response.aread()
            await response.aclose()
            raise violation_error(request, response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def guarded_client(provider: str, base_url: str, *, prefer: str | None = None) -> Any:
    """`oauth_clients.<provider>.AuthenticatedClient` for Prism at `base_url`, guarded, with an
    optional `Prefer` header (`code=404`, `code=200, example=name`) sent on every request."""
    module = getattr(oauth_clients, provider)
    return module.AuthenticatedClient(
        TOKEN,
        base_url=base_url,
        headers={"Prefer": prefer} if prefer else {},
        transport=GuardTransport(),
        async_transport=AsyncGuardTransport(),
        **NO_RETRIES,
    )
