"""Sources: the files a user has -> the text the reader handles.

``find_reports`` expands files and folders into report files in a stable order; ``read_source`` (and
``source_from_bytes``) reads one, choosing by its first bytes (and then its suffix) between:

- ``text``: text files (plain text, Markdown, HTML fragments and converter output), decoded;
- ``pdf``: PDF files, with pypdf (the ``pdf`` extra);
- ``docx``: Word files, with python-docx (the ``docx`` extra);
- ``html``: HTML documents (a saved web page, one-line HTML), with the standard library;

the last three lay their document out (``layout``) in the text form the reader reads, links with their
targets and footnotes with their marks; ``keep`` writes the text a build read, for the spans to be
checked against. The extractors are imported on first use, so reading text files needs none of them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, ReportFormatError
from ..model import ReportWarning, SourceText

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PUBLISHED_SUFFIXES = (".pdf", ".docx", ".html", ".htm")
REPORT_SUFFIXES = TEXT_SUFFIXES + PUBLISHED_SUFFIXES

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_FOLDER = "text"  # build --keep-text: OUT/text/<file name>.txt


# files a folder of reports often holds that are about the reports, not reports: never read as one
NOT_REPORTS = ("readme", "license", "licence", "changelog", "contributing")


def _not_a_report(f: Path) -> str | None:
    """Why a file found in a folder is not read as a report, or None when it is read."""
    if f.name.startswith(("~$", ".")):
        return None  # Word's lock files and hidden files: not even listed
    if f.suffix.lower() not in REPORT_SUFFIXES:
        return f"not a report file; expected {', '.join(REPORT_SUFFIXES)}"
    if f.stem.lower() in NOT_REPORTS:
        return f"a {f.stem} file, not a report"
    return None


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the report files to read, in a stable order. In a folder, Word's
    lock files (``~$name.docx``), hidden files, files of other kinds and a README (or LICENSE, CHANGELOG
    ...) are not reports: :func:`skipped_files` lists them. A file named on its own is always read."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(("~$", "."))
                                and _not_a_report(f) is None))
        elif p.exists():
            found.append(p)
        else:
            raise InputError("no such file or folder; expected a report file or a folder of reports", file=str(p))
    return found


def skipped_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """The files in the given folders that :func:`find_reports` does not read, each with the reason
    (hidden files and Word's lock files left out)."""
    out: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend((f, why) for f in sorted(p.iterdir()) if f.is_file() and (why := _not_a_report(f)))
    return out


def read_source(path: str | Path, warnings: list[ReportWarning] | None = None) -> SourceText:
    """Read a report file: text (UTF-8 with or without BOM, UTF-16, Windows-1252), PDF, Word or HTML."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReportFormatError("is a directory; expected a report file", file=str(path)) from None
    except OSError as exc:
        raise ReportFormatError(f"cannot be read ({exc.strerror}); expected a report file", file=str(path)) from None
    return source_from_bytes(data, name=p.name, path=str(path), warnings=warnings)


def kind_of(data: bytes, name: str) -> str:
    """text | pdf | docx | html: what a file holds, by its first bytes, then its suffix."""
    suffix = Path(name).suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head or suffix == ".pdf":
        return "pdf"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if data.startswith(_OLE2):
        return "ole2"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    from .html import is_html_document

    if suffix in (".html", ".htm") or is_html_document(data):
        return "html"
    return "text"


# The most text one report may hold: 16 million characters (a Project Learning Report has under 100,000;
# every stage is linear, but a file this large is several reports, or not a report). A text file over four
# bytes a character of that is refused before it is decoded.
MAX_TEXT_CHARS = 16_000_000


def _too_large(size: float, unit: str, where: str) -> ReportFormatError:
    return ReportFormatError(f"holds {size / 1e6:.1f} million {unit}, more than the {MAX_TEXT_CHARS // 10**6} million "
                             "characters of text one report may have (a Project Learning Report has under "
                             "100,000); expected one report per file", file=where)


def source_from_bytes(data: bytes, *, name: str, path: str | None = None,
                      warnings: list[ReportWarning] | None = None) -> SourceText:
    """A report's bytes as the text the reader reads, with the facts to cite the file (at most
    :data:`MAX_TEXT_CHARS` characters of text)."""
    where = path or name
    kind = kind_of(data, name)
    if kind == "text":
        from .text import decode_source

        if len(data) > 4 * MAX_TEXT_CHARS:
            raise _too_large(len(data), "bytes", where)
        source = decode_source(data, name=name, path=path, warnings=warnings)
        if len(source.text) > MAX_TEXT_CHARS:
            raise _too_large(len(source.text), "characters", where)
        return source
    if not data.strip():
        raise ReportFormatError("file is empty; expected a TCE Project Learning Report", file=where)
    if kind == "ole2":
        raise ReportFormatError("is an old-style Office file (Word 97-2003 .doc, or Excel .xls); expected a .docx or "
                                "PDF: open it in Word or LibreOffice and save it as .docx", file=where)
    if kind == "rtf":
        raise ReportFormatError("is a Rich Text (.rtf) file; expected a .docx or PDF: open it in Word or LibreOffice "
                                "and save it as .docx", file=where)
    if kind == "pdf":
        from . import pdf

        text, media_type, extractor = pdf.extract_pdf(data, where), pdf.MEDIA_TYPE, pdf.extractor_name()
    elif kind == "docx":
        from . import docx

        text, media_type, extractor = docx.extract_docx(data, where), docx.MEDIA_TYPE, docx.extractor_name()
    else:
        from . import html

        text, media_type, extractor = html.extract_html(data, where), html.MEDIA_TYPE, "Python html.parser"
    if len(text) > MAX_TEXT_CHARS:
        raise _too_large(len(text), "characters", where)
    return SourceText(name=name, text=text, sha256=hashlib.sha256(data).hexdigest(), byte_size=len(data),
                      encoding="utf-8", path=path, media_type=media_type, extractor=extractor)


def keep_texts(sources: Iterable[SourceText], folder: str | Path) -> list[Path]:
    """Write the text each report was read as (the text its spans count characters in) to
    ``folder/<file name>.txt``, UTF-8, atomically; the files written, in order."""
    from ..rdf.export import atomic_write

    out = Path(folder)
    written: list[Path] = []
    sources = list(sources)
    names = {f"{src.name}.txt" for src in sources}
    if out.is_dir():  # texts of reports no longer in the build go
        for stale in out.glob("*.txt"):
            if stale.name not in names:
                stale.unlink(missing_ok=True)
    for src in sources:
        target = out / f"{src.name}.txt"
        try:
            out.mkdir(parents=True, exist_ok=True)
            atomic_write(target, src.text.encode("utf-8"))
        except OSError as exc:
            from ..errors import OutputError

            raise OutputError(f"cannot be written ({exc.strerror}); expected a writable build folder",
                              file=str(target)) from None
        written.append(target)
    return written
