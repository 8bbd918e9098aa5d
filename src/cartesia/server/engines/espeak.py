"""Text-to-speech with eSpeak NG, called through ctypes on the library the `espeakng-loader` wheel ships.

The library keeps global state, so every call holds one lock. Audio comes out at the library's
rate (22050 Hz, 16-bit) and is resampled to the requested rate. Word timings come from the
library's word events: a word starts at its event's audio position and ends where its audio
falls silent before the next word (the last sample louder than 2 % of the peak). Phoneme timings
run from one phoneme event to the next, pauses left out.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import threading
from array import array
from typing import Any

from ..audio import WordTiming, resample
from .base import RenderedSpeech, VoiceTraits

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_INITIALIZE_DONT_EXIT = 0x8000
_EVENT_LIST_TERMINATED, _EVENT_WORD, _EVENT_PHONEME = 0, 1, 7
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_BASE_WORDS_PER_MINUTE = 160
_SILENCE_SHARE = 0.02

# espeak-ng voice names by API language; others are tried as they are, then fall back to English.
_VOICE_NAMES = {"en": "en-us", "fr": "fr-fr", "pt": "pt-br", "zh": "cmn", "es": "es"}
# Variants chosen for how well pocketsphinx's English model understands them.
_VARIANTS = {"feminine": "f2", "masculine": "klatt", "gender_neutral": "f5"}


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


class EspeakLibrary:
    """The loaded library, initialised once for synchronous output with phoneme events."""

    def __init__(self) -> None:
        espeakng_loader = importlib.import_module("espeakng_loader")  # ships libespeak-ng and its data; untyped

        self._lock = threading.Lock()
        self._lib: Any = ctypes.CDLL(espeakng_loader.get_library_path())
        self._lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        data_parent = os.path.dirname(espeakng_loader.get_data_path())  # the folder holding espeak-ng-data
        options = _INITIALIZE_PHONEME_EVENTS | _INITIALIZE_DONT_EXIT
        self.sample_rate = int(self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent.encode(), options))
        if self.sample_rate <= 0:
            raise RuntimeError("eSpeak NG failed to initialise")
        self._samples = array("h")
        self._events: list[tuple[int, int, int, int, bytes]] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced: the library holds the pointer
        self._lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, count: int, events: Any) -> int:
        if count > 0:
            self._samples.extend(wav[:count])
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            e = events[i]
            self._events.append((e.type, e.text_position, e.length, e.audio_position, bytes(e.id)))
            i += 1
        return 0

    def speak(self, text: str, voice_name: str, words_per_minute: int) -> tuple[array[int], list[tuple[int, int, int, int, bytes]]]:
        """16-bit samples at `sample_rate` and the raw events (type, char position, length, ms, id)."""
        with self._lock:
            if self._lib.espeak_SetVoiceByName(voice_name.encode()) != 0:
                self._lib.espeak_SetVoiceByName(b"en-us")
            self._lib.espeak_SetParameter(_PARAM_RATE, words_per_minute, 0)
            self._samples, self._events = array("h"), []
            encoded = text.encode("utf-8")
            self._lib.espeak_Synth(encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            return self._samples, self._events


_library: EspeakLibrary | None = None
_library_lock = threading.Lock()


def espeak_library() -> EspeakLibrary:
    global _library
    with _library_lock:
        if _library is None:
            _library = EspeakLibrary()
        return _library


def voice_name(voice: VoiceTraits) -> str:
    base = _VOICE_NAMES.get(voice.language, voice.language)
    return f"{base}+{_VARIANTS.get(voice.gender or '', 'f2')}"


def speak(text: str, sample_rate: int, voice: VoiceTraits, speed: float) -> RenderedSpeech:
    """`text` spoken by eSpeak NG at `sample_rate`, with estimated word and phoneme timings."""
    library = espeak_library()
    pcm, events = library.speak(text, voice_name(voice), max(80, round(_BASE_WORDS_PER_MINUTE * speed)))
    native = array("f", [v / 32768.0 for v in pcm])
    rate = library.sample_rate
    words = _word_timings(text, events, native, rate)
    phonemes = _phoneme_timings(events, len(native) / rate)
    samples = resample(native, rate, sample_rate) if rate != sample_rate else native
    return RenderedSpeech(samples, sample_rate, words, phonemes)


def _word_timings(text: str, events: list[tuple[int, int, int, int, bytes]], samples: array[float], rate: int) -> list[WordTiming]:
    starts = [(pos, length, ms / 1000) for kind, pos, length, ms, _ in events if kind == _EVENT_WORD]
    threshold = _SILENCE_SHARE * max((abs(v) for v in samples), default=0.0)
    timings = []
    for i, (pos, length, start) in enumerate(starts):
        limit = starts[i + 1][2] if i + 1 < len(starts) else len(samples) / rate
        end_sample = min(len(samples), round(limit * rate))
        begin = round(start * rate)
        while end_sample > begin and abs(samples[end_sample - 1]) <= threshold:
            end_sample -= 1
        word = _token_at(text, pos - 1, length)
        if word.strip():
            timings.append(WordTiming(word, start, max(start, min(limit, end_sample / rate))))
    return timings


def _token_at(text: str, index: int, length: int) -> str:
    """The whitespace-delimited token holding the word eSpeak reported, punctuation kept, as the API writes words."""
    if index < 0 or index >= len(text):
        return ""
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = max(index + length, start)
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _phoneme_timings(events: list[tuple[int, int, int, int, bytes]], duration_s: float) -> list[WordTiming]:
    marks = [(ms / 1000, name.rstrip(b"\x00").decode("utf-8", "replace")) for kind, _, _, ms, name in events if kind == _EVENT_PHONEME]
    timings = []
    for i, (start, name) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else duration_s
        if name and not name.startswith("_"):
            timings.append(WordTiming(name, start, max(start, end)))
    return timings
