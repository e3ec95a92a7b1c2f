"""Shared by tests/test_sources_pdf.py and tests/test_sources_docx.py: the published versions of the five
bundled reports (tests/cases/published/, made by tests/fixtures/make_published.py) and what a person
reading the bundled text expects from them (tests/cases/published/expected.json)."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "tests" / "cases" / "published"
BUNDLED = ROOT / "data" / "reports"
EXPECTED: dict[str, dict] = {k: v for k, v in json.loads((PUBLISHED / "expected.json").read_text("utf-8")).items()
                             if not k.startswith("_")}
NAMES = sorted(EXPECTED)


def check_report(report, expected: dict) -> None:
    """The fields a reader of the report expects: details, themes, actions, signatures, sign-off dates."""
    from tce_graph.reader.as_json import report_json

    data = report_json(report)
    assert data["partnership"] == expected["partnership"]
    assert [[a["name"], a["type"]] for a in data["agencies"]] == expected["agencies"]
    assert data["local_authority_count"] == expected["local_authority_count"]
    region = data["region"]
    assert [region["stated"], region["name"], region["gss"]] == expected["region"]
    assert data["size"] == expected["size"]
    assert data["methodologies"] == expected["methodologies"]
    assert data["delivery"] == expected["delivery"]
    assert (data["commenced"], data["ended"]) == (expected["commenced"], expected["ended"])
    assert data["themes"] == expected["themes"]
    assert len(data["actions"]) == len(expected["actions"]), data["actions"]
    for got, start in zip(data["actions"], expected["actions"]):
        assert got.startswith(start), (got[:120], start)
    assert [[s["side"], s["name"], s["role"], s["date"]] for s in data["signatures"]] == expected["signatures"]
    page_number = re.compile(r"\bPage \d+ of \d+\b|Project Learning Report\s*$")
    for s in data["signatures"]:  # page furniture never ends up in a signatory's role
        assert not page_number.search(s["role"] or ""), s


def check_links(report, expected: dict, file_urls: list[str]) -> None:
    """Every link in the file is a cited resource with its URL; the links whose target the text lost
    come back with the target the published file gives them."""
    found = {r.url for r in report.resources if r.url}
    assert set(file_urls) <= found, sorted(set(file_urls) - found)
    by_title = {r.title: r.url for r in report.resources}
    for title, url in expected["links"].items():
        assert by_title.get(title) == url, (title, by_title)
    for url in expected["urls"]:
        assert url in found
    assert not [r for r in report.resources if r.url_lost], [r.title for r in report.resources if r.url_lost]
