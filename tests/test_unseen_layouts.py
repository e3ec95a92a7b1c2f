"""Reports the reader has not been tuned on: Markdown headings with bold labels, and HTML tables.

The cases under tests/cases/reports/<case>/ are invented (no real area or person), written in layouts other
converters produce, to check the reader generalises beyond the five bundled reports. Each folder holds
report.txt or report.md, expected.json (written by reading the report; kent-html and leeds-markdown are
checked by the explicit asserts below instead) and expected.trig (the RDF snapshot of the report's named
graph; see tests/cases/reports/README.md and the rdf_snapshot fixture in conftest.py).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tce_graph import parse_report
from tce_graph.namespaces import DEFAULT_BASE_IRI
from tce_graph.rdf.mapping import report_to_graph
from tce_graph.reader.agencies import agency_type, split_agencies
from tce_graph.reader.as_json import report_json
from tce_graph.reader.dates import parse_date, parse_year_month, project_dates
from tce_graph.reader.places import region
from tce_graph.reader.units import Unit

CASES = Path(__file__).parent / "cases" / "reports"
EXPLICIT = ("kent-html", "leeds-markdown")  # checked by the explicit asserts below, not by an expected.json
CASE_FILES = {"report.txt", "report.md", "expected.json", "expected.trig"}


def _case_dirs() -> list[Path]:
    return sorted(d for d in CASES.iterdir() if d.is_dir())


def _report_of(case: Path) -> Path:
    """The case's report.txt or report.md (report.txt when neither is there: reading it then fails)."""
    found = [case / name for name in ("report.txt", "report.md") if (case / name).exists()]
    return found[0] if found else case / "report.txt"


def test_markdown_headings_and_bold_labels():
    r = parse_report(CASES / "leeds-markdown" / "report.md")
    assert r.partnership == "Leeds and Bradford"
    assert [(a.name, a.type) for a in r.agencies] == [
        ("Leeds City Council", "local-authority"),
        ("Bradford Metropolitan District Council", "local-authority"),
        ("West Yorkshire Police", "police"),
        ("NHS West Yorkshire ICB", "health-commissioner"),
        ("Catch22", "voluntary-community"),
        ("Leeds Community Healthcare NHS Trust", "nhs-trust")]
    assert r.local_authority_count == 2
    assert r.local_authorities == ["Leeds City Council", "Bradford Metropolitan District Council"]
    assert (r.region.name, r.region.gss) == ("Yorkshire and The Humber", "E12000003")
    assert r.size == "Large"
    assert [m.slug for m in r.methodologies] == ["data", "community-engagement"]
    assert r.delivery == "mixed"
    assert (r.commenced, r.ended) == ("2021-09", "2022-03")
    assert [(i.heading, i.text) for i in r.approaches] == [
        ("Scoping", "conversations with each agency."), ("Workshops", "two partnership workshops.")]
    assert r.key_issues[0].text == ("The partners found that their data systems did not talk to each other and "
                                    "that information sharing agreements needed renewing.")
    assert [(t.theme, t.stated) for t in r.reflections] == [
        ("leading-with-care", "Leading with care"), ("bridging-boundaries", "Crossing boundaries")]
    assert len(r.actions) == 2
    assert [(s.name, s.role, s.side, s.date) for s in r.signatures] == [
        ("Jo Bloggs", "Head of Safeguarding", "local-area", date(2022, 3, 14)),
        ("Sam Smith", "Detective Inspector", "local-area", date(2022, 3, 14)),
        ("Pat Doe", None, "tce-lead", date(2022, 3, 15))]
    assert r.warnings == []


def test_html_table_report():
    r = parse_report(CASES / "kent-html" / "report.txt")
    assert r.partnership == "Kent and Medway"
    assert [(a.name, a.type) for a in r.agencies] == [
        ("Kent County Council", "local-authority"), ("Medway Council", "local-authority"),
        ("Kent Police", "police"), ("NHS Kent and Medway ICB", "health-commissioner"),
        ("The Children's Society", "voluntary-community")]
    assert r.local_authority_count == 2
    assert r.region.slug == "south-east"
    assert r.delivery == "face-to-face"
    assert r.commenced == "2022-01"
    assert r.reasons == "Kent and Medway asked for help with missing children and modern slavery."
    assert [a.text for a in r.actions] == ["A missing children protocol was signed by both councils.",
                                          "Return home interviews are now shared with the police."]
    assert [(s.name, s.side, s.date) for s in r.signatures] == [("Alex Example", "tce-lead", date(2022, 5, 4))]
    assert "report has no 'Joining the dots' section" in [w.message for w in r.warnings]


