"""Pagers for cursor-paginated lists.

Iterating a pager yields every item across pages, fetching the next page only when needed::

    for voice in client.voices.list(limit=20):
        print(voice.name)

    async for voice in await async_client.voices.list(limit=20):
        print(voice.name)

The next page is requested with ``starting_after`` set to the page's ``next_page`` when the server
sends it, else to the last item's id; paging stops when ``has_more`` is false or a page is empty.
"""

from __future__ import annotations

import typing

import httpx

T = typing.TypeVar("T")


def next_cursor(*, items: typing.Sequence[typing.Any], has_more: typing.Optional[bool], next_page: typing.Optional[str]) -> typing.Optional[str]:
    """The cursor for the page after one holding ``items``, or None when there is none."""
    if not items or has_more is False:
        return None
    if next_page:
        return next_page
    if has_more is None:
        return None
    last = items[-1]
    last_id = last.get("id") if isinstance(last, dict) else getattr(last, "id", None)
    return last_id if isinstance(last_id, str) and last_id else None


class SyncPager(typing.Generic[T]):
    """One page of items, able to fetch the pages after it."""

    def __init__(
        self,
        *,
        has_next: bool,
        items: typing.Optional[typing.List[T]],
        get_next: typing.Optional[typing.Callable[[], typing.Optional[SyncPager[T]]]],
        response: typing.Optional[httpx.Response] = None,
    ) -> None:
        self.has_next = has_next
        self.items = items
        self.get_next = get_next
        self.response = response

    def __iter__(self) -> typing.Iterator[T]:
        for page in self.iter_pages():
            yield from page.items or []

    def iter_pages(self) -> typing.Iterator[SyncPager[T]]:
        """This page, then each following page that has items."""
        page: typing.Optional[SyncPager[T]] = self
        while page is not None:
            yield page
            page = page.next_page()

    def next_page(self) -> typing.Optional[SyncPager[T]]:
        """The following page, or None at the end of the list (an empty page counts as the end)."""
        if not self.has_next or self.get_next is None:
            return None
        following = self.get_next()
        return following if following is not None and following.items else None

    def __repr__(self) -> str:
        return f"SyncPager(items={len(self.items or [])}, has_next={self.has_next})"


class AsyncPager(typing.Generic[T]):
    """One page of items, able to fetch the pages after it (async)."""

    def __init__(
        self,
        *,
        has_next: bool,
        items: typing.Optional[typing.List[T]],
        get_next: typing.Optional[typing.Callable[[], typing.Awaitable[typing.Optional[AsyncPager[T]]]]],
        response: typing.Optional[httpx.Response] = None,
    ) -> None:
        self.has_next = has_next
        self.items = items
        self.get_next = get_next
        self.response = response

    async def __aiter__(self) -> typing.AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items or []:
                yield item

    async def iter_pages(self) -> typing.AsyncIterator[AsyncPager[T]]:
        """This page, then each following page that has items."""
        page: typing.Optional[AsyncPager[T]] = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def next_page(self) -> typing.Optional[AsyncPager[T]]:
        """The following page, or None at the end of the list (an empty page counts as the end)."""
        if not self.has_next or self.get_next is None:
            return None
        following = await self.get_next()
        return following if following is not None and following.items else None

    def __repr__(self) -> str:
        return f"AsyncPager(items={len(self.items or [])}, has_next={self.has_next})"
