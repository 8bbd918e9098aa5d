"""Every example in reference.md and in the async clients' docstrings runs, against the local server."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pathlib
import re
import threading
import typing

import pytest

from cartesia import Cartesia
from cartesia.server import LocalServer

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ["api_status", "auth", "datasets", "infill", "pronunciation_dicts", "stt", "tts", "voice_changer", "voices"]


def reference_examples() -> typing.List[typing.Tuple[str, str]]:
    text = (ROOT / "reference.md").read_text()
    sections = re.findall(r"### `client\.(\w+\.\w+)\(.*?\)`.*?```python\n(.*?)```", text, re.S)
    return [(name, code) for name, code in sections]


def docstring_examples() -> typing.List[typing.Tuple[str, str]]:
    found = []
    for resource in RESOURCES:
        module = importlib.import_module(f"cartesia.{resource}.client")
        cls = getattr(module, "Async" + "".join(part.capitalize() for part in resource.split("_")) + "Client")
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            doc = inspect.getdoc(method) or ""
            if "Examples\n--------\n" in doc:
                found.append((f"{resource}.{name}", doc.split("Examples\n--------\n", 1)[1]))
    return found


def test_every_method_has_an_example() -> None:
    documented = {name for name, _ in reference_examples()}
    assert len(documented) == 31
    assert documented == {name for name, _ in docstring_examples()}


@pytest.fixture
def workspace(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, cartesia_server: LocalServer) -> pathlib.Path:
    """A working directory holding the audio files the examples name."""
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        speech = b"".join(
            client.tts.bytes(
                model_id="sonic-2",
                transcript="a short sample of speech",
                voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
                output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000},
            )
        )
    # The examples of update and delete name a voice of the caller's own.
    cartesia_server.voices.create("A high-similarity cloned voice", voice_id="40248dd5-bfe9-48e2-93f7-ea3f9d5c7f72", is_owner=True)
    cartesia_server.pronunciation_dicts.create("Brand names", items=[("Cartesia", "<<k|ɑː|ʈ|iː|z|i|ə>>")], dict_id="pdict_abc123")
    cartesia_server.datasets.create("Narration takes", dataset_id="dataset_abc123")
    cartesia_server.datasets.add_file("dataset_abc123", "take-01.wav", 320044, file_id="file_abc123")
    (tmp_path / "path" / "to").mkdir(parents=True)
    for name in ("clip", "file", "left_audio", "right_audio"):
        (tmp_path / "path" / "to" / f"{name}.wav").write_bytes(speech)
    (tmp_path / "call.wav").write_bytes(speech)  # the STT WebSocket example streams it
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run_example(code: str, name: str) -> None:
    """Run an example, then close the client it made (examples leave it open; its pool would leak a socket)."""
    namespace: typing.Dict[str, typing.Any] = {}
    try:
        exec(compile(code, name, "exec"), namespace)
    finally:
        client = namespace.get("client")
        if isinstance(client, Cartesia):
            client.close()


def _pointed_at(code: str, server: LocalServer) -> str:
    target = f'api_key="{server.api_key}", base_url="{server.url}"'
    assert 'api_key="YOUR_API_KEY"' in code
    return code.replace('api_key="YOUR_API_KEY"', target)


@pytest.mark.parametrize(("name", "code"), reference_examples(), ids=[name for name, _ in reference_examples()])
def test_reference_example_runs(name: str, code: str, workspace: pathlib.Path, cartesia_server: LocalServer) -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        _run_example(_pointed_at(code, cartesia_server), f"reference.md:{name}")
    assert output.getvalue() or any(workspace.glob("output.*")) or name.endswith(("delete", "delete_file", "pin", ".update", "upload_file"))
    assert cartesia_server.requests, "the example sent nothing"


def channel_examples() -> typing.List[typing.Tuple[str, str]]:
    sections = (ROOT / "reference.md").read_text().split("\n### ")
    found = [(re.match(r"WebSocket `(/[\w/]+)`", s), re.search(r"```python\n(.*?)```", s, re.S)) for s in sections]
    return [(title.group(1), code.group(1)) for title, code in found if title and code]


@pytest.mark.parametrize(("path", "code"), channel_examples(), ids=[path for path, _ in channel_examples()])
def test_reference_websocket_example_runs(path: str, code: str, workspace: pathlib.Path, cartesia_server: LocalServer) -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        _run_example(_pointed_at(code, cartesia_server), f"reference.md:{path}")
    if path == "/stt/websocket":
        assert "a short sample of speech [('a', " in output.getvalue()
    else:
        assert output.getvalue() and any(workspace.glob("output.*"))
    assert cartesia_server.requests.filter(path=path), "the example opened no socket"


def test_the_websockets_have_reference_examples() -> None:
    assert {"/tts/websocket", "/stt/websocket"} <= {path for path, _ in channel_examples()}


@pytest.mark.parametrize(("name", "code"), docstring_examples(), ids=[name for name, _ in docstring_examples()])
def test_async_docstring_example_runs(name: str, code: str, workspace: pathlib.Path, cartesia_server: LocalServer) -> None:
    errors: typing.List[BaseException] = []

    def run() -> None:  # in its own thread: the example's asyncio.run must not touch the test runner's loop
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(_pointed_at(code, cartesia_server), f"{name} docstring", "exec"), {})
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not errors, errors
    assert cartesia_server.requests, "the example sent nothing"
