"""`/stt/websocket`: raw audio in binary frames, transcripts out as JSON.

Query: `model`, `encoding`, `sample_rate` (required), `language`, `min_volume`,
`max_silence_duration_secs`. Invalid values get an error frame right after the handshake and
the socket closes (code 1008), the way the service reports bad session settings in-band;
credentials, version and connection limits fail the handshake itself (401/400/429).

Text commands: `finalize` sends the pending transcript as final, then `flush_done`;
`done` (2025 clients) or `close` (newer ones) do the same, then send `done` and close.
While audio arrives, words are reported as interim transcripts (`is_final: false`) as soon as
the engine recognises them; `max_silence_duration_secs` of silence after speech finalises
them on its own. `min_volume` treats quieter frames as silence. `text` is the delta since
the last final transcript; `duration` is the audio received so far; times are from the
start of the stream.
"""

from __future__ import annotations

from array import array
from typing import Any

from aiohttp import web

from ..audio import PcmStreamDecoder, WordTiming
from ..engines import StreamingRecognizer
from ..errors import ApiError, bad_request
from ..event_faults import StreamInterrupted
from ..request_context import get_context
from ..stt_params import check_encoding, check_language, check_model, check_sample_rate
from ..ws_session import ConnectionGone, WebSocketSession

_QUIET = 0.01  # amplitude under which a sample counts as silence for endpointing


def _float_param(request: web.Request, name: str, low: float, high: float) -> float | None:
    text = request.query.get(name)
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise bad_request(f"`{name}` must be a number between {low} and {high}; got {text!r}.")
    return value


class SttConnection:
    def __init__(self, request: web.Request) -> None:
        self.request = request
        self.context = get_context(request)
        self.state = self.context.state
        self.session = WebSocketSession(request, idle_timeout=self.state.config.stt_idle_timeout, error_event=self._error_event)
        self.pending: list[WordTiming] = []
        self.samples_received = 0
        self.unfinalized_samples = 0  # audio received since the last final transcript
        self.quiet_samples = 0  # silence at the end of the audio so far
        self.language = "en"
        self.sample_rate = 16000
        self.min_volume: float | None = None
        self.max_silence: float | None = None
        self.decoder = PcmStreamDecoder("pcm_s16le")
        self.recognizer: StreamingRecognizer | None = None

    def _error_event(self, error: ApiError, event: dict[str, Any] | None) -> dict[str, Any]:  # noqa: ARG002
        return error.stt_event(self.context.version, self.context.request_id)

    async def run(self) -> web.WebSocketResponse:
        await self.session.open()
        try:
            try:
                query = self.request.query
                check_model(query.get("model"))
                encoding = check_encoding(query.get("encoding"), required=True)
                sample_rate = check_sample_rate(query.get("sample_rate"), required=True)
                self.language = check_language(query.get("language"))
                self.min_volume = _float_param(self.request, "min_volume", 0.0, 1.0)
                self.max_silence = _float_param(self.request, "max_silence_duration_secs", 0.0, 3600.0)
            except ApiError as error:
                await self.session.send(self._error_event(error, None))
                await self.session.close(1008, error.title)
                return self.session.ws
            assert encoding is not None and sample_rate is not None
            self.sample_rate = sample_rate
            self.decoder = PcmStreamDecoder(encoding)
            self.recognizer = self.state.engine.recognizer(sample_rate, language=self.language)
            await self._loop()
        except (ConnectionGone, StreamInterrupted):
            pass
        finally:
            self.session.release()
        return self.session.ws

    async def _loop(self) -> None:
        while True:
            message = await self.session.receive()
            if message is None:
                return
            try:
                if await self._handle(message):
                    return
            except StreamInterrupted:
                continue  # an injected error frame replaced a reply; the session goes on

    async def _handle(self, message: str | bytes) -> bool:
        """Act on one client message; True when the session is over."""
        if isinstance(message, bytes):
            await self._audio(message)
        elif message.strip() == "finalize":
            await self._finalize()
            await self._send({"type": "flush_done"})
        elif message.strip() in ("done", "close"):
            await self._finalize()
            await self._send({"type": "done"})
            await self.session.close(1000, "done")
            return True
        else:
            await self.session.send(self._error_event(bad_request(f"Unknown command {message[:40]!r}: send finalize, done or close."), None))
        return False

    async def _audio(self, data: bytes) -> None:
        try:
            samples = self.decoder.feed(data)
        except ValueError as exc:
            await self.session.send(self._error_event(bad_request(f"The audio cannot be decoded: {exc}."), None))
            return
        if self.min_volume is not None and samples and max(abs(v) for v in samples) < self.min_volume:
            samples = array("f", bytes(4 * len(samples)))
        self.samples_received += len(samples)
        self.unfinalized_samples += len(samples)
        loud = [i for i, v in enumerate(samples) if abs(v) >= _QUIET]
        self.quiet_samples = len(samples) - 1 - loud[-1] if loud else self.quiet_samples + len(samples)
        assert self.recognizer is not None
        words = self.recognizer.feed(samples)
        if words:
            self.pending += words
            await self._transcript(is_final=False)
        if self.max_silence is not None and self.pending and self.quiet_samples >= self.max_silence * self.sample_rate:
            await self._finalize()

    async def _finalize(self) -> None:
        assert self.recognizer is not None
        self.pending += self.recognizer.finish()
        if self.pending or self.unfinalized_samples:
            await self._transcript(is_final=True)
        self.pending = []
        self.unfinalized_samples = 0

    async def _transcript(self, *, is_final: bool) -> None:
        await self._send(
            {
                "type": "transcript",
                "text": " ".join(w.word for w in self.pending),
                "is_final": is_final,
                "duration": round(self.samples_received / self.sample_rate, 6),
                "language": self.language,
                "words": [{"word": w.word, "start": round(w.start_s, 6), "end": round(w.end_s, 6)} for w in self.pending],
            }
        )

    async def _send(self, event: dict[str, Any]) -> None:
        await self.session.send({**event, "request_id": self.context.request_id})


async def stt_websocket(request: web.Request) -> web.WebSocketResponse:
    return await SttConnection(request).run()
