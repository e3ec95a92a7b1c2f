"""Word (.docx) files -> the reader's text, with python-docx (MIT) opening the package.

What is read: the body in order (paragraphs, tables, content controls, text boxes); heading styles
(``Heading 1``-``9``, ``Title``, or an outline level) as headings; Word numbering and bullets, from the
paragraph's or its style's ``w:numPr`` and ``numbering.xml`` (formats, level texts, start values and
restarts), as list markers; tables as label/value rows (several paragraphs in a value cell are its
lines, a full-width cell is read as paragraphs); hyperlinks with their targets (``w:hyperlink`` and
``HYPERLINK`` fields), also inside footnotes; footnotes and endnotes with their reference marks,
numbered in the order the document cites them. Page headers and footers are page furniture and are
not read. Tracked deletions and hidden text are left out.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReportFormatError
from .layout import Block, Run, marker_of, render

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UNPACKED = 200 * 1024 * 1024  # a report is well under 5 MB unpacked; more is not a report (or a ZIP bomb)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _attr(el: Any, name: str) -> str | None:
    return el.get(_w(name)) if el is not None else None


def _on(el: Any) -> bool:
    """A w:b / w:vanish style toggle: present and not switched off."""
    return el is not None and (_attr(el, "val") or "true").lower() not in ("0", "false", "off", "none")


# ---------------------------------------------------------------- the package


def extractor_name() -> str:
    import docx

    return f"python-docx {getattr(docx, '__version__', '?')}"


def check_package(data: bytes, where: str) -> None:
    """A .docx is a ZIP holding word/document.xml; say what else it is when it is not."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
        unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReportFormatError("is not a readable Word file (the ZIP package is damaged or cut short); expected "
                                "a .docx saved by Word or LibreOffice", file=where) from None
    if unpacked > MAX_UNPACKED:
        raise ReportFormatError(f"unpacks to {unpacked // (1024 * 1024)} MB; expected a Word report (a few MB at "
                                "most)", file=where)
    if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
        return
    what = ("an Excel workbook" if any(n.startswith("xl/") for n in names)
            else "a PowerPoint presentation" if any(n.startswith("ppt/") for n in names)
            else "an OpenDocument file (save it as .docx)" if "mimetype" in names and "content.xml" in names
            else "an EPUB book" if "META-INF/container.xml" in names
            else "a ZIP archive of other files")
    raise ReportFormatError(f"is {what}, not a Word document (no word/document.xml inside); expected a .docx "
                            "Project Learning Report", file=where)


@dataclass
class _Style:
    name: str
    based_on: str | None
    num: tuple[str | None, str | None] = (None, None)  # (numId, ilvl)
    outline: int | None = None
    bold: bool | None = None


@dataclass
class _Numbering:
    nums: dict[str, tuple[str, dict[str, int]]] = field(default_factory=dict)  # numId -> (abstractId, overrides)
    levels: dict[tuple[str, str], tuple[str, str, int]] = field(default_factory=dict)  # (abs, ilvl) -> fmt, text, start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def marker(self, num_id: str, ilvl: str) -> str | None:
        if num_id not in self.nums or num_id == "0":
            return None
        abstract, starts = self.nums[num_id]
        level = int(ilvl or 0)
        fmt, text, start = self.levels.get((abstract, str(level)), ("bullet", "•", 1))
        start = starts.get(str(level), start)
        counts = self.counters.setdefault(num_id, {})
        counts[level] = counts[level] + 1 if level in counts else start
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if fmt == "bullet":
            return marker_of(text)
        if fmt == "none":
            return None

        def value(m: re.Match) -> str:
            lv = int(m.group(1)) - 1
            lfmt = self.levels.get((abstract, str(lv)), ("decimal", "", 1))[0] if lv != level else fmt
            return _number(counts.get(lv, starts.get(str(lv), 1)), lfmt)
        return re.sub(r"%([1-9])", value, text).strip() or None


def _number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, sym in vals:
            while n >= v:
                s, n = s + sym, n - v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


