"""The inspector's page and data: what a browser gets at `/`, redaction, timings and captured audio."""

from __future__ import annotations

import httpx

from cartesia import Cartesia
from cartesia.server import LocalServer

VOICE = {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"}


def test_a_browser_gets_the_page_and_the_sdk_the_api_status(cartesia_server: LocalServer) -> None:
    page = httpx.get(cartesia_server.url + "/", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Cartesia local server</h1>" in page.text and "http" not in page.text.split("<script>")[1].split("fetch(")[0]
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        assert client.api_status.get().ok
    keyed = httpx.get(cartesia_server.url + "/", headers={"Accept": "text/html", "X-API-Key": cartesia_server.api_key})
    assert keyed.headers["content-type"].startswith("application/json")
    assert httpx.get(cartesia_server.url + "/_local/").headers["content-type"].startswith("text/html")
    assert [r.path for r in cartesia_server.requests] == ["/", "/"]  # the page itself is not logged


def test_the_log_redacts_credentials_times_requests_and_keeps_audio(cartesia_server: LocalServer) -> None:
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        audio = b"".join(
            client.tts.bytes(model_id="sonic-2", transcript="kept for playing", voice=VOICE,
                             output_format={"container": "mp3", "sample_rate": 44100, "bit_rate": 128000})
        )
        client.voices.list()
    entries = httpx.get(cartesia_server.url + "/_local/requests").json()
    assert [e["path"] for e in entries] == ["/tts/bytes", "/voices/"]
    assert all(e["headers"]["x-api-key"] == "(redacted)" for e in entries)
    assert cartesia_server.api_key not in httpx.get(cartesia_server.url + "/_local/requests").text
    tts, voices = entries
    assert tts["response_type"] == "audio/mpeg" and tts["audio_bytes"] == len(audio) and tts["duration_ms"] > 0
    assert voices["audio_bytes"] == 0 and voices["started"] >= tts["started"]
    played = httpx.get(f"{cartesia_server.url}/_local/requests/{tts['request_id']}/audio")
    assert played.content == audio and played.headers["content-type"] == "audio/mpeg"
    assert httpx.get(f"{cartesia_server.url}/_local/requests/{voices['request_id']}/audio").status_code == 404
    listed = httpx.get(cartesia_server.url + "/_local/voices").json()
    assert {"id": VOICE["id"], "name": "Barbershop Man"}.items() <= listed[0].items()
