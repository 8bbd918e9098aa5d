"""The 2.x hand-written TTS helpers: ``tts.get_output_format``, ``tts.infill`` and ``cartesia.tts.utils``."""

from __future__ import annotations

import importlib
import inspect
import pathlib
import typing

import pytest
import respx

from cartesia import AsyncCartesia, Cartesia, RequestValidationError
from cartesia.server import LocalServer
from cartesia.server.audio.mp3 import encode_mp3, iter_mp3_frames
from cartesia.server.audio.wav import encode_wav, parse_wav
from cartesia.tts_helpers.audio_join import AudioJoinError, join_audio

from ..conftest import API_KEY
from ..helpers import form_fields, multipart_parts
from .conftest import Api

VOICE_ID = "694f9389-aac1-45b6-b726-9d9369183238"
WAV = {"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}
NAMES = [
    ("raw_pcm_f32le_44100", "pcm_f32le", 44100), ("raw_pcm_s16le_44100", "pcm_s16le", 44100),
    ("raw_pcm_f32le_24000", "pcm_f32le", 24000), ("raw_pcm_s16le_24000", "pcm_s16le", 24000),
    ("raw_pcm_f32le_22050", "pcm_f32le", 22050), ("raw_pcm_s16le_22050", "pcm_s16le", 22050),
    ("raw_pcm_f32le_16000", "pcm_f32le", 16000), ("raw_pcm_s16le_16000", "pcm_s16le", 16000),
    ("raw_pcm_f32le_8000", "pcm_f32le", 8000), ("raw_pcm_s16le_8000", "pcm_s16le", 8000),
    ("raw_pcm_mulaw_8000", "pcm_mulaw", 8000), ("raw_pcm_alaw_8000", "pcm_alaw", 8000),
]


def test_get_output_format_knows_the_twelve_names_of_2x() -> None:
    from cartesia.tts.utils.tts import get_output_format
    from cartesia.tts.utils.types import OutputFormatMapping

    expected = {name: {"container": "raw", "encoding": encoding, "sample_rate": rate} for name, encoding, rate in NAMES}
    for client in (Cartesia(api_key=API_KEY), AsyncCartesia(api_key=API_KEY)):
        assert {name: client.tts.get_output_format(name) for name, _, _ in NAMES} == expected
    assert list(OutputFormatMapping._format_mapping) == [name for name, _, _ in NAMES]
    assert OutputFormatMapping.get_format("raw_pcm_alaw_8000") == get_output_format("raw_pcm_alaw_8000") == expected["raw_pcm_alaw_8000"]


def test_get_output_format_gives_a_copy_and_rejects_unknown_names() -> None:
    from cartesia.tts.utils.tts import get_output_format

    get_output_format("raw_pcm_s16le_8000")["sample_rate"] = 1
    assert get_output_format("raw_pcm_s16le_8000")["sample_rate"] == 8000
    with pytest.raises(RequestValidationError, match="Unsupported format: 'mp3_44100'.*raw_pcm_f32le_44100"):
        get_output_format("mp3_44100")
    with pytest.raises(ValueError):  # what 2.x raised, still caught by the same except clause
        Cartesia(api_key=API_KEY).tts.get_output_format("nope")


def test_the_2x_constants_module() -> None:
    constants = importlib.import_module("cartesia.tts.utils.constants")
    assert (constants.DEFAULT_MODEL_ID, constants.DEFAULT_OUTPUT_FORMAT, constants.DEFAULT_CARTESIA_VERSION) == (
        "sonic-2", "raw_pcm_f32le_44100", "2024-06-10",
    )
    assert constants.DEFAULT_VOICE_EMBEDDING == [1.0] * 192 and constants.MAX_RETRIES == 3


def test_async_infill_is_a_coroutine_function_and_sync_is_not() -> None:
    assert inspect.iscoroutinefunction(AsyncCartesia(api_key=API_KEY).tts.infill)
    assert not inspect.iscoroutinefunction(Cartesia(api_key=API_KEY).tts.infill)


@pytest.fixture
def clips(tmp_path: pathlib.Path) -> typing.Tuple[pathlib.Path, pathlib.Path]:
    left, right = tmp_path / "left.wav", tmp_path / "right.wav"
    left.write_bytes(encode_wav([0.25] * 1600, "pcm_s16le", 16000))
    right.write_bytes(encode_wav([-0.25] * 800, "pcm_s16le", 16000))
    return left, right


def data_of(wav: bytes) -> bytes:
    info = parse_wav(wav)
    return wav[info.data_offset : info.data_offset + info.data_size]


async def test_infill_through_the_local_server(
    api: Api, cartesia_server: LocalServer, clips: typing.Tuple[pathlib.Path, pathlib.Path]
) -> None:
    client = (Cartesia if api.kind == "sync" else AsyncCartesia)(api_key=cartesia_server.api_key, base_url=cartesia_server.url)
    api.client = client
    left, right = clips
    infill, joined = await api.call(
        "tts.infill", model_id="sonic-2", language="en", transcript="in the middle", voice={"mode": "id", "id": VOICE_ID},
        output_format=WAV, left_audio_path=str(left), right_audio_path=right,
    )
    assert parse_wav(infill).sample_rate == 16000 and len(data_of(infill)) > 0
    assert data_of(joined) == data_of(left.read_bytes()) + data_of(infill) + data_of(right.read_bytes())
    assert parse_wav(joined).declared_data_size == len(data_of(joined))
    request = cartesia_server.requests[-1]
    assert request.path == "/infill/bytes"


async def test_infill_with_one_clip_in_mp3(api: Api, cartesia_server: LocalServer, tmp_path: pathlib.Path) -> None:
    api.client = (Cartesia if api.kind == "sync" else AsyncCartesia)(api_key=cartesia_server.api_key, base_url=cartesia_server.url)
    left = tmp_path / "left.mp3"
    left.write_bytes(encode_mp3(4608, 44100, 128000))
    infill, joined = await api.call(
        "tts.infill", model_id="sonic-2", language="en", transcript="after", voice={"id": VOICE_ID},
        output_format={"container": "mp3", "sample_rate": 44100, "bit_rate": 128000}, left_audio_path=left,
    )
    frames = len(list(iter_mp3_frames(left.read_bytes()))) + len(list(iter_mp3_frames(infill)))
    assert len(list(iter_mp3_frames(joined))) == frames > 4


async def test_infill_sends_the_2x_form(api: Api, mock: respx.MockRouter, clips: typing.Tuple[pathlib.Path, pathlib.Path]) -> None:
    route = mock.post("/infill/bytes").respond(200, content=encode_wav([0.0] * 10, "pcm_s16le", 16000))
    left, right = clips
    await api.call(
        "tts.infill", model_id="sonic-2", language="en", transcript="t", voice={"mode": "id", "id": "v"},
        output_format={**WAV, "bit_rate": None}, left_audio_path=str(left), right_audio_path=str(right),
    )
    request = route.calls[0].request
    assert form_fields(request) == [
        ("model_id", "sonic-2"), ("language", "en"), ("transcript", "t"), ("voice_id", "v"),
        ("output_format[container]", "wav"), ("output_format[sample_rate]", "16000"), ("output_format[encoding]", "pcm_s16le"),
    ]
    files = [(p.name, p.filename, p.content_type) for p in multipart_parts(request) if p.filename]
    assert files == [("left_audio", "left.wav", "audio/x-wav"), ("right_audio", "right.wav", "audio/x-wav")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"left_audio_path": None, "right_audio_path": None}, "left_audio_path, right_audio_path or both"),
        ({"voice": {"mode": "embedding", "embedding": [1.0]}}, "voice must name a voice by id"),
        ({"output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}}, "raw is not supported"),
        ({"left_audio": "left.wav"}, r"unexpected arguments \['left_audio'\]"),
    ],
)
async def test_bad_infill_arguments_fail_before_anything_is_sent(
    api: Api, mock: respx.MockRouter, clips: typing.Tuple[pathlib.Path, pathlib.Path], changes: typing.Dict[str, typing.Any], message: str
) -> None:
    route = mock.post("/infill/bytes").respond(200, content=b"")
    arguments = {
        "model_id": "sonic-2", "language": "en", "transcript": "t", "voice": {"mode": "id", "id": "v"}, "output_format": WAV,
        "left_audio_path": clips[0], **changes,
    }
    with pytest.raises(RequestValidationError, match=message):
        await api.call("tts.infill", **arguments)
    assert route.call_count == 0


