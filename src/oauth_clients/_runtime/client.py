"""The HTTP client that every generated provider client builds on.

One object serves sync and async calls: it builds an `httpx.Client` and an `httpx.AsyncClient` on
first use, each with a connection pool of its own, and closes them with `close()` / `aclose()` or
as a (async) context manager. The credential is kept in a `Credential`, which never shows its value.

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
import urllib.request
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final, Self, TypedDict, TypeVar, final
from urllib.parse import unquote

import anyio
import httpx

from oauth_clients._runtime.body import ACCEPT_ENCODING, UndecodableBody, aread_body, read_body
from oauth_clients._runtime.direct import AsyncDirectSender, DirectSender
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
from oauth_clients._runtime.provenance import REDACTOR_EXTENSION, provenance, redactor_of
from oauth_clients._runtime.redact import Redactor, mask_chain
from oauth_clients._runtime.retry import (
    DEFAULT_RETRY,
    RETRY_EXTENSION,
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    attempts_of,
)
from oauth_clients._runtime.types import NOT_GIVEN, NotGiven
from oauth_clients.errors import (
    APIConnectionError,
    APITimeoutError,
    ResponseDecodeError,
    ResponseTooLargeError,
)

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
        self.header = header
        self.prefix = prefix
        self._value = value
        self.redactor = Redactor((value,))
        """Masks this credential wherever a server echoes it (see `Redactor`), logs included."""
        mask_in_logs(self.redactor)

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
    """Extra headers sent with every request (printable ASCII)."""
    timeout: httpx.Timeout | float
    """Seconds (or an `httpx.Timeout`) for each connect, read, write and pool wait; defaults to
    `DEFAULT_TIMEOUT`. Each finite and > 0: there is no "no timeout"."""
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
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure_http: bool = False,
        verify: ssl.SSLContext | bool = True,
        follow_redirects: bool = False,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        parameters: Mapping[str, str | None] | None = None,
    ) -> None:
        self.base_url = _checked_base_url(base_url, allow_insecure_http=allow_insecure_http)
        self.parameters: dict[str, str] = _checked_parameters(parameters or {})
        """The client's own values of the operations' `x-client-option` parameters (`org_id`)."""
        self.credential = credential
        self.headers: dict[str, str] = _checked_headers("headers", headers or {})
        self.timeout = _checked_timeout(timeout)
        self.deadline = check_seconds("deadline", deadline)
        self.max_response_bytes = _checked_size("max_response_bytes", max_response_bytes)
        self.verify = verify
        self.follow_redirects = follow_redirects
        self._origin = _origin(httpx.URL(self.base_url))
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
        # Only the codings that `_runtime.body` inflates within the size limit.
        headers = {
            "Accept-Encoding": ACCEPT_ENCODING,
            **self.headers,
            self.credential.header: self.credential.header_value,
        }
        return {
            "base_url": self.base_url,
            "headers": headers,
            "timeout": self.timeout,
            "follow_redirects": self.follow_redirects,
        }

    def _keeps_credential_at_home(self, request: httpx.Request) -> None:
        """Drop the credential from a request (a redirect) to another origin than base_url's.

        httpx strips only `Authorization` across origins, and keeps it on an http -> https redirect.
        A redirect whose URL carries the credential (a server echoing it into `Location`) is sent,
        and logged by httpx, with the credential masked in the URL.
        """
        if _origin(request.url) != self._origin:
            request.headers.pop(self.credential.header, None)
        url = unquote(str(request.url))
        masked = self.credential.redactor(url)
        if masked != url:
            request.url = httpx.URL(masked)

    async def _akeeps_credential_at_home(self, request: httpx.Request) -> None:
        self._keeps_credential_at_home(request)

    def _wrap(self, transport: httpx.BaseTransport) -> httpx.BaseTransport:
        # Always wrapped, retrying or not: the retry transport also reads the body within the
        # call's limits (see `_runtime.retry`).
        return RetryTransport(transport, self.retry)

    def _awrap(self, transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        return AsyncRetryTransport(transport, self.retry)

    def _default_transport(self, proxy: str | None) -> httpx.BaseTransport:
        return self._wrap(bound_transport(httpx.HTTPTransport(verify=_tls(self.verify), proxy=proxy)))

    def _default_async_transport(self, proxy: str | None) -> httpx.AsyncBaseTransport:
        return self._awrap(httpx.AsyncHTTPTransport(verify=_tls(self.verify), proxy=proxy))

    def get_httpx_client(self) -> httpx.Client:
        """The sync httpx client (built on first use)."""
        if self._client is None:
            if self._transport is not None:
                routes: dict[str, Any] = {"transport": self._wrap(bound_transport(self._transport))}
            else:
                # httpx ignores the client's `verify` (and the proxy variables) once it is given a
                # transport, so the transports are built here as httpx would build them.
                routes = _routes(self._default_transport)
            hooks = {"request": [self._keeps_credential_at_home]}
            self._client = httpx.Client(**routes, **self._httpx_options(), event_hooks=hooks)
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
            hooks = {"request": [self._akeeps_credential_at_home]}
            self._async_client = httpx.AsyncClient(**routes, **self._httpx_options(), event_hooks=hooks)
            if self._can_send_directly(routes):
                self._async_direct = AsyncDirectSender(self._async_client, routes["transport"])
        return self._async_client

    def _can_send_directly(self, routes: Mapping[str, Any]) -> bool:
        """Whether requests may skip httpx.Client's machinery (see `_runtime.direct`)."""
        return not routes.get("mounts") and not self.follow_redirects

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
    ) -> dict[str, Any]:
        extra = kwargs.get("headers")
        if extra:
            _checked_headers(f"{operation}: the header parameter", extra)
        extensions: dict[str, Any] = {REDACTOR_EXTENSION: self.credential.redactor}
        if not isinstance(timeout, NotGiven):
            extensions["timeout"] = _checked_timeout(timeout).as_dict()
        if not isinstance(retry, NotGiven):
            extensions[RETRY_EXTENSION] = RetryPolicy.disabled() if retry is None else retry
        if extra_headers:
            headers: dict[str, str] = {**(extra or {}), **_checked_headers("extra_headers", extra_headers)}
            return {**kwargs, "headers": headers, "extensions": extensions}
        return {**kwargs, "extensions": extensions}

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
    ) -> httpx.Response:
        """Send one request for `operation` (retried per `retry`) and read its body, within the
        deadline and the size cap; no response is `APIConnectionError` (`APITimeoutError` past the
        deadline), a body too long is `ResponseTooLargeError`. The keyword options are the
        operations' per-call options; each not given is the client's own."""
        kwargs = self._call_kwargs(operation, kwargs, timeout, retry, extra_headers)
        call_deadline = self._deadline(deadline)
        client = self.get_httpx_client()
        with calling(call_deadline, self.max_response_bytes) as limits:
            try:
                direct = self._direct
                if direct is None:
                    response = client.send(client.build_request(**kwargs), stream=True)
                else:
                    response = direct.send(kwargs)
                read_body(response, limits)
            except httpx.RequestError as error:
                raise _connection_error(operation, error, limits) from error
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
    ) -> httpx.Response:
        """The async twin of `request`, also cancelled as a whole at the deadline."""
        kwargs = self._call_kwargs(operation, kwargs, timeout, retry, extra_headers)
        call_deadline = self._deadline(deadline)
        client = self.get_async_httpx_client()
        with calling(call_deadline, self.max_response_bytes) as limits:
            try:
                with anyio.fail_after(call_deadline):
                    direct = self._async_direct
                    if direct is None:
                        response = await client.send(client.build_request(**kwargs), stream=True)
                    else:
                        response = await direct.send(kwargs)
                    await aread_body(response, limits)
            except TimeoutError:
                raise APITimeoutError(operation, _deadline_passed(limits)) from None
            except httpx.RequestError as error:
                raise _connection_error(operation, error, limits) from error
            except ResponseTooLarge as error:
                raise _too_large(operation, error) from None
            except UndecodableBody as error:
                raise _undecodable(operation, error) from None
        return response

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


def _deadline_passed(limits: CallLimits) -> str:
    return f"the call took longer than its deadline (deadline={limits.deadline:g} s)"


def _connection_error(operation: str, error: httpx.RequestError, limits: CallLimits) -> APIConnectionError:
    try:
        request = error.request
    except RuntimeError:  # raised without a request (not by httpx.Client)
        attempts = 1
    else:
        attempts = attempts_of(request)
        mask_chain(error, redactor_of(request))  # a traceback shows what the server sent
    kind = type(error).__name__
    if isinstance(error, httpx.TimeoutException) and limits.passed():
        return APITimeoutError(operation, f"{_deadline_passed(limits)} ({kind})", attempts=attempts)
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(operation, f"timed out ({kind})", attempts=attempts)
    if isinstance(error, httpx.TooManyRedirects):
        return APIConnectionError(operation, f"too many redirects ({kind})", attempts=attempts)
    return APIConnectionError(operation, f"connection failed ({kind})", attempts=attempts)


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
        _checked_headers(name, {name: value})
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


_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


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
