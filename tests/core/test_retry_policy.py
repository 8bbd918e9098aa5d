"""The retry policy as a table: statuses, retry headers, backoff, caps and jitter."""

from __future__ import annotations

import email.utils
import typing

import httpx
import pytest

from cartesia.core.retry import DEFAULT_RETRY_POLICY, RetryPolicy, is_retryable_status, parse_retry_after, should_retry

NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (400, False), (401, False), (402, False), (403, False), (404, False), (408, True), (409, True),
        (413, False), (422, False), (429, True), (500, True), (502, True), (503, True), (504, True), (599, True),
    ],
)
def test_status_classes(status: int, retryable: bool) -> None:
    assert is_retryable_status(status) is retryable
    assert should_retry(httpx.Response(status)) is retryable


@pytest.mark.parametrize(("header", "status", "expected"), [("true", 400, True), ("false", 503, False), ("TRUE", 404, True), ("maybe", 400, False)])
def test_x_should_retry_overrides_status(header: str, status: int, expected: bool) -> None:
    assert should_retry(httpx.Response(status, headers={"x-should-retry": header})) is expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "0"}, 0.0),
        ({"retry-after-ms": " 250.5 "}, 0.2505),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),  # the precise header wins
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),  # an unusable one is skipped
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after": email.utils.formatdate(NOW + 7, usegmt=True)}, 7.0),
        ({"retry-after": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),  # a past date means now
        ({"retry-after": "-4"}, None),
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after": "Someday, 99 Foo 2024"}, None),
        ({"retry-after": ""}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: typing.Dict[str, str], expected: typing.Optional[float]) -> None:
    value = parse_retry_after(httpx.Headers(headers), now=NOW)
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("retries_taken", "ceiling"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (30, 8.0)])
def test_backoff_is_exponential_capped_and_jittered(retries_taken: int, ceiling: float) -> None:
    policy = DEFAULT_RETRY_POLICY
    assert policy.backoff(retries_taken, rng=lambda: 0.0) == pytest.approx(ceiling)  # no jitter: the ceiling
    lowest = policy.backoff(retries_taken, rng=lambda: 0.999999)
    assert ceiling * 0.75 < lowest < ceiling * 0.7501  # full jitter takes off just under 25 %


def test_backoff_stays_within_jitter_bounds_with_real_randomness() -> None:
    samples = [DEFAULT_RETRY_POLICY.backoff(2) for _ in range(2000)]
    assert all(1.5 < s <= 2.0 for s in samples)
    assert max(samples) - min(samples) > 0.3  # it really varies


def test_delay_prefers_server_hint_and_refuses_hints_over_the_cap() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert policy.delay(0, httpx.Headers({"retry-after-ms": "1500"})) == 1.5
    assert policy.delay(3, httpx.Headers({"retry-after": "60"})) == 60.0
    assert policy.delay(0, httpx.Headers({"retry-after": "61"})) is None
    assert policy.delay(0, httpx.Headers({"retry-after-ms": "3600000"})) is None
    assert policy.delay(1, httpx.Headers({}), rng=lambda: 0.0) == 1.0  # no hint: backoff
