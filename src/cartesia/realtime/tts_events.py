"""The messages of the TTS WebSocket as typed events, and the 2.x outputs built from them.

The event classes extend the definition's message types (``WebSocketResponse_Timestamps``, ...), so
their fields are the wire's. :class:`ChunkEvent` has the fields of ``WebSocketResponse_Chunk``
with the audio decoded: ``audio`` holds the bytes, and ``data`` gives the base64 text again. A
message of a type this SDK does not know yet becomes an :class:`UnknownEvent` that keeps every
field. Parsing validates the JSON text in one pass (pydantic's own parser), the audio's base64
included.
"""

from __future__ import annotations

import base64
import binascii
import functools
import typing

import pydantic
import typing_extensions

from ..core.api_error import ApiResponseValidationError
from ..core.pydantic_utilities import UniversalBaseModel
from ..tts.types.context_id import ContextId
from ..tts.types.flush_id import FlushId
from ..tts.types.phoneme_timestamps import PhonemeTimestamps
from ..tts.types.web_socket_response import (
    WebSocketResponse_Done,
    WebSocketResponse_Error,
    WebSocketResponse_FlushDone,
    WebSocketResponse_PhonemeTimestamps,
    WebSocketResponse_Timestamps,
)
from ..tts.types.web_socket_tts_output import WebSocketTtsOutput
from ..tts.types.word_timestamps import WordTimestamps
from .malformed import first_problem, peek

# Whether pydantic decodes base64 itself (``val_json_bytes``, pydantic 2.7 and later): then a chunk's
# audio is decoded inside pydantic's JSON parser, in the same pass; older releases decode it in a
# validator of this module's.
BASE64_IN_PARSER = "val_json_bytes" in pydantic.ConfigDict.__annotations__

_CHUNK_CONFIG = typing.cast(pydantic.ConfigDict, {"val_json_bytes": "base64"} if BASE64_IN_PARSER else {})


class ChunkEvent(UniversalBaseModel):
    """A piece of audio: ``audio`` holds the decoded bytes of the wire's base64 ``data``.

    The audio is decoded as the message is parsed; a chunk whose ``data`` is not base64 is a
    malformed message (an :class:`ApiResponseValidationError` for its context). ``data`` gives the
    base64 text again, and ``dict()`` / ``json()`` the wire form.
    """

    model_config = _CHUNK_CONFIG

    type: typing.Literal["chunk"] = "chunk"
    """Always `chunk`."""

    context_id: typing.Optional[ContextId] = None
    """The context the message belongs to."""

    status_code: int
    """An HTTP-like status code for the message."""

    done: bool
    """Whether this is the last message of the context."""

    audio: bytes = pydantic.Field(alias="data")
    """The audio samples in the requested encoding (``data`` on the wire, base64-encoded)."""

    step_time: float
    """The server time spent on this chunk, in milliseconds."""

    flush_id: typing.Optional[FlushId] = None
    """The flush the audio belongs to (newer servers send it)."""

    @property
    def data(self) -> str:
        """The audio as the wire's base64 text (encoded again when read)."""
        return base64.b64encode(self.audio).decode("ascii")

    @pydantic.field_serializer("audio")
    def _audio_as_base64(self, audio: bytes) -> str:
        return base64.b64encode(audio).decode("ascii")

    if not BASE64_IN_PARSER:

        @pydantic.field_validator("audio", mode="before")
        @classmethod
        def _decode_audio(cls, value: typing.Any) -> typing.Any:
            if not isinstance(value, str):
                return value
            try:
                return base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("Data should be valid base64") from None


class TimestampsEvent(WebSocketResponse_Timestamps):
    """Word timestamps for audio already sent."""


class PhonemeTimestampsEvent(WebSocketResponse_PhonemeTimestamps):
    """Phoneme timestamps for audio already sent."""


class FlushDoneEvent(WebSocketResponse_FlushDone):
    """All audio for the input before a flush has been sent."""


class DoneEvent(WebSocketResponse_Done):
    """The context is complete: no more messages follow for it."""


