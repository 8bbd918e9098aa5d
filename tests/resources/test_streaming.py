"""Streaming endpoints: incremental delivery, SSE errors and malformed events, raw access, laziness."""

from __future__ import annotations

import logging
import typing

import httpx
import pytest
import respx

from cartesia import (
    ApiConnectionError,
    ApiResponseValidationError,
    AsyncCartesia,
    BadRequestError,
    Cartesia,
    NotFoundError,
    RateLimitError,
    RequestValidationError,
)
from cartesia.core.pagination import AsyncPager, SyncPager

from ..conftest import API_KEY
from .conftest import Api

SSE_ARGS: typing.Dict[str, typing.Any] = {
    "model_id": "sonic-2",
    "transcript": "hi",
    "voice": {"mode": "id", "id": "v"},
    "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000},
}
BYTES_ARGS: typing.Dict[str, typing.Any] = dict(SSE_ARGS, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000})
CHUNK = b'data: {"type":"chunk","data":"AAAA","step_time":1,"status_code":206,"done":false}\n\n'
DONE = b'data: {"type":"done","status_code":206,"done":true}\n\n'


def sse(*events: bytes) -> httpx.Response:
    return httpx.Response(200, content=b"".join(events), headers={"content-type": "text/event-stream"})


async def test_audio_chunks_are_handed_over_as_they_arrive(api: Api, mock: respx.MockRouter) -> None:
    produced: typing.List[int] = []

    class Slow(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> typing.Iterator[bytes]:
            for i in range(3):
                produced.append(i)
                yield bytes([i]) * 10

        async def __aiter__(self) -> typing.AsyncIterator[bytes]:
            for chunk in self:
                yield chunk

    mock.post("/tts/bytes").mock(return_value=httpx.Response(200, stream=Slow()))
    stream = await api.call("tts.bytes", **BYTES_ARGS)
    first = await stream.__anext__() if hasattr(stream, "__anext__") else next(stream)
    assert first == b"\x00" * 10
    assert produced == [0]  # the rest of the body has not been produced yet
    rest = [c async for c in stream] if hasattr(stream, "__anext__") else list(stream)
    assert rest == [b"\x01" * 10, b"\x02" * 10] and produced == [0, 1, 2]


async def test_nothing_is_sent_until_a_stream_is_iterated(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"x")
    stream = await api.call("tts.bytes", **BYTES_ARGS)
    assert route.call_count == 0
    assert [c for c in stream] if not hasattr(stream, "__aiter__") else [c async for c in stream]
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"voice": {"mode": "id"}}, "invalid 'voice'"),
        ({"output_format": {"container": "mp3", "sample_rate": 44100}}, "invalid 'output_format'.*bit_rate"),
        ({"transcript": None}, "invalid 'transcript'"),
        ({"model_id": 3}, "invalid 'model_id'"),
    ],
)
async def test_bad_arguments_fail_when_called_before_anything_is_sent(
    api: Api, mock: respx.MockRouter, bad: typing.Dict[str, typing.Any], message: str
) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"x")
    with pytest.raises(RequestValidationError, match=message) as info:
        api.method("tts.bytes")(**dict(BYTES_ARGS, **bad))  # raised by the call itself, not on iteration
    assert str(info.value).startswith("tts.bytes: ")
    assert isinstance(info.value, ValueError)
    assert route.call_count == 0


async def test_new_enum_values_and_models_pass_through(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/tts/bytes").respond(200, content=b"x")
    await api.collect("tts.bytes", **dict(BYTES_ARGS, model_id="sonic-9", language="xx-new", output_format={"container": "raw", "encoding": "pcm_s24le", "sample_rate": 96000}))
    assert b'"language":"xx-new"' in route.calls[0].request.content
    assert b'"encoding":"pcm_s24le"' in route.calls[0].request.content


async def test_an_error_status_raises_on_iteration(api: Api, mock: respx.MockRouter) -> None:
    mock.post("/tts/bytes").respond(404, text="Voice not found")
    with pytest.raises(NotFoundError, match="404 Not Found: Voice not found"):
        await api.collect("tts.bytes", **BYTES_ARGS)


@pytest.mark.parametrize(
    ("event", "cls", "text"),
    [
        (b'{"type":"error","error":"Invalid voice: no such id","status_code":400,"done":true}', BadRequestError, "Invalid voice: no such id"),
        (
            b'{"type":"error","status_code":429,"done":true,"error_code":"concurrency_limited","title":"Too many","message":"Slow down","request_id":"r1"}',
            RateLimitError,
            "Too many: Slow down",
        ),
    ],
)
async def test_sse_error_events_raise_typed_errors(
    api: Api, mock: respx.MockRouter, event: bytes, cls: typing.Type[Exception], text: str
) -> None:
    mock.post("/tts/sse").mock(return_value=sse(CHUNK, b"event: error\ndata: " + event + b"\n\n", DONE))
    received: typing.List[typing.Any] = []
    with pytest.raises(cls, match=text) as info:
        stream = await api.call("tts.sse", **SSE_ARGS)
        if hasattr(stream, "__aiter__"):
            async for item in stream:
                received.append(item)
        else:
            received.extend(stream)
    assert [e.type for e in received] == ["chunk"]  # events before the error are delivered first
    assert info.value.body["type"] == "error"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("event", "reason"),
    [(b"data: not-json\n\n", "not JSON"), (b'data: [1, 2]\n\n', "not a JSON object"), (b'data: {"data": "AAAA"}\n\n', "no 'type'"),
     (b'data: {"type":"chunk","step_time":1}\n\n', "Field required")],
)
async def test_sse_malformed_events_raise(api: Api, mock: respx.MockRouter, event: bytes, reason: str) -> None:
    mock.post("/tts/sse").mock(return_value=sse(CHUNK, event, DONE))
    with pytest.raises(ApiResponseValidationError, match=f"tts.sse: malformed event: .*{reason}"):
        await api.collect("tts.sse", **SSE_ARGS)


