"""`tce-graph query list|show|run`: options -> one library call -> output and exit code, never a traceback."""
from __future__ import annotations

import csv
import io
import json
import shutil
from unittest import mock

import pytest
from click.testing import CliRunner

from tce_graph.cli import main
from tce_graph.query import get_query, list_queries

INJECTION = 'x" } UNION { ?s ?p ?o } #'


@pytest.fixture(scope="module")
def store_dir(built):
    return str(built.out_dir / "store")


def invoke(*args, width: int = 100, terminal: bool = True):
    """The command's output as on a terminal of ``width`` columns (or, ``terminal=False``, a pipe)."""
    runner = CliRunner()
    with mock.patch("tce_graph.query.run.on_terminal", return_value=terminal):
        return runner.invoke(main, list(args), env={"COLUMNS": str(width)}, catch_exceptions=False)


def test_a_table_written_to_a_pipe_keeps_every_cell_whole(store_dir):
    args = ("query", "run", "areas-by-topic", "-p", "topic=transitional safeguarding", "--store", store_dir)
    piped, shown = invoke(*args, width=80, terminal=False), invoke(*args, width=80)
    assert "…" not in piped.stdout and "…" in shown.stdout
    # Cheshire West and Chester's evidence sentence (cheshire-west-and-chester.txt:14), whole in the pipe
    assert "Partnership – transitional safeguarding" in piped.stdout
    assert piped.stdout.splitlines()[-1] != "" and "cells are cut" not in piped.output


def test_list_names_every_query_with_its_summary():
    result = invoke("query", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(list_queries()) >= 12
    by_name = {line.split()[0]: line for line in lines}
    assert "Areas that pursued a topic" in by_name["areas-by-topic"]
    assert {"reports", "partner-agencies", "shared-agencies", "transitional-safeguarding", "themes", "actions",
            "cited-resources", "reports-by-region"} <= set(by_name)


def test_show_prints_the_query():
    result = invoke("query", "show", "areas-by-topic")
    assert result.exit_code == 0
    assert result.stdout.startswith("areas-by-topic: Areas that pursued a topic")
    assert "\n#+ summary:" in result.stdout and "?_topic_iri" in result.stdout and "SELECT" in result.stdout
    text = invoke("query", "show", "areas-by-topic", "--text")
    assert text.stdout.startswith("#+ summary:") and text.stdout == get_query("areas-by-topic").text


def test_run_table_fits_the_terminal(store_dir):
    result = invoke("query", "run", "areas-by-topic", "-p", "topic=transitional safeguarding", "--store", store_dir,
                    width=80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].split()[:2] == ["partnership", "region"] and len(lines) == 2 + 3
    assert "(3 rows; some cells are cut to fit: --format records" in result.stderr


def test_run_table_in_a_narrow_terminal(store_dir):
    result = invoke("query", "run", "topics", "--store", store_dir, width=40)
    assert result.exit_code == 0
    assert all(len(line) <= 40 for line in result.stdout.splitlines())


def test_run_csv_and_tsv(store_dir):
    out = invoke("query", "run", "shared-agencies", "--format", "csv", "--store", store_dir)
    assert out.exit_code == 0
    assert out.stdout_bytes.endswith(b"\r\n")  # CRLF as the CSV results format says (CliRunner shows \n)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["agency"], r["count"]) for r in rows] == [("West Midlands Police", "2")]
    assert set(rows[0]["partnerships"].split("; ")) == {"Walsall", "Birmingham"}
    tsv = invoke("query", "run", "delivery-modes", "--format", "tsv", "--store", store_dir).stdout.splitlines()
    assert tsv[0] == "?delivery\t?projects\t?partnerships"
    assert tsv[1].startswith('"Digital"@en\t5\t"')


def test_run_json(store_dir):
    out = invoke("query", "run", "reports-by-region", "--format", "json", "--store", store_dir)
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert data["head"]["vars"] == ["region", "gss", "reports", "partnerships", "stated"]
    first = data["results"]["bindings"][0]
    assert first["region"] == {"type": "literal", "value": "West Midlands", "xml:lang": "en"}
    assert first["reports"] == {"type": "literal", "value": "2",
                                "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_run_on_an_rdf_file(built):
    out = invoke("query", "run", "timeline", "--format", "csv", "--data", str(built.out_dir / "tce-graph.trig"))
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["partnership"] for r in rows][:1] == ["Birmingham"] and len(rows) == 5


def test_run_a_query_file(tmp_path, store_dir):
    rq = tmp_path / "agencies-of.rq"
    rq.write_text("#+ summary: agencies of a partnership\n"
                  "PREFIX tce: <https://w3id.org/tce-graph/def#>\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT DISTINCT ?agency WHERE { ?p tce:partnership ?_partnership_iri ; tce:coreAgency/skos:prefLabel ?agency }\n"
                  "ORDER BY ?agency\n", encoding="utf-8")
    out = invoke("query", "run", str(rq), "-p", "partnership=Reading", "--format", "csv", "--store", store_dir)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1:5] == ["Brighter Futures for Children", "Reading Borough Council",
                                            "Royal Berkshire NHS Foundation Trust", "Thames Valley Police"]


