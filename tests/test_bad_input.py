"""Bad input: clear one-line errors naming the file (and line), exit code 2, nothing half-written."""
from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tce_graph import ReportFormatError, build, parse_report
from tce_graph.cli import main
from tce_graph.errors import BuildError


def test_windows_1252_crlf_and_curly_quotes(report_paths, tmp_path):
    text = report_paths["walsall"].read_text(encoding="utf-8")
    text = text.replace("Walsall CCG", "Walsall CCG\u00a0").replace("Partnership Name:", "Partnership  Name:")
    f = tmp_path / "walsall-1252.txt"
    f.write_bytes(text.replace("\n", "\r\n").encode("cp1252", errors="replace"))
    r = parse_report(f)
    assert r.source.encoding == "windows-1252"
    assert any("Windows-1252" in w.message for w in r.warnings)
    assert r.partnership == "Walsall"
    assert [a.name for a in r.agencies] == ["Walsall CCG", "Walsall Council", "West Midlands Police"]
    assert r.commenced == "2020-06"
    assert len(r.key_issues) == 4
    assert "\r" not in r.reasons


@pytest.mark.parametrize("content, expected", [
    (b"", "file is empty"),
    (b"   \n\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    (b"Dear colleague,\nThe minutes of the meeting are attached.\n", "is not a TCE Project Learning Report"),
    (b"Tackling Child Exploitation Support Programme\n\nProject Learning Report\n\nReasons why:\nBecause.\n",
     "has no details table"),
])
def test_unreadable_inputs_raise_one_clear_error(tmp_path, content, expected):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ReportFormatError) as info:
        parse_report(f)
    message = str(info.value)
    assert expected in message
    assert str(f) in message and "\n" not in message
    assert "expected" in message


def test_missing_required_detail_names_the_line(report_paths, tmp_path):
    text = report_paths["reading"].read_text(encoding="utf-8").replace("Regional area:\tSouth East\n", "")
    f = tmp_path / "reading.txt"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ReportFormatError, match=r"reading.txt:\d+: details table lacks 'Regional Area:'"):
        parse_report(f)


def test_missing_optional_section_is_a_warning(reports):
    messages = [w.message for w in reports["cheshire-west-and-chester"].warnings]
    assert "report has no 'Joining the dots' section" in messages


