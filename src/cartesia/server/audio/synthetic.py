"""The synthetic voice: audio that carries its own transcript, with exact word timings.

Coding scheme (multi-frequency-shift keying, one tone at a time):

- text splits into words on whitespace; punctuation stays on its word, as written;
- each UTF-8 byte of a word becomes two symbols, high nibble first;
- symbol k (0-15) is a burst of a 400 + 200 k Hz tone (400-3400 Hz): under 4 kHz so it
  survives 8000 Hz audio and G.711, and 200 Hz apart so a 20 ms burst tells them apart easily;
- a burst lasts 20 ms at amplitude 0.5, fading in and out over 4 ms (raised cosine, so no
  clicks), and is followed by 10 ms of silence inside a word: each symbol is its own burst of
  energy, so the decoder needs no clock and works at any speed;
- words are 90 ms apart, with 50 ms of silence before the first and after the last;
- `speed` divides every duration; it is clamped to 0.5-2.0.

A word's timing runs from the start of its first burst to the end of its last; each character
(the "phoneme" unit) likewise covers the bursts of its bytes. Timings are sample-exact.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

AMPLITUDE = 0.5
TONE_FREQUENCIES = tuple(400.0 + 200.0 * k for k in range(16))
TONE_S = 0.020
FADE_S = 0.004
GUARD_S = 0.010
WORD_GAP_S = 0.090
EDGE_S = 0.050
MIN_SPEED = 0.5
MAX_SPEED = 2.0
MIN_SAMPLE_RATE = 8000  # the 3400 Hz tone needs a Nyquist frequency above it


class WordTiming(NamedTuple):
    """A word (or character) and when it sounds, in seconds from the start of the audio."""

    word: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class SynthesisResult:
    """All the audio of one text, with its word and character timings."""

    samples: array[float]
    sample_rate: int
    words: list[WordTiming]
    phonemes: list[WordTiming]

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def text(self) -> str:
        """The words joined by single spaces: what `transcribe` gives back."""
        return " ".join(w.word for w in self.words)


@dataclass(frozen=True)
class SynthesisChunk:
    """One block of streamed audio and the timings of the words/characters that end in it."""

    samples: array[float]
    start_sample: int
    words: list[WordTiming]
    phonemes: list[WordTiming]


class _Span(NamedTuple):
    text: str
    start: int  # sample index of the first burst
    end: int  # sample index just after the last burst


class _Word(NamedTuple):
    span: _Span
    chars: list[_Span]
    nibbles: list[int]


def clamp_speed(speed: float) -> float:
    """`speed` limited to MIN_SPEED..MAX_SPEED; raises ValueError if it is not a positive number."""
    if not math.isfinite(speed) or speed <= 0:
        raise ValueError(f"speed must be a positive number, not {speed!r}")
    return min(max(speed, MIN_SPEED), MAX_SPEED)


class SyntheticSpeech:
    """The synthetic voice saying one text: timings are known up front, audio is made on demand.

    `total_samples` and the timings are ready before any audio is rendered, so a server can
    write exact WAV headers and stream `chunks()` as they are "generated".
    """

    def __init__(self, text: str, sample_rate: int, *, speed: float = 1.0) -> None:
        if sample_rate < MIN_SAMPLE_RATE:
            raise ValueError(f"the synthetic voice needs a sample rate of at least {MIN_SAMPLE_RATE} Hz")
        self.sample_rate = sample_rate
        self.speed = clamp_speed(speed)

        def to_samples(seconds: float) -> int:
            return round(seconds / self.speed * sample_rate)

        self._tone, self._guard = to_samples(TONE_S), to_samples(GUARD_S)
        self._gap, self._edge = to_samples(WORD_GAP_S), to_samples(EDGE_S)
        self._bursts = _bursts(sample_rate, self._tone, to_samples(FADE_S))
        self._words: list[_Word] = []
        pos = self._edge
        for word in text.split():
            if self._words:
                pos += self._gap
            start = pos
            chars: list[_Span] = []
            nibbles: list[int] = []
            for char in word:
                char_start = pos
                for byte in char.encode("utf-8"):
                    nibbles += (byte >> 4, byte & 0x0F)
                    pos += 2 * (self._tone + self._guard)
                chars.append(_Span(char, char_start, pos - self._guard))
            pos -= self._guard  # no guard after the last burst of a word
            self._words.append(_Word(_Span(word, start, pos), chars, nibbles))
        self.total_samples = pos + self._edge if self._words else 2 * self._edge

    @property
    def duration_s(self) -> float:
        return self.total_samples / self.sample_rate

    @property
    def words(self) -> list[WordTiming]:
        return [self._timing(w.span) for w in self._words]

    @property
    def phonemes(self) -> list[WordTiming]:
        return [self._timing(c) for w in self._words for c in w.chars]

    def _timing(self, span: _Span) -> WordTiming:
        return WordTiming(span.text, span.start / self.sample_rate, span.end / self.sample_rate)

    def _word_blocks(self) -> Iterator[tuple[array[float], list[_Word]]]:
        """One block per word: the silence before it, then its bursts (the last adds the trail)."""
        if not self._words:
            yield _silence(self.total_samples), []
        for i, word in enumerate(self._words):
            block = _silence(self._gap if i else self._edge)
            guard = _silence(self._guard)
            for j, nibble in enumerate(word.nibbles):
                if j:
                    block += guard
                block += self._bursts[nibble]
            if i == len(self._words) - 1:
                block += _silence(self._edge)
            yield block, [word]

    def chunks(self, max_samples: int | None = None) -> Iterator[SynthesisChunk]:
        """Stream the audio word by word, split further into blocks of at most `max_samples`.

        A timing travels with the chunk that holds its last sample, so no timestamp is sent
        before its audio.
        """
        if max_samples is not None and max_samples < 1:
            raise ValueError("max_samples must be at least 1")
        offset = 0
        for block, words in self._word_blocks():
            step = max_samples or len(block)
            for lo in range(0, len(block), step):
                a, b = offset + lo, offset + min(lo + step, len(block))
                yield SynthesisChunk(
                    samples=block[lo : lo + step],
                    start_sample=a,
                    words=[self._timing(w.span) for w in words if a < w.span.end <= b],
                    phonemes=[self._timing(c) for w in words for c in w.chars if a < c.end <= b],
                )
            offset += len(block)

    def render(self) -> SynthesisResult:
        """All the audio at once."""
        samples = array("f")
        for block, _ in self._word_blocks():
            samples += block
        return SynthesisResult(samples, self.sample_rate, self.words, self.phonemes)


def synthesize(text: str, sample_rate: int, *, speed: float = 1.0) -> SynthesisResult:
    """Speak `text` with the synthetic voice: float samples plus word and character timings."""
    return SyntheticSpeech(text, sample_rate, speed=speed).render()


def _silence(samples: int) -> array[float]:
    return array("f", bytes(4 * samples))


@lru_cache(maxsize=64)
def _bursts(sample_rate: int, length: int, fade: int) -> tuple[array[float], ...]:
    """The 16 tone bursts at one rate and length: every symbol is a copy of one of these."""
    envelope = [1.0] * length
    for i in range(min(fade, length // 2)):
        envelope[i] = envelope[length - 1 - i] = 0.5 - 0.5 * math.cos(math.pi * (i + 0.5) / fade)
    bursts = []
    for freq in TONE_FREQUENCIES:
        step = 2 * math.pi * freq / sample_rate
        bursts.append(array("f", [AMPLITUDE * e * math.sin(step * i) for i, e in enumerate(envelope)]))
    return tuple(bursts)
