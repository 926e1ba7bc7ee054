"""The HTTP client that every generated provider client builds on.

One object serves sync and async calls: it builds an `httpx.Client` and an `httpx.AsyncClient` on
first use, each with a connection pool of its own, and closes them with `close()` / `aclose()` or
as a (async) context manager. The credential is kept in a `Credential`, which never shows its value.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Final, Self, TypedDict, final

import httpx

from oauth_clients.errors import APIConnectionError, APITimeoutError

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
        self._transport = transport
        self._async_transport = async_transport
        self._client: httpx.Client | None = None
        self._async_client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, credential={self.credential!r})"

    def _httpx_options(self) -> dict[str, Any]:
        headers = {**self.headers, self.credential.header: self.credential.header_value}
        return {
            "base_url": self.base_url,
            "headers": headers,
            "timeout": self.timeout,
            "verify": self.verify,
            "follow_redirects": self.follow_redirects,
        }

    def get_httpx_client(self) -> httpx.Client:
        """The sync httpx client (built on first use)."""
        if self._client is None:
            self._client = httpx.Client(transport=self._transport, **self._httpx_options())
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The async httpx client (built on first use)."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(transport=self._async_transport, **self._httpx_options())
        return self._async_client

    def request(self, operation: str, kwargs: Mapping[str, Any]) -> httpx.Response:
        """Send one request for `operation`; transport failures become `APIConnectionError`."""
        try:
            return self.get_httpx_client().request(**kwargs)
        except httpx.TimeoutException as error:
            raise APITimeoutError(operation, f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise APIConnectionError(operation, f"connection failed ({type(error).__name__})") from error

    async def arequest(self, operation: str, kwargs: Mapping[str, Any]) -> httpx.Response:
        """The async twin of `request`."""
        try:
            return await self.get_async_httpx_client().request(**kwargs)
        except httpx.TimeoutException as error:
            raise APITimeoutError(operation, f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise APIConnectionError(operation, f"connection failed ({type(error).__name__})") from error

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.aclose()
            self._async_client = None

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
