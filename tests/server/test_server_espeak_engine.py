"""The open-source engine: eSpeak NG speech that PocketSphinx understands, end to end over HTTP.

Both packages are test requirements: without them these tests fail (the server refuses the
engine), they are never skipped.
"""

from __future__ import annotations

import re

import httpx
import pytest

from cartesia.server import LocalServer
from cartesia.server.audio import decode_wav

from .server_helpers import FEMININE_VOICE_ID, headers, sse_events, tts_body

SENTENCES = ["We need more time to finish the project.", "Please call me tomorrow morning."]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.fixture(scope="module")
def espeak_server():
    with LocalServer(engine="espeak") as server:
        yield server


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tts_bytes_speech_is_understood_by_stt(espeak_server, sentence):
    body = tts_body(sentence, voice={"mode": "id", "id": FEMININE_VOICE_ID}, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000})
    speech = httpx.post(espeak_server.url + "/tts/bytes", headers=headers(espeak_server), json=body, timeout=60)
    assert speech.status_code == 200
    audio = decode_wav(speech.content)
    assert audio.sample_rate == 16000 and len(audio.samples) / 16000 > 1.0
    heard = httpx.post(
        espeak_server.url + "/stt",
        headers=headers(espeak_server),
        files={"file": ("speech.wav", speech.content, "audio/wav")},
        data={"model": "ink-whisper", "timestamp_granularities[]": "word"},
        timeout=60,
    ).json()
    said, recognised = _words(sentence), set(_words(heard["text"]))
    assert sum(word in recognised for word in said) * 2 >= len(said), heard["text"]
    starts = [w["start"] for w in heard["words"]]
    assert starts == sorted(starts) and all(0 <= w["start"] <= w["end"] <= heard["duration"] + 0.05 for w in heard["words"])


def test_espeak_timestamps_cover_the_words_in_order(espeak_server):
    sentence = SENTENCES[1]
    body = tts_body(sentence, voice=FEMININE_VOICE_ID, add_timestamps=True)
    events = [d for _, d in sse_events(httpx.post(espeak_server.url + "/tts/sse", headers=headers(espeak_server), json=body, timeout=60).text)]
    stamps = [d["word_timestamps"] for d in events if d["type"] == "timestamps"]
    words = [w for s in stamps for w in s["words"]]
    starts = [t for s in stamps for t in s["start"]]
    ends = [t for s in stamps for t in s["end"]]
    assert words == sentence.split()
    assert all(a < b for a, b in zip(starts, starts[1:]))
    assert all(s <= e for s, e in zip(starts, ends)) and all(e <= s2 + 1e-6 for e, s2 in zip(ends, starts[1:]))


def test_auto_picks_the_espeak_engine_when_installed():
    assert LocalServer(engine="auto").engine_name == "espeak"
