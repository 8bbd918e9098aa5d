"""Resource wiring of the clients (replaced by generated wiring once resources exist)."""

from __future__ import annotations

from .core.client_wrapper import AsyncClientWrapper, SyncClientWrapper


class BaseCartesia:
    _client_wrapper: SyncClientWrapper


class AsyncBaseCartesia:
    _client_wrapper: AsyncClientWrapper
