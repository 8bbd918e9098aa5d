"""Speech engines: `synthetic` (default, no dependencies) and `espeak` (eSpeak NG + PocketSphinx).

`select_engine("auto")` takes `espeak` when both of its packages import, else `synthetic`.
"""

from __future__ import annotations

import importlib.util

from .base import BufferedRecognizer, RenderedSpeech, Speech, SpeechEngine, StreamingRecognizer, VoiceTraits
from .synthetic import SyntheticEngine

ENGINES = ("synthetic", "espeak", "auto")
_SPEECH_PACKAGES = ("espeakng_loader", "pocketsphinx")

__all__ = [
    "ENGINES",
    "BufferedRecognizer",
    "RenderedSpeech",
    "Speech",
    "SpeechEngine",
    "StreamingRecognizer",
    "SyntheticEngine",
    "VoiceTraits",
    "espeak_available",
    "select_engine",
]


def espeak_available() -> bool:
    """Whether the packages of the `espeak` engine are installed."""
    return all(importlib.util.find_spec(name) is not None for name in _SPEECH_PACKAGES)


def select_engine(name: str) -> SpeechEngine:
    """The engine called `name`; raises ValueError for unknown names or missing packages."""
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
    if name == "synthetic" or (name == "auto" and not espeak_available()):
        return SyntheticEngine()
    if not espeak_available():
        raise ValueError('the espeak engine needs espeakng-loader and pocketsphinx: pip install "cartesia[speech]"')
    from .espeak_sphinx import EspeakSphinxEngine

    return EspeakSphinxEngine()
