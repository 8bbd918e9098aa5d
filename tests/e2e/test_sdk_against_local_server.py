"""The SDK, sync and async, against the local server: every endpoint, with the audio parsed and checked."""

from __future__ import annotations

import base64
import inspect
import io
import struct
import typing
import wave

import pytest

from cartesia import AsyncCartesia, AuthenticationError, BadRequestError, Cartesia, NotFoundError, PermissionDeniedError
from cartesia.server import LocalServer

VOICE_ID = "694f9389-aac1-45b6-b726-9d9369183238"
VOICE = {"mode": "id", "id": VOICE_ID}
SENTENCE = "Hello world, this is a local test."


class Sdk:
    """One interface over a sync or async client pointed at the server."""

    def __init__(self, kind: str, server: LocalServer, **options: typing.Any) -> None:
        options.setdefault("api_key", server.api_key)
        self.client: typing.Union[Cartesia, AsyncCartesia] = (
            Cartesia(base_url=server.url, **options) if kind == "sync" else AsyncCartesia(base_url=server.url, **options)
        )

    async def call(self, name: str, /, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        resource, method = name.split(".")
        result = getattr(getattr(self.client, resource), method)(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result

    async def collect(self, name: str, /, *args: typing.Any, **kwargs: typing.Any) -> typing.List[typing.Any]:
        result = await self.call(name, *args, **kwargs)
        if hasattr(result, "__aiter__"):
            return [item async for item in result]
        return list(result)

    async def audio(self, name: str, /, **kwargs: typing.Any) -> bytes:
        return b"".join(await self.collect(name, **kwargs))

    async def aclose(self) -> None:
        if isinstance(self.client, AsyncCartesia):
            await self.client.aclose()
        else:
            self.client.close()


@pytest.fixture(params=["sync", "async"])
async def sdk(request: pytest.FixtureRequest, cartesia_server: LocalServer) -> typing.AsyncIterator[Sdk]:
    client = Sdk(request.param, cartesia_server)
    yield client
    await client.aclose()


def mp3_frames(data: bytes) -> typing.List[typing.Tuple[int, int, int]]:
    """(MPEG version id, bit rate index, sample rate index) of every frame, walking frame by frame."""
    bit_rates = {3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], 2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]}
    rates = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}
    frames, offset = [], 0
    while offset + 4 <= len(data):
        header = struct.unpack(">I", data[offset : offset + 4])[0]
        assert header >> 21 == 0x7FF, f"no frame sync at byte {offset}"
        version, layer = (header >> 19) & 3, (header >> 17) & 3
        assert layer == 1, "not Layer III"
        bit_index, rate_index, padding = (header >> 12) & 15, (header >> 10) & 3, (header >> 9) & 1
        kbps = bit_rates[3 if version == 3 else 2][bit_index]
        rate = rates[version][rate_index]
        length = (144 if version == 3 else 72) * kbps * 1000 // rate + padding
        frames.append((version, bit_index, rate))
        offset += length
    assert offset == len(data), "trailing bytes after the last frame"
    return frames


async def test_api_status(sdk: Sdk) -> None:
    info = await sdk.call("api_status.get")
    assert info.ok is True and info.version


