"""Flatten query values into ``key[sub]=value`` pairs, the bracket style the API reads."""

from __future__ import annotations

import enum
import typing

import pydantic

QueryValue = typing.Union[str, int, float]


def encode_query(query: typing.Optional[typing.Mapping[str, typing.Any]]) -> typing.Optional[typing.List[typing.Tuple[str, QueryValue]]]:
    """Pairs for ``query``: None values dropped, mappings as ``key[sub]``, lists as repeated keys."""
    if query is None:
        return None
    pairs: typing.List[typing.Tuple[str, QueryValue]] = []
    for key, value in query.items():
        _flatten(key, value, pairs)
    return pairs


def _flatten(key: str, value: typing.Any, pairs: typing.List[typing.Tuple[str, QueryValue]]) -> None:
    if value is None:
        return
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, typing.Mapping):
        for sub, item in value.items():
            _flatten(f"{key}[{sub}]", item, pairs)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _flatten(key, item, pairs)
    else:
        pairs.append((key, encode_scalar(value)))


def encode_scalar(value: typing.Any) -> QueryValue:
    """Booleans as ``true``/``false``, enums by value, numbers and strings as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return encode_scalar(value.value)
    if isinstance(value, (str, int, float)):
        return value
    return str(value)
