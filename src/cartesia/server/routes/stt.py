"""`POST /stt` and its OpenAI-style alias `POST /audio/transcriptions`: multipart audio in, JSON text out."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from ..errors import bad_request
from ..forms import read_form
from ..request_context import get_context, json_response
from ..stt_params import check_encoding, check_language, check_model, check_sample_rate
from ..uploads import decode_upload
from ..versions import VOICE_LOCALES, at_least


async def transcribe(request: web.Request) -> web.Response:
    context = get_context(request)
    encoding = check_encoding(request.query.get("encoding"), required=False)
    sample_rate = check_sample_rate(request.query.get("sample_rate"), required=False)
    form = await read_form(request)
    check_model(form.get("model"))
    language = check_language(form.get("language"))
    granularities = form.all("timestamp_granularities[]")
    for value in granularities:
        if value != "word":
            raise bad_request(f"`timestamp_granularities[]` only takes `word`; got {value!r}.")
    upload = form.file("file")
    assert upload is not None
    audio = decode_upload(upload.data, encoding=encoding, sample_rate=sample_rate)
    engine = context.state.engine
    loop = asyncio.get_running_loop()
    words = await loop.run_in_executor(None, lambda: engine.transcribe(audio.samples, audio.sample_rate, language=language))
    body: dict[str, Any] = {
        "text": " ".join(w.word for w in words),
        "language": language,
        "duration": round(len(audio.samples) / audio.sample_rate, 6),
    }
    if granularities:
        body["words"] = [{"word": w.word, "start": round(w.start_s, 6), "end": round(w.end_s, 6)} for w in words]
    if at_least(context.version, VOICE_LOCALES):
        body.update(type="transcript", request_id=context.request_id, is_final=True)
    return json_response(request, body)
