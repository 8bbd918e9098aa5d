"""Every file input form, sync and async, checked on the multipart body that goes out."""

from __future__ import annotations

import io
import os
import pathlib
import threading
import typing

import httpx
import pytest

from cartesia.core.file import aprepare_files, convert_file_dict_to_httpx_tuples, prepare_files, with_content_type

from ..conftest import SleepRecorder
from ..helpers import Part, multipart_parts
from .engines import KINDS, Engine

AUDIO = b"RIFF\x24\x00\x00\x00WAVEfmt fake-audio"


class Capture:
    def __init__(self) -> None:
        self.requests: typing.List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200, json={})


@pytest.fixture
def wav(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "speech.wav"
    path.write_bytes(AUDIO)
    return path


class NonSeekable(io.RawIOBase):
    """A pipe-like stream: readable once, not seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: typing.Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _inputs(wav: pathlib.Path) -> typing.List[typing.Tuple[str, typing.Callable[[], typing.Any], Part]]:
    """(label, input factory, expected part) for every accepted form."""
    return [
        ("str path", lambda: str(wav), Part("clip", "speech.wav", "audio/x-wav", AUDIO)),
        ("PathLike", lambda: wav, Part("clip", "speech.wav", "audio/x-wav", AUDIO)),
        ("bytes", lambda: AUDIO, Part("clip", "upload", "application/octet-stream", AUDIO)),
        ("BytesIO", lambda: io.BytesIO(AUDIO), Part("clip", "upload", "application/octet-stream", AUDIO)),
        ("open file", lambda: open(wav, "rb"), Part("clip", "speech.wav", "audio/x-wav", AUDIO)),
        ("non-seekable", lambda: io.BufferedReader(NonSeekable(AUDIO)), Part("clip", "upload", "application/octet-stream", AUDIO)),
        ("(name, bytes)", lambda: ("a.mp3", AUDIO), Part("clip", "a.mp3", "audio/mpeg", AUDIO)),
        ("(name, path, type)", lambda: ("renamed.bin", wav, "audio/wav"), Part("clip", "renamed.bin", "audio/wav", AUDIO)),
        ("(name, IO, type, headers)", lambda: ("c.wav", io.BytesIO(AUDIO), "audio/wav", {"X-Part": "1"}), Part("clip", "c.wav", "audio/wav", AUDIO)),
        ("(None, bytes)", lambda: (None, AUDIO), Part("clip", "upload", "application/octet-stream", AUDIO)),
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("index", range(10))
async def test_every_file_form_uploads(kind: str, index: int, wav: pathlib.Path, sleeps: SleepRecorder) -> None:
    label, make, expected = _inputs(wav)[index]
    capture = Capture()
    value = make()
    try:
        await Engine(kind, capture, sleeps).request("stt", method="POST", data={"model": "ink-whisper"}, files={"clip": value})
    finally:
        if hasattr(value, "close"):
            value.close()
    parts = multipart_parts(capture.requests[0])
    assert parts[0] == Part("model", None, None, b"ink-whisper"), label
    assert parts[1] == expected, label


@pytest.mark.parametrize("kind", KINDS)
async def test_lists_become_repeated_fields_and_a_none_field_is_empty(kind: str, sleeps: SleepRecorder) -> None:
    capture = Capture()
    await Engine(kind, capture, sleeps).request(
        "x", method="POST", data={"tags[]": ["a", "b"], "skip": None}, files={"f": [b"1", ("two.txt", b"2")], "none": None}
    )
    parts = multipart_parts(capture.requests[0])
    assert [(p.name, p.filename, p.content) for p in parts] == [  # a None field is sent empty, as in 2.x; a None file is not sent
        ("tags[]", None, b"a"), ("tags[]", None, b"b"), ("skip", None, b""), ("f", "upload", b"1"), ("f", "two.txt", b"2"),
    ]


@pytest.mark.parametrize("kind", KINDS)
async def test_a_missing_file_fails_before_anything_is_sent(kind: str, tmp_path: pathlib.Path, sleeps: SleepRecorder) -> None:
    capture = Capture()
    with pytest.raises(FileNotFoundError, match="'clip' not found: .*missing.wav"):
        await Engine(kind, capture, sleeps).request("x", method="POST", files={"clip": tmp_path / "missing.wav"})
    assert capture.requests == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("value", "message"),
    [(12, "Unsupported file input for 'clip': int"), (("a", b"b", "c", {}, "extra"), "must be \\(filename, content"), ("TEXT", None)],
)
async def test_wrong_file_types_fail_clearly(kind: str, value: typing.Any, message: typing.Optional[str], tmp_path: pathlib.Path, sleeps: SleepRecorder) -> None:
    capture = Capture()
    engine = Engine(kind, capture, sleeps)
    if value == "TEXT":
        text = tmp_path / "t.txt"
        text.write_text("hello")
        with open(text) as handle, pytest.raises(TypeError, match="text mode"):
            await engine.request("x", method="POST", files={"clip": handle})
    else:
        with pytest.raises(TypeError, match=message):
            await engine.request("x", method="POST", files={"clip": value})
    assert capture.requests == []


def test_sync_paths_stream_from_disk_and_are_closed(wav: pathlib.Path) -> None:
    prepared = prepare_files({"clip": wav})
    handle = prepared.files[0][1][1]
    assert not isinstance(handle, bytes) and not handle.closed
    prepared.close()
    assert handle.closed


async def test_async_reads_paths_off_the_event_loop(wav: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: typing.List[str] = []
    real_open = open

    def spying_open(path: typing.Any, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        if os.fspath(path) == os.fspath(wav):
            threads.append(threading.current_thread().name)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spying_open)
    prepared = await aprepare_files({"clip": wav, "other": ("x.wav", str(wav))})
    assert [f[1][1] for f in prepared.files] == [AUDIO, AUDIO]
    assert threads and all(name != threading.main_thread().name for name in threads)


async def test_async_without_paths_needs_no_thread() -> None:
    prepared = await aprepare_files({"clip": AUDIO})
    assert prepared.files == [("clip", ("upload", AUDIO, "application/octet-stream", {}))]


def test_2x_helpers() -> None:
    assert convert_file_dict_to_httpx_tuples({"a": [b"1", b"2"]}) == [
        ("a", ("upload", b"1", "application/octet-stream", {})),
        ("a", ("upload", b"2", "application/octet-stream", {})),
    ]
    assert with_content_type(file=b"x", default_content_type="audio/wav") == (None, b"x", "audio/wav")
    assert with_content_type(file=("n", b"x"), default_content_type="audio/wav") == ("n", b"x", "audio/wav")
    assert with_content_type(file=("n", b"x", "audio/mpeg"), default_content_type="audio/wav") == ("n", b"x", "audio/mpeg")
    assert with_content_type(file=("n", b"x", None, {"h": "1"}), default_content_type="audio/wav") == ("n", b"x", "audio/wav", {"h": "1"})
