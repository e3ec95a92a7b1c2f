"""The whole pipeline at 10, 100, 1,000 and 10,000 synthetic reports, side by side with the way it
was built before (one rdflib Dataset, one pyshacl process, rdflib SPARQL), with the ratio per stage.

    python benchmarks/scale_bench.py --reports 1000
    python benchmarks/scale_bench.py --reports 10 100 1000 10000 --old-max 1000 --server

Reports come from ``benchmarks/generate_reports.py`` (deterministic, seed 0). Every measured run is a
new process, so its peak memory is its own: ``peak MB`` is the largest resident set of the run's
processes (the build's parent or one of its workers). The new way runs ``tce_graph.build`` with the
given ``--workers``, ``--shacl-engine`` and no build cache (a cold build), then every saved query on the embedded store
(median of 3 after a warm-up; a query slower than 2 s is timed once), then (``--server``)
``tce-graph load`` into an Oxigraph server on 127.0.0.1. The old way, up to ``--old-max``
reports, parses and maps every report into one rdflib Dataset, writes the same formats and the store
from it, validates it with pyshacl in one process and answers the saved queries with rdflib.
``--rebuild`` also times a rebuild after one report changed (the cache warm). Times are wall
seconds; ``cpu`` adds the CPU seconds of every process of the run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

NEW_BUILD = r"""
import json, os, sys, threading, time
from tce_graph import build, pipeline
from tce_graph.config import Settings
args = json.loads(sys.argv[1])
stage, peaks, running = ["workers"], {}, [True]
clock = pipeline._Clock.__call__
def timed(self, name):  # the stage the build is in, for the memory sampler
    stage[0] = name
    return clock(self, name)
pipeline._Clock.__call__ = timed
def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
    except (OSError, StopIteration):
        return 0.0
def children():
    try:
        with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []
def sample():  # peak MB of this process and of its workers, per stage
    while running[0]:
        key = stage[0]
        own, kids = peaks.get(key, (0.0, 0.0))
        peaks[key] = (max(own, rss(os.getpid())), max(kids, sum(rss(c) for c in children())))
        time.sleep(0.5)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
r = build([args["reports"]], args["out"], workers=args["workers"], validate=args["validate"],
          settings=Settings(cache_dir=args["cache"], shacl_engine=args["engine"]), cache=args["cache"] is not None)
wall = time.perf_counter() - start
running[0] = False
print(json.dumps({"wall": wall, "triples": r.triples, "timings": r.timings, "cached": r.cached,
                  "conforms": r.validation.conforms if r.validation else None,
                  "stage_peaks_mb": {k: [round(a), round(b)] for k, (a, b) in peaks.items()}}))
"""

OLD_BUILD = r"""
import json, sys, time
from pathlib import Path
from tce_graph.pipeline import read_reports
from tce_graph.rdf.dataset import build_dataset
from tce_graph.rdf.export import write_exports
from tce_graph.sources import find_reports
args = json.loads(sys.argv[1])
t = {}
c = time.process_time(); s = time.perf_counter()
reports, _ = read_reports(find_reports([args["reports"]]), keep_going=True)
t["read"] = time.perf_counter() - s
s = time.perf_counter(); ds = build_dataset(reports, "https://w3id.org/tce-graph/id/")
t["map"] = time.perf_counter() - s
s = time.perf_counter(); write_exports(ds, Path(args["out"]), "https://w3id.org/tce-graph/id/", store=True)
t["export+store"] = time.perf_counter() - s
if args["validate"]:
    from tce_graph.validate import validate_graph
    s = time.perf_counter(); v = validate_graph(ds); t["validate"] = time.perf_counter() - s
queries = {}
if args["queries"]:
    from tce_graph.query import list_queries, run_query
    from tce_graph.stores import MemoryStore
    store = MemoryStore(ds)
    for q in list_queries():
        params = dict(q.examples) if any(p.required for p in q.parameters.values()) else {}
        s = time.perf_counter(); run_query(q, params, store); queries[q.name] = time.perf_counter() - s
