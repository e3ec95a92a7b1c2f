"""The scale benchmark's smallest size runs as a smoke test: the whole pipeline on 10 generated
reports, the old way beside it, every saved query, and the table printed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_bench  # noqa: E402


def test_the_scale_benchmark_runs_at_its_smallest_size(tmp_path, capsys):
    out = tmp_path / "rows.json"
    assert scale_bench.main(["--reports", "10", "--old-max", "10", "--workers", "2", "--json", str(out)]) == 0
    table = capsys.readouterr().out
    assert "| 10 |" in table and "ratio" in table and "transitional-safeguarding" in table
    [row] = json.loads(out.read_text())
    assert row["reports"] == 10 and row["triples"] > 10_000 and row["conforms"] is True
    assert row["old"]["triples"] == row["triples"]  # the old way builds the same graph
    assert set(row["queries"]) == set(row["old"]["queries"]) and len(row["queries"]) >= 17
    assert {"cpu:read", "cpu:map", "cpu:validate", "workers", "export", "store"} <= set(row["stages"])
