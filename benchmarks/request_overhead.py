"""Per-request overhead of the SDK over plain httpx, with the network taken out.

    python benchmarks/request_overhead.py [--requests 2000]

Both sides send the same ``POST /tts/bytes`` JSON body to an in-process ``httpx.MockTransport`` that
answers with 32 KiB of audio, and read the audio as a stream. The difference is what the SDK adds:
argument validation, serialization, headers, the retry loop and stream handling.
"""

from __future__ import annotations

import argparse
import statistics
import time
import typing

import httpx

from cartesia import Cartesia

AUDIO = b"\x00" * 32768
BODY = {
    "model_id": "sonic-2",
    "transcript": "Hello, world! I'm generating audio on Cartesia.",
    "voice": {"mode": "id", "id": "694f9389-aac1-45b6-b726-9d9369183238"},
    "language": "en",
    "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000},
}


def handler(_request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=AUDIO)


def plain_httpx(client: httpx.Client) -> int:
    headers = {"X-API-Key": "k", "Cartesia-Version": "2024-11-13"}
    with client.stream("POST", "https://api.cartesia.ai/tts/bytes", json=BODY, headers=headers) as response:
        return sum(len(chunk) for chunk in response.iter_bytes())


def sdk(client: Cartesia) -> int:
    return sum(len(chunk) for chunk in client.tts.bytes(**BODY))  # type: ignore[arg-type]


def timed(function: typing.Callable[[], int], requests: int) -> float:
    for _ in range(50):
        function()
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(requests // 5):
            assert function() == len(AUDIO)
        rounds.append((time.perf_counter() - start) / (requests // 5))
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport)
    client = Cartesia(api_key="k", httpx_client=httpx.Client(transport=transport))
    floor = timed(lambda: plain_httpx(raw), args.requests)
    ours = timed(lambda: sdk(client), args.requests)
    print("| client | µs per request | × floor |\n|---|---:|---:|")
    print(f"| plain httpx (floor) | {floor * 1e6:.0f} | 1.00 |")
    print(f"| `client.tts.bytes` | {ours * 1e6:.0f} | {ours / floor:.2f} |")


if __name__ == "__main__":
    main()
