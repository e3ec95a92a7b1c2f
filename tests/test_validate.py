"""SHACL validation: one case folder per broken (or good) graph, the library API and the CLI.

Each folder under ``tests/cases/shapes/`` holds ``data.ttl`` (a small hand-written graph, most of
them the good report with one kind of damage) and ``expected.json``: the results the shapes must
produce, as (shape, focus node, path, severity), and nothing else. ``good-report`` expects none.
An entry may also name the ``constraint`` (``"Datatype"`` for ``sh:DatatypeConstraintComponent``)
and the offending ``value`` (as the report prints it): such an entry must match exactly one result,
so a constraint deleted from a shape that others on the same property would cover still fails.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from tce_graph.cli import main
from tce_graph.errors import InputError
from tce_graph.validate import Severity, ValidationReport, load_shapes, validate_graph

CASES = Path(__file__).resolve().parent / "cases" / "shapes"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "data.ttl").is_file())
BASE = "https://w3id.org/tce-graph/id/"
TCESH = Namespace("https://w3id.org/tce-graph/shapes#")
TCE = Namespace("https://w3id.org/tce-graph/def#")
GOOD = CASES / "good-report" / "data.ttl"


def _expected(case: str) -> dict:
    return json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))


def _focus(iri: str) -> str:
    if iri.startswith("_:"):
        return "_:"  # any blank node
    return iri if "://" in iri else BASE + iri


def _keys_expected(case: str) -> set[tuple]:
    return {(e["shape"], _focus(e["focus"]), e.get("path"), e["severity"]) for e in _expected(case)["expected"]}


def _keys_actual_one(r) -> tuple:
    return (r.shape_name, "_:" if r.focus.startswith("_:") else r.focus, r.path, r.severity.value)


def _keys_actual(report: ValidationReport) -> set[tuple]:
    return {_keys_actual_one(r) for r in report.results}


# ---------------------------------------------------------------------------- the case folders

def _precise(entry: dict, result) -> bool:
    """Does a precise entry (one naming its constraint and/or value) describe this result?"""
    if "constraint" in entry and result.constraint != f"sh:{entry['constraint']}ConstraintComponent":
        return False
    return "value" not in entry or result.value == entry["value"]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_case(case):
    """The shapes produce exactly the expected results on the case's graph."""
    expected = _keys_expected(case)
    report = validate_graph(CASES / case / "data.ttl")
    actual = _keys_actual(report)
    missing, unexpected = expected - actual, actual - expected
    assert not missing and not unexpected, (
        f"{case}: missing {sorted(missing)}; unexpected {sorted(unexpected)}\n{report.to_text()}")
    assert report.conforms == (not any(k[3] == "Violation" for k in expected))
    for entry in _expected(case)["expected"]:
        if "constraint" not in entry and "value" not in entry:
            continue
        key = (entry["shape"], _focus(entry["focus"]), entry.get("path"), entry["severity"])
        hits = [r for r in report.results if _keys_actual_one(r) == key and _precise(entry, r)]
        assert len(hits) == 1, f"{case}: {entry} matched {len(hits)} results\n{report.to_text()}"
    precise = {(e["shape"], _focus(e["focus"]), e.get("path"), e["severity"]) for e in _expected(case)["expected"]
               if "constraint" in e or "value" in e}
    for r in report.results:  # where a key is described precisely, every result under it is described
        if _keys_actual_one(r) in precise:
            assert any(_precise(e, r) for e in _expected(case)["expected"]
                       if (e["shape"], _focus(e["focus"]), e.get("path"), e["severity"]) == _keys_actual_one(r)
                       and ("constraint" in e or "value" in e)), f"{case}: result not expected: {r}"


def test_cases_cover_every_shape():
    """Every constraint of the shapes fires in at least one case (and no case names a shape that does not exist)."""
    shapes = load_shapes()
    constrained = set()
    for s in shapes.subjects(RDF.type, SH.PropertyShape):
        if isinstance(s, URIRef) and str(s).startswith(str(TCESH)):
            constrained.add(str(s)[len(str(TCESH)):])
    for s in shapes.subjects(RDF.type, SH.NodeShape):  # node shapes with constraints of their own
        if isinstance(s, URIRef) and (s, SH.message, None) in shapes:
            constrained.add(str(s)[len(str(TCESH)):])
    named = {e["shape"] for case in CASE_NAMES for e in _expected(case)["expected"]}
    assert named <= constrained, f"cases name unknown shapes: {sorted(named - constrained)}"
    assert constrained - named == set(), f"shapes no case shows firing: {sorted(constrained - named)}"


