"""Text -> units -> sections.

A *unit* is one logical piece of a report: a table/label row, a paragraph, a list item or a
footnote, with its character span. Converter noise is removed here: page headers repeated at page
breaks (and the sentence they cut in two is joined back), HTML fragments split into paragraphs
and list items, Markdown pipe tables and tab-separated rows read as label/value pairs.
"""
from __future__ import annotations

import codecs
import functools
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportFormatError
from .model import Span, SourceText, Warning
from .text import ANGLE_URL, BARE_URL, SUPERSCRIPTS, ends_sentence, label_key, strip_markup

# Labels of the details table, the report's sections and the sign-off block. Matched against the
# folded label text (see text.label_key), so bold/HTML/heading markup and case do not matter.
LABELS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p)) for k, p in [
    ("header", r"^tackling child exploitation support programme$"),
    ("header", r"^(page \d+( of \d+)?|\d+ of \d+|- ?\d+ ?-)$"),  # page footers
    ("title", r"^(tce )?project learning report$"),
    ("details", r"^details of (the )?bespoke support project"),
    ("partnership", r"^(bsp |local )?partnership( name)?$"),
    ("agencies", r"^(core )?partner agencies|^core partner"),
    ("la_count", r"^number of local authority|^local authority areas?( covered)?$"),
    ("region", r"^region(al)?( area)?$"),
    ("size", r"^(bsp |project )*size$"),
    ("methodology", r"^(bsp )?methodolog"),
    ("delivery", r"^digital ?/ ?face|^(bsp )?delivery( mode)?$|mixed delivery$"),
    ("commenced", r"^date (the )?(bsp |project )?(commenced|started|began)|^start date|^dates? of (the )?bsp"),
    ("summary", r"^(executive |project )?summary( of (the )?(bsp|project))?$"),
    ("reasons", r"^reasons? (why|for)"),
    ("goal", r"^(overall |overarching )?(change )?goals? (of|for) (the )?(bsp|project)|^overall goal"),
    ("approaches", r"^approach(es)? ?(/|and|&) ?methods|^approach(es)? (taken|used|adopted)|^methods? (taken|used)"),
    ("key_issues", r"^key issues( (that|which) arose| arising|$)"),
    ("for_local", r"^-? ?for a local area and those delivering"),
    ("joining", r"^joining the dots$"),
    ("joining_intro", r"^key reflections on the joining the dots"),
    ("learning", r"^significant learning"),
    ("evidence", r"^emerging evidence (of|that)|^evidence of (system )?change"),
    ("immediate", r"^immediate reflections"),
    ("tick", r"^please tick"),
    ("date", r"^date$"),
    ("signed_local", r"^signed by (the )?local area"),
    ("signed_tce", r"^signed by (the )?tce( support programme)?( project)? lead"),
    ("signed_local", r"^on behalf of (the )?(local area|local partnership|partnership)$"),
    ("signed_tce", r"^on behalf of (the )?tce( support programme)?$"),
    ("signed", r"^signed$"),
]]
SIGNOFF_KEYS = ("date", "signed_local", "signed_tce", "signed")
DETAIL_KEYS = ("partnership", "agencies", "la_count", "region", "size", "methodology", "delivery",
               "commenced")
SECTION_KEYS = ("details", "summary", "reasons", "goal", "approaches", "key_issues", "joining",
                "learning", "evidence", "immediate", "signoff")
SECTION_TITLES = {
    "details": "Details of Bespoke Support Project", "summary": "Summary",
    "reasons": "Reasons why the local area requested the TCE Support Programme",
    "goal": "Overall goal of the BSP", "approaches": "Approaches / methods",
    "key_issues": "Key issues that arose during the delivery of the BSP",
    "joining": "Joining the dots", "learning": "Significant learning and transferability",
    "evidence": "Emerging evidence of system change", "immediate": "Immediate reflections from the local area",
    "signoff": "Sign-off",
}

