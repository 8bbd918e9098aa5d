"""`/stt/turns/websocket` (ink-2): binary audio in, turn events out, `close` and `config` commands.

Audio is the server's synthetic voice, streamed in 20 ms frames. To see which events a stretch
of audio caused, `_probe` sends it followed by an unknown text frame: the server handles frames
in order, so everything before the error that answers the probe came from that audio.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.parse

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from cartesia.server import LocalServer
from cartesia.server.audio import decode_pcm, encode_pcm, synthesize
from cartesia.server.faults import UNKNOWN_EVENT_TYPE, UNKNOWN_FIELD

from .server_helpers import FEMININE_VOICE_ID, LEGACY, STRUCTURED, closed_with, headers, receive_json, tts_body, ws_url

PATH = "/stt/turns/websocket"
RATE = 16000
FRAME = 640  # 20 ms of 16 kHz pcm_s16le
PARAMS = {"model": "ink-2", "encoding": "pcm_s16le", "sample_rate": RATE}
FAST = {"turn_end_timeout_ms": 1000}  # eager end after 0.6 s of silence, end after 0.8 s


def _turns(server, version=LEGACY, keyterms=(), **params):
    url = ws_url(server, PATH, version=version, **{**PARAMS, **params})
    if keyterms:
        url += "&" + urllib.parse.urlencode([("keyterm", term) for term in keyterms])
    return connect(url)


def _speech(text: str) -> bytes:
    return encode_pcm(synthesize(text, RATE).samples, "pcm_s16le")


def _trail(text: str) -> float:
    """The silence the synthetic voice leaves after the last word of `text`."""
    spoken = synthesize(text, RATE)
    return spoken.duration_s - spoken.words[-1].end_s


def _silence(seconds: float) -> bytes:
    return b"\x00\x00" * round(seconds * RATE)


async def _stream(ws, audio: bytes, frame: int = FRAME, pace: float = 0.0) -> None:
    """Send `audio` in frames (`pace` seconds apart); stops quietly if the server closes the socket meanwhile."""
    for i in range(0, len(audio), frame):
        try:
            await ws.send(audio[i : i + frame])
        except ConnectionClosed:
            return
        if pace:
            await asyncio.sleep(pace)


async def _connected(ws):
    message = await receive_json(ws)
    assert message["type"] == "connected", message
    return message


async def _probe(ws, audio: bytes = b""):
    """Stream `audio`, then return the events it caused (up to the error answering a probe frame)."""
    await _stream(ws, audio)
    await ws.send("probe")
    events = []
    while True:
        message = await receive_json(ws)
        if message["type"] == "error" and "probe" in message["message"]:
            return events
        events.append(message)


async def _until_closed(ws):
    """Every message up to the server's close, and the (code, reason) it closed with."""
    messages = []
    try:
        while True:
            messages.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
    except ConnectionClosed as closed:
        assert closed.rcvd is not None
        return messages, (closed.rcvd.code, closed.rcvd.reason)


def _types(events):
    return [e["type"] for e in events]


def _transcripts(events, kind: str):
    return [e["transcript"] for e in events if e["type"] == kind]


async def test_connected_comes_first_and_close_ends_normally(cartesia_server):
    async with _turns(cartesia_server) as ws:
        first = await receive_json(ws)
        await ws.send(json.dumps({"type": "close"}))
        rest, closed = await _until_closed(ws)
    assert first == {"type": "connected", "request_id": cartesia_server.requests.last(PATH).request_id}
    assert rest == [] and closed == (1000, "done")


