"""Datasets on the wire (api-spec.md §2 rows 30-37, §2.9), sync and async."""

from __future__ import annotations

import respx

from cartesia.datasets.types import Dataset, DatasetFile

from ..helpers import multipart_parts
from .conftest import Api
from .test_endpoints import assert_common_headers, json_body, sent

DATASET = {"id": "ds_1", "name": "Takes", "description": "Studio", "created_at": "2025-04-16T00:00:00Z"}
FILE = {"id": "file_1", "filename": "take.wav", "created_at": "2025-04-16T00:00:00Z", "size": 44}


async def test_datasets(api: Api, mock: respx.MockRouter) -> None:
    listing = mock.get("/datasets/").respond(200, json={"data": [DATASET], "has_more": False, "next_page": None})
    create = mock.post("/datasets/").respond(200, json=DATASET)
    get = mock.get("/datasets/ds_1").respond(200, json={**DATASET, "owner_id": "u"})
    patch = mock.patch("/datasets/ds_1").respond(204)
    delete = mock.delete("/datasets/ds_1").respond(204)
    assert [d.id for d in await api.collect("datasets.list", limit=5)] == ["ds_1"]
    assert str(sent(listing).url) == "https://api.cartesia.ai/datasets/?limit=5"
    assert isinstance(await api.call("datasets.create", name="Takes", description="Studio"), Dataset)
    assert sent(create).content == b'{"name":"Takes","description":"Studio"}'
    assert (await api.call("datasets.get", "ds_1")).model_extra == {"owner_id": "u"}
    assert await api.call("datasets.update", "ds_1", description="New") is None
    assert json_body(sent(patch)) == {"description": "New"}
    assert await api.call("datasets.delete", "ds_1") is None
    assert sent(get).method == "GET" and sent(delete).content == b""
    assert_common_headers(sent(get))


async def test_files(api: Api, mock: respx.MockRouter) -> None:
    listing = mock.get("/datasets/ds_1/files").mock(
        side_effect=[
            respx.MockResponse(200, json={"data": [FILE], "has_more": True}),
            respx.MockResponse(200, json={"data": [], "has_more": False}),
        ]
    )
    upload = mock.post("/datasets/ds_1/files").respond(204)
    delete = mock.delete("/datasets/ds_1/files/file_1").respond(204)
    files = await api.collect("datasets.list_files", "ds_1")
    assert files == [DatasetFile(**FILE)]
    assert [str(c.request.url) for c in listing.calls] == [
        "https://api.cartesia.ai/datasets/ds_1/files",
        "https://api.cartesia.ai/datasets/ds_1/files?starting_after=file_1",
    ]
    assert await api.call("datasets.upload_file", "ds_1", file=("take.wav", b"RIFF", "audio/wav"), purpose="fine_tune") is None
    request = sent(upload)
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = multipart_parts(request)
    assert [(p.name, p.filename, p.content_type, p.content) for p in parts] == [("purpose", None, None, b"fine_tune"), ("file", "take.wav", "audio/wav", b"RIFF")]
    assert await api.call("datasets.delete_file", "ds_1", "file_1") is None
    assert sent(delete).method == "DELETE"
