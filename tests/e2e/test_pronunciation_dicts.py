"""Pronunciation dictionaries through the SDK, sync and async, against the local server."""

from __future__ import annotations

import typing

import pytest

from cartesia import AuthenticationError, BadRequestError, NotFoundError, RequestValidationError
from cartesia.server import LocalServer

from .test_sdk_against_local_server import VOICE, Sdk

WAV = {"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}


@pytest.fixture(params=["sync", "async"])
async def sdk(request: pytest.FixtureRequest, cartesia_server: LocalServer) -> typing.AsyncIterator[Sdk]:
    client = Sdk(request.param, cartesia_server, cartesia_version="2025-04-16")
    yield client
    await client.aclose()


async def test_create_get_update_pin_delete(sdk: Sdk) -> None:
    created = await sdk.call(
        "pronunciation_dicts.create",
        name="Brands",
        description="Product names",
        items=[{"text": "Cartesia", "pronunciation": "kar-TEE-zha"}, {"text": "sonic", "alias": "SAH-nick"}],
    )
    assert created.id.startswith("pdict_") and created.name == "Brands" and not created.pinned
    assert [(i.text, i.pronunciation, i.alias) for i in created.items] == [("Cartesia", "kar-TEE-zha", "kar-TEE-zha"), ("sonic", "SAH-nick", "SAH-nick")]
    assert (await sdk.call("pronunciation_dicts.get", created.id)) == created
    updated = await sdk.call("pronunciation_dicts.update", created.id, name="Brand names")
    assert updated.name == "Brand names" and updated.items == created.items and updated.description == "Product names"
    replaced = await sdk.call("pronunciation_dicts.update", created.id, items=[{"text": "Ink", "pronunciation": "inc"}])
    assert [i.text for i in replaced.items] == ["Ink"]
    assert await sdk.call("pronunciation_dicts.pin", created.id) is None
    assert (await sdk.call("pronunciation_dicts.get", created.id)).pinned
    await sdk.call("pronunciation_dicts.unpin", created.id)
    assert not (await sdk.call("pronunciation_dicts.get", created.id)).pinned
    await sdk.call("pronunciation_dicts.delete", created.id)
    with pytest.raises(NotFoundError) as missing:
        await sdk.call("pronunciation_dicts.get", created.id)
    assert "pronunciation dictionary" in str(missing.value).lower()


async def test_list_pages_to_the_end(sdk: Sdk, cartesia_server: LocalServer) -> None:
    made = [cartesia_server.pronunciation_dicts.create(f"dict {n}").id for n in range(7)]
    assert [d.id for d in await sdk.collect("pronunciation_dicts.list", limit=3)] == made
    requests = cartesia_server.requests.filter(path="/pronunciation-dicts/")
    assert [dict(r.query).get("starting_after") for r in requests] == [None, made[2], made[5]]
    assert [d.id for d in await sdk.collect("pronunciation_dicts.list", starting_after=made[4])] == made[5:]
    assert await sdk.collect("pronunciation_dicts.list", starting_after=made[-1]) == []


async def test_tts_speaks_the_dictionary(sdk: Sdk, cartesia_server: LocalServer) -> None:
    pdict = await sdk.call("pronunciation_dicts.create", name="Brands", items=[{"text": "cartesia", "pronunciation": "kar-TEE-zha"}])
    sentence = "Cartesia says hello to cartesia fans."
    for dict_id, heard in ((None, sentence), (pdict.id, "kar-TEE-zha says hello to kar-TEE-zha fans.")):
        audio = await sdk.audio("tts.bytes", model_id="sonic-3", transcript=sentence, voice=VOICE, output_format=WAV, pronunciation_dict_id=dict_id)
        assert (await sdk.call("stt.transcribe", file=audio, model="ink-whisper")).text == heard
    events = await sdk.collect(
        "tts.sse", model_id="sonic-3", transcript="Hi Cartesia", voice=VOICE, pronunciation_dict_id=pdict.id,
        output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}, add_timestamps=True,
    )
    assert [w for e in events if e.type == "timestamps" for w in e.word_timestamps.words] == ["Hi", "kar-TEE-zha"]


async def test_each_error_class(sdk: Sdk, cartesia_server: LocalServer) -> None:
    with pytest.raises(RequestValidationError, match="items"):  # neither `pronunciation` nor `alias`: never sent
        await sdk.call("pronunciation_dicts.create", name="x", items=[{"text": "a"}])
    with pytest.raises(RequestValidationError, match="'id'"):
        await sdk.call("pronunciation_dicts.get", "")
    assert not cartesia_server.requests.filter(path="/pronunciation-dicts/")
    with pytest.raises(BadRequestError, match="longer than 100"):
        await sdk.call("pronunciation_dicts.create", name="x", items=[{"text": "a", "pronunciation": "b" * 101}])
    unchanged = cartesia_server.pronunciation_dicts.create("d")
    assert (await sdk.call("pronunciation_dicts.update", unchanged.id)).name == "d"  # nothing to change
    with pytest.raises(BadRequestError, match="differ"):
        await sdk.call("pronunciation_dicts.update", unchanged.id, items=[{"text": "a", "pronunciation": "b", "alias": "c"}])
    with pytest.raises(BadRequestError, match="limit"):
        await sdk.collect("pronunciation_dicts.list", limit=101)
    with pytest.raises(BadRequestError, match="cursor"):
        await sdk.collect("pronunciation_dicts.list", starting_after="pdict_nope")
    for name in ("get", "delete", "pin", "unpin"):
        with pytest.raises(NotFoundError):
            await sdk.call(f"pronunciation_dicts.{name}", "pdict_nope")
    with pytest.raises(BadRequestError, match="pdict_nope"):  # before 2026-03-01, TTS answers 400
        await sdk.audio("tts.bytes", model_id="sonic-3", transcript="hi", voice=VOICE, output_format=WAV, pronunciation_dict_id="pdict_nope")
    with_token = Sdk("sync", cartesia_server, api_key="", token="eyJ.not.a-token", cartesia_version="2025-04-16")
    with pytest.raises(AuthenticationError):  # access tokens do not open this resource
        await with_token.call("pronunciation_dicts.list")
    await with_token.aclose()


async def test_versions(cartesia_server: LocalServer) -> None:
    old = Sdk("sync", cartesia_server)  # 2024-11-13, the 2.x SDK's default: the resource is served all the same
    created = await old.call("pronunciation_dicts.create", name="x")
    assert (await old.call("pronunciation_dicts.get", created.id)).name == "x"
    modern = Sdk("async", cartesia_server, cartesia_version="2026-03-01")
    with pytest.raises(NotFoundError) as missing:
        await modern.audio("tts.bytes", model_id="sonic-3", transcript="hi", voice=VOICE, output_format=WAV, pronunciation_dict_id="pdict_nope")
    assert missing.value.title == "Pronunciation dictionary not found"
    await modern.aclose()
    await old.aclose()
