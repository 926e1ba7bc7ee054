"""The transports that every request of an `ApiClient` passes through, whichever httpx client sends.

- `CredentialGuard` (and its async twin), the retry transport of `_runtime.retry` that also puts
  the client's credential on a request to the origin of `base_url` and takes it off a request to
  any other origin (a redirect elsewhere: httpx itself strips only `Authorization`), masking it in
  a URL that a server echoed it into. It is a transport, not an event hook, so that hooks set on
  the httpx client later cannot remove it.
- `SendThrough` (and its async twin) hands each attempt to the caller's own httpx client
  (`http_client=` / `async_http_client=`), so that its transport, proxies, auth, cookies and event
  hooks apply; redirects are not followed there (see `ApiClient`). It never closes that client.

Order, outermost first: the guard with the retries, then the transport that sends.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import unquote

import httpx

from oauth_clients._runtime.redact import Redactor
from oauth_clients._runtime.retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from oauth_clients.errors import ClientClosedError

Origin = tuple[str, str, int | None]


def origin_of(url: httpx.URL) -> Origin:
    """The scheme, host and port of `url`; httpx lower-cases the first two and gives a scheme's
    default port as None (`https://host:443` is `https://host`)."""
    return url.scheme, url.host, url.port


class _Guard:
    def __init__(self, header: str, value: str, home: Origin, redactor: Redactor) -> None:
        self._header = header
        self._value = value
        self._home = home
        self._redactor = redactor

    def prepare(self, request: httpx.Request) -> None:
        if origin_of(request.url) == self._home:
            request.headers[self._header] = self._value
        else:
            request.headers.pop(self._header, None)
        url = unquote(str(request.url))
        masked = self._redactor(url)
        if masked != url:  # sent, and logged by httpx, with the credential masked
            request.url = httpx.URL(masked)


class CredentialGuard(RetryTransport):
    """A `RetryTransport` that sends the credential to its home origin only (see module).

    One layer, not two: what the retry transport wraps stays `transport` (tests look at it).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport,
        policy: RetryPolicy,
        *,
        header: str,
        value: str,
        home: Origin,
        redactor: Redactor,
    ) -> None:
        super().__init__(transport, policy)
        self._guard = _Guard(header, value, home, redactor)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._guard.prepare(request)
        return super().handle_request(request)


class AsyncCredentialGuard(AsyncRetryTransport):
    """The async twin of `CredentialGuard`."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        header: str,
        value: str,
        home: Origin,
        redactor: Redactor,
    ) -> None:
        super().__init__(transport, policy)
        self._guard = _Guard(header, value, home, redactor)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._guard.prepare(request)
        return await super().handle_async_request(request)


def _closed(what: str) -> ClientClosedError:
    return ClientClosedError(f"the {what} passed to this client is closed: pass an open one to a new client")


class SendThrough(httpx.BaseTransport):
    """Sends each request with the caller's `httpx.Client` (never closed here)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client: httpx.Client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.client.is_closed:
            raise _closed("http_client")
        return self.client.send(request, stream=True, follow_redirects=False)

    def close(self) -> None:
        """Nothing: the caller's client is the caller's to close."""


class AsyncSendThrough(httpx.AsyncBaseTransport):
    """Sends each request with the caller's `httpx.AsyncClient` (never closed here)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client: httpx.AsyncClient = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.client.is_closed:
            raise _closed("async_http_client")
        return await self.client.send(request, stream=True, follow_redirects=False)

    async def aclose(self) -> None:
        """Nothing: the caller's client is the caller's to close."""


EventHook = Callable[[Any], object]
"""A hook that httpx calls with each `httpx.Request` (before sending) or `httpx.Response`."""

EVENTS: Final = ("request", "response")


def checked_event_hooks(hooks: object) -> dict[str, list[EventHook]]:
    """`hooks` in httpx's shape, `{"request": [...], "response": [...]}`, each a plain callable.

    A TypeError/ValueError names what is wrong: another key, a hook that is not callable, or an
    `async def` hook (it could not run on sync calls: set it on `async_http_client=` instead).
    """
    if not isinstance(hooks, Mapping):
        kind = type(hooks).__name__
        raise TypeError(f"event_hooks must be a mapping like {{'request': [...]}}, not {kind}")
    checked: dict[str, list[EventHook]] = {event: [] for event in EVENTS}
    for event, functions in hooks.items():  # pyright: ignore[reportUnknownVariableType]
        if event not in EVENTS:
            raise ValueError(f"event_hooks keys are 'request' and 'response', not {event!r}")
        if not isinstance(functions, Sequence) or isinstance(functions, str):
            raise TypeError(f"event_hooks[{event!r}] must be a list of functions")
        for function in functions:  # pyright: ignore[reportUnknownVariableType]
            if not callable(function):  # pyright: ignore[reportUnknownArgumentType]
                raise TypeError(f"event_hooks[{event!r}] holds {function!r}, which is not callable")
            # An `async def` function, or an object whose class defines `async def __call__`.
            if inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(type(function).__call__):
                raise TypeError(
                    f"event_hooks[{event!r}]: {function!r} is async and could not run on sync calls; "
                    "give a plain function (it runs on async calls too), or set async hooks on an "
                    "httpx.AsyncClient passed as async_http_client="
                )
            checked[event].append(function)
    return checked


def as_async_hooks(hooks: Mapping[str, list[EventHook]]) -> dict[str, list[Callable[[Any], Awaitable[None]]]]:
    """The same plain hooks, each wrapped in a coroutine function as `httpx.AsyncClient` wants."""

    def wrapped(function: EventHook) -> Callable[[Any], Awaitable[None]]:
        async def hook(subject: Any) -> None:
            function(subject)

        return hook

    return {event: [wrapped(function) for function in functions] for event, functions in hooks.items()}