def test_good_report_has_no_results():
    report = validate_graph(GOOD)
    assert report.conforms and report.results == []
    assert [r.iri for r in report.reports] == [BASE + "report/testshire-2021-06"]


# ---------------------------------------------------------------------------- the library API

def test_results_are_explained():
    report = validate_graph(CASES / "project-two-regions" / "data.ttl")
    assert not report.conforms
    [r] = report.results
    assert r.severity is Severity.VIOLATION
    assert r.report == BASE + "report/testshire-2021-06" and r.source_file == "testshire.txt"
    assert r.report_label == "Testshire Project Learning Report"
    assert r.focus == BASE + "project/testshire-2021-06" and r.focus_label == "Testshire Bespoke Support Project"
    assert r.path == "tce:region" and r.shape == "tcesh:SupportProject-region-multiple"
    assert "more than one region" in r.message and "Regional area" in r.fix
    assert r.constraint == "sh:MaxCountConstraintComponent"


def test_value_and_fix_of_a_datatype_result():
    report = validate_graph(CASES / "project-malformed-dates" / "data.ttl")
    ended = [r for r in report.results if r.shape_name == "SupportProject-ended"]
    assert ended and ended[0].value == '"2022-13"^^xsd:gYearMonth'
    assert "Date BSP commenced" in ended[0].fix


def test_region_unknown_is_a_violation_with_a_hint():
    report = validate_graph(CASES / "project-region-unknown" / "data.ttl")
    [r] = [r for r in report.results if r.severity is Severity.VIOLATION]
    assert r.shape_name == "SupportProject-region-missing"
    assert "nine regions" in r.fix and "South West" in r.fix


def test_strict_fails_on_warnings_only():
    path = CASES / "resource-url-lost" / "data.ttl"
    assert validate_graph(path).conforms
    # the SHACL report keeps sh:conforms's meaning (no result at all) and states the verdict beside it
    g = validate_graph(path).graph
    [vr] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(vr, SH.conforms) == Literal(False) and g.value(vr, TCESH.passes) == Literal(True)
    g = validate_graph(GOOD).graph
    assert g.value(next(g.subjects(RDF.type, SH.ValidationReport)), SH.conforms) == Literal(True)
    assert not validate_graph(path, strict=True).conforms
    info_only = CASES / "report-unsigned" / "data.ttl"  # warnings there too: strict fails
    assert not validate_graph(info_only, strict=True).conforms


def test_info_never_fails():
    g = Graph().parse(GOOD)
    g.remove((URIRef(BASE + "report/testshire-2021-06"), TCE.immediateReflections, None))
    report = validate_graph(g, strict=True)
    assert report.conforms and [r.severity for r in report.results] == [Severity.INFO]


def test_accepts_graph_dataset_and_path():
    g = Graph().parse(CASES / "project-two-regions" / "data.ttl")
    ds = Dataset()
    named = ds.graph(URIRef(BASE + "graph/testshire-2021-06"))
    for t in g:
        named.add(t)
    for data in (g, ds, str(CASES / "project-two-regions" / "data.ttl")):
        report = validate_graph(data)
        assert [r.shape_name for r in report.results] == ["SupportProject-region-multiple"]
    assert validate_graph(ds).results[0].graph == BASE + "graph/testshire-2021-06"


def test_report_graph_is_a_shacl_validation_report():
    report = validate_graph(CASES / "resource-broken" / "data.ttl")
    g = report.graph
    [vr] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(vr, SH.conforms) == Literal(False)
    assert len(list(g.objects(vr, SH.result))) == len(report.results)
    for res in g.objects(vr, SH.result):
        assert g.value(res, SH.focusNode) is not None and g.value(res, SH.resultSeverity) is not None
    reparsed = Graph().parse(data=report.to_turtle(), format="turtle")
    assert len(reparsed) == len(g)


def test_json_output():
    report = validate_graph(CASES / "project-details-missing" / "data.ttl")
    data = json.loads(report.to_json())
    assert data["conforms"] is False
    assert data["counts"] == {"Violation": 4, "Warning": 8, "Info": 1}
    assert data["reports"][0]["source_file"] == "testshire.txt"
    first = data["results"][0]
    assert set(first) >= {"severity", "report", "source_file", "focus", "focus_label", "path", "value", "message",
                          "fix", "shape", "shape_name", "constraint"}
    assert first["severity"] == "Violation"  # most serious first


