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

from .api_error import ApiResponseValidationError

_LINE_END = re.compile(r"\r\n|\r|\n")
MAX_LINE = 32 * 1024 * 1024  # characters; far beyond any event the API sends


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
    """Feed byte chunks with :meth:`feed`; call :meth:`close` at the end of the stream.

    Each character is scanned once, however a line is split across chunks, so the work is linear
    in the stream's length. A line longer than ``max_line`` characters raises
    :class:`~cartesia.core.api_error.ApiResponseValidationError` rather than growing without end.
    """

    def __init__(self, *, max_line: int = MAX_LINE) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._max_line = max_line
        self._partial: typing.List[str] = []  # the start of a line whose end has not arrived
        self._partial_size = 0
        self._skip_lf = False  # the last chunk ended with CR: an LF first in the next one is part of it
        self._started = False
        self._event = ""
        self._data: typing.List[str] = []
        self._last_id = ""
        self._retry: typing.Optional[int] = None

    def feed(self, chunk: bytes) -> typing.List[ServerSentEvent]:
        """The events completed by ``chunk``."""
        return self._consume(self._text.decode(chunk), final=False)

    def close(self) -> typing.List[ServerSentEvent]:
        """Events completed by the end of the stream; an unterminated last line is dropped with its event."""
        return self._consume(self._text.decode(b"", final=True), final=True)

    def _consume(self, text: str, *, final: bool) -> typing.List[ServerSentEvent]:
        if not self._started and text:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if self._skip_lf and text:
            self._skip_lf = False
            if text.startswith("\n"):
                text = text[1:]
        events: typing.List[ServerSentEvent] = []
        start = 0
        for match in _LINE_END.finditer(text):
            line = text[start : match.start()]
            if self._partial:
                line = "".join(self._partial) + line
                self._partial, self._partial_size = [], 0
            event = self._line(line)
            if event is not None:
                events.append(event)
            start = match.end()
        if start == len(text) and text.endswith("\r"):
            self._skip_lf = True
        if start < len(text):
            self._partial.append(text[start:])
            self._partial_size += len(text) - start
            if self._partial_size > self._max_line:
                raise ApiResponseValidationError(message=f"Malformed event stream: a line longer than {self._max_line} characters")
        if final:
            self._partial, self._partial_size = [], 0
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
