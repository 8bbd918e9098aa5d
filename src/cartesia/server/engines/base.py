"""The small interface every speech engine implements, and a helper for engines that render at once.

An engine turns text into `Speech` (audio that can be streamed in chunks, with word and phoneme
timings known up front) and audio back into words. Engines are synchronous: the server calls
them from a worker thread.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple, Protocol

from ..audio import SynthesisChunk, WordTiming


class VoiceTraits(NamedTuple):
    """What an engine may use of a voice: its language and gender presentation."""

    language: str = "en"
    gender: str | None = None


class Speech(Protocol):
    """One utterance: its length and timings, and its audio as a stream of chunks."""

    @property
    def sample_rate(self) -> int: ...

    @property
    def total_samples(self) -> int: ...

    @property
    def words(self) -> list[WordTiming]: ...

    @property
    def phonemes(self) -> list[WordTiming]: ...

    def chunks(self, max_samples: int | None = None) -> Iterator[SynthesisChunk]: ...


class StreamingRecognizer(Protocol):
    """Speech-to-text over audio arriving in pieces; times are from the start of the stream."""

    def feed(self, samples: Sequence[float]) -> list[WordTiming]: ...

    def finish(self) -> list[WordTiming]: ...


class SpeechEngine(Protocol):
    name: str

    def synthesize(self, text: str, sample_rate: int, *, voice: VoiceTraits, speed: float = 1.0) -> Speech: ...

    def transcribe(self, samples: Sequence[float], sample_rate: int, *, language: str = "en") -> list[WordTiming]: ...

    def recognizer(self, sample_rate: int, *, language: str = "en") -> StreamingRecognizer: ...


class RenderedSpeech:
    """Speech whose samples were made all at once, streamed in chunks of the same shape as the synthetic voice's."""

    def __init__(
        self, samples: array[float], sample_rate: int, words: list[WordTiming], phonemes: list[WordTiming]
    ) -> None:
        self.samples = samples
        self.sample_rate = sample_rate
        self.words = words
        self.phonemes = phonemes

    @property
    def total_samples(self) -> int:
        return len(self.samples)

    def chunks(self, max_samples: int | None = None) -> Iterator[SynthesisChunk]:
        """Blocks of at most `max_samples`; each timing rides with the block holding its end."""
        step = max_samples or max(1, len(self.samples))
        rate = self.sample_rate
        for start in range(0, len(self.samples), step):
            end = min(start + step, len(self.samples))
            last = end == len(self.samples)

            def ends_here(timing: WordTiming, start: int = start, end: int = end, last: bool = last) -> bool:
                sample = round(timing.end_s * rate)
                return start < sample <= end or (last and sample > end)

            yield SynthesisChunk(
                samples=self.samples[start:end],
                start_sample=start,
                words=[w for w in self.words if ends_here(w)],
                phonemes=[p for p in self.phonemes if ends_here(p)],
            )


class BufferedRecognizer:
    """Streaming recognition for engines that can only transcribe whole utterances: all at `finish()`."""

    def __init__(self, engine: SpeechEngine, sample_rate: int, language: str) -> None:
        self._engine = engine
        self._sample_rate = sample_rate
        self._language = language
        self._buffer = array("f")
        self._offset_s = 0.0

    def feed(self, samples: Sequence[float]) -> list[WordTiming]:
        self._buffer.extend(samples)
        return []

    def finish(self) -> list[WordTiming]:
        audio, self._buffer = self._buffer, array("f")
        shift = self._offset_s
        self._offset_s += len(audio) / self._sample_rate
        words = self._engine.transcribe(audio, self._sample_rate, language=self._language) if audio else []
        return [WordTiming(w.word, w.start_s + shift, w.end_s + shift) for w in words]
