"""The TTS WebSocket for threads: :class:`TtsWebsocket` (the 2.x surface) and :class:`TtsConnection`.

Both are thin faces over :class:`SyncTtsSocket`, which moves frames between a
``websockets.sync`` connection and the :class:`~.tts_protocol.TtsProtocol`. There is no reader
thread of this SDK's: whoever waits for a context reads the socket and routes every message to
its context, so many contexts (and threads) share one connection and none of them polls.
"""

from __future__ import annotations

import threading
import time
import types
import typing

import typing_extensions

from ..core.api_error import ApiError
from ..core.client_wrapper import SyncClientWrapper
from ..tts.types.web_socket_tts_output import WebSocketTtsOutput
from .errors import WebSocketConnectionClosedError, WebSocketTimeoutError
from .options import WebSocketOptions
from .transport import SyncTransport
from .tts_events import DoneEvent, FlushDoneEvent, TtsEvent, aggregate, to_output
from .tts_protocol import PATH, ContextState, TtsProtocol
from .tts_shared import (
    ContextBase,
    WebsocketSendArgs,
    check_context_id,
    generation_arguments,
    raw_frame,
    update_settings,
)


class SyncTtsSocket:
    """One TTS connection shared by threads: sends frames, reads on demand, wakes the waiters."""

    def __init__(self, wrapper: SyncClientWrapper, options: WebSocketOptions) -> None:
        self.protocol = TtsProtocol(wrapper.cartesia_version)
        self.options = options
        self._cond = threading.Condition()
        self._reading = False  # a thread is in recv(): the others wait to be notified
        self._reading_ok = False
        self._waiting = 0
        self.transport = SyncTransport(wrapper, PATH, options, {}, on_lost=self._lost)

    def _lost(self, code: int, reason: str) -> None:
        with self._cond:
            self.protocol.connection_lost(code, reason)
            self._cond.notify_all()

    def open(self) -> None:
        self.transport.ensure_open()

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        return self.transport.response_headers

    # Sending ---------------------------------------------------------------------------------------

    def send_input(self, state: ContextState, transcript: str, *, continue_: bool, flush: bool = False) -> typing.Optional[int]:
        """Send one input of ``state``; returns the flush's number for a flush."""
        frame = self.protocol.input_frame(state, transcript, continue_=continue_, flush=flush)
        self._send(state, frame)
        with self._cond:
            return self.protocol.sent(state, continue_=continue_, flush=flush)

    def _send(self, state: ContextState, frame: str) -> None:
        for attempt in range(2):
            self.transport.ensure_open()  # a context cut short by a closed socket fails here
            with self._cond:
                state.usable()
            try:
                self.transport.send(frame)
                return
            except WebSocketConnectionClosedError:
                # Closed before the frame went out: a context's first input can go on a new connection.
                if state.started or attempt:
                    with self._cond:
                        state.usable()
                    raise

    def send_raw(self, frame: typing.Union[str, bytes]) -> None:
        self.transport.ensure_open()
        self.transport.send(frame)

    def cancel(self, state: ContextState) -> None:
        with self._cond:
            live = state.started and not state.finished
            self.protocol.cancel(state)
            self._cond.notify_all()
        if live and self.transport.is_open():
            try:
                self.transport.send(self.protocol.cancel_frame(state))
            except ApiError:
                pass  # the connection is gone, and the context with it

    def new_context(self, context_id: typing.Optional[str]) -> ContextState:
        with self._cond:
            return self.protocol.new_context(context_id)

    def claim(self, state: ContextState, number: int) -> None:
        with self._cond:
            self.protocol.claim(state, number)

    def discard(self, state: ContextState) -> None:
        with self._cond:
            self.protocol.discard(state)

    # Receiving -------------------------------------------------------------------------------------

    def next_event(self, state: ContextState, flush: typing.Optional[int] = None) -> typing.Optional[TtsEvent]:
        """The context's next event (of its claimed flush ``flush``); None at its end. Raises its error or a timeout."""
        cond = self._cond
        while True:
            with cond:
                queue = state.queue_for(flush)
                if queue:
                    return queue.popleft()
                if state.over():
                    return None
                kind, seconds = state.timeout(self.options.receive_timeout, self.options.inactivity_timeout)
                remaining = None if seconds is None else state.last_activity + seconds - time.perf_counter()
                if remaining is not None and remaining <= 0:
                    raise WebSocketTimeoutError(
                        f"No message for the context within its {kind} timeout of {seconds} s.",
                        timeout=kind,
                        seconds=seconds,
                        context_id=state.id,
                    )
                if self._reading:
                    self._waiting += 1
                    try:
                        cond.wait(remaining)
                    finally:
                        self._waiting -= 1
                    continue
                if self.transport.connection is None:  # lost: a closing one is read to its close frame
                    self.protocol.connection_lost(*(self.transport.last_close or (1006, "")))
                    if not state.finished:  # nothing was sent on it: there is nothing to wait for
                        self.protocol.discard(state)
                    continue
                self._reading = True
            event = self._read(remaining, queue)
            if event is not None:
                return event

    def drain(self) -> None:
        """Route the messages that have already arrived, without waiting."""
        while True:
            with self._cond:
                if self._reading or not self.transport.is_open():
                    return
                self._reading = True
            self._read(0)
            if not self._reading_ok:
                return

    def _read(
        self, timeout: typing.Optional[float], queue: typing.Optional[typing.Deque[TtsEvent]] = None
    ) -> typing.Optional[TtsEvent]:
        """Read and route one message (the caller set ``_reading``); what it gave ``queue``, if anything.

        ``_reading_ok`` tells whether a message came in time.
        """
        message = None
        try:
            message = self.transport.recv(timeout)
        except TimeoutError:
            pass
        except ApiError:
            pass  # the transport saw the close and failed the live contexts
        except BaseException:  # KeyboardInterrupt and the like: let another thread read
            with self._cond:
                self._reading = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._reading = False
            self._reading_ok = message is not None
            if message is not None:
                self.protocol.receive(message)
            if self._waiting:
                self._cond.notify_all()
            if queue:  # the reader's own message: no second trip through the lock
                return queue.popleft()
        return None

    def close(self) -> None:
        with self._cond:
            self.protocol.close("closed by the client")
            self._cond.notify_all()
        self.transport.close()