ITEM_MARKER = re.compile(r"^(?P<marker>[-•●▪◦‣*\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|\(?\d{1,2}[.)]|[a-z][.)]"
                         r"|\((?:[ivxlc]{1,5}|[a-z])\)|o(?=\s+[A-Z]))\s+")
INLINE_BULLET = re.compile(r"\s[•●▪◦]\s")
HTML_BREAK = re.compile(r"<(/?)(p|li|ul|ol|br|div)\b[^>]*>", re.I)


SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-h])[.)]?\s+")


@functools.lru_cache(maxsize=4096)
def match_label(text: str) -> str | None:
    key = label_key(text)
    if not key or len(key) > 160:
        return None
    for candidate in (key, SECTION_NUMBER.sub("", key, count=1)):  # "1. Reasons why ..." too
        for name, pattern in LABELS:
            if pattern.search(candidate):
                return name
    return None


@dataclass
class Unit:
    kind: str  # heading | field | para | item | footnote
    text: str  # raw source text of the content (markup kept)
    start: int
    end: int
    line: int
    key: str | None = None  # known label key, for heading/field
    label: str | None = None  # label as written, for heading/field
    marker: str | None = None  # list marker, for items
    after_break: bool = False  # a page header was removed just before this unit
    extra: list[str] = field(default_factory=list)
    joins: list[tuple[int, int]] = field(default_factory=list)  # (index in text, source offset) after a join

    def at(self, i: int) -> int:
        """The source offset of character ``i`` of ``text``, across the lines joined into it."""
        src = self.start + i
        for ti, si in self.joins:
            if ti <= i:
                src = si + (i - ti)
        return src

    def append(self, other: "Unit", sep: str = " ") -> None:
        """Join ``other``'s text onto this unit (a value or sentence that runs on to the next line)."""
        self.text = self.text.rstrip() + sep
        self.joins.append((len(self.text), other.start))
        self.joins.extend((len(self.text) + ti, si) for ti, si in other.joins)
        self.text += other.text
        self.end = other.end

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.line)

    @property
    def clean(self) -> str:
        return strip_markup(self.text)


@dataclass
class Sections:
    details: dict[str, Unit]
    bodies: dict[str, list[Unit]]
    headings: dict[str, Unit]
    footnotes: list[Unit]
    signoff: list[Unit]
    order: list[str]


# ---------------------------------------------------------------- reading bytes


