"""The STT WebSockets for asyncio: :class:`AsyncSttWebsocket` (the 2.x surface), :class:`AsyncSttConnection`, :class:`AsyncTurnsConnection`.

All are thin faces over :class:`AsyncSttSocket`, which moves frames between a
``websockets.asyncio`` connection and an :class:`~.stt_protocol.SttStream`; they have the
methods of the sync faces, awaited. The receiving task reads the socket; ``transcribe`` sends in
a task of its own while it yields what arrives, and ends that task when it ends.
"""

from __future__ import annotations

import asyncio
import time
import types
import typing

import typing_extensions

from ..core.api_error import ApiError
from ..core.client_wrapper import AsyncClientWrapper
from .errors import WebSocketConnectionClosedError, WebSocketTimeoutError
from .options import WebSocketOptions
from .stt_args import SttParams
from .stt_events import DoneEvent, SttEvent
from .stt_protocol import Event, Interleave, Query, SttStream, command_frame, for_2x, stream_over, transcribe_query
from .stt_turns import CLOSE_FRAME, TurnEvent, config_frame, turns_frame
from .transport import AsyncTransport, Message

E = typing.TypeVar("E")
C = typing.TypeVar("C", bound="_Connection[typing.Any]")
AudioChunks = typing.Union[typing.Iterable[bytes], typing.AsyncIterable[bytes]]


class AsyncSttSocket:
    """One STT connection shared by tasks: sends at once, reads in the receiving task."""

    def __init__(self, wrapper: AsyncClientWrapper, options: WebSocketOptions, path: str, query: Query, stream: SttStream) -> None:
        self.stream = stream
        self.options = options
        self.transport = AsyncTransport(wrapper, path, options, query, on_lost=stream.lost)
        self._reading: typing.Optional[asyncio.Lock] = None
        self._connecting: typing.Optional[asyncio.Lock] = None

    async def open(self) -> None:
        if self._connecting is None:
            self._connecting = asyncio.Lock()  # made here: a lock binds to the running loop on Python 3.9
        async with self._connecting:
            await self.transport.ensure_open()
            self.stream.opened(self.transport.generation)

    async def reconfigure(self, query: Query) -> None:
        """Use ``query`` from now on; an open connection with other settings is closed (its unread events dropped)."""
        transport = self.transport
        if query != transport.query:
            transport.query = dict(query)
            transport.last_close = None  # a close that refused the old settings does not bind the new ones
            await transport.disconnect()
            self.stream.discard()

    # Sending ---------------------------------------------------------------------------------------

    async def begin(self) -> None:
        """Be ready for a new stream: on a new connection when the last one closed or its stream ended."""
        if self.stream.finished or not self.transport.is_open():
            await self._reopen()

    async def send_data(self, data: object) -> None:
        """What ``send(data)`` of ``/stt/websocket`` does: audio bytes as a binary frame, or a command."""
        if type(data) is bytes:  # audio, the common case: straight out
            await self.send(data)
            return
        frame = command_frame(data)
        await self.send(frame, ending=frame == "done" or frame == "close")

    async def send(self, frame: Message, *, ending: bool = False) -> None:
        """Send one frame, on a new connection when the last one closed or its stream ended."""
        stream, transport = self.stream, self.transport
        if stream.finished or stream.ending or not transport.is_open():
            await self.begin()
            stream.check_sendable()
        try:
            await transport.send(frame)
        except WebSocketConnectionClosedError:  # it closed before the frame went out: go on with a new one
            await self._reopen()
            await transport.send(frame)
        stream.sent(ending=ending)

    async def _reopen(self) -> None:
        if self.stream.finished:
            await self.transport.disconnect()  # the server closes it after the end of the stream
        await self.open()

    # Receiving -------------------------------------------------------------------------------------

    async def next_event(self) -> typing.Optional[Event]:
        """The next event; None once the stream is over. Raises its errors, or WebSocketTimeoutError."""
        stream, timeout = self.stream, self.options.receive_timeout
        started = time.perf_counter()
        if self._reading is None:
            self._reading = asyncio.Lock()
        try:
            await asyncio.wait_for(self._reading.acquire(), timeout)
        except asyncio.TimeoutError:
            raise WebSocketTimeoutError("Another task kept reading the STT socket.", timeout="receive", seconds=timeout) from None
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
                    await self.open()  # as 2.x: a receive reconnects; a socket closed by close() raises here
                try:
                    message = await self.transport.recv(remaining)
                except TimeoutError:
                    continue
                except ApiError:
                    continue  # the connection closed: the stream queued what that means
                stream.receive(message)
        finally:
            stream.readers -= 1
            self._reading.release()

    async def abandon(self) -> None:
        """Drop a stream nobody will read to its end: the next send starts afresh on a new connection."""
        if not self.stream.over():
            await self.transport.disconnect()
            self.stream.discard()

    async def close(self) -> None:
        await self.transport.close()


