"""The HTTP client that every generated provider client builds on.

One object serves sync and async calls: it builds an `httpx.Client` and an `httpx.AsyncClient` (one
per event loop) on first use, each with a connection pool of its own, or sends through the caller's
own (`http_client=`, `async_http_client=`). Every request goes through `httpx.Client.send` /
`AsyncClient.send`, so what is set on the httpx client (headers, cookies, auth, event hooks, timeout)
applies. `close()` / `aclose()` or the (async) context manager end the client's life: a later call
raises `ClientClosedError`. The credential is kept in a `Credential`, which never shows its value.

Every request has timeouts (`DEFAULT_TIMEOUT` unless given others), every call a deadline
(`DEFAULT_DEADLINE`) and a cap on the size of its body (`DEFAULT_MAX_RESPONSE_BYTES`), and idempotent
requests are retried according to a `RetryPolicy` (`DEFAULT_RETRY` unless given another, or None for
none) by a `RetryTransport` around the transport that httpx would use.

Everything is checked when the client is built: a careless argument is a `TypeError`/`ValueError`
naming it (never showing the credential), not a failure at the first call. The credential is sent
only to the origin of `base_url` (a redirect elsewhere drops it), and never in the clear to a host
other than this machine unless `allow_insecure_http=True`.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
import sys
import time
import urllib.request
from collections.abc import AsyncGenerator, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self, TypedDict, TypeVar, final

import anyio
import httpx

from oauth_clients._runtime.body import ACCEPT_ENCODING, UndecodableBody, aread_body, read_body
from oauth_clients._runtime.identity import HTTPX_USER_AGENT, provider_of, user_agent
from oauth_clients._runtime.limits import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    CallLimits,
    ResponseTooLarge,
    bound_transport,
    calling,
    check_seconds,
)
from oauth_clients._runtime.log_masking import mask_in_logs
from oauth_clients._runtime.logs import log_from_environment
from oauth_clients._runtime.provenance import (
    ELAPSED_EXTENSION,
    REDACTOR_EXTENSION,
    provenance,
    redactor_of,
    request_info,
)
from oauth_clients._runtime.redact import Redactor, mask_chain
from oauth_clients._runtime.retry import (
    DEFAULT_RETRY,
    IDEMPOTENT_EXTENSION,
    RETRY_EXTENSION,
    RetryPolicy,
    attempts_of,
)
from oauth_clients._runtime.sending import (
    AsyncCredentialGuard,
    AsyncSendThrough,
    CredentialGuard,
    SendThrough,
    as_async_hooks,
    checked_event_hooks,
    origin_of,
)
from oauth_clients._runtime.types import NOT_GIVEN, NotGiven
from oauth_clients.errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    OutcomeUnknownError,
    ResponseDecodeError,
    ResponseTooLargeError,
)

if TYPE_CHECKING:
    import asyncio  # at run time only async calls import it (as `asyncio.run()` has)

T = TypeVar("T")

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
"""Connect within 5 s; every read, write and pool wait within 30 s. No call waits forever."""


@final
class Credential:
    """A secret that goes into one request header; its value never appears in repr() or str().

    It has to be a non-empty string of printable ASCII without surrounding whitespace (what an HTTP
    header can carry as it is); anything else is a TypeError/ValueError that does not show it.
    """

    __slots__ = ("_value", "header", "prefix", "redactor")

    def __init__(self, header: str, prefix: str, value: str) -> None:
        what = f"the credential (sent in the {header} header)"
        if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"{what} must be a string, not {type(value).__name__}")
        if not value:
            raise ValueError(f"{what} is empty")
        if not _printable_ascii(value):
            raise ValueError(f"{what} must be printable ASCII: it has a control or non-ASCII character")
        if value != value.strip():
            raise ValueError(f"{what} begins or ends with whitespace")
        self.header: str = header
        """The name of the header that carries the credential."""
        self.prefix: str = prefix
        """What precedes the credential in the header's value (``Bearer``), or ""."""
        self._value = value
        self.redactor: Redactor = Redactor((value,))
        """Masks this credential wherever a server echoes it (see `Redactor`), logs included."""
        mask_in_logs(self.redactor)

    @property
    def header_value(self) -> str:
        """The header's value: the prefix, if any, then the credential (never print it)."""
        return f"{self.prefix} {self._value}" if self.prefix else self._value

    def reveal(self) -> str:
        """The credential itself."""
        return self._value

    def __repr__(self) -> str:
        """The header's name; the value masked."""
        return f"Credential(header={self.header!r}, value='***')"

    __str__ = __repr__


