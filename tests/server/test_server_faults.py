"""Every fault-injection mode, from Python and over the `/_local/` HTTP control endpoints."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from websockets.exceptions import InvalidStatus

from cartesia.server.faults import UNKNOWN_EVENT_TYPE, UNKNOWN_FIELD

from .server_helpers import (
    LEGACY,
    STRUCTURED,
    closed_with,
    connect_tts,
    headers,
    receive_json,
    sse_events,
    tts_body,
    until_done,
)

LONG = " ".join(["segment"] * 20)


def _voices(server, version=LEGACY):
    return httpx.get(server.url + "/voices", headers=headers(server, version))


def test_fail_next_requests_with_retry_after(cartesia_server):
    cartesia_server.faults.fail_next(2, status=503, retry_after=1)
    first, second, third = (_voices(cartesia_server) for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 200]
    assert first.headers["retry-after"] == "1" and first.text == "Service Unavailable: Injected fault."
    assert cartesia_server.faults.rules() == []


def test_fail_only_a_path_with_retry_after_ms(cartesia_server):
    cartesia_server.faults.fail_next(path="/tts/bytes", status=429, retry_after_ms=250)
    assert _voices(cartesia_server).status_code == 200
    limited = httpx.post(cartesia_server.url + "/tts/bytes", headers=headers(cartesia_server, STRUCTURED), json=tts_body())
    assert limited.status_code == 429 and limited.headers["retry-after-ms"] == "250"
    assert limited.json()["error_code"] == "concurrency_limited"
    assert [r.status for r in cartesia_server.requests.filter(path="/tts/bytes")] == [429]


def test_fail_patterns_and_methods(cartesia_server):
    cartesia_server.faults.fail_next(3, status=500, path="/voices/*", method="GET", message="boom")
    assert _voices(cartesia_server).status_code == 200  # "/voices" itself does not match "/voices/*"
    response = httpx.get(cartesia_server.url + "/voices/abc", headers=headers(cartesia_server, STRUCTURED))
    assert response.status_code == 500 and response.json()["message"] == "boom"
    assert httpx.delete(cartesia_server.url + "/voices/abc", headers=headers(cartesia_server)).status_code == 404


async def test_fail_a_websocket_handshake(cartesia_server):
    cartesia_server.faults.fail_next(status=502, path="/tts/websocket")
    with pytest.raises(InvalidStatus) as failed:
        async with connect_tts(cartesia_server):
            pass
    assert failed.value.response.status_code == 502


def test_latency_before_the_response(cartesia_server):
    cartesia_server.faults.add_latency(2.0, path="/voices", count=1)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(cartesia_server.url + "/voices", headers=headers(cartesia_server), timeout=0.2)
    assert _voices(cartesia_server).status_code == 200


def test_delay_between_chunks(cartesia_server):
    cartesia_server.faults.delay_chunks(2.0, path="/tts/bytes", count=1)
    with httpx.stream("POST", cartesia_server.url + "/tts/bytes", headers=headers(cartesia_server), json=tts_body(LONG), timeout=0.3) as response:
        assert response.status_code == 200  # headers come at once; the body waits
        with pytest.raises(httpx.ReadTimeout):
            response.read()


def _read_until_failure(server, mode: str) -> tuple[bytes, type]:
    received = b""
    with httpx.stream("POST", server.url + "/tts/bytes", headers=headers(server), json=tts_body(LONG), timeout=0.5) as response:
        try:
            for chunk in response.iter_raw():
                received += chunk
        except httpx.HTTPError as exc:
            return received, type(exc)
    raise AssertionError(f"the {mode} body ended normally after {len(received)} bytes")


def test_truncate_and_drop(cartesia_server):
    cartesia_server.faults.truncate_body(1000, mode="drop")
    received, error = _read_until_failure(cartesia_server, "dropped")
    assert len(received) == 1000 and issubclass(error, httpx.RemoteProtocolError)


def test_truncate_and_stall(cartesia_server):
    cartesia_server.faults.truncate_body(700, mode="stall", path="/tts/bytes")
    received, error = _read_until_failure(cartesia_server, "stalled")
    assert len(received) == 700 and issubclass(error, httpx.ReadTimeout)


def test_truncate_a_json_response(cartesia_server):
    cartesia_server.faults.truncate_body(10, path="/voices")
    with pytest.raises(httpx.RemoteProtocolError):
        _voices(cartesia_server)


async def test_close_a_websocket_after_frames(cartesia_server):
    cartesia_server.faults.close_websocket(after_frames=3, code=1011, reason="chaos")
    async with connect_tts(cartesia_server) as ws:
        await ws.send(json.dumps({**tts_body(LONG), "context_id": "x"}))
        frames = [await receive_json(ws) for _ in range(3)]
        assert await closed_with(ws) == (1011, "chaos")
    assert [f["type"] for f in frames] == ["chunk"] * 3


async def test_close_a_websocket_after_idling(cartesia_server):
    cartesia_server.faults.close_websocket(after_idle=0.1, code=4000, reason="idle fault")
    async with connect_tts(cartesia_server) as ws:
        assert await closed_with(ws) == (4000, "idle fault")


async def test_websocket_frames_can_be_delayed(cartesia_server):
    cartesia_server.faults.delay_chunks(5.0, path="/tts/websocket")
    async with connect_tts(cartesia_server) as ws:
        await ws.send(json.dumps({**tts_body(), "context_id": "slow"}))
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(ws.recv(), 0.3)


@pytest.mark.parametrize("version", [LEGACY, STRUCTURED])
async def test_error_frame_ends_its_context_but_not_the_socket(cartesia_server, version):
    cartesia_server.faults.send_error_frame(after_frames=1, status=500, title="Overloaded", message="try later", error_code="overloaded")
    async with connect_tts(cartesia_server, version=version) as ws:
        await ws.send(json.dumps({**tts_body(LONG), "context_id": "doomed"}))
        messages = await until_done(ws, "doomed")
        await ws.send(json.dumps({**tts_body("fine"), "context_id": "next"}))
        after = await until_done(ws, "next")
    assert [m["type"] for m in messages] == ["chunk", "error"]
    error = messages[-1]
    assert error["status_code"] == 500 and error["done"] is True and error["context_id"] == "doomed"
    if version == LEGACY:
        assert error["error"] == "Overloaded: try later"
    else:
        assert (error["title"], error["message"], error["error_code"]) == ("Overloaded", "try later", "overloaded")
    assert after[-1]["type"] == "done"


def test_error_event_ends_an_sse_stream(cartesia_server):
    cartesia_server.faults.send_error_frame(after_frames=2, path="/tts/sse")
    response = httpx.post(cartesia_server.url + "/tts/sse", headers=headers(cartesia_server, STRUCTURED), json=tts_body(LONG, context_id="s"))
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["chunk", "chunk", "error"]
    assert events[-1][1]["context_id"] == "s" and events[-1][1]["error_code"] == "internal_error"


async def test_unknown_events_precede_real_ones(cartesia_server):
    cartesia_server.faults.send_unknown_events()
    response = httpx.post(cartesia_server.url + "/tts/sse", headers=headers(cartesia_server), json=tts_body("Hi"))
    types = [d["type"] for _, d in sse_events(response.text)]
    assert types[0::2] == [UNKNOWN_EVENT_TYPE] * (len(types) // 2) and types[-1] == "done"
    async with connect_tts(cartesia_server) as ws:
        await ws.send(json.dumps({**tts_body("Hi"), "context_id": "u"}))
        messages = await until_done(ws, "u")
    assert messages[0]["type"] == UNKNOWN_EVENT_TYPE and messages[0]["context_id"] == "u"


async def test_unknown_fields_in_json_and_events(cartesia_server):
    cartesia_server.faults.add_unknown_fields()
    assert UNKNOWN_FIELD in _voices(cartesia_server).json()
    assert all(UNKNOWN_FIELD in v for v in _voices(cartesia_server, "2024-06-10").json())
    async with connect_tts(cartesia_server) as ws:
        await ws.send(json.dumps({**tts_body("Hi"), "context_id": "f"}))
        assert all(UNKNOWN_FIELD in m for m in await until_done(ws, "f"))
    cartesia_server.faults.clear()
    assert UNKNOWN_FIELD not in _voices(cartesia_server).json()


def test_bad_fault_options_are_refused(cartesia_server):
    with pytest.raises(ValueError):
        cartesia_server.faults.fail_next(status=200)
    with pytest.raises(ValueError):
        cartesia_server.faults.close_websocket()
    with pytest.raises(ValueError):
        cartesia_server.faults.truncate_body(10, mode="explode")
    with pytest.raises(ValueError):
        cartesia_server.faults.add({"kind": "meteor"})


def test_http_control_endpoints(cartesia_server):
    control = cartesia_server.url + "/_local"
    added = httpx.post(control + "/faults", json=[{"kind": "fail", "status": 502, "count": 1, "path": "/voices"}, {"kind": "unknown_fields", "path": "/"}])
    assert added.status_code == 201 and [r["kind"] for r in added.json()] == ["fail", "unknown_fields"]
    assert httpx.get(control + "/faults").json()[0]["status"] == 502
    assert _voices(cartesia_server).status_code == 502
    assert UNKNOWN_FIELD in httpx.get(cartesia_server.url + "/").json()
    assert httpx.delete(control + "/faults").status_code == 204 and httpx.get(control + "/faults").json() == []
    assert httpx.post(control + "/faults", json={"kind": "fail", "colour": "red"}).status_code == 400
    assert httpx.post(control + "/faults", content=b"nonsense").status_code == 400
    log = httpx.get(control + "/requests").json()
    assert [entry["path"] for entry in log] == ["/voices", "/"]  # control calls are not logged
    assert log[0]["status"] == 502 and log[0]["headers"]["cartesia-version"] == LEGACY
    assert httpx.delete(control + "/requests").status_code == 204 and len(cartesia_server.requests) == 0
    assert httpx.post(control + "/clock", json={"advance": 10}).status_code == 200
    assert httpx.post(control + "/clock", json={"advance": "soon"}).status_code == 400


def test_a_list_with_one_bad_rule_adds_none(cartesia_server):
    control = cartesia_server.url + "/_local/faults"
    refused = httpx.post(control, json=[{"kind": "latency", "seconds": 1}, {"kind": "truncate"}])
    assert refused.status_code == 400 and "after_bytes" in refused.text
    assert httpx.get(control).json() == []


def test_the_readme_fault_reference_matches_the_server(cartesia_server):
    import inspect
    import pathlib
    import re
    import shlex

    from cartesia.server.faults import Faults

    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Fault injection\n", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", section, re.M)
    adders = {"fail": "fail_next", "latency": "add_latency", "chunk_delay": "delay_chunks", "truncate": "truncate_body",
              "close_websocket": "close_websocket", "error_frame": "send_error_frame", "unknown_events": "send_unknown_events",
              "unknown_fields": "add_unknown_fields"}
    assert [kind for kind, _ in documented] == list(adders)
    for kind, keys in documented:  # every keyword of the Python API is documented for its kind
        names = set(inspect.signature(getattr(Faults, adders[kind])).parameters) - {"self", "path"}
        assert names <= set(re.findall(r"`(\w+)`", keys)), (kind, names)
    control = cartesia_server.url + "/_local/faults"
    for line in re.findall(r"^curl -X POST \S+ -d (.+)$", section, re.M):
        body = shlex.split(line)[0]
        assert httpx.post(control, content=body).status_code == 201, body
    assert [r["kind"] for r in httpx.get(control).json()] == ["fail", "truncate", "chunk_delay"]
