"""The WebSocket methods of ``client.tts`` (and ``client.stt``), mixed into the generated clients.

The generator names these mixins as the bases of the resource clients it writes; they need only
``self._client_wrapper``. Nothing here imports ``websockets``: that happens when a socket opens.
"""

from __future__ import annotations

import types
import typing

import typing_extensions

from ..core.client_wrapper import AsyncClientWrapper, SyncClientWrapper
from .handshake import resolve_options
from .options import WebSocketOptionArgs

if typing.TYPE_CHECKING:
    from .tts_async import AsyncTtsConnection, AsyncTtsWebsocket
    from .tts_sync import TtsConnection, TtsWebsocket


class TtsWebsocketMixin:
    """``client.tts.websocket()`` and ``client.tts.websocket_connect()``."""

    _client_wrapper: SyncClientWrapper

    def websocket(self, **options: typing_extensions.Unpack[WebSocketOptionArgs]) -> TtsWebsocket:
        """Open the TTS WebSocket (the 2.x surface): ``ws.send(...)``, ``ws.context(...)``, ``ws.close()``.

        Options (all optional): ``open_timeout``, ``receive_timeout``, ``inactivity_timeout``,
        ``ping_interval``, ``max_retries``, ``on_reconnecting``, ``extra_headers``, ``extra_query``.

        Example::

            ws = client.tts.websocket()
            output = ws.send(model_id="sonic-2", transcript="Hello, world!", stream=False,
                             voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
                             output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000})
            ws.close()
        """
        from .tts_sync import SyncTtsSocket, TtsWebsocket

        ws = TtsWebsocket(SyncTtsSocket(self._client_wrapper, resolve_options(self._client_wrapper, options)))
        ws.connect()
        return ws

    def websocket_connect(self, **options: typing_extensions.Unpack[WebSocketOptionArgs]) -> TtsConnection:
        """The TTS WebSocket with typed events, opened by ``with``: ``with client.tts.websocket_connect() as conn``.

        Takes the options of :meth:`websocket`.
        """
        from .tts_sync import SyncTtsSocket, TtsConnection

        return TtsConnection(SyncTtsSocket(self._client_wrapper, resolve_options(self._client_wrapper, options)))


class _OpeningTtsWebsocket:
    """``await client.tts.websocket()`` gives the open socket; ``async with`` also closes it."""

    def __init__(self, ws: AsyncTtsWebsocket) -> None:
        self._ws = ws

    def __await__(self) -> typing.Generator[typing.Any, None, AsyncTtsWebsocket]:
        return self._open().__await__()

    async def _open(self) -> AsyncTtsWebsocket:
        await self._ws.connect()
        return self._ws

    async def __aenter__(self) -> AsyncTtsWebsocket:
        return await self._open()

    async def __aexit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        await self._ws.close()


class AsyncTtsWebsocketMixin:
    """``await client.tts.websocket()`` and ``async with client.tts.websocket_connect()``."""

    _client_wrapper: AsyncClientWrapper

    def websocket(self, **options: typing_extensions.Unpack[WebSocketOptionArgs]) -> _OpeningTtsWebsocket:
        """Open the TTS WebSocket (the 2.x surface): ``ws = await client.tts.websocket()``.

        Takes the options of the sync client's ``tts.websocket``; ``async with client.tts.websocket() as ws``
        closes it at the end.

        Example::

            ws = await client.tts.websocket()
            ctx = ws.context()
            await ctx.send(model_id="sonic-2", transcript="Hello, world!",
                           voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
                           output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000})
            async for output in ctx.receive():
                print(len(output.audio or b""))
            await ws.close()
        """
        from .tts_async import AsyncTtsSocket, AsyncTtsWebsocket

        socket = AsyncTtsSocket(self._client_wrapper, resolve_options(self._client_wrapper, options))
        return _OpeningTtsWebsocket(AsyncTtsWebsocket(socket))

    def websocket_connect(self, **options: typing_extensions.Unpack[WebSocketOptionArgs]) -> AsyncTtsConnection:
        """The TTS WebSocket with typed events: ``async with client.tts.websocket_connect() as conn``."""
        from .tts_async import AsyncTtsConnection, AsyncTtsSocket

        return AsyncTtsConnection(AsyncTtsSocket(self._client_wrapper, resolve_options(self._client_wrapper, options)))
