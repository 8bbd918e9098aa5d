"""Real MP3 for the local server, where the codec wheels are installed (they come with the server extra).

`LameMp3Writer` encodes the same PCM that WAV gets with LAME (the `lameenc` wheel), constant bit
rate, mono, at the requested sample rate. `decode_compressed` reads MP3 and FLAC uploads with
miniaudio (dr_mp3, dr_flac), mixed down to mono. Without the wheels, MP3 output falls back to
silent frames of the exact length (see mp3.py) and uploads to their frames' duration.
"""

from __future__ import annotations

import importlib.util
from array import array
from collections.abc import Sequence
from typing import Any

from .errors import InvalidAudioError
from .mp3 import nearest_mp3_bit_rate
from .pcm import encode_pcm
from .wav import DecodedAudio

_MPEG_2_5_MAX = 64000


def can_encode_mp3() -> bool:
    return importlib.util.find_spec("lameenc") is not None


def can_decode_compressed() -> bool:
    return importlib.util.find_spec("miniaudio") is not None


class LameMp3Writer:
    """Turn blocks of float samples into MP3 frames as the encoder completes them; `flush()` ends the stream."""

    def __init__(self, sample_rate: int, bit_rate: int) -> None:
        import lameenc

        self.sample_rate = sample_rate
        self.requested_bit_rate = bit_rate
        self.bit_rate = nearest_mp3_bit_rate(sample_rate, bit_rate)  # also refuses rates MP3 lacks
        if sample_rate < 16000:  # LAME encodes MPEG-2.5 (8–12 kHz) at 64 kbit/s at most
            self.bit_rate = min(self.bit_rate, _MPEG_2_5_MAX)
        encoder: Any = lameenc.Encoder()
        encoder.set_channels(1)
        encoder.set_in_sample_rate(sample_rate)
        encoder.set_out_sample_rate(sample_rate)  # LAME would resample low bit rates otherwise
        encoder.set_bit_rate(self.bit_rate // 1000)
        encoder.set_quality(2)
        self._encoder = encoder

    def write(self, samples: Sequence[float]) -> bytes:
        return bytes(self._encoder.encode(encode_pcm(samples, "pcm_s16le"))) if len(samples) else b""

    def flush(self) -> bytes:
        return bytes(self._encoder.flush())


def decode_compressed(data: bytes) -> DecodedAudio | None:
    """Mono samples of an MP3 or FLAC file; None when it is neither (or the codec is missing)."""
    kind = "flac" if data[:4] == b"fLaC" else "mp3" if _looks_like_mp3(data) else None
    if kind is None or not can_decode_compressed():
        return None
    import miniaudio

    try:
        decoded = miniaudio.flac_read_s16(data) if kind == "flac" else miniaudio.mp3_read_s16(data)
    except miniaudio.DecodeError as exc:
        raise InvalidAudioError(f"not a readable {kind.upper()} file ({exc})") from None
    channels, samples = decoded.nchannels, decoded.samples
    if not len(samples):
        raise InvalidAudioError(f"the {kind.upper()} file holds no audio")
    scale = 1 / (32768 * channels)
    if channels == 1:
        mono = array("f", (value * scale for value in samples))
    else:
        lanes = [samples[c::channels] for c in range(channels)]
        mono = array("f", (sum(values) * scale for values in zip(*lanes)))
    return DecodedAudio(mono, decoded.sample_rate)


def _looks_like_mp3(data: bytes) -> bool:
    return data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
