"""sources/docx.py (and sources/html.py): the five reports as the programme wrote them in Word, read directly.

The Word files (tests/cases/published/*.docx) are written by tests/fixtures/make_published.py from the
bundled text: a details table (several agencies as several paragraphs of one cell; full-width rows),
heading styles, bullets from the 'List Bullet' style and from direct numbering, numbered lists that
restart, real footnotes (footnotes.xml) with hyperlinks inside them, hyperlinks with targets, a page
header and footer, and a sign-off table. What they must give is in tests/cases/published/expected.json,
written from reading the bundled reports.
"""
from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile

import pytest

from _published import EXPECTED, NAMES, PUBLISHED, check_links, check_report
from tce_graph import ReportFormatError, parse_report

docx = pytest.importorskip("docx")

RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _hyperlink_targets(path) -> list[str]:
    """Every external hyperlink target in the document and in its footnotes (their own relationship parts)."""
    document = docx.Document(str(path))
    parts = [document.part] + [r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes")]
    return [rel.target_ref for part in parts for rel in part.rels.values() if rel.reltype == RT_HYPERLINK]


@pytest.fixture(scope="module")
def docx_reports():
    return {name: parse_report(PUBLISHED / f"{name}.docx") for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_word_file_gives_what_the_report_says(docx_reports, name):
    check_report(docx_reports[name], EXPECTED[name])


@pytest.mark.parametrize("name", NAMES)
def test_every_hyperlink_comes_back_with_its_target(docx_reports, name):
    urls = _hyperlink_targets(PUBLISHED / f"{name}.docx")
    if EXPECTED[name]["links"] or EXPECTED[name]["urls"]:
        assert urls, "the test file has no hyperlinks"
    check_links(docx_reports[name], EXPECTED[name], urls)


def test_links_inside_footnotes_keep_their_targets(docx_reports):
    # Birmingham's footnote 2 links 'microsite' (and shows the URL): the relationship is in footnotes.xml's part
    text = docx_reports["birmingham"].source.text
    assert "² There is strong evidence" in text
    assert "[microsite](https://tce.researchinpractice.org.uk/topic/young-persons-voice/)" in text
    res = next(r for r in docx_reports["birmingham"].resources if r.title == "microsite")
    assert res.footnote_number == 2


def test_word_numbering_and_bullets_are_rebuilt(docx_reports):
    text = docx_reports["birmingham"].source.text
    assert re.search(r"^1\) Exploration with local partners", text, re.M)  # '%1)' restarting at 1
    assert re.search(r"^3\) The project culminated", text, re.M)
    assert re.search(r"^1\. There is a strong understanding", text, re.M)  # the next list starts again
    assert re.search(r"^6\. There was a need for a wider stakeholder", text, re.M)
    assert re.search(r"^- What is it that the Contextual Safeguarding Hub", text, re.M)  # an en-dash bullet
    walsall = docx_reports["walsall"].source.text  # bullets from the 'List Bullet' style's numbering
    assert re.search(r"^• What do the partnership mean by community", walsall, re.M)


def test_table_rows_headings_and_footnotes(docx_reports):
    text = docx_reports["walsall"].source.text
    assert "Partnership Name:\tWalsall\n" in text
    assert "Core partner agencies involved:\tWalsall CCG\nWalsall Council\nWest Midlands Police\n" in text
    assert "\n## Key issues that arose during the delivery of the BSP:\n" in text  # Heading 2
    assert "\n### Leadership and strategic direction\n" in text  # Heading 3
    assert "Tackling Child Exploitation Support Programme" not in text  # the page header is not body text
    assert "Page " not in text


def test_provenance_of_a_word_file(docx_reports):
    report = docx_reports["somerset"]
    data = (PUBLISHED / "somerset.docx").read_bytes()
    assert report.source.sha256 == hashlib.sha256(data).hexdigest()
    assert report.source.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert report.source.extractor == f"python-docx {docx.__version__}"


def test_reading_a_word_file_takes_under_half_a_second():
    from tce_graph.sources.docx import extract_docx

    data = (PUBLISHED / "birmingham.docx").read_bytes()
    extract_docx(data, "warm-up")
    best = min(_timed(extract_docx, data) for _ in range(3))
    assert best < 0.5, best  # about 0.03 s on a 2-core VM


def _timed(fn, data) -> float:
    """CPU seconds (other processes on a busy machine do not count)."""
    start = time.process_time()
    fn(data, "x")
    return time.process_time() - start


# ---------------------------------------------------------------- bad input


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


BAD_DOCX = {
    "truncated": (lambda: (PUBLISHED / "walsall.docx").read_bytes()[:5000], "ZIP package is damaged"),
    "excel": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
              "is an Excel workbook, not a Word document"),
    "plain-zip": (lambda: _zip({"notes.txt": b"hello"}), "is a ZIP archive of other files"),
    "not-zip": (lambda: b"Partnership Name:\tWalsall\n", "ZIP package is damaged"),
    "damaged-xml": (lambda: _with_part("word/document.xml", b"<w:document"), "Word document"),
}


def _with_part(name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(PUBLISHED / "walsall.docx") as z:
        files = {i.filename: z.read(i.filename) for i in z.infolist()}
    files[name] = data
    return _zip(files)


@pytest.mark.parametrize("case", sorted(BAD_DOCX))
def test_bad_word_file_is_one_clear_error(tmp_path, case):
    make, expected = BAD_DOCX[case]
    f = tmp_path / f"{case}.docx"
    f.write_bytes(make())
    with pytest.raises(ReportFormatError) as info:
        parse_report(f)
    message = str(info.value)
    assert expected in message, message
    assert message.startswith(f"{f}:") and "\n" not in message
    assert info.value.exit_code == 2


@pytest.mark.parametrize("content, expected", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "Word 97-2003 .doc"),
    (b"{\\rtf1\\ansi Partnership Name: Walsall}", "Rich Text (.rtf)"),
])
def test_old_word_formats_say_to_save_as_docx(tmp_path, content, expected):
    f = tmp_path / "report.doc"
    f.write_bytes(content)
    with pytest.raises(ReportFormatError, match=re.escape(expected)) as info:
        parse_report(f)
    assert "save it as .docx" in str(info.value)


