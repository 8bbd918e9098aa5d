"""The STT WebSockets for threads: :class:`SttWebsocket` (the 2.x surface), :class:`SttConnection`, :class:`TurnsConnection`.

All are thin faces over :class:`SyncSttSocket`, which moves frames between a ``websockets.sync``
connection and an :class:`~.stt_protocol.SttStream`. Audio goes straight out (``send`` costs
little more than the library's own); there is no reader thread of this SDK's: whoever receives
reads the socket, and ``transcribe`` interleaves sending a chunk with taking what has arrived.
"""

from __future__ import annotations

import threading
import time
import types
import typing

import typing_extensions

from ..core.api_error import ApiError
from ..core.client_wrapper import SyncClientWrapper
from .errors import WebSocketConnectionClosedError, WebSocketTimeoutError
from .options import WebSocketOptions
from .stt_args import SttParams
from .stt_events import DoneEvent, SttEvent
from .stt_protocol import Event, Interleave, Query, SttStream, command_frame, for_2x, stream_over, transcribe_query
from .stt_turns import CLOSE_FRAME, TurnEvent, config_frame, turns_frame
from .transport import Message, SyncTransport

E = typing.TypeVar("E")
C = typing.TypeVar("C", bound="_Connection[typing.Any]")


class SyncSttSocket:
    """One STT connection shared by threads: sends at once, reads in the receiving thread."""

    def __init__(self, wrapper: SyncClientWrapper, options: WebSocketOptions, path: str, query: Query, stream: SttStream) -> None:
        self.stream = stream
        self.options = options
        self.transport = SyncTransport(wrapper, path, options, query, on_lost=stream.lost)
        self._reading = threading.Lock()

    def open(self) -> None:
        self.transport.ensure_open()
        self.stream.opened(self.transport.generation)

    def reconfigure(self, query: Query) -> None:
        """Use ``query`` from now on; an open connection with other settings is closed (its unread events dropped)."""
        transport = self.transport
        if query != transport.query:
            transport.query = dict(query)
            transport.last_close = None  # a close that refused the old settings does not bind the new ones
            transport.disconnect()
            self.stream.discard()

    # Sending ---------------------------------------------------------------------------------------

    def begin(self) -> None:
        """Be ready for a new stream: on a new connection when the last one closed or its stream ended."""
        if self.stream.finished or not self.transport.is_open():
            self._reopen()

    def send_data(self, data: object) -> None:
        """What ``send(data)`` of ``/stt/websocket`` does: audio bytes as a binary frame, or a command."""
        if type(data) is bytes:  # audio, the common case: straight out
            self.send(data)
            return
        frame = command_frame(data)
        self.send(frame, ending=frame == "done" or frame == "close")

    def send(self, frame: Message, *, ending: bool = False) -> None:
        """Send one frame, on a new connection when the last one closed or its stream ended."""
        stream, transport = self.stream, self.transport
        if stream.finished or stream.ending or not transport.is_open():
            self.begin()
            stream.check_sendable()
        try:
            transport.send(frame)
        except WebSocketConnectionClosedError:  # it closed before the frame went out: go on with a new one
            self._reopen()
            transport.send(frame)
        stream.sent(ending=ending)

    def _reopen(self) -> None:
        if self.stream.finished:
            self.transport.disconnect()  # the server closes it after the end of the stream
        self.open()

    # Receiving -------------------------------------------------------------------------------------

    def next_event(self) -> typing.Optional[Event]:
        """The next event; None once the stream is over. Raises its errors, or WebSocketTimeoutError."""
        stream, timeout = self.stream, self.options.receive_timeout
        started = time.perf_counter()
        if not self._reading.acquire(timeout=-1 if timeout is None else timeout):
            raise WebSocketTimeoutError("Another thread kept reading the STT socket.", timeout="receive", seconds=timeout)
        stream.readers += 1
        try:
            while True:
                event = stream.take()
                if event is not None:
                    return event
                if stream.over():
                    return None
                remaining = stream.remaining(started, timeout)
                if self.transport.connection is None:
                    self.open()  # as 2.x: a receive reconnects; a socket closed by close() raises here
                try:
                    message = self.transport.recv(remaining)
                except TimeoutError:
                    continue
                except ApiError:
                    continue  # the connection closed: the stream queued what that means
                stream.receive(message)
        finally:
            stream.readers -= 1
            self._reading.release()

    def drain(self) -> None:
        """Route the messages that have already arrived, without waiting."""
        if not self.transport.is_open() or not self._reading.acquire(blocking=False):
            return
        try:
            while True:
                try:
                    message = self.transport.recv(0)
                except (TimeoutError, ApiError):
                    return
                self.stream.receive(message)
        finally:
            self._reading.release()

    def abandon(self) -> None:
        """Drop a stream nobody will read to its end: the next send starts afresh on a new connection."""
        if not self.stream.over():
            self.transport.disconnect()
            self.stream.discard()

    def close(self) -> None:
        self.transport.close()


class _Face:
    """What every face has: the socket, its handshake headers, ``close`` and ``with``."""

    def __init__(self, socket: SyncSttSocket) -> None:
        self._socket = socket

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        """The headers of the last handshake's response (request ids for support)."""
        return self._socket.transport.response_headers

    def close(self) -> None:
        """Close the connection (bounded by ``close_timeout``); a waiting receive raises. Idempotent."""
        self._socket.close()

    def __exit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        self.close()


