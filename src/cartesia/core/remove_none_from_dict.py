"""Drop ``None`` values, the SDK's marker for "not given"."""

from __future__ import annotations

import collections.abc
import typing


def remove_none_from_dict(original: typing.Mapping[str, typing.Optional[typing.Any]]) -> typing.Dict[str, typing.Any]:
    """A copy of ``original`` without the keys whose value is None."""
    return {key: value for key, value in original.items() if value is not None}


def remove_none_deep(value: typing.Any) -> typing.Any:
    """Drop None values from every mapping nested in ``value`` (lists keep their items)."""
    if isinstance(value, collections.abc.Mapping):
        return {key: remove_none_deep(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [remove_none_deep(item) for item in value]
    return value