def read_source(path: str | Path, warnings: list[Warning] | None = None) -> SourceText:
    """Read a report file, decoding UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    p = Path(path)
    name = p.name
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReportFormatError("is a directory; expected a report text file", file=str(path)) from None
    except OSError as exc:
        raise ReportFormatError(f"cannot be read ({exc.strerror}); expected a report text file",
                                file=str(path)) from None
    return decode_source(data, name=name, path=str(path), warnings=warnings)


def decode_source(data: bytes, *, name: str, path: str | None = None,
                  warnings: list[Warning] | None = None) -> SourceText:
    where = path or name
    if not data.strip():
        raise ReportFormatError("file is empty; expected the text of a TCE Project Learning Report",
                                file=where, line=1)
    encoding = "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        if b"\x00" in data or _binary_ratio(data) > 0.05:
            raise ReportFormatError("is a binary file, not text; expected the text of a TCE Project "
                                    "Learning Report (convert PDFs to text first)", file=where, line=1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            encoding = "windows-1252"
            text = data.decode("cp1252", errors="replace")
            if warnings is not None:
                line = data[: exc.start].count(b"\n") + 1
                warnings.append(Warning("not valid UTF-8; read as Windows-1252", line))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = CHAR_REF.sub(_char_ref, text)
    text = re.sub("\u00ad\n(\\S*)", "\\1\n", text)  # "replac-<newline>ing" -> "replacing<newline>", lines kept
    text = text.translate(_LIGATURES).replace(" -- ", " – ")  # pandoc's en dash
    text = _dehyphenate(text)
    text = _reference_links(text)
    text = _footnote_markers(text)
    return SourceText(name=name, text=text, sha256=hashlib.sha256(data).hexdigest(),
                      byte_size=len(data), encoding=encoding, path=path)


CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_KEEP_REFS = {"<", ">"}  # decoding these would make text look like markup; strip_markup decodes them


def _char_ref(m: re.Match) -> str:
    """An HTML character reference from a converter ('Barnardo&#39;s', '&amp;') as the character it
    stands for; unknown names are left as written."""
    ch = html.unescape(m.group(0))
    if ch == m.group(0) or ch in _KEEP_REFS:
        return m.group(0)
    return " " if ch == "\u00a0" else ch


_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
              0x00AD: None}  # typographic ligatures spelt out; soft hyphens removed
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
_FOOTNOTE_FORMS = re.compile(
    r"\[\^(?P<a>\d{1,3})\]:?"  # Markdown footnotes: "word[^1]" and "[^1]: text"
    r"|\^(?P<b>\d{1,3})\^"  # pandoc superscript: "word^1^"
    r"|(?<=[\w.,;:)’'\"])\[(?P<c>\d{1,2})\](?![(\[])"  # "word[1]" (not a link "[1](url)")
    r"|^\[(?P<d>\d{1,2})\](?=\s)", re.M)  # "[1] text" opening a line


HYPHEN_BREAK = re.compile(r"(?P<head>\S*?(?P<last>[a-z]+))-\n(?P<indent>[ \t]*)(?P<tail>[a-z][\w/.%-]*)")
_HYPHEN_HINT = re.compile(r"[a-z]-\n[ \t]*[a-z]")
KEEP_HYPHEN = {"multi", "co", "cross", "non", "inter", "self", "well", "anti", "pre", "post", "extra", "sub",
               "semi", "under", "over", "long", "short", "high", "low", "age", "re", "ex", "full", "part",
               "face", "place", "child", "young", "e", "follow", "step", "one", "two", "three", "four"}


LINK_DEFINITION = re.compile(r"^ {0,3}\[(?P<id>[^\]^][^\]]*)\]:\s*<?(?P<url>\S+?)>?(?:\s+[\"'(].*)?$", re.M)


def _reference_links(text: str) -> str:
    """Markdown reference links: '[text][id]' with '[id]: url' elsewhere become '[text](url)'; the
    definition lines are blanked (kept as empty lines, so line numbers hold)."""
    defs = {m["id"].casefold(): m["url"] for m in LINK_DEFINITION.finditer(text)}
    if not defs:
        return text
    text = LINK_DEFINITION.sub("", text)
    return re.sub(r"\[(?P<t>[^\]]+)\]\[(?P<id>[^\]]*)\]",
                  lambda m: f"[{m['t']}]({defs.get((m['id'] or m['t']).casefold(), '#')})", text)


def _dehyphenate(text: str) -> str:
    """A word hyphenated at a line end ('safe-' / 'guarding') is joined on the first line, and the
    line count kept; compounds keep their hyphen ('multi-agency'), and a URL broken at a hyphen is
    rejoined as it was."""
    def join(m: re.Match) -> str:
        head, last, tail = m["head"], m["last"], m["tail"]
        keep = "://" in head or "www." in head or last in KEEP_HYPHEN or f"{last}-{tail.split('-')[0]}" in text
        return f"{head}{'-' if keep else ''}{tail}\n{m['indent']}"
    if not _HYPHEN_HINT.search(text):
        return text
    return HYPHEN_BREAK.sub(join, text)


def _footnote_markers(text: str) -> str:
    """Footnote markers written as [^1], ^1^ or [1] become superscript digits, the form the reader
    (and the footnote list) understands."""
    def sup(m: re.Match) -> str:
        return next(g for g in m.groups() if g).translate(_TO_SUPERSCRIPT)
    return _FOOTNOTE_FORMS.sub(sup, text)


def _binary_ratio(data: bytes) -> float:
    sample = data[:8192]
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(sample))


# ---------------------------------------------------------------- units


def units_of(text: str) -> list[Unit]:
    """Split decoded report text into units, dropping page headers and joining split sentences."""
    raw: list[Unit] = []
    offset = 0
    prev_plain: Unit | None = None
    lines = text.split("\n")
    furniture = _page_furniture(lines)
    blank: set[int] = set()
    prev_heading: Unit | None = None
    prev_item: Unit | None = None
    for lineno, line in enumerate(lines, start=1):
        start = offset
        offset += len(line) + 1
        stripped = line.strip().strip("\f").strip()
        heading, prev_heading = prev_heading, None
        item, prev_item = prev_item, None
        if not stripped:
            prev_plain = None
            blank.add(lineno)
            continue
        if RULE_LINE.fullmatch(stripped) or _contents_line(stripped):  # borders, underlines, rules, contents
            prev_plain = None
            continue
        if stripped in furniture:  # a running header or footer repeated on every page
            raw.append(Unit("heading", stripped, start, start + len(line), lineno, key="header"))
            prev_plain = None
            continue
        lead = start + len(line) - len(line.lstrip())
        if stripped.startswith("|"):
            prev_plain = None
            raw.extend(_table_row(line, start, lineno))
        elif re.search(r"<t[dh]\b", stripped, re.I):
            prev_plain = None
            raw.extend(_html_row(line, start, lineno))
        elif re.fullmatch(r"(</?(table|tbody|thead|tr)\b[^>]*>\s*)+", stripped, re.I):
            prev_plain = None
        elif "\t" in line and line.split("\t", 1)[0].strip() and not _tab_is_spacing(line):
            prev_plain = None
            label, _, value = line.partition("\t")
            key = match_label(label)
            vstart = start + len(label) + 1
            if key:
                raw.append(_labelled(key, label, value, start, vstart, lineno))
            else:
                raw.extend(_content(line.rstrip(), lead, lineno))
        else:
            line = line.replace("\t", " ")  # same length: offsets hold
            stripped = line.strip().strip("\f").strip()
            if item is not None and line[:1].isspace() and not ITEM_MARKER.match(stripped) \
                    and not _is_label_line(stripped) and stripped[:1] not in SUPERSCRIPTS:
                item.text = text[item.start:start + len(line.rstrip())]  # a list item wrapped onto this line
                item.end = start + len(line.rstrip())
                prev_item = item
                continue
            if heading is not None and _wraps_heading(heading, stripped):  # "... deliver the" / "BSP:**"
                heading.text = text[heading.start:start + len(line.rstrip())]
                heading.end = start + len(line.rstrip())
                heading.label = strip_markup(heading.text.replace("\n", " "))
                continue
            if prev_plain is not None and not ITEM_MARKER.match(stripped) and prev_plain.kind != "heading" \
                    and not (prev_plain.kind == "field" and _column(text, prev_plain.start) >= 12) \
                    and not _is_label_line(stripped) and not _ends_block(prev_plain, stripped) \
                    and stripped[:1] not in SUPERSCRIPTS:  # a footnote starts its own unit
                prev_plain.text = text[prev_plain.start:start + len(line.rstrip())]
                prev_plain.end = start + len(line.rstrip())
                continue
            units = _plain_line(line, lead, lineno)
            if len(units) == 1 and units[0].kind == "heading" and units[0].key in SECTION_KEYS:
                prev_heading = units[0]
            if len(units) == 1 and units[0].kind == "item" and not units[0].text.endswith((".", ":", ";")):
                prev_item = units[0]
            raw.extend(units)
            prev_plain = units[-1] if len(units) == 1 and units[0].kind in ("para", "field") else None
    return _tidy(_continue_details(raw, blank, text))


RULE_LINE = re.compile(r"(?=.*[-=~^*_+#])[-=~^\"'`*#+_:|\s]{3,}")


CONTENTS_LINE = re.compile(r"^(?P<title>\D.*?)\s*(?:\.{3,}|…+|_{3,}|\s{3,})\s*\d{1,3}$")


def _contents_line(stripped: str) -> bool:
    """A table-of-contents entry: a section title, dot leaders and a page number."""
    m = CONTENTS_LINE.match(stripped)
    return bool(m) and (match_label(m["title"]) is not None or "." * 3 in stripped or "…" in stripped)


PAGE_NUMBER = re.compile(r"(?i)page \d+(?: of \d+)?|\d+ of \d+|- ?\d+ ?-")


def _page_furniture(lines: list[str]) -> set[str]:
    """Short lines that repeat and sit at page breaks (next to a form feed, a page number or the
    programme header): a partnership's running header or footer, dropped like the programme header."""
    counts: dict[str, int] = {}
    for ln in lines:
        t = ln.strip().strip("\f").strip()
        if t:
            counts[t] = counts.get(t, 0) + 1
    repeated = {t for t, n in counts.items() if n >= 2 and len(t.split()) <= 14}
    if not repeated:
        return set()
    breaks = {i for i, ln in enumerate(lines)
              if "\f" in ln or PAGE_NUMBER.fullmatch(ln.strip())
              or (ln.strip() in repeated and match_label(ln.strip()) == "header")}
    out: set[str] = set()
    for i, ln in enumerate(lines):
        t = ln.strip().strip("\f").strip()
        if t not in repeated or ends_sentence(t) or match_label(t):
            continue
        if any(j in breaks for j in range(i - 2, i + 3) if j != i) and ITEM_MARKER.match(t) is None:
            out.add(t)
    return out


