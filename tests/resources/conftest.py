from __future__ import annotations

import inspect
import typing

import pytest
import respx

from cartesia import AsyncCartesia, Cartesia

from ..conftest import API_KEY

BASE = "https://api.cartesia.ai"


class Api:
    """Calls ``"<resource>.<method>"`` on a sync or async client the same way."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.client: typing.Union[Cartesia, AsyncCartesia] = (
            Cartesia(api_key=API_KEY, max_retries=0) if kind == "sync" else AsyncCartesia(api_key=API_KEY, max_retries=0)
        )

    def method(self, name: str, *, raw: bool = False) -> typing.Any:
        resource_name, method = name.split(".")
        resource = getattr(self.client, resource_name)
        if raw:
            resource = resource.with_raw_response
        return getattr(resource, method)

    async def call(self, name: str, /, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        result = self.method(name)(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def collect(self, name: str, /, *args: typing.Any, **kwargs: typing.Any) -> typing.List[typing.Any]:
        """Everything a streaming method (or a pager) yields."""
        result = await self.call(name, *args, **kwargs)
        if hasattr(result, "__aiter__"):
            return [item async for item in result]
        return list(result)

    async def raw(self, name: str, /, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        """The raw response of a non-streaming method."""
        result = self.method(name, raw=True)(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def raw_stream(self, name: str, /, *args: typing.Any, **kwargs: typing.Any) -> typing.Tuple[typing.Any, typing.List[typing.Any]]:
        """(raw response, streamed items) of a streaming method."""
        context = self.method(name, raw=True)(*args, **kwargs)
        if hasattr(context, "__aenter__"):
            async with context as response:
                return response, [item async for item in response.data]
        with context as response:
            return response, list(response.data)


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest) -> Api:
    return Api(request.param)


@pytest.fixture
def mock() -> typing.Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router
