"""Audio files as frames for the STT WebSockets: ``ws.transcribe(frames_of("call.wav"))``.

:func:`frames_of` reads a WAV file (its header gives the encoding and sample rate) or raw PCM
(given, else ``pcm_s16le`` at 16 kHz), from a path, bytes or a binary file object, and yields
frames of ``frame_ms`` milliseconds: as fast as possible, or at the pace of real time for a
simulation of a live caller. Stereo and other multichannel WAV is mixed down to mono (the
service transcribes one channel). The frames carry ``encoding`` and ``sample_rate``, which
``transcribe`` uses when it is not told otherwise.

Only the standard library is used; compressed files (MP3, FLAC, Ogg) are refused with a
typed error, since decoding them would need a codec this SDK does not depend on.
"""

from __future__ import annotations

import array
import asyncio
import io
import os
import struct
import sys
import time
import typing

from ..core.api_error import RequestValidationError

# Bytes per sample of each STT encoding.
SAMPLE_WIDTHS = {"pcm_s16le": 2, "pcm_s32le": 4, "pcm_f16le": 2, "pcm_f32le": 4, "pcm_mulaw": 1, "pcm_alaw": 1}
# (WAVE format tag, bits per sample) → encoding; 0xFFFE (extensible) names its tag in the subformat.
_WAV_ENCODINGS = {(1, 16): "pcm_s16le", (1, 32): "pcm_s32le", (3, 16): "pcm_f16le", (3, 32): "pcm_f32le", (6, 8): "pcm_alaw", (7, 8): "pcm_mulaw"}
_MIXABLE = {"pcm_s16le": "h", "pcm_s32le": "i", "pcm_f32le": "f"}  # array typecodes of the encodings that can be mixed down
# How compressed files begin (MP3: a tag, or the frame sync of MPEG-1, 2 and 2.5 Layer III).
_COMPRESSED = (
    (b"ID3", "MP3"),
    *((bytes((0xFF, second)), "MP3") for second in (0xFB, 0xFA, 0xF3, 0xF2, 0xE3, 0xE2)),
    (b"fLaC", "FLAC"),
    (b"OggS", "Ogg"),
)

Source = typing.Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, typing.BinaryIO]


class _Layout(typing.NamedTuple):
    encoding: str
    sample_rate: int
    channels: int
    data_start: int  # where the samples begin in the source
    data_size: typing.Optional[int]  # None: to the end


def _error(source_name: str, problem: str) -> RequestValidationError:
    return RequestValidationError(f"frames_of({source_name}): {problem}")


def _read_wav_header(stream: typing.BinaryIO, name: str) -> _Layout:
    """The layout of a RIFF/WAVE stream positioned at its start; leaves it at the first sample."""
    riff = stream.read(12)
    if len(riff) < 12 or riff[8:12] != b"WAVE":
        raise _error(name, "not a WAV file (no RIFF/WAVE header)")
    offset, fmt = 12, None
    while True:
        header = stream.read(8)
        if len(header) < 8:
            raise _error(name, "the WAV file has no data chunk")
        chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
        offset += 8
        if chunk_id == b"data":
            if fmt is None:
                raise _error(name, "the WAV file has no fmt chunk before its data")
            tag, channels, sample_rate, bits = fmt
            encoding = _WAV_ENCODINGS.get((tag, bits))
            if encoding is None:
                raise _error(name, f"WAV format {tag} with {bits}-bit samples is not one the STT WebSocket takes; convert it to 16-bit PCM")
            # A size of 0 or 0xFFFFFFFF marks a WAV written while streaming: the data runs to the end.
            return _Layout(encoding, sample_rate, channels, offset, size if 0 < size < 0xFFFFFFFF else None)
        body = stream.read(size + (size & 1))  # chunks are padded to an even length
        if chunk_id == b"fmt ":
            if len(body) < 16:
                raise _error(name, "the WAV fmt chunk is too short")
            tag, channels, sample_rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE and len(body) >= 26:
                tag = struct.unpack("<H", body[24:26])[0]
            if channels < 1 or sample_rate < 1:
                raise _error(name, "the WAV header gives no channels or no sample rate")
            fmt = (tag, channels, sample_rate, bits)
        offset += len(body)


