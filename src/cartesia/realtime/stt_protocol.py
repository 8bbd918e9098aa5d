"""The STT WebSocket protocols without I/O: the query, the frames out, and the stream's state.

:func:`stt_query` checks the session settings of ``/stt/websocket`` before anything is sent
(:func:`~.stt_turns.turns_query` those of ``/stt/turns/websocket``). :class:`SttStream` is one
socket's stream of messages: it parses each text frame into a typed event, keeps events and
errors in arrival order, and knows when the stream is over (``done``, or the normal close that
follows a ``close`` command on the turns socket). A connection lost under a stream queues a
:class:`~.errors.WebSocketConnectionClosedError` for the next receive; the service's idle close
(:class:`~.errors.WebSocketIdleClosedError`) is reported only to a receive that is waiting, so
a caller who goes on sending just gets a new connection. The shells (:mod:`.stt_sync`,
:mod:`.stt_async`) move bytes and call these methods.
"""

from __future__ import annotations

import collections
import time
import typing

from ..core.api_error import ApiError, RequestValidationError
from ..core.logs import logger
from .errors import (
    MessageTypeError,
    WebSocketConnectionClosedError,
    WebSocketIdleClosedError,
    WebSocketTimeoutError,
    closed_error,
)
from .stt_args import SttParams
from .stt_events import UnknownEvent

PATH = "/stt/websocket"
COMMANDS = ("finalize", "done", "close")  # the text frames of /stt/websocket ("close" is the newer "done")
Query = typing.Dict[str, typing.Any]
Event = typing.Any  # the event classes of the socket kind (stt_events or stt_turns)
Audio = typing.Union[bytes, bytearray, memoryview]


def check_value(name: str, ok: bool, wanted: str, value: typing.Any) -> None:
    if not ok:
        raise RequestValidationError(f"stt.websocket: {name!r} must be {wanted}, got {value!r}")


