"""Pronunciation dictionaries: list (cursor pages), create, get, update, delete, pin and unpin."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .. import json_fields as fields
from ..errors import ApiError, not_found
from ..pronunciation import PronunciationDict, dict_json, parse_items
from ..request_context import get_context, json_response
from .body import read_json
from .listing import page_json


def dict_not_found(dict_id: str) -> ApiError:
    return not_found(f"No pronunciation dictionary with id {dict_id!r}.", title="Pronunciation dictionary not found", error_code="pronunciation_dict_not_found")


def _dict_or_404(request: web.Request) -> PronunciationDict:
    dict_id = request.match_info["dict_id"]
    pdict = get_context(request).state.pronunciation_dicts.get(dict_id)
    if pdict is None:
        raise dict_not_found(dict_id)
    return pdict


async def list_dicts(request: web.Request) -> web.Response:
    store = get_context(request).state.pronunciation_dicts
    return json_response(request, page_json(request, store.all(), lambda d: d.id, dict_json))


async def create_dict(request: web.Request) -> web.Response:
    store = get_context(request).state.pronunciation_dicts
    body = fields.require_object(await read_json(request))
    name = fields.string(body, "name", required=True, allow_empty=False)
    assert name is not None
    items = parse_items(body["items"]) if body.get("items") is not None else ()
    pdict = store.add(PronunciationDict(id=store.new_id(), name=name, description=fields.string(body, "description"), items=items))
    return json_response(request, dict_json(pdict))


async def get_dict(request: web.Request) -> web.Response:
    return json_response(request, dict_json(_dict_or_404(request)))


async def update_dict(request: web.Request) -> web.Response:
    pdict = _dict_or_404(request)
    body = fields.require_object(await read_json(request)) if (await request.read()).strip() else {}
    changes: dict[str, Any] = {}
    name = fields.string(body, "name", allow_empty=False)
    if name is not None:
        changes["name"] = name
    if "description" in body:
        changes["description"] = fields.string(body, "description")
    if body.get("items") is not None:
        changes["items"] = parse_items(body["items"])
    updated = get_context(request).state.pronunciation_dicts.update(pdict.id, **changes)
    assert updated is not None
    return json_response(request, dict_json(updated))


async def delete_dict(request: web.Request) -> web.Response:
    get_context(request).state.pronunciation_dicts.delete(_dict_or_404(request).id)
    return web.Response(status=204)


async def pin_dict(request: web.Request) -> web.Response:
    get_context(request).state.pronunciation_dicts.update(_dict_or_404(request).id, pinned=True)
    return web.Response(status=204)


async def unpin_dict(request: web.Request) -> web.Response:
    get_context(request).state.pronunciation_dicts.update(_dict_or_404(request).id, pinned=False)
    return web.Response(status=204)