async def test_two_utterances_give_two_turns_whose_transcripts_concatenate(cartesia_server):
    def tts(text: str) -> bytes:
        response = httpx.post(cartesia_server.url + "/tts/bytes", headers=headers(cartesia_server), json=tts_body(text))
        assert response.status_code == 200
        return response.content

    audio = tts("hello there") + _silence(1.0) + tts("general idea") + _silence(1.0)
    async with _turns(cartesia_server, **FAST) as ws:
        await _stream(ws, audio)
        await ws.send(json.dumps({"type": "close"}))
        messages, closed = await _until_closed(ws)
    one_turn = ["turn.start", "turn.update", "turn.update", "turn.eager_end", "turn.end"]
    assert _types(messages) == ["connected", *one_turn, *one_turn]
    assert _transcripts(messages, "turn.update") == ["hello", "hello there", " general", " general idea"]
    ends = _transcripts(messages, "turn.end")
    assert ends == ["hello there", " general idea"] and "".join(ends) == "hello there general idea"
    assert _transcripts(messages, "turn.eager_end") == ends
    assert len({m["request_id"] for m in messages}) == 1 and closed == (1000, "done")


@pytest.mark.parametrize(
    ("params", "eager_s", "end_s"),
    [
        ({}, 3.36, 4.48),  # the defaults: (1 - 0.4) x 5.6 s and (1 - 0.2) x 5.6 s
        (FAST, 0.6, 0.8),
        ({"turn_end_timeout_ms": 2000, "turn_eager_end_threshold": 0.5, "turn_end_threshold": 0.25}, 1.0, 1.5),
        ({"turn_end_timeout_ms": 1000, "turn_eager_end_threshold": 0.3, "turn_end_threshold": 0.05}, 0.7, 0.95),
    ],
)
async def test_eager_end_and_end_come_after_the_silence_the_settings_give(cartesia_server, params, eager_s, end_s):
    text, margin = "right on time", 0.03
    async with _turns(cartesia_server, **params) as ws:
        await _connected(ws)
        before_eager = await _probe(ws, _speech(text) + _silence(eager_s - _trail(text) - margin))
        at_eager = await _probe(ws, _silence(2 * margin))
        before_end = await _probe(ws, _silence(end_s - eager_s - 2 * margin))
        at_end = await _probe(ws, _silence(2 * margin))
    assert _types(before_eager) == ["turn.start", "turn.update", "turn.update", "turn.update"]
    assert at_eager == [{"type": "turn.eager_end", "transcript": text, "request_id": at_eager[0]["request_id"]}]
    assert before_end == []
    assert _types(at_end) == ["turn.end"] and at_end[0]["transcript"] == text


async def test_speech_after_an_eager_end_resumes_the_turn(cartesia_server):
    async with _turns(cartesia_server, **FAST) as ws:
        await _connected(ws)
        first = await _probe(ws, _speech("wait for") + _silence(0.65 - _trail("wait for")))
        second = await _probe(ws, _speech("it") + _silence(1.0))
        third = await _probe(ws, _speech("next") + _silence(1.0))
    assert _types(first) == ["turn.start", "turn.update", "turn.update", "turn.eager_end"]
    assert _transcripts(first, "turn.eager_end") == ["wait for"]
    assert _types(second) == ["turn.resume", "turn.update", "turn.eager_end", "turn.end"]
    assert "transcript" not in second[0]
    assert [e["transcript"] for e in second[1:]] == ["wait for it"] * 3
    assert _types(third)[0] == "turn.start" and _transcripts(third, "turn.end") == [" next"]


