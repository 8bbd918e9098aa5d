"""A hostile network and a misbehaving server: typed errors in bounded time, reconnection, no leaks."""

from __future__ import annotations

import os
import threading
import time
import typing

import pytest

from cartesia import (
    ApiConnectionError,
    AuthenticationError,
    InternalServerError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    WebSocketConnectionClosedError,
    WebSocketIdleClosedError,
    WebSocketTimeoutError,
)
from cartesia.realtime.tts_events import UnknownEvent
from cartesia.server import LocalServer

from .drivers import Shell
from .test_tts_websocket import TTS, heard


def speak(conn: typing.Any, text: str, **settings: typing.Any) -> typing.List[typing.Any]:
    ctx = conn.context(**TTS, **settings)
    ctx.push(text)
    ctx.no_more_inputs()
    return list(ctx.receive())


def audio(events: typing.Iterable[typing.Any]) -> bytes:
    return b"".join(e.audio for e in events if e.type == "chunk")


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthenticationError), (402, PaymentRequiredError), (403, PermissionDeniedError), (429, RateLimitError), (503, InternalServerError)],
)
def test_a_refused_handshake_raises_the_rest_error_for_its_status(shell: Shell, cartesia_server: LocalServer, status: int, error: type) -> None:
    cartesia_server.faults.fail_next(5, status=status, path="/tts/websocket", message="Refused on purpose.")
    with pytest.raises(error) as raised:
        shell.client(cartesia_server, max_retries=0).tts.websocket()
    assert raised.value.status_code == status
    assert "Refused on purpose." in str(raised.value)
    assert cartesia_server.api_key not in str(raised.value) + repr(raised.value)


def test_a_wrong_key_is_an_authentication_error(shell: Shell) -> None:
    with LocalServer(api_keys=["sk_right"]) as server:
        with pytest.raises(AuthenticationError):
            shell.client(server, api_key="sk_wrong").tts.websocket()


