"""Reports the reader has not been tuned on: Markdown headings with bold labels, and HTML tables.

The two case files under tests/cases/reports/ are invented (no real area or person), written in
layouts other converters produce, to check the reader generalises beyond the five bundled reports.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from tce_graph import parse_report
from tce_graph.fields import agency_type, parse_date, parse_year_month

CASES = Path(__file__).parent / "cases" / "reports"


def test_markdown_headings_and_bold_labels():
    r = parse_report(CASES / "leeds-markdown.md")
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
    r = parse_report(CASES / "kent-html.txt")
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
