"""Frame-level faults shared by SSE streams and WebSockets: injected errors, unknown events and fields."""

from __future__ import annotations

from typing import Any, Callable

from .errors import ApiError
from .faults import UNKNOWN_EVENT_TYPE, ActiveFaults
from .request_context import RequestContext


class StreamInterrupted(Exception):
    """The injected error event went out in place of `event`: whatever produced it must stop."""

    def __init__(self, event: dict[str, Any]) -> None:
        super().__init__("stream interrupted by an injected error event")
        self.event = event


class EventShaper:
    """Turns each outgoing event into the events actually sent, given the request's faults.

    `error_event` renders an ApiError in the stream's own style (TTS or STT) for a given event.
    """

    def __init__(self, context: RequestContext, error_event: Callable[[ApiError, dict[str, Any]], dict[str, Any]]) -> None:
        self._context = context
        self._faults: ActiveFaults = context.faults
        self._error_event = error_event
        self.frames_sent = 0
        self._error_sent = False

    def shape(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """The events to send for `event`; raises StreamInterrupted after sending an injected error."""
        error = self._faults.error_frame
        if error is not None and not self._error_sent and self.frames_sent >= error.after_frames:
            self._error_sent = True
            api_error = ApiError(error.status, error.title, error.message, error_code=error.error_code)
            raise StreamInterrupted(self._error_event(api_error, event))
        events = []
        if self._faults.unknown_events:
            unknown = {"type": UNKNOWN_EVENT_TYPE, "done": False, "status_code": 206, "detail": "injected by the local server"}
            if "context_id" in event:
                unknown["context_id"] = event["context_id"]
            events.append(unknown)
        events.append(self._context.with_unknown_fields(event))
        return events
