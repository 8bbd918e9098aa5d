"""The package surface: 2.x import paths, lazy loading, and names visible to type checkers."""

from __future__ import annotations

import ast
import importlib
import json
import pathlib
import subprocess
import sys
import typing

import pytest

import cartesia

from .v2_public_names import EXPORTS, MODULES

SRC = pathlib.Path(cartesia.__file__).parent

@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_2x_module_path_imports(module: str) -> None:
    importlib.import_module(module)


@pytest.mark.parametrize("package", sorted(EXPORTS))
def test_every_2x_exported_name_resolves(package: str) -> None:
    module = importlib.import_module(package)
    for name in EXPORTS[package]:
        assert getattr(module, name) is not None, f"{package}.{name}"
        assert name in dir(module)


def test_integration_import_paths() -> None:
    from cartesia.core.pagination import SyncPager
    from cartesia.core.request_options import RequestOptions
    from cartesia.stt.types.stt_encoding import SttEncoding
    from cartesia.tts.requests.generation_config import GenerationConfigParams
    from cartesia.tts.types import OutputFormat_Raw, WebSocketResponse_Chunk

    assert SyncPager and RequestOptions and SttEncoding and GenerationConfigParams
    assert OutputFormat_Raw(encoding="pcm_f32le", sample_rate=44100).container == "raw"
    assert WebSocketResponse_Chunk(data="", step_time=1.0, status_code=206, done=False).type == "chunk"


def _run(code: str) -> typing.Any:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_import_cartesia_loads_no_resource_type_or_http_module() -> None:
    loaded = _run(
        "import sys, json; before = set(sys.modules); import cartesia; "
        "print(json.dumps(sorted(m for m in set(sys.modules) - before)))"
    )
    own = [m for m in loaded if m.startswith("cartesia")]
    assert own == ["cartesia", "cartesia.core", "cartesia.core.lazy", "cartesia.version"]
    assert not any(m.split(".")[0] in ("httpx", "pydantic", "websockets") for m in loaded)


def test_resources_load_on_first_use() -> None:
    loaded = _run(
        "import sys, json; from cartesia import Cartesia; c = Cartesia(api_key='k'); "
        "a = sorted(m for m in sys.modules if m.startswith('cartesia.') and '.types' in m); c.voices; "
        "b = sorted(m for m in sys.modules if m.startswith('cartesia.tts')); c.tts; "
        "print(json.dumps([a, b, 'cartesia.tts.client' in sys.modules]))"
    )
    assert loaded[0] == []  # constructing the client loads no type module
    assert not any(m.endswith(".client") for m in loaded[1])  # voices did not load the tts client
    assert loaded[2] is True


def _type_checking_names(path: pathlib.Path) -> typing.Set[str]:
    tree = ast.parse(path.read_text())
    names: typing.Set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in statement.names)
    return names


@pytest.mark.parametrize("package", sorted(EXPORTS))
def test_type_checkers_see_every_lazy_name(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__file__ is not None
    visible = _type_checking_names(pathlib.Path(module.__file__))
    for name in getattr(module, "__all__", []):
        if name != "__version__":
            assert name in visible, f"{package}.{name} is invisible to type checkers"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        cartesia.Nope  # noqa: B018
    with pytest.raises(ImportError):
        from cartesia.tts import Nope  # type: ignore[attr-defined]  # noqa: F401


def test_version() -> None:
    from cartesia.version import __version__

    assert cartesia.__version__ == __version__
    assert __version__.count(".") == 2
