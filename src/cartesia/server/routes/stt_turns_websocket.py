"""`/stt/turns/websocket` (ink-2): raw audio in binary frames, turn events out as JSON.

Query: `model` (`ink-2` or a dated snapshot `ink-2-YYYY-MM-DD`), `encoding` and `sample_rate`
(required), `keyterm` (repeatable, at most 100 terms of 1200 characters in all; checked, then
unused: the engines hear exactly), and the turn settings `turn_start_threshold` (0.5-0.9,
default 0.8), `turn_eager_end_threshold` (0.3-0.6, 0.4), `turn_end_threshold` (0.05-0.5, 0.2)
and `turn_end_timeout_ms` (640-11200, 5600), with end < eager end < start. Bad values get an
error frame right after the handshake, then close 1008; otherwise the first message is
`connected`. Every message carries the connection's `request_id`.

Client text frames are JSON: `{"type": "close"}` recognises the buffered audio, sends the last
turn events (`turn.end` for an open turn, with no `turn.eager_end` first) and closes with 1000;
`{"type": "config", "turn": {...}}` changes any of `start_threshold`, `eager_end_threshold`,
`end_threshold`, `end_timeout_ms` from then on (the open turn included), checked like the query
(a bad one gets an error frame and changes nothing); anything else gets an error frame. The
session goes on after these errors.

Turn detection, deterministic and measured in audio time (samples received, not wall-clock),
decided after each binary frame:

- a turn starts at the first word recognised while none is open: `turn.start`, then
  `turn.update`; each later recognised word sends `turn.update` with the turn's whole text so far;
- silence is the audio since the last sample louder than 0.01. Over silence, the chance that the
  user goes on falls linearly from 1 to 0 across `turn_end_timeout_ms`: p = 1 - silence / timeout.
  When p reaches `turn_eager_end_threshold`, i.e. after (1 - eager_end) x timeout of silence,
  `turn.eager_end` previews the turn's text; when it reaches `turn_end_threshold`, after
  (1 - end) x timeout, `turn.end` gives it for good (a single frame can cross both: both are
  sent). Defaults: eager end after 3.36 s of silence, end after 4.48 s; with
  `turn_end_timeout_ms=640`, after 384 and 512 ms;
- a word recognised after an eager end but before the end sends `turn.resume`, then
  `turn.update`; the turn can eagerly end again;
- the words heard are certain speech, so a turn starts whatever `turn_start_threshold` says:
  it is checked (range, ordering) but changes nothing.

Text is never revised: each update extends the previous one, and `turn.end` repeats the last.
Words are joined by single spaces, and every turn after the first starts with one space, so
the `turn.end` transcripts concatenated verbatim give the whole transcript. Engines that only
recognise whole utterances (espeak) are asked for their words after 0.2 s of silence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web

from ..audio import WordTiming
from ..engines import StreamingRecognizer
from ..errors import ApiError, bad_request
from ..event_faults import StreamInterrupted
from ..json_fields import require_object
from ..stt_params import check_encoding, check_float, check_keyterms, check_range, check_sample_rate, check_turns_model
from .stt_stream import AudioInput, SttSocket

FLUSH_AFTER_S = 0.2  # silence after which the recognizer gives up the words it holds
# Each setting's range; the query parameter is the name prefixed with `turn_`.
RANGES = {
    "start_threshold": (0.5, 0.9),
    "eager_end_threshold": (0.3, 0.6),
    "end_threshold": (0.05, 0.5),
    "end_timeout_ms": (640.0, 11200.0),
}


@dataclass(frozen=True)
class TurnSettings:
    start_threshold: float = 0.8
    eager_end_threshold: float = 0.4
    end_threshold: float = 0.2
    end_timeout_ms: float = 5600.0

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> TurnSettings:
        values: dict[str, float] = {}
        for name, (low, high) in RANGES.items():
            value = check_float(f"turn_{name}", query.get(f"turn_{name}"), low, high)
            if value is not None:
                values[name] = value
        return cls(**values).checked("turn_")

    def updated(self, turn: Any) -> TurnSettings:
        """These settings changed by the `turn` object of a `config` message (null fields stay)."""
        changes = require_object(turn, "`turn`")
        unknown = sorted(set(changes) - set(RANGES))
        if unknown:
            raise bad_request(f"Unknown turn settings: {', '.join(unknown)} (known: {', '.join(RANGES)}).")
        values: dict[str, float] = {}
        for name, value in changes.items():
            if value is None:
                continue
            low, high = RANGES[name]
            number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("nan")
            values[name] = check_range(f"turn.{name}", number, low, high, shown=value)
        return replace(self, **values).checked("turn.")

    def checked(self, prefix: str) -> TurnSettings:
        if not self.end_threshold < self.eager_end_threshold < self.start_threshold:
            order = " < ".join(f"`{prefix}{name}`" for name in ("end_threshold", "eager_end_threshold", "start_threshold"))
            got = f"{self.end_threshold}, {self.eager_end_threshold} and {self.start_threshold}"
            raise bad_request(f"The thresholds must satisfy {order}; got {got}.")
        return self

    @property
    def eager_end_silence_s(self) -> float:
        return (1 - self.eager_end_threshold) * self.end_timeout_ms / 1000

    @property
    def end_silence_s(self) -> float:
        return (1 - self.end_threshold) * self.end_timeout_ms / 1000


class TurnsConnection(SttSocket):
    def __init__(self, request: web.Request) -> None:
        super().__init__(request)
        self.settings = TurnSettings()
        self.recognizer: StreamingRecognizer | None = None
        self.words: list[str] = []  # the open turn's words; empty when no turn is open
        self.eager = False  # an eager end was sent and no word came since
        self.turns_ended = 0
        self.flushed_at = 0  # samples received when the recognizer last gave up its words

    def configure(self) -> None:
        query = self.request.query
        check_turns_model(query.get("model"))
        encoding = check_encoding(query.get("encoding"), required=True)
        sample_rate = check_sample_rate(query.get("sample_rate"), required=True)
        check_keyterms(query.getall("keyterm", []))
        self.settings = TurnSettings.from_query(query)
        assert encoding is not None and sample_rate is not None
        self.audio = AudioInput(encoding, sample_rate)
        self.recognizer = self.state.engine.recognizer(sample_rate, language="en")

    async def started(self) -> None:
        try:
            await self.send({"type": "connected"})
        except StreamInterrupted:
            pass  # an injected error frame went out instead; the session goes on

    async def handle(self, message: str | bytes) -> bool:
        if isinstance(message, bytes):
            await self._audio(message)
            return False
        try:
            command = json.loads(message)
        except ValueError:
            command = None
        kind = command.get("type") if isinstance(command, dict) else None
        if kind == "close":
            try:
                await self._drain()
            except StreamInterrupted:
                pass  # an injected error frame replaced a turn event; the close goes ahead
            await self.session.close(1000, "done")
            return True
        if kind == "config":
            assert isinstance(command, dict)
            try:
                self.settings = self.settings.updated(command.get("turn"))
            except ApiError as error:
                await self.send_error(error)
            return False
        await self.send_error(bad_request(f"Unknown message {message[:40]!r}: send audio as binary frames, or JSON of type close or config."))
        return False

    async def _audio(self, data: bytes) -> None:
        samples = await self.decode(data)
        if samples is None:
            return
        assert self.recognizer is not None
        await self._heard(self.recognizer.feed(samples))
        quiet_s = self.audio.quiet_samples / self.audio.sample_rate
        if quiet_s >= FLUSH_AFTER_S:
            await self._flush()
        if not self.words:
            return
        if not self.eager and quiet_s >= self.settings.eager_end_silence_s:
            self.eager = True
            await self.send({"type": "turn.eager_end", "transcript": self._transcript()})
        if quiet_s >= self.settings.end_silence_s:
            await self._end_turn()

    async def _drain(self) -> None:
        await self._flush()
        if self.words:
            await self._end_turn()

    async def _flush(self) -> None:
        """Have the recognizer give up the words it holds, unless nothing was heard since it last did."""
        if self.audio.sound_end > self.flushed_at:
            self.flushed_at = self.audio.samples_received
            assert self.recognizer is not None
            await self._heard(self.recognizer.finish())

    async def _heard(self, words: list[WordTiming]) -> None:
        """Start, resume and update the turn for newly recognised words (state first, then events)."""
        if not words:
            return
        opening, resuming = not self.words, self.eager
        self.words += [w.word for w in words]
        self.eager = False
        if opening:
            await self.send({"type": "turn.start"})
        elif resuming:
            await self.send({"type": "turn.resume"})
        await self.send({"type": "turn.update", "transcript": self._transcript()})

    async def _end_turn(self) -> None:
        transcript = self._transcript()
        self.words, self.eager = [], False
        self.turns_ended += 1
        await self.send({"type": "turn.end", "transcript": transcript})

    def _transcript(self) -> str:
        return (" " if self.turns_ended else "") + " ".join(self.words)


async def stt_turns_websocket(request: web.Request) -> web.WebSocketResponse:
    return await TurnsConnection(request).run()
