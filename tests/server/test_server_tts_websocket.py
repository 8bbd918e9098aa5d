"""`/tts/websocket`: contexts, continuations, flushes, cancel, timestamps, errors, limits, idling."""

from __future__ import annotations

import json

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from cartesia.server import LocalServer
from cartesia.server.audio import SyntheticSpeech, transcribe

from .server_helpers import (
    LEGACY,
    STRUCTURED,
    audio_of,
    closed_with,
    connect_tts,
    headers,
    receive_json,
    tts_body,
    until_done,
    ws_url,
)


def _input(context_id: str, transcript: str, **extra: object) -> str:
    return json.dumps({**tts_body(transcript), "context_id": context_id, **extra})


def _text(messages) -> str:
    return " ".join(w.word for w in transcribe(audio_of(messages), 16000))


async def test_continuations_are_joined_and_end_with_done(cartesia_server):
    async with connect_tts(cartesia_server) as ws:
        for piece in ("The quick bro", "wn fox ", "jumps over the lazy dog."):
            await ws.send(_input("story", piece, **{"continue": True}))
        await ws.send(_input("story", "", **{"continue": False}))
        messages = await until_done(ws, "story")
    assert _text(messages) == "The quick brown fox jumps over the lazy dog."
    assert messages[-1] == {"context_id": "story", "status_code": 206, "done": True, "type": "done"}
    assert all(m["type"] == "chunk" and m["done"] is False and m["flush_id"] == 1 for m in messages[:-1])


async def test_a_missing_continue_ends_the_input(cartesia_server):
    async with connect_tts(cartesia_server) as ws:
        await ws.send(_input("one-shot", "Just this"))
        assert _text(await until_done(ws, "one-shot")) == "Just this"


async def test_zero_buffer_delay_speaks_each_input_as_it_comes(cartesia_server):
    async with connect_tts(cartesia_server) as ws:
        await ws.send(_input("eager", "Hel", **{"continue": True, "max_buffer_delay_ms": 0}))
        await ws.send(_input("eager", "lo", **{"continue": False}))
        assert _text(await until_done(ws, "eager")) == "Hel lo"


async def test_flushes_number_their_audio_and_are_acknowledged(cartesia_server):
    async with connect_tts(cartesia_server) as ws:
        await ws.send(_input("f", "first part", **{"continue": True}))
        await ws.send(_input("f", "", **{"continue": True, "flush": True}))
        await ws.send(_input("f", "second part", **{"continue": True, "flush": True}))
        await ws.send(_input("f", "third", **{"continue": False}))
        messages = await until_done(ws, "f")
    groups: dict[int, list] = {}
    order = []
    for m in messages:
        if m["type"] == "flush_done":
            order.append(("flush_done", m["flush_id"]))
            assert m["flush_done"] is True
        elif m["type"] == "chunk":
            groups.setdefault(m["flush_id"], []).append(m)
            if not order or order[-1] != ("audio", m["flush_id"]):
                order.append(("audio", m["flush_id"]))
    assert order == [("audio", 1), ("flush_done", 1), ("audio", 2), ("flush_done", 2), ("audio", 3)]
    assert [_text(groups[i]) for i in (1, 2, 3)] == ["first part", "second part", "third"]


async def test_timestamps_agree_with_the_audio(cartesia_server):
    async with connect_tts(cartesia_server) as ws:
        await ws.send(_input("ts", "Alpha beta ", **{"continue": True, "add_timestamps": True, "add_phoneme_timestamps": True}))
        await ws.send(_input("ts", "gamma delta", **{"continue": False}))
        messages = await until_done(ws, "ts")
    heard = transcribe(audio_of(messages), 16000)
    stamps = [m["word_timestamps"] for m in messages if m["type"] == "timestamps"]
    words = [w for s in stamps for w in s["words"]]
    starts = [t for s in stamps for t in s["start"]]
    ends = [t for s in stamps for t in s["end"]]
    assert words == [w.word for w in heard] == ["Alpha", "beta", "gamma", "delta"]
    for w, start, end in zip(heard, starts, ends):
        assert start == pytest.approx(w.start_s, abs=0.005) and end == pytest.approx(w.end_s, abs=0.005)
    phonemes = [p for m in messages if m["type"] == "phoneme_timestamps" for p in m["phoneme_timestamps"]["phonemes"]]
    assert "".join(phonemes) == "Alphabetagammadelta"
    first_stamp = next(i for i, m in enumerate(messages) if m["type"] == "timestamps")
    assert messages[first_stamp - 1]["type"] == "chunk"  # a timestamp never precedes its audio


async def test_contexts_interleave_on_one_socket(cartesia_server):
    sentences = {f"ctx-{i}": f"context number {i} speaking here" for i in range(3)}
    async with connect_tts(cartesia_server) as ws:
        for cid, text in sentences.items():
            await ws.send(_input(cid, text))
        by_context: dict[str, list] = {cid: [] for cid in sentences}
        arrival = []
        done = set()
        while len(done) < len(sentences):
            m = await receive_json(ws)
            by_context[m["context_id"]].append(m)
            arrival.append(m["context_id"])
            if m["type"] == "done":
                done.add(m["context_id"])
    for cid, text in sentences.items():
        assert _text(by_context[cid]) == text
    switches = sum(1 for a, b in zip(arrival, arrival[1:]) if a != b)
    assert switches > len(sentences)  # chunks of different contexts alternate, not one context after another


