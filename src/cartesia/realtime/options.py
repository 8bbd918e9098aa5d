"""How a WebSocket client connects, waits and reconnects: one frozen value per socket.

Every wait has a finite default, so nothing hangs unless you ask for it with ``None``:

- ``open_timeout``: the TCP, TLS and WebSocket handshake (default: the client's connect timeout
  when one was given, else 10 s);
- ``receive_timeout``: the wait for a stream's first message after its input went out (30 s);
- ``inactivity_timeout``: the longest gap between later messages of a stream, counted from its
  last message or input (10 s);
- ``close_timeout``: the closing handshake (2 s), after which the socket is dropped.

A socket that closed (the service's idle close, a network drop, a restart: close codes 1000,
1001, 1005, 1006, 1011, 1012, 1013, 1014, 1015) is opened again by the next ``send``; a failed
attempt is retried ``max_retries`` times (the client's ``max_retries`` by default) with backoff (``initial_delay`` doubling to
``max_delay``). ``on_reconnecting`` is called before each attempt after a close and may change
the headers or query of the next attempt, or abort.
"""

from __future__ import annotations

import dataclasses
import typing

import typing_extensions

from ..core.api_error import RequestValidationError
from ..core.retry import RetryPolicy

# Close codes after which opening a new connection may work (RFC 6455 §7.4.1): a normal or idle
# close, going away, no status, a dropped connection, server errors, restarts, try again later.
RECOVERABLE_CLOSE_CODES = frozenset({1000, 1001, 1005, 1006, 1011, 1012, 1013, 1014, 1015})

DEFAULT_OPEN_TIMEOUT = 10.0
DEFAULT_RECEIVE_TIMEOUT = 30.0
DEFAULT_INACTIVITY_TIMEOUT = 10.0
DEFAULT_CLOSE_TIMEOUT = 2.0


def is_recoverable_close(code: typing.Optional[int]) -> bool:
    """Whether a connection closed with ``code`` may be opened again."""
    return code is None or code in RECOVERABLE_CLOSE_CODES


@dataclasses.dataclass(frozen=True)
class ReconnectingEvent:
    """What ``on_reconnecting`` is told before an attempt to open a closed socket again."""

    attempt: int
    """This attempt's number, from 1."""
    max_attempts: int
    """How many attempts will be made at most."""
    delay: float
    """Seconds waited before this attempt connects."""
    close_code: int
    """The close code of the connection that was lost (1006 when it dropped without one)."""
    extra_query: typing.Mapping[str, typing.Any]
    """The extra query parameters the next attempt will send."""
    extra_headers: typing.Mapping[str, str]
    """The extra headers the next attempt will send."""


class ReconnectingOverrides(typing_extensions.TypedDict, total=False):
    """What ``on_reconnecting`` may return: new extra headers or query, or ``abort``."""

    extra_query: typing.Mapping[str, typing.Any]
    extra_headers: typing.Mapping[str, str]
    abort: bool


OnReconnecting = typing.Callable[[ReconnectingEvent], typing.Optional[ReconnectingOverrides]]


class WebSocketOptionArgs(typing_extensions.TypedDict, total=False):
    """The keyword arguments that open a WebSocket (see :class:`WebSocketOptions`)."""

    open_timeout: typing.Optional[float]
    receive_timeout: typing.Optional[float]
    inactivity_timeout: typing.Optional[float]
    close_timeout: float
    ping_interval: typing.Optional[float]
    ping_timeout: typing.Optional[float]
    max_size: typing.Optional[int]
    max_retries: int
    initial_delay: float
    max_delay: float
    on_reconnecting: typing.Optional[OnReconnecting]
    extra_headers: typing.Mapping[str, str]
    extra_query: typing.Mapping[str, typing.Any]


@dataclasses.dataclass(frozen=True)
class WebSocketOptions:
    """The connection settings of one WebSocket client (see the module docs)."""

    open_timeout: typing.Optional[float] = DEFAULT_OPEN_TIMEOUT
    receive_timeout: typing.Optional[float] = DEFAULT_RECEIVE_TIMEOUT
    inactivity_timeout: typing.Optional[float] = DEFAULT_INACTIVITY_TIMEOUT
    close_timeout: float = DEFAULT_CLOSE_TIMEOUT
    ping_interval: typing.Optional[float] = 20.0
    ping_timeout: typing.Optional[float] = 20.0
    max_size: typing.Optional[int] = 16 * 1024 * 1024
    max_retries: int = 5
    initial_delay: float = 0.5
    max_delay: float = 8.0
    on_reconnecting: typing.Optional[OnReconnecting] = None
    extra_headers: typing.Mapping[str, str] = dataclasses.field(default_factory=dict)
    extra_query: typing.Mapping[str, typing.Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("open_timeout", "receive_timeout", "inactivity_timeout", "ping_interval", "ping_timeout"):
            _check_seconds(name, getattr(self, name), optional=True)
        for name in ("close_timeout", "initial_delay", "max_delay"):
            _check_seconds(name, getattr(self, name), optional=False)
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise RequestValidationError(f"max_retries must be a non-negative integer, got {self.max_retries!r}")
        if self.max_size is not None and (isinstance(self.max_size, bool) or not isinstance(self.max_size, int) or self.max_size < 1):
            raise RequestValidationError(f"max_size must be a positive integer or None, got {self.max_size!r}")
        if self.on_reconnecting is not None and not callable(self.on_reconnecting):
            raise RequestValidationError("on_reconnecting must be callable")

    @property
    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(initial_delay=self.initial_delay, max_delay=self.max_delay)

    def with_overrides(self, overrides: ReconnectingOverrides) -> WebSocketOptions:
        """These options with the headers or query that ``on_reconnecting`` returned."""
        changes: typing.Dict[str, typing.Any] = {}
        if "extra_headers" in overrides:
            changes["extra_headers"] = dict(overrides["extra_headers"])
        if "extra_query" in overrides:
            changes["extra_query"] = dict(overrides["extra_query"])
        return dataclasses.replace(self, **changes) if changes else self


def _check_seconds(name: str, value: typing.Any, *, optional: bool) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        allowed = "a non-negative number of seconds" + (" or None" if optional else "")
        raise RequestValidationError(f"{name} must be {allowed}, got {value!r}")
