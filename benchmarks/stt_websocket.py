"""STT WebSocket: audio frames per second and transcript latency, the SDK beside the transport floor.

    python benchmarks/stt_websocket.py [--runs 5] [--frames 50000] [--v2-python PATH]

A minimal server (this file with ``--serve``) takes binary frames and answers each text command at
once with pre-serialized messages: ``finalize`` with a final transcript and ``flush_done``,
``done`` with a final transcript and ``done``. Each client runs in a fresh interpreter, the runs
interleaved, and reports:

- frames/s: N frames of 20 ms (640 bytes of 16 kHz s16le) sent one by one, then ``done``, timed
  from the first send to the ``done`` message in hand;
- latency: 200 times, one frame then ``finalize``, timed from just before the SDK call that sends
  the last frame to the final transcript in hand (median). The server's own time is the same for
  every client, so the difference from the floor is the SDK's.

The server and the clients are pinned to different cores where the system allows. The floor is
the same work with bare ``websockets`` (sync and asyncio) and ``json.loads``.
``--v2-python`` names the interpreter of a virtualenv with cartesia 2.0.17 for its rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import typing

FRAME = bytes(640)
TRANSCRIPT = json.dumps({"type": "transcript", "request_id": "r", "text": "hello", "is_final": True, "duration": 1.0, "language": "en"})
FLUSH_DONE = json.dumps({"type": "flush_done", "request_id": "r"})
DONE = json.dumps({"type": "done", "request_id": "r"})
LATENCY_ROUNDS = 200


# The server ---------------------------------------------------------------------------------------
#
# A WebSocket server written on asyncio's Protocol, so that it reads audio faster than any client
# sends it: binary frames are skipped by their length, unread; only text frames are unmasked.

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def _server_frame(opcode: int, payload: bytes) -> bytes:
    size = len(payload)
    if size < 126:
        header = bytes((0x80 | opcode, size))
    elif size < 65536:
        header = bytes((0x80 | opcode, 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 127)) + size.to_bytes(8, "big")
    return header + payload


_REPLIES = {
    "finalize": _server_frame(1, TRANSCRIPT.encode()) + _server_frame(1, FLUSH_DONE.encode()),
    "done": _server_frame(1, TRANSCRIPT.encode()) + _server_frame(1, DONE.encode()) + _server_frame(8, (1000).to_bytes(2, "big")),
}
_REPLIES["close"] = _REPLIES["done"]


class _Connection(asyncio.Protocol):
    def connection_made(self, transport: typing.Any) -> None:
        self.transport = transport
        self.buffer = bytearray()
        self.open = False

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.open:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            import base64
            import hashlib

            head = bytes(buffer[:end]).decode("latin-1")
            del buffer[: end + 4]
            key = next(line.split(":", 1)[1].strip() for line in head.split("\r\n") if line.lower().startswith("sec-websocket-key:"))
            accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
            self.transport.write(
                f"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n".encode()
            )
            self.open = True
        at, length = 0, len(buffer)
        while length - at >= 2:
            opcode, size = buffer[at] & 0x0F, buffer[at + 1] & 0x7F
            start = at + 2
            if size == 126:
                if length - start < 2:
                    break
                size, start = int.from_bytes(buffer[start : start + 2], "big"), start + 2
            elif size == 127:
                if length - start < 8:
                    break
                size, start = int.from_bytes(buffer[start : start + 8], "big"), start + 8
            end = start + 4 + size  # client frames are masked
            if end > length:
                break
            if opcode in (1, 8):
                mask = buffer[start : start + 4]
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(buffer[start + 4 : end]))
                if opcode == 8:
                    self.transport.write(_server_frame(8, payload[:2]))
                    self.transport.close()
                    return
                reply = _REPLIES.get(payload.decode())
                if reply is not None:
                    self.transport.write(reply)
            at = end
        del buffer[:at]


def _pin(cpu: int) -> None:
    """Keep this process on one core (the server on one, the client on the other), where the system allows."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


