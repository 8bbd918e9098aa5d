"""Datasets and their files, as the server keeps them (the bytes are not kept, only their size)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .records import RecordStore, utc_now


@dataclass(frozen=True)
class DatasetFile:
    id: str
    filename: str
    size: int
    purpose: str = "fine_tune"
    created_at: str = field(default_factory=utc_now)


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    description: str = ""
    files: tuple[DatasetFile, ...] = ()
    created_at: str = field(default_factory=utc_now)


class DatasetStore(RecordStore[Dataset]):
    def __init__(self) -> None:
        super().__init__("dataset")

    def create(self, name: str, *, description: str = "", dataset_id: str | None = None) -> Dataset:
        return self.add(Dataset(id=dataset_id or self.new_id(), name=name, description=description))

    def add_file(self, dataset_id: str, filename: str, size: int, *, purpose: str = "fine_tune", file_id: str | None = None) -> DatasetFile | None:
        """Add a file to a dataset; None if there is no such dataset."""
        added = DatasetFile(id=file_id or f"file_{self.new_id().split('_', 1)[1]}", filename=filename, size=size, purpose=purpose)
        changed = self.change(dataset_id, lambda d: replace(d, files=(*d.files, added)))
        return added if changed is not None else None

    def remove_file(self, dataset_id: str, file_id: str) -> bool:
        """Remove a file from a dataset; False if either does not exist."""
        dataset = self.get(dataset_id)
        if dataset is None or all(f.id != file_id for f in dataset.files):
            return False
        self.change(dataset_id, lambda d: replace(d, files=tuple(f for f in d.files if f.id != file_id)))
        return True


def dataset_json(dataset: Dataset) -> dict[str, Any]:
    return {"id": dataset.id, "name": dataset.name, "description": dataset.description, "created_at": dataset.created_at}


def dataset_file_json(item: DatasetFile) -> dict[str, Any]:
    return {"id": item.id, "filename": item.filename, "created_at": item.created_at, "size": item.size}
