"""Datasets and their files through the SDK, sync and async, against the local server."""

from __future__ import annotations

import typing

import pytest

from cartesia import AuthenticationError, BadRequestError, NotFoundError, RequestValidationError
from cartesia.server import LocalServer

from .test_sdk_against_local_server import VOICE, Sdk


@pytest.fixture(params=["sync", "async"])
async def sdk(request: pytest.FixtureRequest, cartesia_server: LocalServer) -> typing.AsyncIterator[Sdk]:
    client = Sdk(request.param, cartesia_server, cartesia_version="2025-04-16")
    yield client
    await client.aclose()


async def speech(sdk: Sdk, text: str) -> bytes:
    return await sdk.audio("tts.bytes", model_id="sonic-3", transcript=text, voice=VOICE, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000})


async def test_datasets_crud(sdk: Sdk) -> None:
    created = await sdk.call("datasets.create", name="Takes", description="Studio takes")
    assert created.name == "Takes" and created.description == "Studio takes" and created.created_at
    assert (await sdk.call("datasets.get", created.id)) == created
    assert await sdk.call("datasets.update", created.id, name="Final takes") is None  # 204
    assert (await sdk.call("datasets.get", created.id)).model_dump() == {**created.model_dump(), "name": "Final takes"}
    await sdk.call("datasets.update", created.id)
    assert (await sdk.call("datasets.get", created.id)).name == "Final takes"
    await sdk.call("datasets.delete", created.id)
    with pytest.raises(NotFoundError, match="dataset"):
        await sdk.call("datasets.get", created.id)


async def test_files_upload_list_delete(sdk: Sdk, cartesia_server: LocalServer, tmp_path: typing.Any) -> None:
    dataset = await sdk.call("datasets.create", name="Takes")
    take = tmp_path / "take.wav"
    take.write_bytes(await speech(sdk, "one take"))
    assert await sdk.call("datasets.upload_file", dataset.id, file=take, purpose="fine_tune") is None
    for n in range(4):
        await sdk.call("datasets.upload_file", dataset.id, file=(f"take-{n}.wav", await speech(sdk, f"take {n}")), purpose="fine_tune")
    upload = cartesia_server.requests.filter(method="POST", path=f"/datasets/{dataset.id}/files")[0]
    assert upload.form == [("purpose", "fine_tune")] and upload.files["file"].filename == "take.wav"
    files = await sdk.collect("datasets.list_files", dataset.id, limit=2)  # three pages
    assert [f.filename for f in files] == ["take.wav"] + [f"take-{n}.wav" for n in range(4)]
    assert files[0].size == take.stat().st_size and files[0].id.startswith("file_")
    assert len(cartesia_server.requests.filter(method="GET", path=f"/datasets/{dataset.id}/files")) == 3
    await sdk.call("datasets.delete_file", dataset.id, files[0].id)
    assert [f.id for f in await sdk.collect("datasets.list_files", dataset.id)] == [f.id for f in files[1:]]
    with pytest.raises(NotFoundError, match="file"):
        await sdk.call("datasets.delete_file", dataset.id, files[0].id)


async def test_list_pages_to_the_end(sdk: Sdk, cartesia_server: LocalServer) -> None:
    made = [cartesia_server.datasets.create(f"set {n}").id for n in range(11)]
    assert [d.id for d in await sdk.collect("datasets.list")] == made  # the default page holds 10
    assert await sdk.collect("datasets.list", starting_after=made[-1]) == []


async def test_each_error_class(sdk: Sdk, cartesia_server: LocalServer) -> None:
    dataset = cartesia_server.datasets.create("Takes")
    with pytest.raises(RequestValidationError, match="'file_id'"):
        await sdk.call("datasets.delete_file", dataset.id, "")
    with pytest.raises(RequestValidationError, match="name"):
        await sdk.call("datasets.create", name=None)
    assert not cartesia_server.requests
    with pytest.raises(BadRequestError, match="purpose"):  # the local server knows only fine_tune; the SDK lets new values through
        await sdk.call("datasets.upload_file", dataset.id, file=("a.wav", await speech(sdk, "a")), purpose="evaluation")
    with pytest.raises(BadRequestError, match="audio"):
        await sdk.call("datasets.upload_file", dataset.id, file=("a.wav", b"RIFF-not-really"), purpose="fine_tune")
    with pytest.raises(BadRequestError, match="empty"):
        await sdk.call("datasets.create", name=" ")
    for call, args in (("get", ()), ("delete", ()), ("list_files", ()), ("delete_file", ("file_x",))):
        with pytest.raises(NotFoundError):
            await (sdk.collect if call == "list_files" else sdk.call)(f"datasets.{call}", "dataset_nope", *args)
    old = Sdk("sync", cartesia_server)  # the 2.x SDK's default version is served too
    assert [d.id for d in await old.collect("datasets.list")] == [dataset.id]
    await old.aclose()
    with LocalServer(api_keys=["sk_right"]) as strict:
        wrong = Sdk("async", strict, api_key="sk_wrong", cartesia_version="2025-04-16")
        with pytest.raises(AuthenticationError):
            await wrong.call("datasets.get", "x")
        await wrong.aclose()
