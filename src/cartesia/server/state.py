"""Everything one server instance holds, created without aiohttp so runners can expose it before start."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import replace

from .access_tokens import TokenIssuer
from .config import ServerConfig
from .datasets import DatasetStore
from .engines import SpeechEngine, select_engine
from .faults import Faults
from .pronunciation import PronunciationDictStore
from .request_log import RequestLog
from .voice_store import VoiceStore


class ServerState:
    """The config, engine, voice library, pronunciation dicts, datasets, request log, fault rules, token issuer and clock of a server."""

    def __init__(self, config: ServerConfig) -> None:
        if not config.token_secret:
            config = replace(config, token_secret=secrets.token_bytes(32))
        self.config = config
        self.engine: SpeechEngine = select_engine(config.engine)
        self.voices = VoiceStore()
        self.pronunciation_dicts = PronunciationDictStore()
        self.datasets = DatasetStore()
        self.requests = RequestLog()
        self.faults = Faults()
        self.tokens = TokenIssuer(config.token_secret)
        self._clock_offset = 0.0
        self._lock = threading.Lock()
        self._open_websockets = 0

    def now(self) -> float:
        """The server's clock (wall time plus any `advance_clock`), used for token expiry."""
        return time.time() + self._clock_offset

    def advance_clock(self, seconds: float) -> None:
        """Move the server's clock forward, e.g. to expire access tokens without waiting."""
        with self._lock:
            self._clock_offset += seconds

    def try_open_websocket(self) -> bool:
        """Count a new WebSocket in, unless `max_connections` are already open."""
        with self._lock:
            if self._open_websockets >= self.config.max_connections:
                return False
            self._open_websockets += 1
            return True

    def close_websocket(self) -> None:
        with self._lock:
            self._open_websockets -= 1

    @property
    def open_websockets(self) -> int:
        with self._lock:
            return self._open_websockets
