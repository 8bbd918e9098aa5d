"""The STT WebSockets against the local server, each scenario through the sync and the async client."""

from __future__ import annotations

import json
import typing

import pytest

from cartesia import ApiError, BadRequestError, RequestValidationError, WebSocketConnectionClosedError, frames_of
from cartesia.realtime.stt_events import DoneEvent, FlushDoneEvent, TranscriptEvent
from cartesia.server import LocalServer
from cartesia.server.audio import encode_pcm, synthesize

from ..helpers import run_async
from .drivers import Shell


def speech(text: str, sample_rate: int = 16000, encoding: str = "pcm_s16le") -> bytes:
    """Synthetic speech that the local server's recogniser hears as ``text``."""
    return encode_pcm(synthesize(text, sample_rate).samples, encoding)


def finals(results: typing.Iterable[typing.Any]) -> str:
    return "".join(r["text"] for r in results if r["type"] == "transcript" and r["is_final"])


def test_transcribe_yields_interim_then_final_results_that_read_as_2x_dicts(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).stt.websocket(model="ink-whisper", language="en", encoding="pcm_s16le", sample_rate=16000)
    results = list(ws.transcribe(frames_of(speech("one two three"))))
    ws.close()
    assert [r["type"] for r in results][-2:] == ["flush_done", "done"]
    interim = [r for r in results if r["type"] == "transcript" and not r["is_final"]]
    assert interim and interim[0]["text"] == "one"
    final = [r for r in results if r["type"] == "transcript" and r["is_final"]]
    assert len(final) == 1 and final[0]["text"] == "one two three"
    result = final[0]
    # the 2.x dict idioms
    assert result.get("text") == "one two three" and result.get("missing", "default") == "default"
    assert "words" in result and "duration" in result and "nothing" not in result
    assert [w["word"] for w in result["words"]] == ["one", "two", "three"]
    assert 0 <= result["words"][0]["start"] < result["words"][0]["end"] <= result["words"][1]["start"]
    assert set(result.keys()) == {"type", "request_id", "text", "is_final", "duration", "language", "words"}
    assert json.loads(json.dumps(dict(result)))["words"][2]["word"] == "three"
    # ... and typed access
    assert isinstance(result, TranscriptEvent) and result.is_final and result.words[2].word == "three"
    assert result.language == "en" and result.duration == pytest.approx(results[0]["duration"], abs=5)
    flush, done = results[-2:]
    assert isinstance(flush, FlushDoneEvent) and isinstance(done, DoneEvent)
    assert set(done) == {"type", "request_id"} and len({r["request_id"] for r in results}) == 1


def test_send_and_receive_with_finalize_then_done(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).stt.websocket()
    ws.send(speech("hello there"))
    ws.send("finalize")
    first = []
    for result in ws.receive():
        first.append(result)
        if result["type"] == "flush_done":
            break
    ws.send(bytearray(speech("general idea")))
    ws.send("done")
    rest = list(ws.receive())
    ws.close()
    assert finals(first) == "hello there" and finals(rest) == "general idea"
    assert rest[-1]["type"] == "done"
    frames = cartesia_server.requests.last("/stt/websocket").frames
    assert [f.data for f in frames if f.is_text] == ["finalize", "done"]
    assert b"".join(f.data for f in frames if not f.is_text) == speech("hello there") + speech("general idea")  # type: ignore[misc]


def test_the_newer_close_command_ends_the_stream_too(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).stt.websocket()
    ws.send(speech("short"))
    ws.send("close")
    results = list(ws.receive())
    ws.close()
    assert finals(results) == "short" and results[-1]["type"] == "done"


def test_a_socket_is_used_again_after_done_on_a_new_connection(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).stt.websocket()
    first = finals(ws.transcribe([speech("first")]))
    second = finals(ws.transcribe([speech("second")]))
    ws.send(speech("third"))
    ws.send("done")
    third = finals(ws.receive())
    ws.close()
    assert (first, second, third) == ("first", "second", "third")
    assert len(cartesia_server.requests.filter(path="/stt/websocket")) == 3


