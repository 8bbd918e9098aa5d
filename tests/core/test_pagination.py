"""Pagers over both cursor styles: ``next_page`` from the server, or the last item's id."""

from __future__ import annotations

import typing

import pytest

from cartesia.core.pagination import AsyncPager, SyncPager, next_cursor

Item = typing.Dict[str, str]


class FakeService:
    """A paged list of ids; ``style`` decides whether pages carry ``next_page``."""

    def __init__(self, ids: typing.List[str], size: int, *, style: str, trailing_empty_page: bool = False) -> None:
        self.ids, self.size, self.style, self.trailing_empty_page = ids, size, style, trailing_empty_page
        self.calls: typing.List[typing.Optional[str]] = []

    def page(self, starting_after: typing.Optional[str]) -> typing.Dict[str, typing.Any]:
        self.calls.append(starting_after)
        start = 0 if starting_after is None else self.ids.index(starting_after) + 1
        data = [{"id": i} for i in self.ids[start : start + self.size]]
        more = start + self.size < len(self.ids) or (self.trailing_empty_page and bool(data))
        body: typing.Dict[str, typing.Any] = {"data": data, "has_more": more}
        if self.style == "next_page":
            body["next_page"] = data[-1]["id"] if more and data else None
        return body

    def list(self, starting_after: typing.Optional[str] = None) -> SyncPager[Item]:
        body = self.page(starting_after)
        cursor = next_cursor(items=body["data"], has_more=body["has_more"], next_page=body.get("next_page"))
        return SyncPager(
            has_next=cursor is not None,
            items=body["data"],
            get_next=(lambda: self.list(cursor)) if cursor is not None else None,
        )

    async def alist(self, starting_after: typing.Optional[str] = None) -> AsyncPager[Item]:
        body = self.page(starting_after)
        cursor = next_cursor(items=body["data"], has_more=body["has_more"], next_page=body.get("next_page"))

        async def get_next() -> AsyncPager[Item]:
            return await self.alist(cursor)

        return AsyncPager(has_next=cursor is not None, items=body["data"], get_next=get_next if cursor else None)


IDS = [f"v{i}" for i in range(7)]


@pytest.mark.parametrize("style", ["next_page", "last_id"])
def test_iterates_every_item_across_three_pages(style: str) -> None:
    service = FakeService(IDS, 3, style=style)
    assert [item["id"] for item in service.list()] == IDS
    assert service.calls == [None, "v2", "v5"]


@pytest.mark.parametrize("style", ["next_page", "last_id"])
async def test_async_iterates_every_item(style: str) -> None:
    service = FakeService(IDS, 3, style=style)
    assert [item["id"] async for item in await service.alist()] == IDS
    assert service.calls == [None, "v2", "v5"]


def test_iter_pages_and_next_page() -> None:
    service = FakeService(IDS, 3, style="next_page")
    pages = list(service.list().iter_pages())
    assert [[i["id"] for i in p.items or []] for p in pages] == [["v0", "v1", "v2"], ["v3", "v4", "v5"], ["v6"]]
    first = service.list()
    second = first.next_page()
    assert second is not None and [i["id"] for i in second.items or []] == ["v3", "v4", "v5"]
    last = FakeService(IDS, 10, style="next_page").list()
    assert last.has_next is False and last.next_page() is None


async def test_async_iter_pages_and_next_page() -> None:
    service = FakeService(IDS, 4, style="last_id")
    pages = [p async for p in (await service.alist()).iter_pages()]
    assert [len(p.items or []) for p in pages] == [4, 3]
    first = await service.alist()
    second = await first.next_page()
    assert second is not None and (await second.next_page()) is None


@pytest.mark.parametrize("style", ["next_page", "last_id"])
def test_an_empty_last_page_ends_the_iteration(style: str) -> None:
    service = FakeService(IDS[:6], 3, style=style, trailing_empty_page=True)
    assert [i["id"] for i in service.list()] == IDS[:6]
    assert service.calls == [None, "v2", "v5"]  # the third page came back empty
    assert len(list(FakeService(IDS[:6], 3, style=style, trailing_empty_page=True).list().iter_pages())) == 2


@pytest.mark.parametrize(
    ("items", "has_more", "next_page", "expected"),
    [
        ([{"id": "a"}, {"id": "b"}], True, "srv", "srv"),
        ([{"id": "a"}, {"id": "b"}], True, None, "b"),
        ([{"id": "a"}, {"id": "b"}], True, "", "b"),
        ([{"id": "a"}], False, "srv", None),
        ([], True, "srv", None),
        ([{"id": "a"}], None, None, None),
        ([{"id": "a"}], None, "srv", "srv"),
        ([{"name": "no id"}], True, None, None),
    ],
)
def test_next_cursor(items: typing.List[typing.Any], has_more: typing.Optional[bool], next_page: typing.Optional[str], expected: typing.Optional[str]) -> None:
    assert next_cursor(items=items, has_more=has_more, next_page=next_page) == expected


def test_next_cursor_reads_model_ids() -> None:
    class Voice:
        def __init__(self, id: str) -> None:
            self.id = id

    assert next_cursor(items=[Voice("x"), Voice("y")], has_more=True, next_page=None) == "y"
