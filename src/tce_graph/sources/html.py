"""HTML documents (a saved web page, a converter's one-line HTML) -> the reader's text, with the
standard library's HTML parser.

HTML fragments laid out one element a line are read by the text path, as before; a whole document
(``<html>``, ``<!DOCTYPE html>``, ``<body>``) or any ``.html``/``.htm`` file comes here, so markup on one
line, ``<head>``, scripts, styles, navigation, page headers and footers and forms do not reach the
reader. Read: headings ``h1``-``h6``; paragraphs (``p``, ``div``, ``br`` ends one); lists (``ul``/``ol``
with their numbering, ``start`` and ``type``); tables as label/value rows; links with their targets
(resolved against ``<base href>``); bold; ``<sup>`` digits and in-page links such as ``[1]`` as footnote
marks, and the footnotes (elements whose id or class names a footnote) with their marks.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from ..errors import ReportFormatError
from .layout import Block, Run, render

MEDIA_TYPE = "text/html"
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "aside", "form", "button",
         "select", "iframe", "object", "canvas", "math"}
_BLOCK = {"p", "div", "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption",
          "dd", "dt", "dl", "center", "header", "body", "html"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param"}
_NOTE_CONTAINER = re.compile(r"(?i)foot-?notes?|\bftn\d*|\bfn\d+|endnotes?|_ftn")
_DOCUMENT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                       re.I | re.S)


def is_html_document(data: bytes) -> bool:
    head = data[:4096].lstrip(codecs.BOM_UTF8.decode("latin-1").encode("latin-1"))
    return bool(_DOCUMENT.match(head))


def decode_html(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
    declared = m.group(1).decode("ascii").lower() if m else None
    for enc in filter(None, (declared, "utf-8")):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")


@dataclass
class _List:
    kind: str  # ul | ol
    count: int  # items so far (an ol's start - 1 before the first)
    type: str  # an ol's numbering: 1, a, A, i, I


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.notes: dict[str, Block] = {}
        self.cur: list[Run] | None = None
        self.cur_kind = "para"
        self.cur_level = 0
        self.cur_marker = ""
        self.skip = 0
        self.bold = 0
        self.sup = 0
        self.links: list[str | None] = []
        self.lists: list[_List] = []
        self.base: str | None = None
        self.row: list[list[Block]] | None = None  # cells of the table row being read
        self.cell: list[Block] | None = None
        self.note_depth: list[int] = []  # open elements that hold footnotes
        self.depth = 0
        self.note_mark: str | None = None

    # -- where blocks go
    def _out(self) -> list[Block]:
        return self.cell if self.cell is not None else self.blocks

    def _start_block(self, kind: str = "para", level: int = 0, marker: str = "") -> None:
        self._end_block()
        self.cur, self.cur_kind, self.cur_level, self.cur_marker = [], kind, level, marker

    def _end_block(self) -> None:
        if self.cur is None:
            return
        runs, self.cur = self.cur, None
        text = "".join(r.text for r in runs).strip()
        if not text and not any(r.note for r in runs):
            return
        if self.note_depth and self.cur_kind in ("para", "item"):
            m = re.match(r"^\s*[\[(]?(\d{1,3})[\])]?[.:]?\s+", text)
            mark = self.note_mark or (m.group(1) if m else None)
            if mark is None and self.cur_kind == "item" and self.cur_marker[:-1].isdigit():
                mark = self.cur_marker[:-1]
            if mark is not None:
                if m and not self.note_mark:
                    _drop_prefix(runs, len(m.group(0)) - (len(text) - len(text.lstrip())))
                self.notes[mark] = Block("note", runs, mark=mark)
                self.note_mark = None
                return
        self._out().append(Block(self.cur_kind, runs, level=self.cur_level, marker=self.cur_marker))

    # -- parser events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag not in _VOID:
            self.depth += 1
        if tag == "base" and a.get("href"):  # in <head>, which is otherwise skipped
            self.base = a["href"]
        if self.skip:
            if tag not in _VOID:
                self.skip += 1
            return
        if tag in _SKIP:
            self.skip = 1
            return
        if _NOTE_CONTAINER.search(a.get("id", "") + " " + a.get("class", "")) and tag not in ("a", "sup", "span"):
            self.note_depth.append(self.depth)
        if re.fullmatch(r"h[1-6]", tag):
            self._start_block("heading", int(tag[1]))
        elif tag in ("ul", "ol"):
            self._end_block()
            start = a.get("start", "1")
            self.lists.append(_List(tag, int(start) - 1 if start.lstrip("-").isdigit() else 0, a.get("type", "1")))
        elif tag == "li":
            lst = self.lists[-1] if self.lists else _List("ul", 0, "1")
            lst.count += 1
            marker = "•" if lst.kind == "ul" else _ol_marker(lst.count, lst.type)
            self._start_block("item", max(0, len(self.lists) - 1), marker)
        elif tag == "tr":
            self._end_block()
            self.row = []
        elif tag in ("td", "th"):
            self._end_block()
            if self.row is None:
                self.row = []
            self.cell = []
            self.row.append(self.cell)
        elif tag in _BLOCK:
            self._start_block()
        elif tag == "br":
            self._start_block(self.cur_kind if self.cur_kind != "item" else "para")
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag == "sup":
            self.sup += 1
        elif tag == "a":
            href = a.get("href", "")
            if href.startswith("#") or not href:
                self.links.append(None)
            else:
                self.links.append(urljoin(self.base, href) if self.base else href)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth -= 1
        if self.skip:
            if tag not in _VOID:
                self.skip -= 1
            return
        if self.note_depth and self.depth < self.note_depth[-1]:
            self._end_block()
            self.note_depth.pop()
        if re.fullmatch(r"h[1-6]", tag) or tag in _BLOCK or tag == "li":
            self._end_block()
        elif tag in ("ul", "ol"):
            self._end_block()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th"):
            self._end_block()
            self.cell = None
        elif tag == "tr":
            self._end_block()
            self.cell = None
            self._end_row()
        elif tag == "table":
            self._end_block()
            self.cell = None
            self._end_row()
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag == "sup":
            self.sup = max(0, self.sup - 1)
        elif tag == "a" and self.links:
            self.links.pop()

    def _end_row(self) -> None:
        row, self.row = self.row, None
        if not row:
            return
        cells = [c for c in row]
        if len(cells) == 1:
            self.blocks.extend(cells[0])
            return
        label: list[Run] = []
        for b in cells[0]:
            if label:
                label.append(Run(" "))
            label.extend(Run(r.text, r.url, False, r.sup, r.note) for r in b.runs)
        values = [Block("para", b.runs) if b.kind == "heading" else b for c in cells[1:] for b in c]
        self.blocks.append(Block("row", label, values=values))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cur is None:
            if not data.strip():
                return
            self.cur, self.cur_kind, self.cur_level, self.cur_marker = [], "para", 0, ""
        url = self.links[-1] if self.links else None
        inpage = bool(self.links) and url is None
        text = " ".join(data.split()) if data.strip() else " "
        if data[:1].isspace() and text != " ":
            text = " " + text
        if data[-1:].isspace() and text != " ":
            text += " "
        mark = re.fullmatch(r"\s*\[?(\d{1,3})\]?\s*", data)
        if mark and (self.sup or inpage):  # a footnote mark (in a footnote, the note's own mark)
            if self.note_depth and not "".join(r.text for r in self.cur).strip():
                self.note_mark = mark.group(1)
                return
            self.cur.append(Run("", note=mark.group(1)))
            return
        self.cur.append(Run(text, url, self.bold > 0, self.sup > 0))

    def close(self) -> None:
        super().close()
        self._end_block()
        self._end_row()


def _drop_prefix(runs: list[Run], n: int) -> None:
    while n > 0 and runs:
        r = runs[0]
        if len(r.text) <= n:
            n -= len(r.text)
            runs.pop(0)
        else:
            r.text = r.text[n:]
            n = 0


def _ol_marker(n: int, typ: str) -> str:
    if typ in ("a", "A"):
        s = chr(96 + min(n, 26))
        return (s.upper() if typ == "A" else s) + "."
    if typ in ("i", "I"):
        from .docx import _number
        s = _number(n, "lowerRoman")
        return (s.upper() if typ == "I" else s) + "."
    return f"{n}."


def extract_html(data: bytes, where: str) -> str:
    """The reader's text of an HTML document (its bytes)."""
    parser = _Parser()
    try:
        parser.feed(decode_html(data))
        parser.close()
    except (AssertionError, ValueError) as exc:
        raise ReportFormatError(f"is HTML that cannot be parsed ({exc}); expected an HTML page of a Project Learning "
                                "Report", file=where) from None
    if not any(b.text() for b in parser.blocks):
        raise ReportFormatError("is an HTML document with no text; expected the text of a TCE Project Learning "
                                "Report", file=where)
    return render(parser.blocks, parser.notes)
