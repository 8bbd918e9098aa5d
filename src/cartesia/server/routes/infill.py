"""`POST /infill/bytes`: speech for `transcript` to fit between `left_audio` and `right_audio`.

Only the infill itself is returned (clients join the pieces). The neighbouring clips must be
readable audio; at least one is required.
"""

from __future__ import annotations

from aiohttp import web

from ..catalog import TTS_LANGUAGES, is_tts_model
from ..engines import VoiceTraits
from ..errors import bad_request, invalid_model, voice_not_found
from ..forms import read_form
from ..json_fields import choice
from ..request_context import get_context
from ..speech_output import synthesize
from ..tts_params import check_emotions, experimental_speed, output_format_from_form
from ..uploads import decode_upload
from .audio_file import stream_audio_file

_CONTROLS = "voice[__experimental_controls]"


async def infill_bytes(request: web.Request) -> web.StreamResponse:
    context = get_context(request)
    state = context.state
    form = await read_form(request)
    clips = [form.file(name, required=False) for name in ("left_audio", "right_audio")]
    if not any(clip is not None and clip.data for clip in clips):
        raise bad_request("Send `left_audio`, `right_audio` or both.")
    for clip in clips:
        if clip is not None and clip.data:
            decode_upload(clip.data)
    model_id = form.required("model_id")
    if not is_tts_model(model_id):
        raise invalid_model(model_id, "TTS")
    language = choice(form.get("language") or None, "language", TTS_LANGUAGES)
    transcript = form.required("transcript")
    voice_id = form.required("voice_id")
    voice = state.voices.get(voice_id)
    if voice is None:
        raise voice_not_found(voice_id, context.version)
    fmt = output_format_from_form(form)
    speed_text = form.get(f"{_CONTROLS}[speed]")
    speed = experimental_speed(speed_text) if speed_text else 1.0
    check_emotions(form.all(f"{_CONTROLS}[emotion][]"))
    traits = VoiceTraits(language or voice.language, voice.gender)
    speech = await synthesize(state.engine, transcript, fmt.sample_rate, traits, speed)
    return await stream_audio_file(request, speech, fmt)
