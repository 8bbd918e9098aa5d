"""When to try opening a WebSocket again: the retry and reconnect policy, without I/O.

The shells loop ``delay = attempts.next_delay()`` → sleep → connect → ``attempts.failed(exc)``.
The first attempt goes at once (a reconnect after an idle close costs one handshake, no wait);
failed attempts back off. Connection errors, timeouts, 408/409/429 and 5xx refusals are retried;
other refusals (401, 402, 403, 404, ...) are raised at once.
"""

from __future__ import annotations

import typing

import httpx

from ..core.api_error import ApiConnectionError, ApiError
from ..core.logs import logger
from ..core.retry import is_retryable_status
from .errors import WebSocketConnectionClosedError
from .options import ReconnectingEvent, WebSocketOptions


class ConnectAttempts:
    """The attempts of one connect: ``close_code`` is set when reopening a socket that closed."""

    def __init__(self, options: WebSocketOptions, *, close_code: typing.Optional[int] = None) -> None:
        self.options = options
        self.close_code = close_code
        self.failures = 0
        self._pending_delay = 0.0

    @property
    def max_attempts(self) -> int:
        return self.options.max_retries + 1

    def next_delay(self) -> float:
        """Seconds to wait before the next attempt; asks ``on_reconnecting`` first when reopening."""
        delay = self._pending_delay
        hook = self.options.on_reconnecting
        if self.close_code is not None and hook is not None:
            event = ReconnectingEvent(
                attempt=self.failures + 1,
                max_attempts=self.max_attempts,
                delay=delay,
                close_code=self.close_code,
                extra_query=dict(self.options.extra_query),
                extra_headers=dict(self.options.extra_headers),
            )
            overrides = hook(event)
            if overrides:
                if overrides.get("abort"):
                    raise WebSocketConnectionClosedError(
                        "Reconnecting was aborted by on_reconnecting.", code=self.close_code
                    )
                self.options = self.options.with_overrides(overrides)
        if self.close_code is not None:
            logger.info("Reconnecting the WebSocket (attempt %d/%d, close code %s)", self.failures + 1, self.max_attempts, self.close_code)
        return delay

    def failed(self, error: ApiError) -> None:
        """Record a failed attempt: re-raises ``error`` when it is final, else plans the next delay."""
        retryable = isinstance(error, ApiConnectionError) or (
            error.status_code is not None and is_retryable_status(error.status_code)
        )
        if not retryable or self.failures >= self.options.max_retries:
            raise error
        delay = self.options.retry_policy.delay(self.failures, httpx.Headers(error.headers))
        if delay is None:  # the server asked for a longer wait than is worth sleeping through
            raise error
        self.failures += 1
        self._pending_delay = delay
        logger.info("WebSocket connect failed (%s); retrying in %.2f s", type(error).__name__, delay)
