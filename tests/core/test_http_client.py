"""The request engine, sync and async: retries, retry hints, replayed uploads, streaming, timeouts."""

from __future__ import annotations

import email.utils
import json
import time
import typing

import httpx
import pytest

from cartesia import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
    RequestValidationError,
)

from ..conftest import SleepRecorder
from ..helpers import multipart_parts
from .engines import KINDS, Engine

pytestmark = pytest.mark.parametrize("kind", KINDS)


class Script:
    """A transport that answers with the given responses (or raises the given errors) in order."""

    def __init__(self, *steps: typing.Union[httpx.Response, Exception]) -> None:
        self.steps = list(steps)
        self.requests: typing.List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return httpx.Response(step.status_code, headers=step.headers, content=step.content)


def ok(body: bytes = b'{"ok": true}') -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize(
    ("status", "attempts"),
    [(400, 1), (401, 1), (403, 1), (404, 1), (422, 1), (408, 3), (409, 3), (429, 3), (500, 3), (503, 3)],
)
async def test_retries_by_status_class(kind: str, status: int, attempts: int, sleeps: SleepRecorder) -> None:
    script = Script(httpx.Response(status, json={"error": "nope"}))
    engine = Engine(kind, script, sleeps)
    with pytest.raises(ApiError) as info:
        await engine.request("voices/", method="GET")
    assert info.value.status_code == status
    assert len(script.requests) == attempts  # default max_retries is 2
    assert len(sleeps.delays) == attempts - 1


async def test_a_retry_that_succeeds_returns_the_response(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(httpx.Response(503), httpx.Response(429), ok())
    response = await Engine(kind, script, sleeps).request("voices/", method="GET")
    assert response.json() == {"ok": True}
    assert len(script.requests) == 3


async def test_max_retries_on_the_client_and_per_request(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(httpx.Response(500))
    engine = Engine(kind, script, sleeps, max_retries=4)
    with pytest.raises(InternalServerError):
        await engine.request("x", method="GET")
    assert len(script.requests) == 5
    script.requests.clear()
    with pytest.raises(InternalServerError):
        await engine.request("x", method="GET", request_options={"max_retries": 0})
    assert len(script.requests) == 1
    script.requests.clear()
    with pytest.raises(InternalServerError):
        await engine.request("x", method="GET", request_options={"max_retries": 1})
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after-ms": "250", "retry-after": "30"}, 0.25),
        ({"retry-after": "DATE+3"}, 3.0),
    ],
)
async def test_retry_hints_set_the_delay(
    kind: str, headers: typing.Dict[str, str], expected: float, sleeps: SleepRecorder
) -> None:
    tolerance = 1e-6
    if headers.get("retry-after") == "DATE+3":
        headers = {"retry-after": email.utils.formatdate(time.time() + 3, usegmt=True)}
        tolerance = 1.01  # HTTP dates have one-second resolution
    script = Script(httpx.Response(429, headers=headers), ok())
    await Engine(kind, script, sleeps).request("x", method="GET")
    assert len(sleeps.delays) == 1
    assert sleeps.delays[0] == pytest.approx(expected, abs=tolerance)


async def test_a_hint_beyond_the_cap_is_not_waited_out(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(httpx.Response(429, headers={"retry-after": "3600"}, json={"error": "slow down"}), ok())
    with pytest.raises(RateLimitError) as info:
        await Engine(kind, script, sleeps).request("x", method="GET")
    assert len(script.requests) == 1
    assert sleeps.delays == []
    assert info.value.headers["retry-after"] == "3600"


async def test_backoff_without_hints_grows_with_jitter(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(httpx.Response(502))
    with pytest.raises(InternalServerError):
        await Engine(kind, script, sleeps, max_retries=3).request("x", method="GET")
    assert len(sleeps.delays) == 3
    for delay, ceiling in zip(sleeps.delays, (0.5, 1.0, 2.0)):
        assert ceiling * 0.75 < delay <= ceiling


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ConnectError("refused"), ApiConnectionError),
        (httpx.RemoteProtocolError("peer closed"), ApiConnectionError),
        (httpx.ReadTimeout("slow"), ApiTimeoutError),
        (httpx.ConnectTimeout("slow"), ApiTimeoutError),
    ],
)
async def test_transport_errors_are_retried_then_wrapped(
    kind: str, error: Exception, raised: typing.Type[Exception], sleeps: SleepRecorder
) -> None:
    script = Script(error)
    with pytest.raises(raised) as info:
        await Engine(kind, script, sleeps).request("x", method="GET")
    assert len(script.requests) == 3
    assert info.value.__cause__ is error
    assert info.value.status_code is None  # type: ignore[attr-defined]
    # Code written against httpx's own exceptions keeps catching them.
    assert isinstance(info.value, httpx.TransportError)
    if raised is ApiTimeoutError:
        assert isinstance(info.value, httpx.TimeoutException)
        assert info.value.request.url.path == "/x"  # type: ignore[attr-defined]


