"""PDF files -> the reader's text, with pypdf (BSD; pure Python).

pypdf gives each piece of text with its position, size and font (``extract_text(visitor_text=...)``),
the ruling lines of tables (``visitor_operand_before``) and the link annotations (``/Annots``). From
them, page by page:

- lines: pieces on one baseline, in reading order; a smaller piece raised above it is superscript
  (a footnote mark ¹); a wide gap between pieces on one line is a cell border (label and value);
- page furniture: lines in the top and bottom bands that repeat on the pages (running header and
  footer) or are page numbers, dropped, so a page number never ends up in a sentence or a role;
- footnotes: the lines below the footnote separator (or the smaller-type block at the page foot that
  starts with a mark), each footnote kept whole, and written after the paragraph that cites it;
- tables: rows between the ruling lines (or, without rules, lines with a column gap), label cell and
  value cell apart, a label wrapped over two lines joined, a value cell's lines as its paragraphs;
- paragraphs: lines joined until a wider gap, a change of type size, a list marker, an indent or a
  short last line; larger type is a heading; a list marker alone before its text is one item;
- page breaks: a paragraph cut by a page break (no sentence end, or the next page going on in lower
  case) is joined back, across the footnotes and the furniture in between;
- links: each URI annotation's rectangle over the text under it becomes ``[text](url)``; one link
  wrapped over two lines (two rectangles, one target) is one link.

Every step is linear in the number of pieces on a page, and pages are read one at a time; a PDF of
more than :data:`MAX_PAGES` pages is refused before any is read.
"""
from __future__ import annotations

import contextlib
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReportFormatError
from .layout import Block, Run, marker_of, render

MEDIA_TYPE = "application/pdf"
HEADING_RATIO = 1.06  # type this much larger than the body text is a heading
MAX_PAGES = 100  # a learning report runs to 5-20 pages; more is a collection or another document

# Helvetica's widths (Arial and Liberation Sans share them), per 1000 units of type size; other fonts
# are calibrated per page from where their pieces are seen to end.
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
       778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
       556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500,
       500, 500, 334, 260, 334, 584]))
_WIDTHS.update({"‘": 222, "’": 222, "“": 333, "”": 333, "–": 556, "—": 1000, "•": 350, "…": 1000, "\u00a0": 278})
_MARKER_TEXT = re.compile(r"^(?:[•●▪◦‣■□○➢►✓\-–—*·o§\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]|\(?\d{1,2}[.)]|"
                          r"\(?[a-z][.)]|\((?:[ivx]{1,4})\))$")
_PAGE_NUMBER = re.compile(r"(?i)^(?:page\s*)?#+(?:\s*(?:of|/)\s*#+)?$|^-\s*#+\s*-$")
_SENTENCE_END = re.compile(r"[.!?:;\"'’”)\]]\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*$")


def extractor_name() -> str:
    import pypdf

    return f"pypdf {pypdf.__version__}"


@dataclass
class _Piece:
    x: float
    y: float
    size: float
    text: str
    bold: bool
    font: str
    x1: float = 0.0
    sup: bool = False
    url: list[str | None] = field(default_factory=list)  # per character: the link it is under


@dataclass
class _Line:
    y: float
    size: float
    pieces: list[_Piece]

    @property
    def x0(self) -> float:
        return self.pieces[0].x

    @property
    def x1(self) -> float:
        return max(p.x1 for p in self.pieces)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces).strip()

    @property
    def words(self) -> str:
        """The text without its superscript pieces (footnote marks), for sentence ends."""
        return "".join(p.text for p in self.pieces if not p.sup).strip()

    @property
    def bold(self) -> bool:
        return all(p.bold for p in self.pieces if p.text.strip() and not p.sup)

    def key(self) -> str:
        return re.sub(r"\d+", "#", " ".join(self.text.split())).strip()


@dataclass
class _Page:
    lines: list[_Line]
    hrules: list[tuple[float, float, float]]  # (y, x0, x1)
    vrules: list[tuple[float, float, float]]  # (x, y0, y1)
    links: list[tuple[tuple[float, float, float, float], str]]
    width: float
    height: float


