"""Checks shared by the batch and streaming STT endpoints."""

from __future__ import annotations

from .audio import STT_ENCODINGS
from .catalog import STT_LANGUAGES, STT_MODELS
from .errors import bad_request, invalid_model
from .json_fields import missing

MIN_STT_RATE, MAX_STT_RATE = 8000, 192000


def check_model(model: str | None) -> str:
    if not model:
        raise missing("model")
    if model not in STT_MODELS:
        raise invalid_model(model, "STT")
    return model


def check_language(language: str | None) -> str:
    if language is None or language == "":
        return "en"
    if language not in STT_LANGUAGES:
        raise bad_request(f"`language` must be an ISO 639-1 code the model knows; got {language!r}.", title="Invalid language", error_code="invalid_language")
    return language


def check_encoding(encoding: str | None, *, required: bool) -> str | None:
    if not encoding:
        if required:
            raise missing("encoding")
        return None
    if encoding not in STT_ENCODINGS:
        raise bad_request(f"`encoding` must be one of {', '.join(STT_ENCODINGS)}; got {encoding!r}.", title="Invalid encoding", error_code="invalid_encoding")
    return encoding


def check_sample_rate(sample_rate: str | None, *, required: bool) -> int | None:
    if not sample_rate:
        if required:
            raise missing("sample_rate")
        return None
    if not sample_rate.isdigit() or not MIN_STT_RATE <= int(sample_rate) <= MAX_STT_RATE:
        raise bad_request(
            f"`sample_rate` must be a whole number of Hz between {MIN_STT_RATE} and {MAX_STT_RATE}; got {sample_rate!r}.",
            title="Invalid sample rate",
            error_code="invalid_sample_rate",
        )
    return int(sample_rate)