def _column(text: str, offset: int) -> int:
    """The column of a source offset on its line; 0 on lines laid out with tabs or table borders."""
    start = text.rfind("\n", 0, offset) + 1
    laid_out = text[max(start, offset - 2):offset] == "  " and "\t" not in text[start:offset] \
        and "|" not in text[start:offset]  # a value set in its own column by spaces
    return offset - start if laid_out else 0


def _value_part(u: Unit, text: str, value_col: int) -> Unit | None:
    """In a two-column layout, the part of a continuation line that sits in the value column (the
    rest is the label wrapping: 'covered:' / 'Delivery'); None when the line holds no value."""
    if value_col < 12 or _column(text, u.start) >= value_col - 2:
        return u
    m = re.search(r"\s{3,}(?=\S)", u.text)
    if m is None:
        return None
    start = u.start + m.end()
    return Unit(u.kind, u.text[m.end():], start, u.end, u.line)


def _continue_details(units: list[Unit], blank: set[int], text: str) -> list[Unit]:
    """A details row whose value runs on over the next lines (a label alone on its line with the value
    below, bullets or wrapped lines inside a table cell) gets those lines as its value."""
    out: list[Unit] = []
    target: Unit | None = None
    last = 0
    for u in units:
        if u.key and u.kind in ("heading", "field"):
            target = u if u.key in DETAIL_KEYS or u.key in SIGNOFF_KEYS else None
            last = u.line
            out.append(u)
            continue
        if target is not None and u.kind in ("para", "item") and target.kind == "heading" \
                and target.key not in ("signed_local", "signed_tce", "signed"):
            # "Partnership Name:" alone on its line (blank lines between, as Word exports write it):
            # the next paragraph is its value
            target.kind, target.text, target.start, target.end = "field", u.text, u.start, u.end
            target.joins = list(u.joins)
            target = target if target.key != "date" else None
            last = u.line
            continue
        if target is not None and u.kind in ("para", "item") and not any(n in blank for n in range(last + 1, u.line)) \
                and len(strip_markup(u.text).split()) <= 20 and (target.kind == "field" or target.key in DETAIL_KEYS):
            part = _value_part(u, text, _column(text, target.start))
            if part is not None:
                target.append(part, "\n")  # a value wrapped over lines, or bullets inside a table cell
            last = u.line
            continue
        target = None
        out.append(u)
    return out


