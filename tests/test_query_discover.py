"""Discoverable queries: `query list` with parameters, `query show` per parameter, `query values`, declared
defaults that apply, common filters (actions by partnership, reports-by-region by region), kebab-case
parameter names with the old ones as aliases, the user's own queries folder, and docs/queries.md's examples.

The expected answers come from reading data/reports/ (Somerset's five actions at somerset.txt:96-100;
Birmingham's "Midlands" and Walsall's "West Midlands"; Cheshire West and Chester names no police) and the
agency types of ontology/concepts.ttl."""
from __future__ import annotations

import csv
import io
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from tce_graph.bundled import queries_dir
from tce_graph.cli import main
from tce_graph.query import get_query, list_queries
from tce_graph.query.saved import kebab

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIPS = ["Birmingham", "Cheshire West and Chester", "Reading", "Somerset", "Walsall"]


@pytest.fixture(scope="module")
def store_dir(built):
    return str(built.out_dir / "store")


def invoke(*args, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "100", "TCE_GRAPH_QUERIES": "", **(env or {})},
                              catch_exceptions=False)


def rows(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


# ------------------------------------------------------------------ list, show, values


def test_list_shows_each_querys_parameters_optional_in_brackets():
    out = invoke("query", "list")
    assert out.exit_code == 0
    width, pwidth = 32, 21  # partnerships-without-agency-type; "[partnership] [topic]"
    lines = {line.split()[0]: line for line in out.stdout.splitlines()}
    assert lines["actions"] == f"{'actions':<{width}}  {'[partnership] [topic]':<{pwidth}}  What areas committed to " \
                               "after the project (optionally for one partnership or topic)"
    assert lines["reports"].startswith(f"{'reports':<{width}}  {'-':<{pwidth}}  One row per report")
    assert lines["partnerships-without-agency-type"].split()[1] == "[agency-type]"
    assert lines["reports-by-region"].split()[1] == "[region]"


def test_show_lists_each_parameter_with_type_example_label_and_accepted_labels(store_dir):
    out = invoke("query", "show", "partner-agencies", "--store", store_dir)
    assert out.exit_code == 0, out.output
    head = out.stdout.split("\n#+ summary:")[0].splitlines()
    assert head == [
        "partner-agencies: The core partner agencies of each partnership (or of one), with their type",
        f"file: {queries_dir() / 'partner-agencies.rq'}",  # the bundled queries, in a checkout or the wheel
        "parameters:",
        "  partnership  a partnership: its label or IRI; optional (leave it out for all)",
        "    example: -p partnership=Walsall",  # a label, not the IRI the header gives
        "    accepts: Birmingham, Cheshire West and Chester, Reading, Somerset, Walsall (all, with their",
        "      other labels: tce-graph query values partnership)"]
    assert out.stderr == ""
    default = invoke("query", "show", "areas-by-topic", "--store", store_dir).stdout.splitlines()
    assert default[3] == "  topic  a topic: its label or IRI; optional, default 'Transitional safeguarding'"
    assert default[4] == "    example: -p topic=\"Transitional safeguarding\""
    assert invoke("query", "show", "reports").stdout.splitlines()[2] == "parameters: none"


def test_values_lists_the_labels_a_concept_parameter_accepts(store_dir):
    out = invoke("query", "values", "agency-type", "--store", store_dir)
    assert out.exit_code == 0 and out.stderr == ""
    lines = out.stdout.splitlines()
    assert lines[0].startswith("Children's services trust or company  (also: ")
    assert "Health commissioner  (also: CCG; Clinical Commissioning Group; ICB; Integrated Care Board)" in lines
    assert "Police  (also: Constabulary; Police force; Police service)" in lines
    assert "Other agency" in lines  # no other label
    assert invoke("query", "values", "partnership", "--store", store_dir).stdout.splitlines() == PARTNERSHIPS
    # the old name and the scheme's name (the class) name the same concepts
    assert invoke("query", "values", "agencytype", "--store", store_dir).stdout == out.stdout
    assert invoke("query", "values", "delivery-mode", "--store", store_dir).stdout == \
        invoke("query", "values", "delivery", "--store", store_dir).stdout


def test_values_before_a_build_reads_the_bundled_vocabulary(tmp_path):
    out = invoke("query", "values", "region", "--store", str(tmp_path / "none"))
    assert out.exit_code == 0
    assert "South West  (also: " in out.stdout and "West Midlands  (also: " in out.stdout
    assert out.stderr.startswith(f"note: no store at {tmp_path / 'none'} (tce-graph build writes one)")
    nothing = invoke("query", "values", "partnership", "--store", str(tmp_path / "none"))
    assert nothing.stdout == "(no partnership in the bundled vocabulary)\n"
    bad = CliRunner().invoke(main, ["query", "values", "colour"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: 'colour' is not a concept parameter or scheme; expected one of: agency-type,")


# ------------------------------------------------------------------ defaults, names, filters


def test_a_declared_default_applies_with_a_note(store_dir):
    out = invoke("query", "run", "areas-by-topic", "--format", "csv", "--store", store_dir)
    assert out.stderr.splitlines()[0] == (
        "note: parameter topic not given: using its default 'Transitional safeguarding', "
        "https://w3id.org/tce-graph/def/topic/transitional-safeguarding (-p topic=... to ask about another)")
    assert rows(out) == rows(invoke("query", "run", "transitional-safeguarding", "--format", "csv", "--store",
                                    store_dir))


def test_a_required_parameter_without_a_default_is_still_required(tmp_path):
    (tmp_path / "needs.rq").write_text("#+ summary: s\n#+ examples:\n#+   - word: cat\n"
                                       "SELECT ?s WHERE { ?s ?p ?_word }\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["query", "run", "needs", "--queries", str(tmp_path)])
    assert out.exit_code == 2
    assert out.stderr == "error: query 'needs' needs the parameter(s) word; for example -p word=cat\n"


def test_parameter_names_are_kebab_case_and_the_old_name_still_works(store_dir):
    assert kebab("agencyType") == "agency-type" and kebab("topic") == "topic"
    names = {p for q in list_queries() for p in q.parameters}
    assert {"topic", "partnership", "region", "agency-type"} <= names
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names), names
    new = invoke("query", "run", "partnerships-without-agency-type", "-p", "agency-type=police", "--format", "csv",
                 "--store", store_dir)
    assert [r["partnership"] for r in rows(new)] == ["Cheshire West and Chester"]
    old = invoke("query", "run", "partnerships-without-agency-type", "-p", "agencytype=police", "--format", "csv",
                 "--store", store_dir)
    assert old.stdout == new.stdout
    assert old.stderr == ("note: parameter agencytype is now called agency-type; -p agency-type=... "
                          "(the old name still works, for now)\n")


def test_actions_of_one_partnership(store_dir):
    got = rows(invoke("query", "run", "actions", "-p", "partnership=Somerset", "--format", "csv", "--store", store_dir))
    assert [(r["partnership"], r["n"], r["source"]) for r in got] == [
        ("Somerset", str(n), f"somerset.txt:{95 + n}") for n in range(1, 6)]
    assert got[0]["action"].startswith("Membership, chairing and terms of reference for the exploitation sub group")
    both = rows(invoke("query", "run", "actions", "-p", "partnership=Somerset", "-p", "topic=data", "--format", "csv",
                       "--store", store_dir))
    assert [r["n"] for r in both] == ["2"]
    assert len(rows(invoke("query", "run", "actions", "--format", "csv", "--store", store_dir))) == 24  # as before


def test_reports_by_region_of_one_region(store_dir):
    one = rows(invoke("query", "run", "reports-by-region", "-p", "region=west midlands", "--format", "csv",
                      "--store", store_dir))
    assert one == [{"region": "West Midlands", "gss": "E12000005", "reports": "2", "partnerships": "Birmingham; Walsall",
                    "stated": "Midlands; West Midlands"}]
    every = rows(invoke("query", "run", "reports-by-region", "--format", "csv", "--store", store_dir))
    assert {r["region"]: r["reports"] for r in every} == {"West Midlands": "2", "North West": "1", "South East": "1",
                                                          "South West": "1"}


# ------------------------------------------------------------------ the user's own queries


def _folder(tmp_path: Path) -> Path:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "partnership-names.rq").write_text(
        "#+ summary: The partnerships' names\n#+ description: d\n#+ tags: [Mine]\n"
        "PREFIX tce: <https://w3id.org/tce-graph/def#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?name WHERE { ?p a tce:Partnership ; skos:prefLabel ?name } ORDER BY ?name\n", encoding="utf-8")
    (mine / "reports.rq").write_text("#+ summary: My own reports query\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n",
                                     encoding="utf-8")
    return mine


def test_a_users_queries_folder_is_listed_beside_the_bundled_ones(tmp_path, store_dir):
    mine = _folder(tmp_path)
    for args, env in [(["--queries", str(mine)], {}), ([], {"TCE_GRAPH_QUERIES": str(mine)})]:
        out = invoke("query", "list", *args, env=env)
        assert out.exit_code == 0
        names = [line.split()[0] for line in out.stdout.splitlines()]
        assert names == sorted({q.name for q in list_queries()} | {"partnership-names"})
        assert "My own reports query" in out.stdout  # the user's query wins the clash
        assert out.stderr == f"warning: {mine / 'reports.rq'} replaces the bundled query reports\n"
    ran = invoke("query", "run", "partnership-names", "--format", "csv", "--store", store_dir,
                 env={"TCE_GRAPH_QUERIES": str(mine)})
    assert [r["name"] for r in rows(ran)] == PARTNERSHIPS and ran.stderr == ""
    clash = invoke("query", "run", "reports", "--format", "csv", "--queries", str(mine), "--store", store_dir)
    assert list(rows(clash)[0]) == ["n"] and clash.stderr.startswith("warning: ")
    assert get_query("reports", user=mine).summary == "My own reports query"
    assert get_query("reports").summary.startswith("One row per report")
    missing = CliRunner().invoke(main, ["query", "list", "--queries", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and f"no queries folder at {tmp_path / 'nope'}" in missing.stderr


# ------------------------------------------------------------------ docs/queries.md


def test_the_guides_worked_examples_run_as_shown(built, tmp_path, monkeypatch):
    """Every ``.rq`` of docs/queries.md, written to my-queries/, and every ``$ tce-graph`` command of it run in
    a folder whose out/ is the build: the output is what the guide shows (where it shows one)."""
    guide = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    files = re.findall(r"`(my-queries/[\w-]+\.rq)`:\n\n```sparql\n(.*?)```", guide, re.S)
    blocks = re.findall(r"```console\n\$ (tce-graph [^\n]*)\n(.*?)```", guide, re.S)
    assert len(files) == 3 and len(blocks) >= 3
    monkeypatch.chdir(tmp_path)
    Path("out").symlink_to(built.out_dir)
    Path("my-queries").mkdir()
    for name, text in files:
        Path(name).write_text(text, encoding="utf-8")
        assert get_query(Path(name)).summary, name
    for command, shown in blocks:
        out = CliRunner().invoke(main, shlex.split(command)[1:], env={"COLUMNS": "100", "TCE_GRAPH_QUERIES": ""})
        assert out.exit_code == 0, (command, out.output)
        if shown:
            assert out.output.replace("\r\n", "\n") == shown, command


def _complete(words: str, env: dict | None = None) -> list[str]:
    from click.testing import CliRunner

    from tce_graph.cli import main

    parts = words.split(" ")
    result = CliRunner().invoke(main, [], prog_name="tce-graph", env={
        "_TCE_GRAPH_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1), **(env or {})})
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


def test_the_shell_completes_saved_query_names_and_value_names(tmp_path):
    assert _complete("tce-graph query run tra") == ["transitional-safeguarding"]
    assert "no-health-partner" in _complete("tce-graph query show ")
    assert _complete("tce-graph query values agen") == ["agency-type"]
    (tmp_path / "my-own.rq").write_text("#+ summary: mine\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert _complete("tce-graph query run my", {"TCE_GRAPH_QUERIES": str(tmp_path)}) == ["my-own"]
    assert _complete(f"tce-graph query run --queries {tmp_path} my") == ["my-own"]
