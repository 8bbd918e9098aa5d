"""The STT protocol core without I/O: settings, frames out, parsing, and where a stream stands."""

from __future__ import annotations

import json
import time

import pytest

from cartesia import (
    ApiError,
    ApiResponseValidationError,
    BadRequestError,
    RequestValidationError,
    WebSocketConnectionClosedError,
    WebSocketIdleClosedError,
    WebSocketTimeoutError,
)
from cartesia.realtime.handshake import encode_query
from cartesia.realtime.stt_events import DoneEvent, TranscriptEvent, UnknownEvent, parse_event
from cartesia.realtime.stt_protocol import SttStream, command_frame, stt_query, transcribe_query
from cartesia.realtime.stt_turns import (
    ConnectedEvent,
    TurnEndEvent,
    config_frame,
    parse_turn_event,
    turns_frame,
    turns_query,
)

TRANSCRIPT = {"type": "transcript", "request_id": "r1", "text": "hi", "is_final": False}


def frame(**fields: object) -> str:
    return json.dumps(fields)


def test_the_query_keeps_the_2x_order_and_leaves_none_out() -> None:
    query = stt_query(model="ink-whisper", language=None, encoding="pcm_s16le", sample_rate=16000, max_silence_duration_secs=0.5)
    assert encode_query(query) == "model=ink-whisper&encoding=pcm_s16le&sample_rate=16000&max_silence_duration_secs=0.5"
    with_terms = stt_query(model="ink-2", language="en", encoding="pcm_s16le", sample_rate=8000, keyterm="Cartesia")
    assert encode_query(with_terms).endswith("language=en&keyterm=Cartesia")


def test_transcribe_settings_layer_over_the_socket_and_the_audio() -> None:
    current = stt_query(model="ink-whisper", language="en", encoding="pcm_s16le", sample_rate=16000, keyterm=["a"])

    class Audio(list):  # type: ignore[type-arg]
        sample_rate = 8000
        encoding = "pcm_mulaw"

    query = transcribe_query(current, Audio(), {"language": "fr"})
    assert (query["sample_rate"], query["encoding"], query["language"], query["keyterm"]) == (8000, "pcm_mulaw", "fr", ["a"])
    assert transcribe_query(current, Audio(), {"sample_rate": 16000})["sample_rate"] == 16000  # said outright, it wins
    with pytest.raises(RequestValidationError, match="unknown setting"):
        transcribe_query(current, [], {"sample_rte": 1})


def test_send_frames_are_audio_bytes_or_the_three_commands() -> None:
    assert command_frame(b"\x01\x02") == b"\x01\x02"
    assert command_frame(bytearray(b"\x01")) == b"\x01" and command_frame(memoryview(b"\x02")) == b"\x02"
    assert [command_frame(c) for c in ("finalize", "done", "close")] == ["finalize", "done", "close"]
    with pytest.raises(RequestValidationError, match="finalize, done, close"):
        command_frame("FINALIZE")
    with pytest.raises(TypeError) as raised:
        command_frame([1, 2])
    assert isinstance(raised.value, RequestValidationError)


def test_turns_commands_are_json_text_frames() -> None:
    assert turns_frame({"type": "close"}) == ('{"type":"close"}', True)
    assert turns_frame('{"type": "config", "turn": {}}') == ('{"type": "config", "turn": {}}', False)
    assert turns_frame(b"\x00\x01") == (b"\x00\x01", False)
    with pytest.raises(RequestValidationError, match="JSON"):
        turns_frame("close")
    with pytest.raises(TypeError):
        turns_frame(3.5)
    assert json.loads(config_frame(start_threshold=0.7, end_timeout_ms=800)) == {"type": "config", "turn": {"start_threshold": 0.7, "end_timeout_ms": 800}}
    with pytest.raises(RequestValidationError, match="eager_end_threshold"):
        config_frame(eager_end_threshold=0.9)


def test_turns_query_names_each_setting_with_its_prefix() -> None:
    query = turns_query(model="ink-2", encoding="pcm_s16le", sample_rate=16000, turn_end_threshold=0.1, keyterm=["x"])
    assert encode_query(query) == "model=ink-2&encoding=pcm_s16le&sample_rate=16000&keyterm=x&turn_end_threshold=0.1"
    with pytest.raises(RequestValidationError, match="turn_end_timeout_ms"):
        turns_query(model="ink-2", encoding="pcm_s16le", sample_rate=16000, turn_end_timeout_ms=True)  # type: ignore[arg-type]


