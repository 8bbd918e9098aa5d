"""The WebSocket methods of ``client.tts`` and ``client.stt``, mixed into the generated clients.

The generator names these mixins as the bases of the resource clients it writes; they need only
``self._client_wrapper``. Nothing here imports ``websockets``: that happens when a socket opens.
"""

from __future__ import annotations

import types
import typing

import typing_extensions

from ..core.client_wrapper import AsyncClientWrapper, BaseClientWrapper, SyncClientWrapper
from .handshake import resolve_options
from .options import WebSocketOptionArgs
from .stt_args import STT_SETTINGS, TURNS_SETTINGS, SttSocketArgs, TurnsSocketArgs

if typing.TYPE_CHECKING:
    from .options import WebSocketOptions
    from .stt_async import AsyncSttConnection, AsyncSttSocket, AsyncSttWebsocket, AsyncTurnsConnection
    from .stt_protocol import Query, SttStream
    from .stt_sync import SttConnection, SttWebsocket, SyncSttSocket, TurnsConnection
    from .tts_async import AsyncTtsConnection, AsyncTtsWebsocket
    from .tts_sync import TtsConnection, TtsWebsocket

W = typing.TypeVar("W", bound="_Openable")


class _Openable(typing_extensions.Protocol):
    async def connect(self) -> typing.Any: ...

    async def close(self) -> None: ...


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


class Opening(typing.Generic[W]):
    """``await client.tts.websocket()`` (or ``client.stt.websocket(...)``) gives the open socket; ``async with`` also closes it."""

    def __init__(self, ws: W) -> None:
        self._ws = ws

    def __await__(self) -> typing.Generator[typing.Any, None, W]:
        return self._open().__await__()

    async def _open(self) -> W:
        await self._ws.connect()
        return self._ws

    async def __aenter__(self) -> W:
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

    def websocket(self, **options: typing_extensions.Unpack[WebSocketOptionArgs]) -> Opening[AsyncTtsWebsocket]:
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
        return Opening(AsyncTtsWebsocket(socket))

    def websocket_connect(self, **options: typing_extensions.Unpack[WebSocketOptionArgs]) -> AsyncTtsConnection:
        """The TTS WebSocket with typed events: ``async with client.tts.websocket_connect() as conn``."""
        from .tts_async import AsyncTtsConnection, AsyncTtsSocket

        return AsyncTtsConnection(AsyncTtsSocket(self._client_wrapper, resolve_options(self._client_wrapper, options)))




def _stt_socket_parts(
    wrapper: BaseClientWrapper, turns: bool, arguments: typing.Mapping[str, typing.Any]
) -> typing.Tuple[WebSocketOptions, str, Query, SttStream]:
    """What an STT socket is built from: its options, path, checked query and message stream."""
    from . import stt_protocol, stt_turns
    from .stt_events import parse_event

    names = TURNS_SETTINGS if turns else STT_SETTINGS
    settings = {name: value for name, value in arguments.items() if name in names}
    options = {name: value for name, value in arguments.items() if name not in names}
    if turns:
        query, stream = stt_turns.turns_query(**settings), stt_protocol.SttStream(stt_turns.parse_turn_event, end_type=None)
        path = stt_turns.PATH
    else:
        query, stream = stt_protocol.stt_query(**settings), stt_protocol.SttStream(parse_event, end_type="done")
        path = stt_protocol.PATH
    return resolve_options(wrapper, options), path, query, stream


def _sync_socket(wrapper: SyncClientWrapper, turns: bool, arguments: typing.Mapping[str, typing.Any]) -> SyncSttSocket:
    from .stt_sync import SyncSttSocket

    return SyncSttSocket(wrapper, *_stt_socket_parts(wrapper, turns, arguments))


def _async_socket(wrapper: AsyncClientWrapper, turns: bool, arguments: typing.Mapping[str, typing.Any]) -> AsyncSttSocket:
    from .stt_async import AsyncSttSocket

    return AsyncSttSocket(wrapper, *_stt_socket_parts(wrapper, turns, arguments))


