"""Answers that never mislead (issue 16): `tce-graph search` finds the reports' own words whatever the
thesaurus says; a label that is another concept's, or nobody's, is said so; a season gives a year.
Expectations come from reading the five bundled reports (``grep -i`` over ``data/reports/*.txt``)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Literal

from tce_graph.cli import main
from tce_graph.namespaces import TCE
from tce_graph.query.search import search, sentences_with
from tce_graph.rdf.mapping import report_to_graph
from tce_graph.reader import parse_report
from tce_graph.reader.dates import year_only

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "reports"


@pytest.fixture(scope="module")
def store_dir(built):
    return str(built.out_dir / "store")


def invoke(*args):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "100"}, catch_exceptions=False)


# ---------------------------------------------------------------- labels said so

def test_county_lines_is_its_own_topic_and_no_report_mentions_it(store_dir):
    # no bundled report says "county lines" (grep -il 'county.lines' data/reports/*.txt finds none)
    assert not any("county line" in p.read_text(encoding="utf-8").lower() for p in (ROOT / "data/reports").glob("*"))
    out = invoke("query", "run", "topic-evidence", "-p", "topic=county lines", "--store", store_dir, "--format", "tsv")
    assert out.exit_code == 0
    assert out.stdout == "?partnership\t?topic\t?strength\t?givesStrength\t?section\t?sentence\t?source\n"
    assert out.stderr == ("note: no report is tagged with the topic 'County lines' (or a narrower one); "
                          "tce-graph search \"county lines\" looks for the words in the reports' text\n")


def test_an_alternative_label_names_its_concept(store_dir):
    out = invoke("query", "run", "topic-evidence", "-p", "topic=CCE", "--store", store_dir, "--format", "csv")
    assert out.exit_code == 0
    assert out.stderr.splitlines()[0] == "note: 'CCE' is a label of the topic 'Child criminal exploitation'"
    # Birmingham line 137 names CCE; Somerset line 17 "both sexual and criminal exploitation"
    assert {line.rsplit(",", 1)[-1] for line in out.stdout.splitlines()[1:]} == {"birmingham.txt:137",
                                                                                 "somerset.txt:17"}
    same = invoke("query", "run", "topic-evidence", "-p", "topic=child criminal exploitation", "--store", store_dir)
    assert "note:" not in same.stderr  # the preferred label itself: nothing to say


def test_a_label_that_names_nothing_is_an_error_offering_the_nearest(store_dir):
    out = invoke("query", "run", "topic-evidence", "-p", "topic=county lnes", "--store", store_dir, "--format", "csv")
    assert out.exit_code == 2 and out.stdout == ""  # a typo is not a question whose answer is empty
    assert out.stderr == ("error: no topic in the data is labelled 'county lnes' (parameter topic); did you mean "
                          "'County lines'? (`tce-graph query values topic` lists them)\n")
    typo = invoke("query", "run", "actions", "-p", "partnership=Somerst", "--store", store_dir)
    assert typo.exit_code == 2 and "did you mean 'Somerset'?" in typo.stderr
    nothing = invoke("query", "run", "topic-evidence", "-p", "topic=zzzz", "--store", store_dir, "--format", "csv")
    assert nothing.exit_code == 2 and "did you mean" not in nothing.stderr
    assert "`tce-graph query values topic` lists them" in nothing.stderr


# ---------------------------------------------------------------- full-text search

def test_search_finds_the_sentence_with_its_file_line(store_dir):
    # reading.txt:58 (Key issues): "... the tension of regional approaches, in this case Thames Valley, ...";
    # reading.txt:7 names Thames Valley Police in the Details table, which is a field, not a section
    out = invoke("search", "thames valley", "--store", store_dir, "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.replace("\r\n", "\n") == (
        "partnership,section,sentence,source\n"
        "Reading,Key issues that arose during the delivery of the BSP,\"In taking forward discussions across the "
        "partnership, the tension of regional approaches, in this case Thames Valley, with locally identified "
        "need was noted.\",reading.txt:58\n")
    assert out.stderr == ""


def test_search_county_lines_finds_nothing_and_says_so(store_dir):
    out = invoke("search", "County Lines", "--store", store_dir)
    assert out.exit_code == 0
    assert out.stderr == "(0 rows)\n"


def test_search_within_a_section(store_dir):
    # "young people" in a Key issues section: birmingham 63 (twice in one paragraph), 66 and 68 (footnotes),
    # cheshire-west-and-chester 83 (two sentences) and 93, reading 58
    found = search("young people", "key issues", store_dir=store_dir)
    sources = [str(r["source"]) for r in found.result.rows]
    assert sources == ["birmingham.txt:63", "birmingham.txt:63", "birmingham.txt:66", "birmingham.txt:68",
                       "cheshire-west-and-chester.txt:83", "cheshire-west-and-chester.txt:83",
                       "cheshire-west-and-chester.txt:93", "reading.txt:58"]
    assert all("young people" in str(r["sentence"]).lower() for r in found.result.rows)
    assert {str(r["section"]) for r in found.result.rows} == {"Key issues that arose during the delivery of the BSP"}
    everywhere = search("young people", store_dir=store_dir)
    assert len(everywhere.result.rows) > len(found.result.rows)


def test_search_needs_a_phrase(store_dir):
    out = invoke("search", "  ", "--store", store_dir)
    assert out.exit_code == 2
    assert out.stderr == "error: give a phrase to search for, e.g. tce-graph search 'county lines'\n"


def test_sentences_are_cut_at_their_ends_and_lines():
    text = "First one, i.e. this. The County lines here.\n- A bullet with county LINES.\nNone."
    assert sentences_with(text, "county lines") == [(22, "The County lines here."),
                                                   (45, "A bullet with county LINES.")]
    assert sentences_with("county lines, county lines.", "COUNTY LINES") == [(0, "county lines, county lines.")]


def test_a_phrase_is_found_as_words_not_inside_them():
    assert sentences_with("Good practice. The CE Subgroup met.", "CE") == [(15, "The CE Subgroup met.")]
    assert sentences_with("Exposure to exploitation.", "CE") == []
    assert sentences_with("Partners' data-sharing.", "data") == [(0, "Partners' data-sharing.")]
    assert sentences_with("xab ab ab and more.", "ab ab") == [(0, "xab ab ab and more.")]  # after a match inside a word
    assert sentences_with("Long  " + " " * 5000 + "gap here.", "gap") == [(0, "Long gap here.")]


def test_page_headers_are_not_sentences_and_a_page_break_does_not_cut_one(store_dir):
    # reading.txt:91-93: a paragraph cut by a page break ("what it is that partners" / "want to know ...")
    found = search("that partners", store_dir=store_dir)
    assert [str(r["source"]) for r in found.result.rows] == ["reading.txt:91"]
    sentence = str(found.result.rows[0]["sentence"])
    assert sentence.startswith("In relation to data, which was the lens") and sentence.endswith(
        "how these might be answered collectively across the partnership.")
    assert "want to know about child exploitation and extra-familial harm" in sentence
    # a phrase copied from that sentence is found although the text breaks the line inside it
    copied = search("that partners want to know", store_dir=store_dir)
    assert [str(r["source"]) for r in copied.result.rows] == ["reading.txt:91"]
    # walsall.txt:98-102: the running header cuts "... Community Futures project and" / "One Walsall are ..."
    teams = search("Street Teams", store_dir=store_dir)
    assert [str(r["sentence"]) for r in teams.result.rows] == [
        "The work of Street Teams in the Community Futures project and One Walsall are just two examples of "
        "local agencies working within and alongside local communities."]
    # birmingham.txt:70 and cheshire-west-and-chester.txt:71 are the programme's running page header
    header = search("Tackling Child Exploitation Support Programme", store_dir=store_dir)
    assert not [r for r in header.result.rows if str(r["sentence"]) == "Tackling Child Exploitation Support Programme"]
    assert search("CE", store_dir=store_dir).result.rows  # birmingham.txt:30 "the nature of CE in Birmingham"
    assert not [r for r in search("CE", store_dir=store_dir).result.rows
                if not re.search(r"\bCE\b", str(r["sentence"]), re.I)]


# ---------------------------------------------------------------- a season gives a year

@pytest.mark.parametrize("text,year", [("Spring 2022", "2022"), ("Autumn 2019", "2019"), ("autumn of 2019", "2019"),
                                       ("early 2019", "2019"), ("Late 2019", "2019"), ("June 2019", None),
                                       ("Autumn", None)])
def test_a_year_without_a_month(text, year):
    assert year_only(text) == year


def test_a_season_start_is_kept_as_its_year():
    # pan-lancashire/report.txt:24 "Spring 2022"; hertfordshire "Autumn 2021 - Spring 2022"
    lancs = parse_report(CASES / "pan-lancashire" / "report.txt")
    assert (lancs.commenced, lancs.ended, lancs.stated_dates) == ("2022", None, "Spring 2022")
    g = report_to_graph(lancs)
    assert list(g.objects(None, TCE.commenced)) == [Literal("2022", datatype=XSD.gYear)]
    herts = parse_report(next((CASES / "hertfordshire").glob("report.*")))
    assert (herts.commenced, herts.ended) == ("2021", "2022")


# ---------------------------------------------------------------- the full-text index beside the store

def _rows(found):
    return [tuple(str(v) for v in row.values()) for row in found.result.rows]


@pytest.mark.parametrize("phrase, section", [("exploitation", None), ("exploitation", "key issues"),
                                             ("Thames Valley", None), ("CSE", None), ("county lines", None),
                                             ("Contextual Safeguarding", "approaches"), ('"quoted"', None),
                                             ("that partners want to know", None), ("Street Teams", None)])
def test_the_index_answers_as_the_saved_query_does(built, store_dir, phrase, section):
    from tce_graph.stores import open_store

    assert (built.out_dir / "search.sqlite").is_file()
    from_index = search(phrase, section, store_dir=store_dir)
    from_query = search(phrase, section, store=open_store(store_dir))  # an open store: the saved query
    assert _rows(from_index) == _rows(from_query)


def test_the_index_is_used_and_a_short_phrase_or_another_source_uses_the_query(store_dir, monkeypatch):
    from tce_graph.query import search as module

    calls = []
    real = module.sections_with
    monkeypatch.setattr(module, "sections_with", lambda *a: calls.append(a) or real(*a))
    search("Thames Valley", store_dir=store_dir)
    search("TV", store_dir=store_dir)  # under three characters: the trigram index cannot say
    search("Thames Valley", data=str(Path(store_dir).parent / "tce-graph.trig"))
    assert len(calls) == 1


def test_the_index_is_rebuilt_with_the_build(tmp_path):
    import sqlite3

    from tce_graph.pipeline import build

    out = tmp_path / "out"
    build([ROOT / "data" / "reports"], out, validate=False, cache=False)
    build([ROOT / "data" / "reports" / "walsall.txt"], out, validate=False, cache=False)
    db = sqlite3.connect(out / "search.sqlite")
    partnerships = {p for (p,) in db.execute("SELECT partnership FROM sections")}
    db.close()
    assert partnerships == {"Walsall"}
    assert [r[0] for r in _rows(search("Thames Valley", store_dir=str(out / "store")))] == []


def _index_rows(path):
    import sqlite3

    db = sqlite3.connect(path)
    try:
        rows = sorted(db.execute("SELECT partnership, section, file, line, start, text FROM sections"))
        graphs = {iri: (digest, first, count) for iri, digest, first, count in db.execute("SELECT * FROM graphs")}
    finally:
        db.close()
    return rows, graphs


def test_a_rebuild_rewrites_only_the_changed_reports_rows_and_ends_with_a_fresh_builds(tmp_path):
    import shutil
    import sqlite3

    from tce_graph.pipeline import build

    folder = tmp_path / "in"
    shutil.copytree(ROOT / "data" / "reports", folder)
    out = tmp_path / "out"
    build([folder], out, validate=False, cache=False)
    _, before = _index_rows(out / "search.sqlite")
    walsall = folder / "walsall.txt"
    walsall.write_text(walsall.read_text(encoding="utf-8").replace("Street Teams", "Street Crews"), encoding="utf-8")
    (folder / "reading.txt").unlink()
    build([folder], out, validate=False, cache=False)
    rows, after = _index_rows(out / "search.sqlite")
    build([folder], tmp_path / "fresh", validate=False, cache=False)
    fresh_rows, fresh = _index_rows(tmp_path / "fresh" / "search.sqlite")
    assert rows == fresh_rows  # the same rows as a build from nothing
    assert {iri: d for iri, (d, _, _) in after.items()} == {iri: d for iri, (d, _, _) in fresh.items()}
    changed = [iri for iri in after if "/graph/walsall" in iri]
    assert len(changed) == 1 and after[changed[0]][0] != before[changed[0]][0]
    # the unchanged reports' rows were kept where they were; the changed report's were written after them
    for iri, (_, first, count) in after.items():
        if iri not in changed:
            assert (first, count) == before[iri][1:], iri
    assert after[changed[0]][1] == max(first + count for _, first, count in before.values())
    assert not [iri for iri in after if "/graph/reading" in iri]
    assert "Street Crews" in " ".join(r[5] for r in rows) and "Street Teams" not in " ".join(r[5] for r in rows)
    assert not [r for r in rows if r[2] == "reading.txt"]
    # an index another version of the tool wrote is not reused: written anew
    db = sqlite3.connect(out / "search.sqlite")
    db.execute("UPDATE about SET value = 'another tool' WHERE key = 'tool'")
    db.commit()
    db.close()
    build([folder], out, validate=False, cache=False)
    rows, anew = _index_rows(out / "search.sqlite")
    assert rows == fresh_rows and anew == fresh
