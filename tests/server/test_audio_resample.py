"""Windowed-sinc resampling: length, passband accuracy, alias rejection."""

from __future__ import annotations

import math

import pytest

from cartesia.server.audio import resample


def sine(freq: float, rate: int, n: int) -> list[float]:
    return [0.5 * math.sin(2 * math.pi * freq * i / rate) for i in range(n)]


def rms(values: list[float]) -> float:
    return math.sqrt(sum(v * v for v in values) / len(values))


@pytest.mark.parametrize(
    ("src", "dst", "freq"),
    [(48000, 8000, 1000), (8000, 48000, 3000), (44100, 16000, 440), (22050, 24000, 5000), (16000, 44100, 6000)],
)
def test_passband_sine_is_reproduced(src: int, dst: int, freq: float) -> None:
    out = resample(sine(freq, src, src // 2), src, dst)
    assert len(out) == dst // 2
    ideal = sine(freq, dst, len(out))
    edge = dst // 100  # the ends fade against the implied zeros outside the signal
    assert max(abs(a - b) for a, b in zip(out[edge:-edge], ideal[edge:-edge])) < 1e-3


def test_content_above_the_new_nyquist_frequency_is_removed() -> None:
    # 5 kHz cannot exist at 8000 Hz; without filtering it would alias to 3 kHz at full strength.
    out = list(resample(sine(5000, 48000, 24000), 48000, 8000))
    assert rms(out[100:-100]) < 1e-3 * rms(sine(5000, 48000, 24000))


def test_same_rate_is_a_copy_and_lengths_round() -> None:
    data = [0.1, -0.2, 0.3]
    assert list(resample(data, 16000, 16000)) == pytest.approx(data)
    assert len(resample([0.0] * 441, 44100, 48000)) == 480
    assert len(resample([0.0] * 1001, 48000, 22050)) == 460  # 459.8 rounds to 460
    assert len(resample([], 8000, 16000)) == 0
    with pytest.raises(ValueError):
        resample(data, 0, 8000)


def test_odd_rates_use_quantised_phases_accurately() -> None:
    out = resample(sine(1000, 44101, 22050), 44101, 16000)  # gcd 1: more phases than tabulated
    ideal = sine(1000, 16000, len(out))
    assert max(abs(a - b) for a, b in zip(out[200:-200], ideal[200:-200])) < 2e-3
