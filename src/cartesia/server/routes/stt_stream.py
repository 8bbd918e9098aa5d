"""What the two streaming STT sockets (`/stt/websocket`, `/stt/turns/websocket`) share.

`SttSocket` runs one connection: it accepts the handshake through `WebSocketSession` (connection
limit, frame log, faults, idle close after `stt_idle_timeout`), lets the subclass check the
session settings (`configure`: an `ApiError` becomes an error frame, then close 1008, the way
the service reports bad settings in-band), then hands every client message to `handle` until
that returns True or the socket closes. Errors are rendered in the STT style. `AudioInput`
decodes the binary frames and keeps track of the silence at the end of the audio so far.
"""

from __future__ import annotations

from array import array
from typing import Any

from aiohttp import web

from ..audio import PcmStreamDecoder
from ..errors import ApiError, bad_request
from ..event_faults import StreamInterrupted
from ..request_context import get_context
from ..ws_session import ConnectionGone, WebSocketSession

QUIET = 0.01  # amplitude under which a sample counts as silence


class AudioInput:
    """Decodes a socket's audio frames; counts the samples and the silence at their end.

    `min_volume` turns frames whose loudest sample is quieter into silence.
    """

    def __init__(self, encoding: str, sample_rate: int, *, min_volume: float | None = None) -> None:
        self.decoder = PcmStreamDecoder(encoding)
        self.sample_rate = sample_rate
        self.min_volume = min_volume
        self.samples_received = 0
        self.sound_end = 0  # just after the last sample louder than QUIET (0: none yet)

    @property
    def quiet_samples(self) -> int:
        """Samples of silence at the end of the audio so far."""
        return self.samples_received - self.sound_end

    @property
    def duration_s(self) -> float:
        return self.samples_received / self.sample_rate

    def feed(self, data: bytes) -> array[float]:
        """The samples of one binary frame; raises ApiError (400) when it cannot be decoded."""
        try:
            samples = self.decoder.feed(data)
        except ValueError as exc:
            raise bad_request(f"The audio cannot be decoded: {exc}.") from None
        if self.min_volume is not None and samples and max(abs(v) for v in samples) < self.min_volume:
            samples = array("f", bytes(4 * len(samples)))
        loud = [i for i, v in enumerate(samples) if abs(v) >= QUIET]
        if loud:
            self.sound_end = self.samples_received + loud[-1] + 1
        self.samples_received += len(samples)
        return samples


class SttSocket:
    """One streaming STT connection; subclasses implement `configure` and `handle`."""

    def __init__(self, request: web.Request) -> None:
        self.request = request
        self.context = get_context(request)
        self.state = self.context.state
        self.session = WebSocketSession(request, idle_timeout=self.state.config.stt_idle_timeout, error_event=self._error_event)
        self.audio = AudioInput("pcm_s16le", 16000)

    def _error_event(self, error: ApiError, event: dict[str, Any] | None) -> dict[str, Any]:  # noqa: ARG002
        return error.stt_event(self.context.version, self.context.request_id)

    def configure(self) -> None:
        """Read the session settings from the query; raise ApiError when they are bad."""
        raise NotImplementedError

    async def started(self) -> None:
        """Called once the settings are accepted, before the first client message is read."""

    async def handle(self, message: str | bytes) -> bool:
        """Act on one client message; True when the session is over."""
        raise NotImplementedError

    async def run(self) -> web.WebSocketResponse:
        await self.session.open()
        try:
            try:
                self.configure()
            except ApiError as error:
                await self.send_error(error)
                await self.session.close(1008, error.title)
                return self.session.ws
            await self.started()
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
                if await self.handle(message):
                    return
            except StreamInterrupted:
                continue  # an injected error frame replaced a reply; the session goes on

    async def decode(self, data: bytes) -> array[float] | None:
        """The samples of an audio frame, or None after answering an undecodable one with an error."""
        try:
            return self.audio.feed(data)
        except ApiError as error:
            await self.send_error(error)
            return None

    async def send(self, event: dict[str, Any]) -> None:
        await self.session.send({**event, "request_id": self.context.request_id})

    async def send_error(self, error: ApiError) -> None:
        await self.session.send(self._error_event(error, None))
