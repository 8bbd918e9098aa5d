"""RIFF/WAVE files: header building, an incremental writer, and a parser/decoder.

Written files are mono. PCM (s16, s32, s24, u8) uses the 16-byte `fmt ` chunk (format tag 1);
every other tag (3 IEEE float, 6 A-law, 7 µ-law) gets the 18-byte WAVEFORMATEX form
(cbSize = 0) plus the `fact` chunk the RIFF spec requires for non-PCM data.

Streaming convention: when the total length is not known up front, the RIFF size, the `data`
size and the `fact` sample count are all written as 0xFFFFFFFF ("until end of stream", as
ffmpeg and most players read it). The parser treats any declared data size that runs past the
end of the bytes (0xFFFFFFFF included) as "the rest of the file".
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .errors import InvalidAudioError, UnsupportedFormatError
from .formats import sample_width
from .pcm import decode_pcm, encode_pcm

WAVE_FORMAT_PCM = 1
WAVE_FORMAT_IEEE_FLOAT = 3
WAVE_FORMAT_ALAW = 6
WAVE_FORMAT_MULAW = 7
WAVE_FORMAT_EXTENSIBLE = 0xFFFE
STREAMING_SIZE = 0xFFFFFFFF

# (format tag, bits per sample) for each encoding; the parser reads the same table backwards.
_TAG_AND_BITS: dict[str, tuple[int, int]] = {
    "pcm_u8": (WAVE_FORMAT_PCM, 8),
    "pcm_s16le": (WAVE_FORMAT_PCM, 16),
    "pcm_s24le": (WAVE_FORMAT_PCM, 24),
    "pcm_s32le": (WAVE_FORMAT_PCM, 32),
    "pcm_f16le": (WAVE_FORMAT_IEEE_FLOAT, 16),
    "pcm_f32le": (WAVE_FORMAT_IEEE_FLOAT, 32),
    "pcm_f64le": (WAVE_FORMAT_IEEE_FLOAT, 64),
    "pcm_alaw": (WAVE_FORMAT_ALAW, 8),
    "pcm_mulaw": (WAVE_FORMAT_MULAW, 8),
}
_ENCODING_OF = {tag_bits: encoding for encoding, tag_bits in _TAG_AND_BITS.items()}


def _tag_and_bits(encoding: str) -> tuple[int, int]:
    sample_width(encoding)  # uniform error for unknown names
    return _TAG_AND_BITS[encoding]


def wav_header(encoding: str, sample_rate: int, num_samples: int | None = None) -> bytes:
    """Header of a mono WAV file; `num_samples=None` writes the streaming placeholder sizes."""
    tag, bits = _tag_and_bits(encoding)
    width = bits // 8
    fmt = struct.pack("<HHIIHH", tag, 1, sample_rate, sample_rate * width, width, bits)
    fact = b""
    if tag != WAVE_FORMAT_PCM:
        fmt += struct.pack("<H", 0)
        fact = b"fact" + struct.pack("<II", 4, STREAMING_SIZE if num_samples is None else num_samples)
    head = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + fact
    if num_samples is None:
        riff_size = data_size = STREAMING_SIZE
    else:
        data_size = num_samples * width
        riff_size = len(head) + 8 + data_size + (data_size & 1)  # odd data is padded to even
        if riff_size > 0xFFFFFFFF:
            raise UnsupportedFormatError("WAV files are limited to 4 GiB")
    return b"RIFF" + struct.pack("<I", riff_size) + head + b"data" + struct.pack("<I", data_size)


class WavWriter:
    """Incremental mono WAV encoder: the header comes out first, then encoded sample blocks.

    With `total_samples` the header carries exact sizes and writing more or fewer samples
    raises; without it the header uses the streaming placeholder sizes (0xFFFFFFFF).
    """

    def __init__(self, encoding: str, sample_rate: int, *, total_samples: int | None = None) -> None:
        self.encoding = encoding
        self.sample_rate = sample_rate
        self.total_samples = total_samples
        self.samples_written = 0
        self._header: bytes | None = wav_header(encoding, sample_rate, total_samples)

    def header(self) -> bytes:
        """The header, the first time it is asked for (or implied by write/flush); then b""."""
        header, self._header = self._header or b"", None
        return header

    def write(self, samples: Sequence[float]) -> bytes:
        """Encode a block of samples, preceded by the header if it has not gone out yet."""
        written = self.samples_written + len(samples)
        if self.total_samples is not None and written > self.total_samples:
            raise ValueError(f"WAV header promised {self.total_samples} samples; got {written}")
        self.samples_written = written
        return self.header() + encode_pcm(samples, self.encoding)

    def flush(self) -> bytes:
        """Finish the file: the header if nothing was written, and the pad byte odd data needs."""
        if self.total_samples is None:
            return self.header()
        if self.samples_written != self.total_samples:
            raise ValueError(f"WAV header promised {self.total_samples} samples; got {self.samples_written}")
        data_size = self.total_samples * sample_width(self.encoding)
        return self.header() + b"\x00" * (data_size & 1)


def encode_wav(samples: Sequence[float], encoding: str, sample_rate: int) -> bytes:
    """A complete mono WAV file with exact sizes."""
    writer = WavWriter(encoding, sample_rate, total_samples=len(samples))
    return writer.write(samples) + writer.flush()


@dataclass(frozen=True)
class WavInfo:
    """What a WAV header says, plus where the sample data sits in the file."""

    format_tag: int  # the real tag, also for WAVE_FORMAT_EXTENSIBLE files
    encoding: str | None  # None when the toolkit cannot decode this tag/bit depth
    channels: int
    sample_rate: int
    bits_per_sample: int
    block_align: int
    byte_rate: int
    data_offset: int
    data_size: int  # whole frames present in the file
    declared_data_size: int
    fact_samples: int | None

    @property
    def frames(self) -> int:
        """Samples per channel in the data chunk."""
        return self.data_size // self.block_align

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


def parse_wav(data: bytes) -> WavInfo:
    """Read the header chunks of a WAV file; raises InvalidAudioError if it is not one."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise InvalidAudioError("not a RIFF/WAVE file")
    fmt: bytes | None = None
    fact_samples: int | None = None
    offset = 12
    while offset + 8 <= len(data):
        chunk_id = data[offset : offset + 4]
        (size,) = struct.unpack_from("<I", data, offset + 4)
        body = offset + 8
        if chunk_id == b"fmt ":
            fmt = data[body : body + size]
        elif chunk_id == b"fact" and size >= 4:
            (fact_samples,) = struct.unpack_from("<I", data, body)
        elif chunk_id == b"data":
            if fmt is None:
                raise InvalidAudioError("WAV data chunk comes before its fmt chunk")
            return _info(fmt, fact_samples, body, size, len(data) - body)
        offset = body + size + (size & 1)
    raise InvalidAudioError("WAV file has no data chunk")


