"""The TTS WebSocket against the local server, each scenario through the sync and the async client."""

from __future__ import annotations

import threading
import time
import typing

import pytest

from cartesia import BadRequestError, NotFoundError, RequestValidationError
from cartesia.server import LocalServer
from cartesia.server.audio import decode_pcm, transcribe

from .drivers import Shell

VOICE_ID = "694f9389-aac1-45b6-b726-9d9369183238"
VOICE = {"mode": "id", "id": VOICE_ID}
FORMAT = {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}
TTS = {"model_id": "sonic-2", "voice": VOICE, "output_format": FORMAT}


def heard(audio: bytes) -> str:
    """What the local server's recogniser hears in synthetic s16le 16 kHz audio."""
    return " ".join(w.word for w in transcribe(decode_pcm(audio, "pcm_s16le"), 16000))


def joined(outputs: typing.Iterable[typing.Any]) -> bytes:
    return b"".join(o.audio for o in outputs if getattr(o, "audio", None) is not None)


def test_send_streams_audio_with_word_and_phoneme_timestamps(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).tts.websocket()
    outputs = list(ws.send(**TTS, transcript="Hello big world", add_timestamps=True, add_phoneme_timestamps=True))
    ws.close()
    assert heard(joined(outputs)) == "Hello big world"
    words = [w for o in outputs if o.word_timestamps for w in o.word_timestamps.words]
    assert words == ["Hello", "big", "world"]
    starts = [s for o in outputs if o.word_timestamps for s in o.word_timestamps.start]
    assert starts == sorted(starts) and starts[0] >= 0
    phonemes = [p for o in outputs if o.phoneme_timestamps for p in o.phoneme_timestamps.phonemes]
    assert phonemes, "phoneme timestamps were asked for"
    assert all(o.context_id == outputs[0].context_id for o in outputs)


def test_stream_false_gives_one_aggregated_output(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).tts.websocket()
    output = ws.send(**TTS, transcript="Hello world", add_timestamps=True, stream=False, context_id="whole")
    plain = ws.send(**TTS, transcript="Hello world", stream=False)
    ws.close()
    assert heard(output.audio) == "Hello world"
    assert output.context_id == "whole"
    assert output.word_timestamps.words == ["Hello", "world"]
    assert len(output.word_timestamps.start) == len(output.word_timestamps.end) == 2
    assert output.phoneme_timestamps is None and plain.word_timestamps is None
    assert plain.audio == output.audio


def test_a_context_streams_text_pieces_and_yields_while_sending(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).tts.websocket()
    ctx = ws.context("story")
    words = "the quick brown fox jumps over the lazy dog".split()
    if shell.kind == "sync":
        outputs = list(ctx.send(**TTS, transcript=iter(w + " " for w in words), max_buffer_delay_ms=0, add_timestamps=True))
    else:
        for word in words:
            ctx.send(**TTS, transcript=word + " ", continue_=True, max_buffer_delay_ms=0, add_timestamps=True)
        ctx.no_more_inputs()
        outputs = list(ctx.receive())
    assert ctx.is_closed()
    ws.close()
    assert heard(joined(outputs)) == " ".join(words)
    frames = [f.json() for f in cartesia_server.requests.last("/tts/websocket").frames]
    assert [f["transcript"] for f in frames] == [w + " " for w in words] + [""]
    assert all(f["continue"] is True and f["max_buffer_delay_ms"] == 0 for f in frames[:-1])
    assert frames[-1]["continue"] is False


def test_many_pushes_with_continue_are_spoken_as_one_text(shell: Shell, cartesia_server: LocalServer) -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        ctx = conn.context(**TTS, max_buffer_delay_ms=200)
        for index in range(0, len(text), 3):  # pieces that cut words apart
            ctx.push(text[index : index + 3])
        ctx.no_more_inputs()
        events = list(ctx.receive())
    assert events[-1].type == "done"
    assert heard(b"".join(e.audio for e in events if e.type == "chunk")) == text
    assert ctx.metrics.time_to_first_audio is not None and ctx.metrics.time_to_first_audio > 0
    assert ctx.metrics.chunks == sum(e.type == "chunk" for e in events)
    assert len(ctx.metrics.chunk_times) == ctx.metrics.chunks and ctx.metrics.chunk_times == sorted(ctx.metrics.chunk_times)


