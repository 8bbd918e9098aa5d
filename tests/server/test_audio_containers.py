"""One writer per API output_format, and decoding of uploads."""

from __future__ import annotations

import pytest

from cartesia.server.audio import (
    Mp3FrameWriter,
    RawWriter,
    SyntheticSpeech,
    UnsupportedFormatError,
    WavWriter,
    decode_audio,
    encode_audio,
    encode_mp3,
    encode_pcm,
    encode_wav,
    make_writer,
    parse_wav,
)


def test_writers_match_their_one_shot_encoders() -> None:
    speech = SyntheticSpeech("stream me", 24000)
    samples = speech.render().samples
    formats: list[tuple[str, str | None, int | None, bytes]] = [
        ("raw", "pcm_s16le", None, encode_pcm(samples, "pcm_s16le")),
        ("wav", "pcm_mulaw", None, encode_wav(samples, "pcm_mulaw", 24000)),
        ("mp3", None, 96000, encode_mp3(len(samples), 24000, 96000)),
    ]
    for container, encoding, bit_rate, expected in formats:
        writer = make_writer(container, 24000, encoding=encoding, bit_rate=bit_rate, total_samples=speech.total_samples)
        streamed = b"".join(writer.write(chunk.samples) for chunk in speech.chunks(1000)) + writer.flush()
        assert streamed == expected
        assert encode_audio(samples, container, 24000, encoding=encoding, bit_rate=bit_rate) == expected


def test_writer_types_and_missing_options() -> None:
    assert isinstance(make_writer("raw", 8000, encoding="pcm_alaw"), RawWriter)
    assert isinstance(make_writer("wav", 8000, encoding="pcm_alaw"), WavWriter)
    assert isinstance(make_writer("mp3", 8000, bit_rate=32000), Mp3FrameWriter)
    for container, encoding in [("raw", None), ("wav", None), ("mp3", "pcm_s16le"), ("ogg", "pcm_s16le")]:
        with pytest.raises(UnsupportedFormatError):
            make_writer(container, 8000, encoding=encoding)
    with pytest.raises(UnsupportedFormatError):
        make_writer("raw", 8000, encoding="pcm_s8")


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