def test_cli_error_exit_code_and_no_traceback(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(f), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"error: {f}:1: file is empty" in result.output
    assert "--keep-going" not in result.output  # the one report asked for: there are no others to build
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.output.count("\n") == 1  # one line, saying how to go on
    assert result.output == (f"error: {f}:1: file is empty; expected the text of a TCE Project Learning Report "
                             "(nothing was written; --keep-going builds the other reports and lists each one that "
                             "fails)\n")


def test_missing_path_is_bad_input(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_keep_going_builds_the_others(report_paths, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(report_paths["reading"], folder / "reading.txt")
    shutil.copy(report_paths["walsall"], folder / "walsall.txt")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    with pytest.raises(ReportFormatError) as info:
        build([folder], out)  # without keep_going: stops at the first bad file, writes nothing
    assert not out.exists()
    assert "binary" in str(info.value)
    with pytest.raises(BuildError) as info:
        build([folder], out, keep_going=True)
    assert len(info.value.failures) == 1 and "broken.txt" in str(info.value.failures[0])
    trig = (out / "tce-graph.trig").read_text(encoding="utf-8")
    assert "graph/reading-2021-06" in trig and "graph/walsall-2020-06" in trig
    (folder / "partial.txt").write_text(  # a report that builds with warnings: they must still be shown
        report_paths["walsall"].read_text(encoding="utf-8").replace("Walsall", "Dudley")
        .replace("Regional Area:\tWest Midlands", "Regional Area:\tMidlands"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "o2"), "--keep-going"])
    assert result.exit_code == 2
    assert "broken.txt" in result.output and "1 of 4 report(s) failed" in result.output
    assert "built 3 report(s)" in result.output and "validated against the shapes:" in result.output
    assert "partial.txt:11: region 'Midlands' is not one of the nine" in result.output
    assert "read as West Midlands from the partnership's place\n  fix: write 'West Midlands' in the Region row if " \
        "that is right\n" in result.output  # each warning says how to mend it
    assert (tmp_path / "o2" / "tce-graph.ttl").exists()


def test_outputs_are_replaced_atomically(tmp_path, report_paths, monkeypatch):
    out = tmp_path / "out"
    build([report_paths["reading"]], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    from tce_graph.errors import OutputError
    from tce_graph.rdf.stream import StreamedExports

    def full(self, fh, entries):
        fh.write(b"<a> <b> <c> .\n")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(StreamedExports, "_write_nquads", full)  # the disk fills while the N-Quads are written
    with pytest.raises(OutputError) as info:
        build([report_paths["walsall"]], out)
    assert str(info.value) == f"disk full writing {out / 'tce-graph.nq'}; nothing in {out} was changed"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # nothing half-replaced
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left beside it
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_an_output_that_cannot_be_written_is_a_clean_error_naming_it(tmp_path, report_paths):
    from tce_graph.errors import OutputError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the build folder's parent should be")
    with pytest.raises(OutputError) as info:
        build([report_paths["walsall"]], blocker / "out", store=False, validate=False)
    assert str(info.value).startswith(f"cannot write {blocker / 'out'}")
    assert info.value.exit_code == 2


def test_a_programming_error_is_not_disguised_as_bad_input(monkeypatch, report_paths, tmp_path):
    from click.testing import CliRunner

    import tce_graph.pipeline as pipeline

    def bug(*args, **kwargs):
        raise ValueError("a bug, not the user's input")
    monkeypatch.setattr(pipeline, "_publish", bug)
    result = CliRunner().invoke(main, ["build", str(report_paths["walsall"]), "--out", str(tmp_path / "o")])
    assert isinstance(result.exception, ValueError)  # surfaces as the bug it is, not "error: ..." exit 2


def test_build_lists_the_files_of_a_folder_it_does_not_read(tmp_path, report_paths):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(report_paths["walsall"], folder / "walsall.txt")
    (folder / "README.md").write_text("# The reports we hold\n")
    (folder / "index.json").write_text("{}")
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out"), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("built 1 report(s)")
    assert f"skipped: {folder / 'README.md'}: a README file, not a report" in result.output
    assert f"skipped: {folder / 'index.json'}: not a report file; expected .txt, .md" in result.output


def test_every_warning_says_how_to_mend_it():
    """Every warning the reader gives on the bundled reports and the unseen-layout cases carries a fix
    (what to change in the report), shown under it by build and extract and kept in extract's JSON."""
    from tce_graph.bundled import default_reports
    from tce_graph.reader import parse_report
    from tce_graph.sources import find_reports

    cases = Path(__file__).parent / "cases" / "reports"
    files = find_reports([default_reports()]) + sorted(cases.glob("*/report.*"))
    warned = [(f.name, w) for f in files for w in parse_report(f).warnings]
    assert len(warned) >= 8  # the bundled five give six, the cases more
    assert [(name, w.message) for name, w in warned if len(w.fix) < 15] == []


def test_a_build_lists_the_first_warnings_and_says_how_many_more(tmp_path, monkeypatch):
    from tce_graph import cli

    monkeypatch.setattr(cli, "WARNINGS_SHOWN", 2)
    out, reports = str(tmp_path / "out"), str(Path(__file__).resolve().parents[1] / "data" / "reports")
    shown = CliRunner().invoke(main, ["build", reports, "--out", out, "--no-validate", "--no-store"])
    assert shown.exit_code == 0, shown.output
    assert "6 warning(s) from reading the reports" in shown.output  # the bundled reports give six
    assert shown.output.count("warning: ") == 2
    assert "... and 4 more warning(s): tce-graph build --all-warnings lists them all" in shown.output
    every = CliRunner().invoke(main, ["build", reports, "--out", out, "--no-validate", "--no-store", "--all-warnings"])
    assert every.output.count("warning: ") == 6 and "more warning(s)" not in every.output