def _info(fmt: bytes, fact_samples: int | None, data_offset: int, declared: int, available: int) -> WavInfo:
    if len(fmt) < 16:
        raise InvalidAudioError("WAV fmt chunk is too short")
    tag, channels, rate, byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == WAVE_FORMAT_EXTENSIBLE and len(fmt) >= 26:
        (tag,) = struct.unpack_from("<H", fmt, 24)  # first two bytes of the SubFormat GUID
    if channels < 1 or rate < 1 or block_align < 1:
        raise InvalidAudioError(f"WAV header has channels={channels}, sample_rate={rate}, block_align={block_align}")
    size = min(declared, available)
    return WavInfo(
        format_tag=tag,
        encoding=_ENCODING_OF.get((tag, bits)),
        channels=channels,
        sample_rate=rate,
        bits_per_sample=bits,
        block_align=block_align,
        byte_rate=byte_rate,
        data_offset=data_offset,
        data_size=size - size % block_align,
        declared_data_size=declared,
        fact_samples=fact_samples,
    )


class DecodedAudio(NamedTuple):
    """Mono float samples and their sample rate."""

    samples: array[float]
    sample_rate: int


def decode_wav(data: bytes) -> DecodedAudio:
    """Decode a WAV file to mono float samples (channels are averaged)."""
    info = parse_wav(data)
    if info.encoding is None:
        raise UnsupportedFormatError(f"WAV format tag {info.format_tag} with {info.bits_per_sample}-bit samples")
    if info.block_align != info.channels * sample_width(info.encoding):
        raise InvalidAudioError(f"WAV block_align {info.block_align} does not fit {info.channels} x {info.encoding}")
    samples = decode_pcm(data[info.data_offset : info.data_offset + info.data_size], info.encoding)
    if info.channels > 1:
        channels = [samples[c :: info.channels] for c in range(info.channels)]
        scale = 1.0 / info.channels
        samples = array("f", [sum(frame) * scale for frame in zip(*channels)])
    return DecodedAudio(samples, info.sample_rate)
