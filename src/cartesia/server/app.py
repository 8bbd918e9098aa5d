"""The aiohttp application: routes, and the middleware every API request goes through.

For each request the middleware assigns an id (sent back as `x-request-id`), logs the request,
applies injected faults (latency, failures), checks credentials and `Cartesia-Version` as the
route requires, and renders errors in the style of the request's version. Every path answers
with and without a trailing slash. Must be built inside the event loop that will run it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from aiohttp import web

from .auth import API_KEY, PUBLIC, STT, TTS, authenticate, check_version, is_websocket, requested_version
from .errors import ApiError
from .faults import ActiveFaults, Failure
from .http_streams import SHUTDOWN_KEY, pause, plain_body_with_faults
from .request_context import STATE_KEY, RequestContext, get_context, set_context
from .request_log import RecordedRequest
from .routes import control, datasets, infill, inspector, pronunciation_dicts, status, stt, tts, voice_changer, voices
from .routes.stt_turns_websocket import stt_turns_websocket
from .routes.stt_websocket import stt_websocket
from .routes.tts_websocket import tts_websocket
from .state import ServerState
from .versions import is_valid_version
from .ws_session import OPEN_SOCKETS_KEY, OpenSockets

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# (method, path, handler, what it needs: see auth.py). Fixed paths come before `{voice_id}`.
API_ROUTES: list[tuple[str, str, Handler, str]] = [
    ("GET", "/", status.api_status, PUBLIC),
    ("POST", "/access-token", status.access_token, API_KEY),
    ("POST", "/tts/bytes", tts.tts_bytes, TTS),
    ("POST", "/tts/sse", tts.tts_sse, TTS),
    ("GET", "/tts/websocket", tts_websocket, TTS),
    ("POST", "/stt", stt.transcribe, STT),
    ("POST", "/audio/transcriptions", stt.transcribe, STT),
    ("GET", "/stt/websocket", stt_websocket, STT),
    ("GET", "/stt/turns/websocket", stt_turns_websocket, STT),
    ("GET", "/voices", voices.list_voices, API_KEY),
    ("POST", "/voices", voices.create_voice, API_KEY),
    ("POST", "/voices/clone", voices.clone_voice, API_KEY),
    ("POST", "/voices/localize", voices.localize_voice, API_KEY),
    ("POST", "/voices/mix", voices.mix_voices, API_KEY),
    ("GET", "/voices/{voice_id}", voices.get_voice, API_KEY),
    ("PATCH", "/voices/{voice_id}", voices.update_voice, API_KEY),
    ("DELETE", "/voices/{voice_id}", voices.delete_voice, API_KEY),
    ("POST", "/voice-changer/bytes", voice_changer.voice_changer_bytes, API_KEY),
    ("POST", "/voice-changer/sse", voice_changer.voice_changer_sse, API_KEY),
    ("POST", "/infill/bytes", infill.infill_bytes, API_KEY),
]
# Resources that appeared with 2025-04-16. They are served whatever Cartesia-Version a request sends:
# callers of the 2.x SDK's default version reach them too.
API_ROUTES += [
    ("GET", "/pronunciation-dicts", pronunciation_dicts.list_dicts, API_KEY),
    ("POST", "/pronunciation-dicts", pronunciation_dicts.create_dict, API_KEY),
    ("GET", "/pronunciation-dicts/{dict_id}", pronunciation_dicts.get_dict, API_KEY),
    ("PATCH", "/pronunciation-dicts/{dict_id}", pronunciation_dicts.update_dict, API_KEY),
    ("DELETE", "/pronunciation-dicts/{dict_id}", pronunciation_dicts.delete_dict, API_KEY),
    ("POST", "/pronunciation-dicts/{dict_id}/pin", pronunciation_dicts.pin_dict, API_KEY),
    ("POST", "/pronunciation-dicts/{dict_id}/unpin", pronunciation_dicts.unpin_dict, API_KEY),
    ("GET", "/datasets", datasets.list_datasets, API_KEY),
    ("POST", "/datasets", datasets.create_dataset, API_KEY),
    ("GET", "/datasets/{dataset_id}", datasets.get_dataset, API_KEY),
    ("PATCH", "/datasets/{dataset_id}", datasets.update_dataset, API_KEY),
    ("DELETE", "/datasets/{dataset_id}", datasets.delete_dataset, API_KEY),
    ("GET", "/datasets/{dataset_id}/files", datasets.list_files, API_KEY),
    ("POST", "/datasets/{dataset_id}/files", datasets.upload_file, API_KEY),
    ("DELETE", "/datasets/{dataset_id}/files/{file_id}", datasets.delete_file, API_KEY),
]
CONTROL_PREFIX = "/_local/"
CONTROL_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/_local/requests", control.list_requests),
    ("DELETE", "/_local/requests", control.clear_requests),
    ("GET", "/_local/faults", control.list_faults),
    ("POST", "/_local/faults", control.add_faults),
    ("DELETE", "/_local/faults", control.clear_faults),
    ("POST", "/_local/clock", control.advance_clock),
    ("GET", "/_local/", inspector.page),
    ("GET", "/_local/voices", inspector.voices),
    ("GET", "/_local/requests/{request_id}/audio", inspector.audio),
]
_REQUIREMENTS: dict[Handler, str] = {handler: need for _, _, handler, need in API_ROUTES}
_DEFAULT_CODES = {429: "concurrency_limited", 401: "unauthorized", 403: "forbidden", 404: "not_found"}


def _injected(failure: Failure) -> ApiError:
    headers = {}
    if failure.retry_after is not None:
        seconds = failure.retry_after
        headers["Retry-After"] = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
    if failure.retry_after_ms is not None:
        headers["retry-after-ms"] = str(failure.retry_after_ms)
    try:
        title = HTTPStatus(failure.status).phrase
    except ValueError:
        title = "Error"
    code = failure.error_code or _DEFAULT_CODES.get(failure.status, "internal_error" if failure.status >= 500 else "invalid_request")
    return ApiError(failure.status, title, failure.message or "Injected fault.", error_code=code, headers=headers)


def _from_http_exception(request: web.Request, exc: web.HTTPException) -> ApiError:
    if exc.status == 404:
        return ApiError(404, "Not found", f"No endpoint at {request.path}.", error_code="not_found")
    if exc.status == 405:
        allowed = exc.headers.get("Allow", "")
        return ApiError(405, "Method not allowed", f"{request.method} is not allowed on {request.path} (allowed: {allowed}).", error_code="method_not_allowed", headers={"Allow": allowed})
    if exc.status == 413:
        return ApiError(413, "Request too large", exc.text or "The request body is too large.", error_code="request_too_large")
    return ApiError(exc.status, exc.reason, exc.text or exc.reason)


def error_response(context: RequestContext, error: ApiError) -> web.Response:
    body, content_type = error.http_body(context.version, context.request_id)
    return web.Response(status=error.status, body=body, content_type=content_type, headers=error.headers)


@web.middleware
async def api_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    if inspector.wants_page(request):
        return await inspector.page(request)
    state = request.app[STATE_KEY]
    websocket = is_websocket(request)
    version = requested_version(request)
    record = RecordedRequest(
        request_id=str(uuid.uuid4()),
        method=request.method,
        path=request.path,
        query=list(request.query.items()),
        headers={name.lower(): value for name, value in request.headers.items()},
        websocket=websocket,
    )
    context = RequestContext(state, record.request_id, version if version and is_valid_version(version) else None, record, ActiveFaults())
    set_context(request, context)
    state.requests.append(record)
    try:
        if not websocket and not request.content_type.startswith("multipart/"):
            record.body = await request.read()
        context.faults = state.faults.take(request.method, request.path, websocket=websocket)
        if context.faults.latency:
            await pause(request.app, context.faults.latency)
        if context.faults.failure is not None:
            raise _injected(context.faults.failure)
        requirement = _REQUIREMENTS.get(request.match_info.route.handler)
        if requirement is not None:
            authenticate(state, request, requirement)
            if requirement != PUBLIC:
                check_version(version)
        response = await handler(request)
    except ApiError as error:
        response = error_response(context, error)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = error_response(context, _from_http_exception(request, exc))
    if record.status is None:
        record.status = response.status
    record.duration_ms = (time.time() - record.started) * 1000
    record.response_type = response.content_type if not websocket else ""
    if type(response) is web.Response and response.content_type.startswith("audio/") and isinstance(response.body, bytes):
        record.keep_audio(response.body)
    if websocket and not response.prepared:
        response.force_close()  # a refused upgrade ends the connection; some clients wait for that
    if context.faults.truncation is not None and type(response) is web.Response and not response.prepared:
        return await plain_body_with_faults(request, response)
    return response


async def _add_request_id(request: web.Request, response: web.StreamResponse) -> None:
    try:
        request_id = get_context(request).request_id
    except KeyError:
        request_id = str(uuid.uuid4())
    response.headers["x-request-id"] = request_id


async def _close_sockets(app: web.Application) -> None:
    app[SHUTDOWN_KEY].set()  # ends stalled bodies
    for session in list(app[OPEN_SOCKETS_KEY].sessions):
        await session.close(1001, "server shutdown")


def build_app(state: ServerState) -> web.Application:
    app = web.Application(middlewares=[api_middleware], client_max_size=state.config.max_upload_bytes)
    app[STATE_KEY] = state
    app[SHUTDOWN_KEY] = asyncio.Event()
    app[OPEN_SOCKETS_KEY] = OpenSockets()
    app.on_response_prepare.append(_add_request_id)
    app.on_shutdown.append(_close_sockets)
    for method, path, handler, _ in API_ROUTES:
        app.router.add_route(method, path, handler)
        if path != "/":
            app.router.add_route(method, path + "/", handler)
    for method, path, handler in CONTROL_ROUTES:
        app.router.add_route(method, path, handler)
    return app
