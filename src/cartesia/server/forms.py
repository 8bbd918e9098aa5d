"""Reading multipart/form-data requests (parsed by aiohttp) into fields and files, logged as received."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from aiohttp import BodyPartReader, web

from .errors import ApiError, bad_request
from .json_fields import missing
from .request_context import get_context
from .request_log import FormFile


@dataclass
class UploadedFile:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Form:
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, UploadedFile] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """The last value of a text field (like the service, a repeated scalar field keeps the last)."""
        values = self.all(name)
        return values[-1] if values else None

    def required(self, name: str) -> str:
        value = self.get(name)
        if value is None or not value.strip():
            raise missing(name)
        return value

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.fields if key == name]

    def file(self, name: str, *, required: bool = True) -> UploadedFile | None:
        upload = self.files.get(name)
        if upload is None and required:
            raise missing(name)
        if upload is not None and required and not upload.data:
            raise bad_request(f"The `{name}` file is empty.", title="Invalid audio", error_code="invalid_audio")
        return upload

    def boolean(self, name: str) -> bool | None:
        value = self.get(name)
        if value is None or value == "":
            return None
        if value.lower() not in ("true", "false"):
            raise bad_request(f"`{name}` must be true or false; got {value!r}.")
        return value.lower() == "true"


async def read_form(request: web.Request) -> Form:
    """Parse the multipart body; 400 when it is not multipart or is malformed."""
    if not request.content_type.startswith("multipart/form-data"):
        raise bad_request(f"Expected a multipart/form-data body; got {request.content_type or 'none'}.")
    form = Form()
    limit = get_context(request).state.config.max_upload_bytes
    try:
        with warnings.catch_warnings():
            # aiohttp's multipart reader calls its own deprecated StreamReader.unread_data(); under
            # `-W error` (common in test suites, which share the process) that would fail uploads.
            warnings.simplefilter("ignore", DeprecationWarning)
            await _read_parts(request, form, limit)
    except (ValueError, AssertionError, UnicodeDecodeError) as exc:
        raise bad_request(f"The multipart body is malformed: {exc}.", title="Malformed request", error_code="malformed_request") from None
    record = get_context(request).record
    record.form = list(form.fields)
    record.files = {name: FormFile(f.filename, f.content_type, len(f.data)) for name, f in form.files.items()}
    return form


async def _read_parts(request: web.Request, form: Form, limit: int) -> None:
    """Fill `form` from the multipart body, refusing more than `limit` bytes of content."""
    total = 0
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader) or not part.name:
            raise bad_request("Every multipart part needs a name.")
        data = bytes(await part.read(decode=True))
        total += len(data)
        if total > limit:
            raise ApiError(413, "Request too large", f"Uploads are limited to {limit} bytes.", error_code="request_too_large")
        if part.filename is not None:
            form.files[part.name] = UploadedFile(part.filename, part.headers.get("Content-Type"), data)
        else:
            form.fields.append((part.name, data.decode("utf-8")))
