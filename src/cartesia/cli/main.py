"""Argument parsing and error reporting for the ``cartesia`` command."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import typing

from ..core.api_error import ApiError, CartesiaError
from ..version import __version__
from . import commands
from .errors import UsageError
from .progress import live_line

DESCRIPTION = """\
Speak text, transcribe audio and manage voices with the Cartesia API.

With no API key configured (CARTESIA_API_KEY or --api-key), commands use a local server
built into the SDK, with a synthetic voice: no network and no account needed.
"""


def _seconds(text: str) -> float:
    """A positive number of seconds, for ``--timeout``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value


def _base_url(text: str) -> str:
    if not text.lower().startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"must start with http:// or https://, got {text!r}")
    return text


def _connection_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument("--api-key", help="API key (default: CARTESIA_API_KEY)")
    group.add_argument("--base-url", type=_base_url, help="API base URL (default: CARTESIA_BASE_URL, else https://api.cartesia.ai)")
    group.add_argument("--local", action="store_true", help="use the built-in local server instead of the API")
    group.add_argument(
        "--engine",
        choices=("auto", "espeak", "synthetic"),
        default="auto",
        help="the built-in server's voice: auto (eSpeak NG when cartesia[speech] is installed, else synthetic), "
        "espeak, or synthetic (tones that its speech-to-text reads back exactly, for tests)",
    )
    group.add_argument(
        "--state",
        metavar="DIR",
        help="where the built-in server keeps the voices you make between commands "
        "(default: CARTESIA_STATE_DIR, else the per-user state directory)",
    )
    group.add_argument("--cartesia-version", help="the Cartesia-Version header to send")
    group.add_argument("--timeout", type=_seconds, default=60.0, help="seconds to wait for the API (default: 60)")
    group.add_argument("-q", "--quiet", action="store_true", help="print no progress or summary")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cartesia", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cartesia {__version__}")
    common = _connection_options()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    tts = sub.add_parser("tts", parents=[common], help="speak text into an audio file", description="Speak TEXT into an audio file.")
    tts.add_argument("text", metavar="TEXT", help="what to say, or - to read it from standard input")
    tts.add_argument(
        "-o",
        "--output",
        help="audio file to write, or - for standard output; the extension sets the format: .wav, .mp3, "
        ".pcm (headerless 16-bit PCM), .raw or .f32 (headerless 32-bit float PCM), .ulaw, .alaw (8 kHz)",
    )
    tts.add_argument("--voice", default=commands.DEFAULT_VOICE, help="voice id (default: %(default)s)")
    tts.add_argument("--model", default="sonic-2", help="model id (default: %(default)s)")
    tts.add_argument("--language", default="en", help="language code (default: %(default)s)")
    tts.add_argument("--container", choices=("wav", "mp3", "raw"), help="audio container (default: from the file extension)")
    tts.add_argument("--encoding", choices=("pcm_s16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw"), help="sample encoding for wav and raw (not mp3)")
    tts.add_argument("--sample-rate", type=int, help="sample rate in Hz (default: 44100; 8000 for .ulaw/.alaw)")
    tts.add_argument("--bit-rate", type=int, help="bit rate for mp3 (default: 128000)")
    tts.set_defaults(run=commands.tts, parser=tts)

    voices = sub.add_parser("voices", help="list, show, clone and delete voices")
    voice_commands = voices.add_subparsers(dest="voices_command", metavar="ACTION", required=True)
    listing = voice_commands.add_parser("list", parents=[common], help="list voices")
    listing.add_argument("--limit", type=int, default=50, help="most voices to show (default: %(default)s)")
    listing.add_argument("--owner", action="store_true", help="only your own voices")
    listing.add_argument("--gender", choices=("masculine", "feminine", "gender_neutral"))
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(run=commands.voices_list, parser=listing)
    get = voice_commands.add_parser("get", parents=[common], help="show one voice")
    get.add_argument("id")
    get.add_argument("--json", action="store_true")
    get.set_defaults(run=commands.voices_get, parser=get)
    clone = voice_commands.add_parser("clone", parents=[common], help="clone a voice from an audio clip")
    clone.add_argument("file", help="audio clip of the voice (about 5 s for similarity, 10-20 s for stability)")
    clone.add_argument("--name", required=True)
    clone.add_argument("--language", default="en")
    clone.add_argument("--mode", choices=("similarity", "stability"), default="similarity")
    clone.add_argument("--description")
    clone.add_argument("--enhance", action="store_true", help="clean up background noise first")
    clone.add_argument("--json", action="store_true")
    clone.set_defaults(run=commands.voices_clone, parser=clone)
    delete = voice_commands.add_parser("delete", parents=[common], help="delete one of your voices")
    delete.add_argument("id")
    delete.set_defaults(run=commands.voices_delete, parser=delete)

    stt = sub.add_parser("stt", parents=[common], help="transcribe an audio file", description="Transcribe FILE, with word timings.")
    stt.add_argument("file", metavar="FILE", help="audio file (wav, mp3, flac, ...; raw PCM with --encoding and --sample-rate)")
    stt.add_argument("--model", default="ink-whisper", help="model (default: %(default)s)")
    stt.add_argument("--language", default="en", help="language code (default: %(default)s)")
    stt.add_argument("--encoding", choices=("pcm_s16le", "pcm_s32le", "pcm_f16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw"))
    stt.add_argument("--sample-rate", type=int)
    stt.add_argument("--json", action="store_true", help="print the whole response as JSON (with --stream: one JSON object per message)")
    stream = stt.add_argument_group("streaming")
    stream.add_argument("--stream", action="store_true", help="stream FILE (wav or raw PCM) over the STT WebSocket, printing partial transcripts as they arrive")
    stream.add_argument("--realtime", action="store_true", help="with --stream: send the audio at the pace of real time, as a live caller would")
    stream.add_argument("--frame-ms", type=float, default=20.0, help="with --stream: milliseconds of audio per frame (default: %(default)g)")
    stt.set_defaults(run=commands.stt, parser=stt)

    local = sub.add_parser("local", help="the built-in local server's saved state")
    local_commands = local.add_subparsers(dest="local_command", metavar="ACTION", required=True)
    reset = local_commands.add_parser("reset", help="forget the voices the built-in server kept")
    reset.add_argument("--state", metavar="DIR", help="the state directory (default: CARTESIA_STATE_DIR, else the per-user one)")
    reset.add_argument("-q", "--quiet", action="store_true")
    reset.set_defaults(run=commands.local_reset, parser=reset)

    serve = sub.add_parser("serve", help="run the local Cartesia-compatible server", description="Serve the Cartesia API locally.")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    serve.add_argument(
        "--engine",
        choices=("auto", "espeak", "synthetic"),
        default="auto",
        help="speech engine: auto (eSpeak NG when cartesia[speech] is installed, else synthetic), espeak, synthetic",
    )
    serve.add_argument("--api-key", dest="server_api_key", action="append", help="accept only this key (repeatable; default: any key)")
    serve.add_argument("--state", metavar="DIR", help="load voices from DIR and save them there on exit (default: keep nothing)")
    serve.set_defaults(run=commands.serve, parser=serve)
    return parser


def _parse(argv: typing.Optional[typing.Sequence[str]]) -> argparse.Namespace:
    """The arguments; an unknown option is reported with the usage of the command it was given to."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        command = getattr(args, "parser", parser)
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def _terminated(signum: int, frame: object) -> None:  # noqa: ARG001
    raise _Terminated()


class _Terminated(Exception):
    """SIGTERM, raised where the command is so that its clean-up (a partial file) runs."""


def main(argv: typing.Optional[typing.Sequence[str]] = None) -> int:
    """Run the command; errors print one line on stderr and give a non-zero exit code."""
    args = _parse(argv)
    previous = signal.signal(signal.SIGTERM, _terminated) if threading.current_thread() is threading.main_thread() else None
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        live_line.clear()
        print("cartesia: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        live_line.clear()
        print("cartesia: terminated", file=sys.stderr)
        return 143
    except (UsageError, CartesiaError, OSError) as error:
        live_line.clear()
        print(f"cartesia: error: {_describe(error)}", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _describe(error: BaseException) -> str:
    if isinstance(error, ApiError) and error.status_code == 401:
        return f"{error} (check the API key)"
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error}: {error.filename}"
    return " ".join(str(error).split()) or type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
