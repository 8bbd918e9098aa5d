"""Datetime rendering for request bodies and query strings."""

from __future__ import annotations

import datetime as dt


def serialize_datetime(value: dt.datetime) -> str:
    """ISO 8601, with ``Z`` for UTC; a naive datetime is taken to be in the machine's local zone."""
    if value.tzinfo is None:
        value = value.astimezone()
    if value.utcoffset() == dt.timedelta(0):
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()
