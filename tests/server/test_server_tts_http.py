"""`/tts/bytes` and `/tts/sse`: audio that parses, lasts as long as the transcript, and says it."""

from __future__ import annotations

import io
import wave

import httpx
import pytest

from cartesia.server.audio import (
    SAMPLE_RATES,
    SyntheticSpeech,
    decode_pcm,
    decode_wav,
    iter_mp3_frames,
    nearest_mp3_bit_rate,
    parse_wav,
    transcribe,
)

from .server_helpers import FEMININE_VOICE_ID, LEGACY, STRUCTURED, audio_of, headers, sse_events, tts_body

SENTENCE = "The quick brown fox jumps over the lazy dog."
RAW_ENCODINGS = {8000: "pcm_mulaw", 16000: "pcm_s16le", 22050: "pcm_f32le", 24000: "pcm_alaw", 44100: "pcm_s16le", 48000: "pcm_f32le"}


def _bytes(server, body, version=LEGACY):
    return httpx.post(server.url + "/tts/bytes", headers=headers(server, version), json=body)


def _words(samples, rate):
    return " ".join(w.word for w in transcribe(samples, rate))


@pytest.mark.parametrize("rate", SAMPLE_RATES)
def test_raw_audio_at_every_rate_has_the_transcript_length_and_words(cartesia_server, rate):
    encoding = RAW_ENCODINGS[rate]
    response = _bytes(cartesia_server, tts_body(SENTENCE, output_format={"container": "raw", "encoding": encoding, "sample_rate": rate}))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    samples = decode_pcm(response.content, encoding)
    assert len(samples) == SyntheticSpeech(SENTENCE, rate).total_samples
    assert _words(samples, rate) == SENTENCE


@pytest.mark.parametrize("rate", SAMPLE_RATES)
def test_wav_at_every_rate_is_a_valid_file(cartesia_server, rate):
    response = _bytes(cartesia_server, tts_body(SENTENCE, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": rate}))
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert response.headers.get("transfer-encoding") == "chunked"
    with wave.open(io.BytesIO(response.content)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, rate)
        assert wav.getnframes() == SyntheticSpeech(SENTENCE, rate).total_samples
    audio = decode_wav(response.content)
    assert _words(audio.samples, rate) == SENTENCE


@pytest.mark.parametrize("encoding", ["pcm_f32le", "pcm_mulaw", "pcm_alaw"])
def test_wav_in_non_pcm_encodings_declares_them(cartesia_server, encoding):
    response = _bytes(cartesia_server, tts_body("Hi there", output_format={"container": "wav", "encoding": encoding, "sample_rate": 8000}))
    info = parse_wav(response.content)
    assert info.encoding == encoding and info.frames == SyntheticSpeech("Hi there", 8000).total_samples


@pytest.mark.parametrize("rate", SAMPLE_RATES)
def test_mp3_at_every_rate_is_whole_frames_covering_the_audio(cartesia_server, rate):
    response = _bytes(cartesia_server, tts_body(SENTENCE, output_format={"container": "mp3", "sample_rate": rate, "bit_rate": 128000}))
    assert response.status_code == 200 and response.headers["content-type"] == "audio/mpeg"
    frames = [header for _, header in iter_mp3_frames(response.content)]
    bit_rate = min(nearest_mp3_bit_rate(rate, 128000), 64000 if rate < 16000 else 320000)  # LAME's cap for MPEG-2.5
    assert {(f.sample_rate, f.bit_rate) for f in frames} == {(rate, bit_rate)}
    covered = sum(f.samples_per_frame for f in frames)
    total = SyntheticSpeech(SENTENCE, rate).total_samples
    assert total <= covered <= total + 3 * frames[0].samples_per_frame  # LAME's encoder delay and last frame


def test_audio_length_follows_the_transcript_and_speed(cartesia_server):
    short = decode_pcm(_bytes(cartesia_server, tts_body("Hi")).content, "pcm_s16le")
    long = decode_pcm(_bytes(cartesia_server, tts_body(SENTENCE)).content, "pcm_s16le")
    fast = decode_pcm(_bytes(cartesia_server, tts_body(SENTENCE, generation_config={"speed": 1.5})).content, "pcm_s16le")
    assert len(short) < len(fast) < len(long)
    assert len(fast) == SyntheticSpeech(SENTENCE, 16000, speed=1.5).total_samples


def test_duration_caps_the_audio_and_save_returns_a_file_id(cartesia_server):
    response = _bytes(cartesia_server, tts_body(SENTENCE, duration=0.5, save=True, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}))
    assert parse_wav(response.content).frames == 8000
    assert response.headers["cartesia-file-id"].startswith("file_")


def test_embedding_voices_and_experimental_controls_are_accepted(cartesia_server):
    body = tts_body("Hello", voice={"mode": "embedding", "embedding": [0.1] * 192, "__experimental_controls": {"speed": "fast", "emotion": ["anger:high"]}})
    assert _bytes(cartesia_server, body).status_code == 200
    assert _bytes(cartesia_server, tts_body("Hello", voice=FEMININE_VOICE_ID), "2026-08-14").status_code == 200


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"model_id": None}, 400, "missing_field"),
        ({"transcript": None}, 400, "missing_field"),
        ({"voice": None}, 400, "missing_field"),
        ({"output_format": None}, 400, "missing_field"),
        ({"model_id": "whisper-9"}, 400, "model_not_found"),
        ({"language": "xx"}, 400, "invalid_request"),
        ({"voice": {"mode": "id", "id": "no-such-voice"}}, 404, "voice_not_found"),
        ({"voice": {"mode": "embedding", "embedding": [0.1] * 10}}, 400, "invalid_request"),
        ({"output_format": {"container": "ogg", "encoding": "pcm_s16le", "sample_rate": 16000}}, 400, "invalid_output_format"),
        ({"output_format": {"container": "raw", "encoding": "pcm_s24le", "sample_rate": 16000}}, 400, "invalid_output_format"),
        ({"output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 11025}}, 400, "invalid_output_format"),
        ({"output_format": {"container": "mp3", "sample_rate": 44100, "bit_rate": 100000}}, 400, "invalid_output_format"),
        ({"generation_config": {"speed": 3}}, 400, "invalid_request"),
        ({"speed": "warp"}, 400, "invalid_request"),
    ],
)
def test_bad_requests_are_rejected_with_structured_errors(cartesia_server, change, status, code):
    body = {key: value for key, value in {**tts_body(), **change}.items() if value is not None}
    response = _bytes(cartesia_server, body, STRUCTURED)
    assert response.status_code == status, response.text
    assert response.json()["error_code"] == code


