"""The TTS protocol core without any socket: frames in, events out, routing and errors."""

from __future__ import annotations

import base64
import json
import typing

import pytest

from cartesia import ApiResponseValidationError, BadRequestError, RateLimitError, RequestValidationError
from cartesia.realtime.errors import WebSocketConnectionClosedError, WebSocketIdleClosedError
from cartesia.realtime.tts_events import ChunkEvent, DoneEvent, FlushDoneEvent, UnknownEvent, parse_event, to_output
from cartesia.realtime.tts_protocol import ContextState, TtsProtocol

from .test_tts_websocket import FORMAT, TTS, VOICE_ID


def chunk(context_id: str, audio: bytes = b"\x01\x02", **extra: typing.Any) -> str:
    return json.dumps({"type": "chunk", "context_id": context_id, "status_code": 206, "done": False,
                       "data": base64.b64encode(audio).decode(), "step_time": 1.0, **extra})


def message(kind: str, context_id: typing.Optional[str], **extra: typing.Any) -> str:
    body = {"type": kind, "status_code": 206, "done": kind in ("done", "error"), **extra}
    if context_id is not None:
        body["context_id"] = context_id
    return json.dumps(body)


def started(protocol: TtsProtocol, context_id: str) -> ContextState:
    state = protocol.new_context(context_id)
    state.settings = protocol.settings(**TTS)
    protocol.sent(state, continue_=True)
    return state


def drain(state: ContextState, flush: typing.Optional[int] = None) -> typing.List[typing.Any]:
    queue = state.queue_for(flush)
    items = list(queue)
    queue.clear()
    return items


def test_messages_are_routed_to_their_context_in_order() -> None:
    protocol = TtsProtocol("2024-11-13")
    a, b = started(protocol, "a"), started(protocol, "b")
    for frame in (chunk("a", b"1"), chunk("b", b"2"), chunk("a", b"3"), message("done", "b")):
        protocol.receive(frame)
    assert [e.audio for e in drain(a)] == [b"1", b"3"]
    assert [type(e) for e in drain(b)] == [ChunkEvent, DoneEvent]
    assert b.finished and not a.finished and "b" not in protocol.contexts
    assert a.metrics.chunks == 2 and a.metrics.audio_bytes == 2


def test_messages_for_unknown_or_cancelled_contexts_are_dropped() -> None:
    protocol = TtsProtocol("2024-11-13")
    state = started(protocol, "gone")
    protocol.cancel(state)
    assert protocol.receive(chunk("gone")) == ()
    assert protocol.receive(chunk("never-seen")) == ()
    assert not state.events and state.cancelled and state.over()


def test_an_unknown_type_is_kept_with_its_fields() -> None:
    protocol = TtsProtocol("2024-11-13")
    state = started(protocol, "c")
    protocol.receive(message("speech_started", "c", at=1.5))
    (event,) = drain(state)
    assert isinstance(event, UnknownEvent) and event.type == "speech_started" and event.model_extra["at"] == 1.5
    assert to_output(event) is None


def test_unknown_fields_are_kept_on_known_events() -> None:
    event = parse_event(chunk("c", newer_field="x"))
    assert isinstance(event, ChunkEvent) and event.model_extra == {"newer_field": "x"}


@pytest.mark.parametrize(
    "body",
    [
        {"type": "error", "context_id": "c", "status_code": 429, "done": True, "error": "Too many requests: slow down"},
        {"type": "error", "context_id": "c", "status_code": 429, "done": True, "title": "Too many requests", "message": "slow down",
         "error_code": "concurrency_limited", "request_id": "req-1", "doc_url": "https://docs"},
    ],
)
def test_error_messages_of_both_styles_become_typed_errors(body: typing.Dict[str, typing.Any]) -> None:
    protocol = TtsProtocol("2024-11-13")
    state, other = started(protocol, "c"), started(protocol, "other")
    protocol.receive(json.dumps(body))
    with pytest.raises(RateLimitError) as raised:
        state.over()
    error = raised.value
    assert (error.status_code, error.context_id, error.title, error.message) == (429, "c", "Too many requests", "slow down")
    if "error_code" in body:
        assert (error.error_code, error.request_id, error.doc_url) == ("concurrency_limited", "req-1", "https://docs")
    assert not other.finished