class _Context(ContextBase):
    """What both context faces share: the state, its socket, and the end of input."""

    def __init__(self, socket: SyncTtsSocket, state: ContextState) -> None:
        self._socket = socket
        self._state = state

    def no_more_inputs(self) -> None:
        """End the context's input: the rest is spoken, then ``done``. Idempotent."""
        state = self._state
        if state.ended_input or state.finished:
            return
        if not state.started:
            self._socket.discard(state)  # nothing was sent: nothing to end on the server
            return
        self._socket.send_input(state, "", continue_=False)

    def cancel(self) -> None:
        """Stop the context at once: nothing more is yielded and late messages are dropped."""
        self._socket.cancel(self._state)

    def _close(self) -> None:
        self._socket.discard(self._state)

    def __enter__(self) -> typing.Any:
        return self

    def __exit__(self, *exc_info: typing.Any) -> None:
        self._close()


class _TTSContext(_Context):
    """A context of :class:`TtsWebsocket`, as in the 2.x SDK: ``send`` streams an iterator of text."""

    def send(
        self,
        *,
        model_id: str,
        transcript: typing.Union[str, typing.Iterable[str]],
        output_format: typing.Any,
        voice: typing.Any,
        context_id: typing.Optional[str] = None,
        duration: typing.Optional[float] = None,
        language: typing.Optional[str] = None,
        stream: bool = True,
        add_timestamps: bool = False,
        add_phoneme_timestamps: bool = False,
        use_original_timestamps: bool = False,
        max_buffer_delay_ms: typing.Optional[int] = None,
        pronunciation_dict_id: typing.Optional[str] = None,
        generation_config: typing.Any = None,
        use_normalized_timestamps: typing.Optional[bool] = None,
        speed: typing.Optional[str] = None,
    ) -> typing.Iterator[WebSocketTtsOutput]:
        """Send each piece of ``transcript`` as it comes (``continue: true``), yielding audio meanwhile.

        After the last piece the input is ended; outputs are yielded until the context is done.

        Example::

            ctx = ws.context()
            for output in ctx.send(model_id="sonic-2", transcript=iter(["Hello, ", "world!"]),
                                   voice={"mode": "id", "id": VOICE_ID},
                                   output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}):
                play(output.audio)
        """
        check_context_id(self._state, context_id)
        self._state.settings = self._socket.protocol.settings(
            **generation_arguments(locals(), stream=stream or None)
        )
        pieces = [transcript] if isinstance(transcript, str) else transcript
        return self._stream(iter(pieces))

    def _stream(self, pieces: typing.Iterator[str]) -> typing.Iterator[WebSocketTtsOutput]:
        socket, state = self._socket, self._state
        for piece in pieces:
            if piece:
                socket.send_input(state, piece, continue_=True)
            socket.drain()
            while state.events:
                output = to_output(state.events.popleft())
                if output is not None:
                    yield output
        self.no_more_inputs()
        yield from self.receive()

    def receive(self) -> typing.Iterator[WebSocketTtsOutput]:
        """The context's outputs until it is done (flushes that were claimed keep their own)."""
        return self._outputs(None, DoneEvent)

    def flush(self) -> typing.Callable[[], typing.Iterator[WebSocketTtsOutput]]:
        """Flush the input so far; returns a callable yielding exactly that flush's outputs."""
        number = self._socket.send_input(self._state, "", continue_=True, flush=True)
        assert number is not None
        self._socket.claim(self._state, number)
        return lambda: self._outputs(number, (FlushDoneEvent, DoneEvent))

    def _outputs(self, flush: typing.Optional[int], last: typing.Any) -> typing.Iterator[WebSocketTtsOutput]:
        """The outputs of the context (of its claimed flush ``flush``) until an event of type ``last``."""
        next_event, state = self._socket.next_event, self._state
        while True:
            event = next_event(state, flush)
            if event is None or isinstance(event, last):
                return
            output = to_output(event)
            if output is not None:
                yield output

    def __enter__(self) -> _TTSContext:
        return self


