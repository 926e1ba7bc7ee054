"""Sending an operation's request straight to the client's transport.

`httpx.Client.request()` spends about a third of a call's CPU on machinery our operations never
use: merging each relative URL with `base_url` (a second URL parse), cookie jars, auth and redirect
flows, event hooks. When a client has none of that to do — no redirects to follow, no proxy routes —
`ApiClient` sends through a `DirectSender` instead: the request is built once from the full URL,
the client's headers and its timeouts, and handed to the same transport (retries included) that
`httpx.Client` would have used. Responses, errors and timeouts are exactly httpx's own. The body is
left to the caller to read (`ApiClient` reads it within the call's limits, `_runtime.body`).
Cookies are neither sent nor stored: none of our APIs uses them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

logger = logging.getLogger("oauth_clients")


class _Sender:
    __slots__ = ("base_url", "headers", "timeout")

    def __init__(self, client: httpx.Client | httpx.AsyncClient) -> None:
        self.base_url = str(client.base_url).rstrip("/")
        self.headers = client.headers
        self.timeout = client.timeout.as_dict()

    def build(self, kwargs: Mapping[str, Any]) -> httpx.Request:
        headers = self.headers
        if extra := kwargs.get("headers"):
            headers = headers.copy()
            headers.update(extra)
        return httpx.Request(
            kwargs["method"],
            self.base_url + kwargs["url"],
            params=kwargs.get("params"),
            headers=headers,
            json=kwargs.get("json"),
            extensions={"timeout": self.timeout, **kwargs.get("extensions", {})},  # a call's own timeout wins
        )


def _log(request: httpx.Request, response: httpx.Response) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s %s -> HTTP %d", request.method, request.url, response.status_code)


class DirectSender(_Sender):
    """Sends through the sync client's transport, bypassing `httpx.Client.send`."""

    __slots__ = ("transport",)

    def __init__(self, client: httpx.Client, transport: httpx.BaseTransport) -> None:
        super().__init__(client)
        self.transport = transport

    def send(self, kwargs: Mapping[str, Any]) -> httpx.Response:
        request = self.build(kwargs)
        try:
            response = self.transport.handle_request(request)
        except httpx.TransportError as error:
            error.request = request  # as httpx.Client does: errors name their request
            raise
        response.request = request
        _log(request, response)
        return response


class AsyncDirectSender(_Sender):
    """Sends through the async client's transport, bypassing `httpx.AsyncClient.send`."""

    __slots__ = ("transport",)

    def __init__(self, client: httpx.AsyncClient, transport: httpx.AsyncBaseTransport) -> None:
        super().__init__(client)
        self.transport = transport

    async def send(self, kwargs: Mapping[str, Any]) -> httpx.Response:
        request = self.build(kwargs)
        try:
            response = await self.transport.handle_async_request(request)
        except httpx.TransportError as error:
            error.request = request
            raise
        response.request = request
        _log(request, response)
        return response