async def test_config_changes_the_turn_settings_mid_session(cartesia_server):
    async with _turns(cartesia_server) as ws:  # defaults: eager end after 3.36 s of silence
        await _connected(ws)
        slow = await _probe(ws, _speech("slow") + _silence(1.0))
        await ws.send(json.dumps({"type": "config", "turn": {"end_timeout_ms": 1000}}))
        sped_up = await _probe(ws, _silence(0.02))  # about 1.07 s of silence: past 0.6 s and 0.8 s
        await ws.send(json.dumps({"type": "config", "turn": {"eager_end_threshold": 0.3, "end_threshold": 0.05}}))
        later = await _probe(ws, _speech("again") + _silence(0.75 - _trail("again")))  # eager end at 0.7 s
        last = await _probe(ws, _silence(0.25))  # end at 0.95 s
    assert _types(slow) == ["turn.start", "turn.update"]
    assert _types(sped_up) == ["turn.eager_end", "turn.end"] and sped_up[1]["transcript"] == "slow"
    assert _types(later) == ["turn.start", "turn.update", "turn.eager_end"]
    assert _types(last) == ["turn.end"] and last[0]["transcript"] == " again"


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"turn": {"end_threshold": 0.45}}, "`turn.end_threshold` < `turn.eager_end_threshold`"),
        ({"turn": {"end_timeout_ms": 100}}, "turn.end_timeout_ms"),
        ({"turn": {"start_threshold": "high"}}, "turn.start_threshold"),
        ({"turn": {"eager_end_threshold": True}}, "turn.eager_end_threshold"),
        ({"turn": {"pause_ms": 300}}, "pause_ms"),
        ({"turn": [0.5]}, "`turn`"),
        ({}, "`turn`"),
    ],
)
async def test_a_bad_config_gets_an_error_and_changes_nothing(cartesia_server, config, named):
    async with _turns(cartesia_server, STRUCTURED, **FAST) as ws:
        await _connected(ws)
        await ws.send(json.dumps({"type": "config", **config}))
        error = await receive_json(ws)
        events = await _probe(ws, _speech("unchanged") + _silence(0.7 - _trail("unchanged")))
    assert error["type"] == "error" and error["status_code"] == 400 and named in error["message"]
    assert _types(events) == ["turn.start", "turn.update", "turn.eager_end"]  # still 0.6 s / 0.8 s


async def test_unknown_messages_get_an_error_and_the_session_goes_on(cartesia_server):
    async with _turns(cartesia_server, STRUCTURED) as ws:
        await _connected(ws)
        errors = []
        for frame in ("finalize", json.dumps({"type": "rewind"}), "[1, 2]", json.dumps({"kind": "close"})):
            await ws.send(frame)
            errors.append(await receive_json(ws))
        await _stream(ws, _speech("still here"))
        await ws.send(json.dumps({"type": "close"}))
        messages, closed = await _until_closed(ws)
    assert [(e["type"], e["status_code"], e["title"]) for e in errors] == [("error", 400, "Invalid request")] * 4
    assert "finalize" in errors[0]["message"] and "rewind" in errors[1]["message"]
    assert _transcripts(messages, "turn.end") == ["still here"] and closed == (1000, "done")


async def test_close_recognises_the_buffered_audio_then_closes(cartesia_server):
    spoken = synthesize("last words", RATE)
    cut = round(spoken.words[-1].end_s * RATE)  # no silence after the last word: it is not recognised yet
    async with _turns(cartesia_server) as ws:
        await _connected(ws)
        heard = await _probe(ws, encode_pcm(spoken.samples[:cut], "pcm_s16le"))
        await ws.send(json.dumps({"type": "close"}))
        drained, closed = await _until_closed(ws)
    assert _types(heard) == ["turn.start", "turn.update"] and heard[1]["transcript"] == "last"
    assert [(m["type"], m["transcript"]) for m in drained] == [("turn.update", "last words"), ("turn.end", "last words")]
    assert closed == (1000, "done")


async def test_other_encodings_and_rates(cartesia_server):
    spoken = synthesize("any rate", 24000)
    audio = encode_pcm(list(spoken.samples) + [0.0] * 24000, "pcm_f32le")
    async with _turns(cartesia_server, encoding="pcm_f32le", sample_rate=24000, **FAST) as ws:
        await _connected(ws)
        await _stream(ws, audio, frame=1920)  # 20 ms
        events = await _probe(ws)
    assert _transcripts(events, "turn.end") == ["any rate"]