# ---------------------------------------------------------------- opening


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs in a damaged file; the reader reports problems as errors instead."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _open(data: bytes, where: str) -> Any:
    try:
        import pypdf
        from pypdf.errors import DependencyError, PdfReadError
    except ImportError:
        raise ReportFormatError("is a PDF; reading PDFs needs pypdf: pip install 'tce-graph[pdf]'",
                                file=where) from None
    if b"%PDF-" not in data[:1024]:
        raise ReportFormatError("does not start like a PDF (no %PDF- header); expected a PDF file", file=where)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise ReportFormatError("is an encrypted PDF (AES) that needs the 'cryptography' package to open: "
                                        "pip install cryptography", file=where) from None
            if not opened:
                raise ReportFormatError("is an encrypted PDF that needs a password to open; expected a PDF that "
                                        "opens without one (save or print it again without a password)", file=where)
        count = len(reader.pages)
    except ReportFormatError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, AssertionError) as exc:
        detail = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise ReportFormatError(f"is not a readable PDF (damaged: {detail}); expected a PDF saved by Word or "
                                "LibreOffice", file=where) from None
    if count == 0:
        raise ReportFormatError("is a PDF with no pages; expected a Project Learning Report", file=where)
    if count > MAX_PAGES:
        raise ReportFormatError(f"is a PDF of {count} pages; expected one Project Learning Report (5-20 pages, at "
                                f"most {MAX_PAGES}): split a collection into one file per report", file=where)
    return reader


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _bold(font: Any) -> bool:
    name = str(font.get("/BaseFont", "")) if font else ""
    return bool(re.search(r"(?i)bold|black|heavy|semibold|demi|,bd|-bd\b", name))


def _read_page(page: Any) -> _Page:
    box = page.mediabox
    left, bottom = _number(box.left), _number(box.bottom)
    width, height = _number(box.width), _number(box.height)
    pieces: list[_Piece] = []
    hrules: list[tuple[float, float, float]] = []
    vrules: list[tuple[float, float, float]] = []
    path: list[tuple[float, float, float, float]] = []
    point = [0.0, 0.0]

    def on_text(text: str, cm: list, tm: list, font: Any, size: float) -> None:
        if not text or not text.strip("\n"):
            return
        a, b, c, d, e, f = (float(v) for v in tm)
        ca, cb, cc, cd, ce, cf = (float(v) for v in cm)
        if abs(b) > 0.01 or abs(c) > 0.01 or abs(cb) > 0.01 or abs(cc) > 0.01:
            return  # rotated text: a watermark or a side label, not the report's text
        x = e * ca + ce - left
        y = f * cd + cf - bottom
        scale = abs(d * cd) or 1.0
        for part in text.split("\n"):
            if part.strip():
                pieces.append(_Piece(x, y, float(size or 0) * scale, part, _bold(font),
                                     str(font.get("/BaseFont", "")) if font else ""))

    def on_operand(op: bytes, args: list, cm: list, tm: list) -> None:
        ca, cd, ce, cf = float(cm[0]), float(cm[3]), float(cm[4]), float(cm[5])

        def tx(px: float, py: float) -> tuple[float, float]:
            return px * ca + ce - left, py * cd + cf - bottom
        if op == b"m" and len(args) >= 2:
            point[:] = tx(_number(args[0]), _number(args[1]))
        elif op == b"l" and len(args) >= 2:
            x2, y2 = tx(_number(args[0]), _number(args[1]))
            path.append((point[0], point[1], x2, y2))
            point[:] = [x2, y2]
        elif op == b"re" and len(args) >= 4:
            x, y = tx(_number(args[0]), _number(args[1]))
            w, h = _number(args[2]) * ca, _number(args[3]) * cd
            if abs(h) < 2.0 and abs(w) > 5:
                path.append((x, y + h / 2, x + w, y + h / 2))
            elif abs(w) < 2.0 and abs(h) > 5:
                path.append((x + w / 2, y, x + w / 2, y + h))
        elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            for x1, y1, x2, y2 in path:
                if abs(y1 - y2) < 0.8 and abs(x2 - x1) > 5:
                    hrules.append(((y1 + y2) / 2, min(x1, x2), max(x1, x2)))
                elif abs(x1 - x2) < 0.8 and abs(y2 - y1) > 5:
                    vrules.append(((x1 + x2) / 2, min(y1, y2), max(y1, y2)))
            path.clear()
        elif op == b"n":
            path.clear()

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_operand)
    links: list[tuple[tuple[float, float, float, float], str]] = []
    for annot in page.get("/Annots") or []:
        try:
            a = annot.get_object()
            action = a.get("/A")
            action = action.get_object() if action is not None else None
            if a.get("/Subtype") != "/Link" or not action or action.get("/S") != "/URI":
                continue
            uri = str(action.get("/URI", "")).strip()
            quads = a.get("/QuadPoints")
            rects: list[tuple[float, float, float, float]] = []
            if quads and len(quads) >= 8:
                q = [_number(v) for v in quads]
                for i in range(0, len(q) - 7, 8):
                    xs, ys = q[i:i + 8:2], q[i + 1:i + 8:2]
                    rects.append((min(xs) - left, min(ys) - bottom, max(xs) - left, max(ys) - bottom))
            else:
                r = [_number(v) for v in a.get("/Rect", [0, 0, 0, 0])]
                rects.append((min(r[0], r[2]) - left, min(r[1], r[3]) - bottom,
                              max(r[0], r[2]) - left, max(r[1], r[3]) - bottom))
            links.extend((rect, uri) for rect in rects if uri)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            continue  # a damaged annotation: the text is still read, without that link
    return _Page(_lines(pieces), hrules, vrules, links, width, height)