BLOCK_END = re.compile(r"(?:</(?:p|h[1-6]|div|li|ul|ol)>|<br\s*/?>)\s*$", re.I)


def _ends_block(prev: Unit, line: str) -> bool:
    """Whether the next line starts a new block rather than continuing ``prev``: after a closing HTML
    block tag, or after a short one-line heading with no sentence punctuation ('Go to where
    communities already are', 'Leading with care:') when the line opens with a capital."""
    if BLOCK_END.search(prev.text):
        return True
    if prev.kind == "para" and "\n" not in prev.text and len(prev.text) > 100 and ends_sentence(prev.text) \
            and len(line.split()) <= 10 and strip_markup(line)[:1].isupper():
        return True  # one paragraph per line (not hard-wrapped): a short line after it is a heading
    if prev.kind != "para" or "\n" in prev.text:
        return False
    head = strip_markup(prev.text)
    opens = strip_markup(line)[:1]
    return (0 < len(head.split()) <= 10 and (not ends_sentence(head) or head.endswith(":"))
            and (opens.isupper() or opens.isdigit() or opens in "\"'‘“"))


def _tab_is_spacing(line: str) -> bool:
    """A tab that is only spacing, not a cell border: after a list number ('1.\tReasons ...'), or after
    a label that already has its value ('Signed by local area: Jo Bloggs\tDate: 12/05/2022')."""
    first = line.split("\t", 1)[0].strip()
    if re.fullmatch(r"(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-h])[.)]?|[-•●▪◦*\uf0b7]", first):
        return True
    label, colon, value = first.partition(":")
    return bool(colon) and bool(strip_markup(value).strip()) and match_label(label) is not None


