"""Streaming a `Speech` as an audio file response (raw, WAV or MP3), shared by TTS bytes, voice changer and infill."""

from __future__ import annotations

from aiohttp import web

from ..audio import make_writer
from ..engines import Speech
from ..http_streams import BodyAborted, BodyStream
from ..request_context import get_context
from ..speech_output import capped_length, pieces
from ..tts_params import OutputFormat


async def stream_audio_file(
    request: web.Request,
    speech: Speech,
    fmt: OutputFormat,
    *,
    volume: float = 1.0,
    duration: float | None = None,
    headers: dict[str, str] | None = None,
) -> web.StreamResponse:
    """Send `speech` chunk by chunk; WAV headers carry the exact length, known before any audio."""
    writer = make_writer(
        fmt.container,
        fmt.sample_rate,
        encoding=fmt.encoding,
        bit_rate=fmt.bit_rate,
        total_samples=capped_length(speech, duration),
    )
    response = web.StreamResponse(headers={"Content-Type": fmt.content_type, **(headers or {})})
    stream = BodyStream(request, response)
    chunk_seconds = get_context(request).state.config.chunk_seconds
    try:
        await stream.start()
        async for piece in pieces(speech, chunk_seconds=chunk_seconds, volume=volume, duration=duration):
            await stream.write(writer.write(piece.samples))
        await stream.write(writer.flush())
        await stream.finish()
    except (BodyAborted, ConnectionError):
        pass  # cut short on purpose, or the client left
    return response
