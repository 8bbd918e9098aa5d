"""Each fault-injection mode of the local server, met by the SDK, sync and async."""

from __future__ import annotations

import time
import typing

import pytest

from cartesia import ApiConnectionError, ApiTimeoutError, InternalServerError, RateLimitError
from cartesia.server import LocalServer

from .test_sdk_against_local_server import VOICE, VOICE_ID, Sdk

RAW = {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}
LONG = "this sentence is long enough to give the audio stream several chunks " * 3


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return typing.cast(str, request.param)


@pytest.fixture
async def make(kind: str, cartesia_server: LocalServer) -> typing.AsyncIterator[typing.Callable[..., Sdk]]:
    """Builds SDK clients for the test and closes them afterwards."""
    made: typing.List[Sdk] = []

    def build(**options: typing.Any) -> Sdk:
        made.append(Sdk(kind, cartesia_server, **options))
        return made[-1]

    yield build
    for sdk in made:
        await sdk.aclose()


async def test_failures_with_retry_after_are_retried(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.fail_next(2, status=503, retry_after_ms=20)
    sdk = make()
    started = time.monotonic()
    assert (await sdk.call("voices.get", VOICE_ID)).id == VOICE_ID
    assert time.monotonic() - started >= 0.04  # both hints were waited out
    hits = cartesia_server.requests.filter(path=f"/voices/{VOICE_ID}")
    assert len(hits) == 3


async def test_retries_run_out(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.fail_next(5, status=502, retry_after_ms=1)
    with pytest.raises(InternalServerError) as info:
        await make(max_retries=1).call("voices.get", VOICE_ID)
    assert info.value.status_code == 502


async def test_a_long_retry_after_is_returned_not_waited(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.fail_next(1, status=429, retry_after=3600, path="/tts/bytes")
    started = time.monotonic()
    with pytest.raises(RateLimitError) as info:
        await make().audio("tts.bytes", model_id="sonic-2", transcript="hi", voice=VOICE, output_format=RAW)
    assert time.monotonic() - started < 5
    assert info.value.headers["retry-after"] == "3600"


async def test_latency_beyond_the_timeout_is_a_timeout_error(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.add_latency(2.0, path="/voices/*")
    with pytest.raises(ApiTimeoutError):
        await make(timeout=0.3, max_retries=0).call("voices.get", VOICE_ID)


async def test_a_dropped_stream_raises_after_the_bytes_that_came(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.truncate_body(2000, mode="drop", path="/tts/bytes")
    sdk = make()
    stream = await sdk.call("tts.bytes", model_id="sonic-2", transcript=LONG, voice=VOICE, output_format=RAW)
    received: typing.List[bytes] = []
    with pytest.raises(ApiConnectionError):
        if hasattr(stream, "__aiter__"):
            async for chunk in stream:
                received.append(chunk)
        else:
            for chunk in stream:
                received.append(chunk)
    assert 0 < sum(map(len, received)) <= 2000
    assert len(cartesia_server.requests.filter(path="/tts/bytes")) == 1  # never retried mid-stream


async def test_a_stalled_stream_times_out(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.truncate_body(1000, mode="stall", path="/tts/bytes")
    with pytest.raises(ApiTimeoutError):
        await make(timeout=0.5).audio("tts.bytes", model_id="sonic-2", transcript=LONG, voice=VOICE, output_format=RAW)


async def test_slow_chunks_still_arrive_in_order(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.delay_chunks(0.02, path="/tts/sse")
    events = await make().collect("tts.sse", model_id="sonic-2", transcript="one two three", voice=VOICE, output_format=RAW)
    assert events[-1].type == "done" and [e.type for e in events].count("chunk") >= 1


async def test_an_error_event_in_a_stream_raises_a_typed_error(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.send_error_frame(after_frames=1, status=500, path="/tts/sse")
    with pytest.raises(InternalServerError) as info:
        await make().collect("tts.sse", model_id="sonic-2", transcript=LONG, voice=VOICE, output_format=RAW)
    assert info.value.body["type"] == "error"


async def test_unknown_event_types_and_fields_are_tolerated(make: typing.Callable[..., Sdk], cartesia_server: LocalServer) -> None:
    cartesia_server.faults.send_unknown_events()
    cartesia_server.faults.add_unknown_fields()
    sdk = make()
    events = await sdk.collect("tts.sse", model_id="sonic-2", transcript="one two", voice=VOICE, output_format=RAW)
    assert {e.type for e in events} <= {"chunk", "timestamps", "done"} and events[-1].type == "done"
    assert events[0].model_extra  # the unknown field is kept
    voice = await sdk.call("voices.get", VOICE_ID)
    assert voice.model_extra
