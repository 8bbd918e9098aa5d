"""The TTS WebSocket clients against the transport floor: throughput, time to first chunk, multiplexing.

    python benchmarks/tts_websocket.py [--runs 5] [--chunks 20000] [--chunk-bytes 4096]
                                       [--small-chunk-bytes 512] [--small-chunks 50000]
                                       [--ttfc-requests 300] [--contexts 50] [--v2-python /tmp/v2env/bin/python]
                                       [--variants floor-sync,sdk-sync,...]

The server is ``benchmarks/ws_bench_server.py``, in a process of its own (it takes one of the two
cores), answering every request with pre-serialized chunk frames. Each client variant runs in a
fresh interpreter per run; runs are interleaved (the order rotates every round) and the tables give
the median over runs with the spread (min–max) in brackets. Per run, after a warm-up:

1. throughput: one generation of ``--chunks`` chunks of ``--chunk-bytes`` audio bytes each, from
   just before the request is sent until ``done``; every chunk's audio is decoded;
2. time to first chunk: ``--ttfc-requests`` one-chunk generations on the open socket, each from just
   before the SDK call that sends the request to the first decoded chunk in hand (median per run);
3. multiplexing: ``--contexts`` contexts on one socket, ``--chunks / --contexts`` chunks each (async:
   one task per context; sync: send them all, then receive them one after the other).

The floor is the same conversation with bare ``websockets`` + ``json`` + ``base64``; its "SDK imported"
row runs the same loop in a process that has loaded what an SDK run loads, as a control. The 2.x rows are
cartesia 2.0.17's own clients, run from the interpreter given by ``--v2-python`` (a virtualenv with
``pip install cartesia==2.0.17``), left out when it does not exist. A second, throughput-only pass with
``--small-chunk-bytes`` shows the per-message overhead.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import subprocess
import sys
import time
import typing
import uuid

MODEL = "sonic-2"
VOICE = {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"}
FORMAT = {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_V2_PYTHON = "/tmp/v2env/bin/python"

SYNC = ("floor-sync", "floor-sync-imported", "sdk-sync", "sdk-sync-conn", "v2-sync")
ASYNC = ("floor-async", "floor-async-imported", "sdk-async", "sdk-async-conn", "v2-async")
LABELS = {
    "floor-sync": "floor: `websockets.sync` + json + base64",
    "floor-sync-imported": "floor, SDK imported in the process",
    "sdk-sync": "SDK `ws.send(...)`",
    "sdk-sync-conn": "SDK `websocket_connect()` context",
    "v2-sync": "cartesia 2.0.17 `ws.send(...)`",
    "floor-async": "floor: `websockets.asyncio` + json + base64",
    "floor-async-imported": "floor, SDK imported in the process",
    "sdk-async": "SDK `await ws.send(...)`",
    "sdk-async-conn": "SDK `websocket_connect()` context",
    "v2-async": "cartesia 2.0.17 `await ws.send(...)`",
}


def text(chunks: int, size: int, flush_id: int = 1) -> str:
    """A transcript that tells the benchmark server what to answer."""
    return f"chunks={chunks} bytes={size} flush_id={flush_id} Hello, world!"


def request(context_id: str, transcript: str) -> str:
    return json.dumps(
        {
            "model_id": MODEL,
            "transcript": transcript,
            "voice": VOICE,
            "output_format": FORMAT,
            "context_id": context_id,
            "stream": True,
        }
    )


# Drivers: generation(transcript) -> (audio bytes, perf_counter at the first decoded chunk);
# multiplex(transcripts) -> audio bytes, or None when the client cannot multiplex.


class FloorSync:
    def __init__(self, url: str) -> None:
        import websockets.sync.client

        self.ws = websockets.sync.client.connect(url).__enter__()  # as `with connect(...)` (websockets 17.1+)

    def generation(self, transcript: str) -> typing.Tuple[int, float]:
        ws, loads, decode = self.ws, json.loads, base64.b64decode
        ws.send(request(str(uuid.uuid4()), transcript))
        total, first = 0, 0.0
        while True:
            message = loads(ws.recv())
            kind = message["type"]
            if kind == "chunk":
                total += len(decode(message["data"]))
                if not first:
                    first = time.perf_counter()
            elif kind == "done":
                return total, first

    def multiplex(self, transcripts: typing.List[str]) -> int:
        ws, loads, decode = self.ws, json.loads, base64.b64decode
        audio: typing.Dict[str, typing.List[bytes]] = {}
        for transcript in transcripts:
            context_id = str(uuid.uuid4())
            audio[context_id] = []
            ws.send(request(context_id, transcript))
        pending = len(transcripts)
        while pending:
            message = loads(ws.recv())
            kind = message["type"]
            if kind == "chunk":
                audio[message["context_id"]].append(decode(message["data"]))
            elif kind == "done":
                pending -= 1
        return sum(len(piece) for pieces in audio.values() for piece in pieces)

    def close(self) -> None:
        self.ws.close()


def import_sdk() -> None:
    """Load what an SDK run loads (clients, TTS models, the WebSocket modules), then run the floor: a control."""
    from cartesia import AsyncCartesia, Cartesia
    from cartesia.realtime import tts_async, tts_sync  # noqa: F401

    Cartesia(api_key="k").tts, AsyncCartesia(api_key="k").tts


class FloorSyncImported(FloorSync):
    def __init__(self, url: str) -> None:
        import_sdk()
        super().__init__(url)


class SdkSync:
    def __init__(self, url: str) -> None:
        from cartesia import Cartesia

        self.client = Cartesia(api_key="bench-key", base_url=url.replace("ws://", "http://"))
        self.ws = self.client.tts.websocket()

    def generation(self, transcript: str) -> typing.Tuple[int, float]:
        total, first = 0, 0.0
        for out in self.ws.send(model_id=MODEL, transcript=transcript, voice=VOICE, output_format=FORMAT):
            total += len(out.audio)
            if not first:
                first = time.perf_counter()
        return total, first

    def multiplex(self, transcripts: typing.List[str]) -> int:
        streams = [self.ws.send(model_id=MODEL, transcript=t, voice=VOICE, output_format=FORMAT) for t in transcripts]
        return sum(len(out.audio) for stream in streams for out in stream)

    def close(self) -> None:
        self.ws.close()


class SdkSyncConn:
    def __init__(self, url: str) -> None:
        from cartesia import Cartesia

        self.client = Cartesia(api_key="bench-key", base_url=url.replace("ws://", "http://"))
        self.conn = self.client.tts.websocket_connect().connect()

    def _start(self, transcript: str) -> typing.Any:
        ctx = self.conn.context(model_id=MODEL, voice=VOICE, output_format=FORMAT)
        ctx.push(transcript)
        ctx.no_more_inputs()
        return ctx

    def generation(self, transcript: str) -> typing.Tuple[int, float]:
        total, first = 0, 0.0
        for event in self._start(transcript).receive():
            if event.type == "chunk":
                total += len(event.audio)
                if not first:
                    first = time.perf_counter()
        return total, first

    def multiplex(self, transcripts: typing.List[str]) -> int:
        contexts = [self._start(t) for t in transcripts]
        return sum(len(e.audio) for ctx in contexts for e in ctx.receive() if e.type == "chunk")

    def close(self) -> None:
        self.conn.close()


class V2Sync:
    def __init__(self, url: str) -> None:
        from cartesia import Cartesia

        self.client = Cartesia(api_key="bench-key", base_url=url)
        self.ws = self.client.tts.websocket()

    def generation(self, transcript: str) -> typing.Tuple[int, float]:
        total, first = 0, 0.0
        for out in self.ws.send(model_id=MODEL, transcript=transcript, voice=VOICE, output_format=FORMAT, stream=True):
            total += len(out.audio)
            if not first:
                first = time.perf_counter()
        return total, first

    def multiplex(self, _transcripts: typing.List[str]) -> None:
        return None  # 2.x's sync generator yields whatever message comes next: no routing by context

    def close(self) -> None:
        self.ws.close()


class FloorAsync:
    async def start(self, url: str) -> None:
        import websockets.asyncio.client

        self.ws = await websockets.asyncio.client.connect(url)

    async def generation(self, transcript: str) -> typing.Tuple[int, float]:
        ws, loads, decode = self.ws, json.loads, base64.b64decode
        await ws.send(request(str(uuid.uuid4()), transcript))
        total, first = 0, 0.0
        while True:
            message = loads(await ws.recv())
            kind = message["type"]
            if kind == "chunk":
                total += len(decode(message["data"]))
                if not first:
                    first = time.perf_counter()
            elif kind == "done":
                return total, first

    async def multiplex(self, transcripts: typing.List[str]) -> int:
        """A reader task routes parsed messages to one queue per context; each context's task decodes its own."""
        ws, loads = self.ws, json.loads
        queues: typing.Dict[str, asyncio.Queue[typing.Any]] = {}

        async def read() -> None:
            async for raw in ws:
                message = loads(raw)
                queue = queues.get(message.get("context_id"))
                if queue is not None:
                    queue.put_nowait(message)

        async def one(transcript: str) -> int:
            context_id = str(uuid.uuid4())
            queue = queues[context_id] = asyncio.Queue()
            await ws.send(request(context_id, transcript))
            total, decode = 0, base64.b64decode
            while True:
                message = await queue.get()
                if message["type"] == "chunk":
                    total += len(decode(message["data"]))
                elif message["type"] == "done":
                    del queues[context_id]
                    return total

        reader = asyncio.get_running_loop().create_task(read())
        try:
            return sum(await asyncio.gather(*(one(t) for t in transcripts)))
        finally:
            reader.cancel()

    async def close(self) -> None:
        await self.ws.close()


