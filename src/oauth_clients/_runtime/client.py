"""The HTTP client that every generated provider client builds on.

One object serves sync and async calls: it builds an `httpx.Client` and an `httpx.AsyncClient` on
first use, each with a connection pool of its own, and closes them with `close()` / `aclose()` or
as a (async) context manager. The credential is kept in a `Credential`, which never shows its value.

Every request has timeouts (`DEFAULT_TIMEOUT` unless given others), and idempotent requests are
retried according to a `RetryPolicy` (`DEFAULT_RETRY` unless given another, or None for none) by
a `RetryTransport` around the transport that httpx would use.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
import urllib.request
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final, Self, TypedDict, TypeVar, final

import httpx

from oauth_clients._runtime.direct import AsyncDirectSender, DirectSender
from oauth_clients._runtime.retry import (
    DEFAULT_RETRY,
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    attempts_of,
)
from oauth_clients.errors import ATTEMPTS_HEADER, APIConnectionError, APITimeoutError

T = TypeVar("T")

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
"""Connect within 5 s; every read, write and pool wait within 30 s. No call waits forever."""


@final
class Credential:
    """A secret that goes into one request header; its value never appears in repr() or str()."""

    __slots__ = ("_value", "header", "prefix")

    def __init__(self, header: str, prefix: str, value: str) -> None:
        if not value:
            raise ValueError(f"an empty credential for the {header} header")
        self.header = header
        self.prefix = prefix
        self._value = value

    @property
    def header_value(self) -> str:
        return f"{self.prefix} {self._value}" if self.prefix else self._value

    def reveal(self) -> str:
        """The credential itself."""
        return self._value

    def __repr__(self) -> str:
        return f"Credential(header={self.header!r}, value='***')"

    __str__ = __repr__


class ClientOptions(TypedDict, total=False):
    """Keyword options that every provider client accepts."""

    headers: Mapping[str, str]
    """Extra headers sent with every request."""
    timeout: httpx.Timeout | float
    """Seconds (or an `httpx.Timeout`); defaults to `DEFAULT_TIMEOUT`. There is no "no timeout"."""
    verify: ssl.SSLContext | bool
    """TLS certificate verification; on by default, off only when you pass False."""
    follow_redirects: bool
    transport: httpx.BaseTransport
    """A custom transport for the sync client (tests, proxies)."""
    async_transport: httpx.AsyncBaseTransport
    """A custom transport for the async client."""
    retry: RetryPolicy | None
    """When to retry idempotent requests; defaults to `DEFAULT_RETRY`; None makes one attempt only."""


class ApiClient:
    """Configuration plus lazily built httpx clients for one provider's API.

    Generated packages subclass this as `AuthenticatedClient`, which fills in the base URL of a
    named environment and the provider's authentication header.
    """

    def __init__(
        self,
        *,
        base_url: str,
        credential: Credential,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        verify: ssl.SSLContext | bool = True,
        follow_redirects: bool = False,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
    ) -> None:
        # A caller without a type checker may still pass None, which httpx reads as "wait forever".
        if timeout is None:  # pyright: ignore[reportUnnecessaryComparison]
            raise TypeError("timeout must be a number of seconds or an httpx.Timeout, not None")
        self.base_url = base_url.rstrip("/")
        self.credential = credential
        self.headers: dict[str, str] = dict(headers or {})
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.verify = verify
        self.follow_redirects = follow_redirects
        self.retry = RetryPolicy.disabled() if retry is None else retry
        self._transport = transport
        self._async_transport = async_transport
        self._client: httpx.Client | None = None
        self._async_client: httpx.AsyncClient | None = None
        self._direct: DirectSender | None = None
        self._async_direct: AsyncDirectSender | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, credential={self.credential!r})"

    def _httpx_options(self) -> dict[str, Any]:
        headers = {**self.headers, self.credential.header: self.credential.header_value}
        return {
            "base_url": self.base_url,
            "headers": headers,
            "timeout": self.timeout,
            "follow_redirects": self.follow_redirects,
        }

    def _wrap(self, transport: httpx.BaseTransport) -> httpx.BaseTransport:
        return RetryTransport(transport, self.retry) if self.retry.enabled else transport

    def _awrap(self, transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        return AsyncRetryTransport(transport, self.retry) if self.retry.enabled else transport

    def _default_transport(self, proxy: str | None) -> httpx.BaseTransport:
        return self._wrap(httpx.HTTPTransport(verify=_tls(self.verify), proxy=proxy))

    def _default_async_transport(self, proxy: str | None) -> httpx.AsyncBaseTransport:
        return self._awrap(httpx.AsyncHTTPTransport(verify=_tls(self.verify), proxy=proxy))

    def get_httpx_client(self) -> httpx.Client:
        """The sync httpx client (built on first use)."""
        if self._client is None:
            if self._transport is not None:
                routes: dict[str, Any] = {"transport": self._wrap(self._transport)}
            else:
                # httpx ignores the client's `verify` (and the proxy variables) once it is given a
                # transport, so the transports are built here as httpx would build them.
                routes = _routes(self._default_transport)
            self._client = httpx.Client(**routes, **self._httpx_options())
            if self._can_send_directly(routes):
                self._direct = DirectSender(self._client, routes["transport"])
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The async httpx client (built on first use)."""
        if self._async_client is None:
            if self._async_transport is not None:
                routes: dict[str, Any] = {"transport": self._awrap(self._async_transport)}
            else:
                routes = _routes(self._default_async_transport)
            self._async_client = httpx.AsyncClient(**routes, **self._httpx_options())
            if self._can_send_directly(routes):
                self._async_direct = AsyncDirectSender(self._async_client, routes["transport"])
        return self._async_client

    def _can_send_directly(self, routes: Mapping[str, Any]) -> bool:
        """Whether requests may skip httpx.Client's machinery (see `_runtime.direct`)."""
        return not routes.get("mounts") and not self.follow_redirects

    def request(self, operation: str, kwargs: Mapping[str, Any]) -> httpx.Response:
        """Send one request for `operation` (retried per `retry`); no response is `APIConnectionError`."""
        client = self.get_httpx_client()
        try:
            direct = self._direct
            response = client.request(**kwargs) if direct is None else direct.send(kwargs)
            return _count_attempts(response)
        except httpx.TransportError as error:
            raise _connection_error(operation, error) from error

    async def arequest(self, operation: str, kwargs: Mapping[str, Any]) -> httpx.Response:
        """The async twin of `request`."""
        client = self.get_async_httpx_client()
        try:
            direct = self._async_direct
            response = await (client.request(**kwargs) if direct is None else direct.send(kwargs))
            return _count_attempts(response)
        except httpx.TransportError as error:
            raise _connection_error(operation, error) from error

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
            self._direct = None

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.aclose()
            self._async_client = None
            self._async_direct = None

    def __enter__(self) -> Self:
        self.get_httpx_client()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        self.get_async_httpx_client()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def _count_attempts(response: httpx.Response) -> httpx.Response:
    # Generated code hands the headers (not the request) on to the errors: the count goes there.
    attempts = attempts_of(response.request)
    if attempts > 1:
        response.headers[ATTEMPTS_HEADER] = str(attempts)
    return response


