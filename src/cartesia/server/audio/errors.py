"""Errors raised by the audio toolkit; all are ValueErrors, so a server can map them to HTTP 400."""

from __future__ import annotations


class AudioError(ValueError):
    """Base class of the audio toolkit's errors."""


class UnsupportedFormatError(AudioError):
    """An encoding, container, sample rate or bit rate the toolkit cannot handle."""


class InvalidAudioError(AudioError):
    """Bytes that do not form valid audio of the declared format."""
