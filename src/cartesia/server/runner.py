"""Running the server: `LocalServer` (in a background thread, or in the caller's event loop) and `serve`.

    with LocalServer() as server:            # its own loop in a daemon thread
        httpx.get(server.url + "/")

    async with LocalServer() as server:      # the caller's running loop
        ...

aiohttp is imported only here, when a server starts, so `import cartesia.server` stays cheap.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import signal
import sys
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .config import ServerConfig, key_set
from .datasets import DatasetStore
from .faults import Faults
from .persistence import load_voices, save_voices
from .pronunciation import PronunciationDictStore
from .request_log import RequestLog
from .state import ServerState
from .voice_store import VoiceStore

if TYPE_CHECKING:
    from aiohttp import web

_SHUTDOWN_TIMEOUT = 2.0  # seconds open requests get to finish when the server stops


def _missing_aiohttp() -> ImportError:
    return ImportError('The local Cartesia server needs aiohttp: pip install "cartesia[server]"')


class LocalServer:
    """A local, offline Cartesia-compatible server.

    Options: `api_keys` (None accepts any non-empty key), `engine` (`synthetic`, `espeak`,
    `auto`), `idle_timeout` (TTS WebSocket, seconds), `stt_idle_timeout`, `max_connections`
    (concurrent WebSockets), `max_contexts_per_connection`, `max_upload_bytes`,
    `chunk_seconds` (audio per streamed chunk), `default_version` (reported by `GET /`),
    `state_dir` (voices loaded from it now and saved to it when the server stops; None keeps none).
    `port=0` picks a free port; `url`, `ws_url` and `port` are known once started.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_keys: Iterable[str] | str | None = None,
        engine: str = "synthetic",
        idle_timeout: float = 300.0,
        stt_idle_timeout: float = 20.0,
        max_connections: int = 32,
        max_contexts_per_connection: int = 64,
        max_upload_bytes: int = 64 * 1024 * 1024,
        chunk_seconds: float = 0.1,
        default_version: str = "2025-04-16",
        state_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        if idle_timeout <= 0 or stt_idle_timeout <= 0 or chunk_seconds <= 0:
            raise ValueError("idle_timeout, stt_idle_timeout and chunk_seconds must be positive")
        if max_connections < 1 or max_contexts_per_connection < 1:
            raise ValueError("max_connections and max_contexts_per_connection must be at least 1")
        config = ServerConfig(
            api_keys=key_set(api_keys),
            engine=engine,
            idle_timeout=idle_timeout,
            stt_idle_timeout=stt_idle_timeout,
            max_connections=max_connections,
            max_contexts_per_connection=max_contexts_per_connection,
            max_upload_bytes=max_upload_bytes,
            chunk_seconds=chunk_seconds,
            default_version=default_version,
        )
        self.host = host
        self._requested_port = port
        self.port: int | None = None
        self.state = ServerState(config)
        self.state_dir = pathlib.Path(state_dir) if state_dir is not None else None
        if self.state_dir is not None:
            load_voices(self.state_dir, self.state.voices)
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_requested: asyncio.Event | None = None

    # What tests and SDK code use.

    @property
    def url(self) -> str:
        """`http://host:port`, the base URL to give a client."""
        return f"http://{self._netloc()}"

    @property
    def ws_url(self) -> str:
        """`ws://host:port`, the WebSocket base URL."""
        return f"ws://{self._netloc()}"

    @property
    def api_key(self) -> str:
        """A key this server accepts."""
        return self.state.config.default_api_key

    @property
    def voices(self) -> VoiceStore:
        return self.state.voices

    @property
    def pronunciation_dicts(self) -> PronunciationDictStore:
        return self.state.pronunciation_dicts

    @property
    def datasets(self) -> DatasetStore:
        return self.state.datasets

    @property
    def requests(self) -> RequestLog:
        return self.state.requests

    @property
    def faults(self) -> Faults:
        return self.state.faults

    @property
    def engine_name(self) -> str:
        return self.state.engine.name

    def advance_clock(self, seconds: float) -> None:
        """Move the server's clock forward (access tokens expire by it)."""
        self.state.advance_clock(seconds)

    def _netloc(self) -> str:
        if self.port is None:
            raise RuntimeError("the server is not running: start() it first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    # Running in the caller's event loop.

    async def astart(self) -> None:
        """Start serving on the running event loop."""
        try:
            from aiohttp import web

            from .app import build_app
        except ImportError as exc:
            raise _missing_aiohttp() from exc
        if self._runner is not None:
            raise RuntimeError("the server is already running")
        runner = web.AppRunner(build_app(self.state), access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._requested_port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def astop(self) -> None:
        """Stop serving; open WebSockets are closed with code 1001. Safe to call twice."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
            if self.state_dir is not None:
                save_voices(self.state_dir, self.state.voices)

    async def __aenter__(self) -> LocalServer:
        await self.astart()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.astop()

    # Running in a background thread.

    def start(self) -> LocalServer:
        """Start the server on its own event loop in a daemon thread; returns once it accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        ready = threading.Event()
        errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._thread_main, args=(ready, errors), name="cartesia-local-server", daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            self._thread.join()
            self._thread = None
            raise errors[0]
        return self

    def _thread_main(self, ready: threading.Event, errors: list[BaseException]) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop_requested = asyncio.Event()
            try:
                await self.astart()
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                return
            ready.set()
            try:
                await self._stop_requested.wait()
            finally:
                await self.astop()

        asyncio.run(main())

    def stop(self) -> None:
        """Stop the background server and join its thread. Safe to call twice."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        loop, stop = self._loop, self._stop_requested
        if loop is not None and stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stop.set)
            except RuntimeError:
                pass  # the loop already finished
        thread.join()
        self._loop = self._stop_requested = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self.port is not None else "not running"
        return f"<LocalServer {where} engine={self.state.engine.name}>"


def serve(host: str = "127.0.0.1", port: int = 8765, **options: Any) -> None:
    """Serve in the foreground until Ctrl-C (or SIGTERM); `options` are LocalServer's keyword arguments."""
    server = LocalServer(host=host, port=port, **options)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stop.set)
            except (NotImplementedError, RuntimeError):
                pass  # Windows, or not the main thread: Ctrl-C arrives as KeyboardInterrupt instead
        async with server:
            sys.stderr.write(
                f"Cartesia local server on {server.url} (engine {server.engine_name}); "
                f"API key: {server.api_key if server.state.config.api_keys else 'any'}. Ctrl-C stops it.\n"
            )
            await stop.wait()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    sys.stderr.write("Cartesia local server stopped.\n")
