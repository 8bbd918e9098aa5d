"""The TTS WebSocket protocol without I/O: frames out, messages in, routed to their contexts.

:class:`TtsProtocol` checks a generation's settings before anything is sent, builds every frame,
and routes each server message by ``context_id`` into its :class:`ContextState`. Within a
context, messages are kept in arrival order, split at each ``flush_done`` into numbered segments
(the n-th flush sent is acknowledged by the n-th ``flush_done``, whatever number the server gives
it), so a reader that claimed a flush gets exactly that flush's audio. An ``error`` message
becomes the typed error of the context it names (of every active context when it names none);
messages of a cancelled or finished context are dropped; a message of an unknown type is kept as
an :class:`~.tts_events.UnknownEvent`. The shells (:mod:`.tts_sync`, :mod:`.tts_async`) only move
bytes and wake whoever waits.
"""

from __future__ import annotations

import collections
import json
import time
import typing
import uuid

from ..core.api_error import ApiError, ApiResponseValidationError, RequestValidationError, error_from_event
from ..core.arguments import validate_argument
from ..core.logs import logger
from ..tts.types.generation_config import GenerationConfig
from ..tts.types.tts_request_voice_specifier import TtsRequestVoiceSpecifier
from ..tts.types.web_socket_raw_output_format import WebSocketRawOutputFormat
from .errors import closed_error
from .tts_events import ChunkEvent, DoneEvent, ErrorEvent, FlushDoneEvent, TtsEvent, parse_event

PATH = "/tts/websocket"
VOICE_STRING_VERSION = "2026-08-14"  # the first API version that takes a voice id as a plain string
_OPERATION = "tts.websocket"
Settings = typing.Dict[str, typing.Any]


def _plain(value: typing.Any) -> typing.Any:
    """A pydantic model as its wire dict; anything else as given."""
    dump = getattr(value, "dict", None)
    if callable(dump) and hasattr(value, "model_dump"):
        return dump()
    return value


_FLAG = typing.Optional[bool]

# The optional settings in the order build_settings takes them: name, type, and the Python types
# whose values need no further check.
_OPTIONAL_SETTINGS: typing.Tuple[typing.Tuple[str, typing.Any, typing.Tuple[type, ...]], ...] = (
    ("duration", typing.Optional[float], (int, float)),
    ("language", typing.Optional[str], (str,)),
    ("stream", _FLAG, (bool,)),
    ("add_timestamps", _FLAG, (bool,)),
    ("add_phoneme_timestamps", _FLAG, (bool,)),
    ("use_original_timestamps", _FLAG, (bool,)),
    ("use_normalized_timestamps", _FLAG, (bool,)),
    ("max_buffer_delay_ms", typing.Optional[int], (int,)),
    ("pronunciation_dict_id", typing.Optional[str], (str,)),
    ("speed", typing.Optional[str], (str,)),
)


