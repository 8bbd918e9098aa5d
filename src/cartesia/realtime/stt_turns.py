"""The turn-detection STT WebSocket (``/stt/turns/websocket``, ink-2) without I/O: query, commands, events.

Audio goes out as binary frames; the server answers with turn events: ``connected`` once, then per
turn ``turn.start``, ``turn.update`` (the turn's whole text so far), maybe ``turn.eager_end`` and
``turn.resume``, and ``turn.end`` (its final text). Concatenating the ``turn.end`` transcripts gives
the whole transcript. Commands are JSON text frames: ``{"type": "close"}`` (finish: the buffered
audio becomes events, then the server closes) and ``{"type": "config", "turn": {...}}`` (new turn
settings from now on). An ``error`` message raises its typed error; unknown types are kept.

These messages are not in ``fern/definition`` (their ``type`` values contain dots, which the
definition's union keys do not cover), so the models are written here.
"""

from __future__ import annotations

import functools
import json
import typing

import pydantic
import typing_extensions

from ..core.api_error import RequestValidationError
from .errors import MessageTypeError
from .stt_events import DictView, ErrorEvent, UnknownEvent, parse_frame
from .stt_protocol import Query, check_format, check_keyterms, check_value, is_number

PATH = "/stt/turns/websocket"
CLOSE_FRAME = '{"type":"close"}'
# Each turn setting's range; its query parameter is the name prefixed with ``turn_``.
TURN_RANGES = {
    "start_threshold": (0.5, 0.9),
    "eager_end_threshold": (0.3, 0.6),
    "end_threshold": (0.05, 0.5),
    "end_timeout_ms": (640.0, 11200.0),
}


class ConnectedEvent(DictView):
    """Sent once when the session is ready (audio may be sent before it arrives)."""

    type: typing.Literal["connected"] = "connected"
    request_id: str


class TurnStartEvent(DictView):
    """The user began to speak: a new turn is open (a cue to stop the agent talking)."""

    type: typing.Literal["turn.start"] = "turn.start"
    request_id: str


class TurnUpdateEvent(DictView):
    """More of the open turn was heard: ``transcript`` is the turn's whole text so far."""

    type: typing.Literal["turn.update"] = "turn.update"
    request_id: str
    transcript: str


class TurnEagerEndEvent(DictView):
    """A preview: the user may be done; ``transcript`` is the turn's text (start preparing an answer)."""

    type: typing.Literal["turn.eager_end"] = "turn.eager_end"
    request_id: str
    transcript: str


class TurnResumeEvent(DictView):
    """After an eager end the user went on: the turn stays open."""

    type: typing.Literal["turn.resume"] = "turn.resume"
    request_id: str


class TurnEndEvent(DictView):
    """The turn is over: ``transcript`` is its final text (never revised)."""

    type: typing.Literal["turn.end"] = "turn.end"
    request_id: str
    transcript: str


TurnEvent = typing.Union[
    ConnectedEvent, TurnStartEvent, TurnUpdateEvent, TurnEagerEndEvent, TurnResumeEvent, TurnEndEvent, UnknownEvent
]
"""Any message of ``/stt/turns/websocket`` that a receive yields (errors are raised)."""

_KNOWN = typing_extensions.Annotated[
    typing.Union[ConnectedEvent, TurnStartEvent, TurnUpdateEvent, TurnEagerEndEvent, TurnResumeEvent, TurnEndEvent, ErrorEvent],
    pydantic.Field(discriminator="type"),
]


@functools.lru_cache(maxsize=None)
def _adapter() -> pydantic.TypeAdapter[typing.Any]:
    return pydantic.TypeAdapter(_KNOWN)


def parse_turn_event(message: typing.Union[str, bytes]) -> TurnEvent:
    """The event in a text frame of the turns socket; raises the typed error of an ``error`` message."""
    return typing.cast(TurnEvent, parse_frame(_adapter(), message, "STT turns WebSocket"))


def _turn_settings(values: typing.Mapping[str, typing.Any], prefix: str) -> typing.Dict[str, float]:
    """The turn settings given (not None), each checked against its range."""
    settings = {}
    for name, value in values.items():
        if value is None:
            continue
        low, high = TURN_RANGES[name]
        check_value(prefix + name, is_number(value) and low <= value <= high, f"a number from {low:g} to {high:g}", value)
        settings[name] = value
    return settings


def turns_query(
    *,
    model: str = "ink-2",
    encoding: str = "pcm_s16le",
    sample_rate: int = 16000,
    keyterm: typing.Optional[typing.Sequence[str]] = None,
    turn_start_threshold: typing.Optional[float] = None,
    turn_eager_end_threshold: typing.Optional[float] = None,
    turn_end_threshold: typing.Optional[float] = None,
    turn_end_timeout_ms: typing.Optional[float] = None,
) -> Query:
    """The query of ``/stt/turns/websocket``, checked (None values are left out when sent)."""
    check_value("model", isinstance(model, str) and bool(model), "a model id such as 'ink-2'", model)
    check_format(encoding, sample_rate)
    turn = {
        "start_threshold": turn_start_threshold,
        "eager_end_threshold": turn_eager_end_threshold,
        "end_threshold": turn_end_threshold,
        "end_timeout_ms": turn_end_timeout_ms,
    }
    _turn_settings(turn, "turn_")
    query: Query = {"model": model, "encoding": encoding, "sample_rate": sample_rate, "keyterm": check_keyterms(keyterm)}
    query.update((f"turn_{name}", value) for name, value in turn.items())
    return query


def config_frame(
    *,
    start_threshold: typing.Optional[float] = None,
    eager_end_threshold: typing.Optional[float] = None,
    end_threshold: typing.Optional[float] = None,
    end_timeout_ms: typing.Optional[float] = None,
) -> str:
    """The ``config`` command with the turn settings given (the others stay as they are)."""
    settings = _turn_settings(
        {
            "start_threshold": start_threshold,
            "eager_end_threshold": eager_end_threshold,
            "end_threshold": end_threshold,
            "end_timeout_ms": end_timeout_ms,
        },
        "",
    )
    if not settings:
        raise RequestValidationError("config: give at least one turn setting")
    return json.dumps({"type": "config", "turn": settings}, separators=(",", ":"))


def turns_frame(message: object) -> typing.Tuple[typing.Union[bytes, str], bool]:
    """What ``send(message)`` of the turns socket sends, and whether it ends the stream.

    Audio bytes go as binary frames; a command as a dict (or a JSON string) as a text frame.
    """
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message), False
    if isinstance(message, typing.Mapping):
        frame = json.dumps(dict(message), separators=(",", ":"), ensure_ascii=False)
        return frame, message.get("type") == "close"
    if isinstance(message, str):
        try:
            kind = json.loads(message).get("type")
        except (ValueError, AttributeError):
            raise RequestValidationError(f"stt turns: a command is JSON such as {CLOSE_FRAME}, got {message[:40]!r}") from None
        return message, kind == "close"
    raise MessageTypeError(f"Data must be bytes (audio) or a command (dict), got {type(message).__name__}")
