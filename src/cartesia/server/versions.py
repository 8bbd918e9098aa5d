"""API versions (`Cartesia-Version`): which are known, and the dates where behaviour changes.

Versions are ISO dates, so comparing the strings compares the dates. Any well-formed date is
accepted, as the service does for versions newer than a client knows; behaviour follows the
latest change on or before it.
"""

from __future__ import annotations

import re

KNOWN_VERSIONS = ("2024-06-10", "2024-11-13", "2025-04-16", "2025-11-04", "2026-03-01", "2026-08-14")
DEFAULT_VERSION = "2025-04-16"  # what `GET /` reports as the gateway default

PAGINATED_VOICES = "2024-11-13"  # GET /voices returns {data, has_more, next_page} instead of a list
VOICE_GENDER = "2025-04-16"  # voices gain `gender` and `is_public`; embeddings leave the Voice object
CUSTOM_RESOURCES = "2025-04-16"  # pronunciation dicts, dataset endpoints and fine-tunes appear
VOICE_LOCALES = "2025-11-04"  # voices gain `locales`; STT responses gain `type` and `request_id`
STRUCTURED_ERRORS = "2026-03-01"  # JSON error bodies; unknown voice ids become 404
ACCESS_VISIBILITY = "2026-08-14"  # `is_public` becomes `access` + `visibility`; voices gain `tagline`

_VERSION_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_valid_version(version: str) -> bool:
    """Whether `version` is shaped like an API version (a YYYY-MM-DD date)."""
    return bool(_VERSION_SHAPE.match(version))


def at_least(version: str | None, change: str) -> bool:
    """Whether a request made with `version` sees the change introduced at `change`."""
    return version is not None and version >= change


def structured_errors(version: str | None) -> bool:
    """Whether errors for this version are JSON objects rather than `Title: message` text."""
    return at_least(version, STRUCTURED_ERRORS)