def is_number(value: typing.Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def check_keyterms(keyterm: typing.Optional[typing.Sequence[str]]) -> typing.Optional[typing.List[str]]:
    """The ``keyterm`` list (sent as repeated parameters); a single string counts as one term."""
    if keyterm is None:
        return None
    terms = [keyterm] if isinstance(keyterm, str) else list(keyterm)
    check_value("keyterm", all(isinstance(t, str) and t for t in terms), "a list of non-empty strings", keyterm)
    return terms


def check_format(encoding: typing.Any, sample_rate: typing.Any) -> None:
    check_value("encoding", isinstance(encoding, str) and bool(encoding), "an encoding such as 'pcm_s16le'", encoding)
    check_value("sample_rate", isinstance(sample_rate, int) and not isinstance(sample_rate, bool) and sample_rate > 0, "a positive integer (Hz)", sample_rate)


def stt_query(
    *,
    model: str = "ink-whisper",
    language: typing.Optional[str] = "en",
    encoding: str = "pcm_s16le",
    sample_rate: int = 16000,
    min_volume: typing.Optional[float] = None,
    max_silence_duration_secs: typing.Optional[float] = None,
    keyterm: typing.Optional[typing.Sequence[str]] = None,
) -> Query:
    """The query of ``/stt/websocket``, checked, in the 2.x order (None values are left out when sent)."""
    check_value("model", isinstance(model, str) and bool(model), "a model id such as 'ink-whisper'", model)
    check_value("language", language is None or (isinstance(language, str) and bool(language)), "a language code or None", language)
    check_format(encoding, sample_rate)
    check_value("min_volume", min_volume is None or (is_number(min_volume) and 0 <= min_volume <= 1), "a number from 0 to 1 or None", min_volume)
    check_value(
        "max_silence_duration_secs",
        max_silence_duration_secs is None or (is_number(max_silence_duration_secs) and max_silence_duration_secs >= 0),
        "a non-negative number of seconds or None",
        max_silence_duration_secs,
    )
    return {
        "model": model,
        "encoding": encoding,
        "sample_rate": sample_rate,
        "language": language,
        "min_volume": min_volume,
        "max_silence_duration_secs": max_silence_duration_secs,
        "keyterm": check_keyterms(keyterm),
    }


def transcribe_query(current: typing.Mapping[str, typing.Any], chunks: object, params: typing.Mapping[str, typing.Any]) -> Query:
    """The query for ``transcribe(chunks, **params)``: the socket's, then the chunks' format, then ``params``.

    Audio from :func:`~cartesia.frames_of` carries ``sample_rate`` and ``encoding``, used when
    ``params`` does not name them.
    """
    unknown = set(params) - set(SttParams.__annotations__)
    if unknown:
        raise RequestValidationError(f"transcribe: unknown setting(s) {', '.join(sorted(unknown))}")
    settings: typing.Dict[str, typing.Any] = {name: current.get(name) for name in ("model", "language", "encoding", "sample_rate", "min_volume", "max_silence_duration_secs")}
    for name in ("sample_rate", "encoding"):
        value = getattr(chunks, name, None)
        if value is not None:
            settings[name] = value
    settings.update(params)
    return stt_query(**settings, keyterm=current.get("keyterm"))


def command_frame(data: object) -> typing.Union[bytes, str]:
    """What ``send(data)`` of ``/stt/websocket`` sends: audio bytes as given, or one of the text commands."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        if data not in COMMANDS:
            raise RequestValidationError(f"stt.websocket: send a command of {', '.join(COMMANDS)} (or audio bytes), got {data[:40]!r}")
        return data
    raise MessageTypeError(f"Data must be bytes (audio) or str (command), got {type(data).__name__}")


class SttStream:
    """The messages of one STT socket, in arrival order, and where its current stream stands."""

    def __init__(self, parse: typing.Callable[[typing.Union[str, bytes]], Event], *, end_type: typing.Optional[str]) -> None:
        self.parse = parse
        self.end_type = end_type  # the message that ends a stream ("done"); None: the close after "close"
        self.items: typing.Deque[typing.Any] = collections.deque()  # events and errors
        self.finished = False  # the stream ended: nothing more comes on this connection
        self.ending = False  # the client sent done/close and waits for the rest
        self.active = False  # something went out on this connection since the stream started
        self.last_sent = time.perf_counter()
        self.readers = 0  # receives waiting now (kept by the shells)
        self.generation = 0  # the transport connection this stream is on

    # Sending ---------------------------------------------------------------------------------------

    def opened(self, generation: int) -> None:
        """Note the connection in use; a new one starts a new stream (events already queued stay)."""
        if generation != self.generation:
            self.generation = generation
            self.finished = self.ending = self.active = False

    def check_sendable(self) -> None:
        if self.ending and not self.finished:
            raise RequestValidationError("The stream is ending (done or close was sent): read to its end before sending more.")

    def sent(self, *, ending: bool = False) -> None:
        self.last_sent = time.perf_counter()
        self.active = True
        if ending:
            self.ending = True

    # Receiving -------------------------------------------------------------------------------------

    def receive(self, message: typing.Union[str, bytes]) -> None:
        """Route one server message: an event, or a typed error, queued in order."""
        if isinstance(message, bytes):
            logger.debug("Ignored a binary message on an STT WebSocket (%d bytes)", len(message))
            return
        try:
            event = self.parse(message)
        except ApiError as error:
            self.items.append(error)
            return
        self.items.append(event)
        if event.type == self.end_type:
            self._finish()

    def take(self) -> typing.Optional[Event]:
        """The next event (None when none is queued); a queued error is raised, once."""
        items = self.items
        if not items:
            return None
        item = items.popleft()
        if isinstance(item, BaseException):
            raise item
        return item

    def discard(self) -> None:
        """Drop the events not read yet (their stream was abandoned or its settings replaced)."""
        self.items.clear()

    def over(self) -> bool:
        """Nothing is queued and nothing more will come on this stream."""
        return self.finished and not self.items

    def remaining(self, started: float, timeout: typing.Optional[float]) -> typing.Optional[float]:
        """Seconds a receive that began at ``started`` may still wait; raises WebSocketTimeoutError when none.

        The wait counts from the later of the call and the last frame sent, so a reader never
        times out while audio is still going out.
        """
        if timeout is None:
            return None
        left = max(started, self.last_sent) + timeout - time.perf_counter()
        if left <= 0:
            raise WebSocketTimeoutError(f"No STT message within the receive timeout of {timeout} s.", timeout="receive", seconds=timeout)
        return left

    def lost(self, code: typing.Optional[int], reason: str) -> None:
        """The connection closed: the end of a stream that was ending, else an error for its readers."""
        if self.finished:
            return
        if self.ending and code == 1000:
            self._finish()
            return
        error = closed_error(code, reason)
        if self.readers or (self.active and not isinstance(error, WebSocketIdleClosedError)):
            self.items.append(error)
        self.ending = self.active = False

    def _finish(self) -> None:
        self.finished = True
        self.ending = self.active = False


class Interleave:
    """When a sender of audio already in hand should stop to take the results that came in.

    Every few milliseconds, not after every chunk: a file streams at full speed, and a source paced
    in real time (a chunk per 20 ms) still has its results taken after each chunk.
    """

    INTERVAL = 0.005

    def __init__(self) -> None:
        self.next = time.perf_counter() + self.INTERVAL

    def due(self) -> bool:
        now = time.perf_counter()
        if now < self.next:
            return False
        self.next = now + self.INTERVAL
        return True


def for_2x(event: Event) -> bool:
    """Whether the 2.x surface yields ``event``: it skipped message types it did not know."""
    if isinstance(event, UnknownEvent):
        logger.debug("Skipped an STT message of unknown type %r", event.type)
        return False
    return True


def stream_over() -> WebSocketConnectionClosedError:
    """What ``recv()`` raises once the stream has ended and every event was read."""
    return WebSocketConnectionClosedError("The STT stream is over: send more audio to start a new one.", code=1000)
