"""Speech-to-text for the synthetic voice: find tone bursts by energy, read them with Goertzel.

Decoding rule (anything else is dropped, so noise, silence and real speech yield nothing, or at
worst a rare stray word; no audio makes it raise):

- audio is read at about 8-11 kHz (every n-th sample; the tones are below 4 kHz);
- a burst is a run where the energy over 2.5 ms (one period of the lowest tone) is at least
  10 % of the loudest such energy in the audio, lasting 3-50 ms;
- a burst is a clean symbol when, by the Goertzel algorithm, its strongest tone holds at least
  half of its energy and at least 8 times the power of the runner-up tone;
- bursts closer than twice their length form a word; a word is kept only if every burst in it
  is clean, the bursts have similar lengths and a steady rhythm, their count is even, and the
  nibbles form valid UTF-8 without whitespace.

Timings come from the burst centres, which are exact whatever the threshold: a word runs from
half a burst before its first centre to half a burst after its last (the burst length being
the rhythm divided by 1.5, the synthetic voice's burst-to-symbol ratio).
"""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple

from .synthetic import GUARD_S, MAX_SPEED, MIN_SPEED, TONE_FREQUENCIES, TONE_S, WordTiming

_ANALYSIS_RATE = 8000  # read every n-th sample so that about this many remain per second
_WINDOW_S = 1 / TONE_FREQUENCIES[0]
_THRESHOLD = 0.1  # of the peak windowed energy
_ENERGY_FLOOR = 1e-7  # windowed mean-square energy below which nothing counts (-70 dBFS)
_MIN_BURST_S = 0.3 * TONE_S / MAX_SPEED
_MAX_BURST_S = 1.25 * TONE_S / MIN_SPEED
_MIN_TONE_SHARE = 0.5
_MIN_DOMINANCE = 8.0
_PITCH_RATIO = (TONE_S + GUARD_S) / TONE_S
_QUIET_LEVEL = 0.01  # amplitude below which the streaming transcriber calls a sample silent
# Longer than any silence inside a word (20 ms at the slowest speed), shorter than any word gap (45 ms).
_WORD_BREAK_S = 0.030
_MAX_BUFFER_S = 30.0


class _Burst(NamedTuple):
    start: float  # in analysed samples
    end: float
    nibble: int | None  # None when the burst is not a clean symbol

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2

    @property
    def length(self) -> float:
        return self.end - self.start


def transcribe(samples: Sequence[float], sample_rate: int) -> list[WordTiming]:
    """The words the synthetic voice said in `samples`, with their timings in seconds."""
    if sample_rate <= 0:
        raise ValueError("sample_rate must be positive")
    step = max(1, sample_rate // _ANALYSIS_RATE)
    bursts = _find_bursts(list(samples[::step]), sample_rate / step)
    words = (_read_word(group, step / sample_rate) for group in _group_words(bursts))
    return [word for word in words if word is not None]


def _find_bursts(signal: list[float], rate: float) -> list[_Burst]:
    window = max(1, round(rate * _WINDOW_S))
    if len(signal) < window:
        return []
    cumulative = list(accumulate((v * v for v in signal), initial=0.0))
    energy = list(map(operator.sub, cumulative[window:], cumulative[:-window]))
    peak = max(energy)
    if not peak >= _ENERGY_FLOOR * window:  # also false for NaN
        return []
    coefficients = [2 * math.cos(2 * math.pi * f / rate) for f in TONE_FREQUENCIES]
    shortest, longest = _MIN_BURST_S * rate, _MAX_BURST_S * rate
    bursts = []
    for start, end in _runs(energy, _THRESHOLD * peak):
        # energy[i] measures signal[i : i + window], so the burst sits half a window later.
        region = signal[start + window // 2 : end + window // 2]
        nibble = _symbol(region, coefficients) if shortest <= end - start <= longest else None
        bursts.append(_Burst(start + window / 2, end + window / 2, nibble))
    return bursts


def _group_words(bursts: list[_Burst]) -> Iterator[list[_Burst]]:
    """Split bursts where the silence is longer than twice their mean length."""
    group: list[_Burst] = []
    for burst in bursts:
        if group and burst.start - group[-1].end > 2 * sum(b.length for b in group) / len(group):
            yield group
            group = []
        group.append(burst)
    if group:
        yield group


def _runs(energy: list[float], threshold: float) -> list[tuple[int, int]]:
    runs = []
    start = -1
    for i, value in enumerate(energy):
        if value >= threshold:
            if start < 0:
                start = i
        elif start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(energy)))
    return runs


