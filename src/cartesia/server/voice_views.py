"""Voices as each API version shows them (see versions.py for the dates)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .versions import ACCESS_VISIBILITY, PAGINATED_VOICES, STRUCTURED_ERRORS, VOICE_GENDER, VOICE_LOCALES, at_least
from .voice_store import Voice

_LOCALES = {"en": "en-US", "es": "es-ES", "fr": "fr-FR", "de": "de-DE", "pt": "pt-BR", "zh": "zh-CN", "ja": "ja-JP"}


def _visibility(voice: Voice, version: str | None) -> dict[str, Any]:
    if at_least(version, ACCESS_VISIBILITY):
        return {
            "access": "public" if voice.is_public else "private",
            "visibility": "all" if voice.is_public else "owner",
            "tagline": voice.description[:80],
        }
    return {"is_public": voice.is_public}


def voice_json(voice: Voice, version: str | None, expand: Collection[str] = ()) -> dict[str, Any]:
    """The `Voice` object; `expand` holds the `expand[]` values of the request."""
    if not at_least(version, PAGINATED_VOICES):
        return {
            "id": voice.id,
            "user_id": voice.user_id,
            "is_public": voice.is_public,
            "name": voice.name,
            "description": voice.description,
            "created_at": voice.created_at,
            "embedding": list(voice.embedding),
            "language": voice.language,
        }
    body: dict[str, Any] = {
        "id": voice.id,
        "is_owner": voice.is_owner,
        "name": voice.name,
        "description": voice.description,
        "created_at": voice.created_at,
        "language": voice.language,
    }
    if at_least(version, VOICE_GENDER):
        body.update(_visibility(voice, version))
        body["gender"] = voice.gender
    else:
        if "embedding" in expand:
            body["embedding"] = list(voice.embedding)
    if "is_starred" in expand and not at_least(version, STRUCTURED_ERRORS):
        body["is_starred"] = voice.is_starred
    if at_least(version, VOICE_LOCALES):
        body["locales"] = [{"locale": _LOCALES.get(voice.language, voice.language), "is_native": True}]
        body["accent"] = voice.accent
    if "preview_file_url" in expand and at_least(version, STRUCTURED_ERRORS):
        body["preview_file_url"] = None
    return body


def voice_metadata_json(voice: Voice, version: str | None) -> dict[str, Any]:
    """The `VoiceMetadata` object returned by clone, localize and (2024-06-10) create."""
    body: dict[str, Any] = {
        "id": voice.id,
        "user_id": voice.user_id,
        "name": voice.name,
        "description": voice.description,
        "created_at": voice.created_at,
        "language": voice.language,
    }
    body.update(_visibility(voice, version))
    return body