def test_transcribe_settings_reopen_the_socket_and_none_leaves_a_parameter_out(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).stt.websocket(language="en")
    text = finals(ws.transcribe([speech("slower rate", 8000)], sample_rate=8000, language=None, min_volume=0.01))
    ws.close()
    assert text == "slower rate"
    query = dict(cartesia_server.requests.last("/stt/websocket").query)
    assert query["sample_rate"] == "8000" and query["min_volume"] == "0.01" and "language" not in query


def test_transcribe_takes_the_format_of_a_wav_file(shell: Shell, cartesia_server: LocalServer, tmp_path: typing.Any) -> None:
    import wave

    path = tmp_path / "call.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(24000)
        out.writeframes(speech("from a file", 24000))
    ws = shell.client(cartesia_server).stt.websocket()
    assert finals(ws.transcribe(frames_of(path, frame_ms=40))) == "from a file"
    ws.close()
    request = cartesia_server.requests.last("/stt/websocket")
    assert dict(request.query)["sample_rate"] == "24000"
    audio_frames = [f.data for f in request.frames if not f.is_text]
    assert {len(f) for f in audio_frames[:-1]} == {24000 * 40 // 1000 * 2}


def test_websocket_connect_gives_typed_events_until_the_stream_is_over(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).stt.websocket_connect(sample_rate=16000) as conn:
        for frame in frames_of(speech("typed events")):
            conn.send(frame)
        conn.finalize()
        conn.finish()
        events = list(conn)
        with pytest.raises(WebSocketConnectionClosedError, match="over"):
            conn.recv()
        conn.send(speech("again"))  # a new stream on a new connection
        conn.send("done")
        first = conn.recv()
        again = [first, *conn.receive()]
    assert [e.type for e in events][-2:] == ["flush_done", "done"]
    assert "".join(e.text for e in events if isinstance(e, TranscriptEvent) and e.is_final) == "typed events"
    assert first.text == "again" and [e.type for e in again][-1] == "done"
    assert [e.text for e in again if isinstance(e, TranscriptEvent) and e.is_final] == ["again"]
    assert conn.response_headers and len(cartesia_server.requests.filter(path="/stt/websocket")) == 2


def test_settings_that_can_never_work_are_refused_before_connecting(shell: Shell, cartesia_server: LocalServer) -> None:
    client = shell.client(cartesia_server)
    for bad in ({"sample_rate": 0}, {"sample_rate": "16000"}, {"encoding": ""}, {"min_volume": 2}, {"max_silence_duration_secs": -1}, {"model": ""}, {"keyterm": [""]}):
        with pytest.raises(RequestValidationError, match=next(iter(bad))):
            client.stt.websocket(**bad)
    with pytest.raises(RequestValidationError, match="unknown WebSocket option"):
        client.stt.websocket(bogus=1)
    ws = client.stt.websocket()
    with pytest.raises(RequestValidationError, match="unknown setting"):
        ws.transcribe([b""], voice="x")
    with pytest.raises(TypeError):
        ws.send(12)
    with pytest.raises(RequestValidationError, match="finalize"):
        ws.send("flush")
    ws.close()
    assert len(cartesia_server.requests.filter(path="/stt/websocket")) == 1


@pytest.mark.parametrize("version", ["2024-11-13", "2026-03-01"])
def test_newer_values_pass_through_and_the_service_refusal_is_a_typed_error(shell: Shell, cartesia_server: LocalServer, version: str) -> None:
    ws = shell.client(cartesia_server, cartesia_version=version).stt.websocket(model="ink-future", encoding="pcm_s24le")
    with pytest.raises(ApiError) as raised:
        list(ws.receive())
    ws.close()
    error = raised.value
    assert "ink-future" in str(error) and error.request_id
    if version >= "2026-03-01":  # the structured errors carry their status
        assert isinstance(error, BadRequestError) and error.status_code == 400
    query = dict(cartesia_server.requests.last("/stt/websocket").query)
    assert query["model"] == "ink-future" and query["encoding"] == "pcm_s24le"


def test_keyterms_are_repeated_query_parameters(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).stt.websocket_connect(model="ink-2", keyterm=["Cartesia", "a&b c"]) as conn:
        conn.send(speech("key terms"))
        conn.finish()
        assert "".join(e.text for e in conn if e.type == "transcript" and e.is_final) == "key terms"
    assert cartesia_server.requests.last("/stt/websocket").query_values("keyterm") == ["Cartesia", "a&b c"]


def test_the_turns_socket_reports_turns_and_ends_after_close(shell: Shell, cartesia_server: LocalServer) -> None:
    silence = b"\x00\x00" * 16000  # one second: enough to end a turn at the default thresholds
    with shell.client(cartesia_server).stt.turns_websocket_connect(model="ink-2", turn_end_timeout_ms=640) as conn:
        for frame in frames_of(speech("first turn") + silence + speech("second turn")):
            conn.send(frame)
        conn.finish()
        events = list(conn)
    kinds = [e.type for e in events]
    assert kinds[0] == "connected" and kinds.count("turn.start") == 2 and kinds.count("turn.end") == 2
    ends = [e.transcript for e in events if e.type == "turn.end"]
    assert ends == ["first turn", " second turn"] and "".join(ends) == "first turn second turn"
    updates = [e["transcript"] for e in events if e["type"] == "turn.update"]
    assert updates[0] == "first" and all(e.request_id == events[0].request_id for e in events)
    request = cartesia_server.requests.last("/stt/turns/websocket")
    assert dict(request.query)["turn_end_timeout_ms"] == "640"
    assert [f.json() for f in request.frames if f.is_text] == [{"type": "close"}]


def test_turn_settings_change_mid_session_with_config(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).stt.turns_websocket_connect() as conn:
        conn.config(end_timeout_ms=700, end_threshold=0.3)
        conn.send({"type": "config", "turn": {"start_threshold": 0.6}})
        conn.send(speech("configured"))
        conn.finish()
        assert [e.transcript for e in conn if e.type == "turn.end"] == ["configured"]
    texts = [f.json() for f in cartesia_server.requests.last("/stt/turns/websocket").frames if f.is_text]
    assert texts[:2] == [{"type": "config", "turn": {"end_threshold": 0.3, "end_timeout_ms": 700}}, {"type": "config", "turn": {"start_threshold": 0.6}}]
    with pytest.raises(RequestValidationError, match="end_timeout_ms"):
        conn.config(end_timeout_ms=5)
    with pytest.raises(RequestValidationError, match="at least one"):
        conn.config()


def test_turn_settings_out_of_range_are_refused_before_connecting(shell: Shell, cartesia_server: LocalServer) -> None:
    client = shell.client(cartesia_server)
    with pytest.raises(RequestValidationError, match="turn_start_threshold"):
        client.stt.turns_websocket_connect(turn_start_threshold=0.95)
    with pytest.raises(RequestValidationError, match="sample_rate"):
        client.stt.turns_websocket_connect(sample_rate=-1)
    assert not cartesia_server.requests.filter(path="/stt/turns/websocket")


def test_credentials_and_version_go_in_headers_never_in_the_url(shell: Shell, cartesia_server: LocalServer) -> None:
    client = shell.client(cartesia_server, cartesia_version="2025-04-16")
    ws = client.stt.websocket(language="en", min_volume=0.5, max_silence_duration_secs=1.5)
    assert finals(ws.transcribe([speech("headers")])) == "headers"
    ws.close()
    handshake = cartesia_server.requests.last("/stt/websocket")
    assert handshake.query == [
        ("model", "ink-whisper"),
        ("encoding", "pcm_s16le"),
        ("sample_rate", "16000"),
        ("language", "en"),
        ("min_volume", "0.5"),
        ("max_silence_duration_secs", "1.5"),
    ]
    assert handshake.headers["x-api-key"] == cartesia_server.api_key and handshake.headers["cartesia-version"] == "2025-04-16"
    assert ws.response_headers


def test_an_access_token_opens_the_stt_sockets(shell: Shell, cartesia_server: LocalServer) -> None:
    from cartesia import Cartesia

    token = Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url).auth.access_token(grants={"stt": True}).token
    client = shell.client(cartesia_server, api_key=None, token=token)
    ws = client.stt.websocket()
    assert finals(ws.transcribe([speech("with a token")])) == "with a token"
    ws.close()
    assert cartesia_server.requests.last("/stt/websocket").headers["authorization"] == f"Bearer {token}"


