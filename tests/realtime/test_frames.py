"""frames_of: WAV and raw PCM from paths, bytes and file objects, in frames, fast or at real-time pace."""

from __future__ import annotations

import array
import io
import os
import pathlib
import struct
import threading
import time
import typing
import wave

import pytest

from cartesia import RequestValidationError, frames_of

from ..helpers import run_async


def wav_bytes(samples: bytes, *, rate: int = 16000, width: int = 2, channels: int = 1) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(samples)
    return out.getvalue()


def riff(tag: int, bits: int, rate: int, data: bytes, *, channels: int = 1, extensible: bool = False, extra: bytes = b"") -> bytes:
    """A WAV file written by hand, for the formats the ``wave`` module cannot write."""
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, rate, rate * block, block, bits)
    if extensible:
        fmt += struct.pack("<HHI", 22, bits, 0) + struct.pack("<H", tag) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


PCM = bytes(range(256)) * 25  # 6,400 bytes: 200 ms of s16le at 16 kHz


def test_raw_bytes_are_split_into_frames_of_the_given_length() -> None:
    frames = frames_of(PCM, frame_ms=20)
    assert (frames.encoding, frames.sample_rate, frames.frame_bytes) == ("pcm_s16le", 16000, 640)
    chunks = list(frames)
    assert [len(c) for c in chunks] == [640] * 10 and b"".join(chunks) == PCM
    assert list(frames) == chunks  # bytes can be read again
    odd = list(frames_of(PCM[:1000], frame_ms=20))
    assert [len(c) for c in odd] == [640, 360]


def test_raw_audio_declared_as_such_is_taken_whatever_its_first_bytes() -> None:
    looks_like_mp3 = b"\xff\xfb" + PCM[2:]
    assert b"".join(frames_of(looks_like_mp3, encoding="pcm_s16le")) == looks_like_mp3


def test_raw_audio_of_another_format() -> None:
    frames = frames_of(PCM, encoding="pcm_mulaw", sample_rate=8000, frame_ms=100)
    assert frames.frame_bytes == 800 and [len(c) for c in frames] == [800] * 8


def test_a_wav_file_gives_its_format_and_only_its_samples(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(wav_bytes(PCM, rate=8000))
    frames = frames_of(path, frame_ms=50)
    assert (frames.encoding, frames.sample_rate) == ("pcm_s16le", 8000)
    assert b"".join(frames) == PCM and {len(c) for c in list(frames)[:-1]} == {800}
    assert b"".join(frames_of(str(path))) == PCM
    assert "call.wav" in repr(frames) and "8000 Hz" in repr(frames)


@pytest.mark.parametrize(
    ("tag", "bits", "encoding", "extensible"),
    [(1, 32, "pcm_s32le", False), (3, 32, "pcm_f32le", False), (3, 32, "pcm_f32le", True), (6, 8, "pcm_alaw", False), (7, 8, "pcm_mulaw", False), (1, 16, "pcm_s16le", True)],
)
def test_wav_formats_map_to_stt_encodings(tag: int, bits: int, encoding: str, extensible: bool) -> None:
    data = bytes(range(200)) * 4
    frames = frames_of(riff(tag, bits, 16000, data, extensible=extensible, extra=b"LIST\x04\x00\x00\x00abcd"))
    assert frames.encoding == encoding and b"".join(frames) == data


def test_stereo_is_mixed_down_to_mono() -> None:
    left, right = array.array("h", [1000, -2000, 30000, 7]), array.array("h", [3000, 2000, 30000, -7])
    interleaved = array.array("h", [v for pair in zip(left, right) for v in pair]).tobytes()
    frames = frames_of(wav_bytes(interleaved, channels=2))
    assert frames.encoding == "pcm_s16le" and array.array("h", b"".join(frames)).tolist() == [2000, 0, 30000, 0]
    floats = array.array("f", [0.5, -0.5, 0.25, 0.75]).tobytes()
    assert array.array("f", b"".join(frames_of(riff(3, 32, 16000, floats, channels=2)))).tolist() == [0.0, 0.5]


def test_a_seekable_file_object_is_read_from_where_it_stands_and_again() -> None:
    stream = io.BytesIO(b"junk" + wav_bytes(PCM))
    stream.seek(4)
    frames = frames_of(stream)
    assert b"".join(frames) == PCM and b"".join(frames) == PCM
    assert not stream.closed


def test_a_pipe_is_read_once_whole() -> None:
    read_end, write_end = os.pipe()
    data = wav_bytes(PCM)
    threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end))).start()
    with os.fdopen(read_end, "rb", buffering=0) as pipe:  # unbuffered: short reads happen
        frames = frames_of(pipe, frame_ms=20)
        assert frames.encoding == "pcm_s16le" and b"".join(frames) == PCM
        assert b"".join(frames) == b""  # its bytes are gone


def test_raw_from_a_pipe_keeps_its_first_bytes() -> None:
    read_end, write_end = os.pipe()
    threading.Thread(target=lambda: (os.write(write_end, PCM), os.close(write_end))).start()
    with os.fdopen(read_end, "rb") as pipe:
        assert b"".join(frames_of(pipe)) == PCM


def test_realtime_pacing_takes_as_long_as_the_audio() -> None:
    frames = frames_of(PCM, frame_ms=20, realtime=True)  # ten frames of 20 ms
    started = time.monotonic()
    assert len(list(frames)) == 10
    assert time.monotonic() - started >= 0.17  # the first frame goes at once, each next one 20 ms later


def test_async_iteration_paces_too() -> None:
    async def collect() -> typing.Tuple[typing.List[bytes], float]:
        started = time.monotonic()
        chunks = [chunk async for chunk in frames_of(PCM, frame_ms=50, realtime=True)]
        return chunks, time.monotonic() - started

    chunks, elapsed = run_async(collect)
    assert b"".join(chunks) == PCM and len(chunks) == 4 and elapsed >= 0.14


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00", "MP3"),
        (b"\xff\xe3\x48\xc4" + bytes(40), "MP3"),  # MPEG-2.5, as 8 kHz MP3 begins
        (b"fLaC\x00\x00\x00\x22" + bytes(40), "FLAC"),
        (b"OggS" + bytes(40), "Ogg"),
        (b"RIFF\x10\x00\x00\x00WAVEjunk\x00\x00\x00\x00", "no data chunk"),
        (riff(1, 24, 16000, bytes(30)), "24-bit"),
        (riff(7, 8, 16000, bytes(30), channels=2), "mixed down"),
    ],
)
def test_audio_it_cannot_send_is_refused_with_a_typed_error(source: bytes, message: str) -> None:
    with pytest.raises(RequestValidationError, match=message):
        frames_of(source)


def test_bad_arguments_are_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(RequestValidationError, match="cannot open"):
        frames_of(tmp_path / "missing.wav")
    with pytest.raises(RequestValidationError, match="frame_ms"):
        frames_of(PCM, frame_ms=0)
    with pytest.raises(RequestValidationError, match="known encoding"):
        frames_of(PCM, encoding="opus")
    with pytest.raises(RequestValidationError, match="sample_rate"):
        frames_of(PCM, sample_rate=-5)
    with pytest.raises(RequestValidationError, match="WAV header says 16000"):
        frames_of(wav_bytes(PCM), sample_rate=8000)
    with pytest.raises(RequestValidationError, match="path, bytes or a binary file"):
        frames_of(12)  # type: ignore[arg-type]
