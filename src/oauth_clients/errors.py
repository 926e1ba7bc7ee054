"""The one exception hierarchy of every provider in oauth_clients.

    OAuthClientsError
    ├── ClientClosedError             a call on a client after close()/aclose() (or its with block)
    ├── APIConnectionError            the request never got a response (DNS, refused, reset, TLS)
    │   ├── APITimeoutError           ... because a timeout expired or the call's deadline passed
    │   └── OutcomeUnknownError       ... after a request that is not safe to repeat was sent:
    │                                     the change may or may not have happened
    └── APIError                      a response arrived, and it is not what the operation promises
        ├── ResponseDecodeError       the body is not JSON, or not of the documented shape
        ├── ResponseTooLargeError     the decoded body is longer than `max_response_bytes`
        └── APIStatusError            a non-success status (raised by `sync()` / `asyncio()`)
            ├── BadRequestError           400
            ├── AuthenticationError       401
            ├── PermissionDeniedError     403
            ├── NotFoundError             404
            ├── RateLimitError            429
            └── ServerError               5xx

Every message names the operation, the status and the problem (and the number of attempts, when
the request was retried: see `attempts`); bodies are shown only as a short excerpt with
secret-looking values masked, and the client's credential is masked wherever the server echoed it
(as is, JSON-escaped, percent-encoded, or a fragment of 8 or more of its characters). `body` and
`headers` stay raw: what the server sent. Every error raised by a call carries `request` (its method
and URL, never its headers); the errors with a response carry `request_id`, the ID the vendor gave
the request, to quote to its support.
"""

from __future__ import annotations

from typing import ClassVar, Final

import httpx

from oauth_clients._runtime.redact import NO_SECRETS, Redactor, body_excerpt
from oauth_clients._runtime.types import RequestInfo

# Sources read on 2026-11-29 for a documented request-ID response header, none found:
# - LaunchDarkly: https://launchdarkly.com/docs/guides/api/rest-api and https://launchdarkly.com/docs/api
#   (authentication, rate limiting: X-Ratelimit-* and Retry-After, errors; no request-ID header).
# - SlashID: https://developer.slashid.dev/docs/api (the API reference; no request-ID header).
# - LoginRadius: https://www.loginradius.com/docs/api/v2/customer-identity-api and its response-code
#   pages (error bodies with ErrorCode, no request-ID header).
# - Leegality: https://knowledge.leegality.com (API and webhook headers; no request-ID header).
REQUEST_ID_HEADERS: Final = ("x-request-id",)
"""The response headers that carry the vendor's ID of a request, the first present one read.

None of the four vendors' public API documentation names a request-ID response header (see the
sources above), so the de-facto `X-Request-Id` is read for all of them. A vendor that documents
another header gets it added here, ahead of `x-request-id`.
"""


def _after(attempts: int) -> str:
    return f" (after {attempts} attempts)" if attempts > 1 else ""


class OAuthClientsError(Exception):
    """Base class of every error that oauth_clients raises."""


class ClientClosedError(OAuthClientsError):
    """A call on a client that was closed (`close()`, `aclose()`, the end of its `with` block).

    A closed client stays closed: build a new one. Also raised for an `async_http_client` of the
    caller's that is used from another event loop than the one it was first used in, once that
    loop has closed (its connections died with it).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


class APIConnectionError(OAuthClientsError):
    """The request failed before a response arrived.

    Attributes:
        operation: the operation's name.
        problem: what went wrong, e.g. ``connection failed (ConnectError)``.
        attempts: how many times the request was sent (more than 1 when it was retried).
        request: the method and URL of the request (None when raised without one).
    """

    operation: str
    problem: str
    attempts: int
    request: RequestInfo | None

    def __init__(
        self, operation: str, problem: str, *, attempts: int = 1, request: RequestInfo | None = None
    ) -> None:
        self.operation = operation
        self.problem = problem
        self.attempts = attempts
        self.request = request
        super().__init__(f"{operation}: {problem}{_after(attempts)}")


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired, or the call's `deadline` passed."""


class OutcomeUnknownError(APIConnectionError):
    """A request that the spec marks not safe to repeat (`x-idempotent: false`: a create, a secret
    rotation, a toggle) was sent, and no answer came: the connection broke or a timeout or the
    deadline passed after sending began. The change may or may not have happened, and it is never
    retried automatically; look before you try again (list the clients, read the state).

    Attributes:
        timed_out: whether a timeout or the deadline ended the wait (else the connection broke).
    """

    timed_out: bool

    def __init__(
        self,
        operation: str,
        problem: str,
        *,
        attempts: int = 1,
        request: RequestInfo | None = None,
        timed_out: bool,
    ) -> None:
        self.timed_out = timed_out
        super().__init__(
            operation,
            f"{problem}; the request is not safe to repeat and was sent, so the change may or may not "
            "have happened (not retried)",
            attempts=attempts,
            request=request,
        )


