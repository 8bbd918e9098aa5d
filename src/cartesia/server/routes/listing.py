"""Cursor-paged listings (`limit`, `starting_after`, `ending_before`) and look-ups by id, shared by the routes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from aiohttp import web

from ..errors import bad_request, not_found
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, CursorError, paginate
from ..records import R, RecordStore
from ..request_context import json_response

T = TypeVar("T")


def page_limit(request: web.Request) -> int:
    """The `limit` query parameter: 1 to 100, 10 when left out."""
    text = request.query.get("limit")
    if text is None:
        return DEFAULT_LIMIT
    if not (text.isdigit() and 1 <= int(text) <= MAX_LIMIT):
        raise bad_request(f"`limit` must be a whole number from 1 to {MAX_LIMIT}; got {text!r}.")
    return int(text)


def page_json(request: web.Request, items: Sequence[T], key: Callable[[T], str], render: Callable[[T], Any]) -> dict[str, Any]:
    """`{data, has_more, next_page}` for the page of `items` the query asks for."""
    limit = page_limit(request)
    try:
        page, has_more, next_page = paginate(
            items,
            key,
            limit=limit,
            starting_after=request.query.get("starting_after") or None,
            ending_before=request.query.get("ending_before") or None,
        )
    except CursorError as exc:
        raise bad_request(f"Invalid cursor: {exc}.") from None
    return {"data": [render(item) for item in page], "has_more": has_more, "next_page": next_page}


def list_records(request: web.Request, store: RecordStore[R], render: Callable[[R], Any]) -> web.Response:
    """The page of a store's records that the query asks for."""
    return json_response(request, page_json(request, store.all(), lambda record: record.id, render))


def record_or_404(store: RecordStore[R], record_id: str, what: str, error_code: str) -> R:
    """The record with that id, or a 404 naming `what` (e.g. "dataset")."""
    record = store.get(record_id)
    if record is None:
        raise not_found(f"No {what} with id {record_id!r}.", title=f"{what.capitalize()} not found", error_code=error_code)
    return record