class TtsContext(_Context):
    """A context of :class:`TtsConnection`: push text as it comes, read typed events.

    Example::

        ctx = conn.context(model_id="sonic-2", voice="694f9389-aac1-45b6-b726-9d9369183238",
                           output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000})
        for token in ["Hello, ", "world!"]:
            ctx.push(token)
        ctx.no_more_inputs()
        for event in ctx.receive():
            if event.type == "chunk":
                play(event.audio)
    """

    def push(self, transcript: str, *, flush: bool = False) -> None:
        """Send more text (``continue: true``); ``flush=True`` also flushes it."""
        self._socket.send_input(self._state, transcript, continue_=True, flush=flush)

    def send(
        self,
        *,
        transcript: str,
        model_id: typing.Optional[str] = None,
        voice: typing.Any = None,
        output_format: typing.Any = None,
        continue_: bool = True,
        flush: bool = False,
        language: typing.Optional[str] = None,
        add_timestamps: typing.Optional[bool] = None,
        add_phoneme_timestamps: typing.Optional[bool] = None,
        use_normalized_timestamps: typing.Optional[bool] = None,
        generation_config: typing.Any = None,
        max_buffer_delay_ms: typing.Optional[int] = None,
        pronunciation_dict_id: typing.Optional[str] = None,
        speed: typing.Optional[str] = None,
    ) -> None:
        """Send one input; settings given here replace the context's for this and later inputs."""
        update_settings(self._socket.protocol, self._state, generation_arguments(locals()))
        self._socket.send_input(self._state, transcript, continue_=continue_, flush=flush)

    def flush(self) -> None:
        """Ask for the audio of everything pushed so far; a ``flush_done`` event follows it."""
        self._socket.send_input(self._state, "", continue_=True, flush=True)

    def receive(self) -> typing.Iterator[TtsEvent]:
        """The context's events up to and including ``done``; an error message raises its typed error."""
        next_event, state = self._socket.next_event, self._state
        while True:
            event = next_event(state)
            if event is None:
                return
            yield event
            if isinstance(event, DoneEvent):
                return

    def __enter__(self) -> TtsContext:
        return self


