"""Fault injection: make the local server misbehave on purpose, to test a client's error paths.

Each call below adds a rule. A rule applies to requests (or WebSocket connections) whose path
matches `path` (exact, trailing slash ignored, or an `fnmatch` pattern such as `/voices/*`;
None matches every API path) and is used up after `count` of them (None: until `clear()`).
The `/_local/` control endpoints are never affected.

    server.faults.fail_next(2, status=503, retry_after=1)        # next 2 requests: 503 + Retry-After
    server.faults.fail_next(path="/tts/bytes", status=429, retry_after_ms=250)
    server.faults.add_latency(0.5, path="/voices")               # wait before handling
    server.faults.delay_chunks(0.05, path="/tts/sse")            # wait between streamed chunks/frames
    server.faults.truncate_body(1000, mode="drop")               # send 1000 body bytes, then cut the connection
    server.faults.truncate_body(1000, mode="stall")              # ... or stop sending and keep it open
    server.faults.close_websocket(after_frames=3, code=1011)     # close a WebSocket after 3 server frames
    server.faults.close_websocket(after_idle=0.2)                # ... or once it has been idle that long
    server.faults.send_error_frame(after_frames=1, status=500)   # an error event/frame after 1 frame
    server.faults.send_unknown_events()                          # an unknown event type before each event
    server.faults.add_unknown_fields()                           # an extra unknown field in JSON and events
    server.faults.clear()

A shell-started server takes the same rules as JSON: `POST /_local/faults` with
`{"kind": "fail", "count": 2, "status": 503}` (kinds: fail, latency, chunk_delay, truncate,
close_websocket, error_frame, unknown_events, unknown_fields; other keys are the keyword
arguments above), `GET /_local/faults` lists them and `DELETE /_local/faults` clears them.

Where each applies: failures and latency to any request (a WebSocket fails at its handshake);
chunk delays to streamed HTTP bodies and to WebSocket frames; truncation to HTTP response
bodies; WebSocket closes to WebSockets; error frames and unknown events to WebSockets and SSE
streams; unknown fields to JSON responses, events and frames.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

UNKNOWN_EVENT_TYPE = "local_unknown_event"
UNKNOWN_FIELD = "local_unknown_field"

_HTTP, _WEBSOCKET, _EVENT_STREAM = "http", "websocket", "event_stream"


@dataclass(frozen=True)
class Failure:
    status: int
    message: str | None = None
    error_code: str | None = None
    retry_after: float | None = None
    retry_after_ms: int | None = None


@dataclass(frozen=True)
class Truncation:
    after_bytes: int
    mode: str  # "drop" or "stall"


@dataclass(frozen=True)
class WebSocketClose:
    after_frames: int | None
    after_idle: float | None
    code: int
    reason: str


@dataclass(frozen=True)
class ErrorFrame:
    after_frames: int
    status: int
    title: str
    message: str
    error_code: str | None


@dataclass
class ActiveFaults:
    """The faults that apply to one request or connection, taken when it arrives."""

    failure: Failure | None = None
    latency: float = 0.0
    chunk_delay: float = 0.0
    truncation: Truncation | None = None
    websocket_close: WebSocketClose | None = None
    error_frame: ErrorFrame | None = None
    unknown_events: bool = False
    unknown_fields: bool = False


@dataclass
class _Rule:
    kind: str
    applies_to: frozenset[str]
    path: str | None
    method: str | None
    remaining: int | None
    apply: Callable[[ActiveFaults], None] = field(repr=False)
    options: dict[str, Any] = field(default_factory=dict)

    def matches(self, method: str, path: str, channels: frozenset[str]) -> bool:
        if not self.applies_to & channels or (self.method and self.method != method):
            return False
        if self.path is None:
            return True
        want, got = self.path.rstrip("/") or "/", path.rstrip("/") or "/"
        return want == got or fnmatch.fnmatchcase(got, want)


def _check_count(count: int | None) -> None:
    if count is not None and count < 1:
        raise ValueError("count must be at least 1 (or None for every request)")


class Faults:
    """The fault rules of one server; thread-safe, so tests can change them while it runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []

    def _add(
        self,
        kind: str,
        applies_to: set[str],
        apply: Callable[[ActiveFaults], None],
        *,
        path: str | None,
        count: int | None,
        method: str | None = None,
        **options: Any,
    ) -> None:
        _check_count(count)
        rule = _Rule(kind, frozenset(applies_to), path, method.upper() if method else None, count, apply, options)
        with self._lock:
            self._rules.append(rule)

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 500,
        path: str | None = None,
        method: str | None = None,
        message: str | None = None,
        error_code: str | None = None,
        retry_after: float | None = None,
        retry_after_ms: int | None = None,
    ) -> None:
        """Answer the next `count` matching requests with `status` (and Retry-After headers if given)."""
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        failure = Failure(status, message, error_code, retry_after, retry_after_ms)

        def apply(active: ActiveFaults) -> None:
            active.failure = active.failure or failure

        self._add("fail", {_HTTP, _WEBSOCKET}, apply, path=path, count=count, method=method, **asdict(failure))

    def add_latency(self, seconds: float, *, path: str | None = None, count: int | None = None) -> None:
        """Wait `seconds` before handling each matching request."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")

        def apply(active: ActiveFaults) -> None:
            active.latency += seconds

        self._add("latency", {_HTTP, _WEBSOCKET}, apply, path=path, count=count, seconds=seconds)

    def delay_chunks(self, seconds: float, *, path: str | None = None, count: int | None = None) -> None:
        """Wait `seconds` before each streamed body chunk, SSE event or WebSocket frame."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")

        def apply(active: ActiveFaults) -> None:
            active.chunk_delay += seconds

        self._add("chunk_delay", {_HTTP, _WEBSOCKET}, apply, path=path, count=count, seconds=seconds)

    def truncate_body(self, after_bytes: int, *, mode: str = "drop", path: str | None = None, count: int = 1) -> None:
        """Send only `after_bytes` of the response body, then drop the connection or stall forever."""
        if after_bytes < 0 or mode not in ("drop", "stall"):
            raise ValueError("after_bytes must not be negative and mode must be 'drop' or 'stall'")
        truncation = Truncation(after_bytes, mode)

        def apply(active: ActiveFaults) -> None:
            active.truncation = active.truncation or truncation

        self._add("truncate", {_HTTP}, apply, path=path, count=count, after_bytes=after_bytes, mode=mode)

    def close_websocket(
        self,
        *,
        after_frames: int | None = None,
        after_idle: float | None = None,
        code: int = 1011,
        reason: str = "injected fault",
        path: str | None = None,
        count: int = 1,
    ) -> None:
        """Close a WebSocket after the server sent `after_frames` frames, or after `after_idle` idle seconds."""
        if (after_frames is None) == (after_idle is None):
            raise ValueError("give exactly one of after_frames and after_idle")
        close = WebSocketClose(after_frames, after_idle, code, reason)

        def apply(active: ActiveFaults) -> None:
            active.websocket_close = active.websocket_close or close

        self._add("close_websocket", {_WEBSOCKET}, apply, path=path, count=count, **asdict(close))

    def send_error_frame(
        self,
        *,
        after_frames: int = 0,
        status: int = 500,
        title: str = "Internal server error",
        message: str = "Injected fault.",
        error_code: str | None = "internal_error",
        path: str | None = None,
        count: int = 1,
    ) -> None:
        """Send an error event after `after_frames` frames; on TTS it ends the context it names."""
        error = ErrorFrame(after_frames, status, title, message, error_code)

        def apply(active: ActiveFaults) -> None:
            active.error_frame = active.error_frame or error

        self._add("error_frame", {_WEBSOCKET, _EVENT_STREAM}, apply, path=path, count=count, **asdict(error))

    def send_unknown_events(self, *, path: str | None = None, count: int | None = None) -> None:
        """Precede every event or frame with one of a type no client knows."""

        def apply(active: ActiveFaults) -> None:
            active.unknown_events = True

        self._add("unknown_events", {_WEBSOCKET, _EVENT_STREAM}, apply, path=path, count=count)

    def add_unknown_fields(self, *, path: str | None = None, count: int | None = None) -> None:
        """Add a field no client knows to every JSON response body, event and frame."""

        def apply(active: ActiveFaults) -> None:
            active.unknown_fields = True

        self._add("unknown_fields", {_HTTP, _WEBSOCKET}, apply, path=path, count=count)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[dict[str, Any]]:
        """The rules still in force, as plain dicts."""
        with self._lock:
            return [
                {"kind": r.kind, "path": r.path, "method": r.method, "count": r.remaining, **r.options}
                for r in self._rules
            ]

    def add(self, spec: dict[str, Any]) -> None:
        """Add a rule from its JSON form: `{"kind": ..., **keyword arguments}`."""
        options = dict(spec)
        kind = options.pop("kind", None)
        adders: dict[str, Callable[..., None]] = {
            "fail": self.fail_next,
            "latency": self.add_latency,
            "chunk_delay": self.delay_chunks,
            "truncate": self.truncate_body,
            "close_websocket": self.close_websocket,
            "error_frame": self.send_error_frame,
            "unknown_events": self.send_unknown_events,
            "unknown_fields": self.add_unknown_fields,
        }
        if kind not in adders:
            raise ValueError(f"unknown fault kind {kind!r} (known: {', '.join(adders)})")
        try:
            adders[kind](**options)
        except TypeError as exc:
            raise ValueError(f"bad options for a {kind} fault: {exc}") from None

    def take(self, method: str, path: str, *, websocket: bool) -> ActiveFaults:
        """The faults for a request arriving now; counted rules are used up."""
        channels = {_WEBSOCKET if websocket else _HTTP}
        if websocket or path.rstrip("/").endswith("/sse"):
            channels.add(_EVENT_STREAM)
        active = ActiveFaults()
        with self._lock:
            for rule in list(self._rules):
                if not rule.matches(method, path, frozenset(channels)):
                    continue
                rule.apply(active)
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        self._rules.remove(rule)
        return active
