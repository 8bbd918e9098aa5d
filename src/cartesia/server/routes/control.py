"""`/_local/…`: control endpoints for a server started from the shell (no API path starts with `_`).

    GET    /_local/requests   the request log (JSON)        DELETE /_local/requests  clear it
    GET    /_local/faults     the fault rules in force      DELETE /_local/faults    clear them
    POST   /_local/faults     add rules: {"kind": "fail", "count": 2, "status": 503} or a list of them
    POST   /_local/clock      {"advance": 3600}: move the server clock on (expires access tokens)

They need no credentials, are not logged and are never affected by faults.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from ..faults import Faults
from ..request_context import STATE_KEY


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, body=json.dumps(body).encode(), content_type="application/json")


def _bad(message: str) -> web.Response:
    return _json({"error": message}, status=400)


async def _body(request: web.Request) -> Any:
    try:
        return json.loads(await request.read() or b"null")
    except ValueError:
        return None


async def list_requests(request: web.Request) -> web.Response:
    return _json([r.to_dict() for r in request.app[STATE_KEY].requests])


async def clear_requests(request: web.Request) -> web.Response:
    request.app[STATE_KEY].requests.clear()
    return web.Response(status=204)


async def list_faults(request: web.Request) -> web.Response:
    return _json(request.app[STATE_KEY].faults.rules())


async def add_faults(request: web.Request) -> web.Response:
    body = await _body(request)
    specs = body if isinstance(body, list) else [body]
    if not specs or not all(isinstance(spec, dict) for spec in specs):
        return _bad('send a JSON object such as {"kind": "fail", "status": 503}, or a list of them')
    try:
        for spec in specs:  # every rule checked before any is added: a bad list changes nothing
            Faults().add(spec)
    except ValueError as exc:
        return _bad(str(exc))
    faults = request.app[STATE_KEY].faults
    for spec in specs:
        faults.add(spec)
    return _json(faults.rules(), status=201)


async def clear_faults(request: web.Request) -> web.Response:
    request.app[STATE_KEY].faults.clear()
    return web.Response(status=204)


async def advance_clock(request: web.Request) -> web.Response:
    body = await _body(request)
    seconds = body.get("advance") if isinstance(body, dict) else None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        return _bad('send {"advance": <seconds>}')
    state = request.app[STATE_KEY]
    state.advance_clock(float(seconds))
    return _json({"now": state.now()})
