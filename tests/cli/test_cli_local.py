"""The ``cartesia`` command with no API key: the embedded local server, as on a fresh machine."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import typing
import wave

import httpx
import pytest

from cartesia.cli import main
from cartesia.cli.session import LOCAL_NOTE


def test_tts_with_no_key_uses_the_local_server_and_says_so(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hello.wav"
    assert main(["tts", "Hello, world", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[0] == LOCAL_NOTE
    with wave.open(str(out)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth(), audio.getframerate()) == (1, 2, 44100)
        assert audio.getnframes() / 44100 > 0.3
    assert f"Wrote {out}" in err


def test_speech_made_by_tts_comes_back_from_stt(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "line.wav"
    assert main(["tts", "Testing one two three", "-o", str(out), "--local", "--engine", "synthetic", "-q"]) == 0
    assert main(["stt", str(out), "--local", "--engine", "synthetic"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Testing one two three"
    timings = [line.split() for line in lines[1:]]
    assert [t[2] for t in timings] == ["Testing", "one", "two", "three"]
    starts = [float(t[0]) for t in timings]
    assert starts == sorted(starts) and float(timings[-1][1]) <= 5


def test_tts_to_standard_output(tmp_path: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cartesia", "tts", "Hi there", "-o", "-", "--local", "-q", "--container", "raw", "--encoding", "pcm_mulaw", "--sample-rate", "8000"],
        capture_output=True, check=True, env=_env_without_key(),
    )
    assert len(result.stdout) > 800 and result.stderr == b""


def test_voices_in_local_mode(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices", "list", "--local", "--json"]) == 0
    voices = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "694f9389-aac1-45b6-b726-9d9369183238" in [v["id"] for v in voices]
    assert main(["voices", "get", "00000000-0000-4000-8000-000000000000", "--local"]) == 1
    assert capsys.readouterr().err.strip().startswith("cartesia: error: 404 Not Found")


def _env_without_key() -> typing.Dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CARTESIA_") or k == "CARTESIA_STATE_DIR"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_from_the_shell() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cartesia", "serve", "--port", str(port), "--api-key", "sk_shell"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env_without_key(),
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert status.json()["ok"] is True
        denied = httpx.get(f"http://127.0.0.1:{port}/voices/", headers={"X-API-Key": "sk_other", "Cartesia-Version": "2024-11-13"})
        assert denied.status_code == 401
        allowed = httpx.get(f"http://127.0.0.1:{port}/voices/", headers={"X-API-Key": "sk_shell", "Cartesia-Version": "2024-11-13"})
        assert allowed.status_code == 200 and allowed.json()["data"]
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert f"127.0.0.1:{port}" in err.decode()


def test_stt_stream_prints_partial_then_final_transcripts(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "line.wav"
    assert main(["tts", "Streaming one two three", "-o", str(out), "--local", "--engine", "synthetic", "-q", "--sample-rate", "16000"]) == 0
    capsys.readouterr()
    assert main(["stt", str(out), "--local", "--engine", "synthetic", "--stream", "--frame-ms", "40"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["Streaming one two three"]
    partials = [line[2:] for line in captured.err.splitlines() if line.startswith("… ")]
    assert partials[0] == "Streaming" and partials[-1] == "Streaming one two three" and len(partials) == 4
    assert main(["stt", str(out), "--local", "--engine", "synthetic", "--stream", "--json"]) == 0
    messages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [m["type"] for m in messages][-2:] == ["flush_done", "done"]
    assert [m["text"] for m in messages if m["type"] == "transcript" and m["is_final"]] == ["Streaming one two three"]


def test_stt_stream_refuses_audio_it_cannot_stream(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "line.mp3"
    assert main(["tts", "compressed", "-o", str(out), "--local", "-q"]) == 0
    assert main(["stt", str(out), "--local", "--stream"]) == 1
    assert "give a WAV or raw file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "tts_options", "stt_options"),
    [
        ("line.wav", [], []),
        ("line.mp3", [], []),
        ("line.mp3", ["--sample-rate", "16000", "--bit-rate", "32000"], []),
        ("line.raw", ["--encoding", "pcm_s16le", "--sample-rate", "16000"], ["--encoding", "pcm_s16le", "--sample-rate", "16000"]),
    ],
)
def test_tts_then_stt_round_trips_in_every_container(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], name: str, tts_options: typing.List[str], stt_options: typing.List[str]
) -> None:
    out = tmp_path / name
    assert main(["tts", "Round trip in a container", "-o", str(out), "--local", "--engine", "synthetic", "-q", *tts_options]) == 0
    capsys.readouterr()
    assert main(["stt", str(out), "--local", "--engine", "synthetic", *stt_options]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Round trip in a container"


def test_the_built_in_server_speaks_with_espeak_when_it_can(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from cartesia.cli import session
    from cartesia.server import LocalServer

    engines: typing.List[str] = []

    def recording(**options: typing.Any) -> LocalServer:
        engines.append(options["engine"])
        return LocalServer(**{**options, "engine": "synthetic"})

    monkeypatch.setattr(session, "_local_server_class", lambda: recording)
    assert main(["voices", "list", "--local", "--limit", "1"]) == 0
    assert main(["voices", "list", "--local", "--limit", "1", "--engine", "synthetic"]) == 0
    assert engines == ["auto", "synthetic"]
    capsys.readouterr()


def test_voices_made_with_the_built_in_server_persist_until_reset(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    clip = tmp_path / "me.wav"
    assert main(["tts", "My own voice sample", "-o", str(clip), "--local", "--engine", "synthetic", "-q"]) == 0
    assert main(["voices", "clone", str(clip), "--name", "Kept voice", "--local", "--engine", "synthetic", "--json"]) == 0
    voice_id = json.loads(capsys.readouterr().out)["id"]
    assert main(["voices", "list", "--owner", "--local", "--json"]) == 0  # a later command, a new server
    assert [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()] == ["Kept voice"]
    other = tmp_path / "elsewhere"
    assert main(["voices", "list", "--owner", "--local", "--json", "--state", str(other)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["local", "reset"]) == 0
    assert "Forgot the local server's voices" in capsys.readouterr().err
    assert main(["voices", "get", voice_id, "--local"]) == 1
    assert "404" in capsys.readouterr().err
