"""Failure modes of build, extract and load, one regression test per hole found by trying tce-graph as a
hostile user would: text that made a stage super-linear, values that cannot be IRIs, builds that fail
half-way or are killed, characters XML cannot hold, servers that redirect, echo credentials or ask to
wait, and messages that said too little or too much.

The expectations come from the bundled reports (Walsall's partnership, agencies and region) and from
what each fault must leave behind; times are generous bounds on inputs that took minutes or hours
before (the benchmark, not these tests, measures speed)."""
from __future__ import annotations

import base64
import errno
import os
import resource
import subprocess
import sys
import time
import xml.dom.minidom
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from stub_server import Stub
from tce_graph import build, parse_report
from tce_graph.cli import main
from tce_graph.errors import BuildError, LoadError, OutputError, ReportFormatError
from tce_graph.stores.http import Credentials

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
WALSALL = (REPORTS / "walsall.txt").read_text(encoding="utf-8")
# a sentence of Walsall's key issues, the place to put odd text into a report
ANCHOR = "The delivery of the TCE project in Walsall coincided"


def _walsall_with(text: str, before: str = ANCHOR) -> str:
    assert before in WALSALL
    return WALSALL.replace(before, text + " " + before, 1)


def _seconds(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _assert_walsall(report) -> None:
    """What the Walsall report's details table says (data/reports/walsall.txt, lines 8-15)."""
    assert report.partnership == "Walsall"
    assert report.region is not None and report.region.name == "West Midlands"
    assert {a.name for a in report.agencies} >= {"Walsall Council", "West Midlands Police"}


# ---------------------------------------------------------------- 1. linear text handling


def test_a_one_megabyte_line_of_short_sentences_builds_in_seconds(tmp_path):
    line = " ".join(f"Partners met in week {k % 50}." for k in range(40_000))  # 1 MB, 40,000 sentences
    assert len(line) > 950_000
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "walsall.txt").write_text(_walsall_with(line), encoding="utf-8")
    result = {}
    took = _seconds(lambda: result.update(r=build([tmp_path / "in"], tmp_path / "out", cache=False, workers=1,
                                                  store=False)))
    assert took < 60  # was about 7 s for 1,000 sentences, 104 s for 4,000, quadratic after that
    report = result["r"].reports[0]
    _assert_walsall(report)
    assert any("Partners met in week 49." in item.text for item in report.key_issues)