def test_dates_in_every_stated_form():
    assert parse_date("22.03.2021") == date(2021, 3, 22)
    assert parse_date("22/03/21") == date(2021, 3, 22)
    assert parse_date("07th July 2021") == date(2021, 7, 7)
    assert parse_date("1st of March 2022") == date(2022, 3, 1)
    assert parse_date("2022-05-04") == date(2022, 5, 4)
    assert parse_date("31.02.2021") is None
    assert parse_year_month("June 2020") == "2020-06"
    assert parse_year_month("Sept 2021") == "2021-09"
    assert parse_year_month("2021-13") is None


def test_agency_types_from_name_patterns():
    assert agency_type("Hampshire Constabulary") == "police"
    assert agency_type("Sussex Partnership NHS Foundation Trust") == "nhs-trust"
    assert agency_type("Achieving for Children") == "childrens-services-trust"
    assert agency_type("Local Safeguarding Adults Board") == "partnership-board"
    assert agency_type("Riverside Housing") == "housing"
    assert agency_type("St Mary's Academy") == "education"
    assert agency_type("Youth Offending Service") == "council-department"
    assert agency_type("Acme Widgets") == "other"


# ---------------------------------------------------------------- the case folders

def _case_files() -> list[Path]:
    """The reports of the cases checked by an expected.json."""
    return [_report_of(d) for d in _case_dirs() if d.name not in EXPLICIT]


def _case_id(path: Path) -> str:
    return path.parent.name if path.parent.parent == CASES else path.stem


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda d: d.name)
def test_case_folder_layout(case):
    """One report (report.txt or report.md), expected.json unless asserted explicitly, nothing unexpected."""
    names = {p.name for p in case.iterdir()}
    assert len(names & {"report.txt", "report.md"}) == 1, f"{case.name}: needs exactly one report.txt or report.md"
    assert not names - CASE_FILES, f"{case.name}: unexpected files {sorted(names - CASE_FILES)}"
    if case.name not in EXPLICIT:
        assert "expected.json" in names, f"{case.name}: write expected.json by reading the report"


@pytest.mark.parametrize("path", _case_files(), ids=_case_id)
def test_unseen_report_matches_expectations_written_from_reading(path):
    """Each case's expected.json was written by reading the report, key by key: details, themes,
    actions, cited resources, sign-offs and warnings."""
    expected = json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
    got = report_json(parse_report(path))
    got["agencies"] = [{"name": a["name"], "type": a["type"]} for a in got["agencies"]]
    got["resource_urls"] = sorted((r["url"] or "") for r in got["resources"])
    got["resources"] = [{"title": r["title"], "url": r["url"]} for r in got["resources"]]
    got["warnings"] = [f"line {w['line']}: {w['message']}" if w["line"] else w["message"] for w in got["warnings"]]
    for key, value in expected.items():
        assert got[key] == value, key


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda d: d.name)
def test_report_graph_matches_snapshot(case, rdf_snapshot):
    """The report's named graph, mapped with the default base IRI, is isomorphic to expected.trig
    (pytest --generate-snapshots rewrites the snapshots after an intended mapping change)."""
    rdf_snapshot(report_to_graph(parse_report(_report_of(case)), DEFAULT_BASE_IRI), case / "expected.trig")


def test_html_entities_are_decoded_and_anchors_cited():
    r = parse_report(CASES / "bristol-sglos-nsomerset" / "report.txt")
    assert "Barnardo's" in [a.name for a in r.agencies]
    assert not any("&#" in a.name or "&amp;" in a.name for a in r.agencies)
    assert [(c.title, c.url, c.url_lost) for c in r.resources] == [
        ("Contextual Safeguarding Network", "https://www.csnetwork.org.uk/", False),
        ("data briefing", None, True)]


def test_page_footers_never_reach_the_text():
    r = parse_report(CASES / "northumberland" / "report.txt")
    texts = [r.reasons or "", r.goal or "", r.immediate_reflections or ""]
    texts += [i.text for i in r.actions + r.key_issues + r.learning + r.approaches]
    texts += [s.role or "" for s in r.signatures] + [t.text for t in r.reflections]
    assert not [t for t in texts if "Page " in t and " of 6" in t]
    assert [s.role for s in r.signatures if s.side == "tce-lead"] == [None]


def test_label_lines_without_blank_lines_between_them():
    r = parse_report(CASES / "norfolk" / "report.txt")
    assert r.partnership == "Norfolk"
    assert r.region.gss == "E12000006"
    assert [(i.heading, i.text.split(" were ")[0]) for i in r.key_issues] == [
        ("Reaching beyond the usual voices", "The first community sessions"),
        ("Sustaining the work after the project", "Partners")]
    assert [t.stated for t in r.reflections] == [
        "Holding complexity, uncertainty and curiosity", "Leading with care", "Bridging boundaries"]


