"""File inputs for multipart uploads.

A file argument may be a path (``str`` or ``os.PathLike``), ``bytes``, a binary file object, or a tuple
``(filename, content[, content_type[, headers]])`` whose content is any of those. Paths are checked
before anything is sent. Content must be replayable so that a retried upload resends it intact:
seekable files are rewound by httpx on every attempt, other streams are read into memory once.
"""

from __future__ import annotations

import asyncio
import io
import mimetypes
import os
import typing

FileContent = typing.Union[typing.IO[bytes], bytes, str, "os.PathLike[str]"]
File = typing.Union[
    FileContent,
    typing.Tuple[typing.Optional[str], FileContent],
    typing.Tuple[typing.Optional[str], FileContent, typing.Optional[str]],
    typing.Tuple[typing.Optional[str], FileContent, typing.Optional[str], typing.Mapping[str, str]],
]
FileInputs = typing.Mapping[str, typing.Union[File, typing.Sequence[File], None]]

HttpxFile = typing.Tuple[typing.Optional[str], typing.Union[typing.IO[bytes], bytes], typing.Optional[str], typing.Dict[str, str]]
HttpxFiles = typing.List[typing.Tuple[str, HttpxFile]]

_DEFAULT_FILENAME = "upload"
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


class PreparedFiles:
    """httpx-ready file tuples, and the file handles this SDK opened for them (closed by :meth:`close`)."""

    def __init__(self, files: HttpxFiles, opened: typing.List[typing.IO[bytes]]) -> None:
        self.files = files
        self._opened = opened

    def close(self) -> None:
        for handle in self._opened:
            handle.close()
        self._opened = []


def prepare_files(files: typing.Optional[FileInputs]) -> PreparedFiles:
    """Validate and convert file inputs, opening paths (streamed from disk)."""
    opened: typing.List[typing.IO[bytes]] = []
    try:
        result = [(field, _convert(item, field, opened, read_paths=False)) for field, item in _items(files)]
    except BaseException:
        for handle in opened:
            handle.close()
        raise
    return PreparedFiles(result, opened)


async def aprepare_files(files: typing.Optional[FileInputs]) -> PreparedFiles:
    """Like :func:`prepare_files`, but paths are read in a worker thread so the event loop never blocks."""
    items = list(_items(files))
    if any(_path_of(_content_of(item)) is not None for _, item in items):
        return await asyncio.get_running_loop().run_in_executor(None, _read_all, items)
    return _read_all(items)


def _read_all(items: typing.List[typing.Tuple[str, File]]) -> PreparedFiles:
    return PreparedFiles([(field, _convert(item, field, [], read_paths=True)) for field, item in items], [])


def convert_file_dict_to_httpx_tuples(files: FileInputs) -> HttpxFiles:
    """File tuples for httpx, one per file (lists become repeated fields); paths are read into memory."""
    return _read_all(list(_items(files))).files


def with_content_type(*, file: File, default_content_type: str) -> File:
    """``file`` as a tuple with a content type, using ``default_content_type`` when it has none."""
    if not isinstance(file, tuple):
        return (None, file, default_content_type)
    if len(file) == 4:
        return (file[0], file[1], file[2] or default_content_type, file[3])
    if len(file) == 3:
        return (file[0], file[1], file[2] or default_content_type)
    return (file[0], file[1], default_content_type)


def _items(files: typing.Optional[FileInputs]) -> typing.Iterator[typing.Tuple[str, File]]:
    for field, value in (files or {}).items():
        if value is None:
            continue
        if isinstance(value, list):
            for item in value:
                yield field, item
        else:
            yield field, typing.cast(File, value)


def _content_of(item: File) -> typing.Any:
    return item[1] if isinstance(item, tuple) and len(item) >= 2 else item


def _path_of(content: typing.Any) -> typing.Optional[str]:
    if isinstance(content, str):
        return content
    if isinstance(content, os.PathLike):
        path = os.fspath(content)
        return path if isinstance(path, str) else os.fsdecode(path)
    return None


def _convert(item: File, field: str, opened: typing.List[typing.IO[bytes]], *, read_paths: bool) -> HttpxFile:
    if isinstance(item, tuple):
        if not 2 <= len(item) <= 4:
            raise TypeError(f"File tuple for {field!r} must be (filename, content[, content_type[, headers]]), got {len(item)} items")
        filename, content = item[0], item[1]
        content_type = item[2] if len(item) > 2 else None
        headers = dict(item[3]) if len(item) > 3 else {}
    else:
        filename, content, content_type, headers = None, item, None, {}

    path = _path_of(content)
    body: typing.Union[typing.IO[bytes], bytes]
    if path is not None:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"File for {field!r} not found: {path}")
        if read_paths:
            with open(path, "rb") as handle:
                body = handle.read()
        else:
            body = open(path, "rb")  # closed by PreparedFiles.close()
            opened.append(body)
        filename = filename if filename is not None else os.path.basename(path)
    elif isinstance(content, (bytes, bytearray, memoryview)):
        body = bytes(content)
    elif hasattr(content, "read"):
        body = _replayable(typing.cast(typing.IO[typing.Any], content), field)
        if filename is None:
            name = getattr(content, "name", None)
            filename = os.path.basename(name) if isinstance(name, str) and name else None
    else:
        raise TypeError(
            f"Unsupported file input for {field!r}: {type(content).__name__}; "
            "pass a path, bytes, a binary file object, or a (filename, content) tuple"
        )

    filename = filename or _DEFAULT_FILENAME
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or _DEFAULT_CONTENT_TYPE
    return (filename, body, content_type, headers)


def _replayable(stream: typing.Any, field: str) -> typing.Union[typing.IO[bytes], bytes]:
    """The stream itself when httpx can rewind it for a retry, else its bytes."""
    if isinstance(stream, io.TextIOBase):
        raise TypeError(f"File for {field!r} is open in text mode; open it with 'rb'")
    try:
        seekable = bool(stream.seekable())
    except (AttributeError, ValueError):
        seekable = False
    if seekable:
        return typing.cast(typing.IO[bytes], stream)
    data = stream.read()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"File for {field!r} must yield bytes, got {type(data).__name__}")
    return bytes(data)
