"""Import cost of the SDK beside its floor, ``import httpx, pydantic``, each in fresh interpreters.

    python benchmarks/import_time.py [--runs 15]

Each statement runs in its own new interpreter; the first run of each (bytecode compilation) is
dropped and the median wall time of the rest is reported, with the number of modules it loaded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

STATEMENTS = {
    "floor: import httpx, pydantic": "import httpx, pydantic",
    "floor with models: import httpx; from pydantic import BaseModel": "import httpx; from pydantic import BaseModel",
    "import cartesia": "import cartesia",
    "from cartesia import Cartesia, AsyncCartesia": "from cartesia import Cartesia, AsyncCartesia",
    "Cartesia(api_key=...).tts": "from cartesia import Cartesia; Cartesia(api_key='k').tts",
    "Cartesia(api_key=...).voices": "from cartesia import Cartesia; Cartesia(api_key='k').voices",
}

PROBE = """
import json, sys, time
before = set(sys.modules)
start = time.perf_counter()
exec({statement!r})
elapsed = time.perf_counter() - start
print(json.dumps([elapsed, len(set(sys.modules) - before)]))
"""


def measure(statement: str, runs: int) -> tuple:
    samples = []
    modules = 0
    for _ in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", PROBE.format(statement=statement)], capture_output=True, text=True, check=True)
        elapsed, modules = json.loads(out.stdout)
        samples.append(elapsed)
    return statistics.median(samples[1:]), modules


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {label: measure(statement, args.runs) for label, statement in STATEMENTS.items()}
    floor = results["floor: import httpx, pydantic"][0]
    print("| statement | median wall (ms) | × floor | modules loaded |\n|---|---:|---:|---:|")
    for label, (elapsed, modules) in results.items():
        print(f"| `{label}` | {elapsed * 1000:.1f} | {elapsed / floor:.2f} | {modules} |")


if __name__ == "__main__":
    main()
