"""How long reading a published report takes: each PDF and Word file under tests/cases/published/
(made by tests/fixtures/make_published.py) read into the reader's text, best and median of N runs.

    python benchmarks/sources_bench.py [--runs 5] [FILE ...]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tce_graph.sources import source_from_bytes

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "tests" / "cases" / "published"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    files = args.files or sorted([*PUBLISHED.glob("*.pdf"), *PUBLISHED.glob("*.docx")])
    print(f"{'file':<34} {'KiB':>5} {'best s':>7} {'median s':>9}")
    for f in files:
        data = f.read_bytes()
        source_from_bytes(data, name=f.name)  # imports and first-use caches out of the figures
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            source_from_bytes(data, name=f.name)
            times.append(time.perf_counter() - start)
        print(f"{f.name:<34} {len(data) // 1024:>5} {min(times):>7.3f} {statistics.median(times):>9.3f}")


if __name__ == "__main__":
    main()