# ---------------------------------------------------------------- lines


def _text_width(text: str, size: float, bold: bool) -> float:
    units = sum(_WIDTHS.get(ch, 556) for ch in text)
    return units * size / 1000 * (1.06 if bold else 1.0)


def _lines(pieces: list[_Piece]) -> list[_Line]:
    """Pieces -> lines, top to bottom; superscript pieces joined to the line they stand above."""
    if not pieces:
        return []
    sizes = Counter(round(p.size, 1) for p in pieces for _ in p.text)
    body = sizes.most_common(1)[0][0] or 10.0
    normal: list[_Piece] = []
    small: list[_Piece] = []  # digits in smaller type: footnote marks, raised above their line
    for p in pieces:
        (small if p.size < 0.8 * body and p.text.strip().isdigit() else normal).append(p)
    normal.sort(key=lambda p: (-round(p.y, 1), p.x))
    lines: list[_Line] = []
    for p in normal:
        line = lines[-1] if lines else None
        if line is not None and abs(line.y - p.y) <= 0.3 * max(line.size, p.size, 1.0):
            line.pieces.append(p)
            line.size = max(line.size, p.size)
        else:
            lines.append(_Line(p.y, p.size, [p]))
    for p in small:  # a footnote mark: raised above a line of larger type
        best = None
        for line in lines:
            rise = p.y - line.y
            if 0 < rise <= 0.75 * line.size and line.size > 1.2 * p.size and \
                    line.pieces[0].x - 2 * line.size <= p.x <= max(q.x + _text_width(q.text, q.size, q.bold)
                                                                 for q in line.pieces) + 2 * line.size:
                best = line
                break
        p.sup = best is not None
        if best is None:
            best = _Line(p.y, p.size, [])
            lines.append(best)
        best.pieces.append(p)
    lines.sort(key=lambda ln: -ln.y)
    for line in lines:
        line.pieces.sort(key=lambda q: q.x)
        _ends(line)
    return lines


def _ends(line: _Line) -> None:
    """Where each piece ends: where the next one starts when it follows at once, else its estimated width."""
    for i, p in enumerate(line.pieces):
        est = p.x + _text_width(p.text, p.size, p.bold)
        nxt = line.pieces[i + 1].x if i + 1 < len(line.pieces) else None
        p.x1 = nxt if nxt is not None and p.x < nxt <= est + 0.6 * p.size else est
        p.url = [None] * len(p.text)


