"""Pure-Python audio for the local server: codecs, containers, resampling and the synthetic voice.

Samples are mono floats in −1..1, returned as `array('f')`; standard library only.
"""

from __future__ import annotations

from .containers import AudioWriter, RawWriter, decode_audio, encode_audio, make_writer
from .errors import AudioError, InvalidAudioError, UnsupportedFormatError
from .formats import (
    CONTAINERS,
    MP3_BIT_RATES,
    SAMPLE_RATES,
    SAMPLE_WIDTHS,
    STT_ENCODINGS,
    TTS_ENCODINGS,
    sample_width,
)
from .mp3 import (
    Mp3FrameHeader,
    Mp3FrameWriter,
    encode_mp3,
    iter_mp3_frames,
    mp3_bit_rates,
    nearest_mp3_bit_rate,
    parse_mp3_header,
)
from .pcm import PcmStreamDecoder, decode_pcm, encode_pcm
from .resample import resample
from .synthetic import SynthesisChunk, SynthesisResult, SyntheticSpeech, WordTiming, synthesize
from .transcribe import StreamingTranscriber, transcribe
from .wav import DecodedAudio, WavInfo, WavWriter, decode_wav, encode_wav, parse_wav, wav_header

__all__ = [
    "CONTAINERS",
    "MP3_BIT_RATES",
    "SAMPLE_RATES",
    "SAMPLE_WIDTHS",
    "STT_ENCODINGS",
    "TTS_ENCODINGS",
    "AudioError",
    "AudioWriter",
    "DecodedAudio",
    "InvalidAudioError",
    "Mp3FrameHeader",
    "Mp3FrameWriter",
    "PcmStreamDecoder",
    "RawWriter",
    "StreamingTranscriber",
    "SynthesisChunk",
    "SynthesisResult",
    "SyntheticSpeech",
    "UnsupportedFormatError",
    "WavInfo",
    "WavWriter",
    "WordTiming",
    "decode_audio",
    "decode_pcm",
    "decode_wav",
    "encode_audio",
    "encode_mp3",
    "encode_pcm",
    "encode_wav",
    "iter_mp3_frames",
    "make_writer",
    "mp3_bit_rates",
    "nearest_mp3_bit_rate",
    "parse_mp3_header",
    "parse_wav",
    "resample",
    "sample_width",
    "synthesize",
    "transcribe",
    "wav_header",
]
