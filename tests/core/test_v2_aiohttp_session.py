"""``AsyncCartesia._get_session()``: the aiohttp session 2.x integrations post to /tts/bytes with."""

from __future__ import annotations

import asyncio
import sys

import aiohttp
import pytest

from cartesia import AsyncCartesia, CartesiaError
from cartesia.aiohttp_session import MissingDependencyError
from cartesia.server import LocalServer

from ..conftest import API_KEY


async def test_an_http_tts_service_posts_through_the_session(cartesia_server: LocalServer) -> None:
    client = AsyncCartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url)
    session = await client._get_session()
    assert isinstance(session, aiohttp.ClientSession)
    payload = {
        "model_id": "sonic-2",
        "transcript": "Hello from a voice agent.",
        "voice": {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
        "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000},
    }
    headers = {"Cartesia-Version": "2024-11-13", "X-API-Key": cartesia_server.api_key, "Content-Type": "application/json"}
    async with session.post(f"{cartesia_server.url}/tts/bytes", json=payload, headers=headers) as response:
        assert response.status == 200
        audio = await response.read()
    assert len(audio) > 1000 and len(audio) % 2 == 0
    assert await client._get_session() is session  # one session per loop
    await client.close()
    assert session.closed


async def test_the_session_follows_the_client_settings_and_closes_with_async_with() -> None:
    async with AsyncCartesia(api_key=API_KEY, timeout=12, max_num_connections=3) as client:
        session = await client._get_session()
        assert session.timeout.total == 12 and session.connector is not None and session.connector.limit == 3
    assert session.closed
    async with AsyncCartesia(api_key=API_KEY) as client:
        assert (await client._get_session()).timeout.total == 60  # the SDK's default timeout


def test_a_new_event_loop_gets_a_new_session() -> None:
    client = AsyncCartesia(api_key=API_KEY)
    first_loop, second_loop = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        first = first_loop.run_until_complete(client._get_session())
        second = second_loop.run_until_complete(client._get_session())
        assert first is not second and not first.closed  # the first belongs to the other loop
        second_loop.run_until_complete(client.close())
        assert second.closed
        first_loop.run_until_complete(first.close())
    finally:
        first_loop.close()
        second_loop.close()


async def test_a_closed_session_is_replaced() -> None:
    async with AsyncCartesia(api_key=API_KEY) as client:
        session = await client._get_session()
        await session.close()
        assert (await client._get_session()) is not session


async def test_without_aiohttp_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # import aiohttp now fails
    client = AsyncCartesia(api_key=API_KEY)
    with pytest.raises(MissingDependencyError, match=r'pip install "cartesia\[aiohttp\]"') as info:
        await client._get_session()
    assert isinstance(info.value, ImportError) and isinstance(info.value, CartesiaError)
    assert API_KEY not in str(info.value)
    await client.close()
