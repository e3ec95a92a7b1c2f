"""Progress of a long command: every stage of a build reported with counts, an estimate of the time
left, on a terminal only, and the line wiped at the end."""
from __future__ import annotations

import io

from click.testing import CliRunner

from tce_graph import build
from tce_graph.cli import TerminalProgress, main


def test_a_build_reports_every_stage_in_order(tmp_path, report_paths):
    calls: list[tuple[str, str, int, int]] = []
    build([report_paths["walsall"], report_paths["reading"]], tmp_path / "out", cache=False, workers=1,
          progress=lambda item, i, n, stage: calls.append((stage, item, i, n)))
    stages = list(dict.fromkeys(stage for stage, *_ in calls))
    assert stages == ["reading, mapping and validating", "writing", "storing", "validating"]
    assert [(item, i, n) for stage, item, i, n in calls if stage.startswith("reading")] == [
        ("walsall.txt", 1, 2), ("reading.txt", 2, 2)]
    assert [item for stage, item, *_ in calls if stage == "writing"] == [
        "tce-graph.ttl", "tce-graph.trig", "tce-graph.nq", "tce-graph.jsonld"]
    assert [(i, n) for stage, _, i, n in calls if stage == "storing"] == [(0, 3), (1, 3), (2, 3)]


def test_without_validation_the_stage_says_so(tmp_path, report_paths):
    stages: list[str] = []
    build([report_paths["walsall"]], tmp_path / "out", cache=False, workers=1, validate=False, store=False,
          progress=lambda item, i, n, stage: stages.append(stage))
    assert list(dict.fromkeys(stages)) == ["reading and mapping", "writing"]


def test_the_terminal_line_estimates_the_time_left_and_is_wiped():
    now = [100.0]
    out = io.StringIO()
    progress = TerminalProgress("reading", clock=lambda: now[0], stream=out)
    progress("a.txt", 1, 10, "reading, mapping and validating")
    assert out.getvalue() == "\rreading, mapping and validating 1/10 a.txt"  # no estimate from one item
    now[0] += 30.0  # 4 of 10 in 30 s: 6 more take about 45 s
    progress("d.txt", 4, 10, "reading, mapping and validating")
    assert out.getvalue().endswith("\rreading, mapping and validating 4/10 d.txt ~45s left")
    now[0] += 1.0
    progress("tce-graph.ttl", 0, 4, "writing")  # a new stage starts its own clock, pads over the old line
    line = out.getvalue().rsplit("\r", 1)[1]
    assert line.rstrip() == "writing 0/4 tce-graph.ttl" and len(line) == len(
        "reading, mapping and validating 4/10 d.txt ~45s left")
    progress.clear()
    assert out.getvalue().endswith("\r" + " " * len(line) + "\r")
    now[0] += 400.0
    progress("x", 1, 100, "writing")
    assert out.getvalue().endswith("~11h00m left")  # 400 s for 1 of 100: 99 more take 39,600 s


def test_progress_is_not_written_when_stderr_is_not_a_terminal(tmp_path, report_paths):
    result = CliRunner().invoke(main, ["build", str(report_paths["walsall"]), "--out", str(tmp_path / "o"),
                                       "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "reading, mapping" not in result.output and " 1/1 " not in result.output


def test_a_three_argument_progress_callback_still_works(tmp_path, report_paths):
    calls: list[tuple[str, int, int]] = []
    build([report_paths["walsall"]], tmp_path / "out", cache=False, workers=1, validate=False, store=False,
          progress=lambda item, i, n: calls.append((item, i, n)))
    assert calls[0] == ("walsall.txt", 1, 1) and ("tce-graph.ttl", 0, 4) in calls