class SttWebsocket(_Face):
    """The STT WebSocket as the 2.x SDK offered it (see ``client.stt.websocket``): results are typed events that also read as the 2.x dicts."""

    def connect(self, **params: typing_extensions.Unpack[SttParams]) -> None:
        """Open the connection now, with these settings if given (it also opens on demand)."""
        if params:
            self._socket.reconfigure(transcribe_query(self._socket.transport.query, None, params))
        self._socket.open()

    def send(self, data: typing.Union[bytes, bytearray, memoryview, str]) -> None:
        """Send audio (bytes, as a binary frame) or a command: ``"finalize"``, ``"done"`` (or ``"close"``).

        A socket that closed (the service closes one idle for about 20 s) is opened again.
        """
        self._socket.send_data(data)

    def receive(self) -> typing.Iterator[SttEvent]:
        """The results as they arrive, up to and including ``done``; an ``error`` message raises its typed error.

        Message types this SDK does not know are skipped, as 2.x did.
        """
        while True:
            event = self._socket.next_event()
            if event is None:
                return
            if for_2x(event):
                yield event
                if isinstance(event, DoneEvent):
                    return

    def transcribe(
        self, audio_chunks: typing.Iterable[bytes], **params: typing_extensions.Unpack[SttParams]
    ) -> typing.Iterator[SttEvent]:
        """Stream ``audio_chunks`` and yield results while sending; ends after ``done``.

        Settings given (``model``, ``language``, ``encoding``, ``sample_rate``, ``min_volume``,
        ``max_silence_duration_secs``) reopen the socket when they differ from the open one's;
        audio from :func:`~cartesia.frames_of` gives its ``sample_rate`` and ``encoding``.
        """
        self._socket.reconfigure(transcribe_query(self._socket.transport.query, audio_chunks, params))
        return self._transcribe(audio_chunks)

    def _transcribe(self, audio_chunks: typing.Iterable[bytes]) -> typing.Iterator[SttEvent]:
        socket = self._socket
        stream = socket.stream
        socket.begin()
        interleave = Interleave()
        try:
            for chunk in audio_chunks:
                self.send(chunk)
                if not interleave.due():
                    continue
                socket.drain()
                event = stream.take()
                while event is not None:
                    if for_2x(event):
                        yield event
                    event = stream.take()
            self.send("finalize")
            self.send("done")
            yield from self.receive()
        finally:
            socket.abandon()

    def __enter__(self) -> SttWebsocket:
        return self


class _Connection(_Face, typing.Generic[E]):
    """What both connections of the newer shape share: ``with``, raw frames, ``recv`` and iteration."""

    def connect(self: C) -> C:
        """Open the connection now (it also opens, and reopens after a close, on demand)."""
        self._socket.open()
        return self

    def send_raw(self, data: typing.Union[bytes, str]) -> None:
        """Send a frame as given (bytes as binary, str as text), for messages this SDK does not model yet."""
        self._socket.send(data)

    def recv(self) -> E:
        """The next event; raises when the stream is over (after ``done`` or the server's close)."""
        event = self._socket.next_event()
        if event is None:
            raise stream_over()
        return typing.cast(E, event)

    def receive(self) -> typing.Iterator[E]:
        """The events as they arrive until the stream is over; an ``error`` message raises its typed error."""
        while True:
            event = self._socket.next_event()
            if event is None:
                return
            yield typing.cast(E, event)

    def __iter__(self) -> typing.Iterator[E]:
        return self.receive()


class SttConnection(_Connection[SttEvent]):
    """``/stt/websocket`` with typed events: ``with client.stt.websocket_connect(...) as conn``.

    Example::

        with client.stt.websocket_connect(model="ink-whisper", encoding="pcm_s16le", sample_rate=16000) as conn:
            for frame in frames_of("call.wav"):
                conn.send(frame)
            conn.finish()
            for event in conn:
                if event.type == "transcript" and event.is_final:
                    print(event.text)
    """

    def send(self, data: typing.Union[bytes, bytearray, memoryview, str]) -> None:
        """Send audio (bytes) or a command (``"finalize"``, ``"done"``, ``"close"``)."""
        self._socket.send_data(data)

    def finalize(self) -> None:
        """Have the audio sent so far transcribed now: final transcripts, then ``flush_done``."""
        self._socket.send("finalize")

    def finish(self) -> None:
        """No more audio: the rest is transcribed, then ``done`` ends the stream."""
        self._socket.send("done", ending=True)

    def __enter__(self) -> SttConnection:
        return self.connect()


class TurnsConnection(_Connection[TurnEvent]):
    """``/stt/turns/websocket`` (ink-2): audio in, turn events out: ``with client.stt.turns_websocket_connect(...) as conn``.

    Example::

        with client.stt.turns_websocket_connect(model="ink-2", encoding="pcm_s16le", sample_rate=16000) as conn:
            for frame in frames_of("call.wav"):
                conn.send(frame)
            conn.finish()
            for event in conn:
                if event.type == "turn.end":
                    print(event.transcript)
    """

    def send(self, data: typing.Union[bytes, bytearray, memoryview, typing.Mapping[str, typing.Any], str]) -> None:
        """Send audio (bytes) or a command (a dict such as ``{"type": "close"}``, or its JSON)."""
        frame, ending = turns_frame(data)
        self._socket.send(frame, ending=ending)

    def config(
        self,
        *,
        start_threshold: typing.Optional[float] = None,
        eager_end_threshold: typing.Optional[float] = None,
        end_threshold: typing.Optional[float] = None,
        end_timeout_ms: typing.Optional[float] = None,
    ) -> None:
        """Change turn detection from now on (the open turn included); settings not given stay."""
        frame = config_frame(
            start_threshold=start_threshold, eager_end_threshold=eager_end_threshold, end_threshold=end_threshold, end_timeout_ms=end_timeout_ms
        )
        self._socket.send(frame)

    def finish(self) -> None:
        """No more audio: the buffered audio becomes its last turn events, then the server closes the stream."""
        self._socket.send(CLOSE_FRAME, ending=True)

    def __enter__(self) -> TurnsConnection:
        return self.connect()

