"""The voice library: a thread-safe, ordered store seeded with a few deterministic public voices.

Listing order is creation order (seeded voices first), which makes cursor pagination stable.
Embeddings are 192 floats derived from a seed, so the same voice always has the same one.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import EMBEDDING_SIZE
from .records import RecordStore, utc_now

LOCAL_USER_ID = "local-user"
_SEED_CREATED_AT = "2024-06-10T00:00:00Z"
_ID_NAMESPACE = uuid.UUID("5f0c6a52-3d7e-4f0b-9a51-2c0e8a4f6b1d")


def embedding_from_seed(seed: str) -> list[float]:
    """A deterministic unit-length embedding for `seed`."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    values = [rng.uniform(-1.0, 1.0) for _ in range(EMBEDDING_SIZE)]
    norm = sum(v * v for v in values) ** 0.5
    return [round(v / norm, 6) for v in values]


@dataclass(frozen=True)
class Voice:
    """A voice as the server keeps it; `voice_views` turns it into each version's JSON."""

    id: str
    name: str
    description: str
    language: str
    gender: str | None = None  # GenderPresentation
    is_owner: bool = True
    is_public: bool = False
    is_starred: bool = False
    created_at: str = field(default_factory=utc_now)
    embedding: tuple[float, ...] = ()
    accent: str | None = None
    base_voice_id: str | None = None

    @property
    def user_id(self) -> str:
        return LOCAL_USER_ID if self.is_owner else "cartesia"


# Public voices every server starts with. The first ids are the ones the API documentation and
# SDK examples use, so examples run unchanged against the local server.
_SEEDS: tuple[tuple[str, str, str, str, str], ...] = (
    ("694f9389-aac1-45b6-b726-9d9369183238", "Barbershop Man", "A warm, friendly man's voice.", "en", "masculine"),
    ("a0e99841-438c-4a64-b679-ae501e7d6091", "Sample Narrator", "An even narrator for examples.", "en", "masculine"),
    ("f786b574-daa5-4673-aa0c-cbe3e8534c02", "Katie", "A bright, clear woman's voice.", "en", "feminine"),
    ("a5136bf9-224c-4d76-b823-52bd5efcffcc", "Jameson", "A calm, deep man's voice.", "en", "masculine"),
    (str(uuid.uuid5(_ID_NAMESPACE, "lucia")), "Lucía", "A lively Spanish voice.", "es", "feminine"),
    (str(uuid.uuid5(_ID_NAMESPACE, "emile")), "Émile", "A soft-spoken French voice.", "fr", "masculine"),
    (str(uuid.uuid5(_ID_NAMESPACE, "hana")), "Hana", "A gentle Japanese voice.", "ja", "feminine"),
    (str(uuid.uuid5(_ID_NAMESPACE, "robin")), "Robin", "A neutral German voice.", "de", "gender_neutral"),
)


def seed_voices() -> list[Voice]:
    """The public voices a fresh server holds."""
    return [
        Voice(
            id=vid,
            name=name,
            description=description,
            language=language,
            gender=gender,
            is_owner=False,
            is_public=True,
            created_at=_SEED_CREATED_AT,
            embedding=tuple(embedding_from_seed(vid)),
        )
        for vid, name, description, language, gender in _SEEDS
    ]


class VoiceStore(RecordStore[Voice]):
    """Voices by id, in creation order. Use it from tests to seed or inspect the library."""

    def __init__(self, voices: Sequence[Voice] | None = None) -> None:
        super().__init__("voice")
        for voice in seed_voices() if voices is None else voices:
            self.add(voice)

    def create(
        self,
        name: str,
        *,
        description: str = "",
        language: str = "en",
        gender: str | None = None,
        embedding: Sequence[float] | None = None,
        is_owner: bool = True,
        is_public: bool = False,
        is_starred: bool = False,
        voice_id: str | None = None,
        **extra: Any,
    ) -> Voice:
        """Add a voice (owned and private by default) and return it."""
        vid = voice_id or str(uuid.uuid4())
        return self.add(
            Voice(
                id=vid,
                name=name,
                description=description,
                language=language,
                gender=gender,
                is_owner=is_owner,
                is_public=is_public,
                is_starred=is_starred,
                embedding=tuple(embedding) if embedding is not None else tuple(embedding_from_seed(vid)),
                **extra,
            )
        )
