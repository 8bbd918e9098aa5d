"""Every endpoint, sync and async: the exact request on the wire and the parsed response."""

from __future__ import annotations

import json
import typing

import httpx
import pytest
import respx

from cartesia import RequestValidationError
from cartesia.api_status.types import ApiInfo
from cartesia.auth.types import TokenResponse
from cartesia.stt.types import TranscriptionResponse
from cartesia.voices.types import EmbeddingResponse, Voice, VoiceMetadata

from ..conftest import API_KEY
from ..helpers import form_fields, multipart_parts
from .conftest import Api

VOICE = {
    "id": "694f9389-aac1-45b6-b726-9d9369183238",
    "is_owner": True,
    "name": "Barbershop Man",
    "description": "Friendly.",
    "created_at": "2024-11-13T07:06:22Z",
    "language": "en",
}
METADATA = {
    "id": "40248dd5-bfe9-48e2-93f7-ea3f9d5c7f72",
    "user_id": "u1",
    "is_public": False,
    "name": "n",
    "description": "d",
    "created_at": "2024-11-13T07:06:22Z",
    "language": "en",
}


def sent(route: respx.Route) -> httpx.Request:
    assert route.call_count == 1
    return typing.cast(httpx.Request, route.calls[0].request)


def assert_common_headers(request: httpx.Request) -> None:
    assert request.headers["x-api-key"] == API_KEY
    assert request.headers["cartesia-version"] == "2024-11-13"


def json_body(request: httpx.Request) -> typing.Dict[str, typing.Any]:
    assert request.headers["content-type"] == "application/json"
    body = json.loads(request.content)
    assert isinstance(body, dict)
    return body


async def test_api_status_get(api: Api, mock: respx.MockRouter) -> None:
    route = mock.get("/").respond(200, json={"ok": True, "version": "2024-11-13", "region": "us"})
    info = await api.call("api_status.get")
    assert isinstance(info, ApiInfo) and info.ok and info.version == "2024-11-13"
    assert info.model_extra == {"region": "us"}
    request = sent(route)
    assert str(request.url) == "https://api.cartesia.ai/" and request.method == "GET"
    assert request.content == b""
    assert_common_headers(request)


async def test_auth_access_token(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/access-token").respond(200, json={"token": "jwt"})
    token = await api.call("auth.access_token", grants={"tts": True}, expires_in=60)
    assert isinstance(token, TokenResponse) and token.token == "jwt"
    request = sent(route)
    assert request.content == b'{"grants":{"tts":true},"expires_in":60}'
    assert_common_headers(request)


async def test_tts_bytes(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"ID3" + b"\xff" * 5000, headers={"content-type": "audio/mpeg"})
    chunks = await api.collect(
        "tts.bytes",
        model_id="sonic-2",
        transcript="hi",
        voice={"mode": "id", "id": "abc", "experimental_controls": {"speed": "fast", "emotion": ["anger"]}},
        language=None,
        output_format={"container": "mp3", "sample_rate": 44100, "bit_rate": 128000},
        request_options={"chunk_size": 1000},
    )
    assert b"".join(chunks) == b"ID3" + b"\xff" * 5000
    assert [len(c) for c in chunks] == [1000] * 5 + [3]
    request = sent(route)
    assert request.url.path == "/tts/bytes"
    assert request.content == (
        b'{"model_id":"sonic-2","transcript":"hi","voice":{"mode":"id","id":"abc","__experimental_controls":'
        b'{"speed":"fast","emotion":["anger"]}},"language":null,"output_format":{"container":"mp3","sample_rate":44100,"bit_rate":128000}}'
    )  # language=None is sent as null, byte for byte what 2.0.17 sends
    assert_common_headers(request)


async def test_tts_bytes_every_optional_field_in_wire_order(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"RIFF")
    await api.collect(
        "tts.bytes",
        pronunciation_dict_id="pd",
        speed="slow",
        duration=2.5,
        generation_config={"volume": 1.2, "speed": 0.9, "emotion": "calm"},
        output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000},
        language="es",
        voice={"mode": "embedding", "embedding": [0.5, -0.25]},
        transcript="hola",
        model_id="sonic-3",
    )
    body = json_body(sent(route))
    assert list(body) == [
        "model_id", "transcript", "voice", "language", "output_format", "generation_config", "duration", "speed", "pronunciation_dict_id",
    ]
    assert body["voice"] == {"mode": "embedding", "embedding": [0.5, -0.25]}
    assert body["generation_config"] == {"volume": 1.2, "speed": 0.9, "emotion": "calm"}