def _wraps_heading(heading: Unit, line: str) -> bool:
    """Whether ``line`` finishes a section heading wrapped over two lines: the heading has no closing
    colon yet, and the short next line closes it (with a colon, or the bold left open)."""
    head = strip_markup(heading.text)
    if head.endswith(":") or match_label(line) or len(line.split()) > 12:
        return False
    return strip_markup(line).endswith(":") or heading.text.count("**") % 2 == 1


def _is_label_line(stripped: str) -> bool:
    """A line that opens a new row or section ('Regional Area: East of England'), never a wrapped
    continuation of the line before."""
    stripped = stripped.removeprefix(":")  # reStructuredText ":Date: ..."
    if match_label(stripped) is not None:
        return True
    label, colon, _ = stripped.partition(":")
    return bool(colon) and len(label.split()) <= 16 and match_label(label) is not None


HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(?P<cell>.*?)(?:</t[dh]>|(?=<t[dh]\b)|$)", re.I | re.S)


def _html_row(line: str, start: int, lineno: int) -> list[Unit]:
    """An HTML table row ``<tr><td>Label:</td><td>Value</td></tr>`` read like a pipe-table row."""
    cells = [(m.group("cell"), start + m.start("cell")) for m in HTML_CELL.finditer(line)]
    return _row(cells, lineno)


def _table_row(line: str, start: int, lineno: int) -> list[Unit]:
    cells: list[tuple[str, int]] = []
    pos = line.index("|") + 1
    for part in line[pos:].split("|"):
        cells.append((part, start + pos))
        pos += len(part) + 1
    return _row(cells, lineno)


def _row(cells: list[tuple[str, int]], lineno: int) -> list[Unit]:
    while cells and not cells[-1][0].strip():
        cells.pop()
    if not cells or all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for c, _ in cells):
        return []
    first, fstart = cells[0]
    value, vstart = (cells[1] if len(cells) > 1 else ("", fstart + len(first)))
    key = match_label(first)
    if key:
        return [_labelled(key, first, value, fstart, vstart, lineno)]
    out: list[Unit] = []
    for cell, cstart in cells:
        if cell.strip():
            lead = cstart + len(cell) - len(cell.lstrip())
            out.extend(_content(cell.strip(), lead, lineno))
    return out


