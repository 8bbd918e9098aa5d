"""A TTS WebSocket server that costs as little as possible: the transport floor's other end.

    python benchmarks/ws_bench_server.py [--host 127.0.0.1] [--port 0]

It prints ``PORT <n>`` once it listens, then serves until killed. It synthesizes nothing: every
generation request (a JSON frame with ``context_id``, ``transcript`` and ``continue``) is answered
with N copies of one chunk frame,

    {"type":"chunk","context_id":...,"status_code":206,"done":false,"data":"<base64 of K bytes>","step_time":1.0,"flush_id":1}

and, once the context's input has ended (``continue`` false or missing), with
``{"type":"done","context_id":...,"status_code":206,"done":true}``. N, K and the flush id come
from the transcript, ``"chunks=N bytes=K flush_id=F ..."`` (defaults 10, 4096, 1); an empty
transcript adds no chunks (the closing input of a streamed context). ``{"cancel": true}`` drops
the context. Any path, query and headers are accepted (the 2.x SDK puts the key in the query).

Each context's frames are serialized once, as UTF-8, and sent as text frames from those bytes.
Contexts that stream at the same time are interleaved in bursts of 8 frames, as a real server
interleaves them. Compression is off (permessage-deflate is not negotiated): the benchmark is of
the clients' per-message work, not of zlib.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import json
import random
import re
import sys
import typing

import websockets.asyncio.server

BURST = 8  # frames of one context sent before moving on to the next active one
_PARAM = re.compile(r"(chunks|bytes|flush_id)=(\d+)")
_PAYLOADS: typing.Dict[int, str] = {}


def payload(size: int) -> str:
    """Base64 of ``size`` pseudo-random bytes (audio-like: incompressible), made once per size."""
    data = _PAYLOADS.get(size)
    if data is None:
        data = _PAYLOADS[size] = base64.b64encode(random.Random(size).randbytes(size)).decode()
    return data


class Stream:
    __slots__ = ("chunk", "done", "pending", "ended")

    def __init__(self, context_id: str, size: int, flush_id: int) -> None:
        cid = json.dumps(context_id)
        self.chunk = (
            '{"type":"chunk","context_id":'
            + cid
            + ',"status_code":206,"done":false,"data":"'
            + payload(size)
            + '","step_time":1.0,"flush_id":'
            + str(flush_id)
            + "}"
        ).encode()
        self.done = ('{"type":"done","context_id":' + cid + ',"status_code":206,"done":true}').encode()
        self.pending = 0
        self.ended = False


async def handler(ws: websockets.asyncio.server.ServerConnection) -> None:
    streams: typing.Dict[str, Stream] = {}
    active: typing.Deque[Stream] = collections.deque()
    wake = asyncio.Event()

    async def send_loop() -> None:
        send = ws.send
        while True:
            if not active:
                wake.clear()
                await wake.wait()
                continue
            for _ in range(len(active)):
                stream = active.popleft()
                frame, count = stream.chunk, min(BURST, stream.pending)
                for _ in range(count):
                    await send(frame, text=True)
                stream.pending = max(0, stream.pending - count)
                if stream.pending:
                    active.append(stream)
                elif stream.ended:
                    await send(stream.done, text=True)
            await asyncio.sleep(0)  # let the reader take requests that came in meanwhile

    sender = asyncio.get_running_loop().create_task(send_loop())
    try:
        async for message in ws:
            request = json.loads(message)
            context_id = request.get("context_id")
            if not isinstance(context_id, str):
                continue
            if request.get("cancel"):
                stream = streams.pop(context_id, None)
                if stream is not None:
                    stream.pending = 0
                    stream.ended = False
                continue
            transcript = request.get("transcript") or ""
            params = dict(_PARAM.findall(transcript))
            stream = streams.get(context_id)
            if stream is None:
                stream = streams[context_id] = Stream(
                    context_id, int(params.get("bytes", 4096)), int(params.get("flush_id", 1))
                )
            idle = not stream.pending
            if transcript:
                stream.pending += int(params.get("chunks", 10))
            if not request.get("continue", False):
                stream.ended = True
                del streams[context_id]
            if idle and (stream.pending or stream.ended):
                active.append(stream)
                wake.set()
    except websockets.exceptions.ConnectionClosed:
        pass
    finally:
        sender.cancel()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    async with websockets.asyncio.server.serve(
        handler, args.host, args.port, compression=None, max_size=None, ping_interval=None, max_queue=None
    ) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"PORT {port}", flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
