"""The local server's state on disk: voices outlive the process when a state directory is given."""

from __future__ import annotations

import pathlib

import pytest

from cartesia.server import LocalServer
from cartesia.server.persistence import VOICES_FILE, default_state_dir


def test_voices_are_saved_on_stop_and_loaded_by_the_next_server(tmp_path: pathlib.Path) -> None:
    with LocalServer(state_dir=tmp_path) as first:
        first.voices.create("Saved voice", voice_id="v-saved", description="kept", language="fr")
        seeded = len(first.voices)
    assert (tmp_path / VOICES_FILE).exists()
    second = LocalServer(state_dir=tmp_path)
    voice = second.voices.get("v-saved")
    assert voice is not None and (voice.name, voice.description, voice.language, voice.is_owner) == ("Saved voice", "kept", "fr", True)
    assert len(second.voices) == seeded and isinstance(voice.embedding, tuple) and voice.embedding


def test_without_a_state_directory_nothing_is_kept(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with LocalServer() as server:
        server.voices.create("Gone", voice_id="v-gone")
    assert LocalServer().voices.get("v-gone") is None and not list(tmp_path.iterdir())


def test_a_damaged_state_file_is_a_clear_error(tmp_path: pathlib.Path) -> None:
    (tmp_path / VOICES_FILE).write_text("{not json")
    with pytest.raises(ValueError, match="cartesia local reset"):
        LocalServer(state_dir=tmp_path)
    (tmp_path / VOICES_FILE).write_text('{"format": 99, "voices": []}')
    with pytest.raises(ValueError, match="not a state file of this version"):
        LocalServer(state_dir=tmp_path)


def test_the_default_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    monkeypatch.setenv("CARTESIA_STATE_DIR", str(tmp_path / "explicit"))
    assert default_state_dir() == tmp_path / "explicit"
    monkeypatch.delenv("CARTESIA_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert default_state_dir() == tmp_path / "xdg" / "cartesia"
