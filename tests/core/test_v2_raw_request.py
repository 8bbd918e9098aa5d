"""``client._client_wrapper.httpx_client.request(...)`` as 2.x integrations call it, and what the SDK logs at INFO."""

from __future__ import annotations

import logging
import typing

import httpx
import pytest

from cartesia import AsyncCartesia, Cartesia, NotFoundError
from cartesia.server import LocalServer

from ..conftest import API_KEY, SleepRecorder
from .engines import KINDS, Engine


class Recorder:
    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: typing.List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


@pytest.mark.parametrize("kind", KINDS)
async def test_request_returns_a_failure_response_instead_of_raising(kind: str, sleeps: SleepRecorder) -> None:
    recorder = Recorder(httpx.Response(404, json={"error": "no such dictionary"}))
    response = await Engine(kind, recorder, sleeps).request_any_status(
        "pronunciation-dicts/", method="GET", params={"limit": 5, "skip": None}, json={"name": "n", "note": None}
    )
    assert isinstance(response, httpx.Response)
    assert response.status_code == 404 and response.json() == {"error": "no such dictionary"}
    with pytest.raises(httpx.HTTPStatusError):
        response.raise_for_status()
    sent = recorder.requests[0]
    assert sent.url.path == "/pronunciation-dicts/" and sent.url.query == b"limit=5"
    assert sent.content == b'{"name":"n","note":null}'
    assert sent.headers["x-api-key"] == API_KEY


@pytest.mark.parametrize("kind", KINDS)
async def test_request_still_retries_and_then_returns_the_last_response(kind: str, sleeps: SleepRecorder) -> None:
    recorder = Recorder(httpx.Response(503), httpx.Response(503), httpx.Response(503, text="busy"))
    response = await Engine(kind, recorder, sleeps, max_retries=2).request_any_status("usage", method="GET")
    assert response.status_code == 503 and response.text == "busy"
    assert len(recorder.requests) == 3 and len(sleeps.delays) == 2


@pytest.mark.parametrize("kind", KINDS)
async def test_fetch_keeps_raising_typed_errors(kind: str, sleeps: SleepRecorder) -> None:
    recorder = Recorder(httpx.Response(404, json={"error": "nope"}))
    with pytest.raises(NotFoundError):
        await Engine(kind, recorder, sleeps).request("voices/missing", method="GET")


def test_request_through_the_local_server_and_public_methods_still_raise(cartesia_server: LocalServer) -> None:
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        response = client._client_wrapper.httpx_client.request("voices/no-such-voice", method="GET")
        assert response.status_code == 404
        with pytest.raises(httpx.HTTPStatusError):
            response.raise_for_status()
        ok = client._client_wrapper.httpx_client.request("voices/", method="GET", params={"limit": 1})
        assert ok.status_code == 200 and len(ok.json()["data"]) == 1
        with pytest.raises(NotFoundError):
            client.voices.get("no-such-voice")


async def test_async_request_through_the_local_server(cartesia_server: LocalServer) -> None:
    async with AsyncCartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        response = await client._client_wrapper.httpx_client.request("voices/no-such-voice", method="GET")
        assert response.status_code == 404
        with pytest.raises(NotFoundError):
            await client.voices.get("no-such-voice")


@pytest.mark.parametrize("kind", KINDS)
async def test_nothing_at_info_per_request_but_retries_are_logged(
    kind: str, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # an application's INFO root logger
    engine = Engine(kind, Recorder(httpx.Response(200, json={"ok": True})), sleeps)
    await engine.request("voices/", method="GET")
    assert [r for r in caplog.records if r.name.startswith("cartesia")] == []
    caplog.clear()
    engine = Engine(kind, Recorder(httpx.Response(503), httpx.Response(200, json={"ok": True})), sleeps)
    await engine.request("voices/", method="GET")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("cartesia") and r.levelno == logging.INFO]
    assert len(messages) == 1 and messages[0].startswith("Retrying GET")


@pytest.mark.parametrize("kind", KINDS)
async def test_the_response_line_is_logged_at_debug(kind: str, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cartesia")
    await Engine(kind, Recorder(httpx.Response(200, json={"ok": True})), sleeps).request("voices/", method="GET")
    lines = [(r.levelno, r.getMessage()) for r in caplog.records if r.getMessage().startswith("HTTP GET")]
    assert lines == [(logging.DEBUG, "HTTP GET https://api.test.cartesia.ai/voices/ -> 200")]
