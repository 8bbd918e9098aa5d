"""The keyword arguments that open the STT WebSockets: session settings and connection options.

Kept apart from the protocol modules so that the client classes can name them without loading
the event models.
"""

from __future__ import annotations

import typing

import typing_extensions

from .options import WebSocketOptionArgs


class SttParams(typing_extensions.TypedDict, total=False):
    """The session settings of ``/stt/websocket`` that ``transcribe(...)`` takes; each one given reopens the socket if it differs.

    Defaults: ``model="ink-whisper"``, ``language="en"``, ``encoding="pcm_s16le"``, ``sample_rate=16000``.
    """

    model: str
    language: typing.Optional[str]
    encoding: str
    sample_rate: int
    min_volume: typing.Optional[float]
    max_silence_duration_secs: typing.Optional[float]


class SttSocketArgs(SttParams, WebSocketOptionArgs, total=False):
    """What ``client.stt.websocket(...)`` and ``websocket_connect(...)`` take: the session settings, ``keyterm``, and the WebSocket options."""

    keyterm: typing.Optional[typing.Sequence[str]]


class TurnsSocketArgs(WebSocketOptionArgs, total=False):
    """What ``client.stt.turns_websocket_connect(...)`` takes: the session settings and the WebSocket options.

    Defaults: ``model="ink-2"``, ``encoding="pcm_s16le"``, ``sample_rate=16000``; the ``turn_*``
    settings are the service's unless given.
    """

    model: str
    encoding: str
    sample_rate: int
    keyterm: typing.Optional[typing.Sequence[str]]
    turn_start_threshold: typing.Optional[float]
    turn_eager_end_threshold: typing.Optional[float]
    turn_end_threshold: typing.Optional[float]
    turn_end_timeout_ms: typing.Optional[float]


STT_SETTINGS = frozenset(SttSocketArgs.__annotations__) - frozenset(WebSocketOptionArgs.__annotations__)
TURNS_SETTINGS = frozenset(TurnsSocketArgs.__annotations__) - frozenset(WebSocketOptionArgs.__annotations__)
