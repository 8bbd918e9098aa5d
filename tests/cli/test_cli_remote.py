"""The ``cartesia`` command against a mocked API: output files, printed results, one-line errors."""

from __future__ import annotations

import json
import pathlib
import typing

import pytest
import respx

from cartesia.cli import main
from cartesia.cli.errors import UsageError
from cartesia.cli.formats import AudioFormat, choose_format

BASE = "https://api.example.test"
REMOTE = ["--api-key", "sk_test", "--base-url", BASE]
VOICE = {"id": "v1", "is_owner": True, "name": "Narrator", "description": "Calm.", "created_at": "2024-11-13T07:06:22Z", "language": "en"}


@pytest.fixture
def api() -> typing.Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


def test_tts_streams_to_a_file_in_the_format_of_its_extension(api: respx.MockRouter, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    route = api.post("/tts/bytes").respond(200, content=b"ID3" + b"\x00" * 15997)
    out = tmp_path / "hello.mp3"
    assert main(["tts", "Hello, world", "-o", str(out), *REMOTE, "--voice", "v1"]) == 0
    assert out.read_bytes() == b"ID3" + b"\x00" * 15997
    assert not (tmp_path / "hello.mp3.part").exists()
    body = json.loads(route.calls[0].request.content)
    assert body == {
        "model_id": "sonic-2",
        "transcript": "Hello, world",
        "voice": {"mode": "id", "id": "v1"},
        "language": "en",
        "output_format": {"container": "mp3", "sample_rate": 44100, "bit_rate": 128000},
    }
    assert route.calls[0].request.headers["x-api-key"] == "sk_test"
    err = capsys.readouterr().err
    assert f"Wrote {out} (15.6 KiB, mp3, 1.0 s of audio)" in err


def test_tts_options_override_the_extension(api: respx.MockRouter, tmp_path: pathlib.Path) -> None:
    route = api.post("/tts/bytes").respond(200, content=b"RIFF")
    assert main(["tts", "x", "-o", str(tmp_path / "a.wav"), *REMOTE, "--encoding", "pcm_f32le", "--sample-rate", "16000", "-q"]) == 0
    assert json.loads(route.calls[0].request.content)["output_format"] == {"container": "wav", "sample_rate": 16000, "encoding": "pcm_f32le"}


def test_a_failed_synthesis_leaves_no_file_and_prints_one_line(api: respx.MockRouter, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    api.post("/tts/bytes").respond(400, text="Invalid voice: unknown id")
    out = tmp_path / "x.wav"
    assert main(["tts", "x", "-o", str(out), *REMOTE]) == 1
    assert not out.exists() and not (tmp_path / "x.wav.part").exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["cartesia: error: 400 Bad Request: Invalid voice: unknown id"]


def test_unauthorized_says_to_check_the_key(api: respx.MockRouter, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    api.get("/voices/").respond(401, text="Invalid API key")
    assert main(["voices", "list", *REMOTE]) == 1
    assert capsys.readouterr().err.strip() == "cartesia: error: 401 Unauthorized: Invalid API key (check the API key)"


def test_voices_list_get_delete(api: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    api.get("/voices/").respond(200, json={"data": [VOICE, dict(VOICE, id="v2", name="Other")], "has_more": False})
    assert main(["voices", "list", *REMOTE]) == 0
    assert capsys.readouterr().out.splitlines() == ["v1  en   Narrator", "v2  en   Other"]
    assert main(["voices", "list", "--limit", "1", "--json", *REMOTE]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["id"] == "v1"
    api.get("/voices/v1").respond(200, json=VOICE)
    assert main(["voices", "get", "v1", *REMOTE]) == 0
    assert capsys.readouterr().out == "v1  en   Narrator\nCalm.\n"
    deleted = api.delete("/voices/v1").respond(204)
    assert main(["voices", "delete", "v1", *REMOTE]) == 0
    assert deleted.call_count == 1


def test_voices_clone(api: respx.MockRouter, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    clip = tmp_path / "me.wav"
    clip.write_bytes(b"RIFF")
    route = api.post("/voices/clone").respond(
        200, json={"id": "c1", "user_id": "u", "is_public": False, "name": "Me", "description": "", "created_at": "2024-11-13T07:06:22Z", "language": "en"}
    )
    assert main(["voices", "clone", str(clip), "--name", "Me", *REMOTE]) == 0
    assert capsys.readouterr().out.strip() == "c1  en   Me"
    assert b'name="mode"\r\n\r\nsimilarity' in route.calls[0].request.content


def test_stt_prints_the_transcript_and_word_timings(api: respx.MockRouter, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    audio = tmp_path / "speech.wav"
    audio.write_bytes(b"RIFF....WAVE")
    route = api.post("/stt").respond(200, json={"text": "Hello there", "words": [{"word": "Hello", "start": 0.0, "end": 0.42}, {"word": "there", "start": 0.5, "end": 0.9}]})
    assert main(["stt", str(audio), *REMOTE]) == 0
    assert capsys.readouterr().out.splitlines() == ["Hello there", "    0.00     0.42  Hello", "    0.50     0.90  there"]
    assert b'name="timestamp_granularities[]"\r\n\r\nword' in route.calls[0].request.content


def test_missing_input_file_is_one_line(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stt", str(tmp_path / "nope.wav"), *REMOTE]) == 1
    assert capsys.readouterr().err.strip() == f"cartesia: error: no such audio file: {tmp_path / 'nope.wav'}"
    assert main(["voices", "clone", str(tmp_path / "nope.wav"), "--name", "x", *REMOTE]) == 1
    assert "not found" in capsys.readouterr().err


def test_usage_errors(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tts", "x", "-o", str(tmp_path / "a.ogg"), *REMOTE]) == 1
    assert "cannot tell the audio format of" in capsys.readouterr().err
    assert main(["tts", "   ", "-o", str(tmp_path / "a.wav"), *REMOTE]) == 1
    assert "the text is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["tts"])
    assert info.value.code == 2


def test_a_base_url_without_a_key_is_an_error_not_a_local_run(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices", "list", "--base-url", BASE]) == 1
    err = capsys.readouterr().err
    assert "No Cartesia credentials" in err and "CARTESIA_API_KEY" in err


@pytest.mark.parametrize(
    ("output", "options", "expected"),
    [
        ("a.wav", {}, AudioFormat("wav", 44100, encoding="pcm_s16le")),
        ("a.MP3", {}, AudioFormat("mp3", 44100, bit_rate=128000)),
        ("a.ulaw", {}, AudioFormat("raw", 8000, encoding="pcm_mulaw")),
        ("a.raw", {"sample_rate": 24000}, AudioFormat("raw", 24000, encoding="pcm_f32le")),
        ("a.bin", {"container": "mp3", "bit_rate": 64000}, AudioFormat("mp3", 44100, bit_rate=64000)),
        ("-", {}, AudioFormat("wav", 44100, encoding="pcm_s16le")),
    ],
)
def test_choose_format(output: str, options: typing.Dict[str, typing.Any], expected: AudioFormat) -> None:
    assert choose_format(output, **options) == expected


def test_choose_format_rejects_unknown_extensions() -> None:
    with pytest.raises(UsageError):
        choose_format("a.flac")
