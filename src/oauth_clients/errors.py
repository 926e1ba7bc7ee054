"""The one exception hierarchy of every provider in oauth_clients.

    OAuthClientsError
    ├── APIConnectionError            the request never got a response (DNS, refused, reset, TLS)
    │   └── APITimeoutError           ... because a timeout expired or the call's deadline passed
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
`headers` stay raw: what the server sent.
"""

from __future__ import annotations

from typing import ClassVar

import httpx

from oauth_clients._runtime.redact import NO_SECRETS, Redactor, body_excerpt


def _after(attempts: int) -> str:
    return f" (after {attempts} attempts)" if attempts > 1 else ""


class OAuthClientsError(Exception):
    """Base class of every error that oauth_clients raises."""


class APIConnectionError(OAuthClientsError):
    """The request failed before a response arrived.

    Attributes:
        operation: the operation's name.
        problem: what went wrong, e.g. ``connection failed (ConnectError)``.
        attempts: how many times the request was sent (more than 1 when it was retried).
    """

    def __init__(self, operation: str, problem: str, *, attempts: int = 1) -> None:
        self.operation = operation
        self.problem = problem
        self.attempts = attempts
        super().__init__(f"{operation}: {problem}{_after(attempts)}")


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired, or the call's `deadline` passed."""


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
    """

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
        redactor: Redactor = NO_SECRETS,
    ) -> None:
        self.operation = operation
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.problem = redactor(problem)
        self.parsed = parsed
        self.attempts = attempts
        self._redactor = redactor
        super().__init__(
            f"{operation}: HTTP {status_code}: {self.problem}{_after(attempts)}; body: {self.body_excerpt}"
        )

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
        redactor: Redactor = NO_SECRETS,
    ) -> None:
        self.data = data
        self.path = path
        super().__init__(
            operation, status_code, headers, body, problem=problem, attempts=attempts, redactor=redactor
        )


class ResponseTooLargeError(APIError):
    """The decoded body is longer than the client's `max_response_bytes`; reading stopped there.

    `body` holds the start of it only (64 KiB at most).
    """


class APIStatusError(APIError):
    """The response has a status other than the operation's success status."""

    documented: bool
    """Whether the spec documents this status for the operation."""

    status_codes: ClassVar[range | tuple[int, ...]] = ()


class BadRequestError(APIStatusError):
    status_codes = (400,)


class AuthenticationError(APIStatusError):
    status_codes = (401,)


class PermissionDeniedError(APIStatusError):
    status_codes = (403,)


class NotFoundError(APIStatusError):
    status_codes = (404,)


class RateLimitError(APIStatusError):
    status_codes = (429,)


class ServerError(APIStatusError):
    status_codes = range(500, 600)


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
        redactor=redactor,
    )
    error.documented = documented
    return error


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "NotFoundError",
    "OAuthClientsError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "status_error",
]
