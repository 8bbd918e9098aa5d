"""Raw output formats by name (``"raw_pcm_s16le_16000"``), as ``tts.get_output_format`` gives them."""

from __future__ import annotations

import typing

from ..core.api_error import RequestValidationError


class RawOutputFormatDict(typing.TypedDict):
    """A raw ``output_format``."""

    container: typing.Literal["raw"]
    encoding: str
    sample_rate: int


def _raw(encoding: str, sample_rate: int) -> RawOutputFormatDict:
    return {"container": "raw", "encoding": encoding, "sample_rate": sample_rate}


OUTPUT_FORMATS: typing.Dict[str, RawOutputFormatDict] = {
    f"raw_{encoding}_{rate}": _raw(encoding, rate)
    for rate in (44100, 24000, 22050, 16000, 8000)
    for encoding in ("pcm_f32le", "pcm_s16le")
}
OUTPUT_FORMATS["raw_pcm_mulaw_8000"] = _raw("pcm_mulaw", 8000)
OUTPUT_FORMATS["raw_pcm_alaw_8000"] = _raw("pcm_alaw", 8000)


def get_output_format(output_format_name: str) -> RawOutputFormatDict:
    """The ``output_format`` dict of a named raw format, for ``tts.sse``, ``tts.bytes`` or the WebSocket.

    An unknown name raises :class:`RequestValidationError` (a ``ValueError``) listing the known ones.
    """
    try:
        return OUTPUT_FORMATS[output_format_name].copy()  # the caller may change it
    except (KeyError, TypeError):
        raise RequestValidationError(
            f"Unsupported format: {output_format_name!r}; known formats: {', '.join(OUTPUT_FORMATS)}"
        ) from None


class OutputFormatMapping:
    """The 2.x class ``cartesia.tts.utils.types.OutputFormatMapping``; the SDK itself does not use it."""

    _format_mapping = OUTPUT_FORMATS

    @classmethod
    def get_format(cls, format_name: str) -> RawOutputFormatDict:
        return get_output_format(format_name)
