"""One WebSocket at a time over the ``websockets`` library, opened and reopened on demand.

:class:`SyncTransport` (``websockets.sync``) and :class:`AsyncTransport` (``websockets.asyncio``)
have the same methods; they differ only in ``await``. Both translate the library's exceptions into
the SDK's (:func:`translate`), so nothing raw escapes: a refused handshake is the REST error for
its status, a closed socket a :class:`~.errors.WebSocketConnectionClosedError`, a slow handshake a
:class:`~.errors.WebSocketTimeoutError`.
"""

from __future__ import annotations

import asyncio
import time
import typing

import websockets
import websockets.asyncio.client
import websockets.asyncio.connection
import websockets.exceptions
import websockets.protocol
import websockets.sync.client

from ..core.api_error import ApiConnectionError, ApiError, CartesiaError, RequestValidationError
from ..core.client_wrapper import BaseClientWrapper
from ..core.logs import logger
from .attempts import ConnectAttempts
from .errors import WebSocketConnectionClosedError, WebSocketTimeoutError, closed_error
from .handshake import Handshake, build_handshake, refused
from .options import WebSocketOptions, is_recoverable_close

Message = typing.Union[str, bytes]
_NO_CLOSE_FRAME = 1006


def translate(exc: BaseException, *, opening: bool, options: WebSocketOptions) -> CartesiaError:
    """The SDK error for an exception of the ``websockets`` library (or the network under it)."""
    if isinstance(exc, CartesiaError):
        return exc
    if isinstance(exc, websockets.exceptions.InvalidStatus):
        response = exc.response
        return refused(response.status_code, response.headers.raw_items(), response.body or b"")
    if isinstance(exc, websockets.exceptions.ConnectionClosed):
        code, reason = close_info(exc)
        return closed_error(code, reason)
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        if opening:
            return WebSocketTimeoutError(
                f"The WebSocket handshake took longer than {options.open_timeout} s.", timeout="open", seconds=options.open_timeout
            )
        return WebSocketTimeoutError("The WebSocket operation timed out.", timeout="receive", seconds=None)
    if isinstance(exc, websockets.exceptions.InvalidURI):
        return RequestValidationError("the WebSocket URL is not valid; check base_url and websocket_base_url")
    detail = f"{type(exc).__name__}: {exc}" if isinstance(exc, OSError) else type(exc).__name__
    return ApiConnectionError(f"WebSocket {'connect' if opening else 'connection'} error: {detail}")


def close_info(exc: websockets.exceptions.ConnectionClosed) -> typing.Tuple[int, str]:
    """(code, reason) of the close frame received, else of the one sent, else 1006."""
    frame = exc.rcvd or exc.sent
    if frame is None:
        return _NO_CLOSE_FRAME, ""
    return frame.code, frame.reason


def _retry_or_raise(attempts: ConnectAttempts, exc: Exception) -> None:
    error = translate(exc, opening=True, options=attempts.options)
    if not isinstance(error, ApiError):  # a local mistake: another attempt cannot help
        raise error from exc
    try:
        attempts.failed(error)
    except ApiError as final:
        raise final from exc


def _connect_kwargs(handshake: Handshake, options: WebSocketOptions) -> typing.Dict[str, typing.Any]:
    return {
        "additional_headers": handshake.headers,
        "user_agent_header": handshake.user_agent,
        "open_timeout": options.open_timeout,
        "close_timeout": options.close_timeout,
        "max_size": options.max_size,
        "ping_interval": options.ping_interval,
        "ping_timeout": options.ping_timeout,
    }