print(json.dumps({"timings": t, "triples": sum(1 for _ in ds.quads((None, None, None, None))), "queries": queries}))
"""

QUERIES = r"""
import json, statistics, sys, time
from tce_graph.query import list_queries, run_query
from tce_graph.stores import open_store
store = open_store(sys.argv[1])
out = {}
for q in list_queries():
    params = dict(q.examples) if any(p.required for p in q.parameters.values()) else {}
    s = time.perf_counter(); run_query(q, params, store); first = time.perf_counter() - s
    times = [first]
    if first < 2.0:  # a slow query is timed once (its warm-up run)
        times = []
        for _ in range(3):
            s = time.perf_counter(); run_query(q, params, store); times.append(time.perf_counter() - s)
    out[q.name] = statistics.median(times)
print(json.dumps(out))
"""


def _run(code: str, *args: str, timeout: float | None = None) -> tuple[dict, float, float, float]:
    """Run ``code`` in a new interpreter: (its JSON answer, wall s, CPU s of it and its children, peak MB).
    The CPU and the peak are that run's own (``os.wait4``: the interpreter and the workers it waited
    for), not the largest of every run so far as ``RUSAGE_CHILDREN`` would give."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=err, text=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise subprocess.TimeoutExpired(proc.args, timeout)
            time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(stderr[-2000:])
    cpu = usage.ru_utime + usage.ru_stime
    return json.loads(stdout.strip().splitlines()[-1]), wall, cpu, usage.ru_maxrss / 1024


def _server_load(out: Path, tmp: Path) -> float | None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from oxigraph_server import OxigraphServer, oxigraph_executable
    except ImportError:
        return None
    if oxigraph_executable() is None:
        return None
    tmp.mkdir(parents=True, exist_ok=True)
    srv = OxigraphServer(tmp / "server").start()
    try:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tce_graph", "load", "--from", str(out),
                               "--graph-store", srv.store, "--endpoint", srv.query], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        return time.perf_counter() - start
    finally:
        srv.stop()


