"""Python SDK for the Cartesia voice API.

    from cartesia import Cartesia

    client = Cartesia()  # reads CARTESIA_API_KEY

Names load on first use, so ``import cartesia`` stays cheap.
"""

from __future__ import annotations

import importlib
import typing

from .version import __version__

if typing.TYPE_CHECKING:
    from .client import AsyncCartesia, Cartesia
    from .core.api_error import (
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
    from .core.client_wrapper import MissingCredentialsError
    from .core.request_options import RequestOptions
    from .environment import CartesiaEnvironment

_EXPORTS = {
    "ApiConnectionError": ".core.api_error",
    "ApiError": ".core.api_error",
    "ApiResponseValidationError": ".core.api_error",
    "ApiTimeoutError": ".core.api_error",
    "AsyncCartesia": ".client",
    "AuthenticationError": ".core.api_error",
    "BadRequestError": ".core.api_error",
    "Cartesia": ".client",
    "CartesiaEnvironment": ".environment",
    "CartesiaError": ".core.api_error",
    "ConflictError": ".core.api_error",
    "InternalServerError": ".core.api_error",
    "MissingCredentialsError": ".core.client_wrapper",
    "NotFoundError": ".core.api_error",
    "PaymentRequiredError": ".core.api_error",
    "PermissionDeniedError": ".core.api_error",
    "RateLimitError": ".core.api_error",
    "RequestOptions": ".core.request_options",
    "UnprocessableEntityError": ".core.api_error",
}

__all__ = [
    "__version__",
    "ApiConnectionError",
    "ApiError",
    "ApiResponseValidationError",
    "ApiTimeoutError",
    "AsyncCartesia",
    "AuthenticationError",
    "BadRequestError",
    "Cartesia",
    "CartesiaEnvironment",
    "CartesiaError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "UnprocessableEntityError",
]


def __getattr__(name: str) -> typing.Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> typing.List[str]:
    return sorted(set(globals()) | set(_EXPORTS))
