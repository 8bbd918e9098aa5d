"""The 2.x README's REST examples, exactly as that README prints them, run against the local server."""

from __future__ import annotations

import pathlib
import struct

import pytest

from cartesia.server import LocalServer

from .test_websocket_examples import run_in_thread

BYTES_EXAMPLE = '''\
from cartesia import Cartesia
import os

client = Cartesia(
    api_key=os.environ["CARTESIA_API_KEY"],
)


def main():
    with open("sonic.wav", "wb") as f:
        bytes_iter = client.tts.bytes(
            model_id="sonic-3",
            transcript="Hello, world!",
            voice={
                "mode": "id",
                "id": "6ccbfb76-1fc6-48f7-b71d-91ac6298247b",
            },
            language="en",
            output_format={
                "container": "wav",
                "sample_rate": 44100,
                "encoding": "pcm_f32le",
            },
        )

        for chunk in bytes_iter:
            f.write(chunk)


if __name__ == "__main__":
    main()
'''

ASYNC_BYTES_EXAMPLE = '''\
import asyncio
from cartesia import AsyncCartesia
import os

client = AsyncCartesia(
    api_key=os.environ["CARTESIA_API_KEY"],
)


async def main():
    with open("sonic.wav", "wb") as f:
        bytes_iter = client.tts.bytes(
            model_id="sonic-3",
            transcript="Hello, world!",
            voice={
                "mode": "id",
                "id": "6ccbfb76-1fc6-48f7-b71d-91ac6298247b",
            },
            language="en",
            output_format={
                "container": "wav",
                "sample_rate": 44100,
                "encoding": "pcm_f32le",
            },
        )

        async for chunk in bytes_iter:
            f.write(chunk)


if __name__ == "__main__":
    asyncio.run(main())
'''

SSE_EXAMPLE = '''\
from cartesia import Cartesia
import os

def get_tts_chunks():
    client = Cartesia(
        api_key=os.getenv("CARTESIA_API_KEY"),
    )
    response = client.tts.sse(
        model_id="sonic-3",
        transcript="Hello world!",
        voice={
            "mode": "id",
            "id": "f9836c6e-a0bd-460e-9d3c-f7299fa60f94",
        },
        language="en",
        output_format={
            "container": "raw",
            "encoding": "pcm_f32le",
            "sample_rate": 44100,
        },
    )

    audio_chunks = []
    for chunk in response:
        audio_chunks.append(chunk)
    return audio_chunks

chunks = get_tts_chunks()
for chunk in chunks:
    print(f"Received chunk of size: {len(chunk.data)}")
'''


@pytest.fixture
def readme_environment(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, cartesia_server: LocalServer) -> pathlib.Path:
    """The environment the README assumes (a key in CARTESIA_API_KEY, its voices), pointed at the local server."""
    for voice_id in ("6ccbfb76-1fc6-48f7-b71d-91ac6298247b", "f9836c6e-a0bd-460e-9d3c-f7299fa60f94"):
        cartesia_server.voices.create("A voice of the README", voice_id=voice_id)
    monkeypatch.setenv("CARTESIA_API_KEY", cartesia_server.api_key)
    monkeypatch.setenv("CARTESIA_BASE_URL", cartesia_server.url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("name", "code"), [("usage", BYTES_EXAMPLE), ("async client", ASYNC_BYTES_EXAMPLE)])
def test_the_bytes_examples_write_a_wav_file(name: str, code: str, readme_environment: pathlib.Path) -> None:
    run_in_thread(code, f"2.x README:{name}")
    audio = (readme_environment / "sonic.wav").read_bytes()
    assert audio[:4] == b"RIFF" and audio[8:12] == b"WAVE"
    fmt, sample_rate = struct.unpack_from("<HxxI", audio, 20)
    assert (fmt, sample_rate) == (3, 44100) and len(audio) > 1000  # IEEE float samples, as asked


def test_the_sse_example_reads_data_on_every_event_done_included(readme_environment: pathlib.Path) -> None:
    lines = run_in_thread(SSE_EXAMPLE, "2.x README:streaming").splitlines()
    sizes = [int(line.rsplit(" ", 1)[1]) for line in lines]
    assert all(line.startswith("Received chunk of size: ") for line in lines)
    assert len(sizes) >= 2 and sizes[-1] == 0  # the final done event answers .data with ""
    assert sum(sizes[:-1]) > 0 and all(size % 4 == 0 for size in sizes)  # base64 text of the audio