# ---------------------------------------------------------------- links


def _mark_links(page: _Page) -> None:
    for (x0, y0, x1, y1), uri in page.links:
        for line in page.lines:
            if not (y0 - 0.35 * line.size <= line.y <= y1):
                continue
            for p in line.pieces:
                if p.x1 <= x0 or p.x >= x1:
                    continue
                widths = [_WIDTHS.get(ch, 556) for ch in p.text]
                total = sum(widths) or 1
                span = p.x1 - p.x
                inside = []
                at = p.x
                for w in widths:
                    mid = at + span * w / total / 2
                    inside.append(x0 - 0.5 <= mid <= x1 + 0.5)
                    at += span * w / total
                if not any(inside):
                    continue
                i0 = inside.index(True)
                i1 = len(inside) - inside[::-1].index(True)
                i0, i1 = _snap(p.text, i0, i1)
                for i in range(i0, i1):
                    p.url[i] = uri


def _snap(text: str, i0: int, i1: int) -> tuple[int, int]:
    """A link's ends on word boundaries (a rectangle estimated a little short or long of its words)."""
    def word_start(i: int) -> int:
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        return i

    def word_end(i: int) -> int:
        while i < len(text) and not text[i].isspace():
            i += 1
        return i
    if 0 < i0 < len(text) and not text[i0 - 1].isspace() and not text[i0].isspace():
        s, e = word_start(i0), word_end(i0)
        i0 = s if (i0 - s) <= (e - i0) else e
    if 0 < i1 < len(text) and not text[i1 - 1].isspace() and not text[i1].isspace():
        s, e = word_start(i1), word_end(i1)
        i1 = e if (e - i1) <= (i1 - s) else s
    return i0, max(i0, i1)


def _runs(pieces: list[_Piece]) -> list[Run]:
    runs: list[Run] = []
    for p in pieces:
        i = 0
        while i < len(p.text):
            j = i
            while j < len(p.text) and p.url[j] == p.url[i]:
                j += 1
            text = p.text[i:j]
            if p.sup and text.strip().isdigit():  # a footnote mark
                runs.append(Run("", note=text.strip()))
            else:
                runs.append(Run(text, p.url[i], p.bold, p.sup))
            i = j
    return runs


# ---------------------------------------------------------------- furniture and footnotes


def _drop_furniture(pages: list[_Page]) -> None:
    """Drop running headers, footers and page numbers: lines in the top or bottom band of the page
    that repeat on the pages (digits aside) or are a page number."""
    counts: Counter[str] = Counter()
    for pg in pages:
        seen = {ln.key() for ln in pg.lines if _in_band(ln, pg)}
        counts.update(seen)
    repeated = {k for k, n in counts.items() if n >= 2 and n >= 0.4 * len(pages)}
    for pg in pages:
        pg.lines = [ln for ln in pg.lines if not (_in_band(ln, pg) and (ln.key() in repeated
                                                                          or _PAGE_NUMBER.fullmatch(ln.key())))]


def _in_band(line: _Line, page: _Page) -> bool:
    return line.y > page.height * 0.88 or line.y < page.height * 0.10


def _footnotes(page: _Page, body: float) -> list[_Line]:
    """Split off the footnote area at the foot of the page: below a short separator rule, or the block
    of smaller type that starts with a mark."""
    if not page.lines:
        return []
    lowest_body = None
    seps = [y for y, x0, x1 in page.hrules if x1 - x0 < 0.45 * page.width and y < page.height * 0.6]
    for y in sorted(seps, reverse=True):
        below = [ln for ln in page.lines if ln.y < y]
        if below and all(ln.size <= 0.92 * body for ln in below) and _starts_note(below[0]) is not None:
            lowest_body = y
            break
    if lowest_body is None:
        tail: list[_Line] = []
        for ln in reversed(page.lines):
            if ln.size > 0.92 * body:
                break
            tail.insert(0, ln)
        while tail and _starts_note(tail[0]) is None:
            tail.pop(0)
        if not tail or len(tail) == len(page.lines):
            return []
        lowest_body = tail[0].y + 0.1
    notes = [ln for ln in page.lines if ln.y < lowest_body]
    page.lines = [ln for ln in page.lines if ln.y >= lowest_body]
    return notes