def test_word_file_without_python_docx_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(ReportFormatError, match=r"pip install 'tce-graph\[docx\]'"):
        parse_report(PUBLISHED / "walsall.docx")


def test_a_renamed_file_is_read_as_what_it_is(tmp_path):
    f = tmp_path / "walsall.txt"  # a Word file with the wrong suffix
    f.write_bytes((PUBLISHED / "walsall.docx").read_bytes())
    assert parse_report(f).partnership == "Walsall"


# ---------------------------------------------------------------- HTML documents


KENT = (PUBLISHED.parent / "reports" / "kent-html" / "report.txt").read_text("utf-8")


def _page(body: str) -> bytes:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Kent and Medway</title>"
            "<style>td{padding:2px}</style><script>var menu = 'Partnership Name: Nowhere';</script></head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li>Partnership Name: Menu</li></ul></nav><main>"
            + body + "</main><footer>Page 1 of 1 · Tackling Child Exploitation Support Programme</footer>"
            "</body></html>").encode("utf-8")


def test_a_saved_web_page_on_one_line_reads_like_the_fragment(tmp_path):
    fragment = parse_report(PUBLISHED.parent / "reports" / "kent-html" / "report.txt")
    f = tmp_path / "kent.html"
    f.write_bytes(_page(KENT.replace("\n", "")))  # the whole document on one line
    page = parse_report(f)
    assert page.source.media_type == "text/html"
    for field in ("partnership", "local_authority_count", "size", "delivery", "commenced"):
        assert getattr(page, field) == getattr(fragment, field), field
    assert [a.name for a in page.agencies] == [a.name for a in fragment.agencies]
    assert page.region.name == fragment.region.name
    assert [a.text for a in page.actions] == [a.text for a in fragment.actions]
    assert [(s.side, s.name, s.date) for s in page.signatures] == [(s.side, s.name, s.date) for s in fragment.signatures]
    assert "Menu" not in page.source.text and "var menu" not in page.source.text


def test_html_links_and_footnotes(tmp_path):
    body = KENT.replace("missing children and modern slavery.",
                        "missing children<sup><a href='#fn1'>1</a></sup> and <a href='guides/slavery'>modern "
                        "slavery</a>.").replace("\n", "")
    body += ("<div class='footnotes'><ol><li id='fn1'>See the <a href='https://example.org/missing'>missing "
             "children guidance</a>.</li></ol></div>")
    page = (b"<html><head><base href='https://tce.example.org/'></head><body>" + body.encode("utf-8")
            + b"</body></html>")
    f = tmp_path / "kent.htm"
    f.write_bytes(page)
    report = parse_report(f)
    urls = {r.title: r.url for r in report.resources}
    assert urls["modern slavery"] == "https://tce.example.org/guides/slavery"
    assert urls["missing children guidance"] == "https://example.org/missing"
    assert "missing children¹ and" in report.source.text
    assert "¹ See the [missing children guidance](https://example.org/missing)." in report.source.text
