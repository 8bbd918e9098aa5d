"""The runners: a background thread (`with`), the caller's loop (`async with`), and `serve` in the foreground."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from websockets.asyncio.client import connect

from cartesia.server import LocalServer

from .server_helpers import closed_with, headers, receive_json, tts_body


def test_thread_runner_starts_stops_and_stop_is_idempotent():
    server = LocalServer()
    with pytest.raises(RuntimeError):
        server.url  # noqa: B018 - not running yet
    server.start()
    url = server.url
    assert url.startswith("http://127.0.0.1:") and server.ws_url == "ws://" + url[len("http://") :]
    assert httpx.get(url + "/").status_code == 200
    server.stop()
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/")


def test_state_is_reachable_before_start_and_survives_it():
    server = LocalServer(api_keys="sk_only")
    voice = server.voices.create("Seeded before start")
    server.faults.fail_next(status=418)
    with server:
        assert server.api_key == "sk_only"
        got = httpx.get(f"{server.url}/voices/{voice.id}", headers=headers(server))
        assert got.status_code == 418
        assert httpx.get(f"{server.url}/voices/{voice.id}", headers=headers(server)).json()["name"] == "Seeded before start"


def test_two_servers_do_not_share_state():
    with LocalServer() as a, LocalServer() as b:
        a.voices.create("only in a")
        assert a.port != b.port and len(a.voices) == len(b.voices) + 1


def test_a_busy_port_fails_start():
    with LocalServer() as first:
        with pytest.raises(OSError):
            LocalServer(port=first.port).start()


def test_bad_options_are_refused():
    with pytest.raises(ValueError):
        LocalServer(engine="festival")
    with pytest.raises(ValueError):
        LocalServer(api_keys=[])
    with pytest.raises(ValueError):
        LocalServer(max_connections=0)


async def test_async_runner_uses_the_running_loop():
    async with LocalServer() as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            assert (await client.get("/")).json()["ok"] is True
            audio = await client.post("/tts/bytes", headers=headers(server), json=tts_body())
            assert audio.status_code == 200
        async with connect(f"{server.ws_url}/tts/websocket?api_key=k&cartesia_version=2024-11-13") as ws:
            await ws.send('{"context_id": "a", "model_id": "sonic-2", "transcript": "hi", "voice": {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"}, "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000}}')
            assert (await receive_json(ws))["type"] == "chunk"
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/")


async def test_stopping_closes_open_websockets_with_1001():
    server = LocalServer()
    await server.astart()
    async with connect(f"{server.ws_url}/stt/websocket?api_key=k&cartesia_version=2024-11-13&model=ink-whisper&encoding=pcm_s16le&sample_rate=16000") as ws:
        await server.astop()
        await server.astop()
        assert (await closed_with(ws))[0] == 1001


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_runs_in_the_foreground_until_ctrl_c():
    port = _free_port()
    code = f"from cartesia.server import serve; serve('127.0.0.1', {port}, api_keys=['sk_cli'])"
    process = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        banner = process.stderr.readline() if process.stderr else ""
        assert f"http://127.0.0.1:{port}" in banner and "sk_cli" in banner
        response = httpx.get(f"http://127.0.0.1:{port}/voices", headers={"X-API-Key": "sk_cli", "Cartesia-Version": "2024-11-13"})
        assert response.status_code == 200
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "stopped" in rest and "Traceback" not in rest
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the port is free again
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
        except httpx.ConnectError:
            break
    else:
        raise AssertionError("the server still answers after Ctrl-C")