@pytest.mark.parametrize(
    ("params", "title", "named"),
    [
        ({"model": "ink-whisper"}, "Invalid model", "ink-2"),
        ({"model": "ink-2-latest"}, "Invalid model", "ink-2-latest"),
        ({"model": ""}, "Missing field", "model"),
        ({"encoding": "mp3"}, "Invalid encoding", "encoding"),
        ({"sample_rate": "fast"}, "Invalid sample rate", "sample_rate"),
        ({"turn_start_threshold": "0.95"}, "Invalid request", "turn_start_threshold"),
        ({"turn_eager_end_threshold": "0.2"}, "Invalid request", "turn_eager_end_threshold"),
        ({"turn_end_threshold": "none"}, "Invalid request", "turn_end_threshold"),
        ({"turn_end_timeout_ms": "500"}, "Invalid request", "turn_end_timeout_ms"),
        ({"turn_end_threshold": "0.45"}, "Invalid request", "`turn_end_threshold` < `turn_eager_end_threshold`"),
        ({"turn_eager_end_threshold": "0.55", "turn_start_threshold": "0.5"}, "Invalid request", "< `turn_start_threshold`"),
        ({"keyterms": [f"term{i}" for i in range(101)]}, "Invalid request", "100 `keyterm`"),
        ({"keyterms": ["x" * 601, "y" * 600]}, "Invalid request", "1200 characters"),
    ],
)
async def test_bad_session_settings_get_an_error_frame_then_close(cartesia_server, params, title, named):
    async with _turns(cartesia_server, STRUCTURED, **params) as ws:
        messages, closed = await _until_closed(ws)
    assert len(messages) == 1 and closed[0] == 1008
    error = messages[0]
    assert error["type"] == "error" and error["status_code"] == 400 and error["title"] == title
    assert named in error["message"] and error["error_code"]


async def test_legacy_error_frames_carry_message_and_error(cartesia_server):
    async with _turns(cartesia_server, LEGACY, model="ink-whisper") as ws:
        error = await receive_json(ws)
        assert (await closed_with(ws))[0] == 1008
    assert error["message"] == error["error"] and error["message"].startswith("Invalid model: ")


async def test_settings_at_their_limits_are_accepted(cartesia_server):
    limits = {"turn_start_threshold": 0.9, "turn_eager_end_threshold": 0.6, "turn_end_threshold": 0.5, "turn_end_timeout_ms": 11200}
    terms = [f"term-{i:05d}-" for i in range(100)]  # 100 terms, 1200 characters
    async with _turns(cartesia_server, model="ink-2-2026-01-12", keyterms=terms, **limits) as ws:
        await _connected(ws)
    assert cartesia_server.requests.last(PATH).query_values("keyterm") == terms


async def test_handshake_needs_credentials_and_a_version(cartesia_server):
    with pytest.raises(InvalidStatus) as no_key:
        async with connect(ws_url(cartesia_server, PATH, api_key=None, **PARAMS)):
            pass
    assert no_key.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as no_version:
        async with connect(ws_url(cartesia_server, PATH, version=None, **PARAMS)):
            pass
    assert no_version.value.response.status_code == 400
    header_auth = {"Authorization": f"Bearer {cartesia_server.api_key}", "Cartesia-Version": LEGACY}
    query = urllib.parse.urlencode(PARAMS)
    async with connect(f"{cartesia_server.ws_url}{PATH}?{query}", additional_headers=header_auth) as ws:
        await _connected(ws)


async def test_access_tokens_need_the_stt_grant(cartesia_server):
    def token(grants):
        response = httpx.post(cartesia_server.url + "/access-token", headers=headers(cartesia_server), json={"grants": grants})
        return response.json()["token"]

    async with connect(ws_url(cartesia_server, PATH, api_key=None, access_token=token({"stt": True}), **PARAMS)) as ws:
        await _connected(ws)
    with pytest.raises(InvalidStatus) as refused:
        async with connect(ws_url(cartesia_server, PATH, api_key=None, access_token=token({"tts": True}), **PARAMS)):
            pass
    assert refused.value.response.status_code == 403


async def test_turn_sockets_idle_out():
    with LocalServer(stt_idle_timeout=0.2) as server:
        async with _turns(server) as ws:
            await _connected(ws)
            assert await closed_with(ws) == (1000, "connection idle timeout")