async def _serve() -> None:
    _pin(1)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Connection, "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


# The clients: each sends frames, then done, and reads to done; or a frame and finalize, to the transcript.


def floor_sync(url: str, frames: int) -> typing.Dict[str, typing.Any]:
    from websockets.sync.client import connect

    def stream(ws: typing.Any) -> float:
        started = time.perf_counter()
        for _ in range(frames):
            ws.send(FRAME)
        ws.send("done")
        while json.loads(ws.recv())["type"] != "done":
            pass
        return time.perf_counter() - started

    with connect(url, compression=None, max_size=None) as ws:
        latencies = []
        for _ in range(LATENCY_ROUNDS):
            started = time.perf_counter()
            ws.send(FRAME)
            ws.send("finalize")
            json.loads(ws.recv())
            latencies.append(time.perf_counter() - started)
            json.loads(ws.recv())
    with connect(url, compression=None, max_size=None) as ws:
        stream(ws)  # warm-up
    with connect(url, compression=None, max_size=None) as ws:
        return {"seconds": stream(ws), "latency": statistics.median(latencies)}


async def floor_async(url: str, frames: int) -> typing.Dict[str, typing.Any]:
    from websockets.asyncio.client import connect

    async def stream(ws: typing.Any) -> float:
        started = time.perf_counter()
        for _ in range(frames):
            await ws.send(FRAME)
        await ws.send("done")
        while json.loads(await ws.recv())["type"] != "done":
            pass
        return time.perf_counter() - started

    async with connect(url, compression=None, max_size=None) as ws:
        latencies = []
        for _ in range(LATENCY_ROUNDS):
            started = time.perf_counter()
            await ws.send(FRAME)
            await ws.send("finalize")
            json.loads(await ws.recv())
            latencies.append(time.perf_counter() - started)
            json.loads(await ws.recv())
    async with connect(url, compression=None, max_size=None) as ws:
        await stream(ws)
    async with connect(url, compression=None, max_size=None) as ws:
        return {"seconds": await stream(ws), "latency": statistics.median(latencies)}


def sdk_sync(base: str, frames: int, *, transcribe: bool) -> typing.Dict[str, typing.Any]:
    from cartesia import Cartesia

    client = Cartesia(api_key="k", base_url=base)

    def stream(ws: typing.Any) -> float:
        started = time.perf_counter()
        if transcribe:
            for _ in ws.transcribe(FRAME for _ in range(frames)):
                pass
        else:
            for _ in range(frames):
                ws.send(FRAME)
            ws.send("done")
            for _ in ws.receive():
                pass
        return time.perf_counter() - started

    ws = client.stt.websocket()
    latencies = []
    for _ in range(LATENCY_ROUNDS):
        started = time.perf_counter()
        ws.send(FRAME)
        ws.send("finalize")
        events = ws.receive()
        next(events)
        latencies.append(time.perf_counter() - started)
        next(events)
    ws.close()
    seconds = [stream(client.stt.websocket()) for _ in range(2)][-1]  # a new socket for each (2.x does not reopen)
    return {"seconds": seconds, "latency": statistics.median(latencies)}


async def sdk_async(base: str, frames: int, *, transcribe: bool) -> typing.Dict[str, typing.Any]:
    from cartesia import AsyncCartesia

    client = AsyncCartesia(api_key="k", base_url=base)

    async def stream(ws: typing.Any) -> float:
        started = time.perf_counter()
        if transcribe:

            async def chunks() -> typing.AsyncIterator[bytes]:
                for _ in range(frames):
                    yield FRAME

            async for _ in ws.transcribe(chunks()):
                pass
        else:
            for _ in range(frames):
                await ws.send(FRAME)
            await ws.send("done")
            async for _ in ws.receive():
                pass
        return time.perf_counter() - started

    ws = await client.stt.websocket()
    latencies = []
    for _ in range(LATENCY_ROUNDS):
        started = time.perf_counter()
        await ws.send(FRAME)
        await ws.send("finalize")
        events = ws.receive()
        await events.__anext__()
        latencies.append(time.perf_counter() - started)
        await events.__anext__()
        await events.aclose()
    await ws.close()
    seconds = [await stream(await client.stt.websocket()) for _ in range(2)][-1]
    return {"seconds": seconds, "latency": statistics.median(latencies)}


