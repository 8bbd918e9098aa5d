"""Headless Chromium driven over the DevTools protocol, with the `websockets` library the SDK already needs."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import typing
import urllib.request

from websockets.sync.client import ClientConnection, connect

_LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


def find_chromium() -> typing.Optional[str]:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Page:
    def __init__(self, url: str) -> None:
        self._socket: ClientConnection = connect(url, max_size=None).__enter__()  # closed by close()
        self._ids = itertools.count(1)

    def call(self, method: str, **params: typing.Any) -> typing.Any:
        number = next(self._ids)
        self._socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=30))
            if message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str) -> typing.Any:
        """The value of a JavaScript expression (a promise is awaited); a thrown error fails the test."""
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15) -> typing.Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s for {expression}")
            time.sleep(0.1)

    def close(self) -> None:
        self._socket.close()


class Chromium:
    def __init__(self, executable: str) -> None:
        self._profile = tempfile.mkdtemp(prefix="chromium-")
        self._process = subprocess.Popen(
            [
                executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0", "about:blank",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        assert self._process.stderr is not None
        deadline = time.monotonic() + 30
        for line in self._process.stderr:
            match = _LISTENING.search(line)
            if match:
                self._endpoint = match.group(1).split("/devtools/")[0].replace("ws://", "http://")
                threading.Thread(target=self._process.stderr.read, daemon=True).start()  # keep the pipe from filling
                return
            if time.monotonic() > deadline:
                break
        raise AssertionError("Chromium did not start its DevTools endpoint")

    def open(self, url: str) -> Page:
        request = urllib.request.Request(f"{self._endpoint}/json/new?{url}", method="PUT")
        with urllib.request.urlopen(request, timeout=10) as response:
            target = json.load(response)
        return Page(target["webSocketDebuggerUrl"])

    def close(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(10)
        if self._process.stderr is not None:
            self._process.stderr.close()
        shutil.rmtree(self._profile, ignore_errors=True)
