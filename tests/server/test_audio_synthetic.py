"""The synthetic voice: text -> tones -> every encoding and rate -> the same text and timings."""

from __future__ import annotations

import math
import random

import pytest

from cartesia.server.audio import (
    SAMPLE_RATES,
    TTS_ENCODINGS,
    StreamingTranscriber,
    SyntheticSpeech,
    WordTiming,
    decode_audio,
    decode_pcm,
    encode_audio,
    encode_pcm,
    resample,
    synthesize,
    transcribe,
)
from cartesia.server.audio.synthetic import GUARD_S, TONE_S

SENTENCES = [
    "Hello, world! I'm generating audio on Cartesia.",
    'Prices: $3.50 (approx.) - 100% "quoted"; ok?',
    "café 日本 naïve Ωmega 🎉",
]


def text_of(words: list[WordTiming]) -> str:
    return " ".join(w.word for w in words)


def assert_timings_close(got: list[WordTiming], want: list[WordTiming], tolerance: float = 1e-3) -> None:
    assert [w.word for w in got] == [w.word for w in want]
    for g, w in zip(got, want):
        assert abs(g.start_s - w.start_s) < tolerance and abs(g.end_s - w.end_s) < tolerance


@pytest.mark.parametrize("sample_rate", SAMPLE_RATES)
@pytest.mark.parametrize("encoding", TTS_ENCODINGS)
def test_round_trip_through_every_raw_encoding_and_rate(encoding: str, sample_rate: int) -> None:
    for sentence in SENTENCES:
        spoken = synthesize(sentence, sample_rate)
        heard = transcribe(decode_pcm(encode_pcm(spoken.samples, encoding), encoding), sample_rate)
        assert text_of(heard) == sentence
        assert_timings_close(heard, spoken.words)


@pytest.mark.parametrize("sample_rate", [8000, 22050, 48000])
@pytest.mark.parametrize("encoding", TTS_ENCODINGS)
def test_round_trip_through_wav(encoding: str, sample_rate: int) -> None:
    spoken = synthesize(SENTENCES[2], sample_rate, speed=1.5)
    audio = decode_audio(encode_audio(spoken.samples, "wav", sample_rate, encoding=encoding))
    assert audio.sample_rate == sample_rate
    assert text_of(transcribe(audio.samples, audio.sample_rate)) == spoken.text


@pytest.mark.parametrize("speed", [0.5, 0.8, 1.0, 1.3, 2.0])
def test_speed_scales_duration_and_still_decodes(speed: float) -> None:
    normal = synthesize(SENTENCES[0], 16000)
    spoken = synthesize(SENTENCES[0], 16000, speed=speed)
    assert spoken.duration_s == pytest.approx(normal.duration_s / speed, rel=1e-3)
    heard = transcribe(decode_pcm(encode_pcm(spoken.samples, "pcm_mulaw"), "pcm_mulaw"), 16000)
    assert_timings_close(heard, spoken.words)


def test_speed_is_clamped_and_validated() -> None:
    assert SyntheticSpeech("a", 8000, speed=10).speed == 2.0
    assert SyntheticSpeech("a", 8000, speed=0.1).speed == 0.5
    for bad in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ValueError):
            SyntheticSpeech("a", 8000, speed=bad)
    with pytest.raises(ValueError):
        SyntheticSpeech("a", 4000)


def test_whitespace_is_normalised_and_punctuation_kept() -> None:
    spoken = synthesize("  Hi,\tthere!\n\n(yes)  ", 8000)
    assert [w.word for w in spoken.words] == ["Hi,", "there!", "(yes)"]
    assert text_of(transcribe(spoken.samples, 8000)) == "Hi, there! (yes)"