def test_retryable_refusals_are_retried_with_backoff(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.fail_next(2, status=503, path="/tts/websocket", retry_after_ms=10)
    with shell.client(cartesia_server).tts.websocket_connect(max_retries=2) as conn:
        assert heard(audio(speak(conn, "third time"))) == "third time"
    assert [r.status for r in cartesia_server.requests.filter(path="/tts/websocket")] == [503, 503, 101]


def test_a_connection_refused_is_a_connection_error_in_bounded_time(shell: Shell) -> None:
    started = time.monotonic()
    with pytest.raises(ApiConnectionError):
        shell.client(LocalServer(), api_key="sk_test", base_url="http://127.0.0.1:9", max_retries=0).tts.websocket(max_retries=0)
    assert time.monotonic() - started < 5


def test_a_silent_handshake_times_out(shell: Shell) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    try:
        started = time.monotonic()
        with pytest.raises(WebSocketTimeoutError) as raised:
            shell.client(LocalServer(), api_key="sk_test", base_url=f"http://127.0.0.1:{port}").tts.websocket(open_timeout=0.3, max_retries=0)
        assert raised.value.timeout == "open"
        assert time.monotonic() - started < 3
    finally:
        listener.close()


def test_a_drop_mid_stream_fails_that_context_and_the_next_one_reconnects(shell: Shell, cartesia_server: LocalServer) -> None:
    events: typing.List[typing.Any] = []
    cartesia_server.faults.close_websocket(after_frames=3, code=1011)
    with shell.client(cartesia_server).tts.websocket_connect(on_reconnecting=events.append) as conn:
        ctx = conn.context(**TTS)
        ctx.send(transcript="a sentence long enough to need more than three frames", continue_=False)
        with pytest.raises(WebSocketConnectionClosedError) as raised:
            list(ctx.receive())
        assert raised.value.code == 1011 and raised.value.context_id == ctx.context_id
        assert heard(audio(speak(conn, "back again"))) == "back again"
    assert [e.close_code for e in events] == [1011] and events[0].attempt == 1
    assert len(cartesia_server.requests.filter(path="/tts/websocket")) == 2


def test_on_reconnecting_can_change_headers_or_abort(shell: Shell, cartesia_server: LocalServer) -> None:
    def hook(event: typing.Any) -> typing.Any:
        return {"extra_headers": {"X-Attempt": str(event.attempt)}}

    cartesia_server.faults.close_websocket(after_frames=1, code=1012)
    with shell.client(cartesia_server).tts.websocket_connect(on_reconnecting=hook) as conn:
        with pytest.raises(WebSocketConnectionClosedError):
            speak(conn, "first")
        speak(conn, "second")
    assert cartesia_server.requests.last("/tts/websocket").headers["x-attempt"] == "1"

    cartesia_server.faults.close_websocket(after_frames=1, code=1012)
    with shell.client(cartesia_server).tts.websocket_connect(on_reconnecting=lambda event: {"abort": True}) as conn:
        with pytest.raises(WebSocketConnectionClosedError):
            speak(conn, "first")
        with pytest.raises(WebSocketConnectionClosedError, match="aborted"):
            speak(conn, "second")


def test_a_non_recoverable_close_is_not_reopened(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.close_websocket(after_frames=1, code=1008, reason="policy")
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        with pytest.raises(WebSocketConnectionClosedError):
            speak(conn, "first")
        with pytest.raises(WebSocketConnectionClosedError) as raised:
            speak(conn, "second")
    assert raised.value.code == 1008
    assert len(cartesia_server.requests.filter(path="/tts/websocket")) == 1


def test_after_the_idle_close_the_next_send_reconnects(shell: Shell) -> None:
    with LocalServer(idle_timeout=0.2) as server:
        ws = shell.client(server).tts.websocket()
        first = ws.send(**TTS, transcript="before", stream=False)
        time.sleep(0.5)  # the server closes the idle socket meanwhile
        second = ws.send(**TTS, transcript="after", stream=False)
        ws.close()
        assert heard(first.audio) == "before" and heard(second.audio) == "after"
        assert len(server.requests.filter(path="/tts/websocket")) == 2


def test_an_idle_close_under_a_stream_is_a_typed_idle_error(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.close_websocket(after_idle=0.2, code=1000, reason="connection idle timeout")
    with shell.client(cartesia_server).tts.websocket_connect() as conn:
        ctx = conn.context(**TTS)
        ctx.push("waiting for more ")
        events = ctx.receive()
        with pytest.raises(WebSocketIdleClosedError) as raised:
            for _ in events:
                pass
    assert raised.value.context_id == ctx.context_id and raised.value.code == 1000


def test_a_stalled_stream_times_out_in_bounded_time(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.delay_chunks(3.0)
    with shell.client(cartesia_server).tts.websocket_connect(receive_timeout=0.3, inactivity_timeout=0.3) as conn:
        ctx = conn.context(**TTS)
        ctx.push("stuck")
        ctx.no_more_inputs()
        started = time.monotonic()
        with pytest.raises(WebSocketTimeoutError) as raised:
            list(ctx.receive())
        assert time.monotonic() - started < 1.5
    assert raised.value.context_id == ctx.context_id and raised.value.timeout == "receive"


def test_a_gap_between_chunks_is_the_inactivity_timeout(shell: Shell, cartesia_server: LocalServer) -> None:
    with shell.client(cartesia_server).tts.websocket_connect(inactivity_timeout=0.3) as conn:
        ctx = conn.context(**TTS)
        ctx.push("first words ")
        ctx.flush()
        events = ctx.receive()
        seen = [next(events).type]
        while seen[-1] != "flush_done":
            seen.append(next(events).type)
        started = time.monotonic()
        with pytest.raises(WebSocketTimeoutError) as raised:
            next(events)  # nothing more was pushed, so nothing comes
        assert 0.2 < time.monotonic() - started < 1.5
    assert raised.value.timeout == "inactivity"


@pytest.mark.parametrize("version", ["2024-11-13", "2026-03-01"])
def test_error_frames_of_both_styles_raise_typed_errors(shell: Shell, cartesia_server: LocalServer, version: str) -> None:
    cartesia_server.faults.send_error_frame(after_frames=1, status=500, title="Overloaded", message="Try later.", error_code="busy")
    with shell.client(cartesia_server, cartesia_version=version).tts.websocket_connect() as conn:
        ctx = conn.context(**TTS)
        ctx.push("some words")
        ctx.no_more_inputs()
        with pytest.raises(InternalServerError) as raised:
            list(ctx.receive())
        error = raised.value
        assert (error.status_code, error.context_id, error.title, error.message) == (500, ctx.context_id, "Overloaded", "Try later.")
        if version >= "2026-03-01":
            assert error.error_code == "busy" and error.request_id
        assert heard(audio(speak(conn, "socket still open"))) == "socket still open"
    assert len(cartesia_server.requests.filter(path="/tts/websocket")) == 1


def test_unknown_events_and_fields_are_kept_not_fatal(shell: Shell, cartesia_server: LocalServer) -> None:
    cartesia_server.faults.send_unknown_events()
    cartesia_server.faults.add_unknown_fields()
    client = shell.client(cartesia_server)
    with client.tts.websocket_connect() as conn:
        events = speak(conn, "still fine")
    unknown = [e for e in events if isinstance(e, UnknownEvent)]
    assert unknown and all(e.type == "local_unknown_event" for e in unknown)
    assert events[-1].type == "done" and heard(audio(events)) == "still fine"
    ws = client.tts.websocket()
    output = ws.send(**TTS, transcript="old style", stream=False)
    ws.close()
    assert heard(output.audio) == "old style"


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_no_threads_tasks_or_sockets_are_left_behind(shell: Shell, cartesia_server: LocalServer) -> None:
    client = shell.client(cartesia_server)
    with client.tts.websocket_connect() as conn:  # warm up imports and the client's pool
        speak(conn, "warm")
    threads, fds = threading.active_count(), _open_fds()
    tasks = len(shell.loop.tasks()) if shell.loop else 0
    for _ in range(3):
        with client.tts.websocket_connect() as conn:
            speak(conn, "hello")
            ctx = conn.context(**TTS)
            ctx.push("left in progress")
        ws = client.tts.websocket()
        ws.send(**TTS, transcript="two", stream=False)
        ws.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (threading.active_count() > threads or _open_fds() > fds):
        time.sleep(0.05)
    assert threading.active_count() <= threads
    assert _open_fds() <= fds
    if shell.loop:
        assert len(shell.loop.tasks()) <= tasks
