"""The API's output containers (raw, wav, mp3) behind one streaming writer, and upload decoding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .errors import UnsupportedFormatError
from .formats import CONTAINERS, sample_width
from .mp3 import Mp3FrameWriter
from .mp3_codec import LameMp3Writer, can_encode_mp3
from .pcm import decode_pcm, encode_pcm
from .wav import DecodedAudio, WavWriter, decode_wav


class AudioWriter(Protocol):
    """Turns blocks of float samples into the bytes to send next; `flush()` ends the stream."""

    def write(self, samples: Sequence[float]) -> bytes: ...

    def flush(self) -> bytes: ...


class RawWriter:
    """Headerless PCM: each block is encoded on its own, and there is nothing to finish."""

    def __init__(self, encoding: str) -> None:
        sample_width(encoding)  # fail now, not on the first block
        self.encoding = encoding

    def write(self, samples: Sequence[float]) -> bytes:
        return encode_pcm(samples, self.encoding)

    def flush(self) -> bytes:
        return b""


def make_writer(
    container: str,
    sample_rate: int,
    *,
    encoding: str | None = None,
    bit_rate: int | None = None,
    total_samples: int | None = None,
) -> AudioWriter:
    """A streaming writer for an API `output_format`.

    raw and wav need `encoding`; mp3 needs `bit_rate` (real MP3 with the codec installed, else
    silent frames of the exact length: see mp3_codec.py). `total_samples`, when known, gives WAV
    exact header sizes instead of streaming ones.
    """
    if container == "mp3":
        if bit_rate is None:
            raise UnsupportedFormatError("the mp3 container needs a bit_rate")
        if can_encode_mp3():
            return LameMp3Writer(sample_rate, bit_rate)
        return Mp3FrameWriter(sample_rate, bit_rate)
    if container not in CONTAINERS:
        raise UnsupportedFormatError(f"unsupported container {container!r} (known: {', '.join(CONTAINERS)})")
    if encoding is None:
        raise UnsupportedFormatError(f"the {container} container needs an encoding")
    if container == "wav":
        return WavWriter(encoding, sample_rate, total_samples=total_samples)
    return RawWriter(encoding)


def encode_audio(
    samples: Sequence[float],
    container: str,
    sample_rate: int,
    *,
    encoding: str | None = None,
    bit_rate: int | None = None,
) -> bytes:
    """All of `samples` in one `output_format`, as a complete file or raw stream."""
    writer = make_writer(container, sample_rate, encoding=encoding, bit_rate=bit_rate, total_samples=len(samples))
    return writer.write(samples) + writer.flush()


def decode_audio(data: bytes, *, encoding: str | None = None, sample_rate: int | None = None) -> DecodedAudio:
    """Mono float samples of an upload: a WAV file (its header wins), or raw PCM as declared."""
    if data[:4] == b"RIFF":
        return decode_wav(data)
    if encoding is None or sample_rate is None:
        raise UnsupportedFormatError("audio that is not WAV needs an encoding and a sample_rate")
    return DecodedAudio(decode_pcm(data, encoding), sample_rate)
