"""Client construction from arguments and the environment, headers, lifecycle, and event loops."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import typing

import httpx
import pytest

import cartesia
from cartesia import AsyncCartesia, Cartesia, CartesiaEnvironment, MissingCredentialsError
from cartesia.core.client_wrapper import DEFAULT_CARTESIA_VERSION

from ..conftest import API_KEY, SleepRecorder
from .engines import KINDS, Engine


class Capture:
    def __init__(self) -> None:
        self.requests: typing.List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"ok": True, "version": "test"})


def test_the_api_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARTESIA_API_KEY", "sk_from_env")
    assert Cartesia()._client_wrapper.get_headers()["X-API-Key"] == "sk_from_env"
    assert Cartesia(api_key="sk_arg")._client_wrapper.get_headers()["X-API-Key"] == "sk_arg"


def test_missing_credentials_name_both_ways_to_fix_it() -> None:
    with pytest.raises(MissingCredentialsError) as info:
        Cartesia()
    message = str(info.value)
    assert "api_key" in message and "CARTESIA_API_KEY" in message
    assert isinstance(info.value, cartesia.CartesiaError) and isinstance(info.value, ValueError)
    with pytest.raises(MissingCredentialsError):
        AsyncCartesia(api_key="  ")


@pytest.mark.parametrize(
    ("kwargs", "env", "expected"),
    [
        ({}, None, "https://api.cartesia.ai"),
        ({}, "http://127.0.0.1:9999", "http://127.0.0.1:9999"),
        ({"base_url": "https://eu.example"}, "http://127.0.0.1:9999", "https://eu.example"),
        ({"environment": CartesiaEnvironment.PRODUCTION}, "http://127.0.0.1:9999", "https://api.cartesia.ai"),
        ({"base_url": "https://x.example", "environment": CartesiaEnvironment.PRODUCTION}, None, "https://x.example"),
    ],
)
def test_base_url_precedence(kwargs: typing.Dict[str, typing.Any], env: typing.Optional[str], expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if env:
        monkeypatch.setenv("CARTESIA_BASE_URL", env)
    assert Cartesia(api_key="k", **kwargs)._client_wrapper.get_base_url() == expected
    assert AsyncCartesia(api_key="k", **kwargs)._client_wrapper.get_base_url() == expected


@pytest.mark.parametrize("kind", KINDS)
async def test_headers_on_every_request(kind: str, sleeps: SleepRecorder) -> None:
    capture = Capture()
    await Engine(kind, capture, sleeps).request("", method="GET")
    headers = capture.requests[0].headers
    assert headers["x-api-key"] == API_KEY
    assert "authorization" not in headers
    assert headers["cartesia-version"] == DEFAULT_CARTESIA_VERSION == "2024-11-13"
    assert headers["user-agent"] == f"cartesia-python/{cartesia.__version__}"
    assert headers["x-fern-language"] == "Python"
    assert headers["x-fern-sdk-name"] == "cartesia"
    assert headers["x-fern-sdk-version"] == cartesia.__version__


@pytest.mark.parametrize("kind", KINDS)
async def test_access_token_auth_version_and_default_headers(kind: str, sleeps: SleepRecorder) -> None:
    capture = Capture()
    engine = Engine(
        kind, capture, sleeps, api_key=None, token="tok_abc", cartesia_version="2026-03-01",
        default_headers={"X-Cartesia-Client": "my-agent/1.0", "User-Agent": "my-agent"},
    )
    await engine.request("tts/bytes", method="POST", json={})
    headers = capture.requests[0].headers
    assert headers["authorization"] == "Bearer tok_abc"
    assert "x-api-key" not in headers
    assert headers["cartesia-version"] == "2026-03-01"
    assert headers["x-cartesia-client"] == "my-agent/1.0"
    assert headers.get_list("user-agent") == ["my-agent"]


@pytest.mark.parametrize("kind", KINDS)
async def test_default_headers_replace_the_version_case_insensitively(kind: str, sleeps: SleepRecorder) -> None:
    capture = Capture()
    await Engine(kind, capture, sleeps, default_headers={"cartesia-version": "2025-04-16"}).request("", method="GET")
    assert capture.requests[0].headers.get_list("cartesia-version") == ["2025-04-16"]


def test_sync_client_closes_only_what_it_opened() -> None:
    with Cartesia(api_key="k") as client:
        own = client._client_wrapper.httpx_client.httpx_client
    assert own.is_closed
    mine = httpx.Client()
    with Cartesia(api_key="k", httpx_client=mine):
        pass
    assert not mine.is_closed
    mine.close()


async def test_async_client_closes_only_what_it_opened() -> None:
    async with AsyncCartesia(api_key="k") as client:
        own = client._client_wrapper.httpx_client.httpx_client
    assert own.is_closed
    other = AsyncCartesia(api_key="k")
    await other.close()  # awaitable, as in 2.x
    await other.aclose()  # and idempotent
    mine = httpx.AsyncClient()
    async with AsyncCartesia(api_key="k", httpx_client=mine):
        pass
    assert not mine.is_closed
    await mine.aclose()


def test_own_client_settings() -> None:
    client = Cartesia(api_key="k", follow_redirects=False, timeout=5)
    own = client._client_wrapper.httpx_client.httpx_client
    assert own.follow_redirects is False and own.timeout.read == 5
    assert Cartesia(api_key="k")._client_wrapper.httpx_client.httpx_client.timeout.read == 60
    limited = AsyncCartesia(api_key="k", max_num_connections=3)
    pool = limited._client_wrapper.httpx_client.httpx_client._transport._pool  # type: ignore[attr-defined]
    assert pool._max_connections == 3
    with pytest.raises(ValueError):
        Cartesia(api_key="k", max_retries=-1)


def test_no_finalizer_runs_an_event_loop() -> None:
    assert "__del__" not in vars(Cartesia) and "__del__" not in vars(AsyncCartesia)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the pool really holds connections

    def do_GET(self) -> None:
        body = json.dumps({"ok": True, "version": "local"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: typing.Any) -> None:
        pass


@pytest.fixture
def local_http() -> typing.Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def in_own_thread(function: typing.Callable[[], None]) -> None:
    """Run ``function`` in a thread, so its ``asyncio.run`` calls leave the test runner's loop alone."""
    errors: typing.List[BaseException] = []

    def target() -> None:
        try:
            function()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    if errors:
        raise errors[0]


