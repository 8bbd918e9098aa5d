"""Output formats for ``cartesia tts``, chosen from the file extension or the options."""

from __future__ import annotations

import dataclasses
import pathlib
import typing

from .errors import UsageError

ENCODING_WIDTHS = {"pcm_f32le": 4, "pcm_s16le": 2, "pcm_mulaw": 1, "pcm_alaw": 1}


@dataclasses.dataclass(frozen=True)
class AudioFormat:
    container: str
    sample_rate: int
    encoding: typing.Optional[str] = None
    bit_rate: typing.Optional[int] = None

    def as_params(self) -> typing.Dict[str, typing.Any]:
        """The ``output_format`` argument of ``tts.bytes``."""
        params: typing.Dict[str, typing.Any] = {"container": self.container, "sample_rate": self.sample_rate}
        if self.container == "mp3":
            params["bit_rate"] = self.bit_rate
        else:
            params["encoding"] = self.encoding
        return params

    def seconds(self, size: int) -> typing.Optional[float]:
        """How much audio ``size`` bytes hold (roughly, for containers with headers)."""
        if self.container == "mp3" and self.bit_rate:
            return size * 8 / self.bit_rate
        width = ENCODING_WIDTHS.get(self.encoding or "")
        if width is None:
            return None
        header = 44 if self.container == "wav" else 0
        return max(0, size - header) / (width * self.sample_rate)


# Defaults by extension: what a player opens without being told the format.
_BY_EXTENSION = {
    ".wav": AudioFormat("wav", 44100, encoding="pcm_s16le"),
    ".mp3": AudioFormat("mp3", 44100, bit_rate=128000),
    ".pcm": AudioFormat("raw", 44100, encoding="pcm_s16le"),
    ".raw": AudioFormat("raw", 44100, encoding="pcm_f32le"),
    ".f32": AudioFormat("raw", 44100, encoding="pcm_f32le"),
    ".ulaw": AudioFormat("raw", 8000, encoding="pcm_mulaw"),
    ".mulaw": AudioFormat("raw", 8000, encoding="pcm_mulaw"),
    ".alaw": AudioFormat("raw", 8000, encoding="pcm_alaw"),
}
_DEFAULT = AudioFormat("wav", 44100, encoding="pcm_s16le")


def choose_format(
    output: typing.Optional[str],
    *,
    container: typing.Optional[str] = None,
    encoding: typing.Optional[str] = None,
    sample_rate: typing.Optional[int] = None,
    bit_rate: typing.Optional[int] = None,
) -> AudioFormat:
    """The format for ``output``: its extension's defaults, with any option overriding them."""
    base = _DEFAULT
    if output not in (None, "-"):
        suffix = pathlib.Path(typing.cast(str, output)).suffix.lower()
        if suffix in _BY_EXTENSION:
            base = _BY_EXTENSION[suffix]
        elif container is None:
            known = ", ".join(sorted(_BY_EXTENSION))
            raise UsageError(f"cannot tell the audio format of {output!r}: use one of {known}, or --container")
    if container is not None and container != base.container:
        base = {"wav": _DEFAULT, "mp3": _BY_EXTENSION[".mp3"], "raw": _BY_EXTENSION[".raw"]}[container]
    if base.container == "mp3" and encoding is not None:
        raise UsageError("--encoding applies to wav and raw output; for mp3, choose --bit-rate")
    if base.container != "mp3" and bit_rate is not None:
        raise UsageError(f"--bit-rate applies to mp3 output, not {base.container}")
    chosen = dataclasses.replace(
        base,
        sample_rate=sample_rate or base.sample_rate,
        encoding=encoding or base.encoding if base.container != "mp3" else None,
        bit_rate=bit_rate or base.bit_rate if base.container == "mp3" else None,
    )
    return chosen
