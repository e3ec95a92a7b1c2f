"""The Python API as a notebook user meets it: answers as plain records and DataFrames, ad-hoc SPARQL,
a store named by its path, short reprs, one JSON form of a report; and the build command's defaults.

Expected values are from the reports: West Midlands Police is the one agency Walsall (walsall.txt:9)
and Birmingham (birmingham.txt:10) share; Walsall's project started in June 2020 (walsall.txt:15)."""
from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

import tce_graph
from tce_graph.cli import main

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


@pytest.fixture(scope="module")
def store_path(built) -> str:
    return str(built.out_dir / "store")


def test_records_are_plain_python_values(store_path):
    result = tce_graph.run_query("shared-agencies", store=store_path)  # a store named by its path
    assert result.records() == [{"agency": "West Midlands Police", "type": "Police", "count": 2,
                                 "partnerships": "Birmingham; Walsall",
                                 "sources": "birmingham.txt:10; walsall.txt:9"}]
    assert type(result.records()[0]["count"]) is int
    assert repr(result) == "<SelectResult 1 row(s): agency, type, count, partnerships, sources>"


def test_a_dataframe_has_the_columns_in_projection_order(store_path):
    frame = tce_graph.run_query("shared-agencies", store=store_path).to_dataframe()
    assert list(frame.columns) == ["agency", "type", "count", "partnerships", "sources"]
    assert frame.loc[0, "agency"] == "West Midlands Police" and int(frame.loc[0, "count"]) == 2


def test_ad_hoc_sparql_answers_in_the_form_asked(store_path):
    select = tce_graph.run_sparql(
        "PREFIX tce: <https://w3id.org/tce-graph/def#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?name ?date WHERE { ?p tce:partnership/skos:prefLabel ?name ; tce:commenced ?date } ORDER BY ?name",
        store_path)
    by_name = {r["name"]: r["date"] for r in select.records()}
    assert by_name["Walsall"] == "2020-06"  # xsd:gYearMonth has no Python type: its lexical form
    assert tce_graph.run_sparql("ASK { ?s ?p ?o }", store_path) is True
    graph = tce_graph.run_sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", store_path)
    assert isinstance(graph, Graph) and len(graph) == 3
    dated = tce_graph.run_sparql(
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?d WHERE { ?s dcterms:date ?d } LIMIT 1", store_path)
    assert isinstance(dated.records()[0]["d"], datetime.date)


def test_reprs_are_short(built, reports):
    assert len(repr(built)) < 200 and repr(built).startswith("BuildResult(5 report(s)")
    walsall = reports["walsall"]
    assert repr(walsall).startswith("<Report 'Walsall' from walsall.txt: 3 agencies, ")
    assert len(repr(walsall)) < 200


def test_a_report_has_one_json_form_with_spans(reports, report_paths):
    walsall = reports["walsall"]
    data = json.loads(walsall.to_json())
    assert data["partnership"] == "Walsall"
    assert data["spans"]["partnership"]["line"] == 8  # walsall.txt:8 "Partnership Name:\tWalsall"
    text = report_paths["walsall"].read_text(encoding="utf-8")
    span = data["spans"]["partnership"]
    assert text[span["start"]:span["end"]].strip() == "Walsall"
    printed = CliRunner().invoke(main, ["extract", str(report_paths["walsall"]), "--format", "json"])
    assert json.loads(printed.output) == data  # the form extract prints


def test_extract_text_reads_as_a_summary(report_paths):
    result = CliRunner().invoke(main, ["extract", str(report_paths["walsall"]), "--format", "text"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "partnership: Walsall" in lines
    assert "region: West Midlands (E12000005)" in lines
    assert "commenced: 2020-06" in lines
    assert not [ln for ln in lines if "{'" in ln or "['" in ln or "None" in ln]  # no Python notation


def test_build_without_a_path_reads_data_reports_here_and_says_so(tmp_path, monkeypatch):
    (tmp_path / "data" / "reports").mkdir(parents=True)
    edited = (REPORTS / "walsall.txt").read_text(encoding="utf-8").replace("Regional Area:\tWest Midlands",
                                                                          "Regional Area:\tWest Midlands.")
    (tmp_path / "data" / "reports" / "walsall.txt").write_text(edited, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--no-validate", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"built 1 report(s) from {os.path.join('data', 'reports')}, ")


def test_format_on_build_adds_to_the_default_formats(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(REPORTS / "reading.txt"), "--out", str(out), "--no-validate",
                                       "--format", "rdfxml"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["search.sqlite", "store", "tce-graph.jsonld", "tce-graph.nq",
                                                     "tce-graph.parts.json", "tce-graph.rdf", "tce-graph.trig",
                                                     "tce-graph.ttl"]


def test_urls_in_a_table_have_no_brackets(store_path):
    result = CliRunner().invoke(main, ["query", "run", "cited-resources", "--store", store_path, "--format", "records"])
    assert result.exit_code == 0
    # birmingham.txt:66 cites the microsite by its address
    assert "https://tce.researchinpractice.org.uk/topic/young-persons-voice/" in result.output
    assert "<https://" not in result.output


def test_shell_completion_completes_commands():
    env = {**os.environ, "COMP_WORDS": "tce-graph bu", "COMP_CWORD": "1", "_TCE_GRAPH_COMPLETE": "bash_complete"}
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'tce-graph'; "
                           "from tce_graph.cli import main; main(prog_name='tce-graph')"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["plain,build"]
