"""What goes over the wire: the handshake (URL, headers, credentials) and the frames, as 2.x sent them."""

from __future__ import annotations

import importlib
import logging
import sys
import typing

import pytest

from cartesia import Cartesia
from cartesia.realtime.handshake import encode_query, websocket_base
from cartesia.server import LocalServer

from .drivers import Shell
from .test_tts_websocket import FORMAT, TTS, VOICE


def test_credentials_and_version_go_in_headers_never_in_the_url(shell: Shell, cartesia_server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cartesia")
    client = shell.client(cartesia_server, cartesia_version="2025-04-16", default_headers={"X-Cartesia-Client": "agent/1.0"})
    ws = client.tts.websocket()
    ws.send(**TTS, transcript="hi", stream=False)
    ws.close()
    handshake = cartesia_server.requests.last("/tts/websocket")
    assert handshake.query == []
    assert handshake.headers["x-api-key"] == cartesia_server.api_key
    assert handshake.headers["cartesia-version"] == "2025-04-16"
    assert handshake.headers["x-cartesia-client"] == "agent/1.0"
    assert handshake.headers["user-agent"].startswith("cartesia-python/")
    assert cartesia_server.api_key not in caplog.text


def test_an_access_token_is_sent_as_a_bearer_token(shell: Shell, cartesia_server: LocalServer) -> None:
    token = Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url).auth.access_token(grants={"tts": True}).token
    ws = shell.client(cartesia_server, api_key=None, token=token).tts.websocket()
    assert ws.send(**TTS, transcript="with a token", stream=False).audio
    ws.close()
    assert cartesia_server.requests.last("/tts/websocket").headers["authorization"] == f"Bearer {token}"


def test_websocket_base_url_overrides_the_base_url(shell: Shell, cartesia_server: LocalServer) -> None:
    client = shell.client(cartesia_server, base_url="http://127.0.0.1:9", websocket_base_url=cartesia_server.ws_url)
    ws = client.tts.websocket()
    assert ws.send(**TTS, transcript="over there", stream=False).audio
    ws.close()


def test_extra_headers_and_query_reach_the_handshake(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).tts.websocket_connect(extra_headers={"X-Trace": "t 1"}, extra_query={"note": "a b&c"}) as conn:
        ctx = conn.context(**TTS)
        ctx.push("hi")
        ctx.no_more_inputs()
        list(ctx.receive())
    handshake = cartesia_server.requests.last("/tts/websocket")
    assert handshake.headers["x-trace"] == "t 1"
    assert handshake.query == [("note", "a b&c")]


@pytest.mark.parametrize(
    ("base", "websocket", "expected"),
    [
        ("https://api.cartesia.ai", None, "wss://api.cartesia.ai"),
        ("http://localhost:8765/", None, "ws://localhost:8765"),
        ("https://proxy.example/cartesia/v1/", None, "wss://proxy.example/cartesia/v1"),
        ("https://api.cartesia.ai", "ws://127.0.0.1:9000/x", "ws://127.0.0.1:9000/x"),
        ("HTTPS://api.cartesia.ai", None, "wss://api.cartesia.ai"),
    ],
)
def test_the_websocket_url_follows_the_base_url(base: str, websocket: typing.Optional[str], expected: str) -> None:
    assert websocket_base(base, websocket) == expected


def test_a_base_url_without_a_scheme_is_refused_before_connecting() -> None:
    client = Cartesia(api_key="sk_test", base_url="api.cartesia.ai")
    with pytest.raises(ValueError, match="http"):
        client.tts.websocket()


def test_query_values_are_percent_encoded() -> None:
    assert encode_query({"keyterm": ["New York", "a&b"], "rate": 16000, "flag": True, "none": None}) == (
        "keyterm=New%20York&keyterm=a%26b&rate=16000&flag=true"
    )


def test_ws_send_frames_match_the_2x_frames(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.pronunciation_dicts.create("Names", dict_id="pd")
    ws = shell.client(cartesia_server).tts.websocket()
    ws.send(**TTS, transcript="hello world", context_id="ctx-1", add_timestamps=True, stream=False)
    ws.send(**TTS, transcript="hello", context_id="ctx-2", language="en", duration=3.0, pronunciation_dict_id="pd",
            generation_config={"volume": 1.0}, stream=False)
    ws.close()
    first, second = [f.json() for f in cartesia_server.requests.last("/tts/websocket").frames]
    # 2.x sent every key, nulls and falses included; those may be left out, nothing else differs.
    assert first == {
        "model_id": "sonic-2", "transcript": "hello world", "output_format": FORMAT, "voice": VOICE,
        "context_id": "ctx-1", "stream": True, "add_timestamps": True,
    }
    assert second == {
        "model_id": "sonic-2", "transcript": "hello", "output_format": FORMAT, "voice": VOICE, "context_id": "ctx-2",
        "duration": 3.0, "language": "en", "stream": True, "pronunciation_dict_id": "pd", "generation_config": {"volume": 1.0},
    }


def test_context_frames_carry_the_contexts_settings_and_no_dummy_payload(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        ctx = conn.context("ctx-A", **TTS, max_buffer_delay_ms=0, generation_config={"volume": 1.0})
        ctx.push("Hello ")
        ctx.flush()
        ctx.no_more_inputs()
        ctx.cancel()
    frames = [f.json() for f in cartesia_server.requests.last("/tts/websocket").frames]
    settings = {"model_id": "sonic-2", "output_format": FORMAT, "voice": VOICE, "context_id": "ctx-A", "max_buffer_delay_ms": 0,
                "generation_config": {"volume": 1.0}}
    assert frames[0] == {**settings, "transcript": "Hello ", "continue": True}
    assert frames[1] == {**settings, "transcript": "", "continue": True, "flush": True}
    assert frames[2] == {**settings, "transcript": "", "continue": False}
    assert all("embedding" not in str(f) for f in frames)


def test_dict_arguments_are_sent_as_given(shell: Shell, cartesia_server: LocalServer) -> None:
    voice = {"id": "694f9389-aac1-45b6-b726-9d9369183238"}  # no "mode": the newer shape
    ws = shell.client(cartesia_server).tts.websocket()
    ws.send(model_id="sonic-2", transcript="as given", voice=voice, output_format=FORMAT, stream=False)
    ws.close()
    assert cartesia_server.requests.last("/tts/websocket").frames[0].json()["voice"] == voice


def test_the_2x_module_paths_and_names_resolve() -> None:
    from cartesia.realtime.tts_async import AsyncTtsWebsocket
    from cartesia.realtime.tts_sync import TtsWebsocket
    from cartesia.tts.client import AsyncTtsClient, TtsClient

    assert importlib.import_module("cartesia.tts._websocket").TtsWebsocket is TtsWebsocket
    assert importlib.import_module("cartesia.tts._async_websocket").AsyncTtsWebsocket is AsyncTtsWebsocket
    socket_client = importlib.import_module("cartesia.tts.socket_client")
    assert socket_client.TtsClientWithWebsocket is TtsClient
    assert socket_client.AsyncTtsClientWithWebsocket is AsyncTtsClient
    assert isinstance(Cartesia(api_key="k").tts, socket_client.TtsClientWithWebsocket)


def test_websockets_is_not_imported_until_a_socket_opens() -> None:
    code = (
        "import sys\nfrom cartesia import Cartesia\nc = Cartesia(api_key='k')\nc.tts.websocket; c.tts.bytes\n"
        "assert 'websockets' not in sys.modules, sorted(m for m in sys.modules if 'websockets' in m)\n"
    )
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True)