class APIError(OAuthClientsError):
    """A response arrived that the operation cannot return as its success model.

    Attributes:
        operation: the operation's name, e.g. ``list_oauth2_clients``.
        status_code: the HTTP status of the response.
        headers: the response headers, as the server sent them.
        body: the raw response body (unmasked: print `body_excerpt` instead).
        parsed: the documented error model for this status, or None (undocumented status,
            undecodable body).
        attempts: how many times the request was sent; more than 1 when retries preceded this
            response (counted by the client, never read from the response).
        request: the method and URL of the request (None when raised without one).
        problem: what is wrong with the response.
    """

    operation: str
    status_code: int
    headers: httpx.Headers
    body: bytes
    problem: str
    parsed: object
    attempts: int
    request: RequestInfo | None

    def __init__(
        self,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        body: bytes,
        *,
        problem: str,
        parsed: object = None,
        attempts: int = 1,
        request: RequestInfo | None = None,
        redactor: Redactor = NO_SECRETS,
    ) -> None:
        self.operation = operation
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.problem = redactor(problem)
        self.parsed = parsed
        self.attempts = attempts
        self.request = request
        self._redactor = redactor
        super().__init__(
            f"{operation}: HTTP {status_code}: {self.problem}{_after(attempts)}; body: {self.body_excerpt}"
        )

    @property
    def request_id(self) -> str | None:
        """The vendor's ID of the request, from the response headers (see `REQUEST_ID_HEADERS`),
        or None when the response has none; quote it to the vendor's support."""
        for name in REQUEST_ID_HEADERS:
            value: str | None = self.headers.get(name)
            if value:
                return value
        return None

    @property
    def body_excerpt(self) -> str:
        """The start of the body, with secret-looking values and the client's credential masked."""
        return body_excerpt(self.body, redactor=self._redactor)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(operation={self.operation!r}, status_code={self.status_code})"


class ResponseDecodeError(APIError):
    """The body is not JSON, or its JSON does not have the documented shape.

    Attributes:
        data: the decoded JSON of the body (what `json.loads` returned), so a caller can still read
            what did parse; None when the body was not JSON at all.
        path: the JSON path of the offending value, e.g. ``result[3].grant_types[0]``; "" when the
            problem is the body as a whole (not JSON, or not an object).
    """

    data: object
    path: str

    def __init__(
        self,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        body: bytes,
        *,
        problem: str,
        data: object = None,
        path: str = "",
        attempts: int = 1,
        request: RequestInfo | None = None,
        redactor: Redactor = NO_SECRETS,
    ) -> None:
        self.data = data
        self.path = path
        super().__init__(
            operation,
            status_code,
            headers,
            body,
            problem=problem,
            attempts=attempts,
            request=request,
            redactor=redactor,
        )


class ResponseTooLargeError(APIError):
    """The decoded body is longer than the client's `max_response_bytes`; reading stopped there.

    `body` holds the start of it only (64 KiB at most).
    """


class APIStatusError(APIError):
    """The response has a status other than the operation's success status.

    Raised by `sync()` / `asyncio()` as the subclass of its status (`NotFoundError`, ...), or as
    this class for any other status. `parsed` holds the documented error model: each operation's
    `parsed_error(error)` returns it with its type.
    """

    documented: bool
    """Whether the spec documents this status for the operation."""

    status_codes: ClassVar[range | tuple[int, ...]] = ()
    """The statuses that this class stands for (none: any status without a class of its own)."""


class BadRequestError(APIStatusError):
    """HTTP 400: the vendor refused the request as malformed (a parameter it does not accept)."""

    status_codes: ClassVar[range | tuple[int, ...]] = (400,)


class AuthenticationError(APIStatusError):
    """HTTP 401: the credential is missing, wrong, expired or revoked."""

    status_codes: ClassVar[range | tuple[int, ...]] = (401,)


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the credential is valid but may not do this (scope, role, organization)."""

    status_codes: ClassVar[range | tuple[int, ...]] = (403,)


class NotFoundError(APIStatusError):
    """HTTP 404: no such resource (or none that this credential may see)."""

    status_codes: ClassVar[range | tuple[int, ...]] = (404,)


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests; returned once the client's retries gave up."""

    status_codes: ClassVar[range | tuple[int, ...]] = (429,)


class ServerError(APIStatusError):
    """HTTP 5xx: the vendor failed; 502, 503 and 504 are raised once the retries gave up."""

    status_codes: ClassVar[range | tuple[int, ...]] = range(500, 600)


_BY_STATUS: tuple[type[APIStatusError], ...] = (
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    RateLimitError,
    ServerError,
)


def status_error(
    operation: str,
    status_code: int,
    headers: httpx.Headers,
    body: bytes,
    parsed: object,
    *,
    documented: bool,
    attempts: int = 1,
    request: RequestInfo | None = None,
    redactor: Redactor = NO_SECRETS,
) -> APIStatusError:
    """The most specific `APIStatusError` for a status (not raised here: the caller raises it)."""
    kind = next((k for k in _BY_STATUS if status_code in k.status_codes), APIStatusError)
    problem = "documented error status" if documented else "status not documented for this operation"
    error = kind(
        operation,
        status_code,
        headers,
        body,
        problem=problem,
        parsed=parsed,
        attempts=attempts,
        request=request,
        redactor=redactor,
    )
    error.documented = documented
    return error


__all__ = [
    "REQUEST_ID_HEADERS",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "NotFoundError",
    "OAuthClientsError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "status_error",
]
