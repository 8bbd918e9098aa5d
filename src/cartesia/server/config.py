"""The server's options, in one frozen dataclass shared by the runners and the app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_API_KEY = "sk_car_local"


@dataclass(frozen=True)
class ServerConfig:
    """Everything that shapes the server's behaviour apart from its address.

    `api_keys=None` accepts any non-empty key. Limits mirror the service: an idle TTS
    WebSocket closes after 5 minutes, contexts and connections are capped (429 beyond).
    """

    api_keys: frozenset[str] | None = None
    engine: str = "synthetic"
    idle_timeout: float = 300.0
    stt_idle_timeout: float = 20.0  # the STT socket closes after this long without audio
    max_connections: int = 32  # concurrent WebSockets (TTS and STT together)
    max_contexts_per_connection: int = 64  # TTS contexts generating at once on one socket
    max_upload_bytes: int = 64 * 1024 * 1024
    chunk_seconds: float = 0.1  # audio per streamed chunk
    default_version: str = "2025-04-16"
    token_secret: bytes = field(default=b"", repr=False)

    @property
    def default_api_key(self) -> str:
        """A key the server accepts: the first configured one, or a placeholder when any key goes."""
        if self.api_keys:
            return sorted(self.api_keys)[0]
        return DEFAULT_API_KEY

    def accepts_key(self, key: str) -> bool:
        return bool(key) and (self.api_keys is None or key in self.api_keys)


def key_set(api_keys: Iterable[str] | str | None) -> frozenset[str] | None:
    """Normalise the `api_keys` option: one key, several, or None for "any key"."""
    if api_keys is None:
        return None
    keys = frozenset([api_keys] if isinstance(api_keys, str) else api_keys)
    if not keys or not all(keys):
        raise ValueError("api_keys must hold at least one non-empty key (or be None to accept any key)")
    return keys
