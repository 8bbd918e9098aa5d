"""Generated models: wire aliases, discriminated unions, open enums, unknown fields."""

from __future__ import annotations

import pydantic
import pytest

from cartesia import (
    GenerationRequest,
    OutputFormat_Mp3,
    StreamingTranscriptionResponse_Transcript,
    TtsRequestIdSpecifier,
    Voice,
    WebSocketResponse_Error,
)
from cartesia.core.pydantic_utilities import parse_obj_as
from cartesia.stt.types import StreamingTranscriptionResponse
from cartesia.tts.types import OutputFormat, WebSocketResponse
from cartesia.tts.types.web_socket_tts_output import WebSocketTtsOutput


def test_wire_aliases_in_and_out() -> None:
    voice = TtsRequestIdSpecifier(id="v", experimental_controls={"speed": "fast", "emotion": ["anger"]})
    assert voice.dict() == {"mode": "id", "id": "v", "__experimental_controls": {"speed": "fast", "emotion": ["anger"]}}
    parsed = parse_obj_as(TtsRequestIdSpecifier, {"mode": "id", "id": "v", "__experimental_controls": {"speed": 0.5, "emotion": []}})
    assert parsed.experimental_controls is not None and parsed.experimental_controls.speed == 0.5
    request = GenerationRequest(model_id="m", transcript="t", voice=voice, output_format={"encoding": "pcm_s16le", "sample_rate": 8000}, continue_=True)
    dumped = request.dict()
    assert dumped["continue"] is True and "continue_" not in dumped
    assert dumped["output_format"] == {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000}
    assert '"continue":true' in request.json()


def test_discriminated_unions_pick_the_member_by_tag() -> None:
    fmt = parse_obj_as(OutputFormat, {"container": "mp3", "sample_rate": 44100, "bit_rate": 128000})  # type: ignore[arg-type]
    assert isinstance(fmt, OutputFormat_Mp3)
    error = parse_obj_as(WebSocketResponse, {"type": "error", "status_code": 400, "done": True, "title": "Bad", "message": "voice"})  # type: ignore[arg-type]
    assert isinstance(error, WebSocketResponse_Error) and error.error is None and error.title == "Bad"
    transcript = parse_obj_as(
        StreamingTranscriptionResponse,  # type: ignore[arg-type]
        {"type": "transcript", "request_id": "r", "text": "hi", "is_final": True, "words": [{"word": "hi", "start": 0, "end": 0.2}]},
    )
    assert isinstance(transcript, StreamingTranscriptionResponse_Transcript) and transcript.words is not None
    with pytest.raises(pydantic.ValidationError):
        parse_obj_as(OutputFormat, {"container": "mp3", "sample_rate": 44100})  # type: ignore[arg-type]


def test_unknown_fields_are_kept_and_known_ones_validated() -> None:
    voice = parse_obj_as(
        Voice,
        {"id": "v", "is_owner": True, "name": "n", "description": "d", "created_at": "2025-01-02T03:04:05Z", "language": "xx", "accent": "british"},
    )
    assert voice.language == "xx"  # a language this SDK does not list yet
    assert voice.model_extra == {"accent": "british"}
    assert voice.dict()["accent"] == "british"
    with pytest.raises(pydantic.ValidationError):
        parse_obj_as(Voice, {"id": "v", "is_owner": "not a bool", "name": "n", "description": "d", "created_at": "x", "language": "en"})
    with pytest.raises(pydantic.ValidationError):
        voice.name = "changed"  # type: ignore[misc]


def test_websocket_tts_output_carries_raw_bytes() -> None:
    output = WebSocketTtsOutput(audio=b"\x00\x01", context_id="c", flush_id=2)
    assert output.audio == b"\x00\x01" and output.flush_done is None
