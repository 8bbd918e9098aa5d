"""The TTS WebSocket for asyncio: :class:`AsyncTtsWebsocket` (the 2.x surface) and :class:`AsyncTtsConnection`.

Both are thin faces over :class:`AsyncTtsSocket`, which moves frames between a
``websockets.asyncio`` connection and the :class:`~.tts_protocol.TtsProtocol`. One reader task
per connection routes every message to its context and wakes that context's waiters; it ends
with the connection, and ``close()`` waits for it.
"""

from __future__ import annotations

import asyncio
import time
import types
import typing

import typing_extensions
import websockets.exceptions

from ..core.api_error import ApiError
from ..core.client_wrapper import AsyncClientWrapper
from ..core.logs import logger
from ..tts.types.web_socket_tts_output import WebSocketTtsOutput
from .errors import WebSocketConnectionClosedError, WebSocketTimeoutError
from .options import WebSocketOptions
from .transport import AsyncTransport, Message
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


def _wake(state: ContextState) -> None:
    for waiter in state.waiters:
        if not waiter.done():
            waiter.set_result(None)


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class AsyncTtsSocket:
    """One TTS connection shared by tasks: sends frames, reads in one task, wakes the waiters."""

    def __init__(self, wrapper: AsyncClientWrapper, options: WebSocketOptions) -> None:
        self.protocol = TtsProtocol(wrapper.cartesia_version)
        self.options = options
        self.transport = AsyncTransport(wrapper, PATH, options, {}, on_lost=self._lost)
        self._reader: typing.Optional[asyncio.Task[None]] = None
        self._connecting: typing.Optional[asyncio.Lock] = None

    def _lost(self, code: int, reason: str) -> None:
        for state in self.protocol.connection_lost(code, reason):
            _wake(state)

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        return self.transport.response_headers

    async def open(self) -> None:
        if self.transport.is_open():
            return
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            if self.transport.is_open():
                return
            connection = await self.transport.ensure_open()
            self._reader = asyncio.get_running_loop().create_task(self._read(connection))

    async def _read(self, connection: typing.Any) -> None:
        ended: typing.Optional[BaseException] = None
        try:
            while True:
                message = await connection.recv()
                for state in self.protocol.receive(message):
                    _wake(state)
        except websockets.exceptions.ConnectionClosed as closed:
            ended = closed
        except Exception:  # a bug must not leave waiters hanging on an open socket
            logger.exception("The TTS WebSocket reader failed; closing the connection")
            await connection.close()
        finally:
            self.transport.lost(connection, ended)

    # Sending ---------------------------------------------------------------------------------------

    async def send_input(self, state: ContextState, transcript: str, *, continue_: bool, flush: bool = False) -> typing.Optional[int]:
        """Send one input of ``state``; returns the flush's number for a flush."""
        frame = self.protocol.input_frame(state, transcript, continue_=continue_, flush=flush)
        for attempt in range(2):
            await self.open()  # a context cut short by a closed socket fails here
            state.usable()
            try:
                await self.transport.send(frame)
                break
            except WebSocketConnectionClosedError:
                # Closed before the frame went out: a context's first input can go on a new connection.
                if state.started or attempt:
                    state.usable()
                    raise
        return self.protocol.sent(state, continue_=continue_, flush=flush)

    async def send_raw(self, frame: Message) -> None:
        await self.open()
        await self.transport.send(frame)

    async def cancel(self, state: ContextState) -> None:
        live = state.started and not state.finished
        self.protocol.cancel(state)
        _wake(state)
        if live and self.transport.is_open():
            try:
                await self.transport.send(self.protocol.cancel_frame(state))
            except ApiError:
                pass  # the connection is gone, and the context with it

    # Receiving -------------------------------------------------------------------------------------

    async def next_event(self, state: ContextState, flush: typing.Optional[int] = None) -> typing.Optional[TtsEvent]:
        """The context's next event (of its claimed flush ``flush``); None at its end. Raises its error or a timeout."""
        queue = state.queue_for(flush)
        while True:
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
            if self.transport.connection is None:  # lost; a closing one is ended by its reader
                self.protocol.connection_lost(*(self.transport.last_close or (1006, "")))
                if not state.finished:  # nothing was sent on it: there is nothing to wait for
                    self.protocol.discard(state)
                continue
            loop = asyncio.get_running_loop()
            waiter: asyncio.Future[None] = loop.create_future()
            state.waiters.append(waiter)
            timer = loop.call_later(remaining, _expire, waiter) if remaining is not None else None
            try:
                await waiter
            finally:
                if timer is not None:
                    timer.cancel()
                state.waiters.remove(waiter)

    async def close(self) -> None:
        for state in self.protocol.close("closed by the client"):
            _wake(state)
        reader, self._reader = self._reader, None
        await self.transport.close()
        if reader is not None and not reader.done():
            reader.cancel()
            try:
                await reader
            except asyncio.CancelledError:
                pass