def test_an_error_naming_no_context_fails_every_live_one() -> None:
    protocol = TtsProtocol("2024-11-13")
    a, b, idle = started(protocol, "a"), started(protocol, "b"), protocol.new_context("idle")
    protocol.receive(message("error", None, status_code=400, error="Malformed request: bad JSON"))
    for state in (a, b):
        with pytest.raises(BadRequestError):
            state.over()
    assert not idle.finished


def test_a_malformed_message_is_a_typed_error_for_its_context() -> None:
    protocol = TtsProtocol("2024-11-13")
    state, other = started(protocol, "c"), started(protocol, "other")
    protocol.receive(json.dumps({"type": "chunk", "context_id": "c", "status_code": 206, "done": False}))  # no data
    with pytest.raises(ApiResponseValidationError, match="data"):
        state.over()
    assert not other.finished
    protocol.receive("not json at all")
    with pytest.raises(ApiResponseValidationError):
        other.over()


@pytest.mark.parametrize("data", ["@@@", "AAAA AAAA", "AAAA\nAAAA", "A", "AA=A"])
def test_bad_base64_audio_is_a_malformed_message(data: str) -> None:
    frame = json.dumps({"type": "chunk", "context_id": "c", "status_code": 206, "done": False, "data": data, "step_time": 1})
    with pytest.raises(ApiResponseValidationError, match="base64") as raised:
        parse_event(frame)
    assert raised.value.body["context_id"] == "c"


def test_bad_base64_audio_fails_only_its_context() -> None:
    protocol = TtsProtocol("2024-11-13")
    state, other = started(protocol, "c"), started(protocol, "other")
    protocol.receive(chunk("c", b"fine"))
    protocol.receive(chunk("c").replace(base64.b64encode(b"\x01\x02").decode(), "@@@@"))
    protocol.receive(chunk("other", b"more"))
    assert [e.audio for e in drain(state)] == [b"fine"]
    with pytest.raises(ApiResponseValidationError, match="base64"):
        state.over()
    assert not other.finished and [e.audio for e in drain(other)] == [b"more"]


def test_a_chunk_holds_its_audio_decoded_and_gives_the_wire_form_back() -> None:
    audio = bytes(range(256)) * 3 + b"\xff"  # a length that needs padding
    wire = base64.b64encode(audio).decode()
    event = parse_event(chunk("c", audio, flush_id=2))
    assert isinstance(event, ChunkEvent) and type(event.audio) is bytes
    assert (event.audio, event.data, event.context_id, event.flush_id, event.step_time) == (audio, wire, "c", 2, 1.0)
    assert event.dict() == {"type": "chunk", "context_id": "c", "status_code": 206, "done": False, "data": wire,
                            "step_time": 1.0, "flush_id": 2}
    assert json.loads(event.json()) == event.dict()
    assert ChunkEvent.model_validate(event.dict()) == event == ChunkEvent.model_validate_json(event.json())
    assert ChunkEvent(audio=audio, status_code=206, done=False, step_time=1.0).data == wire  # built from bytes
    assert ChunkEvent(data=wire, status_code=206, done=False, step_time=1.0).audio == audio  # or from the wire's text
    output = to_output(event)
    assert output is not None and (output.audio, output.context_id, output.flush_id) == (audio, "c", 2)


def test_a_chunk_counts_its_decoded_bytes() -> None:
    protocol = TtsProtocol("2024-11-13")
    state = started(protocol, "c")
    for size in (0, 1, 2, 3, 4096):
        protocol.receive(chunk("c", b"\x07" * size))
    assert state.metrics.chunks == 5 and state.metrics.audio_bytes == 4102


def test_a_claimed_flush_gets_its_segment_even_what_arrived_before_the_claim() -> None:
    protocol = TtsProtocol("2024-11-13")
    state = started(protocol, "c")
    protocol.receive(chunk("c", b"early"))
    first = protocol.sent(state, continue_=True, flush=True)
    assert first == 0
    protocol.claim(state, first)
    protocol.receive(chunk("c", b"late"))
    protocol.receive(message("flush_done", "c", flush_id=7, flush_done=True))  # whatever number the server gives
    second = protocol.sent(state, continue_=True, flush=True)
    protocol.claim(state, second)
    protocol.receive(chunk("c", b"second"))
    protocol.receive(message("flush_done", "c", flush_id=8, flush_done=True))
    protocol.receive(chunk("c", b"rest"))
    assert [getattr(e, "audio", None) for e in drain(state, 0)] == [b"early", b"late", None]
    assert isinstance(drain(state, 1)[-1], FlushDoneEvent)
    assert [e.audio for e in drain(state)] == [b"rest"]


