"""``Cartesia`` and ``AsyncCartesia``: configuration and lifecycle around the generated resources."""

from __future__ import annotations

import types
import typing

import httpx

if typing.TYPE_CHECKING:
    import aiohttp

from .aiohttp_session import AiohttpSession
from .base_client import AsyncBaseCartesia, BaseCartesia
from .core.client_wrapper import DEFAULT_TIMEOUT, AsyncClientWrapper, SyncClientWrapper, resolve_base_url
from .core.http_client import TimeoutTypes
from .core.retry import DEFAULT_MAX_RETRIES
from .environment import CartesiaEnvironment


class Cartesia(BaseCartesia):
    """Client for the Cartesia API.

    Every argument is optional: the API key defaults to ``CARTESIA_API_KEY`` and the base URL to
    ``CARTESIA_BASE_URL`` or production.

    Args:
        api_key: API key, sent as ``X-API-Key``.
        token: an access token (from ``auth.access_token``), sent as ``Authorization: Bearer``.
        base_url: API base URL; wins over ``environment``.
        websocket_base_url: base URL of the WebSockets (``wss://...``); by default ``base_url``
            with ``http`` → ``ws`` and ``https`` → ``wss``.
        environment: a named deployment (``CartesiaEnvironment.PRODUCTION``).
        timeout: seconds (or an ``httpx.Timeout``) per request; 60 by default. With your own
            ``httpx_client`` and no ``timeout``, that client's timeout applies.
        max_retries: retries for connection errors, timeouts, 408, 409, 429 and 5xx (default 2).
        follow_redirects: whether the SDK's own httpx client follows redirects.
        httpx_client: an ``httpx.Client`` to send requests with (proxies, transports, HTTP/2);
            you keep ownership and close it yourself.
        cartesia_version: the ``Cartesia-Version`` header (default ``2024-11-13``).
        default_headers: headers added to every request; they may replace the SDK's own.

    Example::

        from cartesia import Cartesia

        with Cartesia() as client:
            print(client.api_status.get())
    """

    def __init__(
        self,
        *,
        base_url: typing.Optional[str] = None,
        websocket_base_url: typing.Optional[str] = None,
        environment: typing.Optional[CartesiaEnvironment] = None,
        api_key: typing.Optional[str] = None,
        token: typing.Optional[str] = None,
        timeout: TimeoutTypes = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        follow_redirects: typing.Optional[bool] = True,
        httpx_client: typing.Optional[httpx.Client] = None,
        cartesia_version: typing.Optional[str] = None,
        default_headers: typing.Optional[typing.Mapping[str, str]] = None,
    ) -> None:
        self._client_wrapper = SyncClientWrapper(
            api_key=api_key,
            token=token,
            base_url=resolve_base_url(base_url, environment),
            websocket_base_url=websocket_base_url,
            timeout=timeout,
            max_retries=max_retries,
            follow_redirects=follow_redirects,
            httpx_client=httpx_client,
            cartesia_version=cartesia_version,
            headers=default_headers,
        )

    def close(self) -> None:
        """Close the connection pool (a caller-supplied ``httpx_client`` is left open)."""
        self._client_wrapper.close()

    def __enter__(self) -> Cartesia:
        return self

    def __exit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Cartesia({self._client_wrapper!r})"


class AsyncCartesia(AsyncBaseCartesia):
    """Async client for the Cartesia API; the same arguments as :class:`Cartesia`, plus
    ``max_num_connections`` (the connection pool size).

    One client can serve many tasks and successive ``asyncio.run`` calls.

    Example::

        import asyncio
        from cartesia import AsyncCartesia

        async def main() -> None:
            async with AsyncCartesia() as client:
                print(await client.api_status.get())

        asyncio.run(main())
    """

    def __init__(
        self,
        *,
        base_url: typing.Optional[str] = None,
        websocket_base_url: typing.Optional[str] = None,
        environment: typing.Optional[CartesiaEnvironment] = None,
        api_key: typing.Optional[str] = None,
        token: typing.Optional[str] = None,
        timeout: TimeoutTypes = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        follow_redirects: typing.Optional[bool] = True,
        httpx_client: typing.Optional[httpx.AsyncClient] = None,
        max_num_connections: typing.Optional[int] = None,
        cartesia_version: typing.Optional[str] = None,
        default_headers: typing.Optional[typing.Mapping[str, str]] = None,
    ) -> None:
        self._client_wrapper = AsyncClientWrapper(
            api_key=api_key,
            token=token,
            base_url=resolve_base_url(base_url, environment),
            websocket_base_url=websocket_base_url,
            timeout=timeout,
            max_retries=max_retries,
            follow_redirects=follow_redirects,
            httpx_client=httpx_client,
            max_num_connections=max_num_connections,
            cartesia_version=cartesia_version,
            headers=default_headers,
        )
        configured = self._client_wrapper.get_timeout()
        self._aiohttp = AiohttpSession(
            timeout=configured.read if configured is not None else DEFAULT_TIMEOUT, limit=max_num_connections
        )

    async def _get_session(self) -> aiohttp.ClientSession:
        """An ``aiohttp.ClientSession`` owned by this client and closed by :meth:`close` (needs ``cartesia[aiohttp]``).

        The 2.x SDK's private helper, kept because integrations call it; the SDK itself does not.
        """
        return await self._aiohttp.get()

    async def close(self) -> None:
        """Close the connection pool (a caller-supplied ``httpx_client`` is left open) and any aiohttp session."""
        await self._client_wrapper.aclose()
        await self._aiohttp.close()

    async def aclose(self) -> None:
        """Same as :meth:`close`."""
        await self.close()

    async def __aenter__(self) -> AsyncCartesia:
        return self

    async def __aexit__(
        self,
        exc_type: typing.Optional[typing.Type[BaseException]],
        exc: typing.Optional[BaseException],
        tb: typing.Optional[types.TracebackType],
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncCartesia({self._client_wrapper!r})"
