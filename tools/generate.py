#!/usr/bin/env python3
"""Generate the SDK's resource clients, types, requests and reference.md from fern/definition.

    python tools/generate.py           write the generated files
    python tools/generate.py --check   regenerate into a temporary directory; exit 1 on any difference
"""

from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from codegen import emit


def main(argv: "list[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if the generated files are out of date")
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    files = emit.render(args.root)
    if args.check:
        problems = emit.check(args.root, files)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} generated file(s) out of date: run python tools/generate.py", file=sys.stderr)
            return 1
        print(f"{len(files)} generated files are up to date")
        return 0
    changed = emit.write(args.root, files)
    for relative in changed:
        print(relative)
    print(f"{len(files)} files generated, {len(changed)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
