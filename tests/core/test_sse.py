"""The SSE parser against the HTML standard's event-stream rules, fed whole and in every split."""

from __future__ import annotations

import typing

import pytest

from cartesia.core.sse import ServerSentEvent, SSEDecoder, aiter_sse, iter_sse


def parse(stream: bytes) -> typing.List[ServerSentEvent]:
    return list(iter_sse([stream]))


def parse_bytewise(stream: bytes) -> typing.List[ServerSentEvent]:
    return list(iter_sse(stream[i : i + 1] for i in range(len(stream))))


CASES: typing.List[typing.Tuple[str, bytes, typing.List[ServerSentEvent]]] = [
    ("lf", b"data: a\n\n", [ServerSentEvent(data="a")]),
    ("crlf", b"data: a\r\n\r\n", [ServerSentEvent(data="a")]),
    ("cr", b"data: a\r\rdata: b\r\r", [ServerSentEvent(data="a"), ServerSentEvent(data="b")]),
    ("mixed endings", b"data: a\r\ndata: b\rdata: c\n\n", [ServerSentEvent(data="a\nb\nc")]),
    ("event name", b"event: chunk\ndata: {}\n\n", [ServerSentEvent(event="chunk", data="{}")]),
    ("event name resets", b"event: x\ndata: 1\n\ndata: 2\n\n", [ServerSentEvent(event="x", data="1"), ServerSentEvent(data="2")]),
    ("comment", b": keep-alive\ndata: a\n: another\n\n", [ServerSentEvent(data="a")]),
    ("only comments", b": ping\n\n: ping\n\n", []),
    ("one leading space stripped", b"data:  two spaces\n\n", [ServerSentEvent(data=" two spaces")]),
    ("no space", b"data:tight\n\n", [ServerSentEvent(data="tight")]),
    ("colon in value", b"data: {\"a\": 1}\n\n", [ServerSentEvent(data='{"a": 1}')]),
    ("field without colon", b"data\n\n", [ServerSentEvent(data="")]),
    ("empty data lines", b"data\ndata\n\n", [ServerSentEvent(data="\n")]),
    ("blank without data", b"event: x\n\ndata: y\n\n", [ServerSentEvent(data="y")]),
    ("id persists", b"id: 7\ndata: a\n\ndata: b\n\n", [ServerSentEvent(data="a", id="7"), ServerSentEvent(data="b", id="7")]),
    ("id with NUL ignored", b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n", [ServerSentEvent(data="a", id="1"), ServerSentEvent(data="b", id="1")]),
    ("empty id resets", b"id: 1\ndata: a\n\nid\ndata: b\n\n", [ServerSentEvent(data="a", id="1"), ServerSentEvent(data="b", id="")]),
    ("retry digits", b"retry: 1500\ndata: a\n\n", [ServerSentEvent(data="a", retry=1500)]),
    ("retry non-digits ignored", b"retry: 15s\ndata: a\n\nretry: -1\ndata: b\n\n", [ServerSentEvent(data="a"), ServerSentEvent(data="b")]),
    ("unknown field ignored", b"foo: bar\ndata: a\n\n", [ServerSentEvent(data="a")]),
    ("bom", b"\xef\xbb\xbfdata: a\n\n", [ServerSentEvent(data="a")]),
    ("unterminated event dropped", b"data: a\n\ndata: partial", [ServerSentEvent(data="a")]),
    ("unterminated with newline dropped", b"data: a\n\ndata: partial\n", [ServerSentEvent(data="a")]),
    ("utf-8", "data: café 日本\n\n".encode(), [ServerSentEvent(data="café 日本")]),
    ("field names are case sensitive", b"Data: a\ndata: b\n\n", [ServerSentEvent(data="b")]),
]


@pytest.mark.parametrize(("stream", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_whole_and_bytewise(stream: bytes, expected: typing.List[ServerSentEvent]) -> None:
    assert parse(stream) == expected
    assert parse_bytewise(stream) == expected


def test_every_split_point_gives_the_same_events() -> None:
    stream = b"\xef\xbb\xbfevent: chunk\r\nid: 1\r\ndata: {\"data\": \"\xc3\xa9\"}\r\n\r\nretry: 20\rdata: x\r\rdata: y\n\n"
    expected = parse(stream)
    assert len(expected) == 3
    for i in range(len(stream) + 1):
        assert list(iter_sse([stream[:i], stream[i:]])) == expected, i


def test_cr_then_lf_across_chunks_is_one_line_ending() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\n\r") == [ServerSentEvent(data="a")]  # the LF belongs to the CR before it
    assert decoder.feed(b"\n") == []  # and this one to the CR that ended the blank line
    assert decoder.feed(b"data: b\r\r") == [ServerSentEvent(data="b")]
    assert decoder.close() == []


def test_a_cr_ends_a_line_at_once() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\r") == [ServerSentEvent(data="a")]
    assert decoder.close() == []


def test_an_event_split_anywhere_decodes_the_same() -> None:
    stream = b"event: chunk\r\ndata: one\r\ndata: two\n\r\ndata: three\r\r:comment\nid: 7\ndata: four\n\n"
    whole = SSEDecoder().feed(stream)
    assert [e.data for e in whole] == ["one\ntwo", "three", "four"] and whole[0].event == "chunk" and whole[2].id == "7"
    for size in (1, 2, 3, 5, 7):
        decoder = SSEDecoder()
        events = [e for i in range(0, len(stream), size) for e in decoder.feed(stream[i : i + size])] + decoder.close()
        assert events == whole, size


def test_a_long_line_is_scanned_once_and_a_line_past_the_cap_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from cartesia import ApiResponseValidationError
    from cartesia.core import sse

    scanned: typing.List[int] = []
    pattern = sse._LINE_END

    class Counting:
        def finditer(self, text: str) -> typing.Iterator[typing.Any]:
            scanned.append(len(text))
            return pattern.finditer(text)

    monkeypatch.setattr(sse, "_LINE_END", Counting())
    decoder = SSEDecoder()
    line = b"data: " + b"x" * 4_000_000 + b"\n\n"
    events = [e for i in range(0, len(line), 16384) for e in decoder.feed(line[i : i + 16384])]
    assert len(events) == 1 and len(events[0].data) == 4_000_000
    assert sum(scanned) == len(line)  # each character once: a rescan per chunk would be ~250 times more
    capped = SSEDecoder(max_line=1000)
    capped.feed(b"data: " + b"y" * 900)
    with pytest.raises(ApiResponseValidationError, match="longer than 1000"):
        capped.feed(b"y" * 200)


def test_events_come_out_as_soon_as_they_are_complete() -> None:
    produced: typing.List[str] = []

    def chunks() -> typing.Iterator[bytes]:
        yield b"data: one\n\n"
        produced.append("second chunk requested")
        yield b"data: two\n\n"

    events = iter_sse(chunks())
    assert next(events).data == "one"
    assert produced == []  # the first event did not wait for more of the body
    assert next(events).data == "two"


def test_json_helper() -> None:
    assert ServerSentEvent(data='{"type": "done"}').json() == {"type": "done"}
    with pytest.raises(ValueError):
        ServerSentEvent(data="not json").json()


async def test_async_parser() -> None:
    async def chunks() -> typing.AsyncIterator[bytes]:
        for piece in (b"event: chunk\nda", b"ta: 1\n", b"\ndata: 2\r", b"\n\r\n"):
            yield piece

    assert [(e.event, e.data) async for e in aiter_sse(chunks())] == [("chunk", "1"), ("message", "2")]
