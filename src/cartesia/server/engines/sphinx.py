"""Speech-to-text with PocketSphinx and the US English model its wheel bundles.

Audio is resampled to 16 kHz (the model's rate). Cepstral mean normalisation runs over the whole
utterance ("batch"), which suits the short, complete clips the server decodes. The decoder is
not thread-safe and slow to load, so one is shared behind a lock. Word times come from the
decoder's segmentation (100 frames per second); fillers and silences are left out.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import Any

from ..audio import WordTiming, encode_pcm, resample

MODEL_RATE = 16000
_FRAMES_PER_SECOND = 100

_decoder: Any = None
_lock = threading.Lock()


def _get_decoder() -> Any:
    global _decoder
    if _decoder is None:
        pocketsphinx = importlib.import_module("pocketsphinx")  # untyped; imported only when used
        _decoder = pocketsphinx.Decoder(samprate=MODEL_RATE, loglevel="FATAL", cmn="batch")
    return _decoder


def recognise(samples: Sequence[float], sample_rate: int) -> list[WordTiming]:
    """The English words PocketSphinx hears in `samples`, with their times in seconds."""
    audio = resample(samples, sample_rate, MODEL_RATE) if sample_rate != MODEL_RATE else samples
    if not len(audio):
        return []
    pcm = encode_pcm(audio, "pcm_s16le")
    with _lock:
        decoder = _get_decoder()
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        segments = [(seg.word, seg.start_frame, seg.end_frame) for seg in decoder.seg()]
    words = []
    for word, start, end in segments:
        if word.startswith(("<", "[")):
            continue
        text = word.split("(", 1)[0]  # alternate pronunciations are spelt "word(2)"
        words.append(WordTiming(text, start / _FRAMES_PER_SECOND, (end + 1) / _FRAMES_PER_SECOND))
    return words