def _connection_error(operation: str, error: httpx.TransportError) -> APIConnectionError:
    try:
        attempts = attempts_of(error.request)
    except RuntimeError:  # raised without a request (not by httpx.Client)
        attempts = 1
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(operation, f"timed out ({type(error).__name__})", attempts=attempts)
    return APIConnectionError(operation, f"connection failed ({type(error).__name__})", attempts=attempts)


@functools.cache
def _default_tls_context() -> ssl.SSLContext:
    """httpx's default context (certifi's CA bundle, verification on), built once per process.

    Loading the CA bundle takes tens of milliseconds; every client with `verify=True` shares it.
    """
    return httpx.create_ssl_context()


def _tls(verify: ssl.SSLContext | bool) -> ssl.SSLContext | bool:
    return _default_tls_context() if verify is True else verify


def _routes(transport: Callable[[str | None], T]) -> dict[str, Any]:
    """`transport=` and `mounts=` for an httpx client: direct, or through the environment's proxies.

    The same routes that httpx builds from HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY when it
    is not given a transport (httpx._utils.get_environment_proxies), with our transports.
    """
    proxies = urllib.request.getproxies()
    mounts: dict[str, T | None] = {}
    for scheme in ("http", "https", "all"):
        if proxy := proxies.get(scheme):
            mounts[f"{scheme}://"] = transport(proxy if "://" in proxy else f"http://{proxy}")
    for host in (host.strip() for host in proxies.get("no", "").split(",")):
        if host == "*":
            mounts = {}
            break
        if host:
            mounts[_no_proxy_pattern(host)] = None  # None: the client's own (direct) transport
    return {"transport": transport(None), "mounts": mounts}


def _no_proxy_pattern(host: str) -> str:
    if "://" in host:
        return host
    try:
        address = ipaddress.ip_address(host.split("/", maxsplit=1)[0])
    except ValueError:
        return f"all://{host}" if host.lower() == "localhost" else f"all://*{host}"
    return f"all://[{host}]" if address.version == 6 else f"all://{host}"
