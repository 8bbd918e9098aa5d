"""Silent MPEG Layer III frames: headers, lengths, padding, counts, streaming."""

from __future__ import annotations

import math

import miniaudio
import pytest

from cartesia.server.audio import (
    MP3_BIT_RATES,
    SAMPLE_RATES,
    InvalidAudioError,
    Mp3FrameHeader,
    Mp3FrameWriter,
    UnsupportedFormatError,
    encode_mp3,
    iter_mp3_frames,
    mp3_bit_rates,
    nearest_mp3_bit_rate,
    parse_mp3_header,
)

MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


def test_header_bits_for_each_mpeg_version() -> None:
    # Hand-assembled: sync, version, layer III, no CRC | bit rate index, rate index, padding | mono.
    assert Mp3FrameHeader("1", 128000, 44100).to_bytes() == bytes([0xFF, 0xFB, 0x90, 0xC0])
    assert Mp3FrameHeader("1", 192000, 48000, padding=True).to_bytes() == bytes([0xFF, 0xFB, 0xB6, 0xC0])
    assert Mp3FrameHeader("2", 64000, 22050).to_bytes() == bytes([0xFF, 0xF3, 0x80, 0xC0])
    assert Mp3FrameHeader("2.5", 32000, 8000).to_bytes() == bytes([0xFF, 0xE3, 0x48, 0xC0])


@pytest.mark.parametrize("sample_rate", MP3_RATES)
def test_versions_and_frame_sizes(sample_rate: int) -> None:
    version = "1" if sample_rate >= 32000 else "2" if sample_rate >= 16000 else "2.5"
    per_frame = 1152 if version == "1" else 576
    for bit_rate in mp3_bit_rates(sample_rate):
        for padding in (False, True):
            header = parse_mp3_header(Mp3FrameHeader(version, bit_rate, sample_rate, padding).to_bytes())
            assert (header.version, header.bit_rate, header.sample_rate, header.padding) == (
                version,
                bit_rate,
                sample_rate,
                padding,
            )
            assert header.samples_per_frame == per_frame and not header.protected
            assert header.frame_length == per_frame // 8 * bit_rate // sample_rate + padding


def test_bit_rates_fall_back_to_the_nearest_allowed() -> None:
    for rate in (32000, 44100, 48000):
        assert [nearest_mp3_bit_rate(rate, b) for b in MP3_BIT_RATES] == list(MP3_BIT_RATES)
    for rate in (8000, 16000, 22050, 24000):
        assert [nearest_mp3_bit_rate(rate, b) for b in MP3_BIT_RATES] == [32000, 64000, 96000, 128000, 160000]
    assert nearest_mp3_bit_rate(44100, 150000) == 160000
    assert nearest_mp3_bit_rate(16000, 152000) == 144000  # tie between 144k and 160k: the lower
    assert Mp3FrameWriter(24000, 192000).bit_rate == 160000


@pytest.mark.parametrize("sample_rate", SAMPLE_RATES)
@pytest.mark.parametrize("bit_rate", MP3_BIT_RATES)
def test_stream_has_one_frame_per_block_and_exact_average_bit_rate(sample_rate: int, bit_rate: int) -> None:
    num_samples = 3 * sample_rate + 17
    data = encode_mp3(num_samples, sample_rate, bit_rate)
    frames = list(iter_mp3_frames(data))
    per_frame = frames[0][1].samples_per_frame
    assert len(frames) == math.ceil(num_samples / per_frame)
    assert {h.bit_rate for _, h in frames} == {nearest_mp3_bit_rate(sample_rate, bit_rate)}
    assert {(h.sample_rate, h.channel_mode) for _, h in frames} == {(sample_rate, 3)}
    # Silence: every byte after each 4-byte header is zero (side info and main data).
    assert all(not any(data[offset + 4 : offset + h.frame_length]) for offset, h in frames)
    # Padding is spread so that the size matches the nominal bit rate to within one byte.
    exact = len(frames) * per_frame * frames[0][1].bit_rate / 8 / sample_rate
    assert abs(len(data) - exact) < 1
    assert any(h.padding for _, h in frames) == (sample_rate in (44100, 22050))


def test_writer_emits_whole_frames_as_samples_arrive() -> None:
    writer = Mp3FrameWriter(44100, 128000)
    assert writer.write(1000) == b""  # not a whole frame yet
    first = writer.write([0.0] * 200)  # 1200 samples: one frame, 48 pending
    assert len(list(iter_mp3_frames(first))) == 1
    rest = b"".join(writer.write(n) for n in (500, 3000, 7)) + writer.flush()
    assert first + rest == encode_mp3(4707, 44100, 128000)
    assert writer.frames_written == 5 and writer.flush() == b""


def test_zero_samples_make_an_empty_stream() -> None:
    assert encode_mp3(0, 48000, 64000) == b""


def test_parser_skips_tags_and_rejects_garbage() -> None:
    frames = encode_mp3(5000, 16000, 32000)
    id3v2 = b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"xxxxx"
    id3v1 = b"TAG" + bytes(125)
    assert len(list(iter_mp3_frames(id3v2 + frames + id3v1))) == len(list(iter_mp3_frames(frames)))
    with pytest.raises(InvalidAudioError):
        list(iter_mp3_frames(frames + b"junk"))
    with pytest.raises(InvalidAudioError):
        list(iter_mp3_frames(frames[:-1]))
    with pytest.raises(InvalidAudioError):
        parse_mp3_header(b"\xff\xfd\x90\xc0")  # layer I
    with pytest.raises(UnsupportedFormatError):
        Mp3FrameWriter(96000, 128000)


@pytest.mark.parametrize(("sample_rate", "bit_rate"), [(8000, 64000), (16000, 32000), (22050, 192000), (44100, 128000), (48000, 32000)])
def test_a_real_decoder_reads_every_frame_as_silence(sample_rate: int, bit_rate: int) -> None:
    # miniaudio (dr_mp3, installed with the test extra) is the reference decoder here.
    decoded = miniaudio.mp3_read_s16(encode_mp3(sample_rate, sample_rate, bit_rate))
    per_frame = 1152 if sample_rate >= 32000 else 576
    assert (decoded.sample_rate, decoded.nchannels) == (sample_rate, 1)
    assert len(decoded.samples) == per_frame * math.ceil(sample_rate / per_frame)
    assert not any(decoded.samples)