@pytest.mark.parametrize("stated,gss", [
    ("East of England", "E12000006"), ("North West of England", "E12000002"), ("the North West", "E12000002"),
    ("South West region", "E12000009"), ("Eastern Region", "E12000006"), ("North East England", "E12000001"),
    ("Yorkshire & the Humber", "E12000003")])
def test_region_wordings(stated, gss):
    warnings: list = []
    assert region(Unit("field", stated, 0, len(stated), 1), "", warnings).gss == gss
    assert warnings == []


@pytest.mark.parametrize("stated,expected", [
    ("Jan–Jun 2023", ("2023-01", "2023-06")), ("January - June 2023", ("2023-01", "2023-06")),
    ("November - March 2022", ("2021-11", "2022-03")), ("Sept 2021 to Feb 2022", ("2021-09", "2022-02")),
    ("January 2023 – ongoing", ("2023-01", None))])
def test_date_ranges_sharing_a_year(stated, expected):
    warnings: list = []
    assert project_dates(Unit("field", stated, 0, len(stated), 1), warnings) == expected
    assert warnings == []


def test_organisation_names_with_inner_commas_and_nhs():
    warnings: list = []
    text = ("Leeds Teaching Hospitals NHS Trust, NHS Bristol, North Somerset and South Gloucestershire ICB, "
            "Bristol City Council, Kent Fire and Rescue Service, The Matthew Project")
    got = [(a.name, a.type) for a in split_agencies(Unit("field", text, 0, len(text), 1), warnings)]
    assert got == [("Leeds Teaching Hospitals NHS Trust", "nhs-trust"),
                   ("NHS Bristol, North Somerset and South Gloucestershire ICB", "health-commissioner"),
                   ("Bristol City Council", "local-authority"),
                   ("Kent Fire and Rescue Service", "other"),
                   ("The Matthew Project", "voluntary-community")]
    assert warnings == []  # a fire service is 'other' by design, not an unknown


def test_signatory_written_name_dash_role():
    r = parse_report(CASES / "norfolk" / "report.txt")
    assert [(s.name, s.role, s.side) for s in r.signatures] == [
        ("Kim Smith", "Head of Safeguarding Partnerships, Norfolk County Council", "local-area"),
        ("Pat Doe", None, "tce-lead")]


@pytest.mark.parametrize("path", _case_files(), ids=_case_id)
def test_agency_spans_point_at_the_names_in_the_source(path):
    """Provenance survives values joined over several lines (labels alone on a line, table cells)."""
    r = parse_report(path)
    for a in r.agencies:
        quoted = r.source.text[a.span.start:a.span.end]
        words = a.name.split()
        assert quoted.startswith(words[0]) and quoted.endswith(words[-1]), (a.name, quoted)


def test_footnote_forms_ligatures_and_rules(tmp_path):
    r = parse_report(CASES / "sheffield" / "report.txt")
    assert r.partnership == "Sheffield"  # the "ﬃ" ligature spelt out
    assert "replacing the previous manual spreadsheet" in r.actions[1].text  # soft hyphen at a line end
    assert not [a for a in r.actions if "Project Learning Report" in a.text]  # running footer dropped
    d = parse_report(CASES / "derbyshire" / "report.md")  # pandoc grid table, ^1^ footnotes
    assert not [x for x in d.actions if "^" in x.text or "+--" in x.text]
    assert {x.url for x in d.resources} >= {"https://www.csnetwork.org.uk/en/resources/cross-border-working"}


def test_headings_wrapped_over_two_lines():
    d = parse_report(CASES / "derbyshire" / "report.md")
    titles = {s.key: s.title for s in d.sections}
    assert titles["approaches"] == "Approaches / methods taken to achieve project goal and deliver the BSP"
    assert not next(s for s in d.sections if s.key == "approaches").text.startswith("BSP")
    p = parse_report(CASES / "pan-lancashire" / "report.txt")
    assert not [a for a in p.actions if "RESPONSE TO" in a.text]
    assert next(s for s in p.sections if s.key == "evidence").title.endswith("EXTRA-FAMILIAL HARM")


@pytest.mark.parametrize("path", _case_files() + sorted(Path(__file__).parents[1].joinpath("data", "reports").glob("*.txt")),
                         ids=_case_id)
def test_mention_spans_quote_the_name(path):
    """Every mention's span quotes the name (across joined lines and footnote markers)."""
    r = parse_report(path)
    for m in r.mentions:
        for sp in m.spans:
            quoted = " ".join(r.source.text[sp.start:sp.end].split())
            assert quoted.endswith(m.name), (m.name, quoted)
