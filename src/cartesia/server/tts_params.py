"""Checking TTS requests (JSON bodies of /tts/bytes, /tts/sse and WebSocket inputs) into typed params."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import json_fields as fields
from .audio import CONTAINERS, MP3_BIT_RATES, SAMPLE_RATES, TTS_ENCODINGS
from .catalog import (
    EMBEDDING_SIZE,
    MODEL_SPEEDS,
    NATURAL_SPEEDS,
    TTS_LANGUAGES,
    is_emotion_tag,
    is_tts_model,
)
from .engines import VoiceTraits
from .errors import ApiError, bad_request, invalid_model, pronunciation_dict_not_found, voice_not_found
from .pronunciation import PronunciationDictStore
from .voice_store import VoiceStore

if TYPE_CHECKING:
    from .forms import Form


@dataclass(frozen=True)
class OutputFormat:
    container: str
    sample_rate: int
    encoding: str | None = None
    bit_rate: int | None = None

    @property
    def content_type(self) -> str:
        return {"wav": "audio/wav", "mp3": "audio/mpeg"}.get(self.container, "application/octet-stream")


def _format_error(message: str) -> ApiError:
    return bad_request(message, title="Invalid output format", error_code="invalid_output_format")


def output_format(
    container: Any, sample_rate: Any, encoding: Any, bit_rate: Any, *, raw_only: bool = False
) -> OutputFormat:
    """Check an `output_format` given as its parts (JSON values or multipart strings)."""
    if container is None:
        raise _format_error("`output_format.container` is required.")
    allowed = ("raw",) if raw_only else CONTAINERS
    if container not in allowed:
        raise _format_error(f"`output_format.container` must be one of {', '.join(allowed)}; got {container!r}.")
    rate = _whole_number(sample_rate, "sample_rate")
    if rate not in SAMPLE_RATES:
        raise _format_error(f"`output_format.sample_rate` must be one of {', '.join(map(str, SAMPLE_RATES))}; got {rate}.")
    if container == "mp3":
        bits = _whole_number(bit_rate, "bit_rate")
        if bits not in MP3_BIT_RATES:
            raise _format_error(f"`output_format.bit_rate` must be one of {', '.join(map(str, MP3_BIT_RATES))}; got {bits}.")
        return OutputFormat("mp3", rate, None, bits)
    if encoding not in TTS_ENCODINGS:
        raise _format_error(f"`output_format.encoding` must be one of {', '.join(TTS_ENCODINGS)}; got {encoding!r}.")
    return OutputFormat(str(container), rate, str(encoding))


def _whole_number(value: Any, name: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None:
        raise _format_error(f"`output_format.{name}` is required.")
    raise _format_error(f"`output_format.{name}` must be an integer; got {value!r}.")


def output_format_from_json(value: Any, *, raw_only: bool) -> OutputFormat:
    body = fields.require_object(value, "`output_format`") if value is not None else None
    if body is None:
        raise fields.missing("output_format")
    return output_format(body.get("container"), body.get("sample_rate"), body.get("encoding"), body.get("bit_rate"), raw_only=raw_only)


def output_format_from_form(form: Form) -> OutputFormat:
    """The `output_format[...]` fields of a multipart form (voice changer, infill)."""
    return output_format(*(form.get(f"output_format[{part}]") for part in ("container", "sample_rate", "encoding", "bit_rate")))


def experimental_speed(value: Any) -> float:
    """The speed factor of a legacy `__experimental_controls.speed` (a word, or a number in -1..1)."""
    if isinstance(value, str) and value in NATURAL_SPEEDS:
        return NATURAL_SPEEDS[value]
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not -1.0 <= number <= 1.0:
        raise bad_request(f"`speed` must be one of {', '.join(NATURAL_SPEEDS)} or a number between -1 and 1; got {value!r}.")
    return 1.0 + 0.5 * number


def check_emotions(tags: Any) -> None:
    if not isinstance(tags, list) or not all(isinstance(t, str) and is_emotion_tag(t) for t in tags):
        raise bad_request(f"`emotion` must be a list of tags such as `anger` or `positivity:high`; got {tags!r}.")


@dataclass(frozen=True)
class VoiceChoice:
    traits: VoiceTraits
    voice_id: str | None  # None for an embedding
    speed: float  # from the legacy experimental controls


def parse_voice(value: Any, voices: VoiceStore, version: str | None, language: str | None) -> VoiceChoice:
    """Resolve a voice specifier: an id string, `{"mode": "id", "id": …}`, `{"id": …}` or an embedding."""
    if value is None:
        raise fields.missing("voice")
    if isinstance(value, str):
        value = {"mode": "id", "id": value}
    spec = fields.require_object(value, "`voice`")
    speed = 1.0
    controls = spec.get("__experimental_controls")
    if controls is not None:
        controls = fields.require_object(controls, "`voice.__experimental_controls`")
        if controls.get("speed") is not None:
            speed = experimental_speed(controls["speed"])
        if controls.get("emotion") is not None:
            check_emotions(controls["emotion"])
    mode = spec.get("mode", "embedding" if "embedding" in spec and "id" not in spec else "id")
    if mode == "embedding":
        embedding = spec.get("embedding")
        if not isinstance(embedding, list) or len(embedding) != EMBEDDING_SIZE or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in embedding
        ):
            raise bad_request(f"`voice.embedding` must be a list of {EMBEDDING_SIZE} numbers.")
        return VoiceChoice(VoiceTraits(language or "en", None), None, speed)
    if mode != "id":
        raise bad_request(f"`voice.mode` must be `id` or `embedding`; got {mode!r}.")
    voice_id = fields.string(spec, "id", required=True, allow_empty=False)
    assert voice_id is not None
    voice = voices.get(voice_id)
    if voice is None:
        raise voice_not_found(voice_id, version)
    return VoiceChoice(VoiceTraits(language or voice.language, voice.gender), voice_id, speed)


@dataclass(frozen=True)
class TtsParams:
    """A checked TTS request."""

    model_id: str
    transcript: str
    voice: VoiceTraits
    voice_id: str | None
    output_format: OutputFormat
    language: str | None
    speed: float
    volume: float
    duration: float | None
    add_timestamps: bool
    add_phoneme_timestamps: bool
    context_id: str | None
    save: bool


def parse_tts_request(
    body: Any, voices: VoiceStore, version: str | None, *, raw_only: bool, dicts: PronunciationDictStore | None = None
) -> TtsParams:
    """Check a TTS request body; raises ApiError (400, or 404 for unknown voices and dicts from 2026-03-01).

    With `pronunciation_dict_id`, the transcript comes back with that dictionary applied.
    """
    body = fields.require_object(body)
    model_id = fields.string(body, "model_id", required=True)
    assert model_id is not None
    if not is_tts_model(model_id):
        raise invalid_model(model_id, "TTS")
    transcript = fields.string(body, "transcript", required=True)
    assert transcript is not None
    language = fields.choice(fields.string(body, "language"), "language", TTS_LANGUAGES)
    voice = parse_voice(body.get("voice"), voices, version, language)
    fmt = output_format_from_json(body.get("output_format"), raw_only=raw_only)
    speed = voice.speed
    legacy_speed = fields.choice(fields.string(body, "speed"), "speed", tuple(MODEL_SPEEDS))
    if legacy_speed:
        speed *= MODEL_SPEEDS[legacy_speed]
    volume = 1.0
    config = body.get("generation_config")
    if config is not None:
        config = fields.require_object(config, "`generation_config`")
        speed *= fields.number(config, "speed", low=0.6, high=1.5) or 1.0
        volume = fields.number(config, "volume", low=0.5, high=2.0) or 1.0
        fields.string(config, "emotion")
    dict_id = fields.string(body, "pronunciation_dict_id")
    if dict_id is not None:
        pdict = dicts.get(dict_id) if dicts is not None else None
        if pdict is None:
            raise pronunciation_dict_not_found(dict_id, version)
        transcript = pdict.apply(transcript)
    return TtsParams(
        model_id=model_id,
        transcript=transcript,
        voice=voice.traits,
        voice_id=voice.voice_id,
        output_format=fmt,
        language=language,
        speed=speed,
        volume=volume,
        duration=fields.number(body, "duration", low=0.0),
        add_timestamps=fields.boolean(body, "add_timestamps"),
        add_phoneme_timestamps=fields.boolean(body, "add_phoneme_timestamps"),
        context_id=fields.string(body, "context_id"),
        save=fields.boolean(body, "save"),
    )
