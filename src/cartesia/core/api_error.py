"""Every error the SDK raises for an API call, and the one place where responses become errors.

    CartesiaError                       base of everything this package raises
    ├── RequestValidationError          an argument that can never be accepted (also a ValueError)
    └── ApiError                        status_code, headers, body, request_id, error_code, title, message,
        │                               context_id (a WebSocket context's errors)
        ├── BadRequestError             400
        ├── AuthenticationError         401
        ├── PaymentRequiredError        402
        ├── PermissionDeniedError       403
        ├── NotFoundError               404
        ├── ConflictError               409
        ├── UnprocessableEntityError    422
        ├── RateLimitError              429
        ├── InternalServerError         >= 500
        ├── ApiResponseValidationError  a success response the SDK could not parse
        └── ApiConnectionError          no response at all (also an ``httpx.TransportError``)
            └── ApiTimeoutError         (also an ``httpx.TimeoutException``)

Error bodies come in two styles: before ``Cartesia-Version: 2026-03-01`` the service sends text
(``"Title: message"``) or JSON with an ``error`` string; from that version on it sends JSON with
``error_code``, ``title``, ``message``, ``request_id`` and ``doc_url``. Both are parsed here.
"""

from __future__ import annotations

import contextlib
import http
import json
import typing

import httpx

_MAX_DETAIL = 500


class CartesiaError(Exception):
    """Base class of every exception raised by this SDK."""


class RequestValidationError(CartesiaError, ValueError):
    """An argument has a shape or type the API can never accept; raised before anything is sent."""


class ApiError(CartesiaError):
    """The API answered with an error, or could not be reached.

    ``status_code`` is None when no response was received. ``body`` is the parsed JSON body, or its
    text when it is not JSON. ``request_id`` comes from the body or the ``x-request-id`` header.
    ``context_id`` names the WebSocket context an error belongs to (None elsewhere).
    """

    status_code: typing.Optional[int]
    headers: typing.Dict[str, str]
    body: typing.Any
    request_id: typing.Optional[str]
    error_code: typing.Optional[str]
    title: typing.Optional[str]
    message: typing.Optional[str]
    doc_url: typing.Optional[str]
    context_id: typing.Optional[str]

    def __init__(
        self,
        *,
        status_code: typing.Optional[int] = None,
        headers: typing.Optional[typing.Mapping[str, str]] = None,
        body: typing.Any = None,
        message: typing.Optional[str] = None,
        context_id: typing.Optional[str] = None,
    ) -> None:
        self.status_code = status_code
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.body = body
        fields = _structured_fields(body)
        self.error_code = fields.get("error_code")
        self.title = fields.get("title")
        self.message = message if message is not None else fields.get("message")
        self.doc_url = fields.get("doc_url")
        self.request_id = fields.get("request_id") or self.headers.get("x-request-id")
        self.context_id = context_id if context_id is not None else fields.get("context_id")
        Exception.__init__(self, self._describe())

    def _describe(self) -> str:
        parts = []
        if self.status_code is not None:
            parts.append(_status_line(self.status_code))
        detail = _detail(self.title, self.message, self.body)
        if detail:
            parts.append(detail)
        text = ": ".join(parts) or type(self).__name__
        extras = [f"{name}={value}" for name, value in (("error_code", self.error_code), ("request_id", self.request_id), ("context_id", self.context_id)) if value]
        if extras:
            text += f" ({', '.join(extras)})"
        return text

    def __str__(self) -> str:
        return self._describe()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code!r}, body={self.body!r})"

    def __reduce__(self) -> typing.Tuple[typing.Any, ...]:
        # Exceptions pickle through their args by default; ours are keyword-built, so keep the state.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: typing.Type[ApiError], state: typing.Dict[str, typing.Any]) -> ApiError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._describe())
    return error


class BadRequestError(ApiError):
    """400: the request is malformed or a value is not accepted."""


class AuthenticationError(ApiError):
    """401: the API key or access token is missing, wrong or expired."""


class PaymentRequiredError(ApiError):
    """402: the account has run out of credits."""


class PermissionDeniedError(ApiError):
    """403: the credentials are valid but not allowed to do this."""


class NotFoundError(ApiError):
    """404: the resource (voice, path) does not exist."""


class ConflictError(ApiError):
    """409: the request conflicts with the current state."""


class UnprocessableEntityError(ApiError):
    """422: the request is well formed but its content is invalid."""