def test_events_are_typed_and_read_as_the_2x_dicts() -> None:
    event = parse_event(frame(**TRANSCRIPT))
    assert isinstance(event, TranscriptEvent) and event.text == "hi" and not event.is_final
    assert dict(event) == TRANSCRIPT and list(event) == list(TRANSCRIPT) and len(event) == 4
    assert "words" not in event and event.get("words") is None
    with pytest.raises(KeyError):
        event["words"]
    full = parse_event(frame(**TRANSCRIPT, words=[{"word": "hi", "start": 0.1, "end": 0.3}], duration=0.4, language="en"))
    assert full["words"] == [{"word": "hi", "start": 0.1, "end": 0.3}] and full.words[0].end == 0.3
    done = parse_event(frame(type="done", request_id="r1"))
    assert isinstance(done, DoneEvent) and dict(done) == {"type": "done", "request_id": "r1"}


def test_unknown_types_are_kept_and_errors_are_raised_typed() -> None:
    unknown = parse_event(frame(type="speech_started", request_id="r1", at=1.5))
    assert isinstance(unknown, UnknownEvent) and unknown["at"] == 1.5 and unknown.model_extra == {"at": 1.5}
    with pytest.raises(BadRequestError) as raised:
        parse_event(frame(type="error", status_code=400, title="Invalid model", message="No such model.", request_id="r9"))
    assert (raised.value.title, raised.value.message, raised.value.request_id) == ("Invalid model", "No such model.", "r9")
    with pytest.raises(ApiError) as legacy:
        parse_event(frame(type="error", error="Bad audio: too loud"))  # a shape the definition does not have
    assert (legacy.value.title, legacy.value.message) == ("Bad audio", "too loud")


@pytest.mark.parametrize("bad", ["not json", "[1, 2]", frame(type="transcript", request_id="r", text=5, is_final="maybe"), frame(text="no type")])
def test_malformed_frames_are_a_typed_response_error(bad: str) -> None:
    with pytest.raises(ApiResponseValidationError, match="Malformed STT WebSocket message"):
        parse_event(bad)


def test_turn_events_parse_by_their_dotted_types() -> None:
    assert isinstance(parse_turn_event(frame(type="connected", request_id="r")), ConnectedEvent)
    end = parse_turn_event(frame(type="turn.end", request_id="r", transcript="Hello."))
    assert isinstance(end, TurnEndEvent) and end["transcript"] == "Hello." and end.transcript == "Hello."
    assert isinstance(parse_turn_event(frame(type="turn.pause", request_id="r")), UnknownEvent)


def stream() -> SttStream:
    return SttStream(parse_event, end_type="done")


def test_a_stream_ends_with_done_and_a_new_connection_starts_a_new_one() -> None:
    s = stream()
    s.opened(1)
    s.sent()
    s.receive(frame(**TRANSCRIPT))
    s.receive(b"binary frames are ignored")
    s.receive(frame(type="done", request_id="r1"))
    assert s.finished and not s.over()
    assert s.take().type == "transcript" and s.take().type == "done" and s.take() is None and s.over()
    s.opened(2)
    assert not s.finished and not s.over()


def test_a_malformed_frame_is_queued_in_order_and_the_stream_goes_on() -> None:
    s = stream()
    s.receive("{")
    s.receive(frame(**TRANSCRIPT))
    with pytest.raises(ApiResponseValidationError):
        s.take()
    assert s.take().text == "hi"


def test_the_close_after_a_turns_close_command_ends_the_stream() -> None:
    s = SttStream(parse_turn_event, end_type=None)
    s.sent(ending=True)
    with pytest.raises(RequestValidationError, match="ending"):
        s.check_sendable()
    s.lost(1000, "")
    assert s.over()


def test_a_lost_connection_is_an_error_for_a_stream_in_progress() -> None:
    s = stream()
    s.sent()
    s.lost(1011, "internal error")
    with pytest.raises(WebSocketConnectionClosedError) as raised:
        s.take()
    assert raised.value.code == 1011 and not s.active


def test_an_idle_close_is_reported_only_to_a_waiting_receive() -> None:
    quiet = stream()
    quiet.sent()
    quiet.lost(1000, "connection idle timeout")
    assert quiet.take() is None  # nobody waits: the next send simply reconnects
    waiting = stream()
    waiting.readers = 1
    waiting.lost(1000, "connection idle timeout")
    with pytest.raises(WebSocketIdleClosedError):
        waiting.take()
    unused = stream()
    unused.lost(1006, "")
    assert unused.take() is None


def test_the_receive_timeout_counts_from_the_later_of_the_call_and_the_last_send() -> None:
    s = stream()
    started = time.perf_counter() - 10
    s.sent()
    left = s.remaining(started, 5.0)
    assert left is not None and 4.5 < left <= 5.0
    assert s.remaining(started, None) is None
    s.last_sent -= 6
    with pytest.raises(WebSocketTimeoutError) as raised:
        s.remaining(started, 5.0)
    assert raised.value.timeout == "receive" and raised.value.seconds == 5.0
