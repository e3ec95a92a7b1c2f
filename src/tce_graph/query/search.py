"""Full-text search of the reports' text: which reports say a phrase, whatever the thesaurus says.

The saved query ``search`` finds, through the store interface (SPARQL ``CONTAINS`` over ``LCASE``, so on
every backend), the report sections whose text (the quote of each ``tce:ReportSection``'s evidence, the
section as the source has it) holds the phrase; this module cuts from each the sentences that hold it
and places them at their file:line, counting lines from the section's start line.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path

from rdflib import Literal

from ..errors import InputError
from ..reader.labels import match_label
from ..reader.text import strip_markup
from ..stores.base import SelectResult, Store
from .run import QueryAnswer, answer
from .saved import get_query
from .textindex import COLUMNS as INDEX_COLUMNS
from .textindex import MIN_PHRASE, index_beside, sections_with

COLUMNS = ["partnership", "section", "sentence", "source"]

# where a sentence may end: after . ! or ? (and any closing quote or bracket) before a space, or at a
# line break (with the blank lines after it)
_SENTENCE_END = re.compile(r"(?<!\bi\.e\.)(?<!\be\.g\.)(?<=[.!?])[\"'’”)\]]*[ \t]+|[ \t]*\n\s*")
# a line break inside a sentence: a lower-case word or a comma before it, a lower-case word after it (a
# sentence a page break cut in two: "what it is that partners" / "want to know")
_RUNS_ON_BEFORE = re.compile(r"[a-z,;]\Z")
_RUNS_ON_AFTER = re.compile(r"[a-z]")


def _without_page_headers(text: str) -> str:
    """``text`` with the lines that are page furniture (the programme's running header, the report's
    title) blanked, one character for one, so they are neither sentences nor inside one."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        out.append(" " * len(line) if stripped and match_label(stripped) in ("header", "title") else line)
        pos += len(line) + 1
    return "\n".join(out)


def _sentence_ends(text: str) -> list[tuple[int, int]]:
    ends = []
    for m in _SENTENCE_END.finditer(text):
        if "\n" in m.group() and _RUNS_ON_BEFORE.search(text, 0, m.start()) \
                and _RUNS_ON_AFTER.match(text, m.end()):
            continue
        ends.append((m.start(), m.end()))
    return ends


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def sentences_with(text: str, phrase: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` that hold ``phrase`` as words (ignoring case: "CE" is not found in
    "practice"), each once, as (offset of the sentence in ``text``, the sentence as plain text with its
    markup and page headers removed), in text order."""
    text = _without_page_headers(text)
    low, want = text.lower(), phrase.lower()
    ends = _sentence_ends(text)
    starts = [0] + [end for _, end in ends]
    stops = [s for s, _ in ends]
    found: dict[int, str] = {}
    pos = low.find(want)
    while pos >= 0:
        before = low[pos - 1] if pos > 0 else " "
        after = low[pos + len(want)] if pos + len(want) < len(low) else " "
        inside_word = (_is_word(want[0]) and _is_word(before)) or (_is_word(want[-1]) and _is_word(after))
        first = starts[bisect_right(starts, pos) - 1]
        if not inside_word and first not in found:
            k = bisect_left(stops, pos + len(want))  # the first sentence end at or after the phrase's end
            stop = stops[k] if k < len(stops) else len(text)
            found[first] = " ".join(strip_markup(text[first:stop]).split()).lstrip("-•●*· ")
        pos = low.find(want, pos + 1)
    return sorted(found.items())


def search(phrase: str, section: str | None = None, *, store: Store | None = None,
           store_dir: str | Path | None = None, data: str | Path | None = None,
           endpoint: str | None = None) -> QueryAnswer:
    """What ``tce-graph search`` does: the sentences of the reports that hold ``phrase`` (ignoring case),
    optionally only in the sections whose heading contains ``section``, with the partnership, the
    section's heading and the sentence's file:line, in report order."""
    if not phrase.strip():
        raise InputError("give a phrase to search for, e.g. tce-graph search 'county lines'")
    params = {"phrase": phrase} | ({"section": section} if section else {})
    index = index_beside(store_dir) if store is None and data is None and endpoint is None else None
    if index is not None and len(phrase) >= MIN_PHRASE:  # the build's full-text index: no scan of every text
        found = QueryAnswer(get_query("search"), SelectResult(variables=list(INDEX_COLUMNS), rows=[
            {k: Literal(v, lang="en") if k in ("partnership", "section") else Literal(v) for k, v in row.items()}
            for row in sections_with(index, phrase, section)]), [])
    else:
        found = answer("search", params, store=store, store_dir=store_dir, data=data, endpoint=endpoint)
    result = SelectResult(variables=list(COLUMNS))
    for row in found.result.rows:
        text, line = str(row["text"]), int(str(row["line"]))
        for offset, sentence in sentences_with(text, phrase):
            result.rows.append({
                "partnership": row["partnership"], "section": row["section"], "sentence": Literal(sentence),
                "source": Literal(f"{row['file']}:{line + text.count(chr(10), 0, offset)}"),
            })
    return QueryAnswer(found.query, result, found.notes)
