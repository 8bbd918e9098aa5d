"""The API's closed value sets: models, languages, and the other enums requests are checked against."""

from __future__ import annotations

# TTS model ids: any of these, or any dated snapshot `sonic-…-YYYY-MM-DD` of a family below.
TTS_MODEL_FAMILIES = ("sonic", "sonic-2", "sonic-3", "sonic-3.5", "sonic-turbo")
TTS_MODEL_ALIASES = ("sonic-latest", "sonic-3-latest", "sonic-preview", "sonic-english", "sonic-multilingual")
STT_MODELS = ("ink-whisper", "ink-whisper-2025-06-04", "ink-2")
TURNS_MODEL_FAMILY = "ink-2"  # turn detection (`/stt/turns/websocket`): it, or a dated snapshot of it

# The 15 languages of the 2024-2025 definitions, then those sonic-3 added.
TTS_LANGUAGES = (
    "en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko", "nl", "pl", "ru", "sv", "tr",
    "tl", "bg", "ro", "ar", "cs", "el", "fi", "hr", "ms", "sk", "da", "ta", "uk", "hu", "no",
    "vi", "bn", "th", "he", "ka", "id", "te", "gu", "kn", "ml", "mr", "pa", "or", "ur",
)  # fmt: skip
STT_LANGUAGES = (
    "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it",
    "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur",
    "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn",
    "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si",
    "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
    "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha",
    "ba", "jw", "su", "yue",
)  # fmt: skip
LOCALIZE_LANGUAGES = ("en", "de", "es", "fr", "ja", "pt", "zh", "hi", "it", "ko", "nl", "pl", "ru", "sv", "tr", "ar", "he", "ta", "te", "th")
LOCALIZE_DIALECTS = {"en": ("au", "in", "so", "uk", "us"), "es": ("mx", "pe"), "pt": ("br", "eu"), "fr": ("eu", "ca")}

GENDER_PRESENTATIONS = ("masculine", "feminine", "gender_neutral")
SPEAKER_GENDERS = ("male", "female")
CLONE_MODES = ("similarity", "stability")
MODEL_SPEEDS = {"slow": 0.8, "normal": 1.0, "fast": 1.25}
NATURAL_SPEEDS = {"slowest": 0.6, "slow": 0.8, "normal": 1.0, "fast": 1.25, "fastest": 1.5}
EMOTION_NAMES = ("anger", "positivity", "surprise", "sadness", "curiosity")
EMOTION_LEVELS = ("lowest", "low", "high", "highest")
EMBEDDING_SIZE = 192


def snapshot_family(model_id: str) -> str | None:
    """The family of a dated snapshot id `<family>-YYYY-MM-DD`; None when `model_id` is not one."""
    parts = model_id.rsplit("-", 3)
    if len(parts) != 4:
        return None
    family, year, month, day = parts
    dated = len(year) == 4 and len(month) == 2 and len(day) == 2 and (year + month + day).isdigit()
    return family if dated else None


def is_tts_model(model_id: str) -> bool:
    """Whether `model_id` names a TTS model: a family, an alias, or a dated snapshot of a family."""
    if model_id in TTS_MODEL_FAMILIES or model_id in TTS_MODEL_ALIASES:
        return True
    return snapshot_family(model_id) in TTS_MODEL_FAMILIES


def is_turns_model(model_id: str) -> bool:
    """Whether `model_id` can detect turns: `ink-2` or a dated snapshot such as `ink-2-2026-01-12`."""
    return TURNS_MODEL_FAMILY in (model_id, snapshot_family(model_id))


def is_emotion_tag(tag: str) -> bool:
    """Whether `tag` is a legacy emotion control such as `anger` or `positivity:high`."""
    name, _, level = tag.partition(":")
    return name in EMOTION_NAMES and (not level or level in EMOTION_LEVELS)