async def test_a_missing_clip_fails_before_anything_is_sent(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/infill/bytes").respond(200, content=b"")
    with pytest.raises(FileNotFoundError):
        await api.call(
            "tts.infill", model_id="sonic-2", language="en", transcript="t", voice={"id": "v"}, output_format=WAV,
            right_audio_path="no/such/file.wav",
        )
    assert route.call_count == 0


def test_joining_checks_formats_and_drops_mp3_header_frames() -> None:
    with pytest.raises(AudioJoinError, match="clip 1 is pcm_s16le at 8000 Hz"):
        join_audio([encode_wav([0.0] * 4, "pcm_s16le", 16000), encode_wav([0.0] * 4, "pcm_s16le", 8000)], "wav")
    with pytest.raises(AudioJoinError, match="cannot join the wav clips"):
        join_audio([b"not a wav file"], "wav")
    assert join_audio([b"ab", b"", b"cd"], "raw") == b"abcd"
    clip = encode_mp3(2304, 44100, 128000)
    (_, header), *_ = iter_mp3_frames(clip)
    info_frame = header.to_bytes() + b"\0" * 32 + b"Info" + b"\0" * (header.frame_length - 40)
    joined = join_audio([b"ID3\x03\x00\x00\x00\x00\x00\x00" + info_frame + clip, clip], "mp3")
    assert joined == clip + clip
    from cartesia.tts.utils.tts import concat_audio_segments

    assert data_of(concat_audio_segments(None, encode_wav([0.5] * 3, "pcm_s16le", 16000), None)) == data_of(
        encode_wav([0.5] * 3, "pcm_s16le", 16000)
    )