def test_newer_contexts_give_typed_events_with_flush_ids(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server, cartesia_version="2026-08-14").tts.websocket_connect() as conn:
        ctx = conn.context(model_id="sonic-2", voice=VOICE_ID, output_format=FORMAT, add_timestamps=True)
        ctx.push("Hello there ")
        ctx.flush()
        ctx.push("general ")
        ctx.push("idea", flush=True)
        ctx.no_more_inputs()
        events = list(ctx.receive())
    types = [e.type for e in events]
    assert types[-1] == "done" and types.count("flush_done") == 2
    assert [e.flush_id for e in events if e.type == "flush_done"] == [1, 2]
    first = types.index("flush_done")
    assert heard(b"".join(e.audio for e in events[:first] if e.type == "chunk")) == "Hello there"
    assert {e.flush_id for e in events[first + 1 :] if e.type == "chunk"} == {2}
    assert any(e.type == "timestamps" for e in events)
    frame = cartesia_server.requests.last("/tts/websocket").frames[0].json()
    assert frame["voice"] == VOICE_ID  # a plain id string, as this API version takes it


def test_a_voice_id_string_is_sent_as_an_id_specifier_to_older_versions(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        ctx = conn.context(model_id="sonic-2", voice=VOICE_ID, output_format=FORMAT)
        ctx.push("Hello")
        ctx.no_more_inputs()
        assert list(ctx.receive())[-1].type == "done"
    assert cartesia_server.requests.last("/tts/websocket").frames[0].json()["voice"] == {"mode": "id", "id": VOICE_ID}


def test_each_flush_reader_gets_exactly_its_own_audio(cartesia_server: LocalServer) -> None:
    shell = Shell("async")  # flush readers are the async 2.x context's
    try:
        ws = shell.client(cartesia_server).tts.websocket()
        ctx = ws.context()
        ctx.send(**TTS, transcript="alpha beta ", continue_=True)
        first = ctx.flush()
        ctx.send(**TTS, transcript="gamma delta ", continue_=True)
        second = ctx.flush()
        ctx.no_more_inputs()
        rest = list(ctx.receive())  # reading everything else first must not steal the flushes' audio
        second_audio, first_audio = joined(second()), joined(first())
        ws.close()
    finally:
        shell.close()
    assert heard(first_audio) == "alpha beta"
    assert heard(second_audio) == "gamma delta"
    assert joined(rest) == b""


def test_cancel_stops_a_context_at_once_and_others_go_on(shell: Shell) -> None:
    with LocalServer(chunk_seconds=0.02) as server:
        server.faults.delay_chunks(0.005)  # 200 words take seconds: the context is surely live when cancelled
        with shell.client(server).tts.websocket_connect() as conn:
            long = conn.context(**TTS)
            long.push("word " * 200)
            long.no_more_inputs()
            events = long.receive()
            assert next(events).type == "chunk"
            long.cancel()
            assert list(events) == []  # nothing more, not even what had already arrived
            assert long.is_closed()
            short = conn.context(**TTS)
            short.push("still here")
            short.no_more_inputs()
            assert heard(b"".join(e.audio for e in short.receive() if e.type == "chunk")) == "still here"
        frames = [f.json() for f in server.requests.last("/tts/websocket").frames]
    assert {"context_id": long.context_id, "cancel": True} in frames


def test_fifty_contexts_share_one_socket_and_every_chunk_arrives(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        contexts = [conn.context(**TTS) for _ in range(50)]
        for index, ctx in enumerate(contexts):
            ctx.push(f"number {index} ")
            ctx.no_more_inputs()
        received = {ctx.context_id: list(ctx.receive()) for ctx in reversed(contexts)}
    assert len(cartesia_server.requests.filter(path="/tts/websocket")) == 1
    for index, ctx in enumerate(contexts):
        events = received[ctx.context_id]
        assert events[-1].type == "done" and all(e.context_id == ctx.context_id for e in events)
        assert heard(b"".join(e.audio for e in events if e.type == "chunk")) == f"number {index}"
        assert ctx.metrics.chunks == sum(e.type == "chunk" for e in events)


def test_settings_are_checked_before_anything_is_sent(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).tts.websocket()
    bad = [
        {"output_format": {"container": "mp3", "sample_rate": 44100, "bit_rate": 128000}},
        {"output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": "fast"}},
        {"voice": {"mode": "id"}},
        {"voice": 42},
        {"model_id": ""},
        {"max_buffer_delay_ms": -1},
        {"add_timestamps": "yes"},
    ]
    for override in bad:
        name = next(iter(override))
        with pytest.raises(RequestValidationError, match=name):
            ws.send(**{**TTS, **override}, transcript="Hello")
    ws.close()
    assert cartesia_server.requests.last("/tts/websocket").frames == []


def test_a_server_error_fails_only_the_context_it_names(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        good = conn.context(**TTS)
        bad = conn.context(**{**TTS, "voice": {"mode": "id", "id": "00000000-0000-4000-8000-000000000000"}})
        good.push("fine")
        bad.push("broken")
        good.no_more_inputs()
        bad.no_more_inputs()
        with pytest.raises((BadRequestError, NotFoundError)) as raised:
            list(bad.receive())
        assert raised.value.context_id == bad.context_id
        assert raised.value.status_code in (400, 404) and raised.value.message
        assert heard(b"".join(e.audio for e in good.receive() if e.type == "chunk")) == "fine"


def test_a_context_id_in_use_is_refused(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).tts.websocket()
    ws.context("same")
    with pytest.raises(RequestValidationError, match="already exists"):
        ws.context("same")
    ws.close()


def test_contexts_can_be_read_from_several_threads(cartesia_server: LocalServer) -> None:
    shell = Shell("sync")
    try:
        with shell.client(cartesia_server).tts.websocket_connect() as conn:
            contexts = [conn.context(**TTS) for _ in range(8)]
            results: typing.Dict[str, str] = {}

            def read(index: int) -> None:
                ctx = contexts[index]
                ctx.push(f"thread {index}")
                ctx.no_more_inputs()
                results[ctx.context_id] = heard(b"".join(e.audio for e in ctx.receive() if e.type == "chunk"))

            threads = [threading.Thread(target=read, args=(i,)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
        assert [results[c.context_id] for c in contexts] == [f"thread {i}" for i in range(8)]
    finally:
        shell.close()


def test_close_is_idempotent_and_bounded(shell: Shell, cartesia_server: LocalServer) -> None:
    ws = shell.client(cartesia_server).tts.websocket()
    started = time.monotonic()
    ws.close()
    ws.close()
    assert time.monotonic() - started < 3
    with pytest.raises(Exception) as raised:
        ws.send(**TTS, transcript="after close")
    assert type(raised.value).__name__ == "WebSocketConnectionClosedError"


def test_async_sockets_open_with_await_or_async_with(cartesia_server: LocalServer) -> None:
    import asyncio

    from cartesia import AsyncCartesia

    async def main() -> typing.Tuple[bool, bool, int]:
        async with AsyncCartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
            async with client.tts.websocket() as ws:
                async with ws.context("managed") as ctx:
                    await ctx.send(**TTS, transcript="inside")
                    outputs = [o async for o in ctx.receive()]
            closed = ws._socket.transport.connection is None
            opened = await client.tts.websocket()
            is_open = opened._socket.transport.is_open()
            await opened.close()
            return closed, is_open, len(outputs)

    result: typing.Dict[str, typing.Any] = {}
    thread = threading.Thread(target=lambda: result.update(value=asyncio.run(main())))
    thread.start()
    thread.join(30)
    closed, is_open, count = result["value"]
    assert closed and is_open and count > 0
