"""Long fields as text and as items: paragraphs, list items, headed items and inline lists, each with its span."""
from __future__ import annotations

from ..model import Item, Span
from .patterns import BOLD_HEAD_ITEM, INLINE_LIST, ITEM_MARKER, LEADING_METHODS_WORD, LINE_BREAK, LIST_SEPARATOR
from .text import drop_footnote_markers, ends_sentence, strip_markup
from .units import Unit

# ---------------------------------------------------------------- section bodies

def clean(unit: Unit) -> str:
    return LINE_BREAK.sub(" ", drop_footnote_markers(strip_markup(unit.text)))


def render(units: list[Unit]) -> str:
    """Plain text of several units: paragraphs separated by blank lines, items as '- ' lines."""
    parts: list[str] = []
    for u in units:
        if u.kind == "heading":
            continue
        t = clean(u)
        if u.kind == "item":
            t = "- " + _unmark(t)
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + t
                continue
        parts.append(t)
    return "\n\n".join(parts)


def _unmark(text: str) -> str:
    return ITEM_MARKER.sub("", text.lstrip(), count=1)


def span_of(units: list[Unit]) -> Span | None:
    units = [u for u in units if u.kind != "heading"]
    if not units:
        return None
    return Span(units[0].start, units[-1].end, units[0].line)


def is_subheading(u: Unit, nxt: Unit | None, after: Unit | None = None) -> bool:
    if u.kind != "para" or nxt is None or nxt.kind not in ("para", "item"):
        return False
    t = clean(u).strip()
    words = t.split()
    if not words or len(words) > 20 or not (t[0].isupper() or t[0].isdigit()):
        return False
    core = t.rstrip(" -–:")
    if core.endswith((".", "?", "!", ";", ",")) or core.endswith(("'", '"')) and core.count("'") % 2:
        return False
    if t.endswith(":") and (nxt.kind == "item" or _short_unpunctuated(nxt)):
        return False  # a lead-in sentence ("Examples include:")
    return True


def _short_unpunctuated(u: Unit) -> bool:
    t = clean(u)
    return len(t.split()) <= 20 and not ends_sentence(t)


def heading_text(u: Unit) -> str:
    return clean(u).strip().rstrip(":-– ").strip()


def headed_items(units: list[Unit]) -> tuple[list[Unit], list[Item]]:
    """Split a section body at its sub-headings: (units before the first heading, items)."""
    units = [u for u in units if u.kind != "heading"]
    intro: list[Unit] = []
    items: list[Item] = []
    current: tuple[Unit, list[Unit]] | None = None

    def close():
        if current is not None:
            head, body = current
            sp = head.span.cover(span_of(body))
            items.append(Item(text=render(body), span=sp, heading=heading_text(head)))

    for i, u in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if is_subheading(u, nxt):
            close()
            current = (u, [])
        elif current is None:
            intro.append(u)
        else:
            current[1].append(u)
    close()
    return intro, items


def list_items(units: list[Unit]) -> list[Item]:
    out = []
    for u in units:
        if u.kind != "item":
            continue
        text = _unmark(clean(u))
        heading = None
        if m := BOLD_HEAD_ITEM.match(_unmark(u.text.strip())):
            heading = strip_markup(m.group(1)).rstrip(":")
            text = drop_footnote_markers(strip_markup(m.group(2)))
        out.append(Item(text=text, span=u.span, heading=heading))
    return out


def inline_items(units: list[Unit]) -> list[Item]:
    """Methods listed within a sentence: 'including scoping, partnership workshops and briefings.'"""
    out: list[Item] = []
    for u in units:
        if u.kind != "para":
            continue
        t = clean(u)
        raw = u.text
        for m in INLINE_LIST.finditer(t):
            for part in LIST_SEPARATOR.split(m.group("list")):
                part = LEADING_METHODS_WORD.sub("", part.strip())
                if not part:
                    continue
                pos = raw.find(part)
                sp = Span(u.start + pos, u.start + pos + len(part), u.line) if pos >= 0 else u.span
                out.append(Item(text=part[0].upper() + part[1:], span=sp))
    return out
