"""Voice changer (re-speaks a clip) and infill (speaks the gap), over multipart."""

from __future__ import annotations

import base64

import httpx
import pytest

from cartesia.server.audio import decode_pcm, decode_wav, encode_audio, iter_mp3_frames, synthesize, transcribe

from .server_helpers import LEGACY, STRUCTURED, VOICE_ID, headers, sse_events

FORMAT = {"output_format[container]": "wav", "output_format[sample_rate]": "16000", "output_format[encoding]": "pcm_s16le"}


def _wav(text: str, rate: int = 22050) -> bytes:
    return encode_audio(synthesize(text, rate).samples, "wav", rate, encoding="pcm_s16le")


def test_voice_changer_re_speaks_the_clip(cartesia_server):
    response = httpx.post(cartesia_server.url + "/voice-changer/bytes", headers=headers(cartesia_server), files={"clip": ("in.wav", _wav("change my voice"))}, data={"voice[id]": VOICE_ID, **FORMAT})
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    audio = decode_wav(response.content)
    assert audio.sample_rate == 16000
    assert [w.word for w in transcribe(audio.samples, 16000)] == ["change", "my", "voice"]


def test_wordless_clip_becomes_a_tone_of_its_length(cartesia_server):
    silence = encode_audio([0.0] * 8000, "wav", 8000, encoding="pcm_s16le")
    data = {"voice[id]": VOICE_ID, "output_format[container]": "mp3", "output_format[sample_rate]": "44100", "output_format[bit_rate]": "64000"}
    response = httpx.post(cartesia_server.url + "/voice-changer/bytes", headers=headers(cartesia_server), files={"clip": ("in.wav", silence)}, data=data)
    frames = [h for _, h in iter_mp3_frames(response.content)]
    assert sum(f.samples_per_frame for f in frames) == pytest.approx(44100, abs=3 * 1152)  # LAME's delay and last frame
    raw = {"voice[id]": VOICE_ID, "output_format[container]": "raw", "output_format[sample_rate]": "8000", "output_format[encoding]": "pcm_f32le"}
    tone = decode_pcm(httpx.post(cartesia_server.url + "/voice-changer/bytes", headers=headers(cartesia_server), files={"clip": ("in.wav", silence)}, data=raw).content, "pcm_f32le")
    assert len(tone) == 8000 and max(tone) > 0.2


def test_voice_changer_sse_sends_chunks_then_done(cartesia_server):
    data = {"voice[id]": VOICE_ID, "output_format[container]": "raw", "output_format[sample_rate]": "24000", "output_format[encoding]": "pcm_f32le"}
    response = httpx.post(cartesia_server.url + "/voice-changer/sse", headers=headers(cartesia_server), files={"clip": ("in.wav", _wav("hello again"))}, data=data)
    events = [d for _, d in sse_events(response.text)]
    assert events[-1]["type"] == "done" and events[-1]["status_code"] == 200
    chunks = [e for e in events if e["type"] == "chunk"]
    assert all(c["sample_rate"] == 24000 for c in chunks)
    samples = decode_pcm(b"".join(base64.b64decode(c["data"]) for c in chunks), "pcm_f32le")
    assert " ".join(w.word for w in transcribe(samples, 24000)) == "hello again"


@pytest.mark.parametrize(
    ("files", "data", "status"),
    [
        ({}, {"voice[id]": VOICE_ID, **FORMAT}, 400),
        ({"clip": ("a.wav", _wav("x"))}, FORMAT, 400),
        ({"clip": ("a.wav", _wav("x"))}, {"voice[id]": "missing", **FORMAT}, 404),
        ({"clip": ("a.wav", _wav("x"))}, {"voice[id]": VOICE_ID, **FORMAT, "output_format[sample_rate]": "1234"}, 400),
        ({"clip": ("a.bin", b"\x01\x02\x03")}, {"voice[id]": VOICE_ID, **FORMAT}, 400),
    ],
)
def test_voice_changer_errors(cartesia_server, files, data, status):
    response = httpx.post(cartesia_server.url + "/voice-changer/bytes", headers=headers(cartesia_server, STRUCTURED), files=files or None, data=data)
    assert response.status_code == status, response.text


INFILL = {
    "model_id": "sonic-2",
    "language": "en",
    "transcript": "in the middle",
    "voice_id": VOICE_ID,
    **FORMAT,
}


def test_infill_speaks_the_transcript_with_controls(cartesia_server):
    data = {**INFILL, "voice[__experimental_controls][speed]": "slow", "voice[__experimental_controls][emotion][]": ["anger:high", "sadness"]}
    response = httpx.post(
        cartesia_server.url + "/infill/bytes",
        headers=headers(cartesia_server),
        files={"left_audio": ("l.wav", _wav("left side")), "right_audio": ("r.wav", _wav("right side"))},
        data=data,
    )
    assert response.status_code == 200, response.text
    audio = decode_wav(response.content)
    assert " ".join(w.word for w in transcribe(audio.samples, 16000)) == "in the middle"
    assert len(audio.samples) == len(synthesize("in the middle", 16000, speed=0.8).samples)
    record = cartesia_server.requests.last("/infill/bytes")
    assert record.form_values("voice[__experimental_controls][emotion][]") == ["anger:high", "sadness"]


@pytest.mark.parametrize(
    "change",
    [
        {"files": {}},
        {"data": {**INFILL, "voice_id": "missing"}},
        {"data": {**INFILL, "model_id": "gpt"}},
        {"data": {k: v for k, v in INFILL.items() if k != "transcript"}},
        {"data": {**INFILL, "voice[__experimental_controls][speed]": "ludicrous"}},
        {"data": {**INFILL, "voice[__experimental_controls][emotion][]": "joy"}},
        {"files": {"left_audio": ("l.wav", b"RIFFbroken")}},
    ],
)
def test_infill_errors(cartesia_server, change):
    files = change.get("files", {"left_audio": ("l.wav", _wav("left"))})
    response = httpx.post(cartesia_server.url + "/infill/bytes", headers=headers(cartesia_server, LEGACY), files=files or None, data=change.get("data", INFILL))
    assert response.status_code in (400, 404), response.text