def test_unknown_voice_is_400_before_2026_03_01(cartesia_server):
    response = _bytes(cartesia_server, tts_body(voice={"mode": "id", "id": "missing"}))
    assert response.status_code == 400 and response.text == "Voice not found: No voice with id 'missing'."


def test_sse_streams_chunks_timestamps_and_done(cartesia_server):
    body = tts_body(SENTENCE, add_timestamps=True, add_phoneme_timestamps=True, context_id="ctx-42")
    response = httpx.post(cartesia_server.url + "/tts/sse", headers=headers(cartesia_server), json=body)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    assert all(name == data["type"] for name, data in events)
    data = [d for _, d in events]
    assert {d["context_id"] for d in data} == {"ctx-42"}
    assert data[-1] == {"type": "done", "context_id": "ctx-42", "status_code": 206, "done": True}
    assert all(d["done"] is False and d["status_code"] == 206 for d in data[:-1])
    samples = audio_of(data)
    assert len(samples) == SyntheticSpeech(SENTENCE, 16000).total_samples
    heard = transcribe(samples, 16000)
    stamps = [d["word_timestamps"] for d in data if d["type"] == "timestamps"]
    words = [w for s in stamps for w in s["words"]]
    starts = [t for s in stamps for t in s["start"]]
    ends = [t for s in stamps for t in s["end"]]
    assert words == SENTENCE.split() == [w.word for w in heard]
    for w, start, end in zip(heard, starts, ends):
        assert abs(w.start_s - start) < 0.005 and abs(w.end_s - end) < 0.005
    phonemes = [p for d in data if d["type"] == "phoneme_timestamps" for p in d["phoneme_timestamps"]["phonemes"]]
    assert "".join(phonemes) == SENTENCE.replace(" ", "")


def test_sse_takes_only_raw_output(cartesia_server):
    body = tts_body(output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000})
    response = httpx.post(cartesia_server.url + "/tts/sse", headers=headers(cartesia_server), json=body)
    assert response.status_code == 400 and response.text.startswith("Invalid output format: ")


def test_sse_without_timestamps_sends_only_audio(cartesia_server):
    response = httpx.post(cartesia_server.url + "/tts/sse", headers=headers(cartesia_server), json=tts_body("Hi"))
    types = [d["type"] for _, d in sse_events(response.text)]
    assert set(types[:-1]) == {"chunk"} and types[-1] == "done"
