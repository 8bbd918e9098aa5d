"""The aiohttp session behind ``AsyncCartesia._get_session()`` (the ``aiohttp`` extra)."""

from __future__ import annotations

import asyncio
import typing
import weakref

from .core.api_error import CartesiaError

if typing.TYPE_CHECKING:
    import aiohttp

INSTALL_HINT = 'pip install "cartesia[aiohttp]"'


class MissingDependencyError(CartesiaError, ImportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


class AiohttpSession:
    """One ``aiohttp.ClientSession`` per event loop, created on first use and closed with the client."""

    def __init__(self, *, timeout: typing.Optional[float], limit: typing.Optional[int]) -> None:
        self._timeout = timeout
        self._limit = limit
        self._session: typing.Optional[aiohttp.ClientSession] = None
        self._loop: typing.Optional[weakref.ReferenceType[asyncio.AbstractEventLoop]] = None

    async def get(self) -> aiohttp.ClientSession:
        """The session for the running loop; a new one if the last was closed or belongs to another loop."""
        try:
            import aiohttp
        except ImportError:
            raise MissingDependencyError(f"AsyncCartesia._get_session() needs aiohttp: {INSTALL_HINT}") from None
        loop = asyncio.get_running_loop()
        if self._session is not None and not self._session.closed and self._loop is not None and self._loop() is loop:
            return self._session
        await self.close()
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self._timeout),
            connector=aiohttp.TCPConnector(limit=self._limit or 10),
        )
        self._loop = weakref.ref(loop)
        return self._session

    async def close(self) -> None:
        """Close the session if it is open on the running loop (one of a finished loop went with it)."""
        session, self._session = self._session, None
        if session is None or session.closed:
            return
        if self._loop is not None and self._loop() is asyncio.get_running_loop():
            await session.close()
