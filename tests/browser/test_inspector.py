"""The inspector page in a real headless browser: it shows what the SDK sent and plays the audio it got."""

from __future__ import annotations

import typing

import pytest

from cartesia import Cartesia
from cartesia.server import LocalServer

from .chromium import Chromium, Page, find_chromium

pytestmark = pytest.mark.browser

VOICE = {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"}


@pytest.fixture
def browser() -> typing.Iterator[Chromium]:
    executable = find_chromium()
    assert executable, "the browser tests need Chromium (apt-get install chromium); the default test run deselects them"
    chromium = Chromium(executable)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Chromium, cartesia_server: LocalServer) -> typing.Iterator[Page]:
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        audio = b"".join(
            client.tts.bytes(
                model_id="sonic-2", transcript="hello from the inspector", voice=VOICE,
                output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000},
            )
        )
        assert len(audio) > 10000
    opened = browser.open(cartesia_server.url + "/")
    opened.wait_for("window.inspectorState && window.inspectorState.loaded")
    yield opened
    opened.close()


def test_the_page_lists_what_the_sdk_sent_with_credentials_redacted(page: Page, cartesia_server: LocalServer) -> None:
    rows = page.evaluate("[...document.querySelectorAll('#requests tr.request')].map(r => r.children[2].textContent)")
    assert rows == ["/tts/bytes"]
    page.evaluate("document.querySelector('#requests tr.request td').click()")
    shown = page.wait_for("document.querySelector('#requests pre') && document.querySelector('#requests pre').textContent")
    assert "POST /tts/bytes" in shown and "x-api-key: (redacted)" in shown and cartesia_server.api_key not in shown
    assert '"transcript":"hello from the inspector"' in shown
    voices = page.evaluate("[...document.querySelectorAll('#voices tbody tr')].map(r => r.children[1].textContent)")
    assert "Barbershop Man" in voices


def test_an_audio_response_plays_in_the_page(page: Page) -> None:
    played = page.evaluate(
        """new Promise((resolve, reject) => {
            const audio = document.querySelector('#requests audio');
            audio.addEventListener('ended', () => resolve({duration: audio.duration, ended: audio.ended}));
            audio.addEventListener('error', () => reject(new Error('audio error ' + (audio.error && audio.error.code))));
            audio.play().catch(reject);
        })"""
    )
    assert played["ended"] is True and 1.0 < played["duration"] < 4.0


def test_faults_are_added_and_cleared_from_the_page(page: Page, cartesia_server: LocalServer) -> None:
    page.evaluate("document.getElementById('fault-spec').value = JSON.stringify({kind: 'latency', seconds: 0.01, path: '/voices'})")
    page.evaluate("document.getElementById('add-fault').click()")
    page.wait_for("document.getElementById('faults').textContent.includes('latency')")
    assert [rule["kind"] for rule in cartesia_server.faults.rules()] == ["latency"]
    page.evaluate("document.getElementById('fault-spec').value = '{\"kind\": \"meteor\"}'")
    page.evaluate("document.getElementById('add-fault').click()")
    assert "unknown fault kind" in page.wait_for("document.getElementById('fault-message').textContent.includes('meteor') && document.getElementById('fault-message').textContent")
    page.evaluate("document.getElementById('clear-faults').click()")
    page.wait_for("document.getElementById('faults').textContent.trim() === '[]'")
    assert cartesia_server.faults.rules() == []
