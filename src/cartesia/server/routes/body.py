"""Reading JSON request bodies (already read and logged by the middleware)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from ..errors import bad_request


async def read_json(request: web.Request) -> Any:
    """The parsed JSON body; 400 when it is empty or not JSON."""
    raw = await request.read()
    if not raw.strip():
        raise bad_request("The request body is empty; send a JSON object.", title="Malformed request", error_code="malformed_request")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}.", title="Malformed request", error_code="malformed_request") from None


async def read_optional_object(request: web.Request) -> dict[str, Any]:
    """The JSON object of a body that may be left out (an update with nothing to change): {} then."""
    if not (await request.read()).strip():
        return {}
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body