class _TransportState:
    """What both transports track: the options, the handshake, and how the last connection ended."""

    def __init__(
        self,
        wrapper: BaseClientWrapper,
        path: str,
        options: WebSocketOptions,
        query: typing.Mapping[str, typing.Any],
        on_lost: typing.Callable[[int, str], None],
    ) -> None:
        self.wrapper = wrapper
        self.on_lost = on_lost
        self.path = path
        self.options = options
        self.query = dict(query)
        self.generation = 0  # bumped for every new connection
        self.closed_by_user = False
        self.last_close: typing.Optional[typing.Tuple[int, str]] = None
        self.response_headers: typing.Dict[str, str] = {}

    def closed_error(self) -> WebSocketConnectionClosedError:
        code, reason = self.last_close or (_NO_CLOSE_FRAME, "")
        return closed_error(code, reason)

    def _lost(self, protocol: websockets.protocol.Protocol, exc: typing.Optional[BaseException]) -> None:
        if isinstance(exc, websockets.exceptions.ConnectionClosed):
            self.last_close = close_info(exc)
        else:
            frame = protocol.close_rcvd or protocol.close_sent
            self.last_close = (frame.code, frame.reason) if frame is not None else (_NO_CLOSE_FRAME, "")
        logger.debug("WebSocket %s closed (code %s, %r)", self.path, *self.last_close)
        self.on_lost(*self.last_close)

    def handshake(self, options: WebSocketOptions) -> Handshake:
        return build_handshake(self.wrapper, self.path, options, self.query)

    def attempts(self) -> ConnectAttempts:
        """The attempts for the next connect; raises when the last close may not be reopened."""
        if self.closed_by_user:
            raise WebSocketConnectionClosedError("The WebSocket was closed; open a new one.", code=1000)
        code = self.last_close[0] if self.last_close else None
        if code is not None and not is_recoverable_close(code):
            reason = self.last_close[1] if self.last_close else ""
            raise WebSocketConnectionClosedError(
                "The WebSocket was closed by the server and cannot be reopened.", code=code, reason=reason
            )
        return ConnectAttempts(self.options, close_code=code)

    def opened(self, options: WebSocketOptions, headers: typing.Iterable[typing.Tuple[str, str]]) -> None:
        self.options = options
        self.generation += 1
        self.last_close = None
        self.response_headers = dict(headers)
        logger.debug("WebSocket %s open (connection %d)", self.path, self.generation)


class SyncTransport(_TransportState):
    """A ``websockets.sync`` connection, opened on first use and after the service closes it."""

    connection: typing.Optional[websockets.sync.client.ClientConnection] = None

    def ensure_open(self) -> websockets.sync.client.ClientConnection:
        connection = self.connection
        if connection is not None and connection.protocol.state is websockets.protocol.State.OPEN:
            return connection
        if connection is not None:
            self.lost(connection)
        attempts = self.attempts()
        while True:
            delay = attempts.next_delay()
            if delay:
                time.sleep(delay)
            handshake = self.handshake(attempts.options)
            connect = websockets.sync.client.connect
            try:
                # Entered as a context manager (websockets 17.1 warns otherwise); closed by close().
                connection = connect(handshake.url, **_connect_kwargs(handshake, attempts.options))
                connection.__enter__()
            except Exception as exc:
                _retry_or_raise(attempts, exc)
                continue
            self.connection = connection
            response = connection.response
            self.opened(attempts.options, response.headers.raw_items() if response is not None else ())
            return connection

    def is_open(self) -> bool:
        connection = self.connection
        return connection is not None and connection.protocol.state is websockets.protocol.State.OPEN

    def lost(self, connection: websockets.sync.client.ClientConnection, exc: typing.Optional[BaseException] = None) -> None:
        """Note how ``connection`` ended (the caller saw it close) and tell the owner."""
        if self.connection is connection:
            self.connection = None
            self._lost(connection.protocol, exc)

    def send(self, message: Message) -> None:
        """Send on the open connection (see :meth:`ensure_open`); raises if it has closed."""
        connection = self.connection
        if connection is None:
            raise self.closed_error()
        try:
            connection.send(message)
        except Exception as exc:
            self.lost(connection, exc)
            raise translate(exc, opening=False, options=self.options) from exc

    def recv(self, timeout: typing.Optional[float]) -> Message:
        """The next message; raises TimeoutError (the builtin) when ``timeout`` passes first."""
        connection = self.connection
        if connection is None:
            raise self.closed_error()
        try:
            return connection.recv(timeout=timeout)
        except TimeoutError:
            raise
        except Exception as exc:
            self.lost(connection, exc)
            raise translate(exc, opening=False, options=self.options) from exc

    def close(self) -> None:
        """Close the connection (bounded by ``close_timeout``); later sends raise."""
        self.closed_by_user = True
        self.disconnect()

    def disconnect(self) -> None:
        """Close the current connection (bounded by ``close_timeout``); the next ``ensure_open`` opens a new one."""
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken socket: nothing more to do
                pass


# Audio frames sent in one turn of the event loop go out in one write (one system call) at the end
# of that turn, instead of one each: frames a real-time caller sends every 20 ms still leave at
# once, a burst costs a fraction. This uses the connection's sans-I/O protocol and transport and
# its flow control (``drain``); without that, every frame is sent on its own.
_COALESCE = hasattr(websockets.asyncio.connection.Connection, "drain")
_FLUSH_BYTES = 65536  # written at once past this, waiting for the socket when it is full


