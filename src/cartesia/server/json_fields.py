"""Typed reads of fields from a parsed JSON object, raising 400 errors that name the field."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from .errors import ApiError, bad_request


def require_object(value: Any, what: str = "The request body") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"{what} must be a JSON object.")
    return value


def string(body: dict[str, Any], name: str, *, required: bool = False, allow_empty: bool = True) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise missing(name)
        return None
    if not isinstance(value, str):
        raise bad_request(f"`{name}` must be a string.")
    if not allow_empty and not value.strip():
        raise bad_request(f"`{name}` must not be empty.")
    return value


def required_text(body: dict[str, Any], name: str) -> str:
    """A string field that must be present and not blank."""
    value = string(body, name, required=True, allow_empty=False)
    assert value is not None
    return value


def name_and_description(body: dict[str, Any]) -> dict[str, Any]:
    """The `name` (not blank) and `description` (null clears it) an update sends; absent ones stay."""
    changes: dict[str, Any] = {}
    name = string(body, "name", allow_empty=False)
    if name is not None:
        changes["name"] = name
    if "description" in body:
        changes["description"] = string(body, "description")
    return changes


def boolean(body: dict[str, Any], name: str, default: bool = False) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_request(f"`{name}` must be true or false.")
    return value


def number(body: dict[str, Any], name: str, *, low: float | None = None, high: float | None = None) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise bad_request(f"`{name}` must be a number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise bad_request(f"`{name}` must be between {low} and {high}; got {value}.")
    return float(value)


def integer(body: dict[str, Any], name: str, *, low: int | None = None, high: int | None = None) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"`{name}` must be an integer.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise bad_request(f"`{name}` must be between {low} and {high}; got {value}.")
    return int(value)


def choice(value: str | None, name: str, allowed: Collection[str]) -> str | None:
    if value is not None and value not in allowed:
        raise bad_request(f"`{name}` must be one of {', '.join(allowed)}; got {value!r}.")
    return value


def missing(name: str) -> ApiError:
    return bad_request(f"`{name}` is required.", title="Missing field", error_code="missing_field")