def _labelled(key: str, label: str, value: str, start: int, vstart: int, lineno: int) -> Unit:
    value_stripped = value.strip()
    if not value_stripped:
        end = start + len(label.rstrip())
        return Unit("heading", label.strip(), start + len(label) - len(label.lstrip()), end, lineno,
                    key=key, label=strip_markup(label))
    vlead = vstart + len(value) - len(value.lstrip())
    return Unit("field", value_stripped, vlead, vlead + len(value_stripped), lineno, key=key,
                label=strip_markup(label))


def _plain_line(line: str, lead: int, lineno: int) -> list[Unit]:
    stripped = line.strip()
    if re.match(r"^:[^:\s][^:]{0,80}:(?:\s|$)", stripped):  # reStructuredText field ":Date: 12.05.2022"
        stripped, lead = stripped[1:], lead + 1
    if ":" in stripped:  # "Label: value" (the label possibly bold: "**Label:** value")
        label, _, value = stripped.partition(":")
        key = match_label(label)
        marked = bool(re.match(r"^\s*(\*\*|__|<b>|#)", label))
        if key and strip_markup(value) and len(label.split()) <= 16 and (
                key in SIGNOFF_KEYS + DETAIL_KEYS or marked):
            value_start = lead + len(label) + 1
            if value.lstrip().startswith(("**", "</b>", "__")):  # closing bold after the colon
                skip = len(value) - len(value.lstrip()) + (4 if value.lstrip().startswith("</b>") else 2)
                value, value_start = value[skip:], value_start + skip
            return [_labelled(key, label, value, lead, value_start, lineno)]
    cols = re.match(r"^(?P<label>\S.{2,90}?)\s{2,}(?P<value>\S.*)$", stripped)
    if cols and match_label(cols["label"]) in DETAIL_KEYS:  # "BSP Methodology/ methodologies     Partnership"
        return [_labelled(match_label(cols["label"]), cols["label"], cols["value"], lead,
                          lead + cols.start("value"), lineno)]
    key = match_label(stripped)
    if key and len(stripped.split()) <= 30 and not strip_markup(stripped).endswith("."):
        return [Unit("heading", stripped, lead, lead + len(stripped), lineno, key=key,
                     label=strip_markup(stripped))]
    return _content(stripped, lead, lineno)


def _content(text: str, start: int, lineno: int) -> list[Unit]:
    """Paragraphs and items of one content line, splitting HTML fragments and inline bullets."""
    pieces: list[tuple[str, int, bool]] = []  # (text, start, in_list)
    if HTML_BREAK.search(text):
        pos, in_list = 0, False
        for m in HTML_BREAK.finditer(text):
            pieces.append((text[pos:m.start()], start + pos, in_list and m.group(2).lower() != "ul"))
            tag = m.group(2).lower()
            if tag in ("ul", "ol"):
                in_list = not m.group(1)
            elif tag == "li":
                in_list = in_list or not m.group(1)
            pos = m.end()
        pieces.append((text[pos:], start + pos, in_list))
    else:
        pieces.append((text, start, False))
    units: list[Unit] = []
    for piece, pstart, in_list in pieces:
        for sub, sstart, bullet in _split_bullets(piece, pstart):
            stripped = sub.strip()
            if not stripped or not strip_markup(stripped):
                continue
            s = sstart + len(sub) - len(sub.lstrip())
            m = ITEM_MARKER.match(stripped)
            if m and not (m.group("marker")[0].isalpha() and m.group("marker") != "o" and not in_list and not bullet):
                units.append(Unit("item", stripped, s, s + len(stripped), lineno,
                                  marker=m.group("marker")))
            elif bullet or in_list:
                units.append(Unit("item", stripped, s, s + len(stripped), lineno, marker="•"))
            else:
                units.append(Unit("para", stripped, s, s + len(stripped), lineno))
    return units


