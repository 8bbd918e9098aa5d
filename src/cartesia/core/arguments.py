"""Check method arguments against their declared types and turn them into wire values.

Generated methods pass each argument with its wire name and type. Values are validated with
pydantic before anything is sent, so a malformed argument fails at once with a
:class:`RequestValidationError` naming it, and the value that goes out is the model's wire form
(aliases such as ``__experimental_controls`` applied, None fields left out). Enum-like types are
open, so values the service adds later pass through.
"""

from __future__ import annotations

import typing
import urllib.parse

import pydantic

from .api_error import RequestValidationError


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
    validated = validate_argument(operation, name, value, annotation)
    return _adapter(annotation).dump_python(validated, mode="json", by_alias=True, exclude_none=True)


def encode_arguments(operation: str, arguments: typing.Mapping[str, Argument]) -> typing.Dict[str, typing.Any]:
    """Wire values keyed by wire name. Optional arguments left as None are omitted."""
    encoded: typing.Dict[str, typing.Any] = {}
    for wire_name, argument in arguments.items():
        if argument.value is None and _is_optional(argument.type):
            continue
        encoded[wire_name] = encode_argument(operation, argument.name, argument.value, argument.type)
    return encoded


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
