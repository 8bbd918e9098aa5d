"""Drive the sync and async request engines through one interface, so each test runs against both."""

from __future__ import annotations

import typing

import httpx

from cartesia import AsyncCartesia, Cartesia
from cartesia.core.streaming import abyte_chunks, byte_chunks

from ..conftest import API_KEY, BASE_URL, SleepRecorder

Handler = typing.Callable[[httpx.Request], httpx.Response]


class Engine:
    """A Cartesia or AsyncCartesia client whose transport is ``handler`` and whose sleeps are recorded."""

    def __init__(self, kind: str, handler: Handler, sleeps: SleepRecorder, **options: typing.Any) -> None:
        self.kind = kind
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", BASE_URL)
        transport_options = options.pop("httpx_options", {})
        if kind == "sync":
            self.client: typing.Union[Cartesia, AsyncCartesia] = Cartesia(
                httpx_client=httpx.Client(transport=httpx.MockTransport(handler), **transport_options), **options
            )
            self.client._client_wrapper.httpx_client._sleep = sleeps
        else:
            self.client = AsyncCartesia(
                httpx_client=httpx.AsyncClient(transport=httpx.MockTransport(handler), **transport_options), **options
            )
            self.client._client_wrapper.httpx_client._sleep = sleeps.async_sleep

    async def request(self, path: str, **kwargs: typing.Any) -> httpx.Response:
        """The engine's ``fetch``: what generated methods call (a failure status raises)."""
        http = self.client._client_wrapper.httpx_client
        if isinstance(self.client, Cartesia):
            return typing.cast(httpx.Response, http.fetch(path, **kwargs))
        return typing.cast(httpx.Response, await http.fetch(path, **kwargs))

    async def request_any_status(self, path: str, **kwargs: typing.Any) -> httpx.Response:
        """The engine's 2.x ``request``: the response whatever its status."""
        http = self.client._client_wrapper.httpx_client
        if isinstance(self.client, Cartesia):
            return typing.cast(httpx.Response, http.request(path, **kwargs))
        return typing.cast(httpx.Response, await http.request(path, **kwargs))

    async def stream_body(self, path: str, received: typing.List[bytes], **kwargs: typing.Any) -> None:
        """Stream ``path`` and append each chunk to ``received`` as it arrives."""
        if isinstance(self.client, Cartesia):
            with self.client._client_wrapper.httpx_client.stream(path, **kwargs) as response:
                for chunk in byte_chunks(None)(response):
                    received.append(chunk)
        else:
            async with self.client._client_wrapper.httpx_client.stream(path, **kwargs) as response:
                async for chunk in abyte_chunks(None)(response):
                    received.append(chunk)


KINDS = ["sync", "async"]
