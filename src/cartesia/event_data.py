"""``.data`` on the streamed events that carry no audio."""

from __future__ import annotations


class NoAudioData:
    """Gives an event without audio a ``data`` of ``""``, so a loop reading ``event.data`` on every event runs.

    The 2.x README reads ``chunk.data`` on each event of ``tts.sse(...)``, the final ``done`` included;
    the SDK itself never reads it.
    """

    __slots__ = ()

    @property
    def data(self) -> str:
        """Always empty: this event carries no audio."""
        return ""
