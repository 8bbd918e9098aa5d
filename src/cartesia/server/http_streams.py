"""Streamed HTTP bodies (audio bytes and server-sent events) with the streaming faults applied.

A body stream sends what it is given, waiting `chunk_delay` before each piece, and when a
truncation fault is active it sends only that many bytes, then closes the connection ("drop")
or stops sending until the client leaves or the server stops ("stall"). Either way it raises
`BodyAborted` so the handler stops producing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from .errors import ApiError
from .event_faults import EventShaper, StreamInterrupted
from .request_context import get_context

SHUTDOWN_KEY = web.AppKey("cartesia_shutdown", asyncio.Event)


async def pause(app: web.Application, seconds: float) -> None:
    """Sleep for an injected delay, but no longer than until the server shuts down."""
    try:
        await asyncio.wait_for(app[SHUTDOWN_KEY].wait(), seconds)
    except asyncio.TimeoutError:
        pass


class BodyAborted(Exception):
    """The response body was cut short on purpose; the connection is gone or stalled."""


class BodyStream:
    def __init__(self, request: web.Request, response: web.StreamResponse) -> None:
        self._request = request
        self._response = response
        context = get_context(request)
        self._faults = context.faults
        self._record = context.record if response.content_type.startswith("audio/") else None  # kept for the inspector
        self._sent = 0

    async def start(self) -> None:
        await self._response.prepare(self._request)

    async def write(self, data: bytes) -> None:
        if self._faults.chunk_delay:
            await pause(self._request.app, self._faults.chunk_delay)
        truncation = self._faults.truncation
        if truncation is not None and self._sent + len(data) >= truncation.after_bytes:
            await self._response.write(data[: truncation.after_bytes - self._sent])
            await self._cut(truncation.mode)
        self._sent += len(data)
        if data:
            await self._response.write(data)
            if self._record is not None:
                self._record.keep_audio(data)

    async def finish(self) -> None:
        truncation = self._faults.truncation
        if truncation is not None:  # the body ended before the cut: cut at the end instead
            await self._cut(truncation.mode)
        await self._response.write_eof()

    async def _cut(self, mode: str) -> None:
        transport = self._request.transport
        if mode == "drop":
            if transport is not None:
                transport.close()  # flushes what was written, then closes: the client sees a short body
            raise BodyAborted()
        shutdown = self._request.app[SHUTDOWN_KEY]
        while transport is not None and not transport.is_closing() and not shutdown.is_set():
            try:
                await asyncio.wait_for(shutdown.wait(), 0.1)
            except asyncio.TimeoutError:
                pass
        raise BodyAborted()


async def plain_body_with_faults(request: web.Request, response: web.Response) -> web.StreamResponse:
    """Send an already-built response through a BodyStream, so truncation faults reach it."""
    streamed = web.StreamResponse(status=response.status, headers=response.headers)
    streamed.headers.pop("Content-Length", None)
    stream = BodyStream(request, streamed)
    body = response.body if isinstance(response.body, bytes) else b""
    try:
        await stream.start()
        await stream.write(body)
        await stream.finish()
    except BodyAborted:
        pass
    return streamed


class EventStream:
    """A `text/event-stream` response: each event is `event: <type>` plus `data: <json>`."""

    def __init__(self, request: web.Request, *, context_id: str | None = None) -> None:
        self._context = get_context(request)
        self.context_id = context_id
        self.response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        self._body = BodyStream(request, self.response)
        self._shaper = EventShaper(self._context, self._error_for)

    def _error_for(self, error: ApiError, event: dict[str, Any]) -> dict[str, Any]:
        return error.tts_event(self._context.version, self._context.request_id, event.get("context_id", self.context_id))

    async def start(self) -> None:
        await self._body.start()

    async def send(self, event: dict[str, Any]) -> None:
        """Send one event; raises BodyAborted when a fault ended the stream."""
        try:
            events = self._shaper.shape(event)
        except StreamInterrupted as interrupted:
            await self._write(interrupted.event)
            await self._body.finish()
            raise BodyAborted() from None
        for item in events:
            await self._write(item)
        self._shaper.frames_sent += 1

    async def send_error(self, error: ApiError) -> None:
        await self._write(error.tts_event(self._context.version, self._context.request_id, self.context_id))

    async def finish(self) -> None:
        await self._body.finish()

    async def _write(self, event: dict[str, Any]) -> None:
        await self._body.write(f"event: {event.get('type', 'message')}\ndata: {json.dumps(event)}\n\n".encode())