async def _cancel(task: typing.Optional[asyncio.Future[typing.Any]]) -> None:
    if task is not None and not task.done():
        task.cancel()
        try:
            await task
        except BaseException:  # its outcome no longer matters: the caller is leaving
            pass


class _Face:
    """What every face has: the socket, its handshake headers, ``close`` and ``async with``."""

    def __init__(self, socket: AsyncSttSocket) -> None:
        self._socket = socket

    @property
    def response_headers(self) -> typing.Dict[str, str]:
        """The headers of the last handshake's response (request ids for support)."""
        return self._socket.transport.response_headers

    async def close(self) -> None:
        """Close the connection (bounded by ``close_timeout``); a waiting receive raises. Idempotent."""
        await self._socket.close()

    async def __aexit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        await self.close()


class AsyncSttWebsocket(_Face):
    """The STT WebSocket as the 2.x SDK offered it: ``ws = await client.stt.websocket(...)``; the methods of the sync one, awaited."""

    async def connect(self, **params: typing_extensions.Unpack[SttParams]) -> None:
        """Open the connection now, with these settings if given (it also opens on demand)."""
        if params:
            await self._socket.reconfigure(transcribe_query(self._socket.transport.query, None, params))
        await self._socket.open()

    async def send(self, data: typing.Union[bytes, bytearray, memoryview, str]) -> None:
        """Send audio (bytes, as a binary frame) or a command: ``"finalize"``, ``"done"`` (or ``"close"``)."""
        await self._socket.send_data(data)

    async def receive(self) -> typing.AsyncIterator[SttEvent]:
        """The results as they arrive, up to and including ``done``; unknown message types are skipped, as 2.x did."""
        while True:
            event = await self._socket.next_event()
            if event is None:
                return
            if for_2x(event):
                yield event
                if isinstance(event, DoneEvent):
                    return

    def transcribe(self, audio_chunks: AudioChunks, **params: typing_extensions.Unpack[SttParams]) -> typing.AsyncIterator[SttEvent]:
        """Stream ``audio_chunks`` (an async or a plain iterable) and yield results while sending; ends after ``done``.

        Settings given reopen the socket when they differ from the open one's; audio from
        :func:`~cartesia.frames_of` gives its ``sample_rate`` and ``encoding``.
        """
        query = transcribe_query(self._socket.transport.query, audio_chunks, params)
        return self._transcribe(audio_chunks, query)

    async def _transcribe(self, audio_chunks: AudioChunks, query: Query) -> typing.AsyncIterator[SttEvent]:
        socket = self._socket
        await socket.reconfigure(query)
        await socket.begin()  # before the receiver looks: the last stream's end is not this one's
        sender: asyncio.Future[None] = asyncio.ensure_future(self._send_all(audio_chunks))
        receiving: typing.Optional[asyncio.Future[typing.Optional[Event]]] = None
        try:
            while True:
                if receiving is None:
                    receiving = asyncio.ensure_future(socket.next_event())
                if not sender.done():
                    await asyncio.wait((receiving, sender), return_when=asyncio.FIRST_COMPLETED)
                    if sender.done() and sender.exception() is not None:
                        raise typing.cast(BaseException, sender.exception())
                    if not receiving.done():
                        continue
                event, receiving = await receiving, None
                if event is None:
                    return
                if for_2x(event):
                    yield event
                    if isinstance(event, DoneEvent):
                        return
        finally:
            await _cancel(receiving)
            await _cancel(sender)
            await socket.abandon()

    async def _send_all(self, audio_chunks: AudioChunks) -> None:
        if isinstance(audio_chunks, typing.AsyncIterable):
            async for chunk in audio_chunks:  # a live source waits between chunks: results come in then
                await self.send(chunk)
        else:
            interleave = Interleave()
            for chunk in audio_chunks:
                await self.send(chunk)
                if interleave.due():
                    await asyncio.sleep(0)  # let the results in
        await self.send("finalize")
        await self.send("done")

    async def __aenter__(self) -> AsyncSttWebsocket:
        return self


