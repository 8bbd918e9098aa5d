"""Progress for long work, on stderr: a line updated in place on a terminal, a summary otherwise."""

from __future__ import annotations

import sys
import time
import typing


def size_text(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


class _LiveLine:
    """The one line of stderr that is being rewritten in place, if any: cleared before anything else is printed."""

    stream: typing.Optional[typing.TextIO] = None

    def show(self, stream: typing.TextIO, text: str) -> None:
        stream.write(f"\r\x1b[K{text}")
        stream.flush()
        self.stream = stream

    def clear(self) -> None:
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.stream = None


live_line = _LiveLine()


class Progress:
    """Counts bytes as they arrive and shows the running total."""

    def __init__(self, label: str, *, stream: typing.Optional[typing.TextIO] = None, quiet: bool = False) -> None:
        self.label = label
        self.total = 0
        self._stream = stream if stream is not None else sys.stderr
        self._live = not quiet and self._stream.isatty()
        self._quiet = quiet
        self._last = 0.0
        self._started = time.monotonic()

    def add(self, count: int) -> None:
        self.total += count
        now = time.monotonic()
        if self._live and now - self._last >= 0.1:
            self._last = now
            live_line.show(self._stream, f"{self.label}: {size_text(self.total)}")

    def finish(self, summary: str) -> None:
        live_line.clear()
        if not self._quiet:
            elapsed = time.monotonic() - self._started
            self._stream.write(f"{summary} in {elapsed:.1f} s\n")
            self._stream.flush()


class Status:
    """A line of passing news on stderr (a partial transcript): rewritten in place on a terminal, one line each otherwise."""

    def __init__(self, *, stream: typing.Optional[typing.TextIO] = None, quiet: bool = False) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._live = not quiet and self._stream.isatty()
        self._quiet = quiet

    def show(self, text: str) -> None:
        if self._quiet:
            return
        if self._live:
            live_line.show(self._stream, f"… {text}")
        else:
            self._stream.write(f"… {text}\n")
            self._stream.flush()

    def clear(self) -> None:
        live_line.clear()
