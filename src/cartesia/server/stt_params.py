"""Checks shared by the batch and streaming STT endpoints."""

from __future__ import annotations

from collections.abc import Sequence

from .audio import STT_ENCODINGS
from .catalog import STT_LANGUAGES, STT_MODELS, TURNS_MODEL_FAMILY, is_turns_model
from .errors import bad_request, invalid_model
from .json_fields import missing

MIN_STT_RATE, MAX_STT_RATE = 8000, 192000
MAX_KEYTERMS, MAX_KEYTERM_CHARS = 100, 1200


def check_model(model: str | None) -> str:
    if not model:
        raise missing("model")
    if model not in STT_MODELS:
        raise invalid_model(model, "STT")
    return model


def check_turns_model(model: str | None) -> str:
    """A model for turn detection: `ink-2` or one of its dated snapshots."""
    if not model:
        raise missing("model")
    if not is_turns_model(model):
        message = f"Turn detection needs {TURNS_MODEL_FAMILY} or one of its dated snapshots; got {model!r}."
        raise invalid_model(model, "STT", message)
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


def check_range(name: str, value: float, low: float, high: float, *, shown: object) -> float:
    """`value` when it lies in low..high (NaN never does); `shown` is what the client sent."""
    if not low <= value <= high:
        raise bad_request(f"`{name}` must be a number between {low} and {high}; got {shown!r}.")
    return value


def check_float(name: str, text: str | None, low: float, high: float) -> float | None:
    """A number-valued query parameter in low..high; None when it is absent or empty."""
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    return check_range(name, value, low, high, shown=text)


def check_keyterms(terms: Sequence[str]) -> list[str]:
    """The repeated `keyterm` parameter: at most 100 terms of 1200 characters in all."""
    if len(terms) > MAX_KEYTERMS:
        raise bad_request(f"At most {MAX_KEYTERMS} `keyterm` values may be given; got {len(terms)}.")
    total = sum(len(term) for term in terms)
    if total > MAX_KEYTERM_CHARS:
        raise bad_request(f"The `keyterm` values may hold at most {MAX_KEYTERM_CHARS} characters in all; got {total}.")
    return list(terms)
