"""The layout of a published document (PDF, Word, HTML) -> the text the reader handles.

The extractors (``pdf``, ``docx``, ``html``) each turn their file into :class:`Block` s: headings,
paragraphs, list items with their markers, table rows (label and value cells) and footnotes, whose
:class:`Run` s keep the link targets, footnote references and bold text. :func:`render` writes them
in the text form the reader already reads::

    ## Reasons why the local area requested the TCE Support programme:     a heading (its level)

    A paragraph, one line, with a [link](https://example.org/) and a footnote mark¹.

    • a bullet                                                              list items, one a line
    1. a numbered item

    Partnership Name:<TAB>Walsall                                           a table row: label, tab, value
    Core partner agencies involved:<TAB>Walsall CCG                         a details row's further
    Walsall Council                                                         paragraphs, one a line (other
                                                                            rows': paragraphs)

    ¹ The footnote's text, after the paragraph (list, table) that cites it.

Blank lines separate blocks (not rows of one table, nor items of one list), so a paragraph is never
run into the next; tabs and line breaks inside a paragraph become spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reader.labels import DETAIL_KEYS, match_label
from ..reader.patterns import SUPERSCRIPTS

_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
              0x00AD: None, 0x200B: None, 0xFEFF: None, 0x000C: None}
# list markers as the reader knows them: Symbol/Wingdings private-use bullets and dashes made plain
_MARKERS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•", "·": "•", "–": "-",
            "—": "-", "o": "◦", "§": "▪", "": "•", "■": "▪", "□": "◦", "○": "◦", "➢": "•", "►": "•", "✓": "•"}


@dataclass
class Run:
    """A stretch of text with one set of attributes."""

    text: str
    url: str | None = None  # the target of the link it is part of
    bold: bool = False
    sup: bool = False  # set as superscript (footnote marks typed as digits)
    note: str | None = None  # a footnote reference: the footnote's mark ("1"); text is ignored


@dataclass
class Block:
    kind: str  # heading | para | item | row | note
    runs: list[Run] = field(default_factory=list)
    level: int = 0  # heading level (1-6); list depth (0 = top)
    marker: str = ""  # list item marker: '•', '-', '1.', '2)', 'a)' ...
    values: list[Block] = field(default_factory=list)  # row: the value cell's paragraphs and items
    mark: str = ""  # note: the footnote's mark

    def text(self) -> str:
        return plain(self.runs)


def plain(runs: list[Run]) -> str:
    return " ".join("".join(r.text for r in runs if r.note is None).split())


def marker_of(text: str) -> str:
    """A list marker as the reader knows it ('' -> '•', '–' -> '-', '1' -> '1.')."""
    t = text.strip()
    if not t:
        return "•"
    if t in _MARKERS:
        return _MARKERS[t]
    if re.fullmatch(r"[0-9]{1,3}|[a-zA-Z]|[ivxlcdm]{1,6}", t):
        return t + "."
    return t


# ---------------------------------------------------------------- rendering


def render_runs(runs: list[Run]) -> str:
    """One paragraph's runs as one line: links as [text](url), footnote references and superscript
    digits as superscript digits, bold as **bold**."""
    merged: list[Run] = []
    for r in runs:
        if r.note is None and not r.text:
            continue
        prev = merged[-1] if merged else None
        if prev is not None and r.note is None and prev.note is None and (prev.url, prev.bold, prev.sup) == \
                (r.url, r.bold, r.sup):
            prev.text += r.text
        else:
            merged.append(Run(r.text, r.url, r.bold, r.sup, r.note))
    out: list[str] = []
    for r in merged:
        if r.note is not None:
            out.append(_superscript(r.note))
            continue
        text = _SPACES.sub(" ", r.text.replace("\n", " "))
        if r.sup:
            text = text.strip()
            text = text.translate(_TO_SUPERSCRIPT) if text.isdigit() else text
        if r.url:
            out.append(_link(text, r.url))
        elif r.bold and text.strip():
            lead, core, trail = _split_space(text)
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(text)
    line = "".join(out)
    line = re.sub(r"\*\*(\s*)\*\*", r"\1", line)  # two bold runs that touch are one
    return _SPACES.sub(" ", line).strip().translate(_LIGATURES)


def _superscript(mark: str) -> str:
    return mark.translate(_TO_SUPERSCRIPT) if mark.isdigit() else mark


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.find(core)
    return text[:start], core, text[start + len(core):]


def _link(text: str, url: str) -> str:
    lead, core, trail = _split_space(text)
    safe = url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    if not core:
        return text
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", core).rstrip("/")
    if bare and bare == re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip()).rstrip("/"):
        return f"{lead}<{safe}>{trail}"  # a link that shows its own URL
    core = core.replace("[", "(").replace("]", ")")
    return f"{lead}[{core}]({safe}){trail}"


def _notes_cited(blocks: list[Block]) -> list[str]:
    found: list[str] = []
    for b in blocks:
        for r in b.runs:
            if r.note is not None and r.note not in found:
                found.append(r.note)
        found.extend(m for m in _notes_cited(b.values) if m not in found)
    return found


def render(blocks: list[Block], notes: dict[str, Block] | None = None) -> str:
    """The blocks as the reader's text; each footnote follows the block group (paragraph, list, table)
    that first cites it, the others come at the end."""
    notes = dict(notes or {})
    lines: list[str] = []
    groups: list[list[Block]] = []
    for b in blocks:
        if b.kind not in ("heading", "para", "item", "row", "note"):
            continue
        if groups and b.kind in ("row", "item") and groups[-1][-1].kind == b.kind:
            groups[-1].append(b)
        else:
            groups.append([b])
    for group in groups:
        for b in group:
            lines.extend(_render_block(b))
        lines.append("")
        for mark in _notes_cited(group):
            note = notes.pop(mark, None)
            if note is not None:
                lines.extend(_render_block(note))
                lines.append("")
    for note in notes.values():
        lines.extend(_render_block(note))
        lines.append("")
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text + "\n"


def _render_block(b: Block) -> list[str]:
    text = render_runs(b.runs)
    if b.kind == "heading":
        return [f"{'#' * max(1, min(6, b.level))} {text}"] if text else []
    if b.kind == "item":
        return [f"{'  ' * b.level}{b.marker or '•'} {text}".rstrip()] if text else []
    if b.kind == "note":
        return [f"{_superscript(b.mark)} {text}".rstrip()]
    if b.kind == "row":
        values = [v for v in b.values if render_runs(v.runs)]
        label = text.replace("\t", " ")
        if not label:  # a cell without label: its content as paragraphs
            out: list[str] = []
            for v in values:
                out.extend(_render_block(v))
                out.append("")
            return out[:-1]
        if not values:
            return [label]
        first, *rest = values
        head = render_runs(first.runs) if first.kind != "item" else f"{first.marker or '•'} {render_runs(first.runs)}"
        lines = [f"{label}\t{head}"]
        for v in rest:  # a details row's value is a list, one a line; any other row's, paragraphs
            lines.extend(_render_block(v) if match_label(label) in DETAIL_KEYS else ["", *_render_block(v)])
        return lines
    return [text] if text else []
