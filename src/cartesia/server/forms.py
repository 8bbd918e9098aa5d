"""Reading multipart/form-data requests (parsed by aiohttp) into fields and files, logged as received."""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass, field

from aiohttp import web

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
    """Parse the multipart body; 400 when it is not multipart or is malformed, 413 when too large."""
    if not request.content_type.startswith("multipart/form-data"):
        raise bad_request(f"Expected a multipart/form-data body; got {request.content_type or 'none'}.")
    limit = get_context(request).state.config.max_upload_bytes
    form = _parse(request.headers["Content-Type"], await _read_body(request, limit))
    record = get_context(request).record
    record.form = list(form.fields)
    record.files = {name: FormFile(f.filename, f.content_type, len(f.data)) for name, f in form.files.items()}
    return form


async def _read_body(request: web.Request, limit: int) -> bytes:
    # Room for the part headers and boundaries on top of the content limit.
    ceiling = limit + 64 * 1024
    body = bytearray()
    async for chunk in request.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > ceiling:
            raise ApiError(413, "Request too large", f"Uploads are limited to {limit} bytes.", error_code="request_too_large")
    return bytes(body)


def _parse(content_type: str, body: bytes) -> Form:
    """Fields and files of a multipart body, read with the standard library's MIME parser.

    (aiohttp's own reader calls its deprecated ``unread_data()``; silencing that would mean changing
    the process-wide warning filters from the server's thread, which races with the caller's.)
    """
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart() or message.defects:
        problems = "; ".join(type(defect).__name__ for defect in message.defects) or "no parts"
        raise _malformed(problems)
    form = Form()
    for part in message.iter_parts():
        if part.get_content_disposition() != "form-data":
            raise _malformed("a part is not form-data")
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            raise bad_request("Every multipart part needs a name.")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            form.files[name] = UploadedFile(filename, part.get("Content-Type"), data)
        else:
            try:
                form.fields.append((name, data.decode("utf-8")))
            except UnicodeDecodeError:
                raise _malformed(f"the field {name!r} is not UTF-8 text") from None
    return form


def _malformed(reason: str) -> ApiError:
    return bad_request(f"The multipart body is malformed: {reason}.", title="Malformed request", error_code="malformed_request")