class ClientOptions(TypedDict, total=False):
    """Keyword options that every provider client accepts."""

    headers: Mapping[str, str]
    """Extra headers sent with every request (printable ASCII); a `User-Agent` here replaces ours."""
    timeout: httpx.Timeout | float
    """Seconds (or an `httpx.Timeout`) for each connect, read, write and pool wait; defaults to
    `DEFAULT_TIMEOUT`. Each finite and > 0: there is no "no timeout". Not with `http_client=` (the
    caller's client has its own)."""
    deadline: float
    """Seconds that one whole call may take: connecting, sending, every attempt and wait, reading
    the body; defaults to `DEFAULT_DEADLINE` (120 s). Past it the call raises `APITimeoutError`."""
    max_response_bytes: int
    """The most bytes a response body may have once decoded; defaults to 64 MiB. A longer body
    raises `ResponseTooLargeError`."""
    allow_insecure_http: bool
    """Allow an `http://` base_url to a host other than this machine (the credential in clear)."""
    verify: ssl.SSLContext | bool
    """TLS certificate verification; on by default, off only when you pass False."""
    follow_redirects: bool
    """Follow redirects; the credential is sent only to the origin of `base_url`."""
    transport: httpx.BaseTransport
    """A custom transport for the sync client (tests, proxies)."""
    async_transport: httpx.AsyncBaseTransport
    """A custom transport for the async client."""
    retry: RetryPolicy | None
    """When to retry idempotent requests; defaults to `DEFAULT_RETRY`; None makes one attempt only."""
    http_client: httpx.Client
    """Your own httpx client for sync calls (see `ApiClient`: what we add, what stays yours)."""
    async_http_client: httpx.AsyncClient
    """Your own httpx client for async calls."""
    event_hooks: Mapping[str, list[Callable[[Any], object]]]
    """httpx's event hooks, `{"request": [f, ...], "response": [g, ...]}`: plain functions called
    with each `httpx.Request` before it is sent and each `httpx.Response` before it is parsed (once
    per redirect hop: retries happen in the transport below), on sync and async calls alike, by the
    httpx clients built here (not by your own `http_client`/`async_http_client`)."""


