"""Streamed responses: lazily sent requests, audio byte streams and typed server-sent events.

A streaming method checks its arguments when called and sends the request when its result is first
iterated (or, for raw access, when the context is entered). Audio chunks and events are handed
over as they arrive. An SSE stream stops at its ``done`` event; an ``error`` event raises the typed
error for its status; a malformed event raises :class:`ApiResponseValidationError`; an event type
this SDK does not know yet is skipped (and logged); a stream that ends before ``done`` raises
:class:`ApiConnectionError`.
"""

from __future__ import annotations

import json
import types
import typing

import httpx
import pydantic

from .api_error import ApiConnectionError, ApiResponseValidationError, error_from_event, translate_transport_errors
from .http_response import AsyncHttpResponse, HttpResponse
from .logs import logger
from .sse import ServerSentEvent, SSEDecoder

T = typing.TypeVar("T")


class StreamContext(typing.Generic[T]):
    """Sends a request when entered and gives its response with the parsed stream as ``data``."""

    def __init__(self, send: typing.ContextManager[httpx.Response], parse: typing.Callable[[httpx.Response], T]) -> None:
        self._send = send
        self._parse = parse

    def __enter__(self) -> HttpResponse[T]:
        response = self._send.__enter__()
        return HttpResponse(response, self._parse(response))

    def __exit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        self._send.__exit__(exc_type, exc, tb)


class AsyncStreamContext(typing.Generic[T]):
    """Sends a request when entered and gives its response with the parsed stream as ``data``."""

    def __init__(self, send: typing.AsyncContextManager[httpx.Response], parse: typing.Callable[[httpx.Response], T]) -> None:
        self._send = send
        self._parse = parse

    async def __aenter__(self) -> AsyncHttpResponse[T]:
        response = await self._send.__aenter__()
        return AsyncHttpResponse(response, self._parse(response))

    async def __aexit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        await self._send.__aexit__(exc_type, exc, tb)


def iter_stream(context: StreamContext[typing.Iterator[T]]) -> typing.Iterator[T]:
    """The items of a streamed response; the request goes out on the first ``next()``."""
    with context as response:
        yield from response.data


async def aiter_stream(context: AsyncStreamContext[typing.AsyncIterator[T]]) -> typing.AsyncIterator[T]:
    """The items of a streamed response; the request goes out on the first ``__anext__()``."""
    async with context as response:
        async for item in response.data:
            yield item


def byte_chunks(chunk_size: typing.Optional[int]) -> typing.Callable[[httpx.Response], typing.Iterator[bytes]]:
    """A parser yielding the body's chunks as they arrive."""

    def parse(response: httpx.Response) -> typing.Iterator[bytes]:
        with translate_transport_errors():
            yield from response.iter_bytes(chunk_size=chunk_size)

    return parse


def abyte_chunks(chunk_size: typing.Optional[int]) -> typing.Callable[[httpx.Response], typing.AsyncIterator[bytes]]:
    """A parser yielding the body's chunks as they arrive."""

    async def parse(response: httpx.Response) -> typing.AsyncIterator[bytes]:
        with translate_transport_errors():
            async for chunk in response.aiter_bytes(chunk_size=chunk_size):
                yield chunk

    return parse


class _EventReader(typing.Generic[T]):
    """Turns server-sent events into typed events; shared by the sync and async parsers."""

    def __init__(self, event_type: typing.Any, operation: str, response: httpx.Response) -> None:
        self._adapter: pydantic.TypeAdapter[T] = pydantic.TypeAdapter(event_type)
        self._operation = operation
        self._response = response
        self.done = False

    def read(self, event: ServerSentEvent) -> typing.Optional[T]:
        """The typed event, or None for one to skip; raises for error and malformed events."""
        try:
            payload = json.loads(event.data)
        except ValueError:
            raise self._malformed("its data is not JSON", event.data) from None
        if not isinstance(payload, dict):
            raise self._malformed("its data is not a JSON object", payload)
        if "type" not in payload and event.event != "message":
            payload = {**payload, "type": event.event}  # some servers name the event only in the framing
        kind = payload.get("type")
        if not isinstance(kind, str):
            raise self._malformed("it has no 'type'", payload)
        if kind == "error":
            raise error_from_event(payload, headers=self._response.headers)
        try:
            parsed = self._adapter.validate_python(payload)
        except pydantic.ValidationError as exc:
            if any(error["type"] == "union_tag_invalid" for error in exc.errors()):
                logger.info("%s: skipping an event of unknown type %r", self._operation, kind)
                return None
            raise self._malformed(str(exc.errors()[0]["msg"]) + f" at {'.'.join(map(str, exc.errors()[0]['loc']))}", payload) from exc
        self.done = kind == "done"
        return parsed

    def take(self, events: typing.List[ServerSentEvent]) -> typing.Iterator[T]:
        """The typed events among ``events``, one at a time (an error raises after those before it), up to ``done``."""
        for raw in events:
            if self.done:
                return
            event = self.read(raw)
            if event is not None:
                yield event

    def ended(self) -> ApiConnectionError:
        return ApiConnectionError(f"{self._operation}: the event stream ended before its 'done' event")

    def _malformed(self, reason: str, body: typing.Any) -> ApiResponseValidationError:
        return ApiResponseValidationError(
            status_code=self._response.status_code,
            headers=self._response.headers,
            body=body,
            message=f"{self._operation}: malformed event: {reason}",
        )


def sse_events(event_type: typing.Any, operation: str) -> typing.Callable[[httpx.Response], typing.Iterator[typing.Any]]:
    """A parser yielding typed events until ``done``."""

    def parse(response: httpx.Response) -> typing.Iterator[typing.Any]:
        reader: _EventReader[typing.Any] = _EventReader(event_type, operation, response)
        decoder = SSEDecoder()
        with translate_transport_errors():
            for chunk in response.iter_bytes():
                yield from reader.take(decoder.feed(chunk))
                if reader.done:
                    return
        yield from reader.take(decoder.close())
        if not reader.done:
            raise reader.ended()

    return parse


def asse_events(event_type: typing.Any, operation: str) -> typing.Callable[[httpx.Response], typing.AsyncIterator[typing.Any]]:
    """A parser yielding typed events until ``done``."""

    async def parse(response: httpx.Response) -> typing.AsyncIterator[typing.Any]:
        reader: _EventReader[typing.Any] = _EventReader(event_type, operation, response)
        decoder = SSEDecoder()
        with translate_transport_errors():
            async for chunk in response.aiter_bytes():
                for event in reader.take(decoder.feed(chunk)):
                    yield event
                if reader.done:
                    return
        for event in reader.take(decoder.close()):
            yield event
        if not reader.done:
            raise reader.ended()

    return parse