class RateLimitError(ApiError):
    """429: too many requests or too many concurrent generations."""


class InternalServerError(ApiError):
    """5xx: the service failed."""


class ApiResponseValidationError(ApiError):
    """A success response whose body does not have the documented shape."""


class ApiConnectionError(ApiError, httpx.TransportError):
    """No response: the connection failed or broke. The httpx error is the ``__cause__``."""

    def __init__(self, message: str = "Connection error.", *, request: typing.Optional[httpx.Request] = None) -> None:
        ApiError.__init__(self, message=message)
        # Read by httpx's ``RequestError.request``, so code catching httpx errors keeps working.
        self._request = request

    def _describe(self) -> str:
        return self.message or type(self).__name__


class ApiTimeoutError(ApiConnectionError, httpx.TimeoutException):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, message: str = "Request timed out.", *, request: typing.Optional[httpx.Request] = None) -> None:
        ApiConnectionError.__init__(self, message, request=request)


_STATUS_ERRORS: typing.Dict[int, typing.Type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status_code: int) -> typing.Type[ApiError]:
    """The exception class for an HTTP error status."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, ApiError)


def parse_error_body(content: bytes) -> typing.Any:
    """JSON when the body is JSON, else its text (None when empty)."""
    if not content:
        return None
    text = content.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def make_api_error(response: httpx.Response) -> ApiError:
    """The typed error for a non-success response. The body must already have been read."""
    cls = error_class_for_status(response.status_code)
    return cls(status_code=response.status_code, headers=response.headers, body=parse_error_body(response.content))


def error_from_event(event: typing.Mapping[str, typing.Any], *, headers: typing.Optional[typing.Mapping[str, str]] = None) -> ApiError:
    """The typed error for an ``error`` event of a stream (SSE or WebSocket), by its ``status_code``."""
    status = event.get("status_code")
    status_code = status if isinstance(status, int) and not isinstance(status, bool) else None
    cls = error_class_for_status(status_code) if status_code is not None and status_code >= 400 else ApiError
    error = cls(status_code=status_code, headers=headers, body=dict(event))
    legacy = event.get("error")
    if error.message is None and isinstance(legacy, str) and legacy:
        # Before 2026-03-01 the service sends one "Title: message" string.
        title, sep, message = legacy.partition(": ")
        error.title, error.message = (title, message) if sep and error.title is None else (error.title, legacy)
    return error


def connection_error(exc: httpx.TransportError) -> ApiConnectionError:
    """Wrap an httpx transport error; raise the result ``from exc`` to keep the chain."""
    request = _request_of(exc)
    target = f" ({request.method} {request.url.copy_with(query=None)})" if request is not None else ""
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(f"Request timed out{target}: {type(exc).__name__}", request=request)
    return ApiConnectionError(f"Connection error{target}: {type(exc).__name__}: {exc}", request=request)


@contextlib.contextmanager
def translate_transport_errors() -> typing.Iterator[None]:
    """Re-raise httpx transport errors met while reading a body as SDK errors."""
    try:
        yield
    except httpx.TransportError as exc:
        if isinstance(exc, ApiConnectionError):
            raise
        raise connection_error(exc) from exc


def _request_of(exc: httpx.TransportError) -> typing.Optional[httpx.Request]:
    try:
        return exc.request
    except RuntimeError:  # httpx raises when the error was not tied to a request
        return None


def _structured_fields(body: typing.Any) -> typing.Dict[str, str]:
    if isinstance(body, dict):
        return {k: v for k, v in body.items() if k in _FIELD_NAMES and isinstance(v, str) and v}
    return {}


_FIELD_NAMES = frozenset({"error_code", "title", "message", "request_id", "doc_url", "context_id"})


def _status_line(status_code: int) -> str:
    try:
        return f"{status_code} {http.HTTPStatus(status_code).phrase}"
    except ValueError:
        return str(status_code)


def _detail(title: typing.Optional[str], message: typing.Optional[str], body: typing.Any) -> str:
    if title or message:
        return ": ".join(part for part in (title, message) if part)
    if isinstance(body, dict):
        for key in ("error", "detail", "message"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return _clip(value)
        return _clip(json.dumps(body, ensure_ascii=False))
    if isinstance(body, str):
        return _clip(body.strip())
    if body is None:
        return ""
    return _clip(repr(body))


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"