async def test_tts_bytes_wav_is_valid_and_as_long_as_its_words(sdk: Sdk) -> None:
    audio = await sdk.audio(
        "tts.bytes", model_id="sonic-2", transcript=SENTENCE, voice=VOICE,
        output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}, language="en",
    )
    with wave.open(io.BytesIO(audio)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
        frames = wav.getnframes()
        assert len(wav.readframes(frames)) == frames * 2
    assert 0.5 < frames / 16000 < 10  # speech for seven words, not silence or a stub


@pytest.mark.parametrize(("encoding", "width"), [("pcm_f32le", 4), ("pcm_s16le", 2), ("pcm_mulaw", 1), ("pcm_alaw", 1)])
@pytest.mark.parametrize("rate", [8000, 16000, 22050, 24000, 44100, 48000])
async def test_tts_bytes_raw_sample_counts(cartesia_server: LocalServer, encoding: str, width: int, rate: int) -> None:
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        _check_raw(client, encoding, width, rate)


def _check_raw(client: Cartesia, encoding: str, width: int, rate: int) -> None:
    events = list(client.tts.sse(model_id="sonic-2", transcript="one two", voice=VOICE, output_format={"container": "raw", "encoding": encoding, "sample_rate": rate}, add_timestamps=True))
    audio = b"".join(base64.b64decode(e.data) for e in events if e.type == "chunk")
    assert len(audio) % width == 0
    samples = len(audio) // width
    stamps = [e.word_timestamps for e in events if e.type == "timestamps"]
    ends = [end for s in stamps for end in s.end]
    assert ends and max(ends) <= samples / rate + 1e-6  # timestamps lie within the audio
    raw = b"".join(client.tts.bytes(model_id="sonic-2", transcript="one two", voice=VOICE, output_format={"container": "raw", "encoding": encoding, "sample_rate": rate}))
    assert len(raw) == len(audio)  # bytes and SSE agree on the same synthesis


@pytest.mark.parametrize(("rate", "bit_rate"), [(44100, 128000), (48000, 192000), (22050, 64000), (16000, 32000), (24000, 96000)])
async def test_tts_bytes_mp3_is_whole_mpeg_frames(sdk: Sdk, rate: int, bit_rate: int) -> None:
    audio = await sdk.audio("tts.bytes", model_id="sonic-2", transcript=SENTENCE, voice=VOICE, output_format={"container": "mp3", "sample_rate": rate, "bit_rate": bit_rate})
    frames = mp3_frames(audio)
    assert len(frames) > 10
    assert {frame[2] for frame in frames} == {rate}


async def test_tts_sse_events_and_word_timestamps(sdk: Sdk) -> None:
    events = await sdk.collect(
        "tts.sse", model_id="sonic-2", transcript=SENTENCE, voice=VOICE, context_id="ctx-1",
        output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000}, add_timestamps=True, add_phoneme_timestamps=True,
    )
    kinds = [e.type for e in events]
    assert kinds[-1] == "done" and "chunk" in kinds and "timestamps" in kinds and "phoneme_timestamps" in kinds
    assert all(e.context_id == "ctx-1" for e in events)
    words = [w for e in events if e.type == "timestamps" for w in e.word_timestamps.words]
    assert " ".join(words) == SENTENCE


async def test_synthetic_speech_round_trips_through_stt(sdk: Sdk) -> None:
    audio = await sdk.audio("tts.bytes", model_id="sonic-2", transcript=SENTENCE, voice=VOICE, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000})
    result = await sdk.call("stt.transcribe", file=("speech.wav", audio, "audio/wav"), model="ink-whisper", language="en", timestamp_granularities=["word"])
    assert result.text == SENTENCE
    assert [w.word for w in result.words] == SENTENCE.split()
    assert all(a.end <= b.start for a, b in zip(result.words, result.words[1:]))
    raw = await sdk.audio("tts.bytes", model_id="sonic-2", transcript="raw input", voice=VOICE, output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000})
    result = await sdk.call("stt.transcribe", file=raw, model="ink-whisper", encoding="pcm_s16le", sample_rate=16000)
    assert result.text == "raw input"