async def test_sse_unknown_event_types_are_skipped_and_logged(api: Api, mock: respx.MockRouter, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="cartesia")
    mock.post("/tts/sse").mock(return_value=sse(CHUNK, b'data: {"type":"brand_new","x":1}\n\n', DONE))
    events = await api.collect("tts.sse", **SSE_ARGS)
    assert [e.type for e in events] == ["chunk", "done"]
    assert any("unknown type 'brand_new'" in r.getMessage() for r in caplog.records)


async def test_sse_stops_at_done_and_needs_it(api: Api, mock: respx.MockRouter) -> None:
    mock.post("/tts/sse").mock(return_value=sse(CHUNK, DONE, b"data: never parsed\n\n"))
    assert [e.type for e in await api.collect("tts.sse", **SSE_ARGS)] == ["chunk", "done"]
    mock.post("/tts/sse").mock(return_value=sse(CHUNK))
    with pytest.raises(ApiConnectionError, match="ended before its 'done' event"):
        await api.collect("tts.sse", **SSE_ARGS)


async def test_sse_event_name_stands_in_for_a_missing_type(api: Api, mock: respx.MockRouter) -> None:
    mock.post("/voice-changer/sse").mock(
        return_value=sse(b'event: chunk\ndata: {"data":"AAAA","step_time":1,"status_code":206,"done":false}\n\n', b"event: done\n" + DONE)
    )
    events = await api.collect("voice_changer.sse", clip=b"x", voice_id="v", output_format_container="raw", output_format_sample_rate=16000)
    assert [e.type for e in events] == ["chunk", "done"]


async def test_raw_access_gives_status_headers_and_request_id(api: Api, mock: respx.MockRouter) -> None:
    mock.get("/voices/v1").respond(
        200,
        json={"id": "v1", "is_owner": True, "name": "n", "description": "d", "created_at": "2024-11-13T07:06:22Z", "language": "en"},
        headers={"x-request-id": "req-123"},
    )
    response = await api.raw("voices.get", "v1")
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-123" and response.request_id == "req-123"
    assert response.data.id == "v1"


async def test_raw_access_to_streams(api: Api, mock: respx.MockRouter) -> None:
    mock.post("/tts/bytes").respond(200, content=b"RIFF1234", headers={"x-request-id": "req-9", "content-type": "audio/wav"})
    response, chunks = await api.raw_stream("tts.bytes", **BYTES_ARGS)
    assert response.status_code == 200 and response.request_id == "req-9"
    assert response.headers["content-type"] == "audio/wav"
    assert b"".join(chunks) == b"RIFF1234"
    mock.post("/tts/sse").mock(return_value=sse(CHUNK, DONE))
    response, events = await api.raw_stream("tts.sse", **SSE_ARGS)
    assert response.status_code == 200 and [e.type for e in events] == ["chunk", "done"]


async def test_raw_access_to_pages(api: Api, mock: respx.MockRouter) -> None:
    mock.get("/voices/").respond(200, json={"data": [], "has_more": False}, headers={"x-request-id": "req-p"})
    response = await api.raw("voices.list")
    assert response.request_id == "req-p"
    assert isinstance(response.data, (SyncPager, AsyncPager)) and response.data.items == []


async def test_2x_async_pager_shape(mock: respx.MockRouter) -> None:
    """``async for voice in await client.voices.list()`` as documented for 2.x."""
    voice = {"id": "v1", "is_owner": True, "name": "n", "description": "d", "created_at": "2024-11-13T07:06:22Z", "language": "en"}
    mock.get("/voices/").respond(200, json={"data": [voice], "has_more": False})
    client = AsyncCartesia(api_key=API_KEY)
    assert [v.id async for v in await client.voices.list()] == ["v1"]


def test_sync_stream_closes_its_response_when_abandoned() -> None:
    with respx.mock(base_url="https://api.cartesia.ai") as mock:
        mock.post("/tts/bytes").respond(200, content=b"x" * 100)
        client = Cartesia(api_key=API_KEY)
        stream = client.tts.bytes(**BYTES_ARGS, request_options={"chunk_size": 10})
        assert next(stream) == b"x" * 10
        stream.close()  # type: ignore[attr-defined]
        pool = client._client_wrapper.httpx_client.httpx_client
        assert not pool.is_closed  # the client stays usable
        assert b"".join(client.tts.bytes(**BYTES_ARGS)) == b"x" * 100