def _symbol(region: list[float], coefficients: list[float]) -> int | None:
    """The nibble whose tone clearly dominates `region`, by the Goertzel algorithm, or None."""
    powers = []
    for c in coefficients:
        s1 = s2 = 0.0
        for v in region:
            s1, s2 = v + c * s1 - s2, s1
        powers.append(s1 * s1 + s2 * s2 - c * s1 * s2)
    best = max(range(len(powers)), key=powers.__getitem__)
    runner_up = max(p for k, p in enumerate(powers) if k != best)
    energy = sum(v * v for v in region)
    # A pure tone of N samples has Goertzel power (N/2)·energy.
    share = 2 * powers[best] / (len(region) * energy) if energy > 0 else 0.0
    if share >= _MIN_TONE_SHARE and powers[best] >= _MIN_DOMINANCE * runner_up:
        return best
    return None


def _read_word(group: list[_Burst], seconds_per_sample: float) -> WordTiming | None:
    """The word a group of bursts spells, or None unless it is clean."""
    nibbles = [b.nibble for b in group if b.nibble is not None]
    if len(nibbles) != len(group) or len(group) < 2 or len(group) % 2:
        return None
    lengths = [b.length for b in group]
    if max(lengths) > 1.5 * min(lengths):
        return None
    pitches = [b.centre - a.centre for a, b in zip(group, group[1:])]
    pitch = sum(pitches) / len(pitches)
    if any(abs(p - pitch) > 0.2 * pitch for p in pitches):
        return None
    data = bytes(hi << 4 | lo for hi, lo in zip(nibbles[::2], nibbles[1::2]))
    try:
        word = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if word.split() != [word]:
        return None
    half_burst = pitch / _PITCH_RATIO / 2
    start = (group[0].centre - half_burst) * seconds_per_sample
    end = (group[-1].centre + half_burst) * seconds_per_sample
    return WordTiming(word, max(0.0, start), end)


class StreamingTranscriber:
    """Transcribe audio that arrives in chunks, reporting each word once the silence after it shows.

    Audio is cut only inside silences longer than any pause within a word, so every cut falls
    between words; audio with no such silence is transcribed in one go by `finish()`.
    """

    def __init__(self, sample_rate: int) -> None:
        if sample_rate <= 0:
            raise ValueError("sample_rate must be positive")
        self.sample_rate = sample_rate
        self._buffer = array("f")
        self._offset = 0  # samples already transcribed and dropped from the buffer
        self._quiet_run = 0
        self._break = max(1, round(sample_rate * _WORD_BREAK_S))

    def feed(self, samples: Sequence[float]) -> list[WordTiming]:
        """Add samples; return the words completed since the last call."""
        base = len(self._buffer)
        self._buffer.extend(samples)
        run, cut = self._quiet_run, 0
        for i, v in enumerate(samples, base):
            if -_QUIET_LEVEL < v < _QUIET_LEVEL:
                run += 1
                if run == self._break:
                    cut = i - run // 2  # mid-silence: between two words for certain
            else:
                run = 0
        self._quiet_run = run
        if not cut and len(self._buffer) > _MAX_BUFFER_S * self.sample_rate:
            cut = len(self._buffer)  # no silence in sight: not the synthetic voice, so bound the memory
        return self._transcribe_until(cut) if cut else []

    def finish(self) -> list[WordTiming]:
        """Transcribe whatever is left; the transcriber can then start a new stream."""
        words = self._transcribe_until(len(self._buffer))
        self._offset, self._quiet_run = 0, 0
        return words

    def _transcribe_until(self, cut: int) -> list[WordTiming]:
        head, self._buffer = self._buffer[:cut], self._buffer[cut:]
        shift = self._offset / self.sample_rate
        self._offset += cut
        return [WordTiming(w.word, w.start_s + shift, w.end_s + shift) for w in transcribe(head, self.sample_rate)]