def build_settings(
    version: str,
    *,
    model_id: typing.Any,
    voice: typing.Any,
    output_format: typing.Any,
    language: typing.Any = None,
    duration: typing.Any = None,
    generation_config: typing.Any = None,
    add_timestamps: typing.Any = None,
    add_phoneme_timestamps: typing.Any = None,
    use_original_timestamps: typing.Any = None,
    use_normalized_timestamps: typing.Any = None,
    max_buffer_delay_ms: typing.Any = None,
    pronunciation_dict_id: typing.Any = None,
    speed: typing.Any = None,
    stream: typing.Any = None,
    extra: typing.Optional[typing.Mapping[str, typing.Any]] = None,
) -> Settings:
    """The wire fields of a generation besides transcript, context and continuation, checked.

    Values are sent as given (a dict stays the dict you passed, a model becomes its wire dict);
    None and false flags are left out; ``max_buffer_delay_ms=0`` is kept. A voice given as an
    id string is sent as ``{"mode": "id", "id": ...}`` to API versions before 2026-08-14.
    """
    if not isinstance(model_id, str) or not model_id:
        raise RequestValidationError(f"{_OPERATION}: 'model_id' must be a non-empty string, got {model_id!r}")
    if isinstance(voice, str):
        if not voice:
            raise RequestValidationError(f"{_OPERATION}: 'voice' must not be empty")
        voice_value: typing.Any = voice if version >= VOICE_STRING_VERSION else {"mode": "id", "id": voice}
    else:
        voice_value = _plain(voice)
        validate_argument(_OPERATION, "voice", voice_value, TtsRequestVoiceSpecifier)
    format_value = _plain(output_format)
    validate_argument(_OPERATION, "output_format", format_value, WebSocketRawOutputFormat)
    settings: Settings = {"model_id": model_id, "output_format": format_value, "voice": voice_value}
    values = (
        duration, language, stream, add_timestamps, add_phoneme_timestamps, use_original_timestamps,
        use_normalized_timestamps, max_buffer_delay_ms, pronunciation_dict_id, speed,
    )
    for (name, annotation, plain), value in zip(_OPTIONAL_SETTINGS, values):
        if value is None or value is False and name != "use_normalized_timestamps":
            continue
        if annotation is _FLAG and not isinstance(value, bool):
            raise RequestValidationError(f"{_OPERATION}: {name!r} must be true or false, got {value!r}")
        if name == "max_buffer_delay_ms" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise RequestValidationError(f"{_OPERATION}: 'max_buffer_delay_ms' must be a non-negative integer, got {value!r}")
        if type(value) not in plain:  # a value of one of these types is valid as it is
            validate_argument(_OPERATION, name, value, annotation)
        settings[name] = value
    if generation_config is not None:
        config = _plain(generation_config)
        validate_argument(_OPERATION, "generation_config", config, GenerationConfig)
        settings["generation_config"] = config
    for name, value in (extra or {}).items():
        settings[name] = _plain(value)
    return settings


class ContextMetrics:
    """Latency figures of one context, in seconds from its first input (``time.perf_counter``)."""

    __slots__ = ("started_at", "first_audio_at", "finished_at", "chunk_arrivals", "audio_bytes")

    def __init__(self) -> None:
        self.started_at: typing.Optional[float] = None
        self.first_audio_at: typing.Optional[float] = None
        self.finished_at: typing.Optional[float] = None
        self.chunk_arrivals: typing.List[float] = []
        self.audio_bytes = 0

    def chunk(self, now: float, size: int) -> None:
        """Count a chunk of ``size`` audio bytes that arrived at ``now``."""
        if self.first_audio_at is None:
            self.first_audio_at = now
        self.chunk_arrivals.append(now)
        self.audio_bytes += size

    @property
    def chunks(self) -> int:
        """How many audio chunks arrived."""
        return len(self.chunk_arrivals)

    @property
    def time_to_first_audio(self) -> typing.Optional[float]:
        """Seconds from the first input sent to the first audio chunk received."""
        if self.started_at is None or self.first_audio_at is None:
            return None
        return self.first_audio_at - self.started_at

    @property
    def chunk_times(self) -> typing.List[float]:
        """When each audio chunk arrived, in seconds from the first input."""
        start = self.started_at or 0.0
        return [t - start for t in self.chunk_arrivals]

    @property
    def duration(self) -> typing.Optional[float]:
        """Seconds from the first input to the end of the context."""
        if self.started_at is None or self.finished_at is None:
            return None
        return self.finished_at - self.started_at

    def __repr__(self) -> str:
        ttfa = self.time_to_first_audio
        shown = "None" if ttfa is None else f"{ttfa * 1000:.1f} ms"
        return f"ContextMetrics(time_to_first_audio={shown}, chunks={self.chunks}, audio_bytes={self.audio_bytes})"