async def test_transport_error_then_success(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(httpx.ConnectError("refused"), ok())
    response = await Engine(kind, script, sleeps).request("x", method="GET")
    assert response.status_code == 200
    assert len(sleeps.delays) == 1


async def test_retried_multipart_resends_every_field_and_file(kind: str, sleeps: SleepRecorder, tmp_path: typing.Any) -> None:
    clip = tmp_path / "voice.wav"
    clip.write_bytes(b"RIFF-disk-audio")
    script = Script(httpx.Response(503), httpx.Response(500), ok())
    await Engine(kind, script, sleeps).request(
        "voices/clone",
        method="POST",
        data={"name": "n", "language": "en", "mode": "similarity", "enhance": False},
        files={"clip": clip, "extra": ("b.bin", b"\x00\x01")},
    )
    assert len(script.requests) == 3
    bodies = [multipart_parts(request) for request in script.requests]
    assert bodies[0] == bodies[1] == bodies[2]
    assert [(p.name, p.filename, p.content) for p in bodies[2]] == [
        ("name", None, b"n"),
        ("language", None, b"en"),
        ("mode", None, b"similarity"),
        ("enhance", None, b"false"),
        ("clip", "voice.wav", b"RIFF-disk-audio"),
        ("extra", "b.bin", b"\x00\x01"),
    ]


async def test_retried_upload_of_a_user_file_object_is_rewound(kind: str, sleeps: SleepRecorder, tmp_path: typing.Any) -> None:
    path = tmp_path / "clip.mp3"
    path.write_bytes(b"ID3-audio-bytes")
    script = Script(httpx.Response(503), ok())
    with open(path, "rb") as handle:
        await Engine(kind, script, sleeps).request("voices/clone", method="POST", data={"name": "n"}, files={"clip": handle})
    contents = [[p.content for p in multipart_parts(r) if p.name == "clip"] for r in script.requests]
    assert contents == [[b"ID3-audio-bytes"], [b"ID3-audio-bytes"]]


async def test_streams_are_retried_only_before_the_body_is_handed_over(kind: str, sleeps: SleepRecorder) -> None:
    calls: typing.List[httpx.Request] = []

    class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> typing.Iterator[bytes]:
            yield b"first-chunk"
            raise httpx.ReadError("connection reset")

        async def __aiter__(self) -> typing.AsyncIterator[bytes]:
            yield b"first-chunk"
            raise httpx.ReadError("connection reset")

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(503)  # before any byte: retried
        return httpx.Response(200, stream=Broken())

    engine = Engine(kind, handler, sleeps)
    received: typing.List[bytes] = []
    with pytest.raises(ApiConnectionError) as info:
        await engine.stream_body("tts/bytes", received, method="POST", json={"transcript": "hi"})
    assert received == [b"first-chunk"]
    assert len(calls) == 2  # the broken stream was not retried
    assert isinstance(info.value.__cause__, httpx.ReadError)


async def test_stream_error_status_raises_with_the_body(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(httpx.Response(400, content=b"Invalid voice: no such id"))
    with pytest.raises(BadRequestError) as info:
        await Engine(kind, script, sleeps).stream_body("tts/bytes", [], method="POST", json={})
    assert info.value.body == "Invalid voice: no such id"


async def test_json_bodies_are_compact_utf8_whatever_the_httpx_release(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    await Engine(kind, script, sleeps).request("tts/bytes", method="POST", json={"transcript": "café 日本", "n": [1, 2.5]})
    assert script.requests[0].content == '{"transcript":"café 日本","n":[1,2.5]}'.encode()
    assert script.requests[0].headers["content-type"] == "application/json"
    with pytest.raises(RequestValidationError, match="cannot be sent as JSON"):
        await Engine(kind, script, sleeps).request("x", method="POST", json={"duration": float("nan")})
    assert len(script.requests) == 1


async def test_json_body_keeps_none_and_merges_additional_parameters(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    await Engine(kind, script, sleeps).request(
        "tts/bytes",
        method="POST",
        json={"model_id": "sonic-2", "language": None, "voice": {"mode": "id", "id": "v", "x": None}},
        request_options={"additional_body_parameters": {"save": True, "speed": None}},
    )
    assert json.loads(script.requests[0].content) == {  # None is JSON null, as the 2.x SDK sent it
        "model_id": "sonic-2",
        "language": None,
        "voice": {"mode": "id", "id": "v", "x": None},
        "save": True,
        "speed": None,  # additional parameters are sent exactly as given
    }
    assert script.requests[0].headers["content-type"] == "application/json"


async def test_query_headers_and_url_building(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    engine = Engine(kind, script, sleeps, base_url="https://proxy.example/cartesia/")
    await engine.request(
        "voices/",
        method="GET",
        params={"limit": 2, "is_owner": True, "gender": None, "expand[]": ["embedding", "is_starred"]},
        headers={"X-Per-Call": "1"},
        request_options={"additional_query_parameters": {"q": "calm"}, "additional_headers": {"x-extra": "2", "X-Per-Call": "3"}},
    )
    request = script.requests[0]
    assert request.url.path == "/cartesia/voices/"
    assert request.url.query == b"limit=2&is_owner=true&expand%5B%5D=embedding&expand%5B%5D=is_starred&q=calm"
    assert request.headers["x-extra"] == "2"
    assert request.headers.get_list("x-per-call") == ["3"]
    assert request.headers["x-api-key"]


async def test_empty_path_targets_the_root(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    await Engine(kind, script, sleeps).request(None, method="GET")  # type: ignore[arg-type]
    assert str(script.requests[0].url) == "https://api.test.cartesia.ai/"


def _timeout_of(request: httpx.Request) -> typing.Dict[str, typing.Optional[float]]:
    return typing.cast(typing.Dict[str, typing.Optional[float]], request.extensions["timeout"])


async def test_timeouts_client_level_and_per_request(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    engine = Engine(kind, script, sleeps, timeout=12.5)
    await engine.request("x", method="GET")
    await engine.request("x", method="GET", request_options={"timeout_in_seconds": 2})
    assert _timeout_of(script.requests[0])["read"] == 12.5
    assert _timeout_of(script.requests[1]) == {"connect": 2, "read": 2, "write": 2, "pool": 2}


async def test_a_custom_httpx_client_keeps_its_own_timeout(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    engine = Engine(kind, script, sleeps, httpx_options={"timeout": httpx.Timeout(7.0, connect=1.0)})
    await engine.request("x", method="GET")
    assert _timeout_of(script.requests[0]) == {"connect": 1.0, "read": 7.0, "write": 7.0, "pool": 7.0}
    explicit = Engine(kind, script, sleeps, timeout=3, httpx_options={"timeout": 7.0})
    await explicit.request("x", method="GET")
    assert _timeout_of(script.requests[1])["read"] == 3


async def test_granular_httpx_timeout_on_the_client(kind: str, sleeps: SleepRecorder) -> None:
    script = Script(ok())
    await Engine(kind, script, sleeps, timeout=httpx.Timeout(30.0, connect=2.0)).request("x", method="GET")
    assert _timeout_of(script.requests[0])["connect"] == 2.0
    assert _timeout_of(script.requests[0])["read"] == 30.0