class SttWebsocketMixin:
    """``client.stt.websocket(...)``, ``client.stt.websocket_connect(...)`` and ``client.stt.turns_websocket_connect(...)``."""

    _client_wrapper: SyncClientWrapper

    def websocket(self, **arguments: typing_extensions.Unpack[SttSocketArgs]) -> SttWebsocket:
        """Open the STT WebSocket (the 2.x surface): ``ws.send(audio)``, ``ws.receive()``, ``ws.transcribe(chunks)``.

        Session settings (checked before anything is sent): ``model="ink-whisper"``,
        ``language="en"``, ``encoding="pcm_s16le"``, ``sample_rate=16000``, ``min_volume``,
        ``max_silence_duration_secs``, ``keyterm``; and the options of ``client.tts.websocket``.
        Results are typed events that also read as the 2.x dicts.

        Example::

            from cartesia import frames_of

            ws = client.stt.websocket(model="ink-whisper", language="en", encoding="pcm_s16le", sample_rate=16000)
            for result in ws.transcribe(frames_of("call.wav")):
                if result["type"] == "transcript" and result["is_final"]:
                    print(result["text"])
            ws.close()
        """
        from .stt_sync import SttWebsocket

        ws = SttWebsocket(_sync_socket(self._client_wrapper, False, arguments))
        ws.connect()
        return ws

    def websocket_connect(self, **arguments: typing_extensions.Unpack[SttSocketArgs]) -> SttConnection:
        """``/stt/websocket`` with typed events, opened by ``with``: ``with client.stt.websocket_connect(...) as conn``.

        Takes the arguments of :meth:`websocket`.
        """
        from .stt_sync import SttConnection

        return SttConnection(_sync_socket(self._client_wrapper, False, arguments))

    def turns_websocket_connect(self, **arguments: typing_extensions.Unpack[TurnsSocketArgs]) -> TurnsConnection:
        """The turn-detection STT WebSocket (``/stt/turns/websocket``, ink-2): ``with client.stt.turns_websocket_connect() as conn``.

        Audio in, turn events out (``turn.start``, ``turn.update``, ``turn.eager_end``,
        ``turn.resume``, ``turn.end``); ``conn.config(...)`` changes turn detection mid-session.
        Settings: ``model="ink-2"``, ``encoding="pcm_s16le"``, ``sample_rate=16000``, ``keyterm``,
        ``turn_start_threshold``, ``turn_eager_end_threshold``, ``turn_end_threshold``,
        ``turn_end_timeout_ms``; and the WebSocket options.
        """
        from .stt_sync import TurnsConnection

        return TurnsConnection(_sync_socket(self._client_wrapper, True, arguments))


class AsyncSttWebsocketMixin:
    """``await client.stt.websocket(...)``, ``async with client.stt.websocket_connect(...)`` and the turns socket."""

    _client_wrapper: AsyncClientWrapper

    def websocket(self, **arguments: typing_extensions.Unpack[SttSocketArgs]) -> Opening[AsyncSttWebsocket]:
        """Open the STT WebSocket (the 2.x surface): ``ws = await client.stt.websocket(...)``.

        Takes the arguments of the sync client's ``stt.websocket``; ``async with client.stt.websocket(...) as ws``
        closes it at the end.
        """
        from .stt_async import AsyncSttWebsocket

        return Opening(AsyncSttWebsocket(_async_socket(self._client_wrapper, False, arguments)))

    def websocket_connect(self, **arguments: typing_extensions.Unpack[SttSocketArgs]) -> AsyncSttConnection:
        """``/stt/websocket`` with typed events: ``async with client.stt.websocket_connect(...) as conn``."""
        from .stt_async import AsyncSttConnection

        return AsyncSttConnection(_async_socket(self._client_wrapper, False, arguments))

    def turns_websocket_connect(self, **arguments: typing_extensions.Unpack[TurnsSocketArgs]) -> AsyncTurnsConnection:
        """The turn-detection STT WebSocket: ``async with client.stt.turns_websocket_connect() as conn``."""
        from .stt_async import AsyncTurnsConnection

        return AsyncTurnsConnection(_async_socket(self._client_wrapper, True, arguments))
