"""The STT WebSockets under a hostile network and a misbehaving server: typed errors, bounded time, reconnection."""

from __future__ import annotations

import os
import threading
import time
import typing

import pytest

from cartesia import (
    ApiConnectionError,
    AuthenticationError,
    Cartesia,
    InternalServerError,
    RateLimitError,
    WebSocketConnectionClosedError,
    WebSocketIdleClosedError,
    WebSocketTimeoutError,
)
from cartesia.realtime.stt_events import UnknownEvent
from cartesia.server import LocalServer

from .drivers import Shell
from .test_stt_websocket import finals, speech


@pytest.mark.parametrize(("status", "error"), [(401, AuthenticationError), (429, RateLimitError), (503, InternalServerError)])
def test_a_refused_handshake_raises_the_rest_error_for_its_status(shell: Shell, cartesia_server: LocalServer, status: int, error: type) -> None:
    cartesia_server.faults.fail_next(5, status=status, path="/stt/websocket", message="Refused on purpose.")
    with pytest.raises(error) as raised:
        shell.client(cartesia_server, max_retries=0).stt.websocket()
    assert raised.value.status_code == status and "Refused on purpose." in str(raised.value)
    assert cartesia_server.api_key not in str(raised.value) + repr(raised.value)


def test_retryable_refusals_are_retried(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.fail_next(2, status=503, path="/stt/turns/websocket", retry_after_ms=10)
    with shell.client(cartesia_server).stt.turns_websocket_connect(max_retries=2) as conn:
        conn.send(speech("third time"))
        conn.finish()
        assert [e.transcript for e in conn if e.type == "turn.end"] == ["third time"]
    assert [r.status for r in cartesia_server.requests.filter(path="/stt/turns/websocket")] == [503, 503, 101]


def test_a_connection_refused_is_a_connection_error_in_bounded_time(shell: Shell) -> None:
    started = time.monotonic()
    with pytest.raises(ApiConnectionError):
        shell.client(LocalServer(), api_key="sk_test", base_url="http://127.0.0.1:9").stt.websocket(max_retries=0)
    assert time.monotonic() - started < 5


def test_after_the_idle_close_the_next_send_reconnects(shell: Shell) -> None:
    with LocalServer(stt_idle_timeout=0.2) as server:
        ws = shell.client(server).stt.websocket()
        ws.send(speech("before"))
        time.sleep(0.6)  # the service closes a socket that gets no audio for a while
        ws.send(speech("after"))
        ws.send("done")
        results = list(ws.receive())
        ws.close()
    assert finals(results) == "after" and results[-1]["type"] == "done"
    assert len(server.requests.filter(path="/stt/websocket")) == 2


def test_an_idle_close_while_waiting_is_a_typed_idle_error(shell: Shell) -> None:
    with LocalServer(stt_idle_timeout=0.3) as server:
        with shell.client(server).stt.websocket_connect() as conn:
            conn.send(b"\x00\x00" * 1600)  # silence: nothing to report, so nothing comes back
            started = time.monotonic()
            with pytest.raises(WebSocketIdleClosedError) as raised:
                conn.recv()
            assert time.monotonic() - started < 3
            assert raised.value.code == 1000 and "idle" in str(raised.value)
            conn.send(speech("went on"))  # and the caller can simply go on
            conn.finish()
            assert "".join(e.text for e in conn if e.type == "transcript" and e.is_final) == "went on"


def test_a_drop_mid_stream_is_a_typed_error_and_the_next_stream_reconnects(shell: Shell, cartesia_server: LocalServer) -> None:
    reconnects: typing.List[typing.Any] = []
    cartesia_server.faults.close_websocket(after_frames=1, code=1011, path="/stt/websocket", count=1)
    ws = shell.client(cartesia_server).stt.websocket(on_reconnecting=reconnects.append)
    with pytest.raises(WebSocketConnectionClosedError) as raised:
        list(ws.transcribe([speech("one two three four five six")]))
    assert raised.value.code == 1011
    assert finals(ws.transcribe([speech("back again")])) == "back again"
    ws.close()
    assert [e.close_code for e in reconnects] == [1011]
    assert len(cartesia_server.requests.filter(path="/stt/websocket")) == 2


def test_a_server_that_answers_nothing_times_out_in_bounded_time(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).stt.websocket_connect(receive_timeout=0.3) as conn:
        conn.send(b"\x00\x00" * 1600)
        started = time.monotonic()
        with pytest.raises(WebSocketTimeoutError) as raised:
            conn.recv()
        assert 0.2 < time.monotonic() - started < 2
    assert raised.value.timeout == "receive" and raised.value.seconds == 0.3


def test_error_frames_mid_stream_raise_typed_errors(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.send_error_frame(after_frames=1, status=500, title="Overloaded", message="Try later.", path="/stt/websocket")
    ws = shell.client(cartesia_server, cartesia_version="2026-03-01").stt.websocket()
    with pytest.raises(InternalServerError) as raised:
        list(ws.transcribe([speech("some words"), speech("more words")]))
    ws.close()
    assert (raised.value.status_code, raised.value.title, raised.value.message) == (500, "Overloaded", "Try later.")


def test_unknown_events_are_skipped_on_the_2x_surface_and_kept_on_the_newer_one(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.send_unknown_events(path="/stt/websocket")
    cartesia_server.faults.add_unknown_fields(path="/stt/websocket")
    client = shell.client(cartesia_server)
    ws = client.stt.websocket()
    results = list(ws.transcribe([speech("still fine")]))
    ws.close()
    assert finals(results) == "still fine" and not any(isinstance(r, UnknownEvent) for r in results)
    with client.stt.websocket_connect() as conn:
        conn.send(speech("kept"))
        conn.finish()
        events = list(conn)
    unknown = [e for e in events if isinstance(e, UnknownEvent)]
    assert unknown and unknown[0]["type"] == unknown[0].type and events[-1].type == "done"
    assert any(e.model_extra for e in events if not isinstance(e, UnknownEvent))


def test_closing_from_another_thread_ends_a_waiting_receive(cartesia_server: LocalServer) -> None:
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        ws = client.stt.websocket()
        ws.send(b"\x00\x00" * 1600)
        threading.Timer(0.2, ws.close).start()
        started = time.monotonic()
        with pytest.raises(WebSocketConnectionClosedError):
            list(ws.receive())
        assert time.monotonic() - started < 3


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_no_threads_tasks_or_sockets_are_left_behind(shell: Shell, cartesia_server: LocalServer) -> None:
    client = shell.client(cartesia_server)
    ws = client.stt.websocket()
    finals(ws.transcribe([speech("warm")]))
    ws.close()
    threads, fds = threading.active_count(), _open_fds()
    tasks = len(shell.loop.tasks()) if shell.loop else 0
    for _ in range(3):
        ws = client.stt.websocket()
        results = ws.transcribe([speech("abandoned halfway")] * 3)
        next(iter(results))
        results.close()  # left early: the socket is dropped, not left reading
        ws.close()
        with client.stt.turns_websocket_connect() as conn:
            conn.send(speech("hello"))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (threading.active_count() > threads or _open_fds() > fds):
        time.sleep(0.05)
    assert threading.active_count() <= threads and _open_fds() <= fds
    if shell.loop:
        assert len(shell.loop.tasks()) <= tasks
