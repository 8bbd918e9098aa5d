"""Per-request facts the middleware works out once and handlers read: id, version, faults, log record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .faults import UNKNOWN_FIELD, ActiveFaults
from .request_log import RecordedRequest
from .state import ServerState

STATE_KEY = web.AppKey("cartesia_state", ServerState)


@dataclass
class RequestContext:
    state: ServerState
    request_id: str
    version: str | None  # the Cartesia-Version in force (None when missing or malformed)
    record: RecordedRequest
    faults: ActiveFaults

    def with_unknown_fields(self, body: Any) -> Any:
        """`body` with the unknown-field fault applied, when it is active."""
        if not self.faults.unknown_fields:
            return body
        if isinstance(body, dict):
            return {**body, UNKNOWN_FIELD: "injected by the local server"}
        if isinstance(body, list):
            return [self.with_unknown_fields(item) for item in body]
        return body


# aiohttp 3.14 wants typed request keys (and warns about strings); older releases have none.
_REQUEST_KEY: Any = getattr(web, "RequestKey", None)
_CONTEXT: Any = _REQUEST_KEY("cartesia_context", RequestContext) if _REQUEST_KEY else "cartesia_context"


def set_context(request: web.Request, context: RequestContext) -> None:
    request[_CONTEXT] = context


def get_context(request: web.Request) -> RequestContext:
    context: RequestContext = request[_CONTEXT]
    return context


def json_response(request: web.Request, body: Any, *, status: int = 200) -> web.Response:
    """A JSON response, with the unknown-field fault applied."""
    payload = get_context(request).with_unknown_fields(body)
    return web.Response(status=status, body=json.dumps(payload).encode(), content_type="application/json")
