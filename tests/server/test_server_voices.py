"""The voice library: cursor pages, filters, version shapes, and the write endpoints."""

from __future__ import annotations

import httpx
import pytest

from cartesia.server.audio import encode_audio, synthesize
from cartesia.server.voice_store import seed_voices

from .server_helpers import LEGACY, STRUCTURED, VOICE_ID, headers


def _get(server, path, version=LEGACY, **params):
    return httpx.get(server.url + path, headers=headers(server, version), params=params)


def test_three_pages_then_an_empty_one(cartesia_server):
    cartesia_server.voices.clear()
    ids = [cartesia_server.voices.create(f"Voice {i}").id for i in range(7)]
    seen, cursors = [], []
    params = {"limit": 3}
    for _ in range(3):
        page = _get(cartesia_server, "/voices", **params).json()
        seen += [v["id"] for v in page["data"]]
        cursors.append(page["next_page"])
        if not page["has_more"]:
            break
        params = {"limit": 3, "starting_after": page["next_page"]}
    assert seen == ids
    assert cursors == [ids[2], ids[5], None]
    after_end = _get(cartesia_server, "/voices", limit=3, starting_after=ids[-1]).json()
    assert after_end == {"data": [], "has_more": False, "next_page": None}


def test_paging_backwards_with_ending_before(cartesia_server):
    ids = [v.id for v in cartesia_server.voices]
    page = _get(cartesia_server, "/voices/", limit=2, ending_before=ids[5]).json()
    assert [v["id"] for v in page["data"]] == ids[3:5]
    assert page["has_more"] is True and page["next_page"] == ids[3]
    first = _get(cartesia_server, "/voices", limit=5, ending_before=ids[2]).json()
    assert [v["id"] for v in first["data"]] == ids[:2] and first["has_more"] is False


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"limit": "x"}, {"starting_after": "nope"}, {"is_owner": "maybe"}, {"gender": "robot"}, {"expand[]": "everything"}])
def test_bad_list_parameters_are_400(cartesia_server, params):
    assert _get(cartesia_server, "/voices", **params).status_code == 400


def test_filters_and_expand(cartesia_server):
    mine = cartesia_server.voices.create("Mine", gender="feminine", is_starred=True)
    owned = _get(cartesia_server, "/voices", is_owner="true").json()["data"]
    assert [v["id"] for v in owned] == [mine.id]
    feminine = {v["id"] for v in _get(cartesia_server, "/voices", gender="feminine", limit=100).json()["data"]}
    assert mine.id in feminine and VOICE_ID not in feminine
    starred = httpx.get(cartesia_server.url + "/voices", headers=headers(cartesia_server), params=[("is_starred", "true"), ("expand[]", "embedding"), ("expand[]", "is_starred")]).json()["data"]
    assert [v["id"] for v in starred] == [mine.id]
    assert starred[0]["is_starred"] is True and len(starred[0]["embedding"]) == 192
    plain = _get(cartesia_server, "/voices", limit=1).json()["data"][0]
    assert set(plain) == {"id", "is_owner", "name", "description", "created_at", "language"}


def test_voice_shapes_follow_the_version(cartesia_server):
    old = _get(cartesia_server, "/voices", "2024-06-10").json()
    assert isinstance(old, list) and len(old) == len(seed_voices())
    assert {"user_id", "is_public", "embedding"} <= set(old[0]) and "is_owner" not in old[0]
    mid = _get(cartesia_server, f"/voices/{VOICE_ID}", "2025-04-16").json()
    assert mid["gender"] == "masculine" and mid["is_public"] is True and "embedding" not in mid
    new = _get(cartesia_server, f"/voices/{VOICE_ID}", "2026-08-14").json()
    assert new["access"] == "public" and new["visibility"] == "all" and "is_public" not in new
    assert new["locales"] == [{"locale": "en-US", "is_native": True}]


def test_update_and_delete_own_voices_only(cartesia_server):
    voice = cartesia_server.voices.create("Draft", description="before")
    url = f"{cartesia_server.url}/voices/{voice.id}"
    updated = httpx.patch(url, headers=headers(cartesia_server, "2025-04-16"), json={"name": "Final", "description": "after", "gender": "feminine"})
    assert updated.status_code == 200
    assert (updated.json()["name"], updated.json()["description"], updated.json()["gender"]) == ("Final", "after", "feminine")
    assert cartesia_server.voices.get(voice.id).name == "Final"
    assert httpx.patch(url, headers=headers(cartesia_server), json={}).status_code == 400
    assert httpx.patch(url, headers=headers(cartesia_server), json={"gender": "robot"}).status_code == 400
    public = f"{cartesia_server.url}/voices/{VOICE_ID}"
    assert httpx.delete(public, headers=headers(cartesia_server)).status_code == 403
    deleted = httpx.delete(url, headers=headers(cartesia_server))
    assert deleted.status_code == 204 and deleted.content == b""
    assert voice.id not in cartesia_server.voices
    assert httpx.delete(url, headers=headers(cartesia_server)).status_code == 404
    assert httpx.patch(url, headers=headers(cartesia_server), json={"name": "x"}).status_code == 404


