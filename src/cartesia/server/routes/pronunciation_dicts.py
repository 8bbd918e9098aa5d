"""Pronunciation dictionaries: list (cursor pages), create, get, update, delete, pin and unpin."""

from __future__ import annotations

from aiohttp import web

from .. import json_fields as fields
from ..pronunciation import PronunciationDict, dict_json, parse_items
from ..request_context import get_context, json_response
from .body import read_json, read_optional_object
from .listing import list_records, record_or_404


def _dict_or_404(request: web.Request) -> PronunciationDict:
    store = get_context(request).state.pronunciation_dicts
    return record_or_404(store, request.match_info["dict_id"], "pronunciation dictionary", "pronunciation_dict_not_found")


async def list_dicts(request: web.Request) -> web.Response:
    return list_records(request, get_context(request).state.pronunciation_dicts, dict_json)


async def create_dict(request: web.Request) -> web.Response:
    store = get_context(request).state.pronunciation_dicts
    body = fields.require_object(await read_json(request))
    items = parse_items(body["items"]) if body.get("items") is not None else ()
    pdict = PronunciationDict(id=store.new_id(), name=fields.required_text(body, "name"), description=fields.string(body, "description"), items=items)
    store.add(pdict)
    return json_response(request, dict_json(pdict))


async def get_dict(request: web.Request) -> web.Response:
    return json_response(request, dict_json(_dict_or_404(request)))


async def update_dict(request: web.Request) -> web.Response:
    pdict = _dict_or_404(request)
    body = await read_optional_object(request)
    changes = fields.name_and_description(body)
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
