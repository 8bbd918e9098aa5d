"""`POST /stt` (and `/audio/transcriptions`): the synthetic voice's words come back, with times."""

from __future__ import annotations

import httpx
import pytest

from cartesia.server.audio import encode_audio, encode_mp3, encode_pcm, synthesize

from .server_helpers import LEGACY, STRUCTURED, headers

SENTENCE = "Testing one two three"


def _post(server, files, data, params=None, version=LEGACY, path="/stt"):
    return httpx.post(server.url + path, headers=headers(server, version), files=files, data=data, params=params)


def test_wav_upload_is_transcribed_with_words(cartesia_server):
    spoken = synthesize(SENTENCE, 24000)
    wav = encode_audio(spoken.samples, "wav", 24000, encoding="pcm_f32le")
    response = _post(cartesia_server, {"file": ("a.wav", wav, "audio/wav")}, {"model": "ink-whisper", "language": "en", "timestamp_granularities[]": "word"})
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == SENTENCE and body["language"] == "en"
    assert body["duration"] == pytest.approx(spoken.duration_s, abs=1e-4)
    assert [w["word"] for w in body["words"]] == SENTENCE.split()
    for got, want in zip(body["words"], spoken.words):
        assert got["start"] == pytest.approx(want.start_s, abs=0.005) and got["end"] == pytest.approx(want.end_s, abs=0.005)
    record = cartesia_server.requests.last("/stt")
    assert record.form_values("model") == ["ink-whisper"] and record.files["file"].filename == "a.wav"


def test_raw_pcm_upload_uses_the_query_format_and_words_are_optional(cartesia_server):
    spoken = synthesize(SENTENCE, 16000)
    raw = encode_pcm(spoken.samples, "pcm_s16le")
    response = _post(cartesia_server, {"file": ("a.raw", raw)}, {"model": "ink-whisper"}, {"encoding": "pcm_s16le", "sample_rate": "16000"}, path="/audio/transcriptions")
    assert response.status_code == 200
    assert response.json() == {"text": SENTENCE, "language": "en", "duration": pytest.approx(spoken.duration_s)}


def test_newer_versions_add_type_and_request_id(cartesia_server):
    wav = encode_audio(synthesize("Hi", 16000).samples, "wav", 16000, encoding="pcm_s16le")
    response = _post(cartesia_server, {"file": ("a.wav", wav)}, {"model": "ink-whisper"}, version=STRUCTURED)
    body = response.json()
    assert body["type"] == "transcript" and body["request_id"] == response.headers["x-request-id"]


def test_mp3_upload_is_silence_of_its_length(cartesia_server):
    mp3 = encode_mp3(44100, 44100, 128000)
    body = _post(cartesia_server, {"file": ("a.mp3", mp3)}, {"model": "ink-whisper"}).json()
    assert body["text"] == "" and body["duration"] == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize(
    ("files", "data", "params", "code"),
    [
        ({"upload": ("a.wav", b"RIFF")}, {"model": "ink-whisper"}, None, "missing_field"),
        ({"file": ("a.wav", b"RIFF")}, {}, None, "missing_field"),
        ({"file": ("a.wav", b"RIFF")}, {"model": "ink-9"}, None, "model_not_found"),
        ({"file": ("a.raw", b"\x00\x00")}, {"model": "ink-whisper"}, None, "invalid_audio"),
        ({"file": ("a.wav", b"RIFF....WAVEjunk")}, {"model": "ink-whisper"}, None, "invalid_audio"),
        ({"file": ("a.raw", b"\x00\x00")}, {"model": "ink-whisper", "language": "zz"}, None, "invalid_language"),
        ({"file": ("a.raw", b"\x00\x00")}, {"model": "ink-whisper", "timestamp_granularities[]": "segment"}, None, "invalid_request"),
        ({"file": ("a.raw", b"\x00\x00")}, {"model": "ink-whisper"}, {"encoding": "pcm_s8"}, "invalid_encoding"),
        ({"file": ("a.raw", b"\x00\x00")}, {"model": "ink-whisper"}, {"encoding": "pcm_s16le", "sample_rate": "12"}, "invalid_sample_rate"),
    ],
)
def test_bad_uploads_are_400(cartesia_server, files, data, params, code):
    response = _post(cartesia_server, files or None, data, params, STRUCTURED)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == code


def test_a_json_body_is_not_multipart(cartesia_server):
    response = httpx.post(cartesia_server.url + "/stt", headers=headers(cartesia_server), json={"model": "ink-whisper"})
    assert response.status_code == 400 and "multipart/form-data" in response.text
