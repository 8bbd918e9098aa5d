"""pytest plugin: the `cartesia_server` fixture, a running LocalServer that is fresh for every test.

Enable it with the `pytest11` entry point of `cartesia[server]`, or `pytest_plugins =
["cartesia.server.pytest_plugin"]` in a conftest. Override the `cartesia_server_options`
fixture to pass LocalServer options (for example `{"api_keys": ["sk_test"]}`).

Importing this module does not import aiohttp; without it the fixture fails with the command
that installs it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .runner import LocalServer

INSTALL_HINT = 'The cartesia_server fixture needs the server extra: pip install "cartesia[server]"'


@pytest.fixture
def cartesia_server_options() -> dict[str, Any]:
    """Keyword arguments for the LocalServer behind `cartesia_server`; override to change them."""
    return {}


@pytest.fixture
def cartesia_server(cartesia_server_options: dict[str, Any]) -> Iterator[LocalServer]:
    """A running local Cartesia server (its `url`, `ws_url`, `api_key`, `requests`, `faults`, `voices`)."""
    if importlib.util.find_spec("aiohttp") is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    from .runner import LocalServer

    with LocalServer(**cartesia_server_options) as server:
        yield server
