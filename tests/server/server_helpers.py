"""Small clients for the server tests: headers, TTS bodies, SSE parsing, WebSocket connections."""

from __future__ import annotations

import asyncio
import base64
import json
import typing
import urllib.parse

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from cartesia.server import LocalServer
from cartesia.server.audio import decode_pcm

VOICE_ID = "694f9389-aac1-45b6-b726-9d9369183238"  # seeded, masculine, English
FEMININE_VOICE_ID = "f786b574-daa5-4673-aa0c-cbe3e8534c02"
LEGACY = "2024-11-13"
STRUCTURED = "2026-03-01"


def headers(server: LocalServer, version: str = LEGACY, **extra: str) -> typing.Dict[str, str]:
    return {"X-API-Key": server.api_key, "Cartesia-Version": version, **extra}


def tts_body(transcript: str = "Hello world", **overrides: typing.Any) -> typing.Dict[str, typing.Any]:
    body: typing.Dict[str, typing.Any] = {
        "model_id": "sonic-2",
        "transcript": transcript,
        "voice": {"mode": "id", "id": VOICE_ID},
        "language": "en",
        "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000},
    }
    body.update(overrides)
    return body


def sse_events(text: str) -> typing.List[typing.Tuple[str, typing.Dict[str, typing.Any]]]:
    """(event name, data) of each event of a text/event-stream body."""
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", []
        for line in block.split("\n"):
            field, _, value = line.partition(": ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        events.append((name, json.loads("\n".join(data))))
    return events


def audio_of(events: typing.Iterable[typing.Dict[str, typing.Any]], encoding: str = "pcm_s16le") -> typing.Any:
    """The samples of the chunk events, decoded."""
    raw = b"".join(base64.b64decode(e["data"]) for e in events if e["type"] == "chunk")
    return decode_pcm(raw, encoding)


def ws_url(server: LocalServer, path: str, *, version: typing.Optional[str] = LEGACY, api_key: typing.Optional[str] = "", **params: typing.Any) -> str:
    query: typing.Dict[str, typing.Any] = {}
    if api_key is not None:
        query["api_key"] = api_key or server.api_key
    if version is not None:
        query["cartesia_version"] = version
    query.update(params)
    return f"{server.ws_url}{path}?{urllib.parse.urlencode(query)}"


def connect_tts(server: LocalServer, **kwargs: typing.Any) -> "connect":
    return connect(ws_url(server, "/tts/websocket", **kwargs))


async def receive_json(ws: ClientConnection) -> typing.Dict[str, typing.Any]:
    message = await ws.recv()
    assert isinstance(message, str)
    result: typing.Dict[str, typing.Any] = json.loads(message)
    return result


async def until_done(ws: ClientConnection, context_id: str) -> typing.List[typing.Dict[str, typing.Any]]:
    """Messages for `context_id` up to and including its `done` or `error` (others are skipped)."""
    messages = []
    while True:
        message = await receive_json(ws)
        if message.get("context_id") != context_id:
            continue
        messages.append(message)
        if message["type"] in ("done", "error"):
            return messages


async def closed_with(ws: ClientConnection, timeout: float = 10.0) -> typing.Tuple[int, str]:
    """Wait for the server to close `ws`; (code, reason) of its close frame. Other messages are skipped."""

    async def drain() -> None:
        while True:
            await ws.recv()

    try:
        await asyncio.wait_for(drain(), timeout)
    except ConnectionClosed as closed:
        assert closed.rcvd is not None, "the connection ended without a close frame"
        return closed.rcvd.code, closed.rcvd.reason