class TtsWebsocket:
    """The TTS WebSocket as the 2.x SDK offered it: ``client.tts.websocket()``.

    Example::

        ws = client.tts.websocket()
        for output in ws.send(model_id="sonic-2", transcript="Hello, world!",
                              voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
                              output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}):
            play(output.audio)
        ws.close()
    """

    def __init__(self, socket: SyncTtsSocket) -> None:
        self._socket = socket

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        """The headers of the last handshake's response (request ids for support)."""
        return self._socket.response_headers

    def connect(self) -> None:
        """Open the connection now (it also opens, and reopens after a close, on demand)."""
        self._socket.open()

    @typing.overload
    def send(self, *, stream: typing.Literal[True] = ..., **kwargs: typing_extensions.Unpack[WebsocketSendArgs]) -> typing.Iterator[WebSocketTtsOutput]: ...

    @typing.overload
    def send(self, *, stream: typing.Literal[False], **kwargs: typing_extensions.Unpack[WebsocketSendArgs]) -> WebSocketTtsOutput: ...

    def send(
        self,
        *,
        model_id: str,
        transcript: str,
        output_format: typing.Any,
        voice: typing.Any,
        context_id: typing.Optional[str] = None,
        duration: typing.Optional[float] = None,
        language: typing.Optional[str] = None,
        stream: bool = True,
        add_timestamps: bool = False,
        add_phoneme_timestamps: bool = False,
        use_original_timestamps: bool = False,
        pronunciation_dict_id: typing.Optional[str] = None,
        generation_config: typing.Any = None,
        use_normalized_timestamps: typing.Optional[bool] = None,
        speed: typing.Optional[str] = None,
        max_buffer_delay_ms: typing.Optional[int] = None,
    ) -> typing.Union[typing.Iterator[WebSocketTtsOutput], WebSocketTtsOutput]:
        """Generate speech for ``transcript`` in a context of its own (a new id unless given).

        With ``stream=True`` (the default) an iterator of outputs as they arrive; with
        ``stream=False`` one output with all the audio joined and the timestamps concatenated.
        """
        ctx = self.context(context_id)
        try:
            ctx._state.settings = self._socket.protocol.settings(**generation_arguments(locals(), stream=True))
            self._socket.send_input(ctx._state, transcript, continue_=False)
        except BaseException:
            ctx._close()
            raise
        if stream:
            return ctx.receive()
        return aggregate(
            ctx.receive(), context_id=ctx.context_id, add_timestamps=add_timestamps, add_phoneme_timestamps=add_phoneme_timestamps
        )

    def context(self, context_id: typing.Optional[str] = None) -> _TTSContext:
        """A new context on this connection (a uuid4 id unless given)."""
        return _TTSContext(self._socket, self._socket.new_context(context_id))

    def close(self) -> None:
        """Close the connection; contexts still in progress end with a typed error. Idempotent."""
        self._socket.close()

    def __enter__(self) -> TtsWebsocket:
        return self

    def __exit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        self.close()


class TtsConnection:
    """The TTS WebSocket with typed events: ``with client.tts.websocket_connect() as conn``."""

    def __init__(self, socket: SyncTtsSocket) -> None:
        self._socket = socket

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        """The headers of the last handshake's response (request ids for support)."""
        return self._socket.response_headers

    def connect(self) -> TtsConnection:
        """Open the connection now (it also opens, and reopens after a close, on demand)."""
        self._socket.open()
        return self

    def context(
        self,
        context_id: typing.Optional[str] = None,
        *,
        model_id: typing.Optional[str] = None,
        voice: typing.Any = None,
        output_format: typing.Any = None,
        language: typing.Optional[str] = None,
        add_timestamps: typing.Optional[bool] = None,
        add_phoneme_timestamps: typing.Optional[bool] = None,
        use_normalized_timestamps: typing.Optional[bool] = None,
        generation_config: typing.Any = None,
        max_buffer_delay_ms: typing.Optional[int] = None,
        pronunciation_dict_id: typing.Optional[str] = None,
        speed: typing.Optional[str] = None,
    ) -> TtsContext:
        """A new context with the settings every input of it will carry (checked now)."""
        arguments = generation_arguments(locals())
        state = self._socket.new_context(context_id)
        try:
            update_settings(self._socket.protocol, state, arguments)
        except BaseException:
            self._socket.discard(state)
            raise
        return TtsContext(self._socket, state)

    def send(self, message: typing.Union[typing.Mapping[str, typing.Any], str]) -> None:
        """Send a raw message (a dict is sent as JSON), for messages this SDK does not model yet."""
        self._socket.send_raw(raw_frame(message))

    def close(self) -> None:
        """Close the connection; contexts still in progress end with a typed error. Idempotent."""
        self._socket.close()

    def __enter__(self) -> TtsConnection:
        return self.connect()

    def __exit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        self.close()
