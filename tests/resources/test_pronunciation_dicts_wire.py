"""Pronunciation dictionaries on the wire (api-spec.md §2 rows 23-29, §2.9), sync and async."""

from __future__ import annotations

import respx

from cartesia.pronunciation_dicts.types import PronunciationDict

from .conftest import Api
from .test_endpoints import assert_common_headers, json_body, sent

# The service's example object, with an item carrying both field names and a field the SDK does not know yet.
PDICT = {
    "id": "pdict_abc123",
    "name": "My Pronunciation Dictionary",
    "owner_id": "user_abc123",
    "description": "...",
    "pinned": False,
    "items": [{"text": "Cartesia", "pronunciation": "<<k|ɑː|ʈ|iː|z|i|ə>>", "alias": "<<k|ɑː|ʈ|iː|z|i|ə>>", "case_sensitive": True}],
    "created_at": "2025-01-01T00:00:00.000Z",
}


async def test_list_follows_the_last_id(api: Api, mock: respx.MockRouter) -> None:
    second = {**PDICT, "id": "pdict_2"}
    route = mock.get("/pronunciation-dicts/").mock(
        side_effect=[
            respx.MockResponse(200, json={"data": [PDICT], "has_more": True, "next_page": "pdict_abc123"}),
            respx.MockResponse(200, json={"data": [second], "has_more": False}),  # older pages had no next_page
        ]
    )
    items = await api.collect("pronunciation_dicts.list", limit=1)
    assert [d.id for d in items] == ["pdict_abc123", "pdict_2"]
    assert [str(call.request.url) for call in route.calls] == [
        "https://api.cartesia.ai/pronunciation-dicts/?limit=1",
        "https://api.cartesia.ai/pronunciation-dicts/?limit=1&starting_after=pdict_abc123",
    ]
    assert_common_headers(route.calls[0].request)


async def test_create_sends_either_field_name_and_keeps_unknown_fields(api: Api, mock: respx.MockRouter) -> None:
    route = mock.post("/pronunciation-dicts/").respond(200, json=PDICT)
    created = await api.call(
        "pronunciation_dicts.create",
        name="My Pronunciation Dictionary",
        items=[{"text": "Cartesia", "pronunciation": "<<k|ɑː>>"}, {"text": "sonic", "alias": "SAH-nick"}],
    )
    assert isinstance(created, PronunciationDict) and created.items[0].alias == created.items[0].pronunciation
    assert created.items[0].model_extra == {"case_sensitive": True}
    assert sent(route).content == (
        b'{"name":"My Pronunciation Dictionary","items":[{"text":"Cartesia","pronunciation":"<<k|\xc9\x91\xcb\x90>>"},'
        b'{"text":"sonic","alias":"SAH-nick"}]}'
    )


async def test_get_update_delete_pin_unpin(api: Api, mock: respx.MockRouter) -> None:
    get = mock.get("/pronunciation-dicts/pdict_abc123").respond(200, json=PDICT)
    patch = mock.patch("/pronunciation-dicts/pdict_abc123").respond(200, json={**PDICT, "name": "n"})
    delete = mock.delete("/pronunciation-dicts/pdict_abc123").respond(204)
    pin = mock.post("/pronunciation-dicts/pdict_abc123/pin").respond(204)
    unpin = mock.post("/pronunciation-dicts/pdict_abc123/unpin").respond(200)
    assert (await api.call("pronunciation_dicts.get", "pdict_abc123")).name == PDICT["name"]
    assert (await api.call("pronunciation_dicts.update", "pdict_abc123", name="n", description=None)).name == "n"
    assert json_body(sent(patch)) == {"name": "n", "description": None}  # an explicit None is sent as null, as 2.x did
    for name in ("delete", "pin", "unpin"):
        assert await api.call(f"pronunciation_dicts.{name}", "pdict_abc123") is None
    assert sent(get).method == "GET" and sent(delete).content == b"" and sent(pin).content == b"" and sent(unpin).content == b""
