"""``client.tts.get_output_format(name)`` and ``client.tts.infill(...)``, mixed into the generated TTS clients."""

from __future__ import annotations

import asyncio
import typing

import typing_extensions

from ..realtime.entry import AsyncTtsWebsocketMixin, TtsWebsocketMixin
from .audio_join import join_audio
from .infill import InfillArguments, infill_request, read_clip, upload_arguments
from .output_formats import get_output_format


class TtsHelpersMixin(TtsWebsocketMixin):
    """``get_output_format`` and ``infill`` beside the WebSocket methods."""

    get_output_format = staticmethod(get_output_format)

    def infill(self, **arguments: typing_extensions.Unpack[InfillArguments]) -> typing.Tuple[bytes, bytes]:
        """Speech for ``transcript`` that fits between two clips: ``(infill_audio, left + infill + right)``.

        Takes ``model_id``, ``language``, ``transcript``, ``voice``, ``output_format`` (wav or mp3,
        matching the clips, which are joined without ffmpeg) and ``left_audio_path`` and/or
        ``right_audio_path``.

        Example::

            infill, joined = client.tts.infill(
                model_id="sonic-2", language="en", transcript="in the middle",
                voice={"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
                output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000},
                left_audio_path="left.wav", right_audio_path="right.wav",
            )
        """
        from ..infill.client import InfillClient

        request = infill_request(arguments)
        left, right = read_clip(request.left_path), read_clip(request.right_path)
        audio = b"".join(InfillClient(client_wrapper=self._client_wrapper).bytes(**upload_arguments(request, left, right)))
        return audio, join_audio([left, audio, right], request.container)


class AsyncTtsHelpersMixin(AsyncTtsWebsocketMixin):
    """``get_output_format`` and ``await infill(...)`` beside the WebSocket methods."""

    get_output_format = staticmethod(get_output_format)

    async def infill(self, **arguments: typing_extensions.Unpack[InfillArguments]) -> typing.Tuple[bytes, bytes]:
        """Like the sync ``tts.infill``, awaited: ``infill, joined = await client.tts.infill(...)``."""
        from ..infill.client import AsyncInfillClient

        request = infill_request(arguments)
        loop = asyncio.get_running_loop()
        left = await loop.run_in_executor(None, read_clip, request.left_path)
        right = await loop.run_in_executor(None, read_clip, request.right_path)
        client = AsyncInfillClient(client_wrapper=self._client_wrapper)
        audio = b"".join([chunk async for chunk in client.bytes(**upload_arguments(request, left, right))])
        return audio, join_audio([left, audio, right], request.container)
