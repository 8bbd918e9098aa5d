"""The constants of the 2.x module ``cartesia.tts.utils.constants``; the SDK itself reads none of them."""

from __future__ import annotations

import typing

DEFAULT_MODEL_ID = "sonic-2"
MULTILINGUAL_MODEL_ID = "sonic-2"
DEFAULT_BASE_URL = "api.cartesia.ai"
DEFAULT_CARTESIA_VERSION = "2024-06-10"
DEFAULT_OUTPUT_FORMAT = "raw_pcm_f32le_44100"
DEFAULT_TIMEOUT = 30
DEFAULT_NUM_CONNECTIONS = 10
DEFAULT_VOICE_EMBEDDING: typing.List[float] = [1.0] * 192
BACKOFF_FACTOR = 1
MAX_RETRIES = 3
