"""`/tts/websocket`: many generation contexts multiplexed over one socket of JSON frames.

Per context (the `context_id` of its inputs):
- the first input carries the full request (model, voice, output format, timestamps…); later
  inputs only add `transcript` text, and may `flush`; their other fields are ignored, as the
  SDKs send placeholder values there;
- transcripts are joined verbatim and spoken in order. A trailing partial word waits for more
  text, a flush, the end of input, or `max_buffer_delay_ms` (default 3000; 0 speaks every input
  at once);
- `flush: true` speaks what was sent so far, then answers `flush_done` with the flush id: a
  counter starting at 1 that chunks and timestamps carry too;
- `continue: false` (or no `continue`) ends the input: the rest is spoken, then `done`;
- `{"context_id": …, "cancel": true}` stops the context at once, then `done`.
Errors for one context (invalid request, unknown voice, too many contexts) are error frames
and leave the socket open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .. import json_fields as fields
from ..errors import ApiError, bad_request, too_many_requests
from ..event_faults import StreamInterrupted
from ..request_context import get_context
from ..speech_output import base64_pcm, phonemes_event, pieces, synthesize, timestamps_event
from ..tts_params import TtsParams, parse_tts_request
from ..ws_session import ConnectionGone, WebSocketSession

DEFAULT_BUFFER_DELAY_MS = 3000
MAX_BUFFER_DELAY_MS = 5000
_TEXT, _FLUSH, _END = "text", "flush", "end"


@dataclass
class _Context:
    id: str
    params: TtsParams
    buffer_delay_s: float
    queue: asyncio.Queue[tuple[str, str]] = field(default_factory=asyncio.Queue)
    pending: str = ""  # text received but not yet spoken
    flush_id: int = 1
    offset_s: float = 0.0
    speaking: bool = False  # generating audio right now (the socket is not idle)
    task: asyncio.Task[None] | None = None


class TtsConnection:
    def __init__(self, request: web.Request) -> None:
        self.context = get_context(request)
        self.state = self.context.state
        self.session = WebSocketSession(request, idle_timeout=self.state.config.idle_timeout, error_event=self._error_event)
        self.contexts: dict[str, _Context] = {}

    def _error_event(self, error: ApiError, event: dict[str, Any] | None) -> dict[str, Any]:
        context_id = event.get("context_id") if event else None
        return error.tts_event(self.context.version, self.context.request_id, context_id)

    async def run(self) -> web.WebSocketResponse:
        await self.session.open()
        try:
            while True:
                message = await self.session.receive(busy=lambda: any(c.speaking for c in self.contexts.values()))
                if message is None:
                    break
                await self._handle(message)
        except ConnectionGone:
            pass
        finally:
            for ctx in list(self.contexts.values()):
                if ctx.task is not None:
                    ctx.task.cancel()
            await asyncio.gather(*(c.task for c in self.contexts.values() if c.task), return_exceptions=True)
            self.session.release()
        return self.session.ws

    async def _send_error(self, error: ApiError, context_id: str | None) -> None:
        await self.session.send(error.tts_event(self.context.version, self.context.request_id, context_id))

    async def _handle(self, message: str | bytes) -> None:
        if isinstance(message, bytes):
            await self._send_error(bad_request("The TTS WebSocket takes JSON text frames, not binary ones."), None)
            return
        try:
            data = json.loads(message)
        except ValueError:
            await self._send_error(bad_request("The frame is not valid JSON.", title="Malformed request", error_code="malformed_request"), None)
            return
        if not isinstance(data, dict):
            await self._send_error(bad_request("Each frame must be a JSON object."), None)
            return
        context_id = data.get("context_id")
        if context_id is not None and not isinstance(context_id, str):
            await self._send_error(bad_request("`context_id` must be a string."), None)
            return
        try:
            if data.get("cancel") is True:
                await self._cancel(context_id)
            else:
                await self._input(context_id or str(uuid.uuid4()), data)
        except ApiError as error:
            await self._send_error(error, context_id)

    async def _cancel(self, context_id: str | None) -> None:
        if context_id is None:
            raise bad_request("A cancel message needs the `context_id` to cancel.")
        ctx = self.contexts.pop(context_id, None)
        if ctx is None:
            return  # already finished, or never started: nothing to stop
        if ctx.task is not None:
            ctx.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ctx.task
        await self.session.send({"type": "done", "context_id": context_id, "status_code": 206, "done": True})

    async def _input(self, context_id: str, data: dict[str, Any]) -> None:
        ctx = self.contexts.get(context_id)
        if ctx is None:
            ctx = self._start(context_id, data)
        transcript = fields.string(data, "transcript", required=True)
        assert transcript is not None
        if transcript:
            ctx.queue.put_nowait((_TEXT, transcript))
        if fields.boolean(data, "flush"):
            ctx.queue.put_nowait((_FLUSH, ""))
        if not fields.boolean(data, "continue"):
            ctx.queue.put_nowait((_END, ""))

    def _start(self, context_id: str, data: dict[str, Any]) -> _Context:
        limit = self.state.config.max_contexts_per_connection
        if len(self.contexts) >= limit:
            raise too_many_requests(f"At most {limit} contexts may be active on one connection.")
        params = parse_tts_request(data, self.state.voices, self.context.version, raw_only=True, dicts=self.state.pronunciation_dicts)
        delay_ms = fields.integer(data, "max_buffer_delay_ms", low=0, high=MAX_BUFFER_DELAY_MS)
        delay_ms = DEFAULT_BUFFER_DELAY_MS if delay_ms is None else delay_ms
        ctx = _Context(context_id, params, delay_ms / 1000)
        ctx.task = asyncio.ensure_future(self._generate(ctx))
        self.contexts[context_id] = ctx
        return ctx

    async def _generate(self, ctx: _Context) -> None:
        try:
            while True:
                wait = ctx.buffer_delay_s if ctx.pending and ctx.buffer_delay_s > 0 else None
                try:
                    kind, text = await asyncio.wait_for(ctx.queue.get(), wait)
                except asyncio.TimeoutError:
                    await self._speak(ctx, self._take(ctx, everything=True))  # waited long enough for the word's end
                    continue
                if kind == _TEXT:
                    ctx.pending += text
                    await self._speak(ctx, self._take(ctx, everything=ctx.buffer_delay_s == 0))
                elif kind == _FLUSH:
                    await self._speak(ctx, self._take(ctx, everything=True))
                    await self._send(ctx, {"type": "flush_done", "flush_done": True, "flush_id": ctx.flush_id})
                    ctx.flush_id += 1
                else:
                    await self._speak(ctx, self._take(ctx, everything=True))
                    await self._send(ctx, {"type": "done", "done": True})
                    return
        except (StreamInterrupted, ConnectionGone):
            return  # an injected error ended this context, or the socket is gone
        except ApiError as error:
            with contextlib.suppress(ConnectionGone, StreamInterrupted):
                await self._send_error(error, ctx.id)
        finally:
            if self.contexts.get(ctx.id) is ctx:
                del self.contexts[ctx.id]

    @staticmethod
    def _take(ctx: _Context, *, everything: bool) -> str:
        """Remove and return the text ready to speak: all of it, or up to the last whitespace."""
        if everything:
            text, ctx.pending = ctx.pending, ""
            return text
        cut = max(ctx.pending.rfind(c) for c in " \t\n\r") + 1
        text, ctx.pending = ctx.pending[:cut], ctx.pending[cut:]
        return text

    async def _speak(self, ctx: _Context, text: str) -> None:
        if not text.strip():
            return
        params = ctx.params
        fmt = params.output_format
        assert fmt.encoding is not None
        ctx.speaking = True
        try:
            speech = await synthesize(self.state.engine, text, fmt.sample_rate, params.voice, params.speed)
            sent = 0
            chunk_seconds = self.state.config.chunk_seconds
            async for piece in pieces(speech, chunk_seconds=chunk_seconds, volume=params.volume, offset_s=ctx.offset_s):
                sent += len(piece.samples)
                flush_id = ctx.flush_id
                await self._send(ctx, {"type": "chunk", "data": base64_pcm(piece.samples, fmt.encoding), "step_time": piece.step_time_ms, "flush_id": flush_id})
                if params.add_timestamps and piece.words:
                    await self._send(ctx, {"type": "timestamps", "word_timestamps": timestamps_event(piece.words), "flush_id": flush_id})
                if params.add_phoneme_timestamps and piece.phonemes:
                    await self._send(ctx, {"type": "phoneme_timestamps", "phoneme_timestamps": phonemes_event(piece.phonemes), "flush_id": flush_id})
            ctx.offset_s += sent / fmt.sample_rate
        finally:
            ctx.speaking = False

    async def _send(self, ctx: _Context, event: dict[str, Any]) -> None:
        await self.session.send({"context_id": ctx.id, "status_code": 206, "done": False, **event})


async def tts_websocket(request: web.Request) -> web.WebSocketResponse:
    return await TtsConnection(request).run()
