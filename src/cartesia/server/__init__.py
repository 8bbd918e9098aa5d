"""Local, offline Cartesia-compatible server (the `cartesia[server]` extra).

    from cartesia.server import LocalServer

    with LocalServer() as server:
        client = Cartesia(api_key=server.api_key, base_url=server.url)

`LocalServer` runs in a background thread (`with`) or in the caller's loop (`async with`);
`serve(host, port, **options)` runs in the foreground. Importing this package is cheap:
names are loaded on first use, and aiohttp only when a server starts. See `faults` for fault
injection and `pytest_plugin` for the `cartesia_server` fixture.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import ServerConfig
    from .faults import Faults
    from .request_log import Frame, RecordedRequest, RequestLog
    from .runner import LocalServer, serve
    from .voice_store import Voice, VoiceStore

__all__ = [
    "Faults",
    "Frame",
    "LocalServer",
    "RecordedRequest",
    "RequestLog",
    "ServerConfig",
    "Voice",
    "VoiceStore",
    "serve",
]

_HOMES = {
    "LocalServer": "runner",
    "serve": "runner",
    "ServerConfig": "config",
    "Faults": "faults",
    "Frame": "request_log",
    "RecordedRequest": "request_log",
    "RequestLog": "request_log",
    "Voice": "voice_store",
    "VoiceStore": "voice_store",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