class ContextState:
    """Everything known about one context; readers take events from ``events`` or a claimed flush's queue."""

    __slots__ = (
        "id", "events", "flush_queues", "flushes_sent", "flushes_done", "started", "ended_input",
        "finished", "cancelled", "error", "arguments", "settings", "metrics", "last_activity", "messages", "waiters", "tail", "touched",
    )

    def __init__(self, context_id: str) -> None:
        self.id = context_id
        self.events: typing.Deque[TtsEvent] = collections.deque()
        self.flush_queues: typing.Dict[int, typing.Deque[TtsEvent]] = {}
        self.flushes_sent = 0
        self.flushes_done = 0
        self.started = False  # an input went out: the context is live on the server
        self.ended_input = False  # the last input (continue: false) went out
        self.finished = False  # done, error, cancel or a lost connection: no more messages
        self.cancelled = False
        self.error: typing.Optional[ApiError] = None
        self.arguments: typing.Dict[str, typing.Any] = {}  # the settings as given, for later updates
        self.settings: typing.Optional[Settings] = None  # their wire form, sent with every input
        self.metrics = ContextMetrics()
        self.last_activity = time.perf_counter()
        self.messages = 0
        self.waiters: typing.List[typing.Any] = []  # the shell's wake-up handles
        self.tail = 0  # events of the current segment at the end of `events`, for a later claim
        self.touched = (self,)  # what receive() returns for a message of this context, made once

    def queue_for(self, flush: typing.Optional[int]) -> typing.Deque[TtsEvent]:
        return self.events if flush is None else self.flush_queues[flush]

    def over(self) -> bool:
        """With nothing queued: whether nothing more will come (raises the context's error if it failed)."""
        if self.error is not None:
            raise self.error
        return self.finished

    def timeout(self, receive: typing.Optional[float], inactivity: typing.Optional[float]) -> typing.Tuple[str, typing.Optional[float]]:
        """Which wait applies now: the first message's (``receive``) or the next one's (``inactivity``)."""
        return ("inactivity", inactivity) if self.messages else ("receive", receive)

    def usable(self) -> None:
        """Raise unless more input may be sent on this context."""
        if self.error is not None:
            raise self.error
        if self.finished or self.ended_input:
            raise RequestValidationError(f"context {self.id!r} is closed: its input has ended or it was cancelled")


