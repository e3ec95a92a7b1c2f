"""Time the whole `tce-graph network` command (a fresh process each run, as a user runs it) and check
its budget: 5 s for the five bundled reports, 60 s for 1,000 synthetic ones.

    python benchmarks/network_bench.py                          # builds the bundled reports into a temp folder
    python benchmarks/network_bench.py --store out/store --runs 5
    python benchmarks/network_bench.py --reports 1000 --runs 1  # generates and builds 1,000 reports first
    python benchmarks/network_bench.py --store /tmp/net1000/store --budget 60 --runs 1

Besides the wall time of each run, it prints the command's own stages (reading the store through
SPARQL, making and measuring the graphs, writing the files and pictures) from one in-process run.
Exit code 1 when the median is over the budget.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _store(args, work: Path) -> Path:
    if args.store:
        return Path(args.store)
    if args.reports:
        reports = work / "reports"
        subprocess.run([sys.executable, str(HERE / "generate_reports.py"), "--reports", str(args.reports),
                        "--out", str(reports)], check=True)
        sources = [str(reports)]
    else:
        sources = []  # the bundled reports
    started = time.perf_counter()
    subprocess.run(["tce-graph", "build", *sources, "--out", str(work / "out"), "--no-validate", "--no-cache"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"built in {time.perf_counter() - started:.1f} s (not timed below)")
    return work / "out" / "store"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="an embedded store to analyse (default: build one)")
    parser.add_argument("--reports", type=int, default=0, help="generate and build this many synthetic reports")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the command (default 3)")
    parser.add_argument("--budget", type=float, default=None,
                        help="seconds the median may take (default 5, or 60 above 100 reports)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store = _store(args, work)
        from tce_graph.network import write_network

        result = write_network(store_dir=store, out=work / "network-stages")
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
        reports = result.summaries["report-similarity"].nodes if "report-similarity" in result.summaries else 0
        print(f"{reports} reports; stages in process: {stages}")
        walls = []
        for i in range(args.runs):
            started = time.perf_counter()
            subprocess.run(["tce-graph", "network", "--store", str(store), "--out", str(work / "network")],
                           check=True, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - started)
            print(f"run {i + 1}: {walls[-1]:.2f} s")
        budget = args.budget if args.budget is not None else (60.0 if reports > 100 else 5.0)
        median = statistics.median(walls)
        print(f"tce-graph network: median {median:.2f} s over {len(walls)} run(s); budget {budget:.0f} s")
        return 0 if median <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
