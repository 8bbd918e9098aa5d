"""API errors and their two wire styles.

Before `Cartesia-Version: 2026-03-01` the service answers HTTP errors with plain text
(`Title: message`) and WebSocket/SSE errors with `{"type": "error", "error": "Title: message", ...}`.
From that version on, every error is JSON with `error_code`, `title`, `message`, `request_id`
and (when there is one) `doc_url`. Handlers raise `ApiError`; the app renders it per version.
"""

from __future__ import annotations

import json
from typing import Any

from .versions import structured_errors

DOCS = "https://docs.cartesia.ai"


class ApiError(Exception):
    """An error response: HTTP status, a short title, a human message, and an optional code."""

    def __init__(
        self,
        status: int,
        title: str,
        message: str,
        *,
        error_code: str | None = None,
        doc_url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {title}: {message}")
        self.status = status
        self.title = title
        self.message = message
        self.error_code = error_code
        self.doc_url = doc_url
        self.headers = dict(headers or {})

    @property
    def text(self) -> str:
        """The legacy one-line form, also used as `error` in legacy events."""
        return f"{self.title}: {self.message}"

    def http_body(self, version: str | None, request_id: str) -> tuple[bytes, str]:
        """The HTTP response body and its content type for a request made with `version`."""
        if not structured_errors(version):
            return self.text.encode(), "text/plain"
        body: dict[str, Any] = {
            "error_code": self.error_code,
            "title": self.title,
            "message": self.message,
            "request_id": request_id,
        }
        if self.doc_url:
            body["doc_url"] = self.doc_url
        return json.dumps(body).encode(), "application/json"

    def tts_event(self, version: str | None, request_id: str, context_id: str | None) -> dict[str, Any]:
        """An `error` event for the TTS WebSocket, TTS SSE and voice-changer SSE streams."""
        event: dict[str, Any] = {"type": "error", "done": True, "status_code": self.status}
        if structured_errors(version):
            event.update(self._structured_fields(request_id))
        else:
            event["error"] = self.text
        event["context_id"] = context_id  # always present: clients route messages by it (None when unknown)
        return event

    def stt_event(self, version: str | None, request_id: str) -> dict[str, Any]:
        """An `error` message for the STT WebSocket (legacy clients read `message` or `error`)."""
        if structured_errors(version):
            return {"type": "error", "status_code": self.status, **self._structured_fields(request_id)}
        return {"type": "error", "message": self.text, "error": self.text, "request_id": request_id}

    def _structured_fields(self, request_id: str) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "error_code": self.error_code,
            "title": self.title,
            "message": self.message,
            "request_id": request_id,
        }
        if self.doc_url:
            fields["doc_url"] = self.doc_url
        return fields


def bad_request(message: str, *, title: str = "Invalid request", error_code: str = "invalid_request") -> ApiError:
    return ApiError(400, title, message, error_code=error_code)


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "Unauthorized", message, error_code="unauthorized")


def forbidden(message: str) -> ApiError:
    return ApiError(403, "Forbidden", message, error_code="forbidden")


def not_found(message: str, *, title: str = "Not found", error_code: str = "not_found") -> ApiError:
    return ApiError(404, title, message, error_code=error_code)


def too_many_requests(message: str) -> ApiError:
    return ApiError(429, "Too many concurrent requests", message, error_code="concurrency_limited")


def invalid_model(model_id: str, kind: str, message: str | None = None) -> ApiError:
    return ApiError(
        400,
        "Invalid model",
        message or f"The model {model_id!r} is not a valid {kind} model ID.",
        error_code="model_not_found",
        doc_url=f"{DOCS}/build-with-cartesia/{kind.lower()}-models/latest",
    )


def voice_not_found(voice_id: str, version: str | None) -> ApiError:
    # From 2026-03-01 the service answers unknown voice ids with 404; before, with 400.
    status = 404 if structured_errors(version) else 400
    return ApiError(status, "Voice not found", f"No voice with id {voice_id!r}.", error_code="voice_not_found")


def pronunciation_dict_not_found(dict_id: str, version: str | None) -> ApiError:
    # Like voices: 404 from 2026-03-01, 400 before.
    status = 404 if structured_errors(version) else 400
    return ApiError(status, "Pronunciation dictionary not found", f"No pronunciation dictionary with id {dict_id!r}.", error_code="pronunciation_dict_not_found")
