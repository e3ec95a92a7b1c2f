"""Time loading the graph into a live Oxigraph server on loopback, and writing the embedded store.

    python benchmarks/load_bench.py [--copies 100] [--repeat 3] [--big-repeat 1]

Builds the five bundled reports, starts ``oxigraph serve`` on a free port in a temporary folder, then
times ``tce_graph.load.load`` for

* the five reports (9 named graphs) -- Graph Store PUT staged + MOVE, plain PUT, and SPARQL Update;
* a generated graph ``--copies`` times larger: every named graph replicated under new graph IRIs,
  with the data's IRIs and blank nodes renamed per copy so no triple is shared between copies;

and ``write_embedded_store`` for both. Prints the median of ``--repeat`` runs for the five reports and
of ``--big-repeat`` runs for the generated graph (each run a full replace of every graph).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from oxigraph_server import OxigraphServer  # noqa: E402
from tce_graph.pipeline import build  # noqa: E402
from tce_graph.stores import EmbeddedStore, write_embedded_store  # noqa: E402
from tce_graph.stores.load import load  # noqa: E402

ID = "<https://w3id.org/tce-graph/id/"


def replicate(nquads: Path, copies: int, out: Path) -> int:
    """Write ``copies`` renamed copies of an N-Quads file; return the number of quads written."""
    lines = [ln for ln in nquads.read_text(encoding="utf-8").splitlines() if ln.strip()]
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for ln in lines:
                ln = ln.replace(ID, f"{ID}copy{k}/").replace("_:", f"_:c{k}x")
                head, _, graph = ln[:-2].rstrip().rpartition(" <")
                if f"copy{k}/" not in graph:  # ontology graphs: give each copy its own graph name
                    graph = graph[:-1] + f"/copy{k}>"
                fh.write(f"{head} <{graph} .\n")
                n += 1
    return n


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--big-repeat", type=int, default=1)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        result = build(None, tmp / "out", formats=("trig", "nquads"), store=False)
        print(f"build (5 reports, {result.triples} quads, no store): {time.perf_counter() - t0:.2f}s", flush=True)
        big = tmp / f"x{args.copies}.nq"
        big_quads = replicate(tmp / "out" / "tce-graph.nq", args.copies, big)

        srv = OxigraphServer(tmp / "oxigraph").start()
        rows = []
        try:
            cases = [
                ("5 reports", tmp / "out" / "tce-graph.nq", result.triples, args.repeat),
                (f"{args.copies}x generated", big, big_quads, args.big_repeat),
            ]
            for label, src, quads, repeat in cases:
                sec, _ = timed(lambda src=src: write_embedded_store(src, tmp / "store"), repeat)
                assert EmbeddedStore(tmp / "store").triple_count() == quads
                rows.append((label, quads, "embedded store (bulk load, atomic swap)", sec, None, repeat))
                print(*rows[-1], sep=" | ", flush=True)
                for method, kwargs in (
                    ("Graph Store PUT, staged + MOVE", dict(graph_store=srv.store, update_endpoint=srv.update)),
                    ("Graph Store PUT", dict(graph_store=srv.store)),
                    ("SPARQL Update (DROP+INSERT DATA)", dict(update_endpoint=srv.update)),
                ):
                    srv.clear()
                    sec, report = timed(lambda src=src, kwargs=kwargs: load(src, verify=False, **kwargs), repeat)
                    assert report.ok and srv.count() == quads, (srv.count(), quads)
                    rows.append((label, quads, method, sec, len(report.loaded), repeat))
                    print(*rows[-1], sep=" | ", flush=True)
        finally:
            srv.stop()

    print("\n| data | quads | graphs | target | time (median of runs) | quads/s |")
    print("|---|---:|---:|---|---:|---:|")
    for label, quads, method, sec, graphs, repeat in rows:
        print(f"| {label} | {quads:,} | {graphs if graphs is not None else '-'} | {method} | {sec:.2f}s ({repeat}) "
              f"| {quads / sec:,.0f} |")


if __name__ == "__main__":
    main()
