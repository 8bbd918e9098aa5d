from __future__ import annotations

import typing

import pytest

API_KEY = "sk_car_test_SECRET_0123456789"
BASE_URL = "https://api.test.cartesia.ai"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the developer's real configuration, nor the local server state they keep."""
    for name in ("CARTESIA_API_KEY", "CARTESIA_BASE_URL", "CARTESIA_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CARTESIA_STATE_DIR", str(tmp_path_factory.mktemp("state")))


class SleepRecorder:
    def __init__(self) -> None:
        self.delays: typing.List[float] = []

    def __call__(self, delay: float) -> None:
        self.delays.append(delay)

    async def async_sleep(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()
