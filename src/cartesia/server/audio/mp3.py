"""MPEG audio Layer III (MP3) frames that decode to silence, written incrementally.

There is no real MP3 encoder here: each frame is a valid mono header (no CRC) followed by
all-zero side information (main_data_begin = 0, part2_3_length = 0, so no Huffman data) and
zero bytes up to the frame length. Every decoder accepts such frames and outputs zeros. What is
exact is the container: versions, bit rates, frame lengths with padding, and one frame per
1152 samples (MPEG-1) or 576 samples (MPEG-2 / MPEG-2.5), the last frame covering a partial
block. There is no Xing/Info frame: the stream is constant bit rate, so its duration follows
from its size.

Bit rates: MPEG-1 (32000/44100/48000 Hz) allows all of the API's bit rates. MPEG-2 and 2.5
(8000-24000 Hz) top out at 160 kbit/s, so a request for 192000 there gets 160000: the nearest
allowed rate, the lower one on a tie (`nearest_mp3_bit_rate`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .errors import InvalidAudioError, UnsupportedFormatError

MPEG_1 = "1"
MPEG_2 = "2"
MPEG_2_5 = "2.5"
MONO = 3  # channel_mode field value

# sample rate -> (MPEG version, sampling_rate_index)
_RATE_INDEX: dict[int, tuple[str, int]] = {
    44100: (MPEG_1, 0),
    48000: (MPEG_1, 1),
    32000: (MPEG_1, 2),
    22050: (MPEG_2, 0),
    24000: (MPEG_2, 1),
    16000: (MPEG_2, 2),
    11025: (MPEG_2_5, 0),
    12000: (MPEG_2_5, 1),
    8000: (MPEG_2_5, 2),
}
_RATE_OF = {index: rate for rate, index in _RATE_INDEX.items()}
_VERSION_BITS = {MPEG_1: 0b11, MPEG_2: 0b10, MPEG_2_5: 0b00}
_VERSION_OF = {bits: version for version, bits in _VERSION_BITS.items()}
# Layer III bit rates in bit/s for bitrate_index 1..14 (0 is "free format", 15 is invalid).
_MPEG1_BIT_RATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_BIT_RATES = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_LAYER_III = 0b01


def _version(sample_rate: int) -> str:
    try:
        return _RATE_INDEX[sample_rate][0]
    except KeyError:
        rates = ", ".join(map(str, sorted(_RATE_INDEX)))
        raise UnsupportedFormatError(f"MP3 has no sample rate {sample_rate} (allowed: {rates})") from None


def mp3_bit_rates(sample_rate: int) -> tuple[int, ...]:
    """Layer III bit rates (bit/s) of the MPEG version that carries `sample_rate`."""
    table = _MPEG1_BIT_RATES if _version(sample_rate) == MPEG_1 else _MPEG2_BIT_RATES
    return tuple(kbps * 1000 for kbps in table)


def nearest_mp3_bit_rate(sample_rate: int, bit_rate: int) -> int:
    """The allowed bit rate closest to `bit_rate` (the lower one on a tie)."""
    return min(mp3_bit_rates(sample_rate), key=lambda allowed: (abs(allowed - bit_rate), allowed))


@dataclass(frozen=True)
class Mp3FrameHeader:
    """The fields of a Layer III frame header that set its size and duration."""

    version: str
    bit_rate: int
    sample_rate: int
    padding: bool = False
    channel_mode: int = MONO
    protected: bool = False  # True when a 16-bit CRC follows the header

    @property
    def samples_per_frame(self) -> int:
        return 1152 if self.version == MPEG_1 else 576

    @property
    def frame_length(self) -> int:
        """Bytes in the frame, header included."""
        return self.samples_per_frame // 8 * self.bit_rate // self.sample_rate + self.padding

    def to_bytes(self) -> bytes:
        """The four header bytes."""
        table = _MPEG1_BIT_RATES if self.version == MPEG_1 else _MPEG2_BIT_RATES
        bit_rate_index = table.index(self.bit_rate // 1000) + 1
        rate_index = _RATE_INDEX[self.sample_rate][1]
        return bytes(
            (
                0xFF,
                0xE0 | _VERSION_BITS[self.version] << 3 | _LAYER_III << 1 | (not self.protected),
                bit_rate_index << 4 | rate_index << 2 | self.padding << 1,
                self.channel_mode << 6,
            )
        )


def parse_mp3_header(data: bytes, offset: int = 0) -> Mp3FrameHeader:
    """Parse the Layer III frame header at `offset`; raises InvalidAudioError if there is none."""
    if len(data) < offset + 4:
        raise InvalidAudioError(f"truncated MP3 frame header at byte {offset}")
    b0, b1, b2, b3 = data[offset : offset + 4]
    if b0 != 0xFF or b1 & 0xE0 != 0xE0:
        raise InvalidAudioError(f"no MP3 frame sync at byte {offset}")
    version = _VERSION_OF.get(b1 >> 3 & 0b11)
    if version is None or b1 >> 1 & 0b11 != _LAYER_III:
        raise InvalidAudioError(f"not an MPEG Layer III frame at byte {offset}")
    bit_rate_index, rate_index = b2 >> 4, b2 >> 2 & 0b11
    if not 1 <= bit_rate_index <= 14 or rate_index == 3:
        raise InvalidAudioError(f"free-format or invalid MP3 bit rate / sample rate at byte {offset}")
    table = _MPEG1_BIT_RATES if version == MPEG_1 else _MPEG2_BIT_RATES
    return Mp3FrameHeader(
        version=version,
        bit_rate=table[bit_rate_index - 1] * 1000,
        sample_rate=_RATE_OF[(version, rate_index)],
        padding=bool(b2 >> 1 & 1),
        channel_mode=b3 >> 6,
        protected=not b1 & 1,
    )


def iter_mp3_frames(data: bytes) -> Iterator[tuple[int, Mp3FrameHeader]]:
    """(offset, header) of each frame of an MP3 stream, skipping ID3v2/ID3v1 tags."""
    offset = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        syncsafe = data[6:10]  # four 7-bit bytes
        offset = 10 + (syncsafe[0] << 21 | syncsafe[1] << 14 | syncsafe[2] << 7 | syncsafe[3])
    end = len(data) - 128 if data[-128:-125] == b"TAG" else len(data)
    while offset < end:
        header = parse_mp3_header(data, offset)
        if offset + header.frame_length > end:
            raise InvalidAudioError(f"truncated MP3 frame at byte {offset}")
        yield offset, header
        offset += header.frame_length


class Mp3FrameWriter:
    """Turn a stream of samples into whole silent MP3 frames as soon as each frame is full.

    Only sample counts matter, so `write` takes a block of samples or just its length.
    """

    def __init__(self, sample_rate: int, bit_rate: int) -> None:
        version = _version(sample_rate)
        self.sample_rate = sample_rate
        self.requested_bit_rate = bit_rate
        self.bit_rate = nearest_mp3_bit_rate(sample_rate, bit_rate)
        header = Mp3FrameHeader(version, self.bit_rate, sample_rate)
        self.samples_per_frame = header.samples_per_frame
        self._frames = (_silent_frame(header), _silent_frame(Mp3FrameHeader(version, self.bit_rate, sample_rate, True)))
        # Padding bytes are spread like leap days so the average rate is exactly bit_rate.
        self._slot_numerator = self.samples_per_frame // 8 * self.bit_rate % sample_rate
        self._slot_error = 0
        self._pending_samples = 0
        self.frames_written = 0

    def write(self, samples: int | Sequence[float]) -> bytes:
        """Add samples (a block, or a count); return the frames completed by them."""
        count = samples if isinstance(samples, int) else len(samples)
        if count < 0:
            raise ValueError("sample count must not be negative")
        frames, self._pending_samples = divmod(self._pending_samples + count, self.samples_per_frame)
        return self._emit(frames)

    def flush(self) -> bytes:
        """End the stream: one last frame for a partial block of samples, if any."""
        frames, self._pending_samples = (1 if self._pending_samples else 0), 0
        return self._emit(frames)

    def _emit(self, frames: int) -> bytes:
        out = []
        for _ in range(frames):
            self._slot_error += self._slot_numerator
            padded = self._slot_error >= self.sample_rate
            if padded:
                self._slot_error -= self.sample_rate
            out.append(self._frames[padded])
        self.frames_written += frames
        return b"".join(out)


def _silent_frame(header: Mp3FrameHeader) -> bytes:
    return header.to_bytes() + bytes(header.frame_length - 4)


def encode_mp3(num_samples: int, sample_rate: int, bit_rate: int) -> bytes:
    """A complete silent MP3 stream lasting `num_samples` samples (rounded up to whole frames)."""
    writer = Mp3FrameWriter(sample_rate, bit_rate)
    return writer.write(num_samples) + writer.flush()
