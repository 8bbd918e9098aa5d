"""Error mapping: one class per status, both body styles, readable messages, pickling."""

from __future__ import annotations

import pickle
import typing

import httpx
import pytest

import cartesia
from cartesia import (
    ApiConnectionError,
    ApiError,
    ApiResponseValidationError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    CartesiaError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from cartesia.core.api_error import ApiError as CoreApiError
from cartesia.core.api_error import connection_error, make_api_error
from cartesia.core.http_response import parse_response
from cartesia.core.pydantic_utilities import UniversalBaseModel


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, PaymentRequiredError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, ApiError),
    ],
)
def test_each_status_maps_to_its_class(status: int, cls: typing.Type[ApiError]) -> None:
    error = make_api_error(httpx.Response(status, text="oops"))
    assert type(error) is cls
    assert isinstance(error, ApiError) and isinstance(error, CartesiaError)
    assert error.status_code == status


def test_api_error_keeps_its_2x_import_path_and_constructor() -> None:
    assert CoreApiError is ApiError is cartesia.ApiError
    from cartesia.core import ApiError as FromCore

    assert FromCore is ApiError
    error = ApiError(status_code=404, body={"error": "nope"})
    assert (error.status_code, error.body, error.headers, error.request_id) == (404, {"error": "nope"}, {}, None)


def test_legacy_text_body() -> None:
    error = make_api_error(httpx.Response(400, text="Invalid model: model sonic-9 does not exist"))
    assert error.body == "Invalid model: model sonic-9 does not exist"
    assert error.title is None and error.error_code is None
    assert str(error) == "400 Bad Request: Invalid model: model sonic-9 does not exist"


def test_legacy_json_body() -> None:
    error = make_api_error(httpx.Response(404, json={"error": "voice not found"}, headers={"x-request-id": "req-9"}))
    assert error.body == {"error": "voice not found"}
    assert error.request_id == "req-9"
    assert str(error) == "404 Not Found: voice not found (request_id=req-9)"


def test_structured_body_of_2026_03_01() -> None:
    body = {
        "error_code": "concurrency_limited",
        "title": "Too many requests",
        "message": "Your plan allows 2 concurrent generations.",
        "request_id": "9b1f5c1e-0000-4000-8000-000000000001",
        "doc_url": "https://docs.cartesia.ai/errors/concurrency",
    }
    error = make_api_error(httpx.Response(429, json=body, headers={"retry-after": "1"}))
    assert isinstance(error, RateLimitError)
    assert error.error_code == "concurrency_limited"
    assert error.title == "Too many requests"
    assert error.message == "Your plan allows 2 concurrent generations."
    assert error.request_id == "9b1f5c1e-0000-4000-8000-000000000001"
    assert error.doc_url == "https://docs.cartesia.ai/errors/concurrency"
    assert error.headers["retry-after"] == "1"
    assert str(error) == (
        "429 Too Many Requests: Too many requests: Your plan allows 2 concurrent generations. "
        "(error_code=concurrency_limited, request_id=9b1f5c1e-0000-4000-8000-000000000001)"
    )


def test_structured_error_code_may_be_null() -> None:
    error = make_api_error(httpx.Response(400, json={"error_code": None, "title": "Bad", "message": "m", "request_id": "r"}))
    assert error.error_code is None
    assert str(error) == "400 Bad Request: Bad: m (request_id=r)"


def test_empty_and_huge_bodies_read_well() -> None:
    assert str(make_api_error(httpx.Response(502))) == "502 Bad Gateway"
    long = make_api_error(httpx.Response(500, text="x" * 5000))
    assert len(str(long)) < 600 and str(long).endswith("…")
    assert str(make_api_error(httpx.Response(599, text="odd"))) == "599: odd"


def test_errors_pickle_with_their_state() -> None:
    error = make_api_error(httpx.Response(429, json={"title": "T", "message": "M", "request_id": "r1"}))
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is RateLimitError
    assert (clone.status_code, clone.body, clone.request_id, str(clone)) == (429, error.body, "r1", str(error))
    timeout = pickle.loads(pickle.dumps(ApiTimeoutError("Request timed out.")))
    assert isinstance(timeout, ApiTimeoutError) and str(timeout) == "Request timed out."


def test_connection_errors_chain_and_describe_the_target() -> None:
    request = httpx.Request("POST", "https://api.cartesia.ai/tts/bytes?x=1")
    error = connection_error(httpx.ConnectError("[Errno 111] Connection refused", request=request))
    assert type(error) is ApiConnectionError
    assert str(error) == "Connection error (POST https://api.cartesia.ai/tts/bytes): ConnectError: [Errno 111] Connection refused"
    assert error.request is request
    timeout = connection_error(httpx.ReadTimeout("timed out", request=request))
    assert type(timeout) is ApiTimeoutError
    assert str(timeout) == "Request timed out (POST https://api.cartesia.ai/tts/bytes): ReadTimeout"


class ApiInfo(UniversalBaseModel):
    ok: bool
    version: str


def test_a_success_with_the_wrong_shape_is_a_typed_error() -> None:
    with pytest.raises(ApiResponseValidationError) as info:
        parse_response(httpx.Response(200, json={"ok": True}), ApiInfo)
    assert info.value.status_code == 200
    assert "version" in str(info.value)
    assert info.value.body == {"ok": True}
    with pytest.raises(ApiResponseValidationError) as info:
        parse_response(httpx.Response(200, text="<html>gateway</html>"), ApiInfo)
    assert "not JSON" in str(info.value)
    assert info.value.body == "<html>gateway</html>"
    assert parse_response(httpx.Response(200, json={"ok": True, "version": "v", "new": 1}), ApiInfo).version == "v"


def test_every_error_class_is_exported_from_the_package() -> None:
    for name in (
        "ApiError", "BadRequestError", "AuthenticationError", "PaymentRequiredError", "PermissionDeniedError",
        "NotFoundError", "ConflictError", "UnprocessableEntityError", "RateLimitError", "InternalServerError",
        "ApiConnectionError", "ApiTimeoutError", "ApiResponseValidationError", "CartesiaError",
    ):
        assert name in cartesia.__all__
        assert issubclass(getattr(cartesia, name), CartesiaError)
