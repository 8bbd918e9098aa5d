"""The open-source engine: eSpeak NG speaks, PocketSphinx listens (English only for listening)."""

from __future__ import annotations

from collections.abc import Sequence

from ..audio import WordTiming
from . import espeak, sphinx
from .base import BufferedRecognizer, Speech, VoiceTraits


class EspeakSphinxEngine:
    name = "espeak"

    def __init__(self) -> None:
        espeak.espeak_library()  # load now, so a broken install fails at startup, not mid-request

    def synthesize(self, text: str, sample_rate: int, *, voice: VoiceTraits, speed: float = 1.0) -> Speech:
        return espeak.speak(text, sample_rate, voice, speed)

    # PocketSphinx's bundled model is US English whatever the language asked for.
    def transcribe(self, samples: Sequence[float], sample_rate: int, *, language: str = "en") -> list[WordTiming]:  # noqa: ARG002
        return sphinx.recognise(samples, sample_rate)

    def recognizer(self, sample_rate: int, *, language: str = "en") -> BufferedRecognizer:
        return BufferedRecognizer(self, sample_rate, language)