def _starts_note(line: _Line) -> str | None:
    first = line.pieces[0]
    if first.sup and first.text.strip().isdigit():
        return first.text.strip()
    m = re.match(r"^(\d{1,3})\s", line.text + " ")
    return m.group(1) if m and first.size <= line.size else None


def _note_blocks(lines: list[_Line], notes: dict[str, Block], last: list[str]) -> None:
    for ln in lines:
        mark = _starts_note(ln)
        pieces = ln.pieces
        if mark is not None:
            if pieces[0].sup:
                pieces = pieces[1:]
            else:
                head = pieces[0]
                cut = head.text.find(mark) + len(mark)
                pieces = [_Piece(head.x, head.y, head.size, head.text[cut:], head.bold, head.font, head.x1,
                                 url=head.url[cut:])] + pieces[1:]
            while mark in notes:
                mark += "'"
            notes[mark] = Block("note", _runs(pieces), mark=mark)
            last[:] = [mark]
        elif last:  # a footnote going on from the line (or the page) before
            runs = notes[last[0]].runs
            _join(runs, _runs(pieces))


def _join(runs: list[Run], more: list[Run]) -> None:
    if not more:
        return
    if runs and re.search(r"\w-$", runs[-1].text.rstrip()) and more[0].text[:1].isalnum():
        runs.extend(more)  # "multi-" / "agency", "Covid-" / "19": the hyphen kept, no space
        return
    url = runs[-1].url if runs and runs[-1].url and runs[-1].url == more[0].url else None
    if url and re.match(r"(?:https?://|www\.)\S*$", _link_text(runs, url)):
        runs.extend(more)  # a URL shown as the link's text, broken over two lines
        return
    runs.append(Run(" ", url))
    runs.extend(more)


def _link_text(runs: list[Run], url: str) -> str:
    text = ""
    for r in reversed(runs):
        if r.url != url:
            break
        text = r.text + text
    return text.strip()


# ---------------------------------------------------------------- tables and paragraphs


@dataclass
class _Para:
    kind: str  # para | item | heading | row
    lines: list[_Line]
    x0: float
    right: float
    marker: str = ""
    text_x: float = 0.0
    label: list[_Line] = field(default_factory=list)
    values: list[_Para] = field(default_factory=list)
    left: float = 0.0  # the left edge of the column it is set in


def _segments(line: _Line) -> list[list[_Piece]]:
    """A line's pieces split where the gap is wider than spacing (a cell border or a tab)."""
    out: list[list[_Piece]] = [[line.pieces[0]]]
    for prev, p in zip(line.pieces, line.pieces[1:]):
        gap = p.x - prev.x1
        if gap > max(1.5 * line.size, 12.0) and not p.sup:
            out.append([p])
        else:
            out[-1].append(p)
    return out


def _sub(line: _Line, pieces: list[_Piece]) -> _Line:
    return _Line(line.y, line.size, pieces)


def _bands(page: _Page) -> list[tuple[float, float, list[float]]]:
    """Table rows from the ruling lines: (top, bottom, column borders) for each band between two
    horizontal rules that vertical rules cross."""
    if not page.vrules or len(page.hrules) < 2:
        return []
    ys = sorted({round(y, 0) for y, x0, x1 in page.hrules if x1 - x0 > 0.2 * page.width}, reverse=True)
    bands = []
    for top, bottom in zip(ys, ys[1:]):
        mid = (top + bottom) / 2
        xs = sorted({round(x, 0) for x, y0, y1 in page.vrules if y0 - 1 <= mid <= y1 + 1})
        merged: list[float] = []
        for x in xs:
            if not merged or x - merged[-1] > 3:
                merged.append(x)
        if len(merged) >= 2 and top - bottom > 3:
            bands.append((top, bottom, merged))
    return bands