class _AsyncContext(ContextBase):
    """What both async context faces share: the state, its socket, and the end of input."""

    def __init__(self, socket: AsyncTtsSocket, state: ContextState) -> None:
        self._socket = socket
        self._state = state

    async def no_more_inputs(self) -> None:
        """End the context's input: the rest is spoken, then ``done``. Idempotent."""
        state = self._state
        if state.ended_input or state.finished:
            return
        if not state.started:
            self._socket.protocol.discard(state)  # nothing was sent: nothing to end on the server
            return
        await self._socket.send_input(state, "", continue_=False)

    async def cancel(self) -> None:
        """Stop the context at once: nothing more is yielded and late messages are dropped."""
        await self._socket.cancel(self._state)

    def _close(self) -> None:
        self._socket.protocol.discard(self._state)

    async def __aexit__(self, *exc_info: typing.Any) -> None:
        self._close()


class _AsyncTTSContext(_AsyncContext):
    """A context of :class:`AsyncTtsWebsocket`, as in the 2.x SDK."""

    async def send(
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
        continue_: bool = False,
        max_buffer_delay_ms: typing.Optional[int] = None,
        pronunciation_dict_id: typing.Optional[str] = None,
        flush: bool = False,
        generation_config: typing.Any = None,
        use_normalized_timestamps: typing.Optional[bool] = None,
        speed: typing.Optional[str] = None,
    ) -> None:
        """Send one input; ``continue_=True`` keeps the context open for more. Read with :meth:`receive`.

        Example::

            ctx = ws.context()
            await ctx.send(model_id="sonic-2", transcript="Hello, ", voice=voice, output_format=fmt, continue_=True)
            await ctx.send(model_id="sonic-2", transcript="world!", voice=voice, output_format=fmt)
            async for output in ctx.receive():
                play(output.audio)
        """
        check_context_id(self._state, context_id)
        self._state.settings = self._socket.protocol.settings(**generation_arguments(locals(), stream=stream or None))
        await self._socket.send_input(self._state, transcript, continue_=continue_, flush=flush)

    def receive(self) -> typing.AsyncIterator[WebSocketTtsOutput]:
        """The context's outputs until it is done (flushes that were claimed keep their own)."""
        return self._outputs(None, DoneEvent)

    async def flush(self) -> typing.Callable[[], typing.AsyncIterator[WebSocketTtsOutput]]:
        """Flush the input so far; returns a callable giving exactly that flush's outputs."""
        number = await self._socket.send_input(self._state, "", continue_=True, flush=True)
        assert number is not None
        self._socket.protocol.claim(self._state, number)
        return lambda: self._outputs(number, (FlushDoneEvent, DoneEvent))

    async def _outputs(self, flush: typing.Optional[int], last: typing.Any) -> typing.AsyncIterator[WebSocketTtsOutput]:
        """The outputs of the context (of its claimed flush ``flush``) until an event of type ``last``."""
        socket, state = self._socket, self._state
        queue = state.queue_for(flush)
        while True:
            # What has arrived is taken without a call; next_event waits for the rest.
            event = queue.popleft() if queue else await socket.next_event(state, flush)
            if event is None or isinstance(event, last):
                return
            output = to_output(event)
            if output is not None:
                yield output

    async def __aenter__(self) -> _AsyncTTSContext:
        return self