class _DocxReader:
    def __init__(self, doc: Any):
        self.doc = doc
        self.styles = self._styles()
        self.numbering = self._numbering()
        self.notes: dict[str, Block] = {}
        self.note_marks: dict[tuple[str, str], str] = {}  # (kind, id) -> mark in citing order
        self.note_parts = {kind: self._note_part(rt) for kind, rt in (("footnote", RT_FOOTNOTES),
                                                                       ("endnote", RT_ENDNOTES))}

    # -- parts
    def _styles(self) -> dict[str, _Style]:
        out: dict[str, _Style] = {}
        try:
            root = self.doc.styles.element
        except Exception:  # a package without styles.xml: no styles
            return out
        for st in root.iter(_w("style")):
            sid = _attr(st, "styleId") or ""
            name_el = st.find(_w("name"))
            based = st.find(_w("basedOn"))
            ppr = st.find(_w("pPr"))
            rpr = st.find(_w("rPr"))
            num: tuple[str | None, str | None] = (None, None)
            outline = None
            if ppr is not None:
                np_ = ppr.find(_w("numPr"))
                if np_ is not None:
                    num = (_attr(np_.find(_w("numId")), "val"), _attr(np_.find(_w("ilvl")), "val"))
                ol = ppr.find(_w("outlineLvl"))
                if ol is not None and (_attr(ol, "val") or "").isdigit():
                    outline = int(_attr(ol, "val") or 9)
            bold = _on(rpr.find(_w("b"))) if rpr is not None and rpr.find(_w("b")) is not None else None
            out[sid] = _Style(name=_attr(name_el, "val") or sid, based_on=_attr(based, "val"), num=num,
                              outline=outline, bold=bold)
        return out

    def _numbering(self) -> _Numbering:
        n = _Numbering()
        try:
            root = self.doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return n
        for ab in root.iter(_w("abstractNum")):
            aid = _attr(ab, "abstractNumId") or ""
            for lvl in ab.iter(_w("lvl")):
                fmt = _attr(lvl.find(_w("numFmt")), "val") or "decimal"
                text = _attr(lvl.find(_w("lvlText")), "val") or ""
                start = _attr(lvl.find(_w("start")), "val") or "1"
                n.levels[(aid, _attr(lvl, "ilvl") or "0")] = (fmt, text, int(start) if start.isdigit() else 1)
        for num in root.iter(_w("num")):
            starts: dict[str, int] = {}
            for ov in num.iter(_w("lvlOverride")):
                so = ov.find(_w("startOverride"))
                if so is not None and (_attr(so, "val") or "").isdigit():
                    starts[_attr(ov, "ilvl") or "0"] = int(_attr(so, "val") or 1)
            n.nums[_attr(num, "numId") or ""] = (_attr(num.find(_w("abstractNumId")), "val") or "", starts)
        return n

    def _note_part(self, reltype: str) -> tuple[Any, dict[str, Any]] | None:
        from docx.oxml import parse_xml

        for rel in self.doc.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                part = rel.target_part
                element = getattr(part, "element", None)
                if element is None:
                    element = parse_xml(part.blob)
                kind = "endnote" if reltype == RT_ENDNOTES else "footnote"
                notes = {(_attr(fn, "id") or ""): fn for fn in element.iter(_w(kind))
                         if (_attr(fn, "type") or "normal") == "normal"}
                return part, notes
        return None

    def _style_chain(self, sid: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            yield st
            sid = st.based_on

    def heading_level(self, sid: str | None, ppr: Any) -> int | None:
        ol = ppr.find(_w("outlineLvl")) if ppr is not None else None
        if ol is not None and (_attr(ol, "val") or "").isdigit() and int(_attr(ol, "val") or 9) < 9:
            return int(_attr(ol, "val") or 0) + 1
        for st in self._style_chain(sid):
            name = st.name.lower()
            if m := re.fullmatch(r"heading\s*([1-9])", name):
                return int(m.group(1))
            if name == "title":
                return 1
            if name == "subtitle":
                return 2
            if st.outline is not None and st.outline < 9:
                return st.outline + 1
        return None

    def list_marker(self, sid: str | None, ppr: Any) -> tuple[str | None, int]:
        num_id = ilvl = None
        np_ = ppr.find(_w("numPr")) if ppr is not None else None
        if np_ is not None:
            num_id, ilvl = _attr(np_.find(_w("numId")), "val"), _attr(np_.find(_w("ilvl")), "val")
        if num_id is None:
            for st in self._style_chain(sid):
                if st.num[0] is not None:
                    num_id, ilvl = st.num[0], ilvl or st.num[1]
                    break
        if num_id is None:
            return None, 0
        return self.numbering.marker(num_id, ilvl or "0"), int(ilvl or 0)

    # -- the body
    def blocks(self, container: Any, part: Any) -> list[Block]:
        out: list[Block] = []
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                out.extend(self.paragraph(child, part))
            elif tag == _w("tbl"):
                out.extend(self.table(child, part))
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if content is not None:
                    out.extend(self.blocks(content, part))
        return out

    def paragraph(self, p: Any, part: Any) -> list[Block]:
        ppr = p.find(_w("pPr"))
        sid = _attr(ppr.find(_w("pStyle")), "val") if ppr is not None else None
        runs = list(self.runs(p, part))
        boxes = [b for box in self._text_boxes(p) for b in self.blocks(box, part)]
        level = self.heading_level(sid, ppr)
        marker, depth = self.list_marker(sid, ppr)
        if level is not None:
            block = Block("heading", runs, level=level)
            if marker:
                block.runs = [Run(marker + " ")] + runs
        elif marker is not None:
            block = Block("item", runs, level=depth, marker=marker)
        else:
            block = Block("para", runs)
        return [block, *boxes]

    def _text_boxes(self, p: Any) -> list[Any]:
        boxes = []
        for box in p.iter(_w("txbxContent")):
            anc = box.getparent()
            fallback = False
            while anc is not None and anc is not p:
                if anc.tag == f"{{{MC_NS}}}Fallback":
                    fallback = True
                    break
                anc = anc.getparent()
            if not fallback:
                boxes.append(box)
        return boxes

    def runs(self, p: Any, part: Any, url: str | None = None) -> Iterator[Run]:
        field_url: str | None = None
        in_field: list[str] = []  # instruction text of the complex field being read
        state = "none"  # none | instr | result
        for child in p:
            tag = child.tag
            if tag == _w("r"):
                fld = child.find(_w("fldChar"))
                if fld is not None:
                    kind = _attr(fld, "fldCharType")
                    if kind == "begin":
                        state, in_field = "instr", []
                    elif kind == "separate":
                        m = re.search(r'HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', "".join(in_field))
                        field_url = m.group(1) if m else None
                        state = "result"
                    elif kind == "end":
                        state, field_url = "none", None
                    continue
                if state == "instr":
                    in_field.extend(t.text or "" for t in child.iter(_w("instrText")))
                    continue
                yield from self.run(child, part, field_url or url)
            elif tag == _w("hyperlink"):
                rid = child.get(f"{{{R_NS}}}id")
                target = None
                if rid and rid in part.rels and part.rels[rid].is_external:
                    target = part.rels[rid].target_ref
                anchor = _attr(child, "anchor")
                if target and anchor:
                    target = f"{target}#{anchor}"
                yield from self.runs(child, part, target or url)
            elif tag == _w("fldSimple"):
                m = re.search(r'HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', _attr(child, "instr") or "")
                yield from self.runs(child, part, m.group(1) if m else url)
            elif tag in (_w("ins"), _w("smartTag"), _w("customXml"), _w("moveTo")):
                yield from self.runs(child, part, url)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self.runs(content, part, url)

    def run(self, r: Any, part: Any, url: str | None) -> Iterator[Run]:
        rpr = r.find(_w("rPr"))
        if rpr is not None and _on(rpr.find(_w("vanish"))):
            return
        bold = False
        sup = False
        if rpr is not None:
            b = rpr.find(_w("b"))
            if b is not None:
                bold = _on(b)
            else:
                rs = _attr(rpr.find(_w("rStyle")), "val")
                bold = any(st.bold for st in self._style_chain(rs) if st.bold is not None)
            va = _attr(rpr.find(_w("vertAlign")), "val")
            sup = va == "superscript"
        for el in r:
            tag = el.tag
            if tag == _w("t"):
                yield Run(el.text or "", url, bold, sup)
            elif tag in (_w("tab"), _w("br"), _w("cr"), _w("ptab")):
                yield Run(" ", url, bold)
            elif tag == _w("noBreakHyphen"):
                yield Run("-", url, bold)
            elif tag == _w("sym"):
                yield Run(marker_of(chr(int(_attr(el, "char") or "20", 16))), url, bold)
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                kind = "footnote" if tag == _w("footnoteReference") else "endnote"
                note = self.note(kind, _attr(el, "id") or "")
                if note is not None:
                    yield Run("", note=note)

    def note(self, kind: str, note_id: str) -> str | None:
        """The mark of a footnote (endnote) cited here, numbered in citing order; its text is read once."""
        key = (kind, note_id)
        if key in self.note_marks:
            return self.note_marks[key]
        found = self.note_parts.get(kind)
        if found is None or note_id not in found[1]:
            return None
        part, notes = found
        mark = str(len(self.note_marks) + 1)
        self.note_marks[key] = mark
        runs: list[Run] = []
        for p in notes[note_id].iter(_w("p")):
            if runs:
                runs.append(Run(" "))
            runs.extend(r for r in self.runs(p, part) if r.note is None)
        self.notes[mark] = Block("note", runs, mark=mark)
        return mark

    def table(self, tbl: Any, part: Any) -> list[Block]:
        out: list[Block] = []
        for tr in tbl.iter(_w("tr")):
            if tr.getparent() is not tbl:
                continue  # rows of a nested table are read with their cell
            cells: list[list[Block]] = []
            for tc in tr.findall(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if vmerge is not None and (_attr(vmerge, "val") or "continue") == "continue":
                    cells.append([])  # the lower part of a vertically merged cell
                    continue
                cells.append(self.blocks(tc, part))
            if len(cells) == 1:  # a full-width cell: its content as paragraphs
                out.extend(cells[0])
                continue
            label_blocks = [b for b in cells[0] if b.text()]
            label: list[Run] = []
            for b in label_blocks:
                if label:
                    label.append(Run(" "))
                label.extend(Run(r.text, r.url, False, r.sup, r.note) for r in b.runs)
            values = [b for c in cells[1:] for b in c if b.text() or any(r.note for r in b.runs)]
            values = [Block("para", b.runs) if b.kind == "heading" else b for b in values]
            out.append(Block("row", label, values=values))
        return out


def extract_docx(data: bytes, where: str) -> str:
    """The reader's text of a Word file (its bytes); ReportFormatError when it is not one."""
    check_package(data, where)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise ReportFormatError("is a Word file; reading Word files needs python-docx: pip install "
                                "'tce-graph[docx]'", file=where) from None
    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        detail = str(exc).split("\n")[0][:120]
        raise ReportFormatError(f"is not a readable Word document ({detail}); expected a .docx saved by Word or "
                                "LibreOffice", file=where) from None
    except Exception as exc:  # lxml's XMLSyntaxError and what else a damaged part raises
        raise ReportFormatError(f"is a damaged Word document ({type(exc).__name__}); expected a .docx saved by "
                                "Word or LibreOffice", file=where) from None
    reader = _DocxReader(doc)
    blocks = reader.blocks(doc.element.body, doc.part)
    if not any(b.text() for b in blocks):
        raise ReportFormatError("is a Word document with no text; expected the text of a TCE Project Learning "
                                "Report", file=where)
    return render(blocks, reader.notes)