@pytest.mark.parametrize("version", [LEGACY, STRUCTURED])
async def test_an_injected_error_frame_replaces_one_event(cartesia_server, version):
    cartesia_server.faults.send_error_frame(after_frames=1, status=500, title="Overloaded", message="try later", error_code="overloaded", path=PATH)
    async with _turns(cartesia_server, version, **FAST) as ws:
        await _stream(ws, _speech("hello there") + _silence(1.0))
        await ws.send(json.dumps({"type": "close"}))
        messages, closed = await _until_closed(ws)
    # The error took turn.start's place, and the rest of that frame's events (the first update) with
    # it; the turn itself went on, so the next update still holds all of its text.
    assert _types(messages) == ["connected", "error", "turn.update", "turn.eager_end", "turn.end"]
    assert messages[2]["transcript"] == "hello there"
    error = messages[1]
    if version == LEGACY:
        assert error["error"] == "Overloaded: try later"
    else:
        assert (error["status_code"], error["title"], error["message"], error["error_code"]) == (500, "Overloaded", "try later", "overloaded")
    assert messages[-1]["transcript"] == "hello there" and closed == (1000, "done")


async def test_websocket_close_and_delay_faults(cartesia_server):
    cartesia_server.faults.close_websocket(after_frames=3, code=1011, reason="chaos", path=PATH, count=1)
    async with _turns(cartesia_server, **FAST) as ws:
        # Paced, so that no audio is left unread when the server closes (a close with unread data is a reset).
        await _stream(ws, _speech("cut short") + _silence(1.0), pace=0.005)
        messages, closed = await _until_closed(ws)
    assert _types(messages) == ["connected", "turn.start", "turn.update"] and closed == (1011, "chaos")
    cartesia_server.faults.delay_chunks(5.0, path=PATH)
    async with _turns(cartesia_server) as ws:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(ws.recv(), 0.3)


async def test_unknown_events_and_fields(cartesia_server):
    cartesia_server.faults.send_unknown_events(path=PATH)
    cartesia_server.faults.add_unknown_fields(path=PATH)
    async with _turns(cartesia_server, **FAST) as ws:
        await _stream(ws, _speech("odd") + _silence(1.0))
        await ws.send(json.dumps({"type": "close"}))
        messages, _ = await _until_closed(ws)
    assert _types(messages)[0::2] == [UNKNOWN_EVENT_TYPE] * 5
    assert _types(messages)[1::2] == ["connected", "turn.start", "turn.update", "turn.eager_end", "turn.end"]
    assert all(UNKNOWN_FIELD in m for m in messages[1::2])


async def test_frames_are_logged(cartesia_server):
    async with _turns(cartesia_server) as ws:
        await _connected(ws)
        await ws.send(b"\x00\x00" * 100)
        await ws.send(json.dumps({"type": "close"}))
        await _until_closed(ws)
    record = cartesia_server.requests.last(PATH)
    assert record.websocket and record.status == 101 and record.query_values("model") == ["ink-2"]
    assert [f.data for f in record.frames] == [b"\x00\x00" * 100, '{"type": "close"}']


async def test_the_espeak_engine_detects_turns_too():
    sentences = ["Please call me tomorrow morning.", "We need more time to finish the project."]
    with LocalServer(engine="espeak") as server:
        audio = b""
        for sentence in sentences:
            body = tts_body(sentence, voice={"mode": "id", "id": FEMININE_VOICE_ID})
            speech = httpx.post(server.url + "/tts/bytes", headers=headers(server), json=body, timeout=60).content
            assert len(decode_pcm(speech, "pcm_s16le")) > RATE
            audio += speech + _silence(1.0)
        async with _turns(server, **FAST) as ws:
            await _stream(ws, audio)
            await ws.send(json.dumps({"type": "close"}))
            messages, closed = await _until_closed(ws)
    types = _types(messages)
    assert types.count("turn.start") == 2 and types.count("turn.eager_end") == 2 and types.count("turn.end") == 2
    assert types[-1] == "turn.end" and closed == (1000, "done")  # both turns ended on silence, before the close
    ends = _transcripts(messages, "turn.end")
    assert not ends[0].startswith(" ") and ends[1].startswith(" ")
    for sentence, transcript in zip(sentences, ends):
        said, heard = re.findall(r"[a-z']+", sentence.lower()), set(transcript.split())
        assert sum(word in heard for word in said) * 2 >= len(said), transcript