async def test_cancel_stops_a_context_and_answers_done(cartesia_server):
    long_text = " ".join(["word"] * 200)
    async with connect_tts(cartesia_server) as ws:
        await ws.send(_input("c", long_text))
        first = await receive_json(ws)
        assert first["type"] == "chunk"
        await ws.send(json.dumps({"context_id": "c", "cancel": True}))
        rest = await until_done(ws, "c")
        await ws.send(_input("after", "still open"))
        assert _text(await until_done(ws, "after")) == "still open"
    assert rest[-1]["type"] == "done"
    assert len(rest) < 50  # far fewer than the ~800 chunks 200 words make
    assert len(audio_of([first, *rest])) < SyntheticSpeech(long_text, 16000).total_samples


async def test_context_errors_are_frames_and_keep_the_socket_open(cartesia_server):
    async with connect_tts(cartesia_server, version=LEGACY) as ws:
        await ws.send(json.dumps({**tts_body(), "context_id": "bad", "voice": {"mode": "id", "id": "missing"}}))
        legacy = await receive_json(ws)
        await ws.send(json.dumps({**tts_body(), "context_id": "fmt", "output_format": {"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}}))
        wav = await receive_json(ws)
        await ws.send(json.dumps({"context_id": "no-model", "transcript": "hi"}))
        missing = await receive_json(ws)
        await ws.send("not json")
        malformed = await receive_json(ws)
        await ws.send(_input("fine", "works"))
        assert _text(await until_done(ws, "fine")) == "works"
    assert legacy == {"type": "error", "done": True, "status_code": 400, "error": "Voice not found: No voice with id 'missing'.", "context_id": "bad"}
    assert wav["context_id"] == "fmt" and wav["error"].startswith("Invalid output format: ")
    assert missing["context_id"] == "no-model" and "model_id" in missing["error"]
    assert malformed["type"] == "error" and malformed["context_id"] is None


async def test_structured_error_frames_from_2026_03_01(cartesia_server):
    async with connect_tts(cartesia_server, version=STRUCTURED) as ws:
        await ws.send(json.dumps({**tts_body(), "context_id": "m", "model_id": "nope"}))
        error = await receive_json(ws)
    assert error["type"] == "error" and error["done"] is True and error["status_code"] == 400
    assert (error["error_code"], error["title"], error["context_id"]) == ("model_not_found", "Invalid model", "m")
    assert error["message"] and error["request_id"] and error["doc_url"].startswith("https://docs.cartesia.ai/")
    assert "error" not in error


async def test_contexts_over_the_limit_get_429_frames():
    with LocalServer(max_contexts_per_connection=2) as server:
        async with connect_tts(server) as ws:
            await ws.send(_input("a", "one", **{"continue": True}))
            await ws.send(_input("b", "two", **{"continue": True}))
            await ws.send(_input("c", "three", **{"continue": True}))
            error = await receive_json(ws)
            assert (error["type"], error["status_code"], error["context_id"]) == ("error", 429, "c")
            await ws.send(_input("a", "", **{"continue": False}))
            assert _text(await until_done(ws, "a")) == "one"
            await ws.send(_input("c", "now fits"))
            assert _text(await until_done(ws, "c")) == "now fits"


async def test_connections_over_the_limit_fail_the_handshake_with_429():
    with LocalServer(max_connections=1) as server:
        async with connect_tts(server):
            with pytest.raises(InvalidStatus) as rejected:
                async with connect_tts(server):
                    pass
            assert rejected.value.response.status_code == 429
        async with connect_tts(server) as ws:  # the slot is free again
            await ws.send(_input("x", "ok"))
            assert (await until_done(ws, "x"))[-1]["type"] == "done"


async def test_idle_sockets_are_closed_with_1000():
    with LocalServer(idle_timeout=0.2) as server:
        async with connect_tts(server) as ws:
            assert await closed_with(ws) == (1000, "connection idle timeout")


async def test_handshake_auth_and_version(cartesia_server):
    with pytest.raises(InvalidStatus) as no_key:
        async with connect(ws_url(cartesia_server, "/tts/websocket", api_key=None)):
            pass
    assert no_key.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as no_version:
        async with connect(ws_url(cartesia_server, "/tts/websocket", version=None)):
            pass
    assert no_version.value.response.status_code == 400
    header_auth = {"Authorization": f"Bearer {cartesia_server.api_key}", "Cartesia-Version": LEGACY}
    async with connect(f"{cartesia_server.ws_url}/tts/websocket", additional_headers=header_auth) as ws:
        await ws.send(_input("h", "headers work"))
        assert _text(await until_done(ws, "h")) == "headers work"


async def test_access_tokens_on_the_websocket(cartesia_server):
    token = httpx.post(cartesia_server.url + "/access-token", headers=headers(cartesia_server), json={"grants": {"tts": True}}).json()["token"]
    async with connect(ws_url(cartesia_server, "/tts/websocket", api_key=None, access_token=token)) as ws:
        await ws.send(_input("t", "token works"))
        assert _text(await until_done(ws, "t")) == "token works"
    stt_only = httpx.post(cartesia_server.url + "/access-token", headers=headers(cartesia_server), json={"grants": {"stt": True}}).json()["token"]
    with pytest.raises(InvalidStatus) as refused:
        async with connect(ws_url(cartesia_server, "/tts/websocket", api_key=None, access_token=stt_only)):
            pass
    assert refused.value.response.status_code == 403


async def test_frames_are_logged(cartesia_server):
    async with connect_tts(cartesia_server) as ws:
        await ws.send(_input("log", "logged"))
        await until_done(ws, "log")
    record = cartesia_server.requests.last("/tts/websocket")
    assert record.websocket and record.status == 101
    assert record.query_values("cartesia_version") == [LEGACY]
    assert [f.json()["transcript"] for f in record.frames] == ["logged"]
