"""The ``cartesia`` command: speech synthesis and transcription, voices, and a local server."""

from .main import main

__all__ = ["main"]
