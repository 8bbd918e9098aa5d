"""The local server's state on disk, so that what a caller made (voices) outlives one process.

`LocalServer(state_dir=...)` loads `voices.json` from the directory when it is built and writes it
back, atomically, when it stops. The `cartesia` command keeps its embedded server's state in a
per-user directory (`default_state_dir()`); the pytest fixture and `LocalServer()` keep none.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import sys
from typing import Any

from .voice_store import Voice, VoiceStore

VOICES_FILE = "voices.json"
_FORMAT = 1


def default_state_dir() -> pathlib.Path:
    """`$CARTESIA_STATE_DIR`, else the platform's per-user state directory, under `cartesia`."""
    explicit = os.environ.get("CARTESIA_STATE_DIR")
    if explicit:
        return pathlib.Path(explicit).expanduser()
    if sys.platform == "win32":
        base = pathlib.Path(os.environ.get("LOCALAPPDATA") or pathlib.Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = pathlib.Path.home() / "Library" / "Application Support"
    else:
        base = pathlib.Path(os.environ.get("XDG_STATE_HOME") or pathlib.Path.home() / ".local" / "state")
    return base / "cartesia"


def load_voices(directory: pathlib.Path, store: VoiceStore) -> bool:
    """Replace the store's voices with the saved ones; False when nothing was saved yet."""
    path = directory / VOICES_FILE
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        raise ValueError(f"the local server's state in {path} cannot be read ({exc}); `cartesia local reset` starts afresh") from None
    if not isinstance(saved, dict) or saved.get("format") != _FORMAT or not isinstance(saved.get("voices"), list):
        raise ValueError(f"{path} is not a state file of this version; `cartesia local reset` starts afresh")
    fields = {f.name for f in dataclasses.fields(Voice)}
    voices = []
    for entry in saved["voices"]:
        values: dict[str, Any] = {k: v for k, v in entry.items() if k in fields}
        values["embedding"] = tuple(values.get("embedding", ()))
        voices.append(Voice(**values))
    store.replace_all(voices)
    return True


def save_voices(directory: pathlib.Path, store: VoiceStore) -> None:
    """Write the store's voices, atomically (a reader never sees half a file)."""
    directory.mkdir(parents=True, exist_ok=True)
    data = {"format": _FORMAT, "voices": [dataclasses.asdict(voice) for voice in store.all()]}
    path = directory / VOICES_FILE
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def reset(directory: pathlib.Path) -> bool:
    """Forget the saved state; True when there was some."""
    path = directory / VOICES_FILE
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
