"""One writer per API output_format, and decoding of uploads."""

from __future__ import annotations

import typing

import miniaudio
import pytest

from cartesia.server.audio import (
    Mp3FrameWriter,
    RawWriter,
    SyntheticSpeech,
    UnsupportedFormatError,
    WavWriter,
    containers,
    decode_audio,
    encode_audio,
    encode_mp3,
    encode_pcm,
    encode_wav,
    make_writer,
    parse_wav,
    synthesize,
    transcribe,
)
from cartesia.server.audio.mp3_codec import LameMp3Writer


def _lame(samples: typing.Sequence[float], sample_rate: int, bit_rate: int) -> bytes:
    writer = LameMp3Writer(sample_rate, bit_rate)
    return writer.write(samples) + writer.flush()


def test_writers_match_their_one_shot_encoders() -> None:
    speech = SyntheticSpeech("stream me", 24000)
    samples = speech.render().samples
    formats: list[tuple[str, str | None, int | None, bytes]] = [
        ("raw", "pcm_s16le", None, encode_pcm(samples, "pcm_s16le")),
        ("wav", "pcm_mulaw", None, encode_wav(samples, "pcm_mulaw", 24000)),
        ("mp3", None, 96000, _lame(samples, 24000, 96000)),
    ]
    for container, encoding, bit_rate, expected in formats:
        writer = make_writer(container, 24000, encoding=encoding, bit_rate=bit_rate, total_samples=speech.total_samples)
        streamed = b"".join(writer.write(chunk.samples) for chunk in speech.chunks(1000)) + writer.flush()
        assert streamed == expected
        assert encode_audio(samples, container, 24000, encoding=encoding, bit_rate=bit_rate) == expected


def test_writer_types_and_missing_options() -> None:
    assert isinstance(make_writer("raw", 8000, encoding="pcm_alaw"), RawWriter)
    assert isinstance(make_writer("wav", 8000, encoding="pcm_alaw"), WavWriter)
    assert isinstance(make_writer("mp3", 8000, bit_rate=32000), LameMp3Writer)  # the codec comes with the server extra
    for container, encoding in [("raw", None), ("wav", None), ("mp3", "pcm_s16le"), ("ogg", "pcm_s16le")]:
        with pytest.raises(UnsupportedFormatError):
            make_writer(container, 8000, encoding=encoding)
    with pytest.raises(UnsupportedFormatError):
        make_writer("raw", 8000, encoding="pcm_s8")


def test_without_the_codec_mp3_is_silent_frames_of_the_exact_length(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers, "can_encode_mp3", lambda: False)
    writer = make_writer("mp3", 16000, bit_rate=32000)
    assert isinstance(writer, Mp3FrameWriter)
    assert writer.write(16000) + writer.flush() == encode_mp3(16000, 16000, 32000)


def test_real_mp3_decodes_to_what_was_spoken() -> None:
    speech = synthesize("testing one two three", 44100)
    decoded = miniaudio.mp3_read_s16(_lame(speech.samples, 44100, 128000))
    assert (decoded.sample_rate, decoded.nchannels) == (44100, 1)
    heard = transcribe([value / 32768 for value in decoded.samples], 44100)
    assert [w.word for w in heard] == ["testing", "one", "two", "three"]
    # LAME's encoder delay comes first: about 1,105 samples.
    assert [round(w.start_s - s.start_s, 3) for w, s in zip(heard, speech.words)] == [pytest.approx(0.025, abs=0.01)] * 4


def test_streaming_wav_when_the_length_is_unknown() -> None:
    writer = make_writer("wav", 16000, encoding="pcm_f32le")
    data = writer.write([0.25] * 10) + writer.flush()
    info = parse_wav(data)
    assert info.declared_data_size == 0xFFFFFFFF and info.fact_samples == 0xFFFFFFFF and info.frames == 10


def test_decode_audio_reads_wav_headers_and_declared_raw() -> None:
    wav = encode_wav([0.5, -0.5], "pcm_s16le", 22050)
    audio = decode_audio(wav, encoding="pcm_mulaw", sample_rate=8000)  # the header wins
    assert audio.sample_rate == 22050 and list(audio.samples) == pytest.approx([0.5, -0.5], abs=1e-4)
    raw = decode_audio(encode_pcm([0.5], "pcm_f16le"), encoding="pcm_f16le", sample_rate=16000)
    assert (list(raw.samples), raw.sample_rate) == ([0.5], 16000)
    with pytest.raises(UnsupportedFormatError):
        decode_audio(b"\x00\x01")