class AsyncTtsContext(_AsyncContext):
    """A context of :class:`AsyncTtsConnection`: push text as it comes, read typed events.

    Example::

        ctx = conn.context(model_id="sonic-2", voice="694f9389-aac1-45b6-b726-9d9369183238",
                           output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000})
        await ctx.push("Hello, world!")
        await ctx.no_more_inputs()
        async for event in ctx.receive():
            if event.type == "chunk":
                play(event.audio)
    """

    async def push(self, transcript: str, *, flush: bool = False) -> None:
        """Send more text (``continue: true``); ``flush=True`` also flushes it."""
        await self._socket.send_input(self._state, transcript, continue_=True, flush=flush)

    async def send(
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
        await self._socket.send_input(self._state, transcript, continue_=continue_, flush=flush)

    async def flush(self) -> None:
        """Ask for the audio of everything pushed so far; a ``flush_done`` event follows it."""
        await self._socket.send_input(self._state, "", continue_=True, flush=True)

    async def receive(self) -> typing.AsyncIterator[TtsEvent]:
        """The context's events up to and including ``done``; an error message raises its typed error."""
        socket, state = self._socket, self._state
        queue = state.events
        while True:
            event = queue.popleft() if queue else await socket.next_event(state)
            if event is None:
                return
            yield event
            if isinstance(event, DoneEvent):
                return

    async def __aenter__(self) -> AsyncTtsContext:
        return self


class AsyncTtsWebsocket:
    """The TTS WebSocket as the 2.x SDK offered it: ``await client.tts.websocket()``.

    Example::

        ws = await client.tts.websocket()
        async for output in await ws.send(model_id="sonic-2", transcript="Hello, world!",
                                          voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
                                          output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}):
            play(output.audio)
        await ws.close()
    """

    def __init__(self, socket: AsyncTtsSocket) -> None:
        self._socket = socket

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        """The headers of the last handshake's response (request ids for support)."""
        return self._socket.response_headers

    async def connect(self) -> None:
        """Open the connection now (it also opens, and reopens after a close, on demand)."""
        await self._socket.open()

    @typing.overload
    async def send(self, *, stream: typing.Literal[True] = ..., **kwargs: typing_extensions.Unpack[WebsocketSendArgs]) -> typing.AsyncIterator[WebSocketTtsOutput]: ...

    @typing.overload
    async def send(self, *, stream: typing.Literal[False], **kwargs: typing_extensions.Unpack[WebsocketSendArgs]) -> WebSocketTtsOutput: ...

    async def send(
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
    ) -> typing.Union[typing.AsyncIterator[WebSocketTtsOutput], WebSocketTtsOutput]:
        """Generate speech for ``transcript`` in a context of its own (a new id unless given).

        With ``stream=True`` (the default) an async iterator of outputs as they arrive; with
        ``stream=False`` one output with all the audio joined and the timestamps concatenated.
        """
        ctx = self.context(context_id)
        try:
            ctx._state.settings = self._socket.protocol.settings(**generation_arguments(locals(), stream=True))
            await self._socket.send_input(ctx._state, transcript, continue_=False)
        except BaseException:
            ctx._close()
            raise
        if stream:
            return ctx.receive()
        outputs = [output async for output in ctx.receive()]
        return aggregate(
            outputs, context_id=ctx.context_id, add_timestamps=add_timestamps, add_phoneme_timestamps=add_phoneme_timestamps
        )

    def context(self, context_id: typing.Optional[str] = None) -> _AsyncTTSContext:
        """A new context on this connection (a uuid4 id unless given)."""
        return _AsyncTTSContext(self._socket, self._socket.protocol.new_context(context_id))

    async def close(self) -> None:
        """Close the connection; contexts still in progress end with a typed error. Idempotent."""
        await self._socket.close()

    async def __aenter__(self) -> AsyncTtsWebsocket:
        return self

    async def __aexit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        await self.close()


class AsyncTtsConnection:
    """The TTS WebSocket with typed events: ``async with client.tts.websocket_connect() as conn``."""

    def __init__(self, socket: AsyncTtsSocket) -> None:
        self._socket = socket

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        """The headers of the last handshake's response (request ids for support)."""
        return self._socket.response_headers

    async def connect(self) -> AsyncTtsConnection:
        """Open the connection now (it also opens, and reopens after a close, on demand)."""
        await self._socket.open()
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
    ) -> AsyncTtsContext:
        """A new context with the settings every input of it will carry (checked now)."""
        arguments = generation_arguments(locals())
        state = self._socket.protocol.new_context(context_id)
        try:
            update_settings(self._socket.protocol, state, arguments)
        except BaseException:
            self._socket.protocol.discard(state)
            raise
        return AsyncTtsContext(self._socket, state)

    async def send(self, message: typing.Union[typing.Mapping[str, typing.Any], str]) -> None:
        """Send a raw message (a dict is sent as JSON), for messages this SDK does not model yet."""
        await self._socket.send_raw(raw_frame(message))

    async def close(self) -> None:
        """Close the connection; contexts still in progress end with a typed error. Idempotent."""
        await self._socket.close()

    async def __aenter__(self) -> AsyncTtsConnection:
        return await self.connect()

    async def __aexit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        await self.close()