class FloorAsyncImported(FloorAsync):
    async def start(self, url: str) -> None:
        import_sdk()
        await super().start(url)


class SdkAsync:
    async def start(self, url: str) -> None:
        from cartesia import AsyncCartesia

        self.client = AsyncCartesia(api_key="bench-key", base_url=url.replace("ws://", "http://"))
        self.ws = await self.client.tts.websocket()

    async def generation(self, transcript: str) -> typing.Tuple[int, float]:
        total, first = 0, 0.0
        async for out in await self.ws.send(model_id=MODEL, transcript=transcript, voice=VOICE, output_format=FORMAT):
            total += len(out.audio)
            if not first:
                first = time.perf_counter()
        return total, first

    async def multiplex(self, transcripts: typing.List[str]) -> int:
        async def one(transcript: str) -> int:
            stream = await self.ws.send(model_id=MODEL, transcript=transcript, voice=VOICE, output_format=FORMAT)
            return sum([len(out.audio) async for out in stream])

        return sum(await asyncio.gather(*(one(t) for t in transcripts)))

    async def close(self) -> None:
        await self.ws.close()


class SdkAsyncConn:
    async def start(self, url: str) -> None:
        from cartesia import AsyncCartesia

        self.client = AsyncCartesia(api_key="bench-key", base_url=url.replace("ws://", "http://"))
        self.conn = await self.client.tts.websocket_connect().connect()

    async def generation(self, transcript: str) -> typing.Tuple[int, float]:
        ctx = self.conn.context(model_id=MODEL, voice=VOICE, output_format=FORMAT)
        await ctx.push(transcript)
        await ctx.no_more_inputs()
        total, first = 0, 0.0
        async for event in ctx.receive():
            if event.type == "chunk":
                total += len(event.audio)
                if not first:
                    first = time.perf_counter()
        return total, first

    async def multiplex(self, transcripts: typing.List[str]) -> int:
        async def one(transcript: str) -> int:
            return (await self.generation(transcript))[0]

        return sum(await asyncio.gather(*(one(t) for t in transcripts)))

    async def close(self) -> None:
        await self.conn.close()


