"""Names the generated code exposes beside what the definition describes."""

from __future__ import annotations

# Hand-written names re-exported from the top-level package: name → defining module.
HANDWRITTEN_EXPORTS = {
    "ApiConnectionError": "cartesia.core.api_error",
    "ApiError": "cartesia.core.api_error",
    "ApiResponseValidationError": "cartesia.core.api_error",
    "ApiTimeoutError": "cartesia.core.api_error",
    "AsyncCartesia": "cartesia.client",
    "AuthenticationError": "cartesia.core.api_error",
    "BadRequestError": "cartesia.core.api_error",
    "Cartesia": "cartesia.client",
    "CartesiaEnvironment": "cartesia.environment",
    "CartesiaError": "cartesia.core.api_error",
    "ConflictError": "cartesia.core.api_error",
    "InternalServerError": "cartesia.core.api_error",
    "MissingCredentialsError": "cartesia.core.client_wrapper",
    "NotFoundError": "cartesia.core.api_error",
    "PaymentRequiredError": "cartesia.core.api_error",
    "PermissionDeniedError": "cartesia.core.api_error",
    "RateLimitError": "cartesia.core.api_error",
    "RequestOptions": "cartesia.core.request_options",
    "RequestValidationError": "cartesia.core.api_error",
    "UnprocessableEntityError": "cartesia.core.api_error",
}

PACKAGE_DOCS = """\
Python SDK for the Cartesia voice API.

    from cartesia import Cartesia

    client = Cartesia()  # reads CARTESIA_API_KEY

Names load on first use, so ``import cartesia`` stays cheap."""