class TtsProtocol:
    """The contexts of one TTS socket, the frames for them, and the routing of what comes back."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.contexts: typing.Dict[str, ContextState] = {}

    # Contexts and frames ---------------------------------------------------------------------------

    def new_context(self, context_id: typing.Optional[str] = None) -> ContextState:
        if context_id is None:
            context_id = str(uuid.uuid4())
        elif not isinstance(context_id, str) or not context_id:
            raise RequestValidationError(f"{_OPERATION}: 'context_id' must be a non-empty string, got {context_id!r}")
        if context_id in self.contexts:
            raise RequestValidationError(f"Context for context ID {context_id} already exists.")
        state = ContextState(context_id)
        self.contexts[context_id] = state
        return state

    def settings(self, **kwargs: typing.Any) -> Settings:
        return build_settings(self.version, **kwargs)

    def input_frame(self, state: ContextState, transcript: str, *, continue_: bool, flush: bool = False) -> str:
        """A generation frame with the context's settings; ``continue_=False`` ends its input.

        ``continue`` is sent when true, and as false on an empty closing input; a one-shot input
        leaves it out (the service's default is false), as the 2.x SDK did.
        """
        if not isinstance(transcript, str):
            raise RequestValidationError(f"{_OPERATION}: 'transcript' must be a string, got {type(transcript).__name__}")
        settings = state.settings
        if settings is None:
            raise RequestValidationError(f"context {state.id!r} has no model, voice or output format yet: give them first")
        frame: Settings = {
            "model_id": settings["model_id"],
            "transcript": transcript,
            "output_format": settings["output_format"],
            "voice": settings["voice"],
            "context_id": state.id,
        }
        for name, value in settings.items():
            if name not in frame:
                frame[name] = value
        if continue_ or not transcript:  # as 2.x: `continue` on continuations and on the empty closing input
            frame["continue"] = continue_
        if flush:
            frame["flush"] = True
        return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)

    def cancel_frame(self, state: ContextState) -> str:
        return json.dumps({"context_id": state.id, "cancel": True}, separators=(",", ":"))

    def sent(self, state: ContextState, *, continue_: bool, flush: bool = False) -> typing.Optional[int]:
        """Record an input that went out; returns the flush's number when it was a flush."""
        now = time.perf_counter()
        if not state.started:
            state.started = True
            state.metrics.started_at = now
        state.last_activity = now
        if not continue_:
            state.ended_input = True
        if flush:
            state.flushes_sent += 1
            return state.flushes_sent - 1
        return None

    def claim(self, state: ContextState, number: int) -> typing.Deque[TtsEvent]:
        """A queue of its own for the segment of flush ``number`` (the input before that flush).

        Call it as the flush goes out: audio of that segment that already arrived moves over too.
        """
        queue: typing.Deque[TtsEvent] = collections.deque()
        if state.flushes_done == number:
            for _ in range(min(state.tail, len(state.events))):
                queue.appendleft(state.events.pop())
            state.tail = 0
        state.flush_queues[number] = queue
        return queue

    def cancel(self, state: ContextState) -> None:
        """Forget a context at once: queued events are dropped, late messages ignored."""
        state.cancelled = True
        state.events.clear()
        for queue in state.flush_queues.values():
            queue.clear()
        self._finish(state)

    def discard(self, state: ContextState) -> None:
        """Stop routing to a context nobody reads any more."""
        if not state.finished:
            self._finish(state)

    # Messages --------------------------------------------------------------------------------------

    def receive(self, message: typing.Union[str, bytes]) -> typing.Sequence[ContextState]:
        """Route one server message; returns the contexts it concerns (to wake their readers)."""
        try:
            event = parse_event(message)
        except ApiResponseValidationError as error:
            body = error.body if isinstance(error.body, dict) else {}
            return self._fail_named(body.get("context_id"), error)
        state = self.contexts.get(event.context_id) if event.context_id is not None else None
        if state is None:
            if event.context_id is None and isinstance(event, ErrorEvent):
                return self._fail_named(None, error_from_event(event.dict()))
            logger.debug("Dropped a %s message for context %s, which is not active", event.type, event.context_id)
            return ()
        now = time.perf_counter()
        state.last_activity = now
        state.messages += 1
        if type(event) is ChunkEvent:  # the common case, kept short
            state.metrics.chunk(now, len(event.audio))
        elif type(event) is ErrorEvent:
            state.error = error_from_event(event.dict())
            self._finish(state)
            return state.touched
        queue = state.flush_queues.get(state.flushes_done) if state.flush_queues else None
        if queue is None:
            state.events.append(event)
            state.tail += 1
        else:
            queue.append(event)
        if type(event) is ChunkEvent:
            return state.touched
        if isinstance(event, FlushDoneEvent):
            state.flushes_done += 1
            state.tail = 0
        elif isinstance(event, DoneEvent):
            self._finish(state)
        return state.touched

    def connection_lost(self, code: typing.Optional[int], reason: str) -> typing.List[ContextState]:
        """Fail every context that was live on the lost connection; others go on with the next one."""
        failed = []
        for state in list(self.contexts.values()):
            if state.started and not state.finished:
                state.error = closed_error(code, reason, state.id)
                self._finish(state)
                failed.append(state)
        return failed

    def close(self, reason: str) -> typing.List[ContextState]:
        """Fail every live context because the socket is being closed by its owner."""
        return self.connection_lost(1000, reason)

    def _fail_named(self, context_id: typing.Any, error: ApiError) -> typing.Sequence[ContextState]:
        """Give ``error`` to the context it names, or to every live context when it names none."""
        if isinstance(context_id, str):
            state = self.contexts.get(context_id)
            targets = [state] if state is not None else []
        else:
            targets = [s for s in self.contexts.values() if s.started and not s.finished]
        if not targets:
            logger.warning("TTS WebSocket error for no active context: %s", error)
        if len(targets) == 1:
            error.context_id = targets[0].id
        for state in targets:
            state.error = error
            self._finish(state)
        return targets

    def _finish(self, state: ContextState) -> None:
        state.finished = True
        state.metrics.finished_at = time.perf_counter()
        if self.contexts.get(state.id) is state:
            del self.contexts[state.id]
        if logger.isEnabledFor(10):  # logging.DEBUG, without importing logging for a constant
            outcome = "cancelled" if state.cancelled else ("failed" if state.error else "done")
            logger.debug("TTS context %s %s: %r", state.id, outcome, state.metrics)