class V2Async:
    async def start(self, url: str) -> None:
        from cartesia import AsyncCartesia

        self.client = AsyncCartesia(api_key="bench-key", base_url=url)
        self.ws = await self.client.tts.websocket()

    async def generation(self, transcript: str) -> typing.Tuple[int, float]:
        total, first = 0, 0.0
        async for out in await self.ws.send(
            model_id=MODEL, transcript=transcript, voice=VOICE, output_format=FORMAT, stream=True
        ):
            total += len(out.audio)
            if not first:
                first = time.perf_counter()
        return total, first

    async def multiplex(self, transcripts: typing.List[str]) -> int:
        async def one(transcript: str) -> int:
            stream = await self.ws.send(
                model_id=MODEL, transcript=transcript, voice=VOICE, output_format=FORMAT, stream=True
            )
            return sum([len(out.audio) async for out in stream])

        return sum(await asyncio.gather(*(one(t) for t in transcripts)))

    async def close(self) -> None:
        await self.ws.close()
        await self.client._client_wrapper.httpx_client.httpx_client.aclose()


DRIVERS: typing.Dict[str, typing.Any] = {
    "floor-sync": FloorSync,
    "floor-sync-imported": FloorSyncImported,
    "sdk-sync": SdkSync,
    "sdk-sync-conn": SdkSyncConn,
    "v2-sync": V2Sync,
    "floor-async": FloorAsync,
    "floor-async-imported": FloorAsyncImported,
    "sdk-async": SdkAsync,
    "sdk-async-conn": SdkAsyncConn,
    "v2-async": V2Async,
}