def measure(n: int, args, tmp: Path) -> dict:
    from generate_reports import generate

    reports = tmp / f"reports-{n}"
    if not reports.is_dir():
        generate(n, reports)
    row: dict = {"reports": n}
    out = tmp / f"new-{n}"
    shutil.rmtree(out, ignore_errors=True)
    rebuild = args.rebuild and n <= args.rebuild_max
    cache = tmp / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    # with --rebuild the build fills an empty cache (as a default build does), then is repeated after a change
    spec = {"reports": str(reports), "out": str(out), "workers": args.workers, "validate": not args.no_validate,
            "cache": str(cache) if rebuild else None, "engine": args.shacl_engine}
    new, wall, cpu, peak = _run(NEW_BUILD, json.dumps(spec))
    row.update(triples=new["triples"], wall=wall, cpu=cpu, peak=peak, stages=new["timings"],
               conforms=new["conforms"], stage_peaks_mb=new.get("stage_peaks_mb"))
    row["queries"], *_ = _run(QUERIES, str(out / "store"))
    if args.server:
        row["server_load"] = _server_load(out, tmp / f"srv-{n}")
    if rebuild:  # one report changed: the cache gives the others, the store is updated where it stands
        first = sorted(reports.iterdir())[0]
        first.write_text(first.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
        again, rwall, *_, rpeak = _run(NEW_BUILD, json.dumps(spec))
        row["rebuild"] = rwall
        row["rebuild_peak"] = rpeak
        row["rebuild_cached"] = again["cached"]
        row["rebuild_stages"] = again["timings"]
        row["rebuild_stage_peaks_mb"] = again.get("stage_peaks_mb")
        shutil.rmtree(reports)  # the changed set is not reused
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    if n <= args.old_max:
        old_out = tmp / f"old-{n}"
        spec_old = {"reports": str(reports if reports.is_dir() else _regen(n, tmp)), "out": str(old_out),
                    "validate": not args.no_validate, "queries": True}
        old, owall, ocpu, opeak = _run(OLD_BUILD, json.dumps(spec_old))
        row["old"] = {"wall": owall, "cpu": ocpu, "peak": opeak, "stages": old["timings"], "queries": old["queries"],
                      "triples": old["triples"]}
        shutil.rmtree(old_out, ignore_errors=True)
    return row


def _regen(n: int, tmp: Path) -> Path:
    from generate_reports import generate

    folder = tmp / f"reports-{n}"
    generate(n, folder)
    return folder


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def table(rows: list[dict]) -> str:
    lines = ["| reports | triples | build wall s | build cpu s | reports/s | peak MB | read cpu | map cpu | "
             "serialise cpu | validate cpu | export s | store load s | slowest query s | server load s | "
             "rebuild s (1 changed) |",
             "|" + "---|" * 15]
    for r in rows:
        st = r["stages"]
        slow = max(r["queries"].values()) if r["queries"] else None
        lines.append(f"| {r['reports']} | {r['triples']} | {_fmt(r['wall'])} | {_fmt(r['cpu'])} | "
                     f"{_fmt(r['reports'] / r['wall'])} | {r['peak']:.0f} | {_fmt(st.get('cpu:read'))} | "
                     f"{_fmt(st.get('cpu:map'))} | {_fmt(st.get('cpu:serialise'))} | {_fmt(st.get('cpu:validate'))} | "
                     f"{_fmt(st.get('export'))} | {_fmt(st.get('store'))} | {_fmt(slow)} | "
                     f"{_fmt(r.get('server_load'))} | {_fmt(r.get('rebuild'))} |")
    old = [r for r in rows if "old" in r]
    if old:
        lines += ["", "Side by side with the way it was built before (wall seconds; ratio = old / new):", "",
                  "| reports | old build s | new build s | ratio | old peak MB | new peak MB | old read+map s | "
                  "old export+store s | old validate s | slowest query old s | slowest query new s | query ratio |",
                  "|" + "---|" * 12]
        for r in old:
            o = r["old"]
            oq, nq = max(o["queries"].values()), max(r["queries"].values())
            lines.append(f"| {r['reports']} | {_fmt(o['wall'])} | {_fmt(r['wall'])} | {o['wall'] / r['wall']:.1f}x | "
                         f"{o['peak']:.0f} | {r['peak']:.0f} | {_fmt(o['stages']['read'] + o['stages']['map'])} | "
                         f"{_fmt(o['stages']['export+store'])} | {_fmt(o['stages'].get('validate'))} | "
                         f"{_fmt(oq)} | {_fmt(nq)} | {oq / nq:.1f}x |")
    lines += ["", "Each saved query on the embedded store (seconds, median of 3; over 2 s: one run):", "",
              "| query | " + " | ".join(str(r["reports"]) for r in rows) + " |", "|---|" + "---|" * len(rows)]
    for name in sorted(rows[0]["queries"]):
        lines.append(f"| {name} | " + " | ".join(_fmt(r["queries"].get(name)) for r in rows) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, nargs="+", default=[10, 100, 1000],
                    help="sizes to run (default 10 100 1000)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="build workers (default: the cores)")
    ap.add_argument("--old-max", type=int, default=1000, help="largest size to run the old way at (default 1000)")
    ap.add_argument("--no-validate", action="store_true", help="build without SHACL validation")
    ap.add_argument("--shacl-engine", default="pyshacl", choices=("pyshacl", "turbo"),
                    help="the build's SHACL engine (default pyshacl; the old way always uses pyshacl)")
    ap.add_argument("--server", action="store_true", help="also time loading into an Oxigraph server")
    ap.add_argument("--rebuild", action="store_true", help="also time a rebuild after one report changed")
    ap.add_argument("--rebuild-max", type=int, default=1000, help="largest size to time the rebuild at")
    ap.add_argument("--json", help="also write the measurements to this JSON file")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="tce-scale-"))
    try:
        rows = []
        for n in args.reports:
            rows.append(measure(n, args, tmp))
            print(f"measured {n} report(s): {rows[-1]['wall']:.1f} s", file=sys.stderr, flush=True)
        print(table(rows))
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
