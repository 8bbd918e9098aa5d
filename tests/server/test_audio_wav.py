"""WAV headers, the streaming writer, and the parser."""

from __future__ import annotations

import io
import math
import struct
import wave

import pytest

from cartesia.server.audio import (
    SAMPLE_RATES,
    TTS_ENCODINGS,
    InvalidAudioError,
    UnsupportedFormatError,
    WavWriter,
    decode_pcm,
    decode_wav,
    encode_pcm,
    encode_wav,
    parse_wav,
    wav_header,
)

TAGS = {"pcm_s16le": 1, "pcm_f32le": 3, "pcm_alaw": 6, "pcm_mulaw": 7}


def tone(n: int = 1001) -> list[float]:
    return [0.5 * math.sin(i * 0.07) for i in range(n)]


def chunks(data: bytes) -> dict[bytes, bytes]:
    """Top-level RIFF chunks by id (a tiny independent reader for the tests)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    found, offset = {}, 12
    while offset + 8 <= len(data):
        cid, size = data[offset : offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        found[cid] = data[offset + 8 : offset + 8 + size]
        offset += 8 + size + (size & 1)
    assert offset == len(data), "chunks must tile the file exactly"
    return found


@pytest.mark.parametrize("sample_rate", SAMPLE_RATES)
@pytest.mark.parametrize("encoding", TTS_ENCODINGS)
def test_header_fields_follow_the_spec(encoding: str, sample_rate: int) -> None:
    samples = tone()
    data = encode_wav(samples, encoding, sample_rate)
    width = 4 if encoding == "pcm_f32le" else 2 if encoding == "pcm_s16le" else 1
    assert struct.unpack_from("<I", data, 4)[0] == len(data) - 8
    found = chunks(data)
    tag, channels, rate, byte_rate, align, bits = struct.unpack_from("<HHIIHH", found[b"fmt "])
    assert (tag, channels, rate, byte_rate, align, bits) == (
        TAGS[encoding],
        1,
        sample_rate,
        sample_rate * width,
        width,
        8 * width,
    )
    if encoding == "pcm_s16le":
        assert len(found[b"fmt "]) == 16 and b"fact" not in found
    else:  # non-PCM: WAVEFORMATEX with cbSize 0, and a fact chunk with the sample count
        assert found[b"fmt "][16:] == b"\x00\x00"
        assert found[b"fact"] == struct.pack("<I", len(samples))
    assert found[b"data"] == encode_pcm(samples, encoding)
    assert len(data) % 2 == 0  # odd 8-bit data gets its pad byte

    info = parse_wav(data)
    assert (info.encoding, info.sample_rate, info.frames, info.format_tag) == (encoding, sample_rate, 1001, tag)
    assert info.fact_samples == (None if encoding == "pcm_s16le" else 1001)


def test_python_wave_module_reads_s16_files() -> None:
    samples = tone()
    with wave.open(io.BytesIO(encode_wav(samples, "pcm_s16le", 22050))) as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 22050)
        assert reader.getnframes() == len(samples)
        assert reader.readframes(len(samples)) == encode_pcm(samples, "pcm_s16le")


def test_streaming_writer_uses_placeholder_sizes_that_readers_accept() -> None:
    samples = tone()
    writer = WavWriter("pcm_s16le", 16000)
    pieces = [writer.write(samples[i : i + 300]) for i in range(0, len(samples), 300)] + [writer.flush()]
    data = b"".join(pieces)
    assert pieces[0].startswith(wav_header("pcm_s16le", 16000))
    assert data[4:8] == b"\xff\xff\xff\xff" and data[40:44] == b"\xff\xff\xff\xff"
    info = parse_wav(data)
    assert info.declared_data_size == 0xFFFFFFFF and info.frames == len(samples)
    with wave.open(io.BytesIO(data)) as reader:
        assert reader.readframes(1 << 20) == encode_pcm(samples, "pcm_s16le")


@pytest.mark.parametrize("encoding", TTS_ENCODINGS)
def test_incremental_writer_with_known_length_equals_one_shot(encoding: str) -> None:
    samples = tone(777)
    writer = WavWriter(encoding, 8000, total_samples=len(samples))
    header = writer.header()
    body = b"".join(writer.write(samples[i : i + 100]) for i in range(0, len(samples), 100))
    assert header + body + writer.flush() == encode_wav(samples, encoding, 8000)


def test_writer_refuses_to_break_its_header() -> None:
    writer = WavWriter("pcm_s16le", 8000, total_samples=10)
    writer.write([0.0] * 6)
    with pytest.raises(ValueError):
        writer.flush()  # 4 samples short
    with pytest.raises(ValueError):
        WavWriter("pcm_s16le", 8000, total_samples=2).write([0.0] * 3)


def test_empty_file_is_a_header_alone() -> None:
    data = WavWriter("pcm_mulaw", 8000, total_samples=0).flush()
    assert parse_wav(data).frames == 0 and len(decode_wav(data).samples) == 0


def test_decoder_handles_foreign_files() -> None:
    # Stereo 24-bit WAVE_FORMAT_EXTENSIBLE with a LIST chunk before the data: channels are averaged.
    left, right = [0.5, -0.25, 0.0], [0.25, 0.25, -1.0]
    frames = encode_pcm([v for pair in zip(left, right) for v in pair], "pcm_s24le")
    guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, 2, 44100, 44100 * 6, 6, 24, 22, 24, 3) + struct.pack("<H", 1) + guid_tail
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"LIST" + struct.pack("<I", 3) + b"abc\x00"
    body += b"data" + struct.pack("<I", len(frames)) + frames
    audio = decode_wav(b"RIFF" + struct.pack("<I", len(body)) + body)
    assert audio.sample_rate == 44100
    assert [round(v, 5) for v in audio.samples] == [0.375, 0.0, -0.5]


def test_truncated_data_is_read_up_to_the_last_whole_sample() -> None:
    data = encode_wav(tone(100), "pcm_f32le", 48000)[:-5]
    info = parse_wav(data)
    assert info.frames == 98 and info.declared_data_size == 400
    assert list(decode_wav(data).samples) == list(decode_pcm(encode_pcm(tone(98), "pcm_f32le"), "pcm_f32le"))


@pytest.mark.parametrize(
    "data",
    [b"", b"RIFF\x00\x00\x00\x00WAVX", b"RIFF\x04\x00\x00\x00WAVE", b"RIFF\x0c\x00\x00\x00WAVEdata\x00\x00\x00\x00"],
)
def test_malformed_files_raise(data: bytes) -> None:
    with pytest.raises(InvalidAudioError):
        parse_wav(data)


def test_unsupported_tags_raise() -> None:
    adpcm = bytearray(encode_wav(tone(10), "pcm_mulaw", 8000))
    adpcm[20:22] = struct.pack("<H", 2)  # Microsoft ADPCM
    assert parse_wav(bytes(adpcm)).encoding is None
    with pytest.raises(UnsupportedFormatError):
        decode_wav(bytes(adpcm))