def _mix_down(frame: bytes, typecode: str, channels: int) -> bytes:
    samples = array.array(typecode, frame[: len(frame) - len(frame) % (channels * array.array(typecode).itemsize)])
    if sys.byteorder == "big":
        samples.byteswap()
    lanes = [samples[c::channels] for c in range(channels)]
    if typecode == "f":
        mixed = array.array("f", (sum(values) / channels for values in zip(*lanes)))
    else:
        mixed = array.array(typecode, (sum(values) // channels for values in zip(*lanes)))
    if sys.byteorder == "big":
        mixed.byteswap()
    return mixed.tobytes()


class AudioFrames:
    """The frames of one audio source; iterate it (``for``, or ``async for``) to read them.

    ``encoding`` and ``sample_rate`` describe the frames (mono). A path or bytes can be iterated
    again; a file object is read from where it stands, once (unless it can seek).
    """

    def __init__(self, source: Source, *, frame_ms: float, realtime: bool, encoding: typing.Optional[str], sample_rate: typing.Optional[int]) -> None:
        if isinstance(frame_ms, bool) or not isinstance(frame_ms, (int, float)) or not 1 <= frame_ms <= 1000:
            raise RequestValidationError(f"frames_of: 'frame_ms' must be from 1 to 1000 (20 to 100 suits the service), got {frame_ms!r}")
        self.frame_ms = float(frame_ms)
        self.realtime = bool(realtime)
        self.name = self._describe(source)
        if hasattr(source, "read") and not getattr(source, "seekable", lambda: False)():
            source = typing.cast(typing.BinaryIO, _OneWay(typing.cast(typing.BinaryIO, source)))  # a pipe: read once
        self._source = source
        with self._open() as stream:
            start = stream.tell() if stream.seekable() else 0
            layout = self._layout(stream, start, encoding, sample_rate)
        self._layout_of = layout
        self.encoding = layout.encoding
        self.sample_rate = layout.sample_rate
        self.channels = layout.channels

    @staticmethod
    def _describe(source: Source) -> str:
        if isinstance(source, (str, os.PathLike)):
            return repr(os.fspath(source))
        if isinstance(source, (bytes, bytearray, memoryview)):
            return f"<{len(source)} bytes>"
        if not hasattr(source, "read"):
            raise RequestValidationError(f"frames_of: give a path, bytes or a binary file object, got {type(source).__name__}")
        return f"<{type(source).__name__}>"

    def _open(self) -> typing.ContextManager[typing.BinaryIO]:
        source = self._source
        if isinstance(source, (str, os.PathLike)):
            try:
                return open(source, "rb")
            except OSError as exc:
                raise _error(self.name, f"cannot open it: {exc.strerror or exc}") from exc
        if isinstance(source, (bytes, bytearray, memoryview)):
            return io.BytesIO(source)
        return _Borrowed(source)

    def _layout(self, stream: typing.BinaryIO, start: int, encoding: typing.Optional[str], sample_rate: typing.Optional[int]) -> _Layout:
        head = _read_full(stream, 12)
        if stream.seekable():
            stream.seek(start)
        else:
            typing.cast(_OneWay, stream).unread(head)
        for magic, kind in _COMPRESSED if encoding is None else ():  # raw audio declared as such is taken as it is
            if head.startswith(magic):
                raise _error(self.name, f"this looks like {kind}; the STT WebSocket takes PCM: give a WAV or raw file")
        if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
            layout = _read_wav_header(stream, self.name)
            layout = layout._replace(data_start=start + layout.data_start)
            for given, found, label in ((encoding, layout.encoding, "encoding"), (sample_rate, layout.sample_rate, "sample_rate")):
                if given is not None and given != found:
                    raise _error(self.name, f"{label}={given!r} was given, but the WAV header says {found!r}")
            if layout.channels > 1 and layout.encoding not in _MIXABLE:
                raise _error(self.name, f"{layout.channels}-channel {layout.encoding} cannot be mixed down; give a mono file")
            return layout
        encoding = encoding or "pcm_s16le"
        if encoding not in SAMPLE_WIDTHS:
            raise _error(self.name, f"raw audio needs a known encoding ({', '.join(SAMPLE_WIDTHS)}), got {encoding!r}")
        sample_rate = 16000 if sample_rate is None else sample_rate
        if isinstance(sample_rate, bool) or not isinstance(sample_rate, int) or sample_rate <= 0:
            raise _error(self.name, f"'sample_rate' must be a positive integer (Hz), got {sample_rate!r}")
        return _Layout(encoding, sample_rate, 1, start, None)

    @property
    def frame_bytes(self) -> int:
        """The size of one (mono) frame in bytes."""
        return max(1, round(self.sample_rate * self.frame_ms / 1000)) * SAMPLE_WIDTHS[self.encoding]

    def _frames(self) -> typing.Iterator[bytes]:
        layout = self._layout_of
        size = self.frame_bytes * layout.channels
        with self._open() as stream:
            if stream.seekable():
                stream.seek(layout.data_start)
            left = layout.data_size
            while left is None or left > 0:
                frame = _read_full(stream, size if left is None else min(size, left))
                if not frame:
                    return
                if left is not None:
                    left -= len(frame)
                if layout.channels > 1:
                    frame = _mix_down(frame, _MIXABLE[layout.encoding], layout.channels)
                if frame:
                    yield frame

    def __iter__(self) -> typing.Iterator[bytes]:
        seconds = self.frame_ms / 1000
        started = time.perf_counter()
        for index, frame in enumerate(self._frames()):
            if self.realtime and index:
                delay = started + index * seconds - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            yield frame

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        # The reads are small and local; they run on the loop rather than in a thread per frame.
        seconds = self.frame_ms / 1000
        started = time.perf_counter()
        for index, frame in enumerate(self._frames()):
            if self.realtime and index:
                await asyncio.sleep(max(0.0, started + index * seconds - time.perf_counter()))
            yield frame

    def __repr__(self) -> str:
        pace = ", realtime" if self.realtime else ""
        return f"AudioFrames({self.name}, {self.encoding}, {self.sample_rate} Hz, {self.frame_ms:g} ms{pace})"


def _read_full(stream: typing.BinaryIO, size: int) -> bytes:
    """``size`` bytes, fewer only at the end (a pipe's read may return less)."""
    data = stream.read(size)
    while data and len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            break
        data += more
    return data


class _OneWay:
    """A stream that cannot seek, with bytes pushed back to be read again (its first, peeked at)."""

    def __init__(self, stream: typing.BinaryIO) -> None:
        self.stream = stream
        self.pushed = b""

    def unread(self, data: bytes) -> None:
        self.pushed = data + self.pushed

    def seekable(self) -> bool:
        return False

    def read(self, size: int) -> bytes:
        data, self.pushed = self.pushed[:size], self.pushed[size:]
        if len(data) < size:
            data += self.stream.read(size - len(data)) or b""
        return data


class _Borrowed:
    """A caller's file object, used as a context manager without closing it."""

    def __init__(self, stream: typing.BinaryIO) -> None:
        self.stream = stream

    def __enter__(self) -> typing.BinaryIO:
        return self.stream

    def __exit__(self, *exc_info: object) -> None:
        return None


def frames_of(
    source: Source,
    *,
    frame_ms: float = 20,
    realtime: bool = False,
    encoding: typing.Optional[str] = None,
    sample_rate: typing.Optional[int] = None,
) -> AudioFrames:
    """Frames of a WAV or raw PCM file (path, bytes or binary file object) for the STT WebSockets.

    ``frame_ms`` sets the frame length (20 to 100 ms suit the service); ``realtime=True`` yields
    them at the pace of the audio, as a live caller would send them. A WAV header gives the
    encoding and sample rate; raw audio is ``pcm_s16le`` at 16 kHz unless ``encoding`` and
    ``sample_rate`` say otherwise. Bad input raises :class:`~cartesia.RequestValidationError`.

    Example::

        from cartesia import Cartesia, frames_of

        client = Cartesia()
        ws = client.stt.websocket()
        for result in ws.transcribe(frames_of("call.wav")):
            if result["type"] == "transcript" and result["is_final"]:
                print(result["text"])
        ws.close()
    """
    return AudioFrames(source, frame_ms=frame_ms, realtime=realtime, encoding=encoding, sample_rate=sample_rate)
