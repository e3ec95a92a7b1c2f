"""Time every saved query on the embedded store (median of N runs) and check the 200 ms budget.

    python benchmarks/query_bench.py                 # builds the bundled reports into a temp folder
    python benchmarks/query_bench.py --store out/store --runs 21
    python benchmarks/query_bench.py --data out/tce-graph.trig --runs 5   # rdflib, for comparison

Each timing is one full ``run_query`` call as the CLI makes it: reading the .rq file, binding the
parameters (including the label lookup for ``-p topic=...``), running the query on pyoxigraph and
converting the solutions to rdflib terms; only opening the store is outside the timing. Queries with
a required parameter run with their ``#+ defaults`` (or their ``#+ examples``); a few extra cases
exercise label parameters and the optional ones. One untimed warm-up run precedes the timed runs.
Exit code 1 when a median is over the budget.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tce_graph.query import list_queries, run_query
from tce_graph.stores import open_store

BUDGET_MS = 200.0
EXTRA = [  # (query, parameters): label resolution and optional parameters
    ("areas-by-topic", {"topic": "child exploitation"}),
    ("areas-by-topic", {"topic": "CSE"}),
    ("actions", {"topic": "extra-familial harm"}),
    ("partner-agencies", {"partnership": "Walsall"}),
    ("topic-evidence", {"topic": "contextual safeguarding", "partnership": "Birmingham"}),
    ("partnerships-without-agency-type", {"agencytype": "NHS trust"}),
]


def cases() -> list[tuple[str, dict[str, str]]]:
    out = []
    for q in list_queries():
        params = dict(q.examples) if any(p.required for p in q.parameters.values()) else {}
        out.append((q.name, params))
    return out + EXTRA


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", help="embedded store to query (default: build the bundled reports into a temp dir)")
    ap.add_argument("--runs", type=int, default=21, help="timed runs per query (default 21)")
    ap.add_argument("--data", help="time the queries on this RDF file read by rdflib instead (for information: "
                                   "the budget applies to the embedded store)")
    args = ap.parse_args(argv)
    if args.data:
        location = Path(args.data)
    elif args.store:
        location = Path(args.store)
    else:
        from tce_graph import build

        tmp = Path(tempfile.mkdtemp(prefix="tce-bench-"))
        build(None, tmp, formats=("nquads",))
        location = tmp / "store"
    store = open_store(data=location) if args.data else open_store(location)
    print(f"store: {location} ({store.triple_count()} quads); {args.runs} timed runs per query, "
          f"budget {BUDGET_MS:.0f} ms")
    print(f"{'query':34} {'parameters':42} {'rows':>4} {'median':>9} {'min':>8} {'max':>8}")
    over = 0
    for name, params in cases():
        run_query(name, params, store)  # warm-up
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            result = run_query(name, params, store)
            times.append((time.perf_counter() - t) * 1000)
        med = statistics.median(times)
        over += med > BUDGET_MS
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        shown = shown if len(shown) <= 42 else shown[:41] + "…"
        flag = "  OVER BUDGET" if med > BUDGET_MS else ""
        print(f"{name:34} {shown:42} {len(result.rows):4} {med:7.1f}ms {min(times):6.1f}ms {max(times):6.1f}ms{flag}")
    print("all queries within budget" if not over else f"{over} query case(s) over the {BUDGET_MS:.0f} ms budget")
    return 1 if over and not args.data else 0


if __name__ == "__main__":
    sys.exit(main())
