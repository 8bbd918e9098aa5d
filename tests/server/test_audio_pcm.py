"""PCM encodings and G.711 companding."""

from __future__ import annotations

import hashlib
import math
import struct

import pytest

from cartesia.server.audio import (
    SAMPLE_WIDTHS,
    STT_ENCODINGS,
    TTS_ENCODINGS,
    InvalidAudioError,
    PcmStreamDecoder,
    UnsupportedFormatError,
    decode_pcm,
    encode_pcm,
    g711,
)

ALL_S16 = list(range(-32768, 32768))

# Worst round-trip error for a full-scale signal, per encoding.
TOLERANCE = {
    "pcm_f32le": 1e-7,
    "pcm_f64le": 1e-7,
    "pcm_f16le": 5e-4,
    "pcm_s16le": 5e-5,
    "pcm_s24le": 2e-7,
    "pcm_s32le": 1e-7,
    "pcm_u8": 1.2e-2,
    "pcm_mulaw": 3.2e-2,
    "pcm_alaw": 3.2e-2,
}


def sweep(n: int = 2000) -> list[float]:
    return [0.99 * math.sin(i * 0.0123) * math.cos(i * 0.0007) for i in range(n)]


def test_g711_tables_match_the_reference_implementation() -> None:
    # Digests of the outputs of CPython's audioop (Sun reference code) over every 16-bit input
    # and every code byte, recorded before audioop left the standard library.
    ulaw = g711.ulaw_encode_table()
    alaw = g711.alaw_encode_table()
    assert (
        hashlib.sha256(bytes(ulaw[(v >> 2) + 8192] for v in ALL_S16)).hexdigest()
        == "81d633c9e6972a18c74a58720b96cb8ca0bdd096d4060b646dd708c3b846019a"
    )
    assert (
        hashlib.sha256(bytes(alaw[(v >> 3) + 4096] for v in ALL_S16)).hexdigest()
        == "38488f6fd710f4686360edc4d38639f96c491595ef93f8eb8d62d5e07ca6ce7b"
    )
    expand = struct.pack("<256h", *(g711.ulaw_to_linear(c) for c in range(256)))
    assert hashlib.sha256(expand).hexdigest() == "3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827"
    expand = struct.pack("<256h", *(g711.alaw_to_linear(c) for c in range(256)))
    assert hashlib.sha256(expand).hexdigest() == "e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174"


def test_g711_known_code_points() -> None:
    assert encode_pcm([0.0], "pcm_mulaw") == b"\xff"
    assert encode_pcm([0.0], "pcm_alaw") == b"\xd5"
    assert encode_pcm([1.0, -1.0], "pcm_mulaw") == b"\x80\x00"
    assert encode_pcm([1.0, -1.0], "pcm_alaw") == b"\xaa\x2a"
    assert g711.ulaw_to_linear(0x00) == -32124
    assert g711.alaw_to_linear(0x2A) == -32256
    assert decode_pcm(b"\xff", "pcm_mulaw")[0] == 0.0


@pytest.mark.parametrize("table", [g711.ulaw_decode_table(), g711.alaw_decode_table()])
def test_g711_codes_expand_symmetrically(table: tuple[float, ...]) -> None:
    assert sorted(table) == sorted(-v for v in table)
    assert max(table) < 1.0


@pytest.mark.parametrize("encoding", sorted(SAMPLE_WIDTHS))
def test_round_trip_is_close(encoding: str) -> None:
    samples = sweep()
    data = encode_pcm(samples, encoding)
    assert len(data) == len(samples) * SAMPLE_WIDTHS[encoding]
    decoded = decode_pcm(data, encoding)
    assert len(decoded) == len(samples)
    assert max(abs(a - b) for a, b in zip(samples, decoded)) <= TOLERANCE[encoding]


def test_api_encodings_are_all_supported() -> None:
    assert set(TTS_ENCODINGS) | set(STT_ENCODINGS) <= set(SAMPLE_WIDTHS)


def test_integer_layouts_are_little_endian_and_clip() -> None:
    assert encode_pcm([1.0, -1.0, 0.5, 3.0, -3.0], "pcm_s16le") == struct.pack(
        "<5h", 32767, -32767, 16384, 32767, -32768
    )
    assert encode_pcm([1.0, -2.0], "pcm_s32le") == struct.pack("<2i", 2**31 - 1, -(2**31))
    assert encode_pcm([0.5, -0.5], "pcm_s24le") == b"\x00\x00\x40\x01\x00\xc0"  # -4194303
    assert encode_pcm([0.0, 1.0, -1.0], "pcm_u8") == b"\x80\xff\x01"
    assert encode_pcm([0.25], "pcm_f32le") == struct.pack("<f", 0.25)
    assert encode_pcm([0.25, 1e9], "pcm_f16le") == struct.pack("<2e", 0.25, 65504.0)
    assert list(decode_pcm(struct.pack("<3h", -32768, 16384, 0), "pcm_s16le")) == [-1.0, 0.5, 0.0]


def test_partial_samples_and_unknown_encodings_are_rejected() -> None:
    with pytest.raises(InvalidAudioError):
        decode_pcm(b"\x00\x00\x00", "pcm_s16le")
    with pytest.raises(UnsupportedFormatError):
        encode_pcm([0.0], "pcm_s8")
    with pytest.raises(ValueError):  # both errors are ValueErrors for the server's 400 mapping
        decode_pcm(b"", "mp3")


def test_stream_decoder_reassembles_split_samples() -> None:
    samples = sweep(300)
    data = encode_pcm(samples, "pcm_s32le")
    decoder = PcmStreamDecoder("pcm_s32le")
    out: list[float] = []
    for i in range(0, len(data), 7):  # 7-byte pieces split almost every sample
        out += decoder.feed(data[i : i + 7])
    assert decoder.pending_bytes == 0
    assert list(out) == list(decode_pcm(data, "pcm_s32le"))