async def test_voices_crud_and_pagination(sdk: Sdk, cartesia_server: LocalServer, tmp_path: typing.Any) -> None:
    first = await sdk.call("voices.get", VOICE_ID)
    assert first.name
    listed = await sdk.collect("voices.list", limit=2)
    assert len(listed) == len({v.id for v in listed}) >= 3  # more than one page, no repeats
    clip = tmp_path / "me.wav"
    clip.write_bytes(await sdk.audio("tts.bytes", model_id="sonic-2", transcript="my own voice sample", voice=VOICE, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}))
    cloned = await sdk.call("voices.clone", clip=clip, name="Me", language="en", mode="similarity", description="clone", enhance=True)
    assert cloned.name == "Me" and not cloned.is_public
    mine = await sdk.collect("voices.list", is_owner=True)
    assert cloned.id in [v.id for v in mine]
    updated = await sdk.call("voices.update", cloned.id, name="Me 2", description="renamed")
    assert updated.name == "Me 2"
    localized = await sdk.call("voices.localize", voice_id=cloned.id, name="Yo", description="es", language="es", original_speaker_gender="male", dialect="mx")
    assert localized.language == "es"
    mixed = await sdk.call("voices.mix", voices=[{"id": VOICE_ID, "weight": 0.5}, {"id": cloned.id, "weight": 0.5}])
    assert len(mixed.embedding) == 192
    created = await sdk.call("voices.create", name="Mixed", description="mix", embedding=mixed.embedding, language="en")
    assert created.name == "Mixed"
    await sdk.call("voices.delete", cloned.id)
    with pytest.raises(NotFoundError):
        await sdk.call("voices.get", cloned.id)


async def test_voice_changer_and_infill(sdk: Sdk) -> None:
    clip = await sdk.audio("tts.bytes", model_id="sonic-2", transcript="change my voice", voice=VOICE, output_format={"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000})
    changed = await sdk.audio("voice_changer.bytes", clip=("in.wav", clip), voice_id=VOICE_ID, output_format_container="wav", output_format_sample_rate=16000, output_format_encoding="pcm_s16le")
    with wave.open(io.BytesIO(changed)) as wav:
        assert wav.getframerate() == 16000 and wav.getnframes() > 0
    events = await sdk.collect("voice_changer.sse", clip=("in.wav", clip), voice_id=VOICE_ID, output_format_container="raw", output_format_sample_rate=16000, output_format_encoding="pcm_f32le")
    assert events[-1].type == "done" and any(e.type == "chunk" for e in events)
    filled = await sdk.audio(
        "infill.bytes", left_audio=("l.wav", clip), right_audio=("r.wav", clip), model_id="sonic-2", language="en", transcript="in between",
        voice_id=VOICE_ID, output_format_container="wav", output_format_sample_rate=16000, output_format_encoding="pcm_s16le",
        voice_experimental_controls_speed="slow", voice_experimental_controls_emotion=["positivity:high"],
    )
    with wave.open(io.BytesIO(filled)) as wav:
        assert wav.getnframes() > 0


async def test_access_tokens_are_honoured_per_grant(cartesia_server: LocalServer) -> None:
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as admin:
        token = admin.auth.access_token(grants={"tts": True}, expires_in=60).token
    async with AsyncCartesia(token=token, base_url=cartesia_server.url) as user:
        audio = b"".join([c async for c in user.tts.bytes(model_id="sonic-2", transcript="hi", voice=VOICE, output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000})])
        assert audio
        with pytest.raises(AuthenticationError, match="Access tokens are not accepted"):  # voices need an API key
            await user.voices.get(VOICE_ID)
        with pytest.raises(PermissionDeniedError):  # nor speech-to-text without the stt grant
            await user.stt.transcribe(file=b"RIFF", model="ink-whisper")


async def test_wrong_key_and_bad_input_are_rejected_like_the_service(cartesia_server: LocalServer) -> None:
    with LocalServer(api_keys=["sk_right"]) as strict, Cartesia(api_key="sk_wrong", base_url=strict.url) as wrong:
        with pytest.raises(AuthenticationError) as info:
            wrong.voices.get(VOICE_ID)
        assert info.value.request_id
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url) as client:
        with pytest.raises(BadRequestError) as bad:
            list(client.tts.bytes(model_id="sonic-2", transcript="hi", voice=VOICE, output_format={"container": "raw", "encoding": "pcm_s16le", "sample_rate": 12345}))
        assert "sample" in str(bad.value).lower()
        assert isinstance(bad.value.body, str)  # the text style of versions before 2026-03-01
    with Cartesia(api_key=cartesia_server.api_key, base_url=cartesia_server.url, cartesia_version="2026-03-01") as modern:
        with pytest.raises(NotFoundError) as missing:
            modern.voices.get("00000000-0000-4000-8000-000000000000")
        assert missing.value.title and missing.value.message and missing.value.request_id
