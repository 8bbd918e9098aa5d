"""The errors of the WebSocket clients, beside the REST tree of :mod:`cartesia.core.api_error`.

A server ``error`` frame raises the REST class for its status (``BadRequestError``,
``RateLimitError``, ...) with ``context_id`` set; a refused handshake raises the REST class for
the HTTP status. What is left is the connection itself:

    ApiConnectionError
    ├── WebSocketConnectionClosedError   the socket closed: close code, reason, the context it ended
    │   └── WebSocketIdleClosedError     the service closed it for idling (TTS 5 min, STT ~20 s)
    └── ApiTimeoutError
        └── WebSocketTimeoutError        nothing arrived in time: which wait, how long, which context

A value a socket cannot send at all (neither audio bytes nor a command) raises
:class:`MessageTypeError`, a ``RequestValidationError`` that is also a ``TypeError`` (as 2.x raised).
"""

from __future__ import annotations

import typing

from ..core.api_error import ApiConnectionError, ApiTimeoutError, RequestValidationError

# The reason the service (and the local server) give when they close an idle socket.
IDLE_CLOSE_REASON = "connection idle timeout"


class WebSocketConnectionClosedError(ApiConnectionError):
    """The WebSocket closed while a context or a stream still expected messages.

    ``code`` and ``reason`` are the close frame's (``code`` is 1006 when the connection dropped
    without one); ``context_id`` is the context it cut short, if any.
    """

    def __init__(
        self,
        message: str = "The WebSocket connection closed.",
        *,
        code: typing.Optional[int] = None,
        reason: str = "",
        context_id: typing.Optional[str] = None,
    ) -> None:
        self.code = code
        self.reason = reason
        ApiConnectionError.__init__(self, message)
        self.context_id = context_id

    def _describe(self) -> str:
        text = self.message or type(self).__name__
        details = [f"code={self.code}"] if self.code is not None else []
        if self.reason:
            details.append(f"reason={self.reason!r}")
        if self.context_id:
            details.append(f"context_id={self.context_id}")
        return f"{text} ({', '.join(details)})" if details else text


class WebSocketIdleClosedError(WebSocketConnectionClosedError):
    """The service closed the socket because it was idle.

    The TTS WebSocket closes after 5 minutes without input, the STT WebSocket after about 20
    seconds without audio. The next ``send`` opens a new connection; only a stream that was in
    progress when the socket closed sees this error.
    """


class WebSocketTimeoutError(ApiTimeoutError):
    """A WebSocket wait ran out: ``timeout`` names it (``open``, ``receive`` or ``inactivity``)."""

    def __init__(
        self,
        message: str,
        *,
        timeout: str,
        seconds: typing.Optional[float],
        context_id: typing.Optional[str] = None,
    ) -> None:
        self.timeout = timeout
        self.seconds = seconds
        ApiTimeoutError.__init__(self, message)
        self.context_id = context_id

    def _describe(self) -> str:
        text = self.message or type(self).__name__
        return f"{text} (context_id={self.context_id})" if self.context_id else text


class MessageTypeError(RequestValidationError, TypeError):
    """A socket was given something of a type it cannot send (the STT socket takes bytes or a command)."""


def closed_error(code: typing.Optional[int], reason: str, context_id: typing.Optional[str] = None) -> WebSocketConnectionClosedError:
    """The error for a socket that closed under a stream: idle closes get their own class."""
    if reason == IDLE_CLOSE_REASON:
        return WebSocketIdleClosedError(
            "The service closed the idle WebSocket before the stream ended.", code=code, reason=reason, context_id=context_id
        )
    return WebSocketConnectionClosedError(
        "The WebSocket connection closed before the stream ended.", code=code, reason=reason, context_id=context_id
    )