def test_text_output_groups_by_report_and_severity():
    text = validate_graph(CASES / "project-details-missing" / "data.ttl").to_text()
    assert "Testshire Project Learning Report (testshire.txt)" in text
    assert text.index("  Violation (4)") < text.index("  Warning (8)") < text.index("  Info (1)")
    assert "fix: Fill in 'Digital / face to face / mixed delivery'" in text
    assert "Testshire Bespoke Support Project  id:project/testshire-2021-06   tce:deliveryMode" in text
    assert text.rstrip().endswith("Result: does not conform: 4 violation(s).")


def test_nodes_outside_any_report_are_grouped_apart():
    text = validate_graph(CASES / "concepts-broken" / "data.ttl").to_text()
    assert "Not in any report" in text


def test_bad_input_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        validate_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<")
    with pytest.raises(InputError, match=r"bad\.ttl:1: is not valid Turtle at column 1: "):
        validate_graph(bad)
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(InputError, match="no RDF triples"):
        validate_graph(empty)
    with pytest.raises(InputError, match="holds no built graph"):
        validate_graph(tmp_path)
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        validate_graph(odd)


def test_shared_node_is_reported_under_each_report():
    """Per named graph: a node two reports share is checked (and reported) in each."""
    g = Graph().parse(GOOD)
    person = URIRef(BASE + "person/jo-bloggs")
    g.remove((person, URIRef("http://xmlns.com/foaf/0.1/name"), None))
    ds = Dataset()
    for slug in ("one", "two"):
        named = ds.graph(URIRef(BASE + f"graph/{slug}"))
        for s, p, o in g:
            rename = {str(x): URIRef(str(x).replace("testshire-2021-06", f"{slug}-2021-06")
                                     .replace("source/0123456789abcdef", f"source/{slug}"))
                      for x in (s, o) if isinstance(x, URIRef)}
            named.add((rename.get(str(s), s), p, rename.get(str(o), o) if isinstance(o, URIRef) else o))
    report = validate_graph(ds)
    hits = [r for r in report.results if r.shape_name == "Person-name"]
    assert sorted(r.report for r in hits) == [BASE + "report/one-2021-06", BASE + "report/two-2021-06"]


# ---------------------------------------------------------------------------- the CLI

