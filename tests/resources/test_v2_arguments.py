"""What goes on the wire for explicit None, omitted and dict arguments: the bytes 2.0.17 sends.

The expected bodies were captured from the published 2.0.17 wheel with an ``httpx.MockTransport``.
"""

from __future__ import annotations

import typing

import httpx
import pytest
import respx

from cartesia import RequestValidationError
from cartesia.tts.types import TtsRequestIdSpecifier

from ..helpers import form_fields
from .conftest import Api

RAW = {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}


def only(route: respx.Route) -> httpx.Request:
    assert route.call_count == 1
    return typing.cast(httpx.Request, route.calls[0].request)


CASES = {
    "explicit None is null; a voice dict is sent as given": (
        {"voice": {"id": "abc"}, "output_format": RAW, "language": None, "duration": None},
        b'{"model_id":"m","transcript":"t","voice":{"id":"abc"},"language":null,'
        b'"output_format":{"container":"raw","encoding":"pcm_f32le","sample_rate":44100},"duration":null}',
    ),
    "nested values keep their None and their numbers": (
        {
            "voice": {"mode": "id", "id": "abc", "experimental_controls": {"speed": 1, "emotion": ["anger"]}},
            "output_format": {"container": "mp3", "sample_rate": 44100, "bit_rate": 128000},
            "generation_config": {"speed": 1, "volume": None},
            "speed": None,
        },
        b'{"model_id":"m","transcript":"t","voice":{"mode":"id","id":"abc","__experimental_controls":{"speed":1,"emotion":["anger"]}},'
        b'"output_format":{"container":"mp3","sample_rate":44100,"bit_rate":128000},"generation_config":{"speed":1,"volume":null},"speed":null}',
    ),
    "keys the model does not declare pass through": (
        {
            "voice": {"id": "abc", "extra": {"k": None}},
            "output_format": {"container": "wav", "sample_rate": 8000, "encoding": "pcm_s16le"},
            "pronunciation_dict_id": None,
        },
        b'{"model_id":"m","transcript":"t","voice":{"id":"abc","extra":{"k":null}},'
        b'"output_format":{"container":"wav","sample_rate":8000,"encoding":"pcm_s16le"},"pronunciation_dict_id":null}',
    ),
    "a model instance is sent with its defaults": (
        {"voice": TtsRequestIdSpecifier(id="abc"), "output_format": RAW},
        b'{"model_id":"m","transcript":"t","voice":{"mode":"id","id":"abc"},'
        b'"output_format":{"container":"raw","encoding":"pcm_f32le","sample_rate":44100}}',
    ),
}


@pytest.mark.parametrize(("arguments", "expected"), list(CASES.values()), ids=list(CASES))
async def test_tts_bytes_sends_what_2_0_17_sends(
    api: Api, mock: respx.MockRouter, arguments: typing.Dict[str, typing.Any], expected: bytes
) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"A")
    await api.collect("tts.bytes", model_id="m", transcript="t", **arguments)
    assert only(route).content == expected


async def test_sse_and_access_token_send_explicit_none(api: Api, mock: respx.MockRouter) -> None:
    done = b'event: done\ndata: {"type":"done","done":true,"status_code":200}\n\n'
    sse = mock.post("/tts/sse").respond(200, content=done, headers={"content-type": "text/event-stream"})
    await api.collect("tts.sse", model_id="m", transcript="t", voice={"mode": "id", "id": "abc"}, output_format=RAW, add_timestamps=None, context_id=None)
    assert only(sse).content == (
        b'{"model_id":"m","transcript":"t","voice":{"mode":"id","id":"abc"},'
        b'"output_format":{"container":"raw","encoding":"pcm_f32le","sample_rate":44100},"add_timestamps":null,"context_id":null}'
    )
    token = mock.post("/access-token").respond(200, json={"token": "t"})
    await api.call("auth.access_token", grants=None, expires_in=None)
    assert only(token).content == b'{"grants":null,"expires_in":null}'


async def test_none_query_parameters_are_left_out(api: Api, mock: respx.MockRouter) -> None:
    route = mock.get("/voices/").respond(200, json={"data": [], "has_more": False})
    await api.collect("voices.list", limit=None, is_owner=None, gender=None)
    assert only(route).url.query == b""


async def test_explicit_none_form_fields_are_sent_empty(api: Api, mock: respx.MockRouter) -> None:
    metadata = {
        "id": "v", "user_id": "u", "is_public": False, "name": "n", "description": "", "created_at": "2024-11-13T07:06:22Z", "language": "en",
    }
    clone = mock.post("/voices/clone").respond(200, json=metadata)
    await api.call("voices.clone", clip=b"x", name="n", language="en", mode="similarity", description=None, enhance=None)
    assert form_fields(only(clone)) == [("name", "n"), ("description", ""), ("language", "en"), ("mode", "similarity"), ("enhance", "")]
    changer = mock.post("/voice-changer/bytes").respond(200, content=b"A")
    await api.collect(
        "voice_changer.bytes", clip=b"c", voice_id="v", output_format_container="raw", output_format_sample_rate=44100, output_format_encoding=None
    )
    assert form_fields(only(changer)) == [
        ("voice[id]", "v"), ("output_format[container]", "raw"), ("output_format[sample_rate]", "44100"), ("output_format[encoding]", ""),
    ]


async def test_omitted_arguments_are_not_sent(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/voices/clone").respond(200, json={
        "id": "v", "user_id": "u", "is_public": False, "name": "n", "description": "", "created_at": "2024-11-13T07:06:22Z", "language": "en",
    })
    await api.call("voices.clone", clip=b"x", name="n", language="en", mode="similarity")
    assert form_fields(only(route)) == [("name", "n"), ("language", "en"), ("mode", "similarity")]


@pytest.mark.parametrize("voice", [{"id": 5}, {"mode": "id"}, "not-a-dict"])
async def test_a_malformed_voice_fails_before_anything_is_sent(api: Api, mock: respx.MockRouter, voice: typing.Any) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"A")
    with pytest.raises(RequestValidationError, match="voice"):
        await api.collect("tts.bytes", model_id="m", transcript="t", voice=voice, output_format=RAW)
    assert route.call_count == 0


async def test_none_for_a_required_argument_fails_before_anything_is_sent(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"A")
    with pytest.raises(RequestValidationError, match="transcript"):
        await api.collect("tts.bytes", model_id="m", transcript=None, voice={"id": "abc"}, output_format=RAW)
    assert route.call_count == 0
