"""What the sync and async faces share: which arguments are settings, their defaults, the context basics."""

from __future__ import annotations

import json
import typing

import typing_extensions

from ..core.api_error import RequestValidationError
from .tts_protocol import ContextMetrics, ContextState, TtsProtocol

# The keyword arguments of the faces that are generation settings (the rest: transcript, ids, flags).
SETTING_NAMES = (
    "model_id",
    "voice",
    "output_format",
    "language",
    "duration",
    "generation_config",
    "add_timestamps",
    "add_phoneme_timestamps",
    "use_original_timestamps",
    "use_normalized_timestamps",
    "max_buffer_delay_ms",
    "pronunciation_dict_id",
    "speed",
    "stream",
)

class WebsocketSendArgs(typing_extensions.TypedDict, total=False):
    """The arguments of ``ws.send(...)`` besides ``stream`` (for its overloads)."""

    model_id: typing_extensions.Required[str]
    transcript: typing_extensions.Required[str]
    output_format: typing_extensions.Required[typing.Any]
    voice: typing_extensions.Required[typing.Any]
    context_id: typing.Optional[str]
    duration: typing.Optional[float]
    language: typing.Optional[str]
    add_timestamps: bool
    add_phoneme_timestamps: bool
    use_original_timestamps: bool
    pronunciation_dict_id: typing.Optional[str]
    generation_config: typing.Any
    use_normalized_timestamps: typing.Optional[bool]
    speed: typing.Optional[str]
    max_buffer_delay_ms: typing.Optional[int]


# What a context of the newer shape uses when it is given a voice but no model or format.
DEFAULT_MODEL_ID = "sonic-latest"
DEFAULT_OUTPUT_FORMAT = {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}


def generation_arguments(values: typing.Mapping[str, typing.Any], **overrides: typing.Any) -> typing.Dict[str, typing.Any]:
    """The settings among a face's arguments (pass ``locals()``), with ``overrides`` applied."""
    arguments = {name: values[name] for name in SETTING_NAMES if name in values}
    arguments.update(overrides)
    return arguments


def check_context_id(state: ContextState, context_id: typing.Optional[str]) -> None:
    if context_id is not None and context_id != state.id:
        raise RequestValidationError(f"context_id {context_id!r} does not match the context's id {state.id!r}")


def update_settings(protocol: TtsProtocol, state: ContextState, arguments: typing.Mapping[str, typing.Any]) -> None:
    """Merge the arguments given (not None) into the context's; settings are built once a voice is known."""
    merged = dict(state.arguments)
    merged.update((name, value) for name, value in arguments.items() if value is not None)
    if merged == state.arguments and state.settings is not None:
        return
    if merged.get("voice") is not None:
        merged.setdefault("model_id", DEFAULT_MODEL_ID)
        merged.setdefault("output_format", DEFAULT_OUTPUT_FORMAT)
        state.settings = protocol.settings(**merged)
    elif any(merged.get(name) is not None for name in ("model_id", "output_format")):
        raise RequestValidationError("tts.websocket: 'voice' is required with the other settings of a context")
    state.arguments = merged


def raw_frame(message: typing.Union[typing.Mapping[str, typing.Any], str]) -> str:
    """A raw message as its text frame: a mapping as compact JSON, a string as given."""
    if isinstance(message, str):
        return message
    if not isinstance(message, typing.Mapping):
        raise RequestValidationError(f"a raw message must be a dict or a string, got {type(message).__name__}")
    return json.dumps(dict(message), separators=(",", ":"), ensure_ascii=False)


class ContextBase:
    """The parts of a context face that do no I/O."""

    _state: ContextState

    @property
    def context_id(self) -> str:
        return self._state.id

    @property
    def metrics(self) -> ContextMetrics:
        """Time to first audio and each chunk's arrival, for this context."""
        return self._state.metrics

    def is_closed(self) -> bool:
        """Whether the context is over: done, failed, cancelled, or its input has ended."""
        return self._state.finished or self._state.ended_input
