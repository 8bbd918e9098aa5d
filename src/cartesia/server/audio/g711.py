"""G.711 µ-law and A-law companding (ITU-T G.711), as lookup tables.

The scalar functions follow the classic Sun Microsystems reference code (the one `audioop`
used), so bytes match what other tools produce. Tables are built on first use: encoding
indexes a table by the top 14 (µ-law) or 13 (A-law) bits of a 16-bit sample.
"""

from __future__ import annotations

from functools import lru_cache

_ULAW_BIAS = 0x84
_ULAW_CLIP = 8159
_ULAW_SEG_END = (0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF)
_ALAW_SEG_END = (0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF)


def _segment(value: int, ends: tuple[int, ...]) -> int:
    for seg, end in enumerate(ends):
        if value <= end:
            return seg
    return len(ends)


def linear_to_ulaw(sample: int) -> int:
    """Compress one signed 16-bit sample to a µ-law byte."""
    value = sample >> 2
    if value < 0:
        value, mask = -value, 0x7F
    else:
        mask = 0xFF
    value = min(value, _ULAW_CLIP) + (_ULAW_BIAS >> 2)
    seg = _segment(value, _ULAW_SEG_END)
    if seg >= 8:
        return 0x7F ^ mask
    return ((seg << 4) | ((value >> (seg + 1)) & 0x0F)) ^ mask


def ulaw_to_linear(code: int) -> int:
    """Expand one µ-law byte to a signed 16-bit sample."""
    code = ~code & 0xFF
    magnitude = (((code & 0x0F) << 3) + _ULAW_BIAS) << ((code & 0x70) >> 4)
    return _ULAW_BIAS - magnitude if code & 0x80 else magnitude - _ULAW_BIAS


def linear_to_alaw(sample: int) -> int:
    """Compress one signed 16-bit sample to an A-law byte."""
    value = sample >> 3
    if value >= 0:
        mask = 0xD5
    else:
        mask, value = 0x55, -value - 1
    seg = _segment(value, _ALAW_SEG_END)
    if seg >= 8:
        return 0x7F ^ mask
    quant = (value >> 1) if seg < 2 else (value >> seg)
    return ((seg << 4) | (quant & 0x0F)) ^ mask


def alaw_to_linear(code: int) -> int:
    """Expand one A-law byte to a signed 16-bit sample."""
    code ^= 0x55
    magnitude = (code & 0x0F) << 4
    seg = (code & 0x70) >> 4
    if seg == 0:
        magnitude += 8
    else:
        magnitude = (magnitude + 0x108) << (seg - 1)
    return magnitude if code & 0x80 else -magnitude


@lru_cache(maxsize=None)
def ulaw_encode_table() -> bytes:
    """µ-law byte for every 14-bit sample: index with `(s16 >> 2) + 8192`."""
    return bytes(linear_to_ulaw(v << 2) for v in range(-8192, 8192))


@lru_cache(maxsize=None)
def alaw_encode_table() -> bytes:
    """A-law byte for every 13-bit sample: index with `(s16 >> 3) + 4096`."""
    return bytes(linear_to_alaw(v << 3) for v in range(-4096, 4096))


@lru_cache(maxsize=None)
def ulaw_decode_table() -> tuple[float, ...]:
    """Float sample (−1..1) for every µ-law byte."""
    return tuple(ulaw_to_linear(code) / 32768.0 for code in range(256))


@lru_cache(maxsize=None)
def alaw_decode_table() -> tuple[float, ...]:
    """Float sample (−1..1) for every A-law byte."""
    return tuple(alaw_to_linear(code) / 32768.0 for code in range(256))
