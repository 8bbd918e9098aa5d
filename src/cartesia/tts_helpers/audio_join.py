"""Join audio clips of one container end to end with the standard library (no ffmpeg).

WAV clips must share encoding, channels and sample rate; the joined file gets one header with
exact sizes. Raw PCM is joined as it is. MP3 is joined frame by frame: tags and the Xing/Info
header frame of each clip are dropped, and the clips must share a sample rate.
"""

from __future__ import annotations

import typing

from ..core.api_error import CartesiaError
from ..server.audio.errors import AudioError
from ..server.audio.mp3 import iter_mp3_frames
from ..server.audio.wav import parse_wav, wav_header


class AudioJoinError(CartesiaError, ValueError):
    """Clips that cannot be joined: not of the named container, or of different formats."""


def join_audio(clips: typing.Sequence[bytes], container: str) -> bytes:
    """``clips`` (of ``container`` ``wav``, ``mp3`` or ``raw``) joined into one; empty clips are skipped."""
    present = [clip for clip in clips if clip]
    try:
        if container == "wav":
            return _join_wav(present)
        if container == "mp3":
            return _join_mp3(present)
    except AudioError as exc:
        raise AudioJoinError(f"cannot join the {container} clips: {exc}") from None
    if container == "raw":
        return b"".join(present)
    raise AudioJoinError(f"cannot join clips of container {container!r}: use wav, mp3 or raw")


def concat_audio_segments(
    left_audio: typing.Optional[bytes], infill_audio: bytes, right_audio: typing.Optional[bytes], format: str = "wav"
) -> bytes:
    """The 2.x helper ``cartesia.tts.utils.tts.concat_audio_segments``: left + infill + right joined."""
    return join_audio([left_audio or b"", infill_audio, right_audio or b""], format)


def _join_wav(clips: typing.Sequence[bytes]) -> bytes:
    infos = [parse_wav(clip) for clip in clips]
    first = infos[0]
    for index, info in enumerate(infos[1:], start=1):
        if (info.encoding, info.channels, info.sample_rate) != (first.encoding, first.channels, first.sample_rate):
            raise AudioJoinError(
                f"clip {index} is {_wav_format(info)} but clip 0 is {_wav_format(first)}; "
                "ask for the output_format of your clips (or convert them first)"
            )
    if first.encoding is None or first.channels != 1:
        raise AudioJoinError(f"only mono WAV of a known encoding can be joined, not {_wav_format(first)}")
    data = b"".join(clip[info.data_offset : info.data_offset + info.data_size] for clip, info in zip(clips, infos))
    padding = b"\0" if len(data) % 2 else b""
    return wav_header(first.encoding, first.sample_rate, len(data) // first.block_align) + data + padding


def _wav_format(info: typing.Any) -> str:
    return f"{info.encoding or f'format tag {info.format_tag}'} at {info.sample_rate} Hz, {info.channels} channel(s)"


def _join_mp3(clips: typing.Sequence[bytes]) -> bytes:
    frames: typing.List[bytes] = []
    sample_rate: typing.Optional[int] = None
    for index, clip in enumerate(clips):
        for number, (offset, header) in enumerate(iter_mp3_frames(clip)):
            frame = clip[offset : offset + header.frame_length]
            if number == 0 and (b"Xing" in frame[:64] or b"Info" in frame[:64]):
                continue  # a header frame describing this clip alone
            if sample_rate is None:
                sample_rate = header.sample_rate
            elif header.sample_rate != sample_rate:
                raise AudioJoinError(f"clip {index} is MP3 at {header.sample_rate} Hz, the clips before it at {sample_rate} Hz")
            frames.append(frame)
    if not frames:
        raise AudioJoinError("the MP3 clips hold no audio frames")
    return b"".join(frames)
