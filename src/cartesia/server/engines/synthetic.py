"""The default engine: the audio toolkit's synthetic voice, whose tones the synthetic STT reads back exactly.

Voices do not change the sound (the tones carry the text), so any voice round-trips. Words are
recognised as soon as the silence after them arrives, which gives the STT WebSocket its
interim results.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..audio import StreamingTranscriber, SyntheticSpeech, WordTiming, transcribe
from .base import Speech, VoiceTraits


class SyntheticRecognizer:
    """The toolkit's streaming transcriber, with times kept from the start of the stream across `finish()`."""

    def __init__(self, sample_rate: int) -> None:
        self._transcriber = StreamingTranscriber(sample_rate)
        self._sample_rate = sample_rate
        self._segment_start_s = 0.0  # where the transcriber's current stream began
        self._segment_samples = 0

    def feed(self, samples: Sequence[float]) -> list[WordTiming]:
        self._segment_samples += len(samples)
        return self._shift(self._transcriber.feed(samples))

    def finish(self) -> list[WordTiming]:
        words = self._shift(self._transcriber.finish())
        self._segment_start_s += self._segment_samples / self._sample_rate
        self._segment_samples = 0
        return words

    def _shift(self, words: list[WordTiming]) -> list[WordTiming]:
        shift = self._segment_start_s
        return [WordTiming(w.word, w.start_s + shift, w.end_s + shift) for w in words]


class SyntheticEngine:
    name = "synthetic"

    # The tones carry the text, so voice and language change nothing.
    def synthesize(self, text: str, sample_rate: int, *, voice: VoiceTraits, speed: float = 1.0) -> Speech:  # noqa: ARG002
        return SyntheticSpeech(text, sample_rate, speed=speed)

    def transcribe(self, samples: Sequence[float], sample_rate: int, *, language: str = "en") -> list[WordTiming]:  # noqa: ARG002
        return transcribe(samples, sample_rate)

    def recognizer(self, sample_rate: int, *, language: str = "en") -> SyntheticRecognizer:  # noqa: ARG002
        return SyntheticRecognizer(sample_rate)