def _paragraphs(page: _Page, body: float) -> list[_Para]:
    bands = _bands(page)
    out: list[_Para] = []
    left = min((ln.x0 for ln in page.lines), default=0.0)
    right = max((ln.x1 for ln in page.lines), default=page.width)
    i = 0
    lines = page.lines
    while i < len(lines):
        ln = lines[i]
        band = next((b for b in bands if b[1] - 1 <= ln.y <= b[0] + 1), None)
        if band is not None:
            top, bottom, cols = band
            inside = []
            while i < len(lines) and bottom - 1 <= lines[i].y <= top + 1:
                inside.append(lines[i])
                i += 1
            if len(cols) >= 3:
                out.append(_row(inside, cols, body))
            else:
                out.extend(_flow(inside, cols[0], cols[-1], body))
            continue
        seg = _segments(ln)
        if len(seg) >= 2 and not _MARKER_TEXT.match("".join(p.text for p in seg[0]).strip()):
            out.append(_gap_row(ln, seg, body))
            i += 1
            continue
        j = i
        while j < len(lines) and not any(b[1] - 1 <= lines[j].y <= b[0] + 1 for b in bands) and \
                (j == i or len(_segments(lines[j])) < 2 or _MARKER_TEXT.match(lines[j].pieces[0].text.strip())):
            j += 1
        out.extend(_flow(lines[i:j], left, right, body))
        i = j
    return _join_gap_rows(out)


def _row(lines: list[_Line], cols: list[float], body: float) -> _Para:
    """One table row: the first column is the label, the others the value."""
    label_lines: list[_Line] = []
    value_lines: list[_Line] = []
    for ln in lines:
        first = [p for p in ln.pieces if p.x < cols[1] - 1]
        rest = [p for p in ln.pieces if p.x >= cols[1] - 1]
        if first:
            label_lines.append(_sub(ln, first))
        if rest:
            value_lines.append(_sub(ln, rest))
    row = _Para("row", [], cols[0], cols[-1], label=label_lines)
    if value_lines:
        row.values = _flow(value_lines, cols[1], cols[-1], body)
    return row


def _gap_row(line: _Line, seg: list[list[_Piece]], body: float) -> _Para:
    """A line with a column gap and no rules: label, then value."""
    label = _sub(line, seg[0])
    value = _sub(line, [p for s in seg[1:] for p in s])
    row = _Para("row", [], line.x0, line.x1, label=[label])
    row.values = [_Para("para", [value], value.x0, value.x1)]
    row.text_x = value.x0
    return row