def test_a_ten_megabyte_report_builds_in_seconds(tmp_path):
    """pdftotext -layout pads lines with long runs of spaces; 10 MB of them is read as the report it is."""
    lines = WALSALL.split("\n")
    padded = "\n".join(line + " " * (10_000_000 // len(lines)) for line in lines)
    assert len(padded) > 10_000_000
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "walsall.txt").write_text(padded, encoding="utf-8")
    result = {}
    took = _seconds(lambda: result.update(r=build([tmp_path / "in"], tmp_path / "out", cache=False, workers=1)))
    assert took < 90
    _assert_walsall(result["r"].reports[0])
    assert result["r"].validation.conforms


@pytest.mark.parametrize("name, text", [
    # was 113 s: the contents-line pattern split a run of spaces three ways
    ("contents line", "Some text" + " " * 400 + "x"),
    # was exponential: each all-capital word could be read two ways by the organisation-name pattern
    ("capitals", " ".join(["WORD"] * 26) + " end."),
    # polynomial in the list pattern: a list that never ends
    ("inline list", "including " + "a, b " * 8_000),
    # polynomial in the shift pattern: "moved from ..." with no "to"
    ("shift", "This moved " + "from a " * 8_000 + "."),
    # every address was checked against every link before it
    ("addresses", " ".join(f"see https://example.org/r{k} now" for k in range(8_000))),
    # a paragraph hard-wrapped over 8,000 lines was copied whole at each line joined onto it
    ("wrapped", "Start of it\n" + "\n".join(f"and line {k} goes on" for k in range(8_000)) + ".\n\n"),
])
def test_hostile_text_is_read_in_linear_time(name, text):
    took = _seconds(lambda: parse_report(_walsall_with(text).encode("utf-8"), name=f"{name}.txt"))
    assert took < 10, f"{name}: {took:.1f} s"


def test_a_details_row_set_in_a_wide_gap_is_not_a_contents_line():
    text = WALSALL.replace("Number of Local Authority areas covered:\tWalsall Council",
                           "Number of Local Authority areas covered:      1")
    report = parse_report(text.encode("utf-8"), name="walsall.txt")
    assert report.local_authority_count == 1  # was: the row dropped as a table-of-contents entry
    assert not [w for w in report.warnings if "Number of Local Authority" in w.message]


def test_text_beyond_the_size_limit_is_refused_with_a_clear_message(monkeypatch):
    import tce_graph.sources as sources

    monkeypatch.setattr(sources, "MAX_TEXT_CHARS", 10_000)
    with pytest.raises(ReportFormatError) as err:
        parse_report(WALSALL.encode("utf-8"), name="walsall.txt")
    assert str(err.value).startswith("walsall.txt: holds ")
    assert "one report may have" in str(err.value) and "\n" not in str(err.value)


# ---------------------------------------------------------------- 2. a bad value never breaks a build

BAD_ADDRESSES = ('the [scoping note](https://tce.example.org/a"b/), the [scope](docs\\tce\\scope.pdf) and '
                 "http://exa mple.com/<> too.")


def test_an_address_that_cannot_be_an_iri_is_kept_as_text_with_a_warning(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "walsall.txt").write_text(_walsall_with("See " + BAD_ADDRESSES), encoding="utf-8")
    result = build([tmp_path / "in"], tmp_path / "out", cache=False, workers=1,
                   formats=("turtle", "trig", "nquads", "jsonld", "ntriples", "rdfxml"))
    report = result.reports[0]
    line = 1 + _walsall_with("See " + BAD_ADDRESSES).split(ANCHOR)[0].count("\n")
    warned = [w for w in report.warnings if "is kept as text" in w.message]
    assert [(w.line, w.message.split("'")[1]) for w in warned] == [
        (line, 'https://tce.example.org/a"b/'), (line, "docs\\tce\\scope.pdf"), (line, "http://exa")]
    stated = {r.stated_address for r in report.resources if r.stated_address}
    assert stated == {'https://tce.example.org/a"b/', "docs\\tce\\scope.pdf", "http://exa"}
    assert not [r for r in report.resources if r.url and ("exa" in r.url or "scope" in r.url or '"' in r.url)]
    nquads = (tmp_path / "out" / "tce-graph.nq").read_text(encoding="utf-8")
    assert "<http://exa>" not in nquads and "statedAddress> \"docs\\\\tce\\\\scope.pdf\"" in nquads
    assert result.validation.conforms  # a warning, not a violation


def test_keep_going_builds_every_good_report_and_names_every_bad_one(tmp_path, monkeypatch):
    import tce_graph.pipeline as pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("walsall", "reading", "somerset"):
        (folder / f"{name}.txt").write_text((REPORTS / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "walsall-again.txt").write_text(WALSALL, encoding="utf-8")  # the same project twice
    (folder / "empty.txt").write_text("", encoding="utf-8")
    real = pipeline.report_triples

    def fails_for_somerset(report, base):  # a value the mapping cannot take, whatever it is
        if report.partnership == "Somerset":
            raise ValueError("Invalid IRI code point '\"'")
        return real(report, base)
    monkeypatch.setattr(pipeline, "report_triples", fails_for_somerset)
    with pytest.raises(BuildError) as err:
        build([folder], tmp_path / "out", keep_going=True, cache=False, workers=1)
    built = err.value.result
    assert sorted(r.partnership for r in built.reports) == ["Reading", "Walsall"]
    named = sorted(Path(f.file).name for f in err.value.failures)
    assert named == ["empty.txt", "somerset.txt", "walsall.txt"]  # walsall.txt: the second of the same project
    assert any("Invalid IRI code point" in str(f) for f in err.value.failures)
    assert (tmp_path / "out" / "tce-graph.trig").is_file()


# ---------------------------------------------------------------- 3. a build's outputs change together


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_write_that_fails_half_way_changes_nothing(tmp_path):
    """A real file-size limit (as `prlimit --fsize` sets) makes the build fail while writing."""
    out = tmp_path / "out"
    build([REPORTS / "reading.txt"], out, cache=False, workers=1, validate=False)
    before = _files(out)
    limit = 400_000  # below the five reports' N-Quads, above one report's

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    run = subprocess.run([sys.executable, "-m", "tce_graph", "build", str(REPORTS), "--out", str(out),
                          "--no-validate", "--no-cache"], capture_output=True, text=True, preexec_fn=limited,
                         env={**os.environ, "TCE_GRAPH_WORKERS": "1"}, timeout=300)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1].startswith("error: file too large for this system's file-size limit "
                                                          "writing ")
    assert f"nothing in {out} was changed" in run.stderr
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left beside it


def test_leftovers_of_a_killed_build_are_cleared_by_the_next(tmp_path):
    out = tmp_path / "out"
    build([REPORTS / "reading.txt"], out, cache=False, workers=1, validate=False)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    # killed between its two renames: the old folder set aside, the new one not yet in, and a stray store
    # folder of an older version inside the build folder
    (out / f".store.new-{dead}-abcd").mkdir()
    os.replace(out, tmp_path / f".out.old-{dead}-efgh")
    (tmp_path / f".out.new-{dead}-ijkl").mkdir()
    build([REPORTS / "walsall.txt"], out, cache=False, workers=1, validate=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert "walsall" in (out / "tce-graph.trig").read_text(encoding="utf-8")


def test_the_build_folder_is_replaced_whole_and_keeps_what_the_build_does_not_write(tmp_path):
    out = tmp_path / "out"
    build([REPORTS / "reading.txt"], out, cache=False, workers=1, validate=False,
          formats=("turtle", "trig", "nquads", "jsonld", "rdfxml"))
    (out / "network").mkdir()
    (out / "network" / "metrics.csv").write_text("kept\n")
    build([REPORTS / "walsall.txt"], out, cache=False, workers=1, validate=False)
    assert not (out / "tce-graph.rdf").exists()  # an output of the old build this one does not write
    assert (out / "network" / "metrics.csv").read_text() == "kept\n"


def test_a_folder_that_no_build_wrote_is_not_replaced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"it holds files no build wrote \(notes.txt\)"):
        build([REPORTS / "walsall.txt"], mine, cache=False, workers=1, validate=False)
    assert (mine / "notes.txt").read_text() == "mine"


def test_an_unwritable_place_is_named_not_a_temporary_file(tmp_path, monkeypatch):
    import tce_graph.atomic as atomic

    def refused(target):
        raise PermissionError(errno.EACCES, "Permission denied", str(target.parent / f".{target.name}.new-1-x"))
    monkeypatch.setattr(atomic, "staged_folder", refused)
    with pytest.raises(OutputError) as err:
        build([REPORTS / "walsall.txt"], tmp_path / "out", cache=False, workers=1, validate=False)
    assert str(err.value).startswith(f"cannot write {tmp_path / 'out'}: permission denied;")
    assert ".new-" not in str(err.value)


# ---------------------------------------------------------------- 4. every format parses back


def test_every_format_parses_back_and_rdfxml_holds_what_xml_can(tmp_path):
    (tmp_path / "in").mkdir()
    text = _walsall_with("A page break\fin a sentence and a control character \x01 too.")
    (tmp_path / "in" / "walsall.txt").write_text(text, encoding="utf-8")
    build([tmp_path / "in"], tmp_path / "out", cache=False, workers=1, validate=False,
          formats=("turtle", "trig", "nquads", "jsonld", "ntriples", "rdfxml"))
    out = tmp_path / "out"
    trig = Dataset()
    trig.parse(out / "tce-graph.trig", format="trig")
    quads = list(trig.quads((None, None, None, None)))
    assert any("\f" in str(q[2]) for q in quads)  # the other formats keep every character
    for name, fmt in (("tce-graph.nq", "nquads"), ("tce-graph.jsonld", "json-ld")):
        other = Dataset()
        other.parse(out / name, format=fmt)
        assert sum(1 for _ in other.quads((None, None, None, None))) == len(quads), name
    for name, fmt in (("tce-graph.ttl", ox.RdfFormat.TURTLE), ("tce-graph.nt", ox.RdfFormat.N_TRIPLES),
                      ("tce-graph.rdf", ox.RdfFormat.RDF_XML)):
        assert sum(1 for _ in ox.parse(path=str(out / name), format=fmt)) > 3000, name
    xml.dom.minidom.parse(str(out / "tce-graph.rdf"))  # expat: XML 1.0, well-formed
    rdfxml = Graph().parse(out / "tce-graph.rdf", format="xml")
    turtle = Graph().parse(out / "tce-graph.ttl", format="turtle")
    assert len(rdfxml) == len(turtle)
    in_xml = {str(o) for o in rdfxml.objects() if "A page break" in str(o)}
    assert in_xml and all("\f" not in o and "\x01" not in o for o in in_xml)
    assert any("A page break\nin a sentence and a control character \ufffd too." in o for o in in_xml)


# ---------------------------------------------------------------- 5, 6, 8. servers that misbehave


@pytest.fixture(scope="module")
def walsall_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("failure-modes") / "out"
    build([REPORTS / "walsall.txt"], out, workers=1, validate=False)
    return out


def test_a_redirect_on_a_write_is_an_error_not_a_load(walsall_built):
    def sso(req):  # a single-sign-on proxy: every write goes to its login page
        if req["method"] == "GET":
            return 200, {"Content-Type": "text/html"}, b"<html>Please log in</html>"
        return 302, {"Location": "/login?next=/update", "Content-Type": "text/html"}, b""
    with Stub(sso) as stub, pytest.raises(LoadError) as err:
        from tce_graph.stores.load import load

        load(walsall_built, update_endpoint=stub.url, retries=0)
    report = err.value.report
    assert report.loaded == []
    assert "answered HTTP 302 with a redirect to http://127.0.0.1" in report.failed[0][1]
    assert [r["method"] for r in stub.requests] == ["POST"]  # nothing re-sent as a bodiless GET


def test_a_307_to_the_same_origin_keeps_the_method_and_body(walsall_built):
    def moved(req):
        if req["path"] == "/sparql":
            return 307, {"Location": "/v2/update"}, b""
        return 204, {}, b""
    with Stub(moved) as stub:
        from tce_graph.stores.load import load

        report = load(walsall_built, update_endpoint=stub.url, retries=0)
    assert report.failed == []
    assert report.summary().startswith("sent ")  # no query endpoint to check with: not said to be loaded
    bodies = [r for r in stub.requests if r["path"] == "/v2/update"]
    assert bodies and all(r["method"] == "POST" and b"INSERT DATA" in r["body"] for r in bodies)


def test_a_load_that_cannot_verify_does_not_say_it_loaded(walsall_built):
    def accepts_writes_only(req):
        if b"update" in req["path"].encode() or req["method"] == "POST" and b"INSERT" in req["body"]:
            return 204, {}, b""
        return 500, {"Content-Type": "text/plain"}, b"query service unavailable"
    with Stub(accepts_writes_only) as stub:
        endpoint = stub.url.replace("/sparql", "/query")
        result = CliRunner().invoke(main, ["load", "--from", str(walsall_built), "--endpoint", endpoint,
                                           "--update-endpoint", stub.url.replace("/sparql", "/update"),
                                           "--retries", "0"])
    assert result.exit_code == 1
    assert "loaded " not in result.output.split("\n")[0]
    assert result.output.startswith("sent ") and "not verified: could not ask" in result.output


def test_a_server_that_echoes_the_credentials_never_shows_them(walsall_built, monkeypatch):
    secret = Credentials("alice", "correct horse battery")
    basic = base64.b64encode(b"alice:correct horse battery").decode()

    def echo(req):
        headers = " ".join(f"{k}: {v}" for k, v in req["headers"].items())
        return 400, {"Content-Type": "text/plain"}, f"bad request; you sent {headers}; user alice:correct horse " \
                                                    f"battery".encode()
    with Stub(echo) as stub, pytest.raises(LoadError) as err:
        from tce_graph.stores.load import load

        load(walsall_built, update_endpoint=stub.url, retries=0, credentials=secret)
    assert stub.requests[0]["headers"]["authorization"] == f"Basic {basic}"  # the stub did see them
    shown = str(err.value) + " ".join(reason for _, reason in err.value.report.failed)
    assert basic not in shown and "correct horse" not in shown
    assert "authorization: ***" in shown.lower()


# ---------------------------------------------------------------- 7. messages


def test_out_naming_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["build", str(REPORTS / "walsall.txt"), "--out", str(blocker)])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: cannot write {blocker}: it is a file; expected a folder for the " \
                                    "build's outputs"


def test_a_usage_error_is_one_line():
    result = CliRunner().invoke(main, ["build", "--formt", "x"], prog_name="tce-graph")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: No such option '--formt'. (Did you mean one of: '--format', '--out'?) (see 'tce-graph build --help')"]


def test_utf16_without_a_byte_order_mark_is_read_and_said(tmp_path):
    report = parse_report(WALSALL.encode("utf-16-le"), name="walsall.txt")
    _assert_walsall(report)
    assert [w.message for w in report.warnings if "byte-order mark" in w.message] == [
        "has no byte-order mark; read as UTF-16-LE, as its zero bytes show"]


def test_a_file_holding_two_reports_is_refused_naming_where_the_second_starts():
    two = WALSALL + "\n" + (REPORTS / "reading.txt").read_text(encoding="utf-8")
    second = WALSALL.count("\n") + 2 + (REPORTS / "reading.txt").read_text(encoding="utf-8").split(
        "Details of Bespoke Support Project")[0].count("\n")
    with pytest.raises(ReportFormatError) as err:
        parse_report(two.encode("utf-8"), name="two.txt")
    assert err.value.line == second
    assert "holds a second report" in str(err.value) and "one report per file" in str(err.value)
