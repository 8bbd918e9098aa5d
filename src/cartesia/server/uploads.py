"""Decoding uploaded audio: WAV (its header wins), MP3 and FLAC (decoded with the codec the server
extra brings; without it, an MP3's frames count only for their duration), or raw PCM when the
request declares its encoding and sample rate."""

from __future__ import annotations

from array import array

from .audio import AudioError, DecodedAudio, decode_pcm, decode_wav, iter_mp3_frames, sample_width
from .audio.mp3_codec import decode_compressed
from .errors import ApiError, bad_request


def _invalid(message: str) -> ApiError:
    return bad_request(message, title="Invalid audio", error_code="invalid_audio")


def _mp3_silence(data: bytes) -> DecodedAudio | None:
    if not (data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)):
        return None
    try:
        frames = [header for _, header in iter_mp3_frames(data)]
    except AudioError:
        return None
    if not frames:
        return None
    rate = frames[0].sample_rate
    return DecodedAudio(array("f", bytes(4 * sum(f.samples_per_frame for f in frames))), rate)


def decode_upload(data: bytes, *, encoding: str | None = None, sample_rate: int | None = None) -> DecodedAudio:
    """Mono float samples of an upload, or a 400 error saying why it cannot be read."""
    try:
        if data[:4] == b"RIFF":
            return decode_wav(data)
        compressed = decode_compressed(data)
        if compressed is not None:
            return compressed
        mp3 = _mp3_silence(data)
        if mp3 is not None:
            return mp3
        if encoding is None or sample_rate is None:
            raise _invalid("Audio that is not WAV, MP3 or FLAC needs the `encoding` and `sample_rate` query parameters.")
        width = sample_width(encoding)
        return DecodedAudio(decode_pcm(data[: len(data) - len(data) % width], encoding), sample_rate)
    except AudioError as exc:
        raise _invalid(f"The audio cannot be decoded: {exc}.") from None
