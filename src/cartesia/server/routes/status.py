"""`GET /` (API status, no auth) and `POST /access-token`."""

from __future__ import annotations

from aiohttp import web

from .. import json_fields as fields
from ..access_tokens import DEFAULT_EXPIRES_IN, GRANTS, MAX_EXPIRES_IN
from ..errors import bad_request
from ..request_context import get_context, json_response
from .body import read_json


async def api_status(request: web.Request) -> web.Response:
    return json_response(request, {"ok": True, "version": get_context(request).state.config.default_version})


async def access_token(request: web.Request) -> web.Response:
    state = get_context(request).state
    body = fields.require_object(await read_json(request))
    grants = body.get("grants") or {}
    grants = fields.require_object(grants, "`grants`")
    for name, value in grants.items():
        if name not in GRANTS:
            raise bad_request(f"Unknown grant {name!r}; grants are {', '.join(GRANTS)}.")
        if not isinstance(value, bool):
            raise bad_request(f"Grant `{name}` must be true or false.")
    expires_in = fields.integer(body, "expires_in", low=1, high=MAX_EXPIRES_IN)
    token = state.tokens.issue(dict(grants), expires_in or DEFAULT_EXPIRES_IN, state.now())
    return json_response(request, {"token": token})
