"""Credentials and versions, checked like the service does.

Credentials: `X-API-Key: <key>` or `Authorization: Bearer <key or access token>`, and on
WebSockets also the query parameters `api_key` / `access_token`. Access tokens only open the
endpoints of their grants (`tts`: /tts/*, `stt`: /stt*), everything else wants an API key.
The version comes from `Cartesia-Version`, or on WebSockets from `cartesia_version` (which wins).
"""

from __future__ import annotations

from aiohttp import web

from .access_tokens import TokenError, looks_like_token
from .errors import bad_request, forbidden, unauthorized
from .state import ServerState
from .versions import is_valid_version

# What a route needs: no credentials, an API key, or an API key or a token with that grant.
PUBLIC, API_KEY, TTS, STT = "public", "api_key", "tts", "stt"


def is_websocket(request: web.Request) -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket"


def requested_version(request: web.Request) -> str | None:
    if is_websocket(request) and request.query.get("cartesia_version"):
        return request.query["cartesia_version"]
    return request.headers.get("Cartesia-Version")


def credential(request: web.Request) -> tuple[str, bool]:
    """The credential sent and whether it was sent as an access token (`access_token` param)."""
    key = request.headers.get("X-API-Key", "").strip()
    if key:
        return key, False
    scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    if is_websocket(request):
        if request.query.get("api_key"):
            return request.query["api_key"], False
        if request.query.get("access_token"):
            return request.query["access_token"], True
    return "", False


def authenticate(state: ServerState, request: web.Request, requirement: str) -> None:
    """Raise 401/403 unless the request's credential satisfies `requirement`."""
    if requirement == PUBLIC:
        return
    secret, as_token = credential(request)
    if not secret:
        raise unauthorized("No API key was sent: use the X-API-Key header or Authorization: Bearer <key>.")
    if as_token or looks_like_token(secret):
        if requirement not in (TTS, STT):
            raise unauthorized("Access tokens are not accepted on this endpoint: use an API key.")
        try:
            claims = state.tokens.verify(secret, state.now())
        except TokenError as exc:
            raise unauthorized(f"Invalid access token: {exc}.") from None
        grants = claims.get("grants")
        if not isinstance(grants, dict) or grants.get(requirement) is not True:
            raise forbidden(f"The access token does not grant `{requirement}`.")
        return
    if not state.config.accepts_key(secret):
        raise unauthorized("Invalid API key.")


def check_version(version: str | None) -> None:
    if not version:
        raise bad_request(
            "The Cartesia-Version header is required (e.g. Cartesia-Version: 2024-11-13).",
            title="Missing version",
            error_code="missing_version",
        )
    if not is_valid_version(version):
        raise bad_request(f"Cartesia-Version must be a date such as 2024-11-13; got {version!r}.", title="Invalid version", error_code="invalid_version")
