"""Cursor pagination by id, as the service does it for voices.

`starting_after=<id>` gives the items after that id, `ending_before=<id>` those before it (the
`limit` nearest ones). `has_more` tells whether more lie beyond the page in the direction of
travel, and `next_page` is then the cursor to continue with: the last id going forward, the
first id going backward. Past the end, `data` is empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable, TypeVar

T = TypeVar("T")

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


class CursorError(ValueError):
    """A cursor that names no item, or both cursors at once."""


def paginate(
    items: Sequence[T],
    key: Callable[[T], str],
    *,
    limit: int,
    starting_after: str | None,
    ending_before: str | None,
) -> tuple[list[T], bool, str | None]:
    """One page of `items`: (page items, has_more, next_page cursor)."""
    if starting_after and ending_before:
        raise CursorError("give at most one of starting_after and ending_before")
    ids = [key(item) for item in items]
    if ending_before:
        if ending_before not in ids:
            raise CursorError(f"ending_before names no item: {ending_before!r}")
        end = ids.index(ending_before)
        start = max(0, end - limit)
        page = list(items[start:end])
        has_more = start > 0
        return page, has_more, (key(page[0]) if has_more and page else None)
    start = 0
    if starting_after:
        if starting_after not in ids:
            raise CursorError(f"starting_after names no item: {starting_after!r}")
        start = ids.index(starting_after) + 1
    page = list(items[start : start + limit])
    has_more = start + limit < len(items)
    return page, has_more, (key(page[-1]) if has_more and page else None)
