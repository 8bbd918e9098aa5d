"""Run one scenario through both shells: the sync client as it is, the async one behind a blocking view.

``AsyncView`` wraps an object of the async client: every call runs on an event loop in a thread of
its own, awaitables are awaited there and async iterators become plain iterators, so a scenario
written once in sync style drives the asyncio shell exactly as an async caller would.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import threading
import typing

import pydantic

from cartesia import AsyncCartesia, Cartesia
from cartesia.server import LocalServer

TIMEOUT = 30.0


class LoopThread:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="test-event-loop", daemon=True)
        self.thread.start()

    def run(self, function: typing.Callable[[], typing.Any]) -> typing.Any:
        async def call() -> typing.Any:
            result = function()
            if inspect.isawaitable(result):
                result = await result
            return result

        future = asyncio.run_coroutine_threadsafe(call(), self.loop)
        try:
            return future.result(TIMEOUT)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise AssertionError(f"an async call took longer than {TIMEOUT} s") from None

    def tasks(self) -> typing.Set["asyncio.Task[typing.Any]"]:
        return typing.cast(typing.Set["asyncio.Task[typing.Any]"], self.run(lambda: {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


def _plain(value: typing.Any) -> bool:
    return (
        value is None
        or isinstance(value, (str, bytes, int, float, bool, dict, list, tuple, pydantic.BaseModel, BaseException, type))
        or not type(value).__module__.startswith("cartesia")
        or type(value).__name__ in {"ContextMetrics"}
    )


class AsyncView:
    def __init__(self, target: typing.Any, loop: LoopThread) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_loop", loop)

    def _wrap(self, value: typing.Any) -> typing.Any:
        if hasattr(value, "__anext__"):
            return self._iterate(value)
        if inspect.isfunction(value) or inspect.ismethod(value):
            return lambda *a, **k: self._wrap(self._loop.run(lambda: value(*a, **k)))
        return value if _plain(value) else AsyncView(value, self._loop)

    def _iterate(self, iterator: typing.Any) -> typing.Iterator[typing.Any]:
        try:
            while True:
                try:
                    item = self._loop.run(iterator.__anext__)
                except StopAsyncIteration:
                    return
                yield self._wrap(item)
        finally:  # left early: close it, as ``contextlib.aclosing`` would
            if hasattr(iterator, "aclose"):
                self._loop.run(iterator.aclose)

    def __getattr__(self, name: str) -> typing.Any:
        value = self._loop.run(lambda: getattr(self._target, name))
        return self._wrap(value)

    def __iter__(self) -> typing.Iterator[typing.Any]:
        return self._iterate(self._loop.run(lambda: self._target.__aiter__()))

    def __enter__(self) -> typing.Any:
        return self._wrap(self._loop.run(self._target.__aenter__))

    def __exit__(self, *exc_info: typing.Any) -> None:
        self._loop.run(lambda: self._target.__aexit__(*exc_info))


class Shell:
    """Makes clients of one kind (``sync`` or ``async``) against a local server."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.loop = LoopThread() if kind == "async" else None
        self._clients: typing.List[typing.Any] = []

    def client(self, server: LocalServer, **options: typing.Any) -> typing.Any:
        if "api_key" not in options:
            options["api_key"] = server.api_key
        if "base_url" not in options:
            options["base_url"] = server.url
        if self.loop is None:
            client = Cartesia(**options)
            self._clients.append(client)
            return client
        async_client = self.loop.run(lambda: AsyncCartesia(**options))
        self._clients.append(async_client)
        return AsyncView(async_client, self.loop)

    def close(self) -> None:
        for client in self._clients:
            if self.loop is None:
                client.close()
            else:
                self.loop.run(client.close)
        if self.loop is not None:
            self.loop.stop()
