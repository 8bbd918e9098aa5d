"""An incremental Server-Sent Events parser following the HTML standard's event-stream rules.

Bytes go in as they arrive and complete events come out; the body is never buffered whole. Lines
end with CR, LF or CRLF (a CR at the end of one chunk and an LF at the start of the next are one
line ending); a leading BOM is dropped; ``:`` lines are comments; ``data`` lines accumulate with
newlines between them; an ``id`` containing NUL is ignored; ``retry`` must be all ASCII digits; an
event is dispatched at a blank line, and an unterminated event at the end of the stream is dropped.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
import typing

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclasses.dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event. ``id`` is the last event id seen so far in the stream."""

    event: str = "message"
    data: str = ""
    id: str = ""
    retry: typing.Optional[int] = None

    def json(self) -> typing.Any:
        """The data parsed as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.data)


class SSEDecoder:
    """Feed byte chunks with :meth:`feed`; call :meth:`close` at the end of the stream."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._started = False
        self._event = ""
        self._data: typing.List[str] = []
        self._last_id = ""
        self._retry: typing.Optional[int] = None

    def feed(self, chunk: bytes) -> typing.List[ServerSentEvent]:
        """The events completed by ``chunk``."""
        return self._consume(self._text.decode(chunk), final=False)

    def close(self) -> typing.List[ServerSentEvent]:
        """Events completed by the end of the stream (a final line ending may still be pending)."""
        return self._consume(self._text.decode(b"", final=True), final=True)

    def _consume(self, text: str, *, final: bool) -> typing.List[ServerSentEvent]:
        if not self._started and text:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        buffer = self._pending + text
        events: typing.List[ServerSentEvent] = []
        start = 0
        for match in _LINE_END.finditer(buffer):
            if match.group() == "\r" and match.end() == len(buffer) and not final:
                break  # the LF of a CRLF may arrive in the next chunk
            event = self._line(buffer[start : match.start()])
            if event is not None:
                events.append(event)
            start = match.end()
        self._pending = "" if final else buffer[start:]
        return events

    def _line(self, line: str) -> typing.Optional[ServerSentEvent]:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry":
            if value and value.isascii() and value.isdigit():
                self._retry = int(value)
        return None

    def _dispatch(self) -> typing.Optional[ServerSentEvent]:
        if not self._data:
            self._event = ""
            return None
        event = ServerSentEvent(event=self._event or "message", data="\n".join(self._data), id=self._last_id, retry=self._retry)
        self._event, self._data, self._retry = "", [], None
        return event


def iter_sse(chunks: typing.Iterable[bytes]) -> typing.Iterator[ServerSentEvent]:
    """Events from a byte stream, yielded as soon as each one is complete."""
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


async def aiter_sse(chunks: typing.AsyncIterable[bytes]) -> typing.AsyncIterator[ServerSentEvent]:
    """Events from an async byte stream, yielded as soon as each one is complete."""
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.close():
        yield event