def test_timings_agree_with_the_samples() -> None:
    rate = 24000
    spoken = synthesize("naïve 日本 ok", rate)
    tone, guard = round(TONE_S * rate), round(GUARD_S * rate)
    bounds = [0]
    for word in spoken.words:
        start, end = round(word.start_s * rate), round(word.end_s * rate)
        assert start == word.start_s * rate and end == word.end_s * rate  # whole samples
        symbols = 2 * len(word.word.encode("utf-8"))
        assert end - start == symbols * tone + (symbols - 1) * guard
        assert max(map(abs, spoken.samples[start : start + tone])) > 0.45  # a burst starts here
        assert max(map(abs, spoken.samples[end - tone : end])) > 0.45  # and one ends here
        bounds += [start, end]
    bounds.append(len(spoken.samples))
    for lo, hi in zip(bounds[::2], bounds[1::2]):  # before, between and after words: silence
        assert hi > lo and not any(spoken.samples[lo:hi])
    assert max(map(abs, spoken.samples)) <= 0.5

    chars = spoken.phonemes
    assert "".join(c.word for c in chars) == "naïve日本ok"
    assert chars[0].start_s == spoken.words[0].start_s and chars[4].end_s == spoken.words[0].end_s
    ni, ai = chars[0], chars[2]  # 'n' is one byte, 'ï' two: twice the symbols
    assert ai.end_s - ai.start_s == pytest.approx(2 * (ni.end_s - ni.start_s) + GUARD_S)
    assert chars[5].start_s == spoken.words[1].start_s  # '日' opens the second word


@pytest.mark.parametrize("max_samples", [None, 1, 997, 100000])
def test_chunks_equal_one_shot_and_carry_their_timings(max_samples: int | None) -> None:
    speech = SyntheticSpeech(SENTENCES[1], 8000)
    whole = speech.render()
    chunks = list(speech.chunks(200 if max_samples == 1 else max_samples))
    assert b"".join(c.samples.tobytes() for c in chunks) == whole.samples.tobytes()
    assert len(whole.samples) == speech.total_samples
    assert [w for c in chunks for w in c.words] == whole.words
    assert [p for c in chunks for p in c.phonemes] == whole.phonemes
    for chunk in chunks:
        end = chunk.start_sample + len(chunk.samples)
        assert all(chunk.start_sample < t.end_s * 8000 <= end for t in chunk.words + chunk.phonemes)
    if max_samples is None:
        assert len(chunks) == len(whole.words)  # one chunk per word


def test_empty_text_is_a_moment_of_silence() -> None:
    spoken = synthesize("   ", 16000)
    assert spoken.words == [] and spoken.phonemes == []
    assert len(spoken.samples) > 0 and not any(spoken.samples)
    assert transcribe(spoken.samples, 16000) == []


def test_round_trip_survives_resampling() -> None:
    spoken = synthesize(SENTENCES[0], 48000)
    for rate in (8000, 22050):
        assert_timings_close(transcribe(resample(spoken.samples, 48000, rate), rate), spoken.words)


def test_streaming_transcriber_reports_words_as_they_complete() -> None:
    rate = 16000
    spoken = synthesize(" ".join(SENTENCES), rate)
    audio = decode_pcm(encode_pcm(spoken.samples, "pcm_alaw"), "pcm_alaw")
    transcriber = StreamingTranscriber(rate)
    per_feed = [transcriber.feed(audio[i : i + 1600]) for i in range(0, len(audio), 1600)]
    heard = [w for words in per_feed for w in words] + transcriber.finish()
    assert_timings_close(heard, spoken.words)
    assert sum(1 for words in per_feed if words) > len(spoken.words) // 2  # most arrive before the end


def test_noise_and_other_sounds_decode_to_nothing() -> None:
    rng = random.Random(1234)
    rate = 16000
    gaussian = [rng.gauss(0, 0.3) for _ in range(rate)]
    # Bursts shaped like the codec's (20 ms on, 10 ms off) but filled with noise or off-grid tones.
    bursty: list[float] = []
    for k in range(150):
        freq = rng.uniform(300, 3500)
        if k % 2:
            bursty += [rng.uniform(-0.5, 0.5) for _ in range(320)]
        else:
            bursty += [0.5 * math.sin(2 * math.pi * freq * i / rate) for i in range(320)]
        bursty += [0.0] * (160 if k % 6 else 1440)
    hum = [0.4 * math.sin(2 * math.pi * 1000 * i / rate) for i in range(rate)]
    for signal in (gaussian, bursty, hum, [0.0] * rate):
        assert transcribe(signal, rate) == []


def test_degenerate_input_never_raises() -> None:
    for signal in ([], [1.0], [math.nan] * 500 + [0.5] * 500, [math.inf, -math.inf] * 300, [0.9] * 8000):
        assert transcribe(signal, 8000) == []
    with pytest.raises(ValueError):
        transcribe([0.0], 0)
