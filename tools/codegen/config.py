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
    "ReconnectingEvent": "cartesia.realtime.options",
    "ReconnectingOverrides": "cartesia.realtime.options",
    "RequestOptions": "cartesia.core.request_options",
    "RequestValidationError": "cartesia.core.api_error",
    "UnprocessableEntityError": "cartesia.core.api_error",
    "WebSocketConnectionClosedError": "cartesia.realtime.errors",
    "WebSocketIdleClosedError": "cartesia.realtime.errors",
    "WebSocketTimeoutError": "cartesia.realtime.errors",
}

# Hand-written bases of generated resource clients (their WebSocket entry points):
# package → (module, sync base, async base).
CLIENT_BASES = {
    "tts": ("cartesia.realtime.entry", "TtsWebsocketMixin", "AsyncTtsWebsocketMixin"),
}

# The 2.x SDK's hand-written module paths, kept as re-exports: module → {name: (module, attribute)}.
COMPAT_MODULES = {
    "cartesia.tts._websocket": {"TtsWebsocket": ("cartesia.realtime.tts_sync", "TtsWebsocket")},
    "cartesia.tts._async_websocket": {"AsyncTtsWebsocket": ("cartesia.realtime.tts_async", "AsyncTtsWebsocket")},
    "cartesia.tts.socket_client": {
        "TtsClientWithWebsocket": ("cartesia.tts.client", "TtsClient"),
        "AsyncTtsClientWithWebsocket": ("cartesia.tts.client", "AsyncTtsClient"),
    },
}

PACKAGE_DOCS = """\
Python SDK for the Cartesia voice API.

    from cartesia import Cartesia

    client = Cartesia()  # reads CARTESIA_API_KEY

Names load on first use, so ``import cartesia`` stays cheap."""
