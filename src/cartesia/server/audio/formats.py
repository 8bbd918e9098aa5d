"""The audio formats the Cartesia API speaks, as plain constants."""

from __future__ import annotations

from .errors import UnsupportedFormatError

CONTAINERS = ("raw", "wav", "mp3")
TTS_ENCODINGS = ("pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw")
STT_ENCODINGS = ("pcm_s16le", "pcm_s32le", "pcm_f16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw")
SAMPLE_RATES = (8000, 16000, 22050, 24000, 44100, 48000)
MP3_BIT_RATES = (32000, 64000, 96000, 128000, 192000)

# Bytes per sample of every encoding the codecs handle. The last three are not API encodings;
# they are here because uploaded WAV files use them.
SAMPLE_WIDTHS: dict[str, int] = {
    "pcm_f32le": 4,
    "pcm_s16le": 2,
    "pcm_mulaw": 1,
    "pcm_alaw": 1,
    "pcm_s32le": 4,
    "pcm_f16le": 2,
    "pcm_u8": 1,
    "pcm_s24le": 3,
    "pcm_f64le": 8,
}


def sample_width(encoding: str) -> int:
    """Bytes per sample of `encoding`; raises UnsupportedFormatError for unknown names."""
    try:
        return SAMPLE_WIDTHS[encoding]
    except KeyError:
        known = ", ".join(SAMPLE_WIDTHS)
        raise UnsupportedFormatError(f"unsupported encoding {encoding!r} (known: {known})") from None
