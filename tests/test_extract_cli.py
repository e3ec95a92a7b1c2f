"""`tce-graph extract FILE --format json`: the keys the issue names, with values read from Walsall."""
from __future__ import annotations

import json

from click.testing import CliRunner

from tce_graph.cli import main

KEYS = ("partnership", "agencies", "local_authority_count", "region", "size", "methodologies", "delivery",
        "commenced", "ended", "themes", "actions", "resources", "signatures", "warnings", "sections")


def test_extract_json_has_every_key_with_walsall_values(report_paths):
    result = CliRunner().invoke(main, ["extract", str(report_paths["walsall"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert all(k in data for k in KEYS)
    assert data["partnership"] == "Walsall"
    assert data["agencies"] == [{"name": "Walsall CCG", "type": "health-commissioner"},
                                {"name": "Walsall Council", "type": "local-authority"},
                                {"name": "West Midlands Police", "type": "police"}]
    assert data["local_authority_count"] == 1
    assert data["region"] == {"stated": "West Midlands", "name": "West Midlands", "gss": "E12000005"}
    assert (data["size"], data["delivery"], data["commenced"], data["ended"]) == ("Standard", "digital", "2020-06", None)
    assert {"title": "rapid evidence scope", "url": None} in [
        {"title": x["title"], "url": x["url"]} for x in data["resources"]]
    sections = {s["key"]: s for s in data["sections"]}
    assert sections["immediate"]["title"] == "Immediate reflections from the local area"
    assert sections["immediate"]["text"].startswith("We would like to thank the TCE team")
    assert sections["reasons"]["text"].startswith("Walsall originally approached the TCE Programme")


def test_extract_text_summary_and_bad_file(tmp_path, report_paths):
    result = CliRunner().invoke(main, ["extract", str(report_paths["walsall"]), "--format", "text"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    # walsall.txt:8-15 (details table), 142-148 (sign-off, dated 22/03/21)
    assert lines[:5] == ["partnership: Walsall", "region: West Midlands (E12000005)",
                         "local authorities: Walsall Council (Walsall, E08000030)", "commenced: 2020-06",
                         "size: Standard; delivery: digital; methodologies: Bespoke, Community engagement"]
    assert lines[-3:] == [
        "signed by the local area: Sophie Read-Willets, 2021-03-22; Alison Jones, 2021-03-22; Carol Broughton, "
        "2021-03-22; Dez Lambert, 2021-03-22", "signed by the TCE lead: Amy Hurst, 2021-03-22",
        "actions: 5, resources: 1, warnings: 0"]
    assert not [line for line in lines if "{" in line or "['" in line or "None" in line]  # no Python notation
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = CliRunner().invoke(main, ["extract", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "empty.txt" in result.output and "empty" in result.output
