"""Text -> units: one logical piece of a report each (a table or label row, a paragraph, a list item,
a footnote), with its character span and line.

Converter noise is removed here: page headers and footers repeated at page breaks (and the sentence
they cut in two is joined back), rules and contents lines; HTML fragments are split into paragraphs
and list items, Markdown pipe tables, HTML rows and tab-separated rows read as label/value pairs.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from ..model import Span
from .labels import DETAIL_KEYS, SECTION_KEYS, SIGNOFF_KEYS, match_label
from .patterns import (
    ANGLE_URL,
    BARE_URL,
    BLOCK_END,
    CONTENTS_LINE,
    CONTENTS_LINE_MAX,
    HTML_BREAK,
    HTML_CELL,
    HTML_CELL_OPEN,
    HTML_TABLE_TAGS,
    INLINE_BULLET,
    ITEM_MARKER,
    LIST_NUMBER_OR_BULLET,
    MARKED_LABEL_START,
    PAGE_NUMBER,
    RST_FIELD,
    RULE_LINE,
    SPACED_COLUMNS,
    SUPERSCRIPTS,
    TABLE_DIVIDER_CELL,
    WIDE_GAP,
)
from .text import ends_sentence, strip_markup


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
        k = bisect.bisect_right(self.joins, (i, math.inf))  # the last join at or before i (joins are in order)
        if k == 0:
            return self.start + i
        ti, si = self.joins[k - 1]
        return si + (i - ti)

    def append(self, other: Unit, sep: str = " ") -> None:
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
    grown: dict[int, Unit] = {}  # paragraphs joined with the lines after them
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
        elif HTML_CELL_OPEN.search(stripped):
            prev_plain = None
            raw.extend(_html_row(line, start, lineno))
        elif HTML_TABLE_TAGS.fullmatch(stripped):
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
                    and not _is_label_line(stripped) \
                    and not _ends_block(prev_plain, stripped, text, id(prev_plain) in grown) \
                    and stripped[:1] not in SUPERSCRIPTS:  # a footnote starts its own unit
                prev_plain.end = start + len(line.rstrip())  # its text is cut from the source once, below
                grown[id(prev_plain)] = prev_plain
                continue
            units = _plain_line(line, lead, lineno)
            if len(units) == 1 and units[0].kind == "heading" and units[0].key in SECTION_KEYS:
                prev_heading = units[0]
            if len(units) == 1 and units[0].kind == "item" and not units[0].text.endswith((".", ":", ";")):
                prev_item = units[0]
            raw.extend(units)
            prev_plain = units[-1] if len(units) == 1 and units[0].kind in ("para", "field") else None
    for u in grown.values():  # paragraphs that ran on over lines: their text, cut once (linear in its length)
        u.text = text[u.start:u.end]
    return _tidy(_continue_details(raw, blank, text))


def _contents_line(stripped: str) -> bool:
    """A table-of-contents entry: a section title, dot leaders and a page number."""
    if len(stripped) > CONTENTS_LINE_MAX or not stripped[-1:].isdigit():
        return False
    m = CONTENTS_LINE.match(stripped)
    if m is None:
        return False
    if "." * 3 in stripped or "…" in stripped:
        return True
    # a wide gap or underscores: only a section's heading, never a details row ("Number of local authority
    # areas covered:      1")
    return match_label(m["title"]) in SECTION_KEYS


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
    m = WIDE_GAP.search(u.text)
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


def _ends_block(prev: Unit, line: str, text: str, grown: bool = False) -> bool:
    """Whether the next line starts a new block rather than continuing ``prev``: after a closing HTML
    block tag, or after a short one-line heading with no sentence punctuation ('Go to where
    communities already are', 'Leading with care:') when the line opens with a capital. ``grown``:
    ``prev`` already runs over several lines (up to ``prev.end`` in ``text``; its ``text`` not yet cut)."""
    if grown:  # several lines: only a closing tag at its end ends it (its last 200 characters tell)
        return BLOCK_END.search(text, max(prev.start, prev.end - 200), prev.end) is not None
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
    if LIST_NUMBER_OR_BULLET.fullmatch(first):
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
    if not cells or all(TABLE_DIVIDER_CELL.fullmatch(c) for c, _ in cells):
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
    if RST_FIELD.match(stripped):  # reStructuredText field ":Date: 12.05.2022"
        stripped, lead = stripped[1:], lead + 1
    if ":" in stripped:  # "Label: value" (the label possibly bold: "**Label:** value")
        label, _, value = stripped.partition(":")
        key = match_label(label)
        marked = bool(MARKED_LABEL_START.match(label))
        if key and strip_markup(value) and len(label.split()) <= 16 and (
                key in SIGNOFF_KEYS + DETAIL_KEYS or marked):
            value_start = lead + len(label) + 1
            if value.lstrip().startswith(("**", "</b>", "__")):  # closing bold after the colon
                skip = len(value) - len(value.lstrip()) + (4 if value.lstrip().startswith("</b>") else 2)
                value, value_start = value[skip:], value_start + skip
            return [_labelled(key, label, value, lead, value_start, lineno)]
    cols = SPACED_COLUMNS.match(stripped)
    column_key = match_label(cols["label"]) if cols else None
    # "BSP Methodology/ methodologies     Partnership"
    if cols and column_key is not None and column_key in DETAIL_KEYS:
        return [_labelled(column_key, cols["label"], cols["value"], lead,
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
            marker = ITEM_MARKER.match(stripped)
            if marker and not (marker.group("marker")[0].isalpha() and marker.group("marker") != "o"
                               and not in_list and not bullet):
                units.append(Unit("item", stripped, s, s + len(stripped), lineno,
                                  marker=marker.group("marker")))
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