class _Connection(_Face, typing.Generic[E]):
    """What both connections of the newer shape share: ``async with``, raw frames, ``recv`` and iteration."""

    async def connect(self: C) -> C:
        """Open the connection now (it also opens, and reopens after a close, on demand)."""
        await self._socket.open()
        return self

    async def send_raw(self, data: typing.Union[bytes, str]) -> None:
        """Send a frame as given (bytes as binary, str as text), for messages this SDK does not model yet."""
        await self._socket.send(data)

    async def recv(self) -> E:
        """The next event; raises when the stream is over (after ``done`` or the server's close)."""
        event = await self._socket.next_event()
        if event is None:
            raise stream_over()
        return typing.cast(E, event)

    async def receive(self) -> typing.AsyncIterator[E]:
        """The events as they arrive until the stream is over; an ``error`` message raises its typed error."""
        while True:
            event = await self._socket.next_event()
            if event is None:
                return
            yield typing.cast(E, event)

    def __aiter__(self) -> typing.AsyncIterator[E]:
        return self.receive()


class AsyncSttConnection(_Connection[SttEvent]):
    """``/stt/websocket`` with typed events: ``async with client.stt.websocket_connect(...) as conn``.

    Example::

        async with client.stt.websocket_connect(model="ink-whisper", encoding="pcm_s16le", sample_rate=16000) as conn:
            async for frame in frames_of("call.wav"):
                await conn.send(frame)
            await conn.finish()
            async for event in conn:
                if event.type == "transcript" and event.is_final:
                    print(event.text)
    """

    async def send(self, data: typing.Union[bytes, bytearray, memoryview, str]) -> None:
        """Send audio (bytes) or a command (``"finalize"``, ``"done"``, ``"close"``)."""
        await self._socket.send_data(data)

    async def finalize(self) -> None:
        """Have the audio sent so far transcribed now: final transcripts, then ``flush_done``."""
        await self._socket.send("finalize")

    async def finish(self) -> None:
        """No more audio: the rest is transcribed, then ``done`` ends the stream."""
        await self._socket.send("done", ending=True)

    async def __aenter__(self) -> AsyncSttConnection:
        return await self.connect()


class AsyncTurnsConnection(_Connection[TurnEvent]):
    """``/stt/turns/websocket`` (ink-2): ``async with client.stt.turns_websocket_connect(...) as conn``.

    Example::

        async with client.stt.turns_websocket_connect(model="ink-2", encoding="pcm_s16le", sample_rate=16000) as conn:
            async for frame in frames_of("call.wav"):
                await conn.send(frame)
            await conn.finish()
            async for event in conn:
                if event.type == "turn.end":
                    print(event.transcript)
    """

    async def send(self, data: typing.Union[bytes, bytearray, memoryview, typing.Mapping[str, typing.Any], str]) -> None:
        """Send audio (bytes) or a command (a dict such as ``{"type": "close"}``, or its JSON)."""
        frame, ending = turns_frame(data)
        await self._socket.send(frame, ending=ending)

    async def config(
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
        await self._socket.send(frame)

    async def finish(self) -> None:
        """No more audio: the buffered audio becomes its last turn events, then the server closes the stream."""
        await self._socket.send(CLOSE_FRAME, ending=True)

    async def __aenter__(self) -> AsyncTurnsConnection:
        return await self.connect()
