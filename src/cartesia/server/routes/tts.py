"""`POST /tts/bytes` (a streamed audio file) and `POST /tts/sse` (audio and timestamps as events)."""

from __future__ import annotations

import uuid

from aiohttp import web

from ..http_streams import BodyAborted, EventStream
from ..request_context import get_context
from ..speech_output import base64_pcm, phonemes_event, pieces, synthesize, timestamps_event
from ..tts_params import parse_tts_request
from .audio_file import stream_audio_file
from .body import read_json


async def tts_bytes(request: web.Request) -> web.StreamResponse:
    context = get_context(request)
    state = context.state
    params = parse_tts_request(await read_json(request), state.voices, context.version, raw_only=False, dicts=state.pronunciation_dicts)
    fmt = params.output_format
    speech = await synthesize(state.engine, params.transcript, fmt.sample_rate, params.voice, params.speed)
    headers = {"Cartesia-File-ID": f"file_{uuid.uuid4().hex}"} if params.save else None
    return await stream_audio_file(request, speech, fmt, volume=params.volume, duration=params.duration, headers=headers)


async def tts_sse(request: web.Request) -> web.StreamResponse:
    context = get_context(request)
    state = context.state
    params = parse_tts_request(await read_json(request), state.voices, context.version, raw_only=True, dicts=state.pronunciation_dicts)
    fmt = params.output_format
    assert fmt.encoding is not None
    context_id = params.context_id or str(uuid.uuid4())
    speech = await synthesize(state.engine, params.transcript, fmt.sample_rate, params.voice, params.speed)
    events = EventStream(request, context_id=context_id)
    common = {"context_id": context_id, "status_code": 206, "done": False}
    try:
        await events.start()
        async for piece in pieces(speech, chunk_seconds=state.config.chunk_seconds, volume=params.volume, duration=params.duration):
            await events.send({"type": "chunk", **common, "data": base64_pcm(piece.samples, fmt.encoding), "step_time": piece.step_time_ms})
            if params.add_timestamps and piece.words:
                await events.send({"type": "timestamps", **common, "word_timestamps": timestamps_event(piece.words)})
            if params.add_phoneme_timestamps and piece.phonemes:
                await events.send({"type": "phoneme_timestamps", **common, "phoneme_timestamps": phonemes_event(piece.phonemes)})
        await events.send({"type": "done", **common, "done": True})
        await events.finish()
    except (BodyAborted, ConnectionError):
        pass  # cut short on purpose, or the client left
    return events.response
