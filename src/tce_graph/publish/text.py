"""A report's text as HTML with an element at every evidence span, so a quote can link to its place.

Spans may nest (a sentence inside an item) or cross (a sentence running past the end of an item); the
text is cut at every span boundary and each piece is wrapped in the spans that cover it, outer first,
so the elements always nest. A span cut in two keeps its ``id`` on its first piece; the pieces after it
carry ``data-of="<id>"`` (the page's script highlights them with the first). Every character is
HTML-escaped; the text itself is never read as markup.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the element id
    title: str  # what the span is evidence for (shown on hover)


def text_html(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with ``<span class="ev" id=…>`` around each span."""
    good = sorted({s for s in spans if 0 <= s.start < s.end <= len(text)}, key=lambda s: (s.start, -s.end, s.anchor))
    cuts = sorted({0, len(text), *(s.start for s in good), *(s.end for s in good)})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[str] = set()
    pending = list(reversed(good))  # by start, the next to open last
    active: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > a]
        while pending and pending[-1].start <= a:
            active.append(pending.pop())
        want = sorted(active, key=lambda s: (s.start, -s.end, s.anchor))
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        del stack[keep:]
        for s in want[keep:]:
            if s.anchor in opened:
                out.append(f'<span class="ev cont" data-of="{escape(s.anchor)}">')
            else:
                opened.add(s.anchor)
                out.append(f'<span class="ev" id="{escape(s.anchor)}" title="{escape(s.title)}">')
            stack.append(s)
        out.append(str(escape(text[a:b])))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))


def read_text(folder: Path | None, file_name: str, sha256: str | None) -> str | None:
    """The text a report was read as (``build --keep-text`` writes ``text/<file name>.txt``), or None
    when it is missing or is not the text the graph's offsets count in (its SHA-256 differs)."""
    if folder is None:
        return None
    path = folder / f"{file_name}.txt"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        return None
    return data.decode("utf-8")
