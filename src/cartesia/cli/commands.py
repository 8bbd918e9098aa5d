"""What each subcommand does, given parsed arguments."""

from __future__ import annotations

import os
import pathlib
import sys
import typing

from .errors import UsageError
from .formats import choose_format
from .progress import Progress, Status, size_text
from .session import open_client, state_dir

if typing.TYPE_CHECKING:
    import argparse

    from ..voices.types.voice import Voice

DEFAULT_VOICE = "694f9389-aac1-45b6-b726-9d9369183238"  # "Barbershop Man", a public voice


def tts(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise UsageError("nothing to say: the text is empty")
    output = args.output
    if output in (None, "-") and sys.stdout.isatty():
        raise UsageError("give -o FILE: audio would garble the terminal (use -o - to force standard output)")
    fmt = choose_format(output, container=args.container, encoding=args.encoding, sample_rate=args.sample_rate, bit_rate=args.bit_rate)
    to_stdout = output in (None, "-")
    label = "standard output" if to_stdout else output
    progress = Progress(f"Synthesizing to {label}", quiet=args.quiet)
    with open_client(args) as client:
        chunks = client.tts.bytes(
            model_id=args.model,
            transcript=text,
            voice={"mode": "id", "id": args.voice},
            output_format=fmt.as_params(),  # type: ignore[arg-type]
            language=args.language,
        )
        if to_stdout:
            sink = sys.stdout.buffer
            for chunk in chunks:
                sink.write(chunk)
                sink.flush()
                progress.add(len(chunk))
        else:
            _write_atomically(pathlib.Path(output), chunks, progress)
    seconds = fmt.seconds(progress.total)
    length = f", {seconds:.1f} s of audio" if seconds is not None else ""
    progress.finish(f"Wrote {label} ({size_text(progress.total)}, {fmt.container}{length})")
    return 0


def _write_atomically(path: pathlib.Path, chunks: typing.Iterable[bytes], progress: Progress) -> None:
    """Stream into ``<path>.part`` and rename it at the end, so a failure leaves no half-written file."""
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                progress.add(len(chunk))
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()


def _voice_line(voice: Voice) -> str:
    return f"{voice.id}  {voice.language:<3}  {voice.name}"


def voices_list(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        pager = client.voices.list(limit=min(args.limit, 100), is_owner=True if args.owner else None, gender=args.gender)
        for count, voice in enumerate(pager, start=1):
            print(voice.json() if args.json else _voice_line(voice))
            if count >= args.limit:
                break
    return 0


def voices_get(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        voice = client.voices.get(args.id)
    print(voice.json() if args.json else f"{_voice_line(voice)}\n{voice.description}")
    return 0


def _given(**options: typing.Any) -> typing.Dict[str, typing.Any]:
    """The options that were given: a None argument would be sent as an empty field."""
    return {name: value for name, value in options.items() if value is not None}


def voices_clone(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        voice = client.voices.clone(
            clip=args.file,
            name=args.name,
            language=args.language,
            mode=args.mode,
            **_given(description=args.description, enhance=args.enhance or None),
        )
    print(voice.json() if args.json else f"{voice.id}  {voice.language:<3}  {voice.name}")
    return 0


def voices_delete(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        client.voices.delete(args.id)
    if not args.quiet:
        print(f"Deleted voice {args.id}", file=sys.stderr)
    return 0


def stt(args: argparse.Namespace) -> int:
    path = pathlib.Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such audio file: {args.file}")
    if args.stream:
        return _stt_stream(args, path)
    with open_client(args) as client:
        result = client.stt.transcribe(
            file=path,
            model=args.model,
            language=args.language,
            encoding=args.encoding,
            sample_rate=args.sample_rate,
            timestamp_granularities=["word"],
        )
    if args.json:
        print(result.json())
        return 0
    print(result.text)
    for word in result.words or []:
        print(f"{word.start:8.2f} {word.end:8.2f}  {word.word}")
    return 0


def _stt_stream(args: argparse.Namespace, path: pathlib.Path) -> int:
    """Final transcripts on standard output as they settle; partial ones on the terminal's status line."""
    from ..realtime.frames import frames_of

    frames = frames_of(path, frame_ms=args.frame_ms, realtime=args.realtime, encoding=args.encoding, sample_rate=args.sample_rate)
    status = Status(quiet=args.quiet or args.json)
    with open_client(args) as client:
        ws = client.stt.websocket(model=args.model, language=args.language, encoding=frames.encoding, sample_rate=frames.sample_rate)
        try:
            for result in ws.transcribe(frames):
                if args.json:
                    print(result.json(), flush=True)
                elif result["type"] == "transcript" and result["is_final"]:
                    status.clear()
                    print(result["text"].strip(), flush=True)
                elif result["type"] == "transcript":
                    status.show(result["text"].strip())
        finally:
            status.clear()
            ws.close()
    return 0


def local_reset(args: argparse.Namespace) -> int:
    from ..server.persistence import reset

    directory = state_dir(args)
    forgotten = reset(directory)
    if not args.quiet:
        print(f"Forgot the local server's voices in {directory}" if forgotten else f"Nothing saved in {directory}", file=sys.stderr)
    return 0


def serve(args: argparse.Namespace) -> int:
    from ..server import serve as run_server  # lazy: aiohttp loads only when the server starts

    try:
        run_server(args.host, args.port, api_keys=args.server_api_key or None, engine=args.engine, state_dir=args.state)
    except ImportError as exc:  # the server or speech extra is missing; the message names it
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # e.g. the espeak engine without the speech extra
        raise UsageError(str(exc)) from None
    return 0
