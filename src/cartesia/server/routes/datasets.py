"""Datasets: list, create, get, update, delete, and their files: list, upload (multipart), delete."""

from __future__ import annotations

from aiohttp import web

from .. import json_fields as fields
from ..datasets import Dataset, dataset_file_json, dataset_json
from ..errors import not_found
from ..forms import read_form
from ..request_context import get_context, json_response
from ..uploads import decode_upload
from .body import read_json, read_optional_object
from .listing import list_records, page_json, record_or_404

FILE_PURPOSES = ("fine_tune",)


def _dataset_or_404(request: web.Request) -> Dataset:
    return record_or_404(get_context(request).state.datasets, request.match_info["dataset_id"], "dataset", "dataset_not_found")


async def list_datasets(request: web.Request) -> web.Response:
    return list_records(request, get_context(request).state.datasets, dataset_json)


async def create_dataset(request: web.Request) -> web.Response:
    body = fields.require_object(await read_json(request))
    description = fields.string(body, "description") or ""
    dataset = get_context(request).state.datasets.create(fields.required_text(body, "name"), description=description)
    return json_response(request, dataset_json(dataset))


async def get_dataset(request: web.Request) -> web.Response:
    return json_response(request, dataset_json(_dataset_or_404(request)))


async def update_dataset(request: web.Request) -> web.Response:
    dataset = _dataset_or_404(request)
    body = await read_optional_object(request)
    changes = fields.name_and_description(body)
    if "description" in changes:
        changes["description"] = changes["description"] or ""
    get_context(request).state.datasets.update(dataset.id, **changes)
    return web.Response(status=204)


async def delete_dataset(request: web.Request) -> web.Response:
    get_context(request).state.datasets.delete(_dataset_or_404(request).id)
    return web.Response(status=204)


async def list_files(request: web.Request) -> web.Response:
    return json_response(request, page_json(request, _dataset_or_404(request).files, lambda f: f.id, dataset_file_json))


async def upload_file(request: web.Request) -> web.Response:
    dataset = _dataset_or_404(request)
    form = await read_form(request)
    upload = form.file("file")
    assert upload is not None
    purpose = fields.choice(form.required("purpose"), "purpose", FILE_PURPOSES)
    if upload.data[:4] == b"RIFF":
        decode_upload(upload.data)  # a WAV file must at least parse; other formats are taken as they are
    get_context(request).state.datasets.add_file(dataset.id, upload.filename or "file", len(upload.data), purpose=str(purpose))
    return web.Response(status=204)


async def delete_file(request: web.Request) -> web.Response:
    dataset = _dataset_or_404(request)
    file_id = request.match_info["file_id"]
    if not get_context(request).state.datasets.remove_file(dataset.id, file_id):
        raise not_found(f"No file with id {file_id!r} in dataset {dataset.id!r}.", title="File not found", error_code="file_not_found")
    return web.Response(status=204)
