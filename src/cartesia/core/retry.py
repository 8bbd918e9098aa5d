"""The retry policy: which failures are retried and how long to wait. Pure functions, no I/O."""

from __future__ import annotations

import dataclasses
import email.utils
import random
import time
import typing

import httpx

DEFAULT_MAX_RETRIES = 2

# 408 timeout, 409 conflict (lock contention), 429 rate limit; every 5xx is retried too.
_RETRYABLE_STATUSES = frozenset({408, 409, 429})


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, overridden by the server's retry hints.

    ``max_retry_after`` caps how long a server hint may make the client wait: a longer hint is not
    waited out but returned to the caller as the error, since sleeping minutes inside a call is
    worse than failing (a voice agent would rather fall back than hang).
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: float = 0.25

    def backoff(self, retries_taken: int, rng: typing.Callable[[], float] = random.random) -> float:
        """The delay before retry number ``retries_taken + 1``, in (1 - jitter, 1] x the capped exponential."""
        base = min(self.initial_delay * 2.0**retries_taken, self.max_delay)
        return base * (1.0 - self.jitter * rng())

    def delay(
        self,
        retries_taken: int,
        headers: typing.Optional[httpx.Headers] = None,
        *,
        now: typing.Optional[float] = None,
        rng: typing.Callable[[], float] = random.random,
    ) -> typing.Optional[float]:
        """Seconds to wait before the next attempt, or None when the server's hint exceeds the cap."""
        hinted = parse_retry_after(headers, now=now) if headers is not None else None
        if hinted is None:
            return self.backoff(retries_taken, rng)
        if hinted > self.max_retry_after:
            return None
        return hinted


DEFAULT_RETRY_POLICY = RetryPolicy()


def is_retryable_status(status_code: int) -> bool:
    return status_code in _RETRYABLE_STATUSES or status_code >= 500


def should_retry(response: httpx.Response) -> bool:
    """Whether a failed response is worth another attempt; ``x-should-retry`` overrides the status rule."""
    override = response.headers.get("x-should-retry", "").strip().lower()
    if override == "true":
        return True
    if override == "false":
        return False
    return is_retryable_status(response.status_code)


def parse_retry_after(headers: httpx.Headers, *, now: typing.Optional[float] = None) -> typing.Optional[float]:
    """Seconds requested by ``retry-after-ms``, else ``Retry-After`` (seconds or an HTTP date)."""
    millis = _number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _number(value: typing.Optional[str]) -> typing.Optional[float]:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if number != number or number < 0 or number == float("inf"):  # NaN, negative, infinite
        return None
    return number