def test_injection_is_refused_and_changes_nothing(store_dir):
    before = json.loads(invoke("query", "run", "reports", "--format", "json", "--store", store_dir).stdout)
    for name, param in (("areas-by-topic", "topic"), ("partner-agencies", "partnership"), ("actions", "topic")):
        out = invoke("query", "run", name, "-p", f"{param}={INJECTION}", "--format", "json", "--store", store_dir)
        assert out.exit_code == 2 and out.stdout == "", out.output
        assert f"is labelled {INJECTION!r} (parameter {param})" in out.stderr
    assert json.loads(invoke("query", "run", "reports", "--format", "json", "--store", store_dir).stdout) == before


@pytest.mark.parametrize("args, message", [
    (["query", "run", "nope"], "no saved query named 'nope'; the saved queries are: actions, areas-by-topic"),
    (["query", "show", "nope"], "the saved queries are:"),
    (["query", "run", "areas-by-topic", "-p", "topik=x"], "has no parameter 'topik'; its parameters are: topic"),
    (["query", "run", "reports", "-p", "topic=x"], "it takes no parameters"),
    (["query", "run", "partnerships-without-agency-type", "-p", "agencytype=x", "-p", "agency-type=y"],
     "parameter agency-type is given twice"),
    (["query", "run", "areas-by-topic", "-p", "topic"], "expected NAME=VALUE"),
    (["query", "run", "reports", "--data", "a.trig", "--endpoint", "http://x/sparql"], "not both"),
    (["query", "run", "reports", "--store", "/nonexistent/store"], "no embedded store at /nonexistent/store"),
    (["query", "run", "missing.rq"], "no query file at missing.rq"),
])
def test_errors_are_one_line_messages(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.output


def test_a_header_that_is_not_yaml_is_a_one_line_error(tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("#+ summary: fine\n#+ tags: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    for command in ("show", "run"):
        result = CliRunner().invoke(main, ["query", command, str(rq)])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {rq}:2: the #+ header is not valid YAML: ")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_run_on_a_remote_endpoint(built, tmp_path):
    from oxigraph_server import OxigraphServer

    copy = tmp_path / "server-store"
    shutil.copytree(built.out_dir / "store", copy)
    # the built store's default graph already holds the union of its named graphs: served as it is
    server = OxigraphServer(copy, union_default_graph=False).start()
    try:
        out = invoke("query", "run", "areas-by-topic", "-p", "topic=CSE", "--format", "csv", "--endpoint", server.query)
        assert out.exit_code == 0, out.output
        rows = list(csv.DictReader(io.StringIO(out.stdout)))
        assert {(r["partnership"], r["strength"]) for r in rows} == {("Somerset", "Focus"), ("Birmingham", "Mention"),
                                                                   ("Walsall", "Mention")}
        actions = invoke("query", "run", "actions", "-p", "topic=data", "--format", "csv", "--endpoint", server.query)
        got = {(r["partnership"], r["n"]) for r in csv.DictReader(io.StringIO(actions.stdout))}
        assert got == {("Somerset", "2"), ("Reading", "1"), ("Reading", "3")}
        every = invoke("query", "run", "actions", "--format", "csv", "--endpoint", server.query)
        assert len(list(csv.DictReader(io.StringIO(every.stdout)))) == 24
        injected = invoke("query", "run", "partner-agencies", "-p", f"partnership={INJECTION}", "--format", "csv",
                          "--endpoint", server.query)
        assert injected.exit_code == 2 and injected.stdout == ""  # the endpoint's labels were looked up too
        assert f"is labelled {INJECTION!r} (parameter partnership)" in injected.stderr
    finally:
        server.stop()
