"""The messages of the STT WebSockets as typed events that also read like the 2.x SDK's dicts.

The event classes extend the definition's message types (``StreamingTranscriptionResponse_*``),
so their attributes are the wire's, typed: ``event.text``, ``event.words[0].start``. They also
answer the dict idioms of code written for the 2.x SDK, which yielded plain dicts:
``event["type"]``, ``event.get("text")``, ``"words" in event``, ``event["words"][0]["start"]``,
``dict(event)``, ``for key in event``, ``len(event)``. Those see exactly the keys the 2.x dict
had (a transcript: ``type``, ``request_id``, ``text``, ``is_final``, and ``duration``,
``language``, ``words`` when the message had them), with plain values (``words`` is a list of
dicts). Iterating an event therefore gives its keys, as a dict's iteration does, not pydantic's
``(name, value)`` pairs; ``event.dict()`` and ``event.json()`` give the wire form. The events are
not ``dict`` instances: ``json.dumps(dict(event))`` or ``event.json()`` serialise one.

A message of a type this SDK does not know yet becomes an :class:`UnknownEvent` keeping every
field. Parsing validates the JSON text in one pass (pydantic's own parser).
"""

from __future__ import annotations

import functools
import typing

import pydantic
import typing_extensions

from ..core.api_error import ApiResponseValidationError, error_from_event
from ..core.pydantic_utilities import UniversalBaseModel
from ..stt.types.streaming_transcription_response import (
    StreamingTranscriptionResponse_Done,
    StreamingTranscriptionResponse_Error,
    StreamingTranscriptionResponse_FlushDone,
    StreamingTranscriptionResponse_Transcript,
)
from .malformed import first_problem, peek


class DictView(UniversalBaseModel):
    """Dict-style reading of an event (``event["text"]``, ``event.get(...)``, ``in``, keys, iteration)."""

    # The keys every view has, and those it has when the message had them; None: every field.
    _DICT_KEYS: typing.ClassVar[typing.Optional[typing.Tuple[str, ...]]] = None
    _DICT_OPTIONAL_KEYS: typing.ClassVar[typing.Tuple[str, ...]] = ()

    def _view(self) -> typing.Dict[str, typing.Any]:
        keys = self._DICT_KEYS
        if keys is None:
            return self.model_dump(by_alias=True)
        present = self.model_fields_set
        include = set(keys).union(name for name in self._DICT_OPTIONAL_KEYS if name in present)
        return self.model_dump(by_alias=True, include=include)

    def __getitem__(self, key: str) -> typing.Any:
        return self._view()[key]

    def get(self, key: str, default: typing.Any = None) -> typing.Any:
        """The value of ``key`` as the 2.x dict had it, else ``default``."""
        return self._view().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._view()

    def keys(self) -> typing.KeysView[str]:
        return self._view().keys()

    def values(self) -> typing.ValuesView[typing.Any]:
        return self._view().values()

    def items(self) -> typing.ItemsView[str, typing.Any]:
        return self._view().items()

    def __iter__(self) -> typing.Iterator[str]:  # type: ignore[override]  # a dict's iteration: its keys
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())


class TranscriptEvent(StreamingTranscriptionResponse_Transcript, DictView):
    """Text for some of the audio: ``is_final`` says whether it is settled; ``text`` is the delta since the last final one."""

    _DICT_KEYS = ("type", "request_id", "text", "is_final")
    _DICT_OPTIONAL_KEYS = ("duration", "language", "words")


class FlushDoneEvent(StreamingTranscriptionResponse_FlushDone, DictView):
    """Everything sent before a ``finalize`` has been transcribed."""

    _DICT_KEYS = ("type", "request_id")


class DoneEvent(StreamingTranscriptionResponse_Done, DictView):
    """The stream is over (the answer to ``done``); the server closes the connection after it."""

    _DICT_KEYS = ("type", "request_id")


class ErrorEvent(StreamingTranscriptionResponse_Error):
    """The session reported a failure; receiving raises it as a typed error instead of yielding it."""


class UnknownEvent(DictView):
    """A message of a type this SDK does not know yet; every field is kept (see ``model_extra``)."""

    type: str
    request_id: typing.Optional[str] = None


SttEvent = typing.Union[TranscriptEvent, FlushDoneEvent, DoneEvent, UnknownEvent]
"""Any message of ``/stt/websocket`` that a receive yields (errors are raised)."""

_KNOWN = typing_extensions.Annotated[
    typing.Union[TranscriptEvent, FlushDoneEvent, DoneEvent, ErrorEvent], pydantic.Field(discriminator="type")
]


@functools.lru_cache(maxsize=None)
def _adapter() -> pydantic.TypeAdapter[typing.Any]:
    return pydantic.TypeAdapter(_KNOWN)


def parse_frame(adapter: pydantic.TypeAdapter[typing.Any], message: typing.Union[str, bytes], label: str) -> typing.Any:
    """The event in a text frame, validated by ``adapter``; an ``error`` message raises its typed error.

    A type the adapter does not know gives an :class:`UnknownEvent`; a malformed frame raises
    :class:`ApiResponseValidationError`.
    """
    try:
        event = adapter.validate_json(message)
    except pydantic.ValidationError as exc:
        if exc.errors()[0].get("type") == "union_tag_invalid":
            try:
                return UnknownEvent.model_validate_json(message)
            except pydantic.ValidationError:
                pass
        body = peek(message)
        if isinstance(body, dict) and body.get("type") == "error":  # an error of a shape we did not expect is still one
            raise error_from_event(body) from None
        raise ApiResponseValidationError(message=f"Malformed {label} message: {first_problem(exc)}", body=body) from None
    if isinstance(event, StreamingTranscriptionResponse_Error):
        raise error_from_event(event.dict())
    return event


def parse_event(message: typing.Union[str, bytes]) -> SttEvent:
    """The event in a text frame of ``/stt/websocket``; raises the typed error of an ``error`` message."""
    return typing.cast(SttEvent, parse_frame(_adapter(), message, "STT WebSocket"))

