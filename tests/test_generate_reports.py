"""The synthetic learning-report generator used by the benchmarks (benchmarks/generate_reports.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tce_graph import parse_report
from tce_graph.reader.text import slugify

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gen():
    """benchmarks/generate_reports.py as a module (benchmarks/ is not a package)."""
    path = ROOT / "benchmarks" / "generate_reports.py"
    spec = importlib.util.spec_from_file_location("generate_reports", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_reports", module)  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def _contents(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def test_same_seed_gives_byte_identical_files(gen, tmp_path):
    first = gen.generate(12, tmp_path / "a", seed=3)
    second = gen.generate(12, tmp_path / "b", seed=3)
    assert [p.name for p in first] == [f"bsp-{k:05d}.txt" for k in range(1, 13)]
    assert _contents(first) == _contents(second)


def test_report_k_does_not_depend_on_the_number_of_reports(gen, tmp_path):
    five = _contents(gen.generate(5, tmp_path / "five", seed=7))
    twelve = _contents(gen.generate(12, tmp_path / "twelve", seed=7))
    assert all(twelve[name] == data for name, data in five.items())
    assert len(twelve) == 12


def test_another_seed_gives_other_reports(gen):
    assert gen.render(gen.plan(1, 0)) != gen.render(gen.plan(1, 1))


def test_every_report_describes_a_distinct_project(gen):
    # past the first round of partnerships, where a partnership's second project begins
    n = len(gen._areas(0)) + 300
    plans = [gen.plan(k, 0) for k in range(1, n + 1)]
    projects = [(slugify(p.partnership), p.commenced) for p in plans]
    assert len(set(projects)) == len(projects)
    assert len({p.partnership for p in plans}) == len(gen._areas(0)) > 900


def test_places_cover_every_region(gen):
    regions = {p.region for p in gen.PLACES}
    assert len(gen.PLACES) >= 150
    assert regions == set(gen.REGION_NAMES)


def test_people_are_invented(gen):
    names = {s.name.removeprefix("Dr ") for k in range(1, 400) for s in gen.plan(k, 0).signatories}
    assert not names & gen.NOT_GENERATED
    assert len(names) > 300


def test_ten_reports_read_as_generated(gen, tmp_path):
    paths = gen.generate(10, tmp_path, seed=0)
    layouts = set()
    for k, path in enumerate(paths, start=1):
        p = gen.plan(k, 0)
        layouts.add(p.layout)
        r = parse_report(path)
        assert r.partnership == p.partnership, path.name
        assert r.region is not None and r.region.slug == p.region, path.name
        assert r.region.name == p.region_name
        assert r.commenced == p.commenced and r.ended == p.ended, path.name
        assert [a.name for a in r.agencies] == p.agencies, path.name
        assert len(r.actions) == p.n_actions, path.name
        assert [(s.side, s.name) for s in r.signatures if s.name] == \
            [(s.side, s.name) for s in p.signatories], path.name
        unexpected = [w.message for w in r.warnings if not any(e in w.message for e in p.expected_warnings)]
        assert unexpected == [], path.name
    assert len(layouts) >= 3  # the first ten already mix converter layouts


def test_size_of_reports(gen):
    sizes = [len(gen.render(gen.plan(k, 0)).encode()) for k in range(1, 201)]
    assert min(sizes) > 2_500 and max(sizes) < 30_000
    assert 7_000 < sum(sizes) / len(sizes) < 15_000  # 10,000 reports: roughly 100 MB


def test_command_line(gen, tmp_path, capsys):
    assert gen.main(["--reports", "3", "--out", str(tmp_path / "out"), "--seed", "2"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bsp-00001.txt", "bsp-00002.txt",
                                                                    "bsp-00003.txt"]
    assert "wrote 3 report(s)" in capsys.readouterr().out