def _run(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_cli_exit_0_when_conforming_with_warnings():
    result = _run(CASES / "resource-url-lost" / "data.ttl")
    assert result.exit_code == 0, result.output
    assert "Warning (1)" in result.output and "Result: conforms." in result.output


def test_cli_strict_exit_1_on_warnings():
    result = _run(CASES / "resource-url-lost" / "data.ttl", "--strict")
    assert result.exit_code == 1


def test_cli_exit_1_when_not_conforming():
    result = _run(CASES / "project-missing-partnership" / "data.ttl")
    assert result.exit_code == 1
    assert "The project names no partnership" in result.output
    assert "does not conform" in result.output


def test_cli_exit_2_on_bad_input(tmp_path):
    result = _run(tmp_path / "nope.trig")
    assert result.exit_code == 2
    assert "error:" in result.output and "nope.trig" in result.output and "Traceback" not in result.output
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> { oops")
    result = _run(bad)
    assert result.exit_code == 2 and "bad.trig:1: is not valid TriG at column " in result.output
    assert len(result.output.strip().splitlines()) == 1  # one line, naming the file and the line


def test_cli_json_and_turtle_formats():
    path = CASES / "project-two-regions" / "data.ttl"
    result = _run(path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["results"][0]["shape_name"] == "SupportProject-region-multiple"
    result = _run(path, "--format", "turtle")
    assert result.exit_code == 1
    g = Graph().parse(data=result.stdout, format="turtle")
    assert (None, SH.conforms, Literal(False)) in g


def test_cli_text_format_is_the_default():
    result = _run(GOOD, "--format", "text")
    assert result.exit_code == 0
    assert "no problems" in result.output


# ---------------------------------------------------------------------------- the build

def test_built_output_validates(built):
    result = _run(built.out_dir)
    assert result.exit_code == 0, result.output
    assert "5 report(s), 0 violations" in result.output


def test_build_validates_by_default(built):
    assert built.validation is not None and built.validation.conforms
    assert len(built.validation.reports) == 5


def test_build_no_validate_and_non_conforming_build(tmp_path, monkeypatch):
    from tce_graph import pipeline

    report_file = Path(__file__).resolve().parents[1] / "data" / "reports" / "walsall.txt"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(report_file), "--out", str(tmp_path / "a"), "--no-validate",
                                  "--no-store"])
    assert result.exit_code == 0, result.output
    assert "validated" not in result.output

    original = pipeline.report_triples

    def broken(report, base_iri):  # drop the partnership of every project
        graph_iri, triples = original(report, base_iri)
        return graph_iri, {t for t in triples if t[1] != TCE.partnership}

    monkeypatch.setattr(pipeline, "report_triples", broken)
    out = tmp_path / "b"
    result = runner.invoke(main, ["build", str(report_file), "--out", str(out), "--no-store", "--no-cache"])
    assert result.exit_code == 1
    assert "The project names no partnership" in result.output
    assert (out / "tce-graph.trig").is_file()  # the outputs are still written


def test_rdf_without_tce_data_is_bad_input(tmp_path):
    """Validating RDF that holds no learning-report data is an input error, not a pass."""
    other = tmp_path / "other.ttl"
    other.write_text('<https://example.org/a> <https://example.org/p> "x" .\n', encoding="utf-8")
    with pytest.raises(InputError, match="holds no tce-graph data"):
        validate_graph(other)
    result = _run(other)
    assert result.exit_code == 2 and "other.ttl: holds no tce-graph data" in result.output


def test_sparql_constraints_are_parsed_once_and_rdflib_is_left_as_it_was(monkeypatch):
    """Each SPARQL constraint's text is parsed once per validation, whatever the number of graphs;
    afterwards rdflib's SPARQL processor is its own again."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    parsed: list[str] = []
    real_parse = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda q: parsed.append(q) or real_parse(q))
    g = Graph().parse(GOOD)
    ds = Dataset()
    for i in range(3):  # three named graphs, each validated on its own
        named = ds.graph(URIRef(BASE + f"graph/copy-{i}"))
        for s, p, o in g:
            named.add((URIRef(str(s).replace("testshire", f"testshire{i}")) if isinstance(s, URIRef) else s, p,
                       URIRef(str(o).replace("testshire", f"testshire{i}")) if isinstance(o, URIRef) else o))
    report = validate_graph(ds)
    assert len(report.reports) == 3 and report.conforms
    assert parsed and len(parsed) == len(set(parsed))
    assert processor.SPARQLProcessor.query is original


def test_validate_names_nodes_under_the_data_s_own_base_iri(tmp_path, report_paths):
    from tce_graph import build

    base = "https://data.example.org/tce/"
    build([report_paths["walsall"]], tmp_path, base_iri=base, store=False, validate=False)
    report = validate_graph(tmp_path)
    assert report.base_iri == base  # read from the dataset description's void:uriSpace
    text = report.to_text()
    assert "  id:report/walsall-2020-06/resource/rapid-evidence-scope" in text
    assert "https://w3id.org/tce-graph/id/" not in text
    explicit = validate_graph(tmp_path, base_iri="https://elsewhere.example/")
    assert f"  {base}report/walsall-2020-06/resource/rapid-evidence-scope" in explicit.to_text()


def test_the_build_s_per_report_validation_is_validating_the_dataset_whole(tmp_path, report_paths):
    from tce_graph import build

    result = build(sorted(report_paths.values()), tmp_path, workers=2, store=False)
    whole = validate_graph(tmp_path)
    assert result.validation.results == whole.results and whole.results
    assert result.validation.conforms == whole.conforms
    assert result.validation.reports == whole.reports
    assert result.validation.to_text().split("\n", 1)[1] == whole.to_text().split("\n", 1)[1]
    from rdflib.compare import isomorphic
    assert isomorphic(result.validation.graph, whole.graph)


@pytest.mark.parametrize("case", sorted(p for p in (Path(__file__).parent / "cases" / "shapes").iterdir()
                                        if (p / "data.ttl").is_file()), ids=lambda p: p.name)
def test_a_report_unit_checked_alone_gives_the_results_of_the_whole_check(case):
    """check_report_graph (the build's per-report check, which leaves out class targets no node of the
    report's graph has) finds exactly what validate_graph finds on the same nodes."""
    from rdflib import BNode, Graph

    from tce_graph.validate import check_report_graph

    data = Graph().parse(case / "data.ttl", format="turtle")
    subjects = {f"_:{s}" if isinstance(s, BNode) else str(s) for s in data.subjects()}
    whole = [r for r in validate_graph(data).results if r.focus in subjects]
    alone = check_report_graph("https://w3id.org/tce-graph/id/graph/case", list(data)).results
    key = lambda r: (r.focus, r.shape, r.path or "", r.value or "", r.severity.rank, r.message)  # noqa: E731
    assert sorted(map(key, alone)) == sorted(map(key, whole))
