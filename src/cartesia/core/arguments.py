"""Check method arguments against their declared types and turn them into wire values.

Generated methods pass each argument with its wire name and type. Values are validated with
pydantic before anything is sent, so a malformed argument fails at once with a
:class:`RequestValidationError` naming it. What goes out is the value as the caller wrote it, with
the wire names of model fields (such as ``__experimental_controls``) applied and nothing added: a
voice given as ``{"id": ...}`` is sent so. An optional argument left at :data:`OMIT` is not sent;
one passed as None is (JSON null, an empty form field), as in the 2.x SDK. Enum-like types are
open, so values the service adds later pass through.
"""

from __future__ import annotations

import collections.abc
import typing
import urllib.parse

import pydantic

from .api_error import RequestValidationError
from .jsonable_encoder import jsonable_encoder

OMIT: typing.Any = Ellipsis
"""The default of optional body and form arguments: an argument left at it is not sent."""

_PLAIN = (str, int, float, bool, type(None))


class Argument(typing.NamedTuple):
    """A method argument: its Python name, its value, and the type it must have."""

    name: str
    value: typing.Any
    type: typing.Any


_ADAPTERS: typing.Dict[typing.Any, pydantic.TypeAdapter[typing.Any]] = {}


def _adapter(annotation: typing.Any) -> pydantic.TypeAdapter[typing.Any]:
    adapter = _ADAPTERS.get(annotation)
    if adapter is None:
        adapter = _ADAPTERS[annotation] = pydantic.TypeAdapter(annotation)
    return adapter


def _is_optional(annotation: typing.Any) -> bool:
    return typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation)


def validate_argument(operation: str, name: str, value: typing.Any, annotation: typing.Any) -> typing.Any:
    """``value`` checked against ``annotation`` (the validated value); raises :class:`RequestValidationError` naming it."""
    try:
        return _adapter(annotation).validate_python(value)
    except pydantic.ValidationError as exc:
        raise RequestValidationError(f"{operation}: invalid {name!r}: {_describe(exc)}") from None


def encode_argument(operation: str, name: str, value: typing.Any, annotation: typing.Any) -> typing.Any:
    """The wire value of one argument, after checking it against ``annotation``."""
    return as_given(value, validate_argument(operation, name, value, annotation))


def encode_arguments(operation: str, arguments: typing.Mapping[str, Argument]) -> typing.Dict[str, typing.Any]:
    """Wire values keyed by wire name: arguments left at OMIT are left out, an explicit None is kept."""
    encoded: typing.Dict[str, typing.Any] = {}
    for wire_name, argument in arguments.items():
        if argument.value is OMIT:
            continue
        if argument.value is None and _is_optional(argument.type):
            encoded[wire_name] = None
            continue
        encoded[wire_name] = encode_argument(operation, argument.name, argument.value, argument.type)
    return encoded


def as_given(value: typing.Any, validated: typing.Any) -> typing.Any:
    """``value`` JSON-ready as the caller wrote it, its keys renamed to the wire names of the fields of ``validated``.

    Plain JSON values stay as given (``1`` is not turned into ``1.0``); anything else (models, enums,
    dates) is sent in the validated value's wire form.
    """
    if isinstance(value, collections.abc.Mapping):
        if isinstance(validated, pydantic.BaseModel):
            return _fields_as_given(value, validated)
        if isinstance(validated, collections.abc.Mapping):
            return {str(key): as_given(item, validated.get(key)) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and isinstance(validated, (list, tuple)) and len(value) == len(validated):
        return [as_given(item, checked) for item, checked in zip(value, validated)]
    if type(value) in _PLAIN:
        return value
    return jsonable_encoder(validated)


def _fields_as_given(value: typing.Mapping[typing.Any, typing.Any], validated: pydantic.BaseModel) -> typing.Dict[str, typing.Any]:
    fields = type(validated).model_fields
    by_alias = {field.alias: name for name, field in fields.items() if field.alias}
    out: typing.Dict[str, typing.Any] = {}
    for key, item in value.items():
        name = key if key in fields else by_alias.get(key)
        if name is None:  # a key the model does not declare: sent as it is
            out[str(key)] = jsonable_encoder(item)
        else:
            out[fields[name].alias or name] = as_given(item, getattr(validated, name))
    return out


def encode_path_param(operation: str, name: str, value: typing.Any) -> str:
    """One path segment: a non-empty string, percent-encoded (``/`` included), never ``.`` or ``..``.

    URLs resolve dot segments (``voices/..`` is ``/``), so those can never name a resource.
    """
    if not isinstance(value, str) or not value or value in (".", ".."):
        raise RequestValidationError(f"{operation}: {name!r} must be a non-empty string other than '.' and '..', got {value!r}")
    return urllib.parse.quote(value, safe="")


def _describe(exc: pydantic.ValidationError) -> str:
    problems = []
    for error in exc.errors()[:3]:
        location = ".".join(str(part) for part in error.get("loc", ()))
        problems.append(f"{location}: {error['msg']}" if location else str(error["msg"]))
    if exc.error_count() > 3:
        problems.append(f"and {exc.error_count() - 3} more")
    return "; ".join(problems)