class ApiClient:
    """Configuration plus lazily built httpx clients for one provider's API.

    Generated packages subclass this as `AuthenticatedClient`, which fills in the base URL of a
    named environment and the provider's authentication header.

    Every request is sent by `httpx.Client.send` (`AsyncClient.send`): of an httpx client built
    here (`get_httpx_client()`), or of your own, given as `http_client=` / `async_http_client=`.
    Either way this client adds, per request: the credential header (only to the origin of
    `base_url`: a redirect elsewhere drops it), `Accept-Encoding: gzip, deflate` (bodies are
    inflated here within `max_response_bytes`), a default `User-Agent` (`oauth-clients/<version>
    (<provider>) Python/<x.y> httpx/<version>`) unless `headers=`, `extra_headers=` or the httpx
    client sets another one, the `headers=` option, retries (`retry=`), the deadline and the size cap,
    and the DEBUG/INFO log lines of the `oauth_clients` logger. Your own client keeps the rest: its
    transport, proxies, TLS settings, connection limits, `timeout` (unless a call passes
    `timeout=`), headers, cookies, `auth` and event hooks. Redirects are not followed through your
    client (httpx would carry our credential header to another origin); `follow_redirects=True`,
    `timeout=`, `verify=`, `transport=`/`async_transport=` and `event_hooks=` configure the clients
    built here, so they are refused next to the client of yours they would not apply to. Your client
    is never closed here.

    Lifecycle: `close()` closes the sync pool, `aclose()` every pool; either (or the end of a
    `with` / `async with` block) ends the client: a later call raises `ClientClosedError` (build a
    new client instead). Async calls from another event loop (a second `asyncio.run()`) get a pool
    of their own.
    """

    def __init__(
        self,
        *,
        base_url: str,
        credential: Credential,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure_http: bool = False,
        verify: ssl.SSLContext | bool = True,
        follow_redirects: bool = False,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        event_hooks: Mapping[str, list[Callable[[Any], object]]] | None = None,
        parameters: Mapping[str, str | None] | None = None,
    ) -> None:
        log_from_environment()
        self.base_url: str = _checked_base_url(base_url, allow_insecure_http=allow_insecure_http)
        """The URL that every operation's path is appended to (no trailing slash)."""
        self.parameters: dict[str, str] = _checked_parameters(parameters or {})
        """The client's own values of the operations' `x-client-option` parameters (`org_id`)."""
        self.credential: Credential = credential
        """The credential, sent in its header to the origin of `base_url` only."""
        self.headers: dict[str, str] = _checked_headers("headers", headers or {})
        """The `headers=` option: sent with every request."""
        self.timeout: httpx.Timeout = _checked_timeout(timeout)
        """The timeouts of the httpx clients built here."""
        self.deadline: float = check_seconds("deadline", deadline)
        """Seconds that one call may take in all."""
        self.max_response_bytes: int = _checked_size("max_response_bytes", max_response_bytes)
        """The most bytes a decoded response body may have."""
        self.verify: ssl.SSLContext | bool = verify
        """TLS verification of the httpx clients built here."""
        self.follow_redirects: bool = follow_redirects
        """Whether redirects are followed (the credential only to the origin of `base_url`)."""
        self.retry: RetryPolicy = RetryPolicy.disabled() if retry is None else retry
        """When requests are retried (a policy of one attempt for `retry=None`)."""
        self.provider: str | None = provider_of(type(self))
        """The provider of the generated client class (`slashid`), named in the `User-Agent`."""
        self._origin = origin_of(httpx.URL(self.base_url))
        self._transport = transport
        self._async_transport = async_transport
        self._event_hooks = checked_event_hooks(event_hooks or {})
        self._check_own_clients(http_client, async_http_client, timeout=timeout, event_hooks=event_hooks)
        self._http_client = http_client
        self._async_http_client = async_http_client
        self._caller_loop: asyncio.AbstractEventLoop | None = None
        self._client: httpx.Client | None = None
        self._async_clients: dict[asyncio.AbstractEventLoop | None, httpx.AsyncClient] = {}
        self._closers: dict[asyncio.AbstractEventLoop, AsyncGenerator[None]] = {}
        self._closed = False

    def _check_own_clients(
        self,
        http_client: object,
        async_http_client: object,
        *,
        timeout: object,
        event_hooks: object,
    ) -> None:
        """Refuse a caller's httpx client of the wrong kind, or next to an option it would ignore."""
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(f"http_client must be an httpx.Client, not {type(http_client).__name__}")
        if async_http_client is not None and not isinstance(async_http_client, httpx.AsyncClient):
            raise TypeError(
                f"async_http_client must be an httpx.AsyncClient, not {type(async_http_client).__name__}"
            )
        if http_client is None and async_http_client is None:
            return
        given = "http_client=" if http_client is not None else "async_http_client="
        ignored = {
            "follow_redirects=True": self.follow_redirects,
            "timeout=": timeout is not DEFAULT_TIMEOUT,
            "verify=": self.verify is not True,
        }
        if http_client is not None:
            ignored["transport="] = self._transport is not None
        if async_http_client is not None:
            ignored["async_transport="] = self._async_transport is not None
        if http_client is not None and async_http_client is not None:
            ignored["event_hooks="] = bool(event_hooks)
        for option, set_here in ignored.items():
            if set_here:
                raise ValueError(
                    f"{option} does not apply to the httpx client you pass as {given}: set it on that "
                    "client (redirects are never followed through it: httpx would carry the credential "
                    "to another origin)"
                )

    def __repr__(self) -> str:
        """The class, base URL and credential header (its value masked)."""
        return f"{type(self).__name__}(base_url={self.base_url!r}, credential={self.credential!r})"

    def _default_headers(self) -> httpx.Headers:
        # Only the codings that `_runtime.body` inflates within the size limit.
        headers = httpx.Headers({"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": user_agent(self.provider)})
        headers.update(self.headers)  # a User-Agent of the caller's replaces ours, whatever its case
        return headers

    def _httpx_options(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "headers": self._default_headers(),
            "timeout": self.timeout,
            "follow_redirects": self.follow_redirects,
        }

    def _wrap(self, transport: httpx.BaseTransport) -> httpx.BaseTransport:
        # Always wrapped, retrying or not: the retry transport also reads the body within the
        # call's limits (see `_runtime.retry`); the guard puts the credential on requests to the
        # origin of base_url only (`_runtime.sending`).
        credential = self.credential
        return CredentialGuard(
            transport,
            self.retry,
            header=credential.header,
            value=credential.header_value,
            home=self._origin,
            redactor=credential.redactor,
        )

    def _awrap(self, transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        credential = self.credential
        return AsyncCredentialGuard(
            transport,
            self.retry,
            header=credential.header,
            value=credential.header_value,
            home=self._origin,
            redactor=credential.redactor,
        )

    def _default_transport(self, proxy: str | None) -> httpx.BaseTransport:
        return self._wrap(bound_transport(httpx.HTTPTransport(verify=_tls(self.verify), proxy=proxy)))

    def _default_async_transport(self, proxy: str | None) -> httpx.AsyncBaseTransport:
        return self._awrap(httpx.AsyncHTTPTransport(verify=_tls(self.verify), proxy=proxy))

    @property
    def is_closed(self) -> bool:
        """Whether `close()` / `aclose()` ended this client (its calls raise `ClientClosedError`)."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosedError(
                f"this {type(self).__name__} is closed (close(), aclose() or the end of its with block): "
                "build a new client"
            )

    def get_httpx_client(self) -> httpx.Client:
        """The httpx client that sync calls are sent by: your `http_client`, or one built here on
        first use. Headers, cookies, auth, event hooks and the timeout set on it apply to the next
        call. Raises `ClientClosedError` once this client is closed."""
        self._check_open()
        if self._http_client is not None:
            return self._http_client
        if self._client is None:
            if self._transport is not None:
                routes: dict[str, Any] = {"transport": self._wrap(bound_transport(self._transport))}
            else:
                # httpx ignores the client's `verify` (and the proxy variables) once it is given a
                # transport, so the transports are built here as httpx would build them.
                routes = _routes(self._default_transport)
            self._client = httpx.Client(**routes, **self._httpx_options(), event_hooks=self._event_hooks)
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx client that async calls in the running event loop are sent by: your
        `async_http_client`, or one built here for this loop on first use (an httpx pool belongs to
        the loop that opened its connections). Raises `ClientClosedError` once this client is
        closed, or when your `async_http_client` was used in an event loop that has closed."""
        self._check_open()
        loop = _running_loop()
        if self._async_http_client is not None:
            self._check_caller_loop(loop)
            return self._async_http_client
        client = self._async_clients.get(loop)
        if client is None:
            self._forget_dead_loops()
            if self._async_transport is not None:
                routes: dict[str, Any] = {"transport": self._awrap(self._async_transport)}
            else:
                routes = _routes(self._default_async_transport)
            hooks = as_async_hooks(self._event_hooks)
            client = httpx.AsyncClient(**routes, **self._httpx_options(), event_hooks=hooks)
            self._async_clients[loop] = client
        return client

    def _check_caller_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
        first = self._caller_loop
        if first is None or loop is None:
            self._caller_loop = first or loop
        elif loop is not first and first.is_closed():
            raise ClientClosedError(
                "the async_http_client passed to this client was used in an event loop that has closed "
                "(its connections closed with it): pass a client of this loop to a new client"
            )

    async def _aclient(self) -> httpx.AsyncClient:
        """`get_async_httpx_client()`, whose pool (if built here) is closed when its loop ends.

        `asyncio.run()` closes the async generators still open when its coroutine returns
        (`loop.shutdown_asyncgens()`), inside the loop: the one started here closes this loop's
        pool then, so that a loop's connections never outlive it (nor warn when collected).
        """
        client = self.get_async_httpx_client()
        loop = _running_loop()
        if client is not self._async_http_client and loop is not None and loop not in self._closers:
            closer = _closed_with_loop(client)
            await anext(closer)
            self._closers[loop] = closer
        return client

    def _forget_dead_loops(self) -> None:
        """Drop the async clients of event loops that have closed (closed with them, see `_aclient`)."""
        self._async_clients = {
            loop: client
            for loop, client in self._async_clients.items()
            if loop is None or not loop.is_closed()
        }
        self._closers = {loop: closer for loop, closer in self._closers.items() if not loop.is_closed()}

    def option(self, name: str, value: str | None) -> str:
        """`value` if the call gave it, else the client's own value of the option `name` (a
        parameter that the spec marks `x-client-option`, such as SlashID's `org_id`); a ValueError,
        before anything is sent, when neither has one."""
        if value is not None:
            return value
        default = self.parameters.get(name)
        if default is None:
            raise ValueError(f"{name} is required: pass {name}= to the call, or to the client once")
        return default

    def _call_kwargs(
        self,
        operation: str,
        kwargs: Mapping[str, Any],
        timeout: httpx.Timeout | float | NotGiven,
        retry: RetryPolicy | NotGiven | None,
        extra_headers: Mapping[str, str] | None,
        *,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        extra = kwargs.get("headers")
        if extra:
            _checked_headers(f"{operation}: the header parameter", extra)
        extensions: dict[str, Any] = {REDACTOR_EXTENSION: self.credential.redactor}
        if not isinstance(timeout, NotGiven):
            extensions["timeout"] = _checked_timeout(timeout).as_dict()
        if not isinstance(retry, NotGiven):
            extensions[RETRY_EXTENSION] = RetryPolicy.disabled() if retry is None else retry
        if idempotent is not None:
            extensions[IDEMPOTENT_EXTENSION] = idempotent
        if extra_headers:
            headers: dict[str, str] = {**(extra or {}), **_checked_headers("extra_headers", extra_headers)}
            return {**kwargs, "headers": headers, "extensions": extensions}
        return {**kwargs, "extensions": extensions}

    def _through_callers(
        self, client: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]
    ) -> httpx.Request:
        """The request for the caller's own httpx client: built by it (its headers, cookies and
        timeout), with the full URL, our default headers and `headers=`, then the call's."""
        headers = self._default_headers()
        named = any(name.lower() == "user-agent" for name in self.headers)
        if client.headers.get("user-agent", HTTPX_USER_AGENT) != HTTPX_USER_AGENT and not named:
            del headers["user-agent"]  # the caller's client has a User-Agent of its own
        headers.update(kwargs.get("headers") or {})
        arguments: dict[str, Any] = {**kwargs, "url": self.base_url + kwargs["url"], "headers": headers}
        return client.build_request(**arguments)

    def _build(
        self, client: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], *, callers: bool
    ) -> httpx.Request:
        """The request of a call: built by the httpx client built here, or by the caller's."""
        return self._through_callers(client, kwargs) if callers else client.build_request(**kwargs)

    def _send(self, client: httpx.Client, request: httpx.Request) -> httpx.Response:
        if self._http_client is None:
            return client.send(request, stream=True)
        return self._wrap(SendThrough(client)).handle_request(request)

    async def _asend(self, client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        if self._async_http_client is None:
            return await client.send(request, stream=True)
        return await self._awrap(AsyncSendThrough(client)).handle_async_request(request)

    def _deadline(self, deadline: float | NotGiven) -> float:
        return self.deadline if isinstance(deadline, NotGiven) else check_seconds("deadline", deadline)

    def request(
        self,
        operation: str,
        kwargs: Mapping[str, Any],
        *,
        timeout: httpx.Timeout | float | NotGiven = NOT_GIVEN,
        deadline: float | NotGiven = NOT_GIVEN,
        retry: RetryPolicy | NotGiven | None = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send one request for `operation` (retried per `retry`) and read its body, within the
        deadline and the size cap; no response is `APIConnectionError` (`APITimeoutError` past the
        deadline), a body too long is `ResponseTooLargeError`. The keyword options are the
        operations' per-call options; each not given is the client's own. `idempotent` is the
        operation's `x-idempotent`: a request that is not safe to repeat is never retried, and no
        answer after sending it is `OutcomeUnknownError` (None: decided by the HTTP method)."""
        kwargs = self._call_kwargs(operation, kwargs, timeout, retry, extra_headers, idempotent=idempotent)
        call_deadline = self._deadline(deadline)
        client = self.get_httpx_client()
        request = self._build(client, kwargs, callers=self._http_client is not None)
        with calling(call_deadline, self.max_response_bytes) as limits:
            started = time.perf_counter()
            try:
                response = self._send(client, request)
                read_body(response, limits)
                response.extensions[ELAPSED_EXTENSION] = time.perf_counter() - started
            except httpx.RequestError as error:
                raise _connection_error(operation, error, limits, idempotent) from error
            except ResponseTooLarge as error:
                raise _too_large(operation, error) from None
            except UndecodableBody as error:
                raise _undecodable(operation, error) from None
        return response

    async def arequest(
        self,
        operation: str,
        kwargs: Mapping[str, Any],
        *,
        timeout: httpx.Timeout | float | NotGiven = NOT_GIVEN,
        deadline: float | NotGiven = NOT_GIVEN,
        retry: RetryPolicy | NotGiven | None = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """The async twin of `request`, also cancelled as a whole at the deadline."""
        kwargs = self._call_kwargs(operation, kwargs, timeout, retry, extra_headers, idempotent=idempotent)
        call_deadline = self._deadline(deadline)
        client = await self._aclient()
        request = self._build(client, kwargs, callers=self._async_http_client is not None)
        with calling(call_deadline, self.max_response_bytes) as limits:
            started = time.perf_counter()
            try:
                with anyio.fail_after(call_deadline):
                    response = await self._asend(client, request)
                    await aread_body(response, limits)
                    response.extensions[ELAPSED_EXTENSION] = time.perf_counter() - started
            except TimeoutError:  # cancelled at the deadline: no httpx error names the request
                problem, sent = _deadline_passed(limits), request_info(request)
                attempts = attempts_of(request)
                if idempotent is False:
                    raise OutcomeUnknownError(
                        operation, problem, attempts=attempts, request=sent, timed_out=True
                    ) from None
                raise APITimeoutError(operation, problem, attempts=attempts, request=sent) from None
            except httpx.RequestError as error:
                raise _connection_error(operation, error, limits, idempotent) from error
            except ResponseTooLarge as error:
                raise _too_large(operation, error) from None
            except UndecodableBody as error:
                raise _undecodable(operation, error) from None
        return response

    def close(self) -> None:
        """Close the sync connection pool and end this client: every later call raises
        `ClientClosedError`. Async pools are closed by `aclose()` (call both when you used both);
        an `http_client` of yours stays open. Closing twice is harmless."""
        self._closed = True
        if self._client is not None:
            self._client.close()
            self._client = None
        self._forget_dead_loops()

    async def aclose(self) -> None:
        """Close every connection pool built here (the sync one, and the async one of the running
        event loop; those of other loops are dropped) and end this client: every later call raises
        `ClientClosedError`. Clients of yours stay open. Closing twice is harmless."""
        self.close()
        loop = _running_loop()
        clients, self._async_clients = self._async_clients, {}
        closers, self._closers = self._closers, {}
        client = clients.get(loop)
        if client is not None:
            await client.aclose()
        closer = None if loop is None else closers.get(loop)
        if closer is not None:
            await closer.aclose()  # now: left to asyncio, a loop closed next would drop its close

    def __enter__(self) -> Self:
        """Open the sync pool (or check your `http_client`); `close()` at the end of the block."""
        self.get_httpx_client()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the client (`close()`), whether the block raised or not."""
        self.close()

    async def __aenter__(self) -> Self:
        """Open this event loop's async pool; `aclose()` at the end of the block."""
        await self._aclient()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the client (`aclose()`), whether the block raised or not."""
        await self.aclose()


def _deadline_passed(limits: CallLimits) -> str:
    return f"the call took longer than its deadline (deadline={limits.deadline:g} s)"


# Failures that happen before any byte of the request leaves: the request was certainly not sent.
_BEFORE_SENDING = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def _connection_error(
    operation: str, error: httpx.RequestError, limits: CallLimits, idempotent: bool | None = None
) -> APIConnectionError:
    request: httpx.Request | None
    try:
        request = error.request
    except RuntimeError:  # raised without a request (not by httpx.Client)
        request, attempts = None, 1
    else:
        attempts = attempts_of(request)
        mask_chain(error, redactor_of(request))  # a traceback shows what the server sent
    kind = type(error).__name__
    sent = None if request is None else request_info(request)
    if idempotent is False and not isinstance(error, _BEFORE_SENDING):
        timed_out = isinstance(error, httpx.TimeoutException)
        problem = f"{_deadline_passed(limits)} ({kind})" if timed_out and limits.passed() else None
        problem = problem or f"{'timed out' if timed_out else 'connection failed'} ({kind})"
        return OutcomeUnknownError(operation, problem, attempts=attempts, request=sent, timed_out=timed_out)
    if isinstance(error, httpx.TimeoutException) and limits.passed():
        problem = f"{_deadline_passed(limits)} ({kind})"
        return APITimeoutError(operation, problem, attempts=attempts, request=sent)
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(operation, f"timed out ({kind})", attempts=attempts, request=sent)
    if isinstance(error, httpx.TooManyRedirects):
        return APIConnectionError(operation, f"too many redirects ({kind})", attempts=attempts, request=sent)
    return APIConnectionError(operation, f"connection failed ({kind})", attempts=attempts, request=sent)


def _too_large(operation: str, error: ResponseTooLarge) -> ResponseTooLargeError:
    response = error.response
    return ResponseTooLargeError(
        operation,
        response.status_code,
        response.headers,
        error.head,
        problem=f"the decoded body is longer than max_response_bytes={error.limit}",
        **provenance(response),
    )


def _undecodable(operation: str, error: UndecodableBody) -> ResponseDecodeError:
    response = error.response
    return ResponseDecodeError(
        operation, response.status_code, response.headers, b"", problem=error.problem, **provenance(response)
    )


def _printable_ascii(text: str) -> bool:
    return text.isascii() and text.isprintable()


def _checked_parameters(parameters: Mapping[str, str | None]) -> dict[str, str]:
    """The given client options (None: not given), each sent as a header value: printable ASCII."""
    given = {name: value for name, value in parameters.items() if value is not None}
    for name, value in given.items():
        _checked_headers("the client option", {name: value})
    return given


def _checked_headers(what: str, headers: Mapping[str, str]) -> dict[str, str]:
    """`headers` as a dict, if every name and value is printable ASCII (values are not shown)."""
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"{what} {name!r} must have a string name and value, not {type(value).__name__}")
        if not name or not _printable_ascii(name) or " " in name or ":" in name:
            raise ValueError(f"{what} names must be printable ASCII without spaces or colons: {name!r}")
        if not _printable_ascii(value):
            raise ValueError(
                f"{what} {name} must be printable ASCII: it has a control or non-ASCII character"
            )
        checked[name] = value
    return checked


def _checked_timeout(timeout: object) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        for kind, seconds in timeout.as_dict().items():
            check_seconds(f"timeout ({kind})", seconds)
        return timeout
    if timeout is None:
        raise TypeError("timeout must be a number of seconds or an httpx.Timeout, not None")
    return httpx.Timeout(check_seconds("timeout", timeout))


def _checked_size(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number of bytes, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _checked_base_url(base_url: object, *, allow_insecure_http: bool) -> str:
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a string, not {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError) as error:
        raise ValueError(f"base_url is not a URL: {error}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base_url must be an http:// or https:// URL with a host, not {base_url!r}")
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise ValueError(
            f"base_url {base_url!r} would send the credential unencrypted to {url.host}: use https://, "
            "or pass allow_insecure_http=True"
        )
    return base_url.rstrip("/")


@functools.cache
def _default_tls_context() -> ssl.SSLContext:
    """httpx's default context (certifi's CA bundle, verification on), built once per process.

    Loading the CA bundle takes tens of milliseconds; every client with `verify=True` shares it.
    """
    return httpx.create_ssl_context()


def _tls(verify: ssl.SSLContext | bool) -> ssl.SSLContext | bool:
    return _default_tls_context() if verify is True else verify


async def _closed_with_loop(client: httpx.AsyncClient) -> AsyncGenerator[None]:
    try:
        yield
    finally:
        await client.aclose()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio event loop, or None (no loop, or another async library such as trio).

    Read through `sys.modules`: where asyncio was never imported no loop runs, and sync callers do
    not pay for importing it.
    """
    module = sys.modules.get("asyncio")
    if module is None:
        return None
    try:
        loop: asyncio.AbstractEventLoop = module.get_running_loop()
    except RuntimeError:
        return None
    return loop


def _routes(transport: Callable[[str | None], T]) -> dict[str, Any]:
    """`transport=` and `mounts=` for an httpx client: direct, or through the environment's proxies.

    The same routes that httpx builds from HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY when it
    is not given a transport (httpx._utils.get_environment_proxies), with our transports.
    """
    proxies = urllib.request.getproxies()
    exempt = [host.strip() for host in proxies.get("no", "").split(",")]
    if "*" in exempt:  # no proxy for any host
        return {"transport": transport(None)}
    mounts: dict[str, T | None] = {}
    for scheme in ("http", "https", "all"):
        if proxy := proxies.get(scheme):
            mounts[f"{scheme}://"] = transport(proxy if "://" in proxy else f"http://{proxy}")
    for host in exempt:
        if host:
            mounts[_no_proxy_pattern(host)] = None  # None: the client's own (direct) transport
    return {"transport": transport(None), "mounts": mounts}


def _no_proxy_pattern(host: str) -> str:
    if "://" in host:
        return host
    try:
        address = ipaddress.ip_address(host.partition("/")[0])
    except ValueError:
        return f"all://{host}" if host.lower() == "localhost" else f"all://*{host}"
    return f"all://[{host}]" if address.version == 6 else f"all://{host}"
