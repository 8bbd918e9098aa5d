"""A thread-safe store of records (frozen dataclasses with an `id`), kept in creation order.

Pronunciation dictionaries, datasets and fine-tunes live in one each; creation order makes cursor
pagination stable. Ids are `<prefix>_<24 hex digits>`, unless the caller picks one.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Generic, Protocol, TypeVar


class _Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)


def utc_now() -> str:
    """The current time as an RFC 3339 timestamp."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class RecordStore(Generic[R]):
    """Records by id, in creation order. Use it from tests to seed or inspect the server."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._lock = threading.Lock()
        self._records: dict[str, R] = {}

    def new_id(self) -> str:
        return f"{self.prefix}_{uuid.uuid4().hex[:24]}"

    def add(self, record: R) -> R:
        """Store a new record; ValueError when its id is taken."""
        with self._lock:
            if record.id in self._records:
                raise ValueError(f"an object with id {record.id!r} already exists")
            self._records[record.id] = record
        return record

    def get(self, record_id: str) -> R | None:
        with self._lock:
            return self._records.get(record_id)

    def update(self, record_id: str, **changes: Any) -> R | None:
        """Replace fields of a record; None if there is no such record."""
        return self.change(record_id, lambda record: replace(record, **changes))  # type: ignore[type-var]

    def change(self, record_id: str, edit: Callable[[R], R]) -> R | None:
        """Replace a record by `edit(record)`, atomically; None if there is no such record."""
        with self._lock:
            record = self._records.get(record_id)
            if record is None:
                return None
            self._records[record_id] = record = edit(record)
            return record

    def delete(self, record_id: str) -> bool:
        with self._lock:
            return self._records.pop(record_id, None) is not None

    def replace_all(self, records: list[R]) -> None:
        """Hold exactly these records (a saved state, loaded)."""
        with self._lock:
            self._records = {record.id: record for record in records}

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def all(self) -> list[R]:
        with self._lock:
            return list(self._records.values())

    def __iter__(self) -> Iterator[R]:
        return iter(self.all())

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        with self._lock:
            return record_id in self._records
