"""`/stt/websocket`: binary audio in, interim and final transcripts out, finalize/done/close."""

from __future__ import annotations

import json

import pytest
from websockets.asyncio.client import connect

from cartesia.server import LocalServer
from cartesia.server.audio import encode_pcm, synthesize

from .server_helpers import LEGACY, STRUCTURED, closed_with, ws_url

PARAMS = {"model": "ink-whisper", "encoding": "pcm_s16le", "sample_rate": 16000, "language": "en"}


def _stt(server, version=LEGACY, **params):
    return connect(ws_url(server, "/stt/websocket", version=version, **{**PARAMS, **params}))


async def _collect(ws, until: str):
    messages = []
    while True:
        message = json.loads(await ws.recv())
        messages.append(message)
        if message["type"] in (until, "error"):
            return messages


def _chunks(data: bytes, size: int = 3200):
    return [data[i : i + size] for i in range(0, len(data), size)]


async def test_streamed_audio_gives_interim_then_final_transcripts(cartesia_server):
    spoken = synthesize("one two three four", 16000)
    async with _stt(cartesia_server) as ws:
        for chunk in _chunks(encode_pcm(spoken.samples, "pcm_s16le")):
            await ws.send(chunk)
        await ws.send("finalize")
        messages = await _collect(ws, "flush_done")
        await ws.send("done")
        closing = await _collect(ws, "done")
        assert (await closed_with(ws))[0] == 1000
    interim = [m for m in messages if m["type"] == "transcript" and not m["is_final"]]
    final = [m for m in messages if m["type"] == "transcript" and m["is_final"]]
    assert interim and all(m["text"] for m in interim)
    assert len(final) == 1 and final[0]["text"] == "one two three four"
    assert final[0]["language"] == "en" and final[0]["duration"] == pytest.approx(spoken.duration_s)
    for got, want in zip(final[0]["words"], spoken.words):
        assert got["word"] == want.word and got["start"] == pytest.approx(want.start_s, abs=0.005)
    assert messages[-1]["type"] == "flush_done" and closing == [closing[0]] and closing[0]["type"] == "done"
    assert len({m["request_id"] for m in messages + closing}) == 1


async def test_text_after_a_finalize_is_a_delta_with_stream_times(cartesia_server):
    first, second = synthesize("hello there", 16000), synthesize("general idea", 16000)
    async with _stt(cartesia_server) as ws:
        await ws.send(encode_pcm(first.samples, "pcm_s16le"))
        await ws.send("finalize")
        a = [m for m in await _collect(ws, "flush_done") if m.get("is_final")]
        await ws.send(encode_pcm(second.samples, "pcm_s16le"))
        await ws.send("close")
        b = [m for m in await _collect(ws, "done") if m.get("is_final")]
    assert a[0]["text"] == "hello there" and b[0]["text"] == "general idea"
    assert b[0]["words"][0]["start"] == pytest.approx(first.duration_s + second.words[0].start_s, abs=0.005)


async def test_silence_endpointing_finalises_on_its_own(cartesia_server):
    spoken = synthesize("auto final", 16000)
    audio = encode_pcm(list(spoken.samples) + [0.0] * 16000, "pcm_s16le")
    async with _stt(cartesia_server, max_silence_duration_secs="0.3", min_volume="0.001") as ws:
        for chunk in _chunks(audio):
            await ws.send(chunk)
        finals = []
        while not finals:
            message = json.loads(await ws.recv())
            if message["type"] == "transcript" and message["is_final"]:
                finals.append(message)
    assert finals[0]["text"] == "auto final"


@pytest.mark.parametrize(
    ("params", "title"),
    [({"model": "ink-0"}, "Invalid model"), ({"encoding": "mp3"}, "Invalid encoding"), ({"sample_rate": "fast"}, "Invalid sample rate"), ({"language": "qq"}, "Invalid language"), ({"min_volume": "2"}, "Invalid request")],
)
async def test_bad_session_settings_get_an_error_frame_then_close(cartesia_server, params, title):
    async with _stt(cartesia_server, STRUCTURED, **params) as ws:
        error = json.loads(await ws.recv())
        assert (await closed_with(ws))[0] == 1008
    assert error["type"] == "error" and error["status_code"] == 400 and error["title"] == title


async def test_legacy_error_frames_carry_message_and_error(cartesia_server):
    async with _stt(cartesia_server, LEGACY, model="ink-0") as ws:
        error = json.loads(await ws.recv())
    assert error["message"] == error["error"] and error["message"].startswith("Invalid model: ")


async def test_unknown_commands_get_an_error_but_the_session_continues(cartesia_server):
    async with _stt(cartesia_server) as ws:
        await ws.send("rewind")
        error = json.loads(await ws.recv())
        await ws.send(encode_pcm(synthesize("still here", 16000).samples, "pcm_s16le"))
        await ws.send("done")
        final = [m for m in await _collect(ws, "done") if m.get("is_final")]
    assert error["type"] == "error" and "rewind" in error["message"]
    assert final[0]["text"] == "still here"


async def test_stt_sockets_idle_out():
    with LocalServer(stt_idle_timeout=0.2) as server:
        async with _stt(server) as ws:
            assert await closed_with(ws) == (1000, "connection idle timeout")


async def test_binary_frames_are_logged(cartesia_server):
    async with _stt(cartesia_server) as ws:
        await ws.send(b"\x00\x00" * 100)
        await ws.send("done")
        await _collect(ws, "done")
    frames = cartesia_server.requests.last("/stt/websocket").frames
    assert [f.data for f in frames] == [b"\x00\x00" * 100, "done"]
