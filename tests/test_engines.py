"""The SHACL engines give the same results: pyshacl (the reference) and pyshacl-turbo (--shacl-engine turbo).

Compared on every shape case, on the five bundled reports (as the build validates them, in workers,
and as `tce-graph validate` reads the written TriG) and on the unseen-layout reports. The one known
difference: pyshacl-turbo checks the lexical form of xsd:gYearMonth ("2022-13" is no month, so it fails
sh:datatype, as SHACL says an ill-formed literal does); rdflib takes any text for that datatype, so
pyshacl does not report it. The shapes' own date checks report such a value under both engines.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal

from tce_graph.cli import main
from tce_graph.errors import InputError
from tce_graph.pipeline import build
from tce_graph.validate import check_report_graph, engines, validate_graph

pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo (the fast extra) is not installed")

CASES = Path(__file__).parent / "cases"
SHAPE_CASES = sorted(p for p in (CASES / "shapes").iterdir() if (p / "data.ttl").is_file())
LAYOUT_CASES = sorted(p for p in (CASES / "reports").iterdir() if p.is_dir())
REPORTS = Path(__file__).parent.parent / "data" / "reports"
GYEARMONTH = re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?")


def _rows(report) -> set[tuple]:
    return {(r.severity.name, r.report, r.focus, r.focus_label, r.path, r.value, r.values, r.message, r.fix,
             r.shape, r.constraint, r.graph) for r in report.results}


def _ill_typed_month(value: str | None) -> bool:
    m = re.fullmatch(r'"(.*)"\^\^xsd:gYearMonth', value or "")
    return m is not None and not GYEARMONTH.fullmatch(m.group(1))


@pytest.mark.parametrize("case", SHAPE_CASES, ids=lambda p: p.name)
def test_turbo_gives_pyshacls_results_on_every_shape_case(case):
    data = Graph()
    data.parse(case / "data.ttl", format="turtle")  # parsed once: both engines see the same blank nodes
    reference = validate_graph(data, engine="pyshacl")
    turbo = validate_graph(data, engine="turbo")
    ref_rows, turbo_rows = _rows(reference), _rows(turbo)
    assert not ref_rows - turbo_rows, "results pyshacl gives and pyshacl-turbo does not"
    extra = turbo_rows - ref_rows
    assert all(row[5] is not None and _ill_typed_month(row[5]) for row in extra), extra
    if not extra:
        assert turbo.conforms == reference.conforms


@pytest.mark.parametrize("case, path", [("project-malformed-dates", "tce:ended"),
                                        ("dates-malformed-not-compared", "tce:commenced")])
def test_the_known_difference_is_the_ill_typed_month_and_only_there(case, path):
    """Written from the cases' data: each states one month "2022-13"^^xsd:gYearMonth (no such month)."""
    data = Graph()
    data.parse(CASES / "shapes" / case / "data.ttl", format="turtle")
    extra = _rows(validate_graph(data, engine="turbo")) - _rows(validate_graph(data, engine="pyshacl"))
    assert [(row[0], row[4], row[5]) for row in extra] == [("VIOLATION", path, '"2022-13"^^xsd:gYearMonth')]
    assert not Literal("2022-13", datatype=XSD.gYearMonth).ill_typed  # rdflib's view, the cause


def test_a_build_validated_by_either_engine_gives_the_same_report_and_outputs(tmp_path):
    a = build([REPORTS], tmp_path / "a", cache=False, settings=None, workers=2)
    from tce_graph.config import Settings

    b = build([REPORTS], tmp_path / "b", cache=False, workers=2,
              settings=Settings.from_env(shacl_engine="turbo"))
    assert a.validation is not None and b.validation is not None
    assert _rows(a.validation) == _rows(b.validation)
    assert len(a.validation.results) == len(b.validation.results) > 0
    for name in ("tce-graph.nq", "tce-graph.trig", "tce-graph.ttl", "tce-graph.jsonld"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    # and the written TriG read back, validated whole, agrees with the build's own check
    assert _rows(validate_graph(tmp_path / "b", engine="turbo")) == _rows(a.validation)


@pytest.mark.parametrize("case", LAYOUT_CASES, ids=lambda p: p.name)
def test_turbo_gives_pyshacls_results_on_the_unseen_layouts(case, tmp_path):
    from tce_graph.config import Settings

    a = build([case], tmp_path / "a", cache=False, workers=1, keep_going=True)
    b = build([case], tmp_path / "b", cache=False, workers=1, keep_going=True,
              settings=Settings.from_env(shacl_engine="turbo"))
    assert a.validation is not None and b.validation is not None
    assert _rows(a.validation) == _rows(b.validation)


def test_the_text_the_worker_passes_gives_what_the_triples_give(built):
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(built.out_dir / "tce-graph.trig", format="trig")
    graph = next(g for g in ds.graphs() if str(g.identifier).endswith("/graph/somerset-2020-06"))
    triples = list(graph)
    text = engines.ntriples(triples)
    with_text = check_report_graph(str(graph.identifier), triples, engine="turbo", ntriples=text)
    without = check_report_graph(str(graph.identifier), triples, engine="turbo")
    reference = check_report_graph(str(graph.identifier), triples, engine="pyshacl")
    rows = [{(r.severity.name, r.focus, r.path, r.value, r.message) for r in o.results}
            for o in (with_text, without, reference)]
    assert rows[0] == rows[1] == rows[2] and rows[0]


def test_an_unknown_or_missing_engine_is_a_clear_error(monkeypatch):
    with pytest.raises(InputError, match="'fastest' is not known; expected one of pyshacl, turbo"):
        engines.check_engine("fastest")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "pyshacl_turbo" else real(name))
    with pytest.raises(InputError, match=r"needs the package pyshacl-turbo.*pip install 'tce-graph\[fast\]'"):
        engines.check_engine("turbo")
    monkeypatch.setenv("TCE_GRAPH_SHACL_ENGINE", "turbo")
    result = CliRunner().invoke(main, ["validate", str(CASES / "shapes" / "good-report" / "data.ttl")])
    assert result.exit_code == 2
    assert "needs the package pyshacl-turbo" in result.output


def test_the_cache_keeps_each_engines_validation_apart(tmp_path):
    from tce_graph.config import Settings

    cache = tmp_path / "cache"
    first = build([REPORTS / "walsall.txt"], tmp_path / "a", settings=Settings.from_env(cache_dir=cache))
    again = build([REPORTS / "walsall.txt"], tmp_path / "b", settings=Settings.from_env(cache_dir=cache))
    other = build([REPORTS / "walsall.txt"], tmp_path / "c",
                  settings=Settings.from_env(cache_dir=cache, shacl_engine="turbo"))
    assert (first.cached, again.cached, other.cached) == (0, 1, 0)
