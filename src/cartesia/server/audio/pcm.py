"""Float samples (−1..1) to headerless little-endian PCM bytes and back, for every encoding.

Integer encodings round to nearest and clip outside −1..1 (scale 2**(bits-1) - 1 when encoding,
2**(bits-1) when decoding, the usual convention). Float encodings pass values through unchanged
(f16 saturates at its largest finite value). Decoded audio is `array('f')`: compact, and
`pcm_f32le` output is a plain copy of its memory.
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from . import g711
from .errors import InvalidAudioError
from .formats import sample_width

_BIG_ENDIAN = sys.byteorder == "big"
_INT32 = "i" if array("i").itemsize == 4 else "l"
_F16_MAX = 65504.0


def _le_bytes(values: array[Any]) -> bytes:
    if _BIG_ENDIAN:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_le(typecode: str, data: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(data)
    if _BIG_ENDIAN:
        values.byteswap()
    return values


def _quantize(samples: Sequence[float], bits: int) -> list[int]:
    scale = float((1 << (bits - 1)) - 1)
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    floor = math.floor
    values = [floor(x * scale + 0.5) for x in samples]
    # Clipping is rare, so check with two C-speed passes before paying for a third.
    if values and (max(values) > hi or min(values) < lo):
        values = [hi if v > hi else lo if v < lo else v for v in values]
    return values


def _scaled(values: array[int], bits: int) -> array[float]:
    scale = 1.0 / (1 << (bits - 1))
    return array("f", [v * scale for v in values])


def _encode_f32(samples: Sequence[float]) -> bytes:
    floats = samples if isinstance(samples, array) and samples.typecode == "f" else array("f", samples)
    return _le_bytes(floats)


def _encode_f16(samples: Sequence[float]) -> bytes:
    clipped = [min(max(x, -_F16_MAX), _F16_MAX) for x in samples]
    return struct.pack(f"<{len(clipped)}e", *clipped)


def _encode_s24(samples: Sequence[float]) -> bytes:
    wide = _le_bytes(array(_INT32, _quantize(samples, 24)))
    packed = bytearray(len(wide) // 4 * 3)
    for i in range(3):  # keep the three low bytes of each little-endian int32
        packed[i::3] = wide[i::4]
    return bytes(packed)


def _decode_s24(data: bytes) -> array[float]:
    wide = bytearray(len(data) // 3 * 4)
    for i in range(3):  # place each sample in the top three bytes of an int32
        wide[i + 1 :: 4] = data[i::3]
    return _scaled(_from_le(_INT32, bytes(wide)), 32)


def _encode_ulaw(samples: Sequence[float]) -> bytes:
    table = g711.ulaw_encode_table()
    return bytes([table[(v >> 2) + 8192] for v in _quantize(samples, 16)])


def _encode_alaw(samples: Sequence[float]) -> bytes:
    table = g711.alaw_encode_table()
    return bytes([table[(v >> 3) + 4096] for v in _quantize(samples, 16)])


def _expand(data: bytes, table: tuple[float, ...]) -> array[float]:
    return array("f", [table[b] for b in data])


_ENCODERS: dict[str, Callable[[Sequence[float]], bytes]] = {
    "pcm_f32le": _encode_f32,
    "pcm_f64le": lambda samples: _le_bytes(array("d", samples)),
    "pcm_f16le": _encode_f16,
    "pcm_s16le": lambda samples: _le_bytes(array("h", _quantize(samples, 16))),
    "pcm_s32le": lambda samples: _le_bytes(array(_INT32, _quantize(samples, 32))),
    "pcm_s24le": _encode_s24,
    "pcm_u8": lambda samples: bytes([v + 128 for v in _quantize(samples, 8)]),
    "pcm_mulaw": _encode_ulaw,
    "pcm_alaw": _encode_alaw,
}

_DECODERS: dict[str, Callable[[bytes], array[float]]] = {
    "pcm_f32le": lambda data: _from_le("f", data),
    "pcm_f64le": lambda data: array("f", _from_le("d", data)),
    "pcm_f16le": lambda data: array("f", struct.unpack(f"<{len(data) // 2}e", data)),
    "pcm_s16le": lambda data: _scaled(_from_le("h", data), 16),
    "pcm_s32le": lambda data: _scaled(_from_le(_INT32, data), 32),
    "pcm_s24le": _decode_s24,
    "pcm_u8": lambda data: array("f", [(b - 128) / 128.0 for b in data]),
    "pcm_mulaw": lambda data: _expand(data, g711.ulaw_decode_table()),
    "pcm_alaw": lambda data: _expand(data, g711.alaw_decode_table()),
}


def encode_pcm(samples: Sequence[float], encoding: str) -> bytes:
    """Encode float samples as headerless PCM in `encoding` (see formats.SAMPLE_WIDTHS)."""
    sample_width(encoding)  # uniform error for unknown names
    return _ENCODERS[encoding](samples)


def decode_pcm(data: bytes, encoding: str) -> array[float]:
    """Decode headerless PCM in `encoding` to float samples; the length must be whole samples."""
    width = sample_width(encoding)
    if len(data) % width:
        raise InvalidAudioError(f"{len(data)} bytes is not a whole number of {width}-byte {encoding} samples")
    return _DECODERS[encoding](data)


class PcmStreamDecoder:
    """Decode PCM arriving in arbitrary byte chunks, holding back a split trailing sample."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._width = sample_width(encoding)
        self._pending = b""

    def feed(self, data: bytes) -> array[float]:
        """Decode every whole sample received so far."""
        buffered = self._pending + data
        whole = len(buffered) - len(buffered) % self._width
        self._pending = buffered[whole:]
        return decode_pcm(buffered[:whole], self.encoding)

    @property
    def pending_bytes(self) -> int:
        """Bytes of an incomplete sample waiting for the next chunk."""
        return len(self._pending)
