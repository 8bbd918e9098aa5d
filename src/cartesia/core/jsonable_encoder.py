"""Turn request values (models, enums, dates, bytes, paths, containers) into JSON-ready data."""

from __future__ import annotations

import base64
import collections.abc
import dataclasses
import datetime as dt
import enum
import pathlib
import typing

import pydantic
import pydantic_core

from .datetime_utils import serialize_datetime

_SCALARS = (str, int, float, bool, type(None))


def jsonable_encoder(obj: typing.Any) -> typing.Any:
    """JSON-ready data for ``obj``. Models are dumped with their wire names, leaving out None fields."""
    kind = type(obj)
    if kind in _SCALARS:  # exact types first: bodies are mostly plain data already
        return obj
    if kind is dict:
        return {key if type(key) is str else str(jsonable_encoder(key)): jsonable_encoder(value) for key, value in obj.items()}
    if kind is list:
        return [jsonable_encoder(item) for item in obj]
    if isinstance(obj, (str, int, float)) and not isinstance(obj, enum.Enum):
        return obj
    if isinstance(obj, pydantic.BaseModel):
        return jsonable_encoder(obj.model_dump(mode="json", by_alias=True, exclude_none=True))
    if isinstance(obj, enum.Enum):
        return jsonable_encoder(obj.value)
    if isinstance(obj, collections.abc.Mapping):
        return {str(jsonable_encoder(key)): jsonable_encoder(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable_encoder(item) for item in obj]
    if isinstance(obj, bytes):
        return base64.b64encode(obj).decode("ascii")
    if isinstance(obj, dt.datetime):
        return serialize_datetime(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, pathlib.PurePath):
        return str(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return jsonable_encoder(dataclasses.asdict(obj))
    return pydantic_core.to_jsonable_python(obj)