def _join_gap_rows(paras: list[_Para]) -> list[_Para]:
    """Without rules: a line under a row's value (same column) is more of the value; a line under its
    label that does not end a label is the label wrapped."""
    out: list[_Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "row" and prev.text_x and p.kind in ("para", "item") \
                and len(p.lines) >= 1:
            first = p.lines[0]
            gap = prev_bottom(prev) - first.y
            if abs(first.x0 - prev.text_x) < 3 and gap < 1.6 * first.size:
                prev.values.append(p)
                continue
            if abs(first.x0 - prev.x0) < 3 and gap < 1.6 * first.size and len(p.lines) == 1 \
                    and not _text(prev.label).endswith(":") and len(first.text.split()) <= 4:
                prev.label.append(first)
                continue
        out.append(p)
    return out


def prev_bottom(p: _Para) -> float:
    ys = [ln.y for ln in p.label] + [ln.y for v in p.values for ln in v.lines] + [ln.y for ln in p.lines]
    return min(ys) if ys else 0.0


def _text(lines: list[_Line]) -> str:
    return " ".join(ln.text for ln in lines).strip()


def _item_start(line: _Line) -> tuple[str, float] | None:
    """A list item's first line: its marker (alone before a gap, or opening the text) and where its text starts."""
    first = line.pieces[0]
    t = first.text.strip()
    if _MARKER_TEXT.match(t) and len(line.pieces) > 1:
        nxt = line.pieces[1] if line.pieces[1].text.strip() else (line.pieces[2] if len(line.pieces) > 2 else None)
        if nxt is not None and nxt.x - first.x1 > 0.2 * line.size:
            return t, nxt.x
    m = re.match(r"^([•●▪◦‣■\uf0b7\uf0a7–-]|\d{1,2}[.)]|[a-z][.)])\s+", line.text)
    if m and (m.group(1)[0].isdigit() or not m.group(1).isalnum()):
        return m.group(1), first.x + _text_width(m.group(0), first.size, first.bold)
    return None


def _ended_early(line: _Line, nxt: _Line, right: float) -> bool:
    """Whether a line ends before the right edge by more than the next line's first word: then it was
    ended there (a paragraph's last line, a list of short lines), not wrapped."""
    words = nxt.text.split()
    if not words or nxt.text[:1].islower():
        return False
    last = nxt.pieces[0]
    room = right - line.x1
    return room > _text_width(" " + words[0], last.size, last.bold) + 0.5 * line.size


def _rejoin_markers(lines: list[_Line]) -> list[_Line]:
    """A list marker that stands alone on its line (set a little apart from its text) and the text to
    its right on the next line are one line."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and len(ln.pieces) == 1 and _MARKER_TEXT.match(ln.text) and nxt.x0 > ln.x0 + 0.4 * ln.size \
                and ln.y - nxt.y < 1.5 * max(ln.size, nxt.size):
            out.append(_Line(nxt.y, nxt.size, [ln.pieces[0], *nxt.pieces]))
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def _flow(lines: list[_Line], left: float, right: float, body: float) -> list[_Para]:
    """Lines of running text -> paragraphs, headings and list items."""
    out: list[_Para] = []
    cur: _Para | None = None
    for ln in _rejoin_markers(lines):
        item = _item_start(ln)
        heading = ln.size > HEADING_RATIO * body
        if cur is not None:
            last = cur.lines[-1]
            gap = last.y - ln.y
            same = (abs(last.size - ln.size) <= 0.1 * max(last.size, ln.size) and gap <= 1.4 * max(last.size, ln.size)
                    and item is None)
            if heading != (cur.kind == "heading") or (heading and abs(last.size - ln.size) > 0.5):
                same = False  # a heading is never run into the text around it
            elif same and cur.kind == "item":
                same = abs(ln.x0 - cur.text_x) < 0.8 * ln.size
            elif same:
                same = abs(ln.x0 - last.x0) < 1.2 * ln.size or (len(cur.lines) == 1 and ln.x0 < last.x0)
            if same and cur.kind != "heading":
                if _ended_early(last, ln, right):
                    same = False  # the next line's first word would have fitted: the line was ended
                elif not ln.bold and all(x.bold for x in cur.lines):
                    same = False  # a bold lead paragraph ('... was identified as-') and the text under it
            if same:
                cur.lines.append(ln)
                continue
        kind = "heading" if heading else "item" if item else "para"
        cur = _Para(kind, [ln], ln.x0, right, marker=item[0] if item else "", text_x=item[1] if item else ln.x0,
                    left=left)
        out.append(cur)
    return out


# ---------------------------------------------------------------- blocks


def _blocks(paras: list[_Para], heading_sizes: list[float]) -> list[Block]:
    out: list[Block] = []
    for p in paras:
        if p.kind == "row":
            label: list[Run] = []
            for ln in p.label:
                _join(label, [Run(r.text, r.url, False, r.sup, r.note) for r in _runs(ln.pieces)])
            values = _blocks(p.values, heading_sizes)
            values = [Block("para", v.runs) if v.kind == "heading" else v for v in values]
            out.append(Block("row", label, values=values))
            continue
        runs: list[Run] = []
        for i, ln in enumerate(p.lines):
            pieces = ln.pieces
            if i == 0 and p.kind == "item":
                pieces = _unmark(ln, p.marker)
            _join(runs, _runs(pieces))
        if p.kind == "heading":
            size = max(ln.size for ln in p.lines)
            level = 1 + sum(1 for s in heading_sizes if s > size + 0.5)
            out.append(Block("heading", [Run(r.text, r.url, False, r.sup, r.note) for r in runs], level=min(level, 6)))
        elif p.kind == "item":
            depth = 1 if p.x0 - p.left > 36 else 0  # a first-level marker sits up to half an inch in
            out.append(Block("item", runs, level=depth, marker=marker_of(p.marker)))
        else:
            out.append(Block("para", runs))
    return out


def _unmark(line: _Line, marker: str) -> list[_Piece]:
    pieces = list(line.pieces)
    first = pieces[0]
    if first.text.strip() == marker:
        return pieces[1:]
    cut = first.text.find(marker) + len(marker)
    rest = first.text[cut:].lstrip()
    trimmed = len(first.text) - len(rest)
    return [_Piece(first.x, first.y, first.size, rest, first.bold, first.font, first.x1, first.sup,
                   first.url[trimmed:])] + pieces[1:]


def _join_pages(pages: list[list[_Para]]) -> list[_Para]:
    """A paragraph (a table row's value, a list item) cut by a page break is joined back: when it ends
    without a sentence end (or the next page goes on in lower case) and the next page's first
    paragraph is set like it (same type, bold or not, same left edge)."""
    out: list[_Para] = []
    for paras in pages:
        if out and paras:
            last, first = out[-1], paras[0]
            if first.kind == "row" and not first.label and last.kind == "row":
                last.values.extend(first.values)  # a table row going on over the page
                paras = paras[1:]
            elif first.kind == "row" and last.kind == "row" and first.label and last.label \
                    and not _text(first.label) and first.values:
                last.values.extend(first.values)
                paras = paras[1:]
        if out and paras and paras[0].kind == "para":
            last, first = out[-1], paras[0]
            tail = last.values[-1] if last.kind == "row" and last.values else last
            if tail.kind in ("para", "item") and tail.lines and first.lines:
                a, b = tail.lines[-1], first.lines[0]
                alike = abs(a.size - b.size) <= 0.1 * a.size and a.bold == b.bold
                cut = not _SENTENCE_END.search(a.words) or b.words[:1].islower()
                if alike and cut:
                    tail.lines.extend(first.lines)
                    paras = paras[1:]
        out.extend(paras)
    return out


def extract_pdf(data: bytes, where: str) -> str:
    """The reader's text of a PDF file (its bytes); ReportFormatError when it is not one with text."""
    with _quiet_pypdf():
        reader = _open(data, where)
        pages: list[_Page] = []
        try:
            for page in reader.pages:
                pages.append(_read_page(page))
        except ReportFormatError:
            raise
        except Exception as exc:  # a damaged content stream: pypdf raises many kinds
            detail = " ".join(str(exc).split())[:100] or type(exc).__name__
            raise ReportFormatError(f"is a damaged PDF (page {len(pages) + 1}: {detail}); expected a PDF saved by "
                                    "Word or LibreOffice", file=where) from None
        if sum(len(ln.text) for pg in pages for ln in pg.lines) < 40:
            images = any(_has_images(page) for page in reader.pages)
            what = ("has no text layer: its pages are images (a scan); tce-graph does not do OCR, so run OCR "
                    "first (for example ocrmypdf) and read the PDF it writes" if images else
                    "has no text to read; expected the text of a TCE Project Learning Report")
            raise ReportFormatError(what, file=where)
    sizes = Counter(round(p.size, 1) for pg in pages for ln in pg.lines for p in ln.pieces for _ in p.text)
    body = sizes.most_common(1)[0][0]
    heading_sizes = sorted({s for s in sizes if s > HEADING_RATIO * body}, reverse=True)
    _drop_furniture(pages)
    notes: dict[str, Block] = {}
    last_note: list[str] = []
    per_page: list[list[_Para]] = []
    for pg in pages:
        _mark_links(pg)
        _note_blocks(_footnotes(pg, body), notes, last_note)
        per_page.append(_paragraphs(pg, body))
    return render(_blocks(_join_pages(per_page), heading_sizes), notes)


def _has_images(page: Any) -> bool:
    try:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())
    except (AttributeError, KeyError, TypeError, ValueError):
        return False