# One run, in the worker process ------------------------------------------------------------------


class Plan(typing.NamedTuple):
    chunks: int
    size: int
    ttfc_requests: int
    contexts: int
    scenarios: typing.FrozenSet[str]
    flush_id: int


def _summary(ttfc: typing.List[float]) -> typing.Dict[str, float]:
    ttfc.sort()
    return {"median": statistics.median(ttfc), "p10": ttfc[len(ttfc) // 10], "p90": ttfc[len(ttfc) * 9 // 10]}


def run_sync(driver: typing.Any, plan: Plan) -> typing.Dict[str, typing.Any]:
    t = lambda n: text(n, plan.size, plan.flush_id)  # noqa: E731
    result: typing.Dict[str, typing.Any] = {}
    driver.generation(t(500))  # warm-up: lazy imports, validators built on first use
    for _ in range(20):
        driver.generation(t(1))
    if "throughput" in plan.scenarios:
        start = time.perf_counter()
        total, _ = driver.generation(t(plan.chunks))
        result["throughput"] = {"seconds": time.perf_counter() - start, "bytes": total}
    if "ttfc" in plan.scenarios:
        samples = []
        for _ in range(plan.ttfc_requests):
            start = time.perf_counter()
            _, first = driver.generation(t(1))
            samples.append(first - start)
        result["ttfc"] = _summary(samples)
    if "multiplex" in plan.scenarios:
        start = time.perf_counter()
        total = driver.multiplex([t(plan.chunks // plan.contexts)] * plan.contexts)
        if total is not None:
            result["multiplex"] = {"seconds": time.perf_counter() - start, "bytes": total}
    driver.close()
    return result


async def run_async(driver: typing.Any, url: str, plan: Plan) -> typing.Dict[str, typing.Any]:
    t = lambda n: text(n, plan.size, plan.flush_id)  # noqa: E731
    result: typing.Dict[str, typing.Any] = {}
    await driver.start(url)
    await driver.generation(t(500))
    for _ in range(20):
        await driver.generation(t(1))
    if "throughput" in plan.scenarios:
        start = time.perf_counter()
        total, _ = await driver.generation(t(plan.chunks))
        result["throughput"] = {"seconds": time.perf_counter() - start, "bytes": total}
    if "ttfc" in plan.scenarios:
        samples = []
        for _ in range(plan.ttfc_requests):
            start = time.perf_counter()
            _, first = await driver.generation(t(1))
            samples.append(first - start)
        result["ttfc"] = _summary(samples)
    if "multiplex" in plan.scenarios:
        start = time.perf_counter()
        total = await driver.multiplex([t(plan.chunks // plan.contexts)] * plan.contexts)
        result["multiplex"] = {"seconds": time.perf_counter() - start, "bytes": total}
    await driver.close()
    return result


def worker(variant: str, url: str, plan: Plan) -> None:
    driver = DRIVERS[variant]
    if variant in ASYNC:
        result = asyncio.run(run_async(driver(), url, plan))
    else:
        result = run_sync(driver(url), plan)
    for name in ("throughput", "multiplex"):
        if name in result:
            expected = (
                plan.chunks if name == "throughput" else plan.chunks // plan.contexts * plan.contexts
            ) * plan.size
            assert result[name]["bytes"] == expected, (name, result[name]["bytes"], expected)
    print(json.dumps(result))


# The parent: server, interleaved runs, tables ---------------------------------------------------


def start_server() -> typing.Tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "ws_bench_server.py")], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line.startswith("PORT "):
        server.kill()
        raise SystemExit(f"the benchmark server did not start: {line!r}")
    return server, f"ws://127.0.0.1:{int(line.split()[1])}"


def run_worker(python: str, variant: str, url: str, plan: Plan) -> typing.Dict[str, typing.Any]:
    command = [
        python,
        os.path.abspath(__file__),
        "--worker",
        variant,
        "--url",
        url,
        "--chunks",
        str(plan.chunks),
        "--chunk-bytes",
        str(plan.size),
        "--ttfc-requests",
        str(plan.ttfc_requests),
        "--contexts",
        str(plan.contexts),
        "--scenarios",
        ",".join(sorted(plan.scenarios)),
        "--flush-id",
        str(plan.flush_id),
    ]
    out = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd="/tmp" if variant.startswith("v2") else None
    )
    if out.returncode != 0:
        raise SystemExit(f"{variant} failed:\n{out.stderr}")
    return typing.cast(typing.Dict[str, typing.Any], json.loads(out.stdout.strip().splitlines()[-1]))


def measure(
    variants: typing.List[str], pythons: typing.Dict[str, str], url: str, plan: Plan, runs: int
) -> typing.Dict[str, typing.List[typing.Dict[str, typing.Any]]]:
    results: typing.Dict[str, typing.List[typing.Dict[str, typing.Any]]] = {v: [] for v in variants}
    for round_ in range(runs):
        order = variants[round_ % len(variants) :] + variants[: round_ % len(variants)]
        for variant in order:
            # 2.x's async client indexes a list of per-flush queues by the chunk's flush_id: it needs 0
            flush_id = 0 if variant == "v2-async" else plan.flush_id
            results[variant].append(run_worker(pythons[variant], variant, url, plan._replace(flush_id=flush_id)))
        print(f"  round {round_ + 1}/{runs} done", file=sys.stderr)
    return results


def _stats(values: typing.List[float]) -> typing.Tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def _rate(
    runs: typing.List[typing.Dict[str, typing.Any]], name: str, count: int
) -> typing.Optional[typing.Tuple[float, float, float]]:
    values = [count / r[name]["seconds"] for r in runs if name in r]
    return _stats(values) if values else None


def _k(value: typing.Tuple[float, float, float], scale: float = 1e-3, digits: int = 1) -> str:
    m, lo, hi = (v * scale for v in value)
    return f"{m:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"


def table(results: typing.Dict[str, typing.List[typing.Dict[str, typing.Any]]], plan: Plan) -> str:
    mib = plan.size / 2**20
    multiplexed = plan.chunks // plan.contexts * plan.contexts
    full = "ttfc" in plan.scenarios
    head = "| client | chunks/s (k) | MiB/s | × floor |"
    rule = "|---|---:|---:|---:|"
    if full:
        head += " first chunk (ms) | Δ floor (ms) | {0} ctx chunks/s (k) | × 1 ctx |".format(plan.contexts)
        rule += "---:|---:|---:|---:|"
    lines = [head, rule]
    for group in (SYNC, ASYNC):
        floor = group[0]
        if floor not in results:
            continue
        floor_rate = _rate(results[floor], "throughput", plan.chunks)
        floor_ttfc = statistics.median(r["ttfc"]["median"] for r in results[floor]) if full else 0.0
        for variant in group:
            runs = results.get(variant)
            if not runs:
                continue
            rate = _rate(runs, "throughput", plan.chunks)
            assert rate is not None and floor_rate is not None
            cells = [
                f"{LABELS[variant]} ({'sync' if group is SYNC else 'async'})",
                _k(rate),
                _k(rate, mib),
                f"{rate[0] / floor_rate[0]:.2f}",
            ]
            if full:
                ttfc = _stats([r["ttfc"]["median"] for r in runs])
                cells += [_k(ttfc, 1e3, 3), f"{(ttfc[0] - floor_ttfc) * 1e3:+.3f}"]
                mux = _rate(runs, "multiplex", multiplexed)
                if mux is None:
                    cells += ["n/a", "n/a"]
                else:
                    single = statistics.median(plan.chunks / r["throughput"]["seconds"] for r in runs)
                    cells += [_k(mux), f"{mux[0] / single:.2f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chunks", type=int, default=20000)
    parser.add_argument("--chunk-bytes", type=int, default=4096)
    parser.add_argument("--small-chunk-bytes", type=int, default=512, help="0 skips the small-chunk pass")
    parser.add_argument("--small-chunks", type=int, default=50000)
    parser.add_argument("--ttfc-requests", type=int, default=300)
    parser.add_argument("--contexts", type=int, default=50)
    parser.add_argument("--v2-python", default=DEFAULT_V2_PYTHON)
    parser.add_argument("--variants", default=",".join(SYNC + ASYNC))
    parser.add_argument("--scenarios", default="throughput,ttfc,multiplex")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--flush-id", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    plan = Plan(
        args.chunks,
        args.chunk_bytes,
        args.ttfc_requests,
        args.contexts,
        frozenset(args.scenarios.split(",")),
        args.flush_id,
    )
    if args.worker:
        worker(args.worker, args.url, plan)
        return
    variants = [v for v in args.variants.split(",") if v]
    if not os.path.exists(args.v2_python):
        print(f"{args.v2_python} not found: the cartesia 2.0.17 rows are left out", file=sys.stderr)
        variants = [v for v in variants if not v.startswith("v2")]
    pythons = {v: (args.v2_python if v.startswith("v2") else sys.executable) for v in variants}
    server, url = start_server()
    try:
        print(f"{args.chunks} chunks of {args.chunk_bytes} bytes, {args.runs} runs", file=sys.stderr)
        results = measure(variants, pythons, url, plan, args.runs)
        small = None
        if args.small_chunk_bytes:
            small_plan = plan._replace(
                chunks=args.small_chunks, size=args.small_chunk_bytes, scenarios=frozenset({"throughput"})
            )
            print(f"{args.small_chunks} chunks of {args.small_chunk_bytes} bytes, {args.runs} runs", file=sys.stderr)
            small = (measure(variants, pythons, url, small_plan, args.runs), small_plan)
    finally:
        server.terminate()
        server.wait()
    print(
        f"\n{args.chunks} chunks of {args.chunk_bytes} audio bytes; {args.contexts} contexts × {args.chunks // args.contexts} chunks\n"
    )
    print(table(results, plan))
    if small is not None:
        print(f"\n{args.small_chunks} chunks of {args.small_chunk_bytes} audio bytes (throughput only)\n")
        print(table(*small))


if __name__ == "__main__":
    main()