class AsyncTransport(_TransportState):
    """A ``websockets.asyncio`` connection, opened on first use and after the service closes it."""

    connection: typing.Optional[websockets.asyncio.client.ClientConnection] = None
    _queued_on: typing.Optional[websockets.asyncio.client.ClientConnection] = None  # where frames wait for a flush
    _unflushed = 0  # their bytes

    def is_open(self) -> bool:
        connection = self.connection
        return connection is not None and connection.protocol.state is websockets.protocol.State.OPEN

    async def ensure_open(self) -> websockets.asyncio.client.ClientConnection:
        connection = self.connection
        if connection is not None and connection.protocol.state is websockets.protocol.State.OPEN:
            return connection
        if connection is not None:
            self.lost(connection)
        attempts = self.attempts()
        while True:
            delay = attempts.next_delay()
            if delay:
                await asyncio.sleep(delay)
            handshake = self.handshake(attempts.options)
            connect = websockets.asyncio.client.connect
            try:
                connection = await connect(handshake.url, **_connect_kwargs(handshake, attempts.options))
            except Exception as exc:
                _retry_or_raise(attempts, exc)
                continue
            self.connection = connection
            response = connection.response
            self.opened(attempts.options, response.headers.raw_items() if response is not None else ())
            return connection

    def lost(self, connection: websockets.asyncio.client.ClientConnection, exc: typing.Optional[BaseException] = None) -> None:
        """Note how ``connection`` ended (the reader saw it close) and tell the owner."""
        if self.connection is connection:
            self.connection = None
            self._lost(connection.protocol, exc)

    async def send(self, message: Message) -> None:
        """Send on the open connection (see :meth:`ensure_open`); raises if it has closed."""
        connection = self.connection
        if connection is None:
            raise self.closed_error()
        if _COALESCE and type(message) is bytes and connection.protocol.state is websockets.protocol.State.OPEN:
            self._queue_binary(connection, message)
            if self._unflushed >= _FLUSH_BYTES:
                self._flush(connection)
                await connection.drain()
            return
        try:
            await connection.send(message)  # writes the queued frames first: the order is kept
        except Exception as exc:
            self.lost(connection, exc)
            raise translate(exc, opening=False, options=self.options) from exc

    def _queue_binary(self, connection: websockets.asyncio.client.ClientConnection, message: bytes) -> None:
        if self._queued_on is not connection:  # the first frame of this turn: flush at its end
            self._queued_on, self._unflushed = connection, 0
            asyncio.get_running_loop().call_soon(self._flush, connection)
        connection.protocol.send_binary(message)
        self._unflushed += len(message)

    def _flush(self, connection: websockets.asyncio.client.ClientConnection) -> None:
        """Write the queued frames; a connection that broke meanwhile is left to its reader to report."""
        if self._queued_on is not connection:
            return
        self._queued_on, self._unflushed = None, 0
        transport = connection.transport
        if connection.protocol.state is not websockets.protocol.State.OPEN or transport.is_closing():
            return
        chunks = connection.protocol.data_to_send()
        try:
            transport.write(b"".join(chunks))  # one write for them all (the connection's own flush writes each)
            if b"" in chunks and transport.can_write_eof():  # the protocol's end-of-stream mark
                transport.write_eof()
            elif b"" in chunks:
                transport.close()
        except Exception:  # the socket failed under the write: end it, as websockets itself would
            transport.abort()

    async def recv(self, timeout: typing.Optional[float]) -> Message:
        """The next message; raises TimeoutError (the builtin) when ``timeout`` passes first."""
        connection = self.connection
        if connection is None:
            raise self.closed_error()
        try:
            if timeout is None:
                return await connection.recv()
            return await asyncio.wait_for(connection.recv(), timeout)
        except asyncio.TimeoutError:  # not the builtin before Python 3.11
            raise TimeoutError() from None
        except Exception as exc:
            self.lost(connection, exc)
            raise translate(exc, opening=False, options=self.options) from exc

    async def close(self) -> None:
        self.closed_by_user = True
        await self.disconnect()

    async def disconnect(self) -> None:
        """Close the current connection (bounded by ``close_timeout``); the next ``ensure_open`` opens a new one."""
        connection, self.connection = self.connection, None  # its close frame follows any queued frames
        if connection is not None:
            try:
                await connection.close()
            except Exception:
                pass