def test_the_2x_module_paths_and_names_resolve() -> None:
    import importlib

    from cartesia import Cartesia
    from cartesia.realtime.stt_async import AsyncSttWebsocket
    from cartesia.realtime.stt_sync import SttWebsocket
    from cartesia.stt.client import AsyncSttClient, SttClient

    assert importlib.import_module("cartesia.stt._websocket").SttWebsocket is SttWebsocket
    assert importlib.import_module("cartesia.stt._async_websocket").AsyncSttWebsocket is AsyncSttWebsocket
    socket_client = importlib.import_module("cartesia.stt.socket_client")
    assert socket_client.SttClientWithWebsocket is SttClient and socket_client.AsyncSttClientWithWebsocket is AsyncSttClient
    assert isinstance(Cartesia(api_key="k").stt, socket_client.SttClientWithWebsocket)


def test_async_transcribe_takes_an_async_iterable_and_sends_while_it_receives(cartesia_server: LocalServer) -> None:
    import asyncio

    from cartesia import AsyncCartesia

    sent: typing.List[int] = []

    async def paced() -> typing.AsyncIterator[bytes]:
        for frame in frames_of(speech("async audio")):
            sent.append(len(sent))
            yield frame
            await asyncio.sleep(0.005)  # a quarter of real time: replies have time to come back

    async def main() -> typing.Tuple[typing.List[typing.Any], typing.List[int]]:
        async with AsyncCartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
            async with client.stt.websocket() as ws:
                seen_at = []
                results = []
                async for result in ws.transcribe(paced()):
                    seen_at.append(len(sent))
                    results.append(result)
                return results, seen_at

    results, seen_at = run_async(main)
    assert finals(results) == "async audio"
    assert seen_at[0] < len(sent), "the first interim result arrived before the last frame was sent"