def test_a_lost_connection_fails_live_contexts_only() -> None:
    protocol = TtsProtocol("2024-11-13")
    live, fresh = started(protocol, "live"), protocol.new_context("fresh")
    failed = protocol.connection_lost(1000, "connection idle timeout")
    assert failed == [live]
    with pytest.raises(WebSocketIdleClosedError) as raised:
        live.over()
    assert raised.value.context_id == "live" and raised.value.code == 1000
    assert "fresh" in protocol.contexts and not fresh.finished
    protocol.connection_lost(1006, "")
    with pytest.raises(WebSocketConnectionClosedError):
        live.usable()


def test_frames_keep_zero_buffer_delay_and_leave_out_nulls() -> None:
    protocol = TtsProtocol("2024-11-13")
    state = protocol.new_context("c")
    state.settings = protocol.settings(**TTS, max_buffer_delay_ms=0, language=None, add_timestamps=False)
    frame = json.loads(protocol.input_frame(state, "hi", continue_=True))
    assert frame == {"model_id": "sonic-2", "transcript": "hi", "output_format": FORMAT, "voice": TTS["voice"], "context_id": "c",
                     "max_buffer_delay_ms": 0, "continue": True}
    assert "continue" not in json.loads(protocol.input_frame(state, "last", continue_=False))
    assert json.loads(protocol.input_frame(state, "", continue_=False))["continue"] is False


def test_models_are_sent_as_their_wire_form() -> None:
    from cartesia.tts import GenerationConfig, TtsRequestIdSpecifier

    settings = TtsProtocol("2024-11-13").settings(
        model_id="sonic-2", voice=TtsRequestIdSpecifier(id=VOICE_ID), output_format=FORMAT, generation_config=GenerationConfig(speed=1.1)
    )
    assert settings["voice"] == {"mode": "id", "id": VOICE_ID} and settings["generation_config"] == {"speed": 1.1}


def test_settings_that_can_never_work_are_refused_by_name() -> None:
    protocol = TtsProtocol("2024-11-13")
    with pytest.raises(RequestValidationError, match="context_id"):
        protocol.new_context("")
    state = protocol.new_context("c")
    with pytest.raises(RequestValidationError, match="transcript"):
        state.settings = protocol.settings(**TTS)
        protocol.input_frame(state, typing.cast(str, 3), continue_=True)
    with pytest.raises(RequestValidationError, match="generation_config"):
        protocol.settings(**TTS, generation_config={"volume": "loud"})
    values = protocol.settings(**{**TTS, "model_id": "sonic-9-preview"}, language="xx-new")  # values the service may add pass
    assert values["language"] == "xx-new" and values["model_id"] == "sonic-9-preview"


def test_optional_settings_of_other_types_are_still_checked() -> None:
    protocol = TtsProtocol("2024-11-13")
    for name, value in (("language", 5), ("duration", "long"), ("speed", 1), ("pronunciation_dict_id", ["x"])):
        with pytest.raises(RequestValidationError, match=name):
            protocol.settings(**TTS, **{name: value})
    settings = protocol.settings(**TTS, duration=2, language="en", speed="fast", max_buffer_delay_ms=0, add_timestamps=True)
    assert [(k, settings[k]) for k in list(settings)[3:]] == [
        ("duration", 2), ("language", "en"), ("add_timestamps", True), ("max_buffer_delay_ms", 0), ("speed", "fast")
    ]
    assert protocol.settings(**TTS, duration="1.5")["duration"] == "1.5"  # what pydantic accepts is sent as given


def test_a_binary_frame_of_json_is_parsed_alike() -> None:
    event = parse_event(chunk("c", b"\x00\xff").encode())
    assert isinstance(event, ChunkEvent) and event.audio == b"\x00\xff"
