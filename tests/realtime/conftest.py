from __future__ import annotations

import typing

import pytest

from .drivers import Shell


@pytest.fixture(params=["sync", "async"])
def shell(request: pytest.FixtureRequest) -> typing.Iterator[Shell]:
    """The same scenario through the sync client and through the async one."""
    shell = Shell(request.param)
    yield shell
    shell.close()
