"""python -m bench [module ...]: run benchmarks, print BENCH lines, exit 1 if a target is missed."""

from __future__ import annotations

import importlib
import sys

from bench.harness import RESULTS

MODULES = ["pages", "preprod", "upload", "render", "ingest", "review", "variant"]


def main(argv: list[str]) -> int:
    for name in argv or MODULES:
        importlib.import_module(f"bench.{name}").run()
    missed = [b for b in RESULTS if not b.ok]
    print(f"{len(RESULTS) - len(missed)} of {len(RESULTS)} figures on target", flush=True)
    for bench in missed:
        print(f"MISSED {bench.line()}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
