"""Wire names for TypedDict fields.

A few wire keys are not valid or not pleasant Python names (``continue``, ``__experimental_controls``).
Request TypedDicts declare them as ``Annotated[T, FieldMetadata(alias="continue")]`` on a field named
``continue_``; :func:`convert_and_respect_annotation_metadata` renames such keys, recursively, when a
dict is written to the wire (``direction="write"``) or read back (``direction="read"``). Pydantic
models carry their aliases themselves and pass through untouched.
"""

from __future__ import annotations

import collections.abc
import typing

import typing_extensions

Direction = typing_extensions.Literal["read", "write"]

# typing and typing_extensions may hold distinct objects for these on older Pythons.
_ANNOTATED = {typing_extensions.Annotated, getattr(typing, "Annotated", typing_extensions.Annotated)}
_REQUIRED_MARKS = {typing_extensions.NotRequired, typing_extensions.Required}
_LITERAL = {typing_extensions.Literal, typing.Literal}
_SEQUENCES = (list, set, frozenset, collections.abc.Sequence, collections.abc.Set)


class FieldMetadata:
    """Metadata for ``Annotated`` naming the wire key of a field."""

    def __init__(self, *, alias: str) -> None:
        self.alias = alias

    def __repr__(self) -> str:
        return f"FieldMetadata(alias={self.alias!r})"


class _Field(typing.NamedTuple):
    annotation: typing.Any
    alias: typing.Optional[str]


_FIELDS_CACHE: typing.Dict[typing.Any, typing.Dict[str, _Field]] = {}


def convert_and_respect_annotation_metadata(
    *,
    object_: typing.Any,
    annotation: typing.Any,
    inner_type: typing.Any = None,
    direction: Direction,
) -> typing.Any:
    """Rename aliased keys in ``object_`` according to ``annotation``; values are not validated."""
    return _convert(object_, inner_type if inner_type is not None else annotation, direction)


def _convert(value: typing.Any, annotation: typing.Any, direction: Direction) -> typing.Any:
    if value is None or isinstance(value, (str, bytes, int, float)):
        return value
    annotation = _strip(annotation)
    origin = typing_extensions.get_origin(annotation)
    if typing_extensions.is_typeddict(annotation) and isinstance(value, collections.abc.Mapping):
        return _convert_typeddict(value, annotation, direction)
    if origin is typing.Union:
        member = _pick_member(value, typing_extensions.get_args(annotation))
        return value if member is None else _convert(value, member, direction)
    args = typing_extensions.get_args(annotation)
    if origin in _SEQUENCES and args:
        if isinstance(value, (list, tuple, set, frozenset)):
            return [_convert(item, args[0], direction) for item in value]
    if origin in (dict, collections.abc.Mapping) and len(args) == 2 and isinstance(value, collections.abc.Mapping):
        return {key: _convert(item, args[1], direction) for key, item in value.items()}
    return value


def _convert_typeddict(value: typing.Mapping[str, typing.Any], annotation: typing.Any, direction: Direction) -> typing.Dict[str, typing.Any]:
    fields = _typeddict_fields(annotation)
    # Map each incoming key to (outgoing key, field) for the direction of travel.
    if direction == "write":
        routes = {name: (field.alias or name, field) for name, field in fields.items()}
    else:
        routes = {field.alias or name: (name, field) for name, field in fields.items()}
    result: typing.Dict[str, typing.Any] = {}
    for key, item in value.items():
        route = routes.get(key)
        if route is None:
            result[key] = item
        else:
            out_key, field = route
            result[out_key] = _convert(item, field.annotation, direction)
    return result


def _typeddict_fields(annotation: typing.Any) -> typing.Dict[str, _Field]:
    cached = _FIELDS_CACHE.get(annotation)
    if cached is None:
        cached = {}
        for name, hint in typing_extensions.get_type_hints(annotation, include_extras=True).items():
            alias = None
            for meta in _metadata(hint):
                if isinstance(meta, FieldMetadata):
                    alias = meta.alias
            cached[name] = _Field(hint, alias)
        _FIELDS_CACHE[annotation] = cached
    return cached


def _metadata(hint: typing.Any) -> typing.List[typing.Any]:
    found: typing.List[typing.Any] = []
    while True:
        origin = typing_extensions.get_origin(hint)
        if origin in _ANNOTATED:
            found.extend(getattr(hint, "__metadata__", ()))
            hint = typing_extensions.get_args(hint)[0]
        elif origin in _REQUIRED_MARKS:
            hint = typing_extensions.get_args(hint)[0]
        else:
            return found


def _strip(annotation: typing.Any) -> typing.Any:
    """Remove Annotated/NotRequired/Required wrappers and a None member from Optional."""
    while True:
        origin = typing_extensions.get_origin(annotation)
        if origin in _ANNOTATED or origin in _REQUIRED_MARKS:
            annotation = typing_extensions.get_args(annotation)[0]
            continue
        if origin is typing.Union:
            members = [arg for arg in typing_extensions.get_args(annotation) if arg is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _pick_member(value: typing.Any, members: typing.Sequence[typing.Any]) -> typing.Any:
    """The union member a value belongs to: for dicts, the first TypedDict whose literal fields match."""
    stripped = [_strip(member) for member in members if member is not type(None)]
    if isinstance(value, collections.abc.Mapping):
        for member in stripped:
            if typing_extensions.is_typeddict(member) and _literals_match(value, member):
                return member
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        for member in stripped:
            if typing_extensions.get_origin(member) in _SEQUENCES:
                return member
    return None


def _literals_match(value: typing.Mapping[str, typing.Any], member: typing.Any) -> bool:
    for name, field in _typeddict_fields(member).items():
        hint = _strip(field.annotation)
        if typing_extensions.get_origin(hint) in _LITERAL:
            for key in (name, field.alias):
                if key is not None and key in value and value[key] not in typing_extensions.get_args(hint):
                    return False
    return True