def test_frames_sent_in_bursts_arrive_whole_and_in_order(shell: Shell, cartesia_server: LocalServer) -> None:
    frames = [bytes([i % 251]) * 640 for i in range(600)]  # 384 KB: past the point where queued frames are written at once
    ws = shell.client(cartesia_server).stt.websocket()
    for i, frame in enumerate(frames):
        ws.send(frame)
        if i in (10, 300):
            ws.send("finalize")
    ws.send("done")
    list(ws.receive())
    ws.close()
    logged = cartesia_server.requests.last("/stt/websocket").frames
    expected: typing.List[typing.Any] = []
    for i, frame in enumerate(frames):
        expected.append(frame)
        if i in (10, 300):
            expected.append("finalize")
    assert [f.data for f in logged] == expected + ["done"]


def test_an_async_frame_leaves_when_the_caller_next_waits(cartesia_server: LocalServer) -> None:
    import asyncio

    from cartesia import AsyncCartesia

    async def main() -> int:
        async with AsyncCartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
            async with client.stt.websocket_connect() as conn:
                await conn.send(b"\x01\x00" * 320)
                for _ in range(200):  # no further send: the frame must go out by itself
                    await asyncio.sleep(0.01)
                    record = cartesia_server.requests.last("/stt/websocket")
                    if record.frames:
                        return len(record.frames[0].data)
                return 0

    assert run_async(main) == 640