async def test_tts_sse(api: Api, mock: respx.MockRouter) -> None:
    stream = (
        b'event: chunk\ndata: {"type":"chunk","data":"AAAA","step_time":12.5,"context_id":"c","status_code":206,"done":false}\n\n'
        b'event: timestamps\ndata: {"type":"timestamps","word_timestamps":{"words":["hi"],"start":[0.0],"end":[0.4]},'
        b'"context_id":"c","status_code":206,"done":false}\n\n'
        b'event: done\ndata: {"type":"done","context_id":"c","status_code":206,"done":true}\n\n'
    )
    route = mock.post("/tts/sse").respond(200, content=stream, headers={"content-type": "text/event-stream"})
    events = await api.collect(
        "tts.sse",
        model_id="sonic-2",
        transcript="hi",
        voice={"mode": "id", "id": "abc"},
        output_format={"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100},
        generation_config={"speed": 1.1, "emotion": "happy"},
        add_timestamps=True,
        context_id="c",
    )
    assert [e.type for e in events] == ["chunk", "timestamps", "done"]
    assert events[0].data == "AAAA" and events[0].step_time == 12.5
    assert events[1].word_timestamps.words == ["hi"]
    assert [e.data for e in events] == ["AAAA", "", ""]  # the 2.x README reads .data on every event
    assert "data" not in events[2].model_dump()  # a property, not a field: the model's shape is the wire's
    body = sent(route).content
    assert body == (
        b'{"model_id":"sonic-2","transcript":"hi","voice":{"mode":"id","id":"abc"},"output_format":{"container":"raw",'
        b'"encoding":"pcm_f32le","sample_rate":44100},"generation_config":{"speed":1.1,"emotion":"happy"},'
        b'"add_timestamps":true,"context_id":"c"}'
    )


async def test_stt_transcribe(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/stt").respond(
        200, json={"text": "hello", "language": "en", "duration": 1.0, "words": [{"word": "hello", "start": 0.0, "end": 0.5}]}
    )
    result = await api.call(
        "stt.transcribe",
        file=("speech.wav", b"RIFFdata", "audio/wav"),
        model="ink-whisper",
        language="en",
        timestamp_granularities=["word"],
        encoding="pcm_s16le",
        sample_rate=16000,
    )
    assert isinstance(result, TranscriptionResponse)
    assert result.text == "hello" and result.words is not None and result.words[0].end == 0.5
    request = sent(route)
    assert str(request.url) == "https://api.cartesia.ai/stt?encoding=pcm_s16le&sample_rate=16000"
    assert form_fields(request) == [("model", "ink-whisper"), ("language", "en"), ("timestamp_granularities[]", "word")]
    files = [p for p in multipart_parts(request) if p.filename]
    assert [(f.name, f.filename, f.content_type, f.content) for f in files] == [("file", "speech.wav", "audio/wav", b"RIFFdata")]
    assert_common_headers(request)


async def test_voices_list_three_pages(api: Api, mock: respx.MockRouter) -> None:
    pages = [
        {"data": [dict(VOICE, id="v1"), dict(VOICE, id="v2")], "has_more": True, "next_page": "v2"},
        {"data": [dict(VOICE, id="v3"), dict(VOICE, id="v4")], "has_more": True},  # no next_page: last id is the cursor
        {"data": [dict(VOICE, id="v5")], "has_more": False},
    ]
    route = mock.get("/voices/").mock(side_effect=[httpx.Response(200, json=page) for page in pages])
    voices = await api.collect("voices.list", limit=2, is_owner=True, gender="feminine", expand=["embedding", "is_starred"])
    assert [v.id for v in voices] == ["v1", "v2", "v3", "v4", "v5"]
    assert all(isinstance(v, Voice) for v in voices)
    urls = [str(call.request.url) for call in route.calls]
    expand = "expand%5B%5D=embedding&expand%5B%5D=is_starred"
    assert urls == [
        f"https://api.cartesia.ai/voices/?limit=2&is_owner=true&gender=feminine&{expand}",
        f"https://api.cartesia.ai/voices/?limit=2&starting_after=v2&is_owner=true&gender=feminine&{expand}",
        f"https://api.cartesia.ai/voices/?limit=2&starting_after=v4&is_owner=true&gender=feminine&{expand}",
    ]


async def test_voices_list_single_expand_value(api: Api, mock: respx.MockRouter) -> None:
    route = mock.get("/voices/").respond(200, json={"data": [], "has_more": False})
    assert await api.collect("voices.list", expand="is_starred") == []
    assert sent(route).url.query == b"expand%5B%5D=is_starred"


async def test_voices_clone(api: Api, mock: respx.MockRouter, tmp_path: typing.Any) -> None:
    clip = tmp_path / "a.wav"
    clip.write_bytes(b"RIFF-clip")
    route = mock.post("/voices/clone").respond(200, json=METADATA)
    voice = await api.call("voices.clone", clip=clip, name="n", language="en", mode="similarity", enhance=False)
    assert isinstance(voice, VoiceMetadata) and voice.id == METADATA["id"]
    request = sent(route)
    assert form_fields(request) == [("name", "n"), ("language", "en"), ("mode", "similarity"), ("enhance", "false")]
    clip_part = [p for p in multipart_parts(request) if p.filename][0]
    assert (clip_part.name, clip_part.filename, clip_part.content) == ("clip", "a.wav", b"RIFF-clip")


async def test_voices_delete_get_update(api: Api, mock: respx.MockRouter) -> None:
    deleted = mock.delete("/voices/vid").respond(204)
    assert await api.call("voices.delete", "vid") is None
    assert sent(deleted).method == "DELETE"
    got = mock.get("/voices/vid").respond(200, json=dict(VOICE, id="vid"))
    voice = await api.call("voices.get", "vid")
    assert isinstance(voice, Voice) and voice.id == "vid" and voice.created_at.year == 2024
    assert sent(got).content == b""
    updated = mock.patch("/voices/vid").respond(200, json=dict(VOICE, id="vid", name="n"))
    assert (await api.call("voices.update", "vid", name="n", description="d")).name == "n"
    assert sent(updated).content == b'{"name":"n","description":"d"}'


async def test_path_parameters_are_percent_encoded(api: Api, mock: respx.MockRouter) -> None:
    route = mock.get(url__regex=r".*").respond(200, json=VOICE)
    await api.call("voices.get", "a/b c?d")
    assert sent(route).url.raw_path == b"/voices/a%2Fb%20c%3Fd"
    with pytest.raises(RequestValidationError, match="'id' must be a non-empty string"):
        await api.call("voices.get", "")
    calls = len(route.calls)
    for dots in (".", ".."):  # a URL resolves them: voices/.. would be the root
        for operation in ("voices.get", "voices.delete"):
            with pytest.raises(RequestValidationError, match="other than '.' and '..'"):
                await api.call(operation, dots)
    assert len(route.calls) == calls  # nothing was sent
    await api.call("voices.get", "...")
    assert route.calls.last.request.url.raw_path == b"/voices/..."


async def test_voices_localize_mix_create(api: Api, mock: respx.MockRouter) -> None:
    localize = mock.post("/voices/localize").respond(200, json=METADATA)
    await api.call(
        "voices.localize", voice_id="v", name="n", description="d", language="es", original_speaker_gender="male", dialect="mx"
    )
    assert sent(localize).content == (
        b'{"voice_id":"v","name":"n","description":"d","language":"es","original_speaker_gender":"male","dialect":"mx"}'
    )
    mix = mock.post("/voices/mix").respond(200, json={"embedding": [0.1, 0.2]})
    mixed = await api.call("voices.mix", voices=[{"id": "a", "weight": 0.5}, {"embedding": [1.0, 2.0], "weight": 0.5}])
    assert isinstance(mixed, EmbeddingResponse) and mixed.embedding == [0.1, 0.2]
    assert sent(mix).content == b'{"voices":[{"id":"a","weight":0.5},{"embedding":[1.0,2.0],"weight":0.5}]}'
    create = mock.post("/voices/").respond(200, json=VOICE)
    await api.call("voices.create", name="n", description="d", embedding=[1.0, 2.0])
    assert sent(create).content == b'{"name":"n","description":"d","embedding":[1.0,2.0]}'


async def test_voice_changer_bytes(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/voice-changer/bytes").respond(200, content=b"\x00\x01" * 100)
    audio = await api.collect(
        "voice_changer.bytes",
        clip=b"clip-audio",
        voice_id="v",
        output_format_container="raw",
        output_format_sample_rate=44100,
        output_format_encoding="pcm_f32le",
    )
    assert b"".join(audio) == b"\x00\x01" * 100
    request = sent(route)
    assert form_fields(request) == [
        ("voice[id]", "v"),
        ("output_format[container]", "raw"),
        ("output_format[sample_rate]", "44100"),
        ("output_format[encoding]", "pcm_f32le"),
    ]
    clip = [p for p in multipart_parts(request) if p.filename][0]
    assert (clip.name, clip.filename, clip.content_type, clip.content) == ("clip", "upload", "application/octet-stream", b"clip-audio")


async def test_voice_changer_sse_reads_standard_framing(api: Api, mock: respx.MockRouter) -> None:
    stream = (
        b'event: chunk\r\ndata: {"type":"chunk","data":"AAAA","step_time":1,"status_code":206,"done":false}\r\n\r\n'
        b'event: done\r\ndata: {"type":"done","status_code":200,"done":true}\r\n\r\n'
    )
    mock.post("/voice-changer/sse").respond(200, content=stream)
    events = await api.collect(
        "voice_changer.sse", clip=b"x", voice_id="v", output_format_container="mp3", output_format_sample_rate=44100, output_format_bit_rate=128000
    )
    assert [e.type for e in events] == ["chunk", "done"]
    assert [e.data for e in events] == ["AAAA", ""]


async def test_infill_bytes(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/infill/bytes").respond(200, content=b"RIFF-infill")
    audio = await api.collect(
        "infill.bytes",
        left_audio=("left.wav", b"L"),
        right_audio=("right.wav", b"R"),
        model_id="sonic-2",
        language="en",
        transcript="middle",
        voice_id="v",
        output_format_container="wav",
        output_format_sample_rate=44100,
        output_format_encoding="pcm_f32le",
        voice_experimental_controls_speed="slow",
        voice_experimental_controls_emotion=["anger:high", "sadness"],
    )
    assert b"".join(audio) == b"RIFF-infill"
    request = sent(route)
    assert form_fields(request) == [
        ("model_id", "sonic-2"),
        ("language", "en"),
        ("transcript", "middle"),
        ("voice_id", "v"),
        ("output_format[container]", "wav"),
        ("output_format[sample_rate]", "44100"),
        ("output_format[encoding]", "pcm_f32le"),
        ("voice[__experimental_controls][speed]", "slow"),
        ("voice[__experimental_controls][emotion][]", "anger:high"),
        ("voice[__experimental_controls][emotion][]", "sadness"),
    ]
    files = [(p.name, p.filename, p.content) for p in multipart_parts(request) if p.filename]
    assert files == [("left_audio", "left.wav", b"L"), ("right_audio", "right.wav", b"R")]


async def test_additional_request_options_reach_the_wire(api: Api, mock: respx.MockRouter) -> None:
    route = mock.get("/voices/vid").respond(200, json=VOICE)
    await api.call(
        "voices.get", "vid", request_options={"additional_query_parameters": {"q": 1}, "additional_headers": {"x-extra": "1"}}
    )
    request = sent(route)
    assert str(request.url) == "https://api.cartesia.ai/voices/vid?q=1"
    assert request.headers["x-extra"] == "1"