VARIANTS = {
    "floor: websockets.sync (sync)": "floor-sync",
    "SDK ws.send + ws.receive (sync)": "sdk-sync",
    "SDK ws.transcribe (sync)": "sdk-sync-transcribe",
    "cartesia 2.0.17 ws.send + ws.receive (sync)": "v2-sync",
    "floor: websockets.asyncio (async)": "floor-async",
    "SDK await ws.send + ws.receive (async)": "sdk-async",
    "SDK ws.transcribe (async)": "sdk-async-transcribe",
    "cartesia 2.0.17 await ws.send + ws.receive (async)": "v2-async",
}


def worker(variant: str, port: int, frames: int) -> None:
    _pin(0)
    url, base = f"ws://127.0.0.1:{port}/stt/websocket", f"http://127.0.0.1:{port}"
    if variant.startswith("v2"):
        base = f"ws://127.0.0.1:{port}"  # 2.x maps any http base but localhost to wss
    if variant == "floor-sync":
        result = floor_sync(url, frames)
    elif variant == "floor-async":
        result = asyncio.run(floor_async(url, frames))
    elif variant in ("sdk-sync", "v2-sync", "sdk-sync-transcribe"):
        result = sdk_sync(base, frames, transcribe=variant.endswith("transcribe"))
    else:
        result = asyncio.run(sdk_async(base, frames, transcribe=variant.endswith("transcribe")))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frames", type=int, default=50000)
    parser.add_argument("--v2-python", help="python of a virtualenv with cartesia 2.0.17 (its rows are left out otherwise)")
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve())
        return
    if args.worker:
        worker(args.worker, args.port, args.frames)
        return
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split()[1])
        rows = {label: v for label, v in VARIANTS.items() if args.v2_python or not v.startswith("v2")}
        results: typing.Dict[str, typing.List[typing.Dict[str, float]]] = {label: [] for label in rows}
        labels = list(rows)
        for run in range(args.runs):
            for label in labels[run % len(labels) :] + labels[: run % len(labels)]:  # a rotating order
                variant = rows[label]
                python = args.v2_python if variant.startswith("v2") else sys.executable
                env = {**os.environ, "PYTHONPATH": ""} if variant.startswith("v2") else os.environ
                out = subprocess.run(
                    [python, __file__, "--worker", variant, "--port", str(port), "--frames", str(args.frames)],
                    capture_output=True, text=True, check=True, env=env,
                )
                results[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        server.kill()
    print(table(results, args.frames))


def table(results: typing.Dict[str, typing.List[typing.Dict[str, float]]], frames: int) -> str:
    def spread(values: typing.List[float], scale: float, digits: int) -> str:
        return f"{statistics.median(values) * scale:.{digits}f} ({min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f})"

    lines = ["| client | frames/s (k) | × floor | latency (ms) | Δ floor (ms) |", "|---|---:|---:|---:|---:|"]
    floors: typing.Dict[str, typing.Tuple[float, float]] = {}
    for label, runs in results.items():
        rates = [frames / r["seconds"] for r in runs]
        latencies = [r["latency"] for r in runs]
        kind = "sync" if label.endswith("(sync)") else "async"
        if label.startswith("floor"):
            floors[kind] = (statistics.median(rates), statistics.median(latencies))
        floor_rate, floor_latency = floors.get(kind, (float("nan"), float("nan")))
        ratio = statistics.median(rates) / floor_rate
        delta = (statistics.median(latencies) - floor_latency) * 1000
        lines.append(f"| {label} | {spread(rates, 1e-3, 1)} | {ratio:.2f} | {spread(latencies, 1e3, 3)} | {delta:+.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