class ErrorEvent(WebSocketResponse_Error):
    """The context failed; receiving raises it as a typed error instead of yielding it."""


class UnknownEvent(UniversalBaseModel):
    """A message of a type this SDK does not know yet; every field is kept (see ``model_extra``)."""

    type: str
    context_id: typing.Optional[str] = None


TtsEvent = typing.Union[
    ChunkEvent, TimestampsEvent, PhonemeTimestampsEvent, FlushDoneEvent, DoneEvent, ErrorEvent, UnknownEvent
]
"""Any message of the TTS WebSocket."""

_KNOWN = typing_extensions.Annotated[
    typing.Union[ChunkEvent, TimestampsEvent, PhonemeTimestampsEvent, FlushDoneEvent, DoneEvent, ErrorEvent],
    pydantic.Field(discriminator="type"),
]


@functools.lru_cache(maxsize=None)
def _adapter() -> pydantic.TypeAdapter[typing.Any]:
    return pydantic.TypeAdapter(_KNOWN)


def parse_event(message: typing.Union[str, bytes]) -> TtsEvent:
    """The event in a text frame; raises :class:`ApiResponseValidationError` when it is malformed."""
    try:
        return typing.cast(TtsEvent, _adapter().validate_json(message))
    except pydantic.ValidationError as exc:
        if exc.errors()[0].get("type") == "union_tag_invalid":
            try:
                return UnknownEvent.model_validate_json(message)
            except pydantic.ValidationError:
                pass
        raise ApiResponseValidationError(message=f"Malformed TTS WebSocket message: {first_problem(exc)}", body=peek(message)) from None


def to_output(event: TtsEvent) -> typing.Optional[WebSocketTtsOutput]:
    """The 2.x output for an event; None for events 2.x never yielded (done, unknown types)."""
    if type(event) is ChunkEvent:  # the common case: model_validate's own validator, without its wrapper
        output = WebSocketTtsOutput.__pydantic_validator__.validate_python(
            {"audio": event.audio, "context_id": event.context_id, "flush_id": event.flush_id}
        )
        return typing.cast(WebSocketTtsOutput, output)
    if isinstance(event, TimestampsEvent):
        return WebSocketTtsOutput(word_timestamps=event.word_timestamps, context_id=event.context_id, flush_id=event.flush_id)
    if isinstance(event, PhonemeTimestampsEvent):
        return WebSocketTtsOutput(phoneme_timestamps=event.phoneme_timestamps, context_id=event.context_id, flush_id=event.flush_id)
    if isinstance(event, FlushDoneEvent):
        return WebSocketTtsOutput(flush_done=True, flush_id=event.flush_id, context_id=event.context_id)
    return None


def aggregate(
    outputs: typing.Iterable[WebSocketTtsOutput],
    *,
    context_id: str,
    add_timestamps: bool,
    add_phoneme_timestamps: bool,
) -> WebSocketTtsOutput:
    """One output for a whole generation, as 2.x's ``stream=False``: audio joined, timestamps concatenated."""
    audio: typing.List[bytes] = []
    words: typing.List[str] = []
    word_start: typing.List[float] = []
    word_end: typing.List[float] = []
    phonemes: typing.List[str] = []
    phoneme_start: typing.List[float] = []
    phoneme_end: typing.List[float] = []
    for output in outputs:
        if output.audio is not None:
            audio.append(output.audio)
        if output.word_timestamps is not None:
            words += output.word_timestamps.words
            word_start += output.word_timestamps.start
            word_end += output.word_timestamps.end
        if output.phoneme_timestamps is not None:
            phonemes += output.phoneme_timestamps.phonemes
            phoneme_start += output.phoneme_timestamps.start
            phoneme_end += output.phoneme_timestamps.end
    return WebSocketTtsOutput(
        audio=b"".join(audio),
        context_id=context_id,
        word_timestamps=WordTimestamps(words=words, start=word_start, end=word_end) if add_timestamps else None,
        phoneme_timestamps=(
            PhonemeTimestamps(phonemes=phonemes, start=phoneme_start, end=phoneme_end) if add_phoneme_timestamps else None
        ),
    )
