"""The README's WebSocket examples, and programs written the 2.x README's way, run against the local server."""

from __future__ import annotations

import asyncio
import contextlib
import io
import pathlib
import re
import threading
import typing
import wave

import pytest

from cartesia import AsyncCartesia, Cartesia
from cartesia.server import LocalServer

ROOT = pathlib.Path(__file__).resolve().parents[2]


def readme_blocks(heading: str) -> typing.List[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, cartesia_server: LocalServer) -> LocalServer:
    monkeypatch.setenv("CARTESIA_API_KEY", cartesia_server.api_key)
    monkeypatch.setenv("CARTESIA_BASE_URL", cartesia_server.url)
    return cartesia_server


def run_in_thread(code: str, name: str) -> str:
    """Run ``code`` in a thread of its own (its asyncio.run must not meet the test runner's loop)."""
    output = io.StringIO()
    errors: typing.List[BaseException] = []

    def run() -> None:
        try:
            with contextlib.redirect_stdout(output):
                exec(compile(code, name, "exec"), {"__name__": "__main__"})
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), f"{name} did not finish"
    assert not errors, errors
    return output.getvalue()


def test_the_readme_websocket_examples_run(environment: LocalServer) -> None:
    blocks = readme_blocks("Streaming text to speech over WebSocket")
    assert len(blocks) == 2
    printed = run_in_thread(blocks[0], "README sync WebSocket example")
    assert "['Hello,'] [0.05]" in printed and "['world!']" in printed and "first audio after" in printed
    printed = run_in_thread(blocks[1], "README async WebSocket example")
    assert "['Let']" in printed
    frames = [f.json() for r in environment.requests.filter(path="/tts/websocket") for f in r.frames]
    assert any(f.get("cancel") is True for f in frames)


def test_the_readme_stt_websocket_examples_run(environment: LocalServer, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cartesia.server.audio import encode_pcm, synthesize

    silence = b"\x00\x00" * 16000
    with wave.open(str(tmp_path / "call.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(encode_pcm(synthesize("hello there", 16000).samples, "pcm_s16le") + silence)
        out.writeframes(encode_pcm(synthesize("second turn", 16000).samples, "pcm_s16le"))
    monkeypatch.chdir(tmp_path)
    blocks = readme_blocks("Streaming speech to text over WebSocket")
    assert len(blocks) == 2
    printed = run_in_thread(blocks[0], "README sync STT example").splitlines()
    assert "partial: hello" in printed and "final: hello there second turn" in printed
    assert printed.count("the caller is speaking: stop the agent") == 2
    assert "turn: hello there" in printed and "turn:  second turn" in printed
    printed = run_in_thread(blocks[1], "README async STT example").splitlines()
    assert printed[0].startswith("hello there second turn [('hello', 0.05")


def test_a_program_written_for_the_2x_readme_streams_to_a_player(environment: LocalServer) -> None:
    """The 2.x README's shape: `for output in ws.send(..., stream=True)`, writing `output.audio` to a player."""
    written: typing.List[bytes] = []
    client = Cartesia()
    ws = client.tts.websocket()
    for output in ws.send(
        model_id="sonic-3",
        transcript="Hello! Welcome to Cartesia",
        voice={"mode": "id", "id": "a0e99841-438c-4a64-b679-ae501e7d6091"},
        stream=True,
        output_format={"container": "raw", "encoding": "pcm_f32le", "sample_rate": 22050},
    ):
        written.append(output.audio)  # a player's write(), which needs bytes every time
    ws.close()
    client.close()
    assert written and all(isinstance(chunk, bytes) and chunk for chunk in written)
    assert sum(map(len, written)) % 4 == 0  # whole f32 samples


def test_a_program_written_for_the_2x_timestamps_example_runs(environment: LocalServer) -> None:
    environment.voices.create("Example voice", voice_id="f9836c6e-a0bd-460e-9d3c-f7299fa60f94")

    async def main() -> typing.Tuple[typing.List[str], int]:
        client = AsyncCartesia()
        ws = await client.tts.websocket()
        generated = await ws.send(
            model_id="sonic-2",
            transcript="Hello! Welcome to Cartesia's text-to-speech.",
            voice={"id": "f9836c6e-a0bd-460e-9d3c-f7299fa60f94"},
            output_format={"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100},
            add_timestamps=True,
            add_phoneme_timestamps=True,
            stream=True,
        )
        words: typing.List[str] = []
        chunks = 0
        async for out in generated:
            if out.audio is not None:
                chunks += 1
            if out.word_timestamps is not None:
                words.extend(out.word_timestamps.words)
        await ws.close()
        await client.close()
        return words, chunks

    result: typing.Dict[str, typing.Any] = {}
    thread = threading.Thread(target=lambda: result.update(value=asyncio.run(main())))
    thread.start()
    thread.join(60)
    words, chunks = result["value"]
    assert words == ["Hello!", "Welcome", "to", "Cartesia's", "text-to-speech."] and chunks > 0