def test_one_async_client_across_successive_asyncio_runs(local_http: str) -> None:
    client = AsyncCartesia(api_key="k", base_url=local_http)
    pools: typing.List[httpx.AsyncClient] = []

    async def call() -> typing.Any:
        response = await client._client_wrapper.httpx_client.request("", method="GET")
        return response.json()

    def scenario() -> None:
        for _ in range(3):
            assert asyncio.run(call()) == {"ok": True, "version": "local"}
            pools.append(client._client_wrapper.httpx_client.httpx_client)
            assert pools[-1].is_closed  # closed while its loop shut down: no sockets left behind
        asyncio.run(client.close())

    in_own_thread(scenario)
    assert len({id(pool) for pool in pools}) == 3


def test_one_async_client_serves_many_tasks(local_http: str) -> None:
    async def main() -> typing.List[typing.Any]:
        async with AsyncCartesia(api_key="k", base_url=local_http) as client:
            http_client = client._client_wrapper.httpx_client
            responses = await asyncio.gather(*(http_client.request("", method="GET") for _ in range(20)))
            return [r.json()["ok"] for r in responses]

    results: typing.List[typing.List[typing.Any]] = []
    in_own_thread(lambda: results.append(asyncio.run(main())))
    assert results == [[True] * 20]


def _resource_warnings_when_dropped(make: typing.Callable[[], typing.Any], url: str) -> typing.List[str]:
    """Use a client once, drop it unclosed, collect it: the ResourceWarnings that come out."""
    import gc
    import warnings
    import weakref

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = make()
        assert client.get(url).status_code == 200
        alive = weakref.ref(client)
        del client
        gc.collect()
        assert alive() is None
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_client_never_closed_leaves_no_socket_behind(local_http: str) -> None:
    # Control: a plain httpx client dropped this way leaves its keep-alive socket to the collector.
    assert _resource_warnings_when_dropped(httpx.Client, local_http + "/")
    sdk = Cartesia(api_key="k", base_url=local_http)

    def own_pool() -> typing.Any:
        return sdk._client_wrapper.httpx_client.__dict__.pop("httpx_client")  # hand over the only reference

    assert _resource_warnings_when_dropped(own_pool, local_http + "/") == []


async def test_an_async_client_collected_in_its_loop_closes_its_pool(local_http: str) -> None:
    import gc

    client = AsyncCartesia(api_key="k", base_url=local_http)
    await client._client_wrapper.httpx_client.request("", method="GET")
    pool = client._client_wrapper.httpx_client.httpx_client
    del client
    gc.collect()
    await asyncio.sleep(0.05)  # the close was scheduled on this loop
    assert pool.is_closed
