"""``tts.infill``'s arguments: checked, turned into those of ``infill.bytes``, and the clips read from disk."""

from __future__ import annotations

import os
import typing

import typing_extensions

from ..core.api_error import RequestValidationError

if typing.TYPE_CHECKING:
    from ..tts.requests.output_format import OutputFormatParams
    from ..tts.requests.tts_request_voice_specifier import TtsRequestVoiceSpecifierParams

_OPERATION = "tts.infill"
Path = typing.Union[str, "os.PathLike[str]"]


class InfillArguments(typing_extensions.TypedDict):
    """The keyword arguments of ``tts.infill``, as in 2.x."""

    model_id: str
    language: str
    transcript: str
    voice: TtsRequestVoiceSpecifierParams
    output_format: OutputFormatParams
    left_audio_path: typing_extensions.NotRequired[typing.Optional[Path]]
    right_audio_path: typing_extensions.NotRequired[typing.Optional[Path]]


class InfillRequest(typing.NamedTuple):
    """What ``infill.bytes`` is called with (the clips aside), and the container to join in."""

    arguments: typing.Dict[str, typing.Any]
    container: str
    left_path: typing.Optional[Path]
    right_path: typing.Optional[Path]


_REQUIRED = frozenset({"model_id", "language", "transcript", "voice", "output_format"})


def infill_request(given: InfillArguments) -> InfillRequest:
    """Check the arguments of ``tts.infill``; raises :class:`RequestValidationError` before anything is sent."""
    unknown = sorted(set(given) - set(InfillArguments.__annotations__))
    missing = sorted(_REQUIRED - set(given))
    if unknown or missing:
        raise RequestValidationError(f"{_OPERATION}: unexpected arguments {unknown}" if unknown else f"{_OPERATION}: missing {missing}")
    voice: typing.Any = given["voice"]
    output_format: typing.Any = given["output_format"]
    left_audio_path, right_audio_path = given.get("left_audio_path"), given.get("right_audio_path")
    if not left_audio_path and not right_audio_path:
        raise RequestValidationError(f"{_OPERATION}: give left_audio_path, right_audio_path or both")
    if not isinstance(voice, typing.Mapping) or voice.get("mode", "id") != "id" or not isinstance(voice.get("id"), str):
        raise RequestValidationError(f"{_OPERATION}: voice must name a voice by id ({{'mode': 'id', 'id': ...}}), got {voice!r}")
    if not isinstance(output_format, typing.Mapping) or output_format.get("container") not in ("wav", "mp3"):
        raise RequestValidationError(
            f"{_OPERATION}: output_format must be a wav or mp3 format (raw is not supported for infill), got {output_format!r}"
        )
    container = output_format["container"]
    arguments: typing.Dict[str, typing.Any] = {
        "model_id": given["model_id"],
        "language": given["language"],
        "transcript": given["transcript"],
        "voice_id": voice["id"],
        "output_format_container": container,
        "output_format_sample_rate": output_format.get("sample_rate"),
    }
    if output_format.get("bit_rate") is not None:
        arguments["output_format_bit_rate"] = output_format["bit_rate"]
    if container != "mp3" and output_format.get("encoding") is not None:
        arguments["output_format_encoding"] = output_format["encoding"]
    return InfillRequest(arguments, container, left_audio_path or None, right_audio_path or None)


def read_clip(path: typing.Optional[Path]) -> bytes:
    """The bytes of the clip at ``path`` (empty for None)."""
    if path is None:
        return b""
    with open(path, "rb") as handle:
        return handle.read()


def upload_arguments(request: InfillRequest, left: bytes, right: bytes) -> typing.Dict[str, typing.Any]:
    """The arguments of ``infill.bytes``: the clips uploaded under their file names."""
    def upload(path: typing.Optional[Path], content: bytes) -> typing.Any:
        return None if path is None else (os.path.basename(os.fspath(path)), content)

    return {**request.arguments, "left_audio": upload(request.left_path, left), "right_audio": upload(request.right_path, right)}
