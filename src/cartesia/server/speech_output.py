"""Turning text into streamed audio chunks with the server's engine, for every TTS-like endpoint."""

from __future__ import annotations

import asyncio
import base64
import math
import time
from array import array
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from .audio import SynthesisChunk, WordTiming, encode_pcm
from .engines import RenderedSpeech, Speech, SpeechEngine, VoiceTraits


@dataclass(frozen=True)
class AudioPiece:
    """A chunk of audio ready to send, its word/phoneme timings (absolute), and how long it took."""

    samples: array[float]
    words: list[WordTiming]
    phonemes: list[WordTiming]
    step_time_ms: float


async def synthesize(engine: SpeechEngine, text: str, sample_rate: int, voice: VoiceTraits, speed: float) -> Speech:
    """Run the (synchronous, possibly slow) engine off the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, lambda: engine.synthesize(text, sample_rate, voice=voice, speed=speed))


def capped_length(speech: Speech, duration: float | None) -> int:
    """Samples of `speech` to send: all of them, or at most `duration` seconds."""
    if duration is None:
        return speech.total_samples
    return min(speech.total_samples, round(duration * speech.sample_rate))


async def pieces(
    speech: Speech,
    *,
    chunk_seconds: float,
    volume: float = 1.0,
    offset_s: float = 0.0,
    duration: float | None = None,
) -> AsyncIterator[AudioPiece]:
    """Stream `speech` in chunks of about `chunk_seconds`, timings shifted by `offset_s`.

    Between chunks the loop gets control back, so concurrent streams interleave.
    """
    limit = capped_length(speech, duration)
    max_samples = max(1, round(chunk_seconds * speech.sample_rate))
    started = time.perf_counter()
    chunk: SynthesisChunk
    for chunk in speech.chunks(max_samples):
        if chunk.start_sample >= limit:
            break
        samples = chunk.samples[: limit - chunk.start_sample]
        if volume != 1.0:
            samples = array("f", [min(1.0, max(-1.0, v * volume)) for v in samples])
        end_s = (chunk.start_sample + len(samples)) / speech.sample_rate
        now = time.perf_counter()
        yield AudioPiece(
            samples,
            [_shift(w, offset_s) for w in chunk.words if w.end_s <= end_s + 1e-9],
            [_shift(p, offset_s) for p in chunk.phonemes if p.end_s <= end_s + 1e-9],
            round((now - started) * 1000, 3),
        )
        started = now
        await asyncio.sleep(0)


def _shift(timing: WordTiming, offset_s: float) -> WordTiming:
    return WordTiming(timing.word, round(timing.start_s + offset_s, 6), round(timing.end_s + offset_s, 6))


def base64_pcm(samples: Sequence[float], encoding: str) -> str:
    return base64.b64encode(encode_pcm(samples, encoding)).decode()


def timestamps_event(words: list[WordTiming]) -> dict[str, list[object]]:
    return {"words": [w.word for w in words], "start": [w.start_s for w in words], "end": [w.end_s for w in words]}


def phonemes_event(phonemes: list[WordTiming]) -> dict[str, list[object]]:
    return {"phonemes": [p.word for p in phonemes], "start": [p.start_s for p in phonemes], "end": [p.end_s for p in phonemes]}


def tone(duration_s: float, sample_rate: int, frequency: float = 220.0, amplitude: float = 0.3) -> RenderedSpeech:
    """A plain tone of `duration_s`, faded in and out over 10 ms: the voice changer's answer to wordless clips."""
    count = max(0, round(duration_s * sample_rate))
    fade = max(1, min(count // 2, round(0.01 * sample_rate)))
    step = 2 * math.pi * frequency / sample_rate
    samples = array("f", [amplitude * min(1.0, i / fade, (count - 1 - i) / fade) * math.sin(step * i) for i in range(count)])
    return RenderedSpeech(samples, sample_rate, [], [])
