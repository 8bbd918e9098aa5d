"""`POST /voice-changer/bytes` and `/voice-changer/sse`: a clip re-spoken in another voice.

The clip is transcribed with the server's engine and its words spoken again in the target
voice; a clip with no recognisable words becomes a plain tone of the clip's length.
"""

from __future__ import annotations

import asyncio
import base64
import uuid

from aiohttp import web

from ..audio import make_writer
from ..engines import Speech, VoiceTraits
from ..errors import voice_not_found
from ..forms import read_form
from ..http_streams import BodyAborted, EventStream
from ..request_context import get_context
from ..speech_output import pieces, synthesize, tone
from ..tts_params import OutputFormat, output_format_from_form
from ..uploads import decode_upload
from .audio_file import stream_audio_file


async def _converted(request: web.Request) -> tuple[Speech, OutputFormat]:
    context = get_context(request)
    state = context.state
    form = await read_form(request)
    clip = form.file("clip")
    assert clip is not None
    voice_id = form.required("voice[id]")
    voice = state.voices.get(voice_id)
    if voice is None:
        raise voice_not_found(voice_id, context.version)
    fmt = output_format_from_form(form)
    audio = decode_upload(clip.data)
    loop = asyncio.get_running_loop()
    words = await loop.run_in_executor(None, lambda: state.engine.transcribe(audio.samples, audio.sample_rate))
    if not words:
        return tone(len(audio.samples) / audio.sample_rate, fmt.sample_rate), fmt
    text = " ".join(w.word for w in words)
    return await synthesize(state.engine, text, fmt.sample_rate, VoiceTraits(voice.language, voice.gender), 1.0), fmt


async def voice_changer_bytes(request: web.Request) -> web.StreamResponse:
    speech, fmt = await _converted(request)
    return await stream_audio_file(request, speech, fmt)


async def voice_changer_sse(request: web.Request) -> web.StreamResponse:
    speech, fmt = await _converted(request)
    writer = make_writer(fmt.container, fmt.sample_rate, encoding=fmt.encoding, bit_rate=fmt.bit_rate, total_samples=speech.total_samples)
    events = EventStream(request, context_id=None)
    chunk_seconds = get_context(request).state.config.chunk_seconds
    common = {"status_code": 206, "done": False, "sample_rate": fmt.sample_rate}
    try:
        await events.start()
        async for piece in pieces(speech, chunk_seconds=chunk_seconds):
            data = writer.write(piece.samples)
            if data:
                await events.send({"type": "chunk", **common, "data": base64.b64encode(data).decode(), "step_time": piece.step_time_ms})
        tail = writer.flush()
        if tail:
            await events.send({"type": "chunk", **common, "data": base64.b64encode(tail).decode(), "step_time": 0.0})
        await events.send({"type": "done", "done": True, "status_code": 200, "request_id": str(uuid.uuid4())})
        await events.finish()
    except (BodyAborted, ConnectionError):
        pass
    return events.response
