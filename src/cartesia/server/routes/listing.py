"""Cursor-paged listings (`limit`, `starting_after`, `ending_before`) shared by every list endpoint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from aiohttp import web

from ..errors import bad_request
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, CursorError, paginate

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