def _clip() -> bytes:
    return encode_audio(synthesize("my voice", 16000).samples, "wav", 16000, encoding="pcm_s16le")


def test_clone_returns_voice_metadata(cartesia_server):
    response = httpx.post(
        cartesia_server.url + "/voices/clone",
        headers=headers(cartesia_server),
        files={"clip": ("me.wav", _clip(), "audio/wav")},
        data={"name": "Me", "description": "cloned", "language": "en", "mode": "similarity", "enhance": "false"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"id", "user_id", "is_public", "name", "description", "created_at", "language"}
    assert (body["name"], body["is_public"], body["language"]) == ("Me", False, "en")
    assert cartesia_server.voices.get(body["id"]).is_owner


@pytest.mark.parametrize(
    ("files", "data", "version"),
    [
        ({}, {"name": "Me", "language": "en"}, LEGACY),
        ({"clip": ("a.wav", b"")}, {"name": "Me", "language": "en"}, LEGACY),
        ({"clip": ("a.wav", b"RIFFjunk")}, {"name": "Me", "language": "en"}, LEGACY),
        ({"clip": ("a.wav", b"data")}, {"language": "en"}, LEGACY),
        ({"clip": ("a.wav", b"data")}, {"name": "Me", "language": "klingon"}, LEGACY),
        ({"clip": ("a.wav", b"data")}, {"name": "Me", "language": "en", "mode": "chaos"}, LEGACY),
        ({"clip": ("a.wav", b"data")}, {"name": "Me", "language": "en", "mode": "stability"}, "2025-04-16"),
        ({"clip": ("a.wav", b"data")}, {"name": "Me", "language": "en", "enhance": "perhaps"}, LEGACY),
    ],
)
def test_clone_checks_its_fields(cartesia_server, files, data, version):
    response = httpx.post(cartesia_server.url + "/voices/clone", headers=headers(cartesia_server, version), files=files or None, data=data)
    assert response.status_code == 400, response.text


def test_localize_creates_a_voice_in_the_target_language(cartesia_server):
    body = {"voice_id": VOICE_ID, "name": "Sp", "description": "Spanish", "language": "es", "original_speaker_gender": "female", "dialect": "mx"}
    response = httpx.post(cartesia_server.url + "/voices/localize", headers=headers(cartesia_server, "2025-04-16"), json=body)
    assert response.status_code == 200
    created = cartesia_server.voices.get(response.json()["id"])
    assert (created.language, created.gender, created.base_voice_id) == ("es", "feminine", VOICE_ID)
    for bad in ({**body, "dialect": "uk"}, {**body, "language": "xx"}, {**body, "original_speaker_gender": "x"}, {**body, "voice_id": "none"}):
        assert httpx.post(cartesia_server.url + "/voices/localize", headers=headers(cartesia_server), json=bad).status_code in (400, 404)


def test_mix_weights_embeddings(cartesia_server):
    seeded = cartesia_server.voices.get(VOICE_ID).embedding
    flat = [0.5] * 192
    response = httpx.post(cartesia_server.url + "/voices/mix", headers=headers(cartesia_server), json={"voices": [{"id": VOICE_ID, "weight": 3}, {"embedding": flat, "weight": 1}]})
    mixed = response.json()["embedding"]
    assert len(mixed) == 192
    assert mixed[7] == pytest.approx((3 * seeded[7] + 0.5) / 4, abs=1e-5)
    for bad in ({"voices": []}, {"voices": [{"embedding": [1.0], "weight": 1}]}, {"voices": [{"id": VOICE_ID, "weight": 0}]}, {"voices": [{"id": "nope", "weight": 1}]}):
        assert httpx.post(cartesia_server.url + "/voices/mix", headers=headers(cartesia_server), json=bad).status_code in (400, 404)


@pytest.mark.parametrize(("path", "version", "fields"), [("/voices/", LEGACY, "is_owner"), ("/voices", "2024-06-10", "user_id")])
def test_create_from_embedding(cartesia_server, path, version, fields):
    body = {"name": "Emb", "description": "from numbers", "embedding": [0.25] * 192, "language": "fr"}
    response = httpx.post(cartesia_server.url + path, headers=headers(cartesia_server, version), json=body)
    assert response.status_code == 200 and fields in response.json()
    assert cartesia_server.voices.get(response.json()["id"]).embedding == tuple([0.25] * 192)
    short = httpx.post(cartesia_server.url + path, headers=headers(cartesia_server, STRUCTURED), json={**body, "embedding": [0.1]})
    assert short.status_code == 400 and short.json()["error_code"] == "invalid_request"
