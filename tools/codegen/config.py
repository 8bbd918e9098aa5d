"""Names the generated code exposes beside what the definition describes."""

from __future__ import annotations

# The `Cartesia-Version` clients send by default; an example naming another version passes it.
DEFAULT_CARTESIA_VERSION = "2024-11-13"

# Hand-written names re-exported from the top-level package: name → defining module.
HANDWRITTEN_EXPORTS = {
    "ApiConnectionError": "cartesia.core.api_error",
    "ApiError": "cartesia.core.api_error",
    "ApiResponseValidationError": "cartesia.core.api_error",
    "ApiTimeoutError": "cartesia.core.api_error",
    "AsyncCartesia": "cartesia.client",
    "AuthenticationError": "cartesia.core.api_error",
    "BadRequestError": "cartesia.core.api_error",
    "Cartesia": "cartesia.client",
    "CartesiaEnvironment": "cartesia.environment",
    "CartesiaError": "cartesia.core.api_error",
    "ConflictError": "cartesia.core.api_error",
    "frames_of": "cartesia.realtime.frames",
    "InternalServerError": "cartesia.core.api_error",
    "MissingCredentialsError": "cartesia.core.client_wrapper",
    "NotFoundError": "cartesia.core.api_error",
    "PaymentRequiredError": "cartesia.core.api_error",
    "PermissionDeniedError": "cartesia.core.api_error",
    "RateLimitError": "cartesia.core.api_error",
    "ReconnectingEvent": "cartesia.realtime.options",
    "ReconnectingOverrides": "cartesia.realtime.options",
    "RequestOptions": "cartesia.core.request_options",
    "RequestValidationError": "cartesia.core.api_error",
    "UnprocessableEntityError": "cartesia.core.api_error",
    "WebSocketConnectionClosedError": "cartesia.realtime.errors",
    "WebSocketIdleClosedError": "cartesia.realtime.errors",
    "WebSocketTimeoutError": "cartesia.realtime.errors",
}

# Hand-written bases of generated resource clients (their WebSocket entry points):
# package → (module, sync base, async base).
CLIENT_BASES = {
    "tts": ("cartesia.tts_helpers.client", "TtsHelpersMixin", "AsyncTtsHelpersMixin"),
    "stt": ("cartesia.realtime.entry", "SttWebsocketMixin", "AsyncSttWebsocketMixin"),
}

# Hand-written bases of generated union members: class → (module, base). The events of an SSE
# stream that carry no audio answer ``.data`` with "" (2.x READMEs read it on every event).
_NO_AUDIO = ("cartesia.event_data", "NoAudioData")
MODEL_BASES = {
    name: _NO_AUDIO
    for name in (
        "WebSocketResponse_FlushDone",
        "WebSocketResponse_Done",
        "WebSocketResponse_Timestamps",
        "WebSocketResponse_Error",
        "WebSocketResponse_PhonemeTimestamps",
        "StreamingResponse_Done",
        "StreamingResponse_Error",
    )
}

# The 2.x SDK's hand-written module paths, kept as re-exports: module → {name: (module, attribute)}.
COMPAT_MODULES = {
    "cartesia.tts._websocket": {"TtsWebsocket": ("cartesia.realtime.tts_sync", "TtsWebsocket")},
    "cartesia.tts._async_websocket": {"AsyncTtsWebsocket": ("cartesia.realtime.tts_async", "AsyncTtsWebsocket")},
    "cartesia.tts.socket_client": {
        "TtsClientWithWebsocket": ("cartesia.tts.client", "TtsClient"),
        "AsyncTtsClientWithWebsocket": ("cartesia.tts.client", "AsyncTtsClient"),
    },
    "cartesia.tts.utils.constants": {
        name: ("cartesia.tts_helpers.constants", name)
        for name in (
            "BACKOFF_FACTOR", "DEFAULT_BASE_URL", "DEFAULT_CARTESIA_VERSION", "DEFAULT_MODEL_ID", "DEFAULT_NUM_CONNECTIONS",
            "DEFAULT_OUTPUT_FORMAT", "DEFAULT_TIMEOUT", "DEFAULT_VOICE_EMBEDDING", "MAX_RETRIES", "MULTILINGUAL_MODEL_ID",
        )
    },
    "cartesia.tts.utils.tts": {
        "concat_audio_segments": ("cartesia.tts_helpers.audio_join", "concat_audio_segments"),
        "get_output_format": ("cartesia.tts_helpers.output_formats", "get_output_format"),
        "OutputFormatMapping": ("cartesia.tts_helpers.output_formats", "OutputFormatMapping"),
    },
    "cartesia.tts.utils.types": {"OutputFormatMapping": ("cartesia.tts_helpers.output_formats", "OutputFormatMapping")},
    "cartesia.stt._websocket": {"SttWebsocket": ("cartesia.realtime.stt_sync", "SttWebsocket")},
    "cartesia.stt._async_websocket": {"AsyncSttWebsocket": ("cartesia.realtime.stt_async", "AsyncSttWebsocket")},
    "cartesia.stt.socket_client": {
        "SttClientWithWebsocket": ("cartesia.stt.client", "SttClient"),
        "AsyncSttClientWithWebsocket": ("cartesia.stt.client", "AsyncSttClient"),
    },
}

PACKAGE_DOCS = """\
Python SDK for the Cartesia voice API.

    from cartesia import Cartesia

    client = Cartesia()  # reads CARTESIA_API_KEY

Names load on first use, so ``import cartesia`` stays cheap."""

# For reference.md: how the SDK opens each WebSocket of the definition, with a runnable example.
CHANNEL_EXAMPLES = {
    "tts": (
        "`client.tts.websocket()` (the 2.x surface: `ws.send(...)`, `ws.context(...)`) and "
        "`client.tts.websocket_connect()` (typed events: `ctx.push(...)`, `ctx.receive()`); "
        "with `AsyncCartesia`, `await client.tts.websocket()` and `async with client.tts.websocket_connect()`.",
        """\
from cartesia import Cartesia

client = Cartesia(api_key="YOUR_API_KEY")
with client.tts.websocket_connect() as conn:
    ctx = conn.context(
        model_id="sonic-2",
        voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
        output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000},
        add_timestamps=True,
    )
    ctx.push("Hello, ")
    ctx.push("world!")
    ctx.no_more_inputs()
    with open("output.pcm", "wb") as out:
        for event in ctx.receive():
            if event.type == "chunk":
                out.write(event.audio)
            elif event.type == "timestamps":
                print(event.word_timestamps.words)
""",
    ),
    "stt": (
        "`client.stt.websocket(...)` (the 2.x surface: `ws.send(audio)`, `ws.receive()`, `ws.transcribe(chunks)`), "
        "`client.stt.websocket_connect(...)` (typed events) and `client.stt.turns_websocket_connect(...)` "
        "(`/stt/turns/websocket`, turn detection); with `AsyncCartesia`, `await client.stt.websocket(...)` and `async with`.",
        """\
from cartesia import Cartesia, frames_of

client = Cartesia(api_key="YOUR_API_KEY")
ws = client.stt.websocket(model="ink-whisper", language="en", encoding="pcm_s16le", sample_rate=16000)
for result in ws.transcribe(frames_of("call.wav")):
    if result["type"] == "transcript" and result["is_final"]:
        print(result["text"], [(word["word"], word["start"]) for word in result.get("words", [])])
ws.close()
""",
    ),
}
