"""The inspector: a page at `/` (for a browser) showing what the application sent, and its data.

    GET /                                   the page, when a browser asks (HTML, no credentials)
    GET /_local/                            the page, always
    GET /_local/voices                      the voice store
    GET /_local/requests/{id}/audio         the audio a request got back, to play

The page is one HTML file with a little JavaScript and no external assets; it reads
`/_local/requests`, `/_local/voices` and `/_local/faults`, and adds and clears faults there.
"""

from __future__ import annotations

import importlib.resources

from aiohttp import web

from ..request_context import STATE_KEY


def wants_page(request: web.Request) -> bool:
    """A browser opening the root: HTML accepted and no credentials (the SDK's `GET /` is the API status)."""
    return (
        request.method == "GET"
        and request.path == "/"
        and "text/html" in request.headers.get("Accept", "")
        and "X-API-Key" not in request.headers
        and "Authorization" not in request.headers
    )


async def page(request: web.Request) -> web.Response:  # noqa: ARG001
    html = importlib.resources.files("cartesia.server").joinpath("static/inspector.html").read_text(encoding="utf-8")
    return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})


async def voices(request: web.Request) -> web.Response:
    return web.json_response(
        [
            {"id": v.id, "name": v.name, "language": v.language, "gender": v.gender, "is_owner": v.is_owner, "created_at": v.created_at}
            for v in request.app[STATE_KEY].voices
        ]
    )


async def audio(request: web.Request) -> web.Response:
    wanted = request.match_info["request_id"]
    for record in request.app[STATE_KEY].requests:
        if record.request_id == wanted and record.audio:
            return web.Response(body=bytes(record.audio), content_type=record.response_type or "application/octet-stream")
    raise web.HTTPNotFound(text="no audio for that request")
