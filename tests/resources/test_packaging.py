"""What the distribution ships beside the code: the licence and the runtime requirements."""

from __future__ import annotations

import pathlib
import sys
import typing

ROOT = pathlib.Path(__file__).resolve().parents[2]

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.9 and 3.10: read the one list by hand
    tomllib = None


def _pyproject_dependencies() -> typing.List[str]:
    text = (ROOT / "pyproject.toml").read_text()
    if tomllib is not None:
        return list(tomllib.loads(text)["project"]["dependencies"])
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    return [line.strip().strip(",").strip('"') for line in block.splitlines() if line.strip()]


def test_requirements_txt_lists_the_runtime_dependencies_of_pyproject() -> None:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    requirements = [line for line in lines if line and not line.startswith("#")]
    assert requirements == _pyproject_dependencies()


def test_the_licence_named_in_the_metadata_ships() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in text
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    sdist = text.split("[tool.hatch.build.targets.sdist]", 1)[1].split("\n\n", 1)[0]
    for name in ("requirements.txt", "LICENSE", "README.md"):
        assert f'"{name}"' in sdist and (ROOT / name).exists()
