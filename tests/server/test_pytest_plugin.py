"""The pytest plugin as users get it: installed with the package (a `pytest11` entry point), so a
test file only has to ask for `cartesia_server`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

USER_TEST = '''
import httpx

def test_user_code_talks_to_the_local_server(cartesia_server):
    response = httpx.get(cartesia_server.url + "/voices", headers={"X-API-Key": cartesia_server.api_key, "Cartesia-Version": "2024-11-13"})
    assert response.status_code == 200
    assert cartesia_server.requests.last().path == "/voices"

def test_each_test_gets_a_fresh_server(cartesia_server):
    assert len(cartesia_server.requests) == 0
'''


def _run_pytest(directory: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *extra, str(directory)],
        capture_output=True,
        text=True,
        cwd=directory,
        timeout=120,
    )


def test_the_fixture_in_a_users_test_file(tmp_path):
    (tmp_path / "test_user.py").write_text(USER_TEST)
    result = _run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_options_fixture_configures_the_server(tmp_path):
    (tmp_path / "conftest.py").write_text("import pytest\n\n@pytest.fixture\ndef cartesia_server_options():\n    return {'api_keys': ['sk_custom']}\n")
    (tmp_path / "test_keys.py").write_text("def test_key(cartesia_server):\n    assert cartesia_server.api_key == 'sk_custom'\n")
    result = _run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_aiohttp_the_fixture_fails_with_the_install_command(tmp_path):
    (tmp_path / "conftest.py").write_text("import sys\n\nsys.modules['aiohttp'] = None  # as if it were not installed\n")
    (tmp_path / "test_user.py").write_text("def test_needs_server(cartesia_server):\n    pass\n")
    result = _run_pytest(tmp_path)
    assert result.returncode == 1
    assert 'pip install "cartesia[server]"' in result.stdout
    assert "1 error" in result.stdout


def test_importing_the_package_and_plugin_does_not_import_aiohttp():
    code = textwrap.dedent(
        """
        import sys
        import cartesia.server, cartesia.server.pytest_plugin
        from cartesia.server import LocalServer, serve
        assert "aiohttp" not in sys.modules, "aiohttp imported too early"
        server = LocalServer()
        assert "aiohttp" not in sys.modules
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_fixture_in_this_suite(cartesia_server):
    assert httpx.get(cartesia_server.url + "/").json()["ok"] is True
