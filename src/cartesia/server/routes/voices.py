"""The voice library: list (cursor pages), get, update, delete, clone, localize, mix, create."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .. import json_fields as fields
from ..catalog import (
    CLONE_MODES,
    EMBEDDING_SIZE,
    GENDER_PRESENTATIONS,
    LOCALIZE_DIALECTS,
    LOCALIZE_LANGUAGES,
    SPEAKER_GENDERS,
    TTS_LANGUAGES,
)
from ..errors import bad_request, forbidden, not_found
from ..forms import read_form
from ..request_context import get_context, json_response
from ..uploads import decode_upload
from ..versions import ACCESS_VISIBILITY, PAGINATED_VOICES, VOICE_GENDER, at_least
from ..voice_store import Voice, embedding_from_seed
from ..voice_views import voice_json, voice_metadata_json
from .body import read_json
from .listing import page_json, page_limit

_BOOLEANS = {"true": True, "false": False}
_GENDER_OF_SPEAKER = {"male": "masculine", "female": "feminine"}


def _query_bool(request: web.Request, name: str) -> bool | None:
    value = request.query.get(name)
    if value is None or value == "":
        return None
    if value.lower() not in _BOOLEANS:
        raise bad_request(f"`{name}` must be true or false; got {value!r}.")
    return _BOOLEANS[value.lower()]


def _expand(request: web.Request) -> list[str]:
    values = request.query.getall("expand[]", []) + request.query.getall("expand", [])
    allowed = ("embedding", "is_starred", "preview_file_url")
    for value in values:
        fields.choice(value, "expand[]", allowed)
    return values


def _voice_or_404(request: web.Request) -> Voice:
    voice_id = request.match_info["voice_id"]
    voice = get_context(request).state.voices.get(voice_id)
    if voice is None:
        raise not_found(f"No voice with id {voice_id!r}.", title="Voice not found", error_code="voice_not_found")
    return voice


def _owned(voice: Voice, action: str) -> Voice:
    if not voice.is_owner:
        raise forbidden(f"You can only {action} voices you own; {voice.id!r} is a public voice.")
    return voice


async def list_voices(request: web.Request) -> web.Response:
    context = get_context(request)
    page_limit(request)
    is_owner = _query_bool(request, "is_owner")
    is_starred = _query_bool(request, "is_starred")
    gender = fields.choice(request.query.get("gender") or None, "gender", GENDER_PRESENTATIONS)
    expand = _expand(request)
    query = (request.query.get("q") or "").lower()
    voices = [
        v
        for v in context.state.voices
        if (is_owner is None or v.is_owner == is_owner)
        and (is_starred is None or v.is_starred == is_starred)
        and (gender is None or v.gender == gender)
        and (not query or query in f"{v.id} {v.name} {v.description}".lower())
    ]
    if not at_least(context.version, PAGINATED_VOICES):  # 2024-06-10: the whole list as an array
        return json_response(request, [voice_json(v, context.version, expand) for v in voices])
    body = page_json(request, voices, lambda v: v.id, lambda v: voice_json(v, context.version, expand))
    return json_response(request, body)


async def get_voice(request: web.Request) -> web.Response:
    context = get_context(request)
    return json_response(request, voice_json(_voice_or_404(request), context.version, _expand(request)))


async def update_voice(request: web.Request) -> web.Response:
    context = get_context(request)
    voice = _owned(_voice_or_404(request), "update")
    body = fields.require_object(await read_json(request))
    changes: dict[str, Any] = {}
    for name in ("name", "description"):
        value = fields.string(body, name, allow_empty=name != "name")
        if value is not None:
            changes[name] = value
    if "gender" in body:
        changes["gender"] = fields.choice(fields.string(body, "gender"), "gender", GENDER_PRESENTATIONS)
    if "accent" in body:
        changes["accent"] = fields.string(body, "accent")
    if not changes:
        raise bad_request("Send at least one of `name`, `description`, `gender`, `accent`.")
    updated = context.state.voices.update(voice.id, **changes)
    assert updated is not None
    return json_response(request, voice_json(updated, context.version))


async def delete_voice(request: web.Request) -> web.Response:
    voice = _owned(_voice_or_404(request), "delete")
    get_context(request).state.voices.delete(voice.id)
    return web.Response(status=204)


def _language(value: str | None, allowed: tuple[str, ...] = TTS_LANGUAGES) -> str:
    if not value:
        raise fields.missing("language")
    result = fields.choice(value, "language", allowed)
    assert result is not None
    return result


def _base_voice(voice_id: str | None, request: web.Request) -> str | None:
    if voice_id and voice_id not in get_context(request).state.voices:
        raise not_found(f"No voice with id {voice_id!r}.", title="Voice not found", error_code="voice_not_found")
    return voice_id or None


async def clone_voice(request: web.Request) -> web.Response:
    context = get_context(request)
    form = await read_form(request)
    clip = form.file("clip")
    assert clip is not None
    if clip.data[:4] == b"RIFF":
        decode_upload(clip.data)  # a WAV clip must at least parse; other formats are taken as they are
    name = form.required("name")
    language = _language(form.get("language"))
    mode = fields.choice(form.get("mode") or None, "mode", CLONE_MODES)
    if mode == "stability" and at_least(context.version, VOICE_GENDER):
        raise bad_request("The `stability` clone mode was removed in 2025-04-16; use `similarity`.")
    form.boolean("enhance")
    voice = context.state.voices.create(
        name,
        description=form.get("description") or "",
        language=language,
        embedding=embedding_from_seed(hashlib.sha256(clip.data).hexdigest()),
        base_voice_id=_base_voice(form.get("base_voice_id"), request),
        accent=form.get("accent") or None,
    )
    return json_response(request, voice_metadata_json(voice, context.version))


async def localize_voice(request: web.Request) -> web.Response:
    context = get_context(request)
    body = fields.require_object(await read_json(request))
    source_id = fields.string(body, "voice_id", required=True, allow_empty=False)
    assert source_id is not None
    source = context.state.voices.get(source_id)
    if source is None:
        raise not_found(f"No voice with id {source_id!r}.", title="Voice not found", error_code="voice_not_found")
    name = fields.string(body, "name", required=True, allow_empty=False)
    assert name is not None
    newest = at_least(context.version, ACCESS_VISIBILITY)  # 2026-08-14: accent required, the rest optional
    accent = fields.string(body, "accent", required=newest)
    description = fields.string(body, "description", required=not newest) or ""
    language = body.get("language")
    if language is not None or not newest:
        language = _language(fields.string(body, "language"), LOCALIZE_LANGUAGES)
    speaker = fields.choice(fields.string(body, "original_speaker_gender", required=not newest), "original_speaker_gender", SPEAKER_GENDERS)
    dialect = fields.string(body, "dialect")
    if dialect is not None and dialect not in LOCALIZE_DIALECTS.get(str(language), ()):
        raise bad_request(f"`dialect` {dialect!r} does not exist for language {language!r}.")
    voice = context.state.voices.create(
        name,
        description=description,
        language=str(language or source.language),
        gender=_GENDER_OF_SPEAKER.get(speaker or "", source.gender),
        embedding=source.embedding,
        base_voice_id=source.id,
        accent=accent,
    )
    return json_response(request, voice_metadata_json(voice, context.version))


def _embedding(value: Any, what: str) -> list[float]:
    if not isinstance(value, list) or len(value) != EMBEDDING_SIZE or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
    ):
        raise bad_request(f"{what} must be a list of {EMBEDDING_SIZE} numbers.")
    return [float(v) for v in value]


async def mix_voices(request: web.Request) -> web.Response:
    context = get_context(request)
    body = fields.require_object(await read_json(request))
    entries = body.get("voices")
    if not isinstance(entries, list) or not entries:
        raise bad_request("`voices` must be a non-empty list of {id, weight} or {embedding, weight}.")
    parts: list[tuple[list[float], float]] = []
    for i, entry in enumerate(entries):
        entry = fields.require_object(entry, f"`voices[{i}]`")
        weight = fields.number(entry, "weight", low=0.0)
        if weight is None:
            raise fields.missing(f"voices[{i}].weight")
        if "id" in entry:
            voice = context.state.voices.get(str(entry["id"]))
            if voice is None:
                raise not_found(f"No voice with id {entry['id']!r}.", title="Voice not found", error_code="voice_not_found")
            parts.append((list(voice.embedding), weight))
        else:
            parts.append((_embedding(entry.get("embedding"), f"`voices[{i}].embedding`"), weight))
    total = sum(weight for _, weight in parts)
    if total <= 0:
        raise bad_request("The weights must not all be zero.")
    mixed = [round(sum(emb[k] * weight for emb, weight in parts) / total, 6) for k in range(EMBEDDING_SIZE)]
    return json_response(request, {"embedding": mixed})


async def create_voice(request: web.Request) -> web.Response:
    context = get_context(request)
    body = fields.require_object(await read_json(request))
    name = fields.string(body, "name", required=True, allow_empty=False)
    assert name is not None
    description = fields.string(body, "description", required=True) or ""
    embedding = _embedding(body.get("embedding"), "`embedding`")
    language = fields.string(body, "language")
    voice = context.state.voices.create(
        name,
        description=description,
        language=_language(language) if language is not None else "en",
        embedding=embedding,
        base_voice_id=_base_voice(fields.string(body, "base_voice_id"), request),
    )
    render: Callable[[Voice, str | None], dict[str, Any]] = (
        voice_json if at_least(context.version, PAGINATED_VOICES) else voice_metadata_json
    )
    return json_response(request, render(voice, context.version))

