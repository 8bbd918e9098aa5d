"""What the server received, kept so tests can assert what went over the wire.

Every API request is recorded before it is handled (so failed and fault-injected requests
appear too): method, path, query pairs, headers, and either the raw body, the parsed
multipart fields, or, for WebSockets, the frames the client sent. Requests to the `/_local/`
control endpoints are not recorded. All methods are thread-safe: the server appends from its
event loop while a test reads from its own thread.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union


class FormFile(NamedTuple):
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    size: int


class Frame(NamedTuple):
    """One WebSocket message from the client: text (str) or binary (bytes)."""

    data: Union[str, bytes]

    @property
    def is_text(self) -> bool:
        return isinstance(self.data, str)

    def json(self) -> Any:
        assert isinstance(self.data, str), "binary frames are not JSON"
        return json.loads(self.data)


AUDIO_CAP = 16 * 1024 * 1024
_CREDENTIALS = frozenset({"x-api-key", "authorization", "cookie"})
_REDACTED = "(redacted)"


@dataclass
class RecordedRequest:
    """One HTTP request or WebSocket connection as the server received it."""

    request_id: str
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    form: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, FormFile] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)
    status: int | None = None  # the response status (101 for an accepted WebSocket)
    websocket: bool = False
    started: float = field(default_factory=time.time)  # when it arrived (seconds since the epoch)
    duration_ms: float | None = None  # until the response ended (a WebSocket: until it closed)
    response_type: str = ""  # the response's content type
    audio: bytearray = field(default_factory=bytearray, repr=False)  # an audio response body, up to AUDIO_CAP bytes

    def keep_audio(self, data: bytes) -> None:
        """Keep audio the server sent, for the inspector to play (up to ``AUDIO_CAP`` bytes)."""
        room = AUDIO_CAP - len(self.audio)
        if room > 0:
            self.audio += data[:room]

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    def query_values(self, name: str) -> list[str]:
        return [value for key, value in self.query if key == name]

    def form_values(self, name: str) -> list[str]:
        return [value for key, value in self.form if key == name]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (binary data summarised by size), for `GET /_local/requests`."""
        return {
            "request_id": self.request_id,
            "method": self.method,
            "path": self.path,
            "query": [list(pair) for pair in self.query],
            "headers": {name: _REDACTED if name in _CREDENTIALS else value for name, value in self.headers.items()},
            "body": self.body.decode("utf-8", "replace") if self.body else "",
            "form": [list(pair) for pair in self.form],
            "files": {name: f._asdict() for name, f in self.files.items()},
            "frames": [f.data if isinstance(f.data, str) else {"binary": len(f.data)} for f in self.frames],
            "status": self.status,
            "websocket": self.websocket,
            "started": self.started,
            "duration_ms": self.duration_ms,
            "response_type": self.response_type,
            "audio_bytes": len(self.audio),
        }


class RequestLog:
    """The recorded requests, oldest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def append(self, record: RecordedRequest) -> None:
        with self._lock:
            self._items.append(record)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, index: int) -> RecordedRequest:
        with self._lock:
            return self._items[index]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def filter(self, *, path: str | None = None, method: str | None = None) -> list[RecordedRequest]:
        """Recorded requests to `path` (trailing slash ignored) and/or with `method`."""
        want = path.rstrip("/") or "/" if path is not None else None
        return [
            r
            for r in self.snapshot()
            if (want is None or (r.path.rstrip("/") or "/") == want) and (method is None or r.method == method.upper())
        ]

    def last(self, path: str | None = None) -> RecordedRequest:
        """The most recent request (to `path`, if given); raises LookupError if there is none."""
        matches = self.filter(path=path)
        if not matches:
            raise LookupError(f"no request to {path!r} was recorded" if path else "no request was recorded")
        return matches[-1]
