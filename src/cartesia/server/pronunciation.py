"""Pronunciation dictionaries: what the server keeps, how it shows them, and how TTS applies them.

An item maps `text` to what to say instead. Lowercase text matches whole words in any
capitalisation; text with capitals (or outside the Latin alphabet) matches exactly. Longer texts
are tried first, so "New York City" wins over "New York". The replacement is spoken as written:
with the synthetic engine it comes back from speech-to-text, so a test hears the dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import json_fields as fields
from .errors import bad_request
from .records import RecordStore, utc_now
from .voice_store import LOCAL_USER_ID

MAX_PRONUNCIATION_LENGTH = 100


@dataclass(frozen=True)
class DictItem:
    text: str
    pronunciation: str

    def pattern(self) -> re.Pattern[str]:
        flags = re.IGNORECASE if self.text == self.text.lower() and self.text.isascii() else 0
        return re.compile(rf"(?<!\w){re.escape(self.text)}(?!\w)", flags)

    def replacement(self, _: re.Match[str]) -> str:
        return self.pronunciation


@dataclass(frozen=True)
class PronunciationDict:
    """A dictionary as the server keeps it."""

    id: str
    name: str
    description: str | None = None
    items: tuple[DictItem, ...] = ()
    pinned: bool = False
    owner_id: str = LOCAL_USER_ID
    created_at: str = field(default_factory=utc_now)

    def apply(self, transcript: str) -> str:
        """`transcript` with every item's text replaced by its pronunciation."""
        for item in sorted(self.items, key=lambda i: len(i.text), reverse=True):
            transcript = item.pattern().sub(item.replacement, transcript)
        return transcript


class PronunciationDictStore(RecordStore[PronunciationDict]):
    def __init__(self) -> None:
        super().__init__("pdict")

    def create(self, name: str, *, items: list[tuple[str, str]] | None = None, dict_id: str | None = None, **extra: Any) -> PronunciationDict:
        """Add a dictionary (items as `(text, pronunciation)` pairs) and return it."""
        entries = tuple(DictItem(text, said) for text, said in items or ())
        return self.add(PronunciationDict(id=dict_id or self.new_id(), name=name, items=entries, **extra))


def dict_json(pdict: PronunciationDict) -> dict[str, Any]:
    """The `PronunciationDict` object; each item carries `pronunciation` and its older name `alias`."""
    return {
        "id": pdict.id,
        "name": pdict.name,
        "description": pdict.description,
        "owner_id": pdict.owner_id,
        "pinned": pdict.pinned,
        "items": [{"text": i.text, "pronunciation": i.pronunciation, "alias": i.pronunciation} for i in pdict.items],
        "created_at": pdict.created_at,
    }


def parse_items(value: Any) -> tuple[DictItem, ...]:
    """Items of a request body: `{text, pronunciation}` or `{text, alias}` (equal when both are given)."""
    if not isinstance(value, list):
        raise bad_request("`items` must be a list of {text, pronunciation} objects.")
    items = []
    for index, entry in enumerate(value):
        entry = fields.require_object(entry, f"`items[{index}]`")
        text = fields.string(entry, "text", allow_empty=False)
        pronunciation = fields.string(entry, "pronunciation", allow_empty=False)
        alias = fields.string(entry, "alias", allow_empty=False)
        if text is None:
            raise fields.missing(f"items[{index}].text")
        if pronunciation is None and alias is None:
            raise fields.missing(f"items[{index}].pronunciation")
        if pronunciation is not None and alias is not None and pronunciation != alias:
            raise bad_request(f"`items[{index}]`: `pronunciation` and `alias` differ; send one of them.")
        said = pronunciation if pronunciation is not None else alias
        assert said is not None
        if len(said) > MAX_PRONUNCIATION_LENGTH:
            raise bad_request(f"`items[{index}].pronunciation` is longer than {MAX_PRONUNCIATION_LENGTH} characters.")
        items.append(DictItem(text, said))
    return tuple(items)
