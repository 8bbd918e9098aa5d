"""What a typed error says about a WebSocket message that did not parse."""

from __future__ import annotations

import json
import typing

import pydantic


def first_problem(exc: pydantic.ValidationError) -> str:
    """The first thing wrong with a message, as ``field.path: what``."""
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error.get("loc", ()))
    return f"{location}: {error['msg']}" if location else str(error["msg"])


def peek(message: typing.Union[str, bytes]) -> typing.Any:
    """The message as JSON when it is an object (for the error's body), else a prefix of its text."""
    try:
        value = json.loads(message)
    except (ValueError, RecursionError):
        value = None
    if isinstance(value, dict):
        return value
    text = message if isinstance(message, str) else message[:200].decode("utf-8", "replace")
    return text[:200]
