"""The command's rough edges: bad options fail at once and clearly, signals clean up, output stays tidy."""

from __future__ import annotations

import io
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

from cartesia.cli import main
from cartesia.cli.progress import Progress, Status, live_line
from cartesia.cli.session import LOCAL_NOTE
from cartesia.server import LocalServer


@pytest.mark.parametrize(("option", "value", "message"), [("--timeout", "-1", "more than 0"), ("--timeout", "0", "more than 0"), ("--timeout", "abc", "not a number"), ("--base-url", "notaurl", "http://")])
def test_bad_connection_options_are_usage_errors_at_once(capsys: pytest.CaptureFixture[str], option: str, value: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(SystemExit) as raised:
        main(["voices", "list", option, value])
    assert raised.value.code == 2 and time.monotonic() - started < 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.startswith("usage: cartesia voices list")


def test_an_unknown_option_is_reported_by_its_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["tts", "hi", "-o", "x.wav", "--frobnicate"])
    err = capsys.readouterr().err
    assert err.startswith("usage: cartesia tts") and "unrecognized arguments: --frobnicate" in err


def test_options_that_do_not_apply_to_the_format_are_refused(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tts", "hi", "-o", str(tmp_path / "a.mp3"), "--encoding", "pcm_f32le", "--local"]) == 1
    assert "--encoding applies to wav and raw" in capsys.readouterr().err
    assert main(["tts", "hi", "-o", str(tmp_path / "a.wav"), "--bit-rate", "64000", "--local"]) == 1
    assert "--bit-rate applies to mp3" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_help_says_what_each_extension_means(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["tts", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert ".raw or .f32 (headerless 32-bit float PCM)" in help_text and ".pcm (headerless 16-bit PCM)" in help_text


def test_quiet_silences_the_local_server_notice(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("CARTESIA_")]:
        monkeypatch.delenv(name)
    assert main(["voices", "list", "--limit", "1", "-q"]) == 0
    assert LOCAL_NOTE not in capsys.readouterr().err
    assert main(["voices", "list", "--limit", "1"]) == 0
    assert LOCAL_NOTE in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_live_line_is_cleared_before_anything_else_is_printed() -> None:
    terminal = _Terminal()
    Progress("Synthesizing", stream=terminal).add(2048)
    assert terminal.getvalue() == "\r\x1b[KSynthesizing: 2.0 KiB"
    live_line.clear()
    assert terminal.getvalue().endswith("\r\x1b[K")
    live_line.clear()  # nothing shown: nothing written
    Status(stream=terminal).show("partial words")
    assert terminal.getvalue().endswith("\r\x1b[K… partial words")
    live_line.clear()


def test_sigterm_mid_download_leaves_no_partial_file(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "long.wav"
    with LocalServer(api_keys=["sk_term"]) as server:
        server.faults.delay_chunks(0.2, path="/tts/bytes")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARTESIA_")}
        process = subprocess.Popen(
            [sys.executable, "-m", "cartesia", "tts", "a long sentence that takes many chunks to stream " * 4, "-o", str(out),
             "--api-key", "sk_term", "--base-url", server.url],
            stderr=subprocess.PIPE, env=env,
        )
        deadline = time.monotonic() + 20
        partial = out.with_name(out.name + ".part")
        while not partial.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
        assert partial.exists(), "the download never started"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 143 and b"cartesia: terminated" in err
    assert not partial.exists() and not out.exists()
