"""Raw responses (``client.x.with_raw_response.method(...)``) and response-body parsing."""

from __future__ import annotations

import json
import typing

import httpx
import pydantic

from .api_error import ApiResponseValidationError, parse_error_body
from .pydantic_utilities import parse_obj_as

T = typing.TypeVar("T")


class BaseHttpResponse:
    """Status, headers and request id of a response."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def http_response(self) -> httpx.Response:
        return self._response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self._response.headers

    @property
    def request_id(self) -> typing.Optional[str]:
        """The service's id for this request, for support tickets (``x-request-id``)."""
        value: typing.Optional[str] = self._response.headers.get("x-request-id")
        return value


class HttpResponse(BaseHttpResponse, typing.Generic[T]):
    """A response together with its parsed data."""

    def __init__(self, response: httpx.Response, data: T) -> None:
        super().__init__(response)
        self._data = data

    @property
    def data(self) -> T:
        return self._data

    def __repr__(self) -> str:
        return f"HttpResponse(status_code={self.status_code}, request_id={self.request_id!r})"


class AsyncHttpResponse(HttpResponse[T]):
    """A response together with its parsed data (from the async client)."""

    def __repr__(self) -> str:
        return f"AsyncHttpResponse(status_code={self.status_code}, request_id={self.request_id!r})"


def parse_response(response: httpx.Response, type_: typing.Type[T]) -> T:
    """The JSON body validated as ``type_``; a body of another shape raises ApiResponseValidationError."""
    try:
        payload = json.loads(response.content) if response.content else None
    except ValueError as exc:
        raise _invalid(response, "the response body is not JSON") from exc
    return parse_data(payload, type_, response=response)


def parse_data(payload: typing.Any, type_: typing.Type[T], *, response: typing.Optional[httpx.Response] = None) -> T:
    """``payload`` validated as ``type_``; a mismatch raises ApiResponseValidationError."""
    try:
        return parse_obj_as(type_, payload)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0] if exc.error_count() else {"loc": (), "msg": str(exc)}
        location = ".".join(str(part) for part in first.get("loc", ())) or "body"
        raise _invalid(response, f"unexpected response shape at {location}: {first.get('msg')}", body=payload) from exc


def _invalid(response: typing.Optional[httpx.Response], reason: str, *, body: typing.Any = None) -> ApiResponseValidationError:
    if response is None:
        return ApiResponseValidationError(body=body, message=reason)
    return ApiResponseValidationError(
        status_code=response.status_code,
        headers=response.headers,
        body=body if body is not None else parse_error_body(response.content),
        message=reason,
    )
