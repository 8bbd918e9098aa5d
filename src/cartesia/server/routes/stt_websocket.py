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

from aiohttp import web

from ..audio import WordTiming
from ..engines import StreamingRecognizer
from ..errors import bad_request
from ..stt_params import check_encoding, check_float, check_language, check_model, check_sample_rate
from .stt_stream import AudioInput, SttSocket


class SttConnection(SttSocket):
    def __init__(self, request: web.Request) -> None:
        super().__init__(request)
        self.pending: list[WordTiming] = []
        self.unfinalized_samples = 0  # audio received since the last final transcript
        self.language = "en"
        self.max_silence: float | None = None
        self.recognizer: StreamingRecognizer | None = None

    def configure(self) -> None:
        query = self.request.query
        check_model(query.get("model"))
        encoding = check_encoding(query.get("encoding"), required=True)
        sample_rate = check_sample_rate(query.get("sample_rate"), required=True)
        self.language = check_language(query.get("language"))
        min_volume = check_float("min_volume", query.get("min_volume"), 0.0, 1.0)
        self.max_silence = check_float("max_silence_duration_secs", query.get("max_silence_duration_secs"), 0.0, 3600.0)
        assert encoding is not None and sample_rate is not None
        self.audio = AudioInput(encoding, sample_rate, min_volume=min_volume)
        self.recognizer = self.state.engine.recognizer(sample_rate, language=self.language)

    async def handle(self, message: str | bytes) -> bool:
        if isinstance(message, bytes):
            await self._audio(message)
        elif message.strip() == "finalize":
            await self._finalize()
            await self.send({"type": "flush_done"})
        elif message.strip() in ("done", "close"):
            await self._finalize()
            await self.send({"type": "done"})
            await self.session.close(1000, "done")
            return True
        else:
            await self.send_error(bad_request(f"Unknown command {message[:40]!r}: send finalize, done or close."))
        return False

    async def _audio(self, data: bytes) -> None:
        samples = await self.decode(data)
        if samples is None:
            return
        self.unfinalized_samples += len(samples)
        assert self.recognizer is not None
        words = self.recognizer.feed(samples)
        if words:
            self.pending += words
            await self._transcript(is_final=False)
        if self.max_silence is not None and self.pending and self.audio.quiet_samples >= self.max_silence * self.audio.sample_rate:
            await self._finalize()

    async def _finalize(self) -> None:
        assert self.recognizer is not None
        self.pending += self.recognizer.finish()
        if self.pending or self.unfinalized_samples:
            await self._transcript(is_final=True)
        self.pending = []
        self.unfinalized_samples = 0

    async def _transcript(self, *, is_final: bool) -> None:
        await self.send(
            {
                "type": "transcript",
                "text": " ".join(w.word for w in self.pending),
                "is_final": is_final,
                "duration": round(self.audio.duration_s, 6),
                "language": self.language,
                "words": [{"word": w.word, "start": round(w.start_s, 6), "end": round(w.end_s, 6)} for w in self.pending],
            }
        )


async def stt_websocket(request: web.Request) -> web.WebSocketResponse:
    return await SttConnection(request).run()