def _split_bullets(piece: str, start: int) -> list[tuple[str, int, bool]]:
    cuts = [m.start() + 1 for m in INLINE_BULLET.finditer(piece)]
    if not cuts:
        return [(piece, start, False)]
    out = [(piece[: cuts[0]], start, False)]
    for i, c in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else len(piece)
        out.append((piece[c:end], start + c, True))
    return out


def _tidy(units: list[Unit]) -> list[Unit]:
    """Drop page headers, split off footnotes, and join sentences cut by a page break."""
    out: list[Unit] = []
    broke = False
    for u in units:
        if u.kind == "heading" and u.key in ("header", "title"):
            broke = True
            continue
        if u.kind == "para" and strip_markup(u.text) in ("", "Joining the Dots", "Joining the dots") \
                and out and any(o.key == "joining" for o in out if o.kind == "heading"):
            continue
        u.after_break = broke
        broke = False
        if u.kind == "para" and u.text[:1] in SUPERSCRIPTS:
            u.kind = "footnote"
        elif u.kind == "para" and out and _is_url_only(u.text):
            prev = _last(out, ("footnote",))
            if prev is not None and out[-1] is prev:
                prev.extra.append(u.text)
                prev.end = u.end
                continue
        if u.kind == "para" and (u.text[:1].islower() or u.after_break):
            prev = _last(out, ("para", "item", "field"))
            if prev is not None and not ends_sentence(prev.text) and prev.key not in ("date",) \
                    and (u.text[:1].islower() or len(prev.text.split()) > 12):
                prev.append(u)
                prev.extra.append(f"join:{u.start}")
                continue
        out.append(u)
    return out


def _is_url_only(text: str) -> bool:
    t = text.strip()
    return bool(ANGLE_URL.fullmatch(t) or BARE_URL.fullmatch(t))


def _last(units: list[Unit], kinds: tuple[str, ...]) -> Unit | None:
    """The last unit of the given kinds, looking past footnotes only."""
    for u in reversed(units):
        if u.kind in kinds:
            return u
        if u.kind != "footnote":
            return None
    return None


# ---------------------------------------------------------------- sections


def sectionize(units: list[Unit]) -> Sections:
    details: dict[str, Unit] = {}
    bodies: dict[str, list[Unit]] = {}
    headings: dict[str, Unit] = {}
    footnotes: list[Unit] = []
    signoff: list[Unit] = []
    order: list[str] = []
    current = "preamble"
    for u in units:
        if u.kind == "footnote":
            footnotes.append(u)
            continue
        key = u.key if u.kind in ("heading", "field") else None
        if u.kind == "item" and match_label(u.text) == "for_local":
            continue
        if key in ("for_local", "joining_intro"):
            if key == "joining_intro":
                bodies.setdefault("joining", []).append(u)
            continue
        if key in SIGNOFF_KEYS + ("tick",):
            current = "signoff"
            headings.setdefault("signoff", u)
            if key != "tick":
                signoff.append(u)
            if "signoff" not in order:
                order.append("signoff")
            continue
        if key == "details":
            current = "details"
            headings["details"] = u
            order.append("details")
            continue
        if key in DETAIL_KEYS and current in ("preamble", "details"):
            current = "details"
            if u.kind == "heading":  # a row label with no value at all: the row counts as missing
                continue
            details.setdefault(key, u)
            continue
        if key in SECTION_KEYS and key not in headings:
            current = key
            headings[key] = u
            order.append(key)
            bodies.setdefault(key, [])
            if u.kind == "field":  # label and first content on one row
                bodies[key].append(Unit("para", u.text, u.start, u.end, u.line))
            continue
        if current == "signoff":
            signoff.append(u)
        else:
            bodies.setdefault(current, []).append(u)
    return Sections(details, bodies, headings, footnotes, signoff, order)
