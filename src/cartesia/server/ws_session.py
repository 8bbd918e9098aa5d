"""An accepted WebSocket with the server's rules around it.

It counts against `max_connections` (429 at the handshake beyond it), logs every client frame,
applies the outgoing faults (chunk delay, injected errors and unknown events/fields, closing
after N frames or after idling), serialises sends from concurrent tasks, and closes an idle
socket with code 1000 and reason `connection idle timeout`.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from typing import Any, Callable

from aiohttp import WSMsgType, web

from .errors import ApiError, too_many_requests
from .event_faults import EventShaper, StreamInterrupted
from .http_streams import pause
from .request_context import RequestContext, get_context
from .request_log import Frame


class OpenSockets:
    """The app's open WebSocket sessions, closed when the server shuts down."""

    def __init__(self) -> None:
        self.sessions: weakref.WeakSet[WebSocketSession] = weakref.WeakSet()


OPEN_SOCKETS_KEY = web.AppKey("cartesia_open_sockets", OpenSockets)
IDLE_REASON = "connection idle timeout"


class ConnectionGone(Exception):
    """The socket is closed or closing: nothing more can be sent."""


class WebSocketSession:
    def __init__(
        self,
        request: web.Request,
        *,
        idle_timeout: float,
        error_event: Callable[[ApiError, dict[str, Any]], dict[str, Any]],
    ) -> None:
        self.request = request
        self.context: RequestContext = get_context(request)
        self.ws = web.WebSocketResponse(max_msg_size=self.context.state.config.max_upload_bytes)
        self._shaper = EventShaper(self.context, error_event)
        self._send_lock = asyncio.Lock()
        self._last_activity = time.monotonic()
        self._counted = False
        self._closing = False
        self._close_done = asyncio.Event()
        faults = self.context.faults
        self._close_fault = faults.websocket_close
        self.idle_timeout = idle_timeout
        if self._close_fault is not None and self._close_fault.after_idle is not None:
            self.idle_timeout = self._close_fault.after_idle

    async def open(self) -> None:
        """Accept the handshake, or raise 429 when too many sockets are open."""
        state = self.context.state
        if not state.try_open_websocket():
            raise too_many_requests(f"At most {state.config.max_connections} WebSocket connections may be open at once.")
        self._counted = True
        await self.ws.prepare(self.request)
        self.request.app[OPEN_SOCKETS_KEY].sessions.add(self)
        self.context.record.status = 101

    def release(self) -> None:
        if self._counted:
            self._counted = False
            self.context.state.close_websocket()

    def touch(self) -> None:
        self._last_activity = time.monotonic()

    async def receive(self, busy: Callable[[], bool] = lambda: False) -> str | bytes | None:
        """The next text or binary message; None once the socket is closed (by either side or for idling).

        The idle clock runs while nothing is received or sent and `busy()` is false.
        """
        while True:
            remaining = self.idle_timeout - (time.monotonic() - self._last_activity)
            try:
                message = await self.ws.receive(timeout=max(remaining, 0.001))
            except asyncio.TimeoutError:
                if busy():
                    self.touch()
                    continue
                if time.monotonic() - self._last_activity < self.idle_timeout:
                    continue
                fault = self._close_fault
                if fault is not None and fault.after_idle is not None:
                    await self.close(fault.code, fault.reason)
                else:
                    await self.close(1000, IDLE_REASON)
                return None
            if message.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                self.touch()
                data: str | bytes = message.data
                self.context.record.frames.append(Frame(data))
                return data
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                if self._closing:
                    # Another task is closing with its own code: returning now would let aiohttp
                    # close first with 1000 when the handler ends.
                    await self._close_done.wait()
                return None

    async def send(self, event: dict[str, Any]) -> None:
        """Send one JSON event; raises StreamInterrupted (after sending an injected error) or ConnectionGone."""
        async with self._send_lock:
            if self.ws.closed:
                raise ConnectionGone()
            delay = self.context.faults.chunk_delay
            if delay:
                await pause(self.request.app, delay)
            try:
                events = self._shaper.shape(event)
            except StreamInterrupted as interrupted:
                self._shaper.frames_sent += 1
                await self._send_all([interrupted.event])
                raise
            await self._send_all(events)
            self._shaper.frames_sent += 1
            fault = self._close_fault
            if fault is not None and fault.after_frames is not None and self._shaper.frames_sent >= fault.after_frames:
                await self.close(fault.code, fault.reason)

    async def _send_all(self, events: list[dict[str, Any]]) -> None:
        try:
            for item in events:
                await self.ws.send_str(json.dumps(item))
        except (ConnectionError, RuntimeError) as exc:
            raise ConnectionGone() from exc
        self.touch()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close with `code` (every close goes through here, so the first code wins)."""
        if self._closing:
            await self._close_done.wait()
            return
        self._closing = True
        try:
            await self.ws.close(code=code, message=reason.encode())
        finally:
            self._close_done.set()
