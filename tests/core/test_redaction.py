"""The API key never appears in a repr, an error message or a log record."""

from __future__ import annotations

import logging
import subprocess
import sys
import typing

import httpx
import pytest

from cartesia import ApiConnectionError, AsyncCartesia, Cartesia
from cartesia.core.logs import redact_headers, redact_url

from ..conftest import API_KEY, SleepRecorder
from .engines import KINDS, Engine


def test_client_reprs_hide_the_key() -> None:
    for client in (Cartesia(api_key=API_KEY), AsyncCartesia(api_key=API_KEY), Cartesia(token=API_KEY)):
        for text in (repr(client), str(client), repr(client._client_wrapper)):
            assert API_KEY not in text
            assert "<redacted>" in text


@pytest.mark.parametrize("kind", KINDS)
async def test_errors_and_logs_never_contain_the_key(kind: str, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture) -> None:
    steps: typing.List[typing.Any] = [httpx.Response(503), httpx.ConnectError("refused"), httpx.Response(401, text="Invalid API key")]

    def handler(request: httpx.Request) -> httpx.Response:
        step = steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    caplog.set_level(logging.DEBUG, logger="cartesia")
    engine = Engine(kind, handler, sleeps)
    with pytest.raises(Exception) as info:
        await engine.request("voices/", method="GET")
    assert info.value.status_code == 401  # type: ignore[attr-defined]
    texts = [str(info.value), repr(info.value)]
    steps[:] = [httpx.ConnectError("refused")] * 3
    with pytest.raises(ApiConnectionError) as connection:
        await engine.request("voices/", method="GET")
    texts += [str(connection.value), repr(connection.value)]
    records = [record.getMessage() for record in caplog.records]
    assert any("Request: GET" in message for message in records)  # debug logging did happen
    assert any("Retrying GET" in message for message in records)
    for text in texts + records:
        assert API_KEY not in text
    assert any("'X-API-Key': '<redacted>'" in message or "'x-api-key': '<redacted>'" in message for message in records)


def test_redaction_helpers() -> None:
    assert redact_headers([("X-API-Key", "k"), ("Authorization", "Bearer t"), ("Accept", "*/*")]) == {
        "X-API-Key": "<redacted>", "Authorization": "<redacted>", "Accept": "*/*",
    }
    url = redact_url("wss://api.cartesia.ai/tts/websocket?api_key=sk_123&cartesia_version=2024-11-13&access_token=t")
    assert "sk_123" not in url and "=t" not in url
    assert url == "wss://api.cartesia.ai/tts/websocket?api_key=<redacted>&cartesia_version=2024-11-13&access_token=<redacted>"
    assert redact_url("https://api.cartesia.ai/voices/") == "https://api.cartesia.ai/voices/"


def test_cartesia_log_env_turns_on_logging() -> None:
    script = (
        "import httpx, cartesia\n"
        "def h(r): return httpx.Response(200, json={})\n"
        f"c = cartesia.Cartesia(api_key='{API_KEY}', httpx_client=httpx.Client(transport=httpx.MockTransport(h)))\n"
        "c._client_wrapper.httpx_client.request('voices/', method='GET')\n"
    )
    for level, expect_debug in (("debug", True), ("info", False)):  # per-request lines are DEBUG, as 2.x printed nothing at INFO
        result = subprocess.run(
            [sys.executable, "-c", script], env={"CARTESIA_LOG": level, "PATH": ""}, capture_output=True, text=True, check=True
        )
        assert ("HTTP GET https://api.cartesia.ai/voices/ -> 200" in result.stderr) is expect_debug
        assert ("Request: GET" in result.stderr) is expect_debug
        assert API_KEY not in result.stderr
    quiet = subprocess.run([sys.executable, "-c", script], env={"PATH": ""}, capture_output=True, text=True, check=True)
    assert quiet.stderr == ""
