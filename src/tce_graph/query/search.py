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
from .textindex import index_beside, indexable, sections_with

COLUMNS = ["partnership", "section", "sentence", "source"]

# where a sentence may end: after . ! or ? (and any closing quote or bracket) before a space, or at a
# line break (with the blank lines after it)
_SENTENCE_END = re.compile(r"(?<!\bi\.e\.)(?<!\be\.g\.)(?<=[.!?])[\"'’”)\]]*[ \t]+|(?<![ \t])[ \t]*\n\s*")
# a line break inside a sentence: a lower-case word or a comma before it, a lower-case word after it (a
# sentence a page break cut in two: "what it is that partners" / "want to know")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_RUNS_ON_BEFORE = _LOWER | {",", ";"}


def _without_page_headers(text: str) -> tuple[str, list[int]]:
    """``text`` with the lines that are page furniture (the programme's running header, the report's
    title) blanked, one character for one, so they are neither sentences nor inside one; and where
    each blanked line starts."""
    out, blanked, pos = [], [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and match_label(stripped) in ("header", "title"):
            out.append(" " * len(line))
            blanked.append(pos)
        else:
            out.append(line)
        pos += len(line) + 1
    return "\n".join(out), blanked


def _sentence_ends(text: str, blanked: list[int]) -> list[tuple[int, int]]:
    """Where sentences end: not at a line break inside a sentence, which is one with a lower-case word
    or a comma before it and a lower-case word after it, or a page header between (a page break)."""
    ends = []
    for m in _SENTENCE_END.finditer(text):
        if "\n" in m.group() and m.start() and text[m.start() - 1] in _RUNS_ON_BEFORE:
            k = bisect_left(blanked, m.start())
            if text[m.end():m.end() + 1] in _LOWER or (k < len(blanked) and blanked[k] < m.end()):
                continue
        ends.append((m.start(), m.end()))
    return ends


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def sentences_with(text: str, phrase: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` that hold ``phrase`` as words (ignoring case: "CE" is not found in
    "practice"), each once, as (offset of the sentence in ``text``, the sentence as plain text with its
    markup and page headers removed), in text order."""
    text, blanked = _without_page_headers(text)
    words = phrase.split()
    if not words:
        return []
    ends = _sentence_ends(text, blanked)
    starts = [0] + [end for _, end in ends]
    stops = [s for s, _ in ends]
    found: dict[int, str] = {}
    # the phrase's words with any white space between them (a line break in the text), and not inside a
    # word at either end (a lookaround, so a match inside a word does not hide one just after it)
    head = r"(?<!\w)" if _is_word(words[0][0]) else ""
    tail = r"(?!\w)" if _is_word(words[-1][-1]) else ""
    for m in re.finditer(head + r"\s+".join(map(re.escape, words)) + tail, text, re.IGNORECASE):
        pos, end = m.start(), m.end()
        first = starts[bisect_right(starts, pos) - 1]
        if first not in found:
            k = bisect_left(stops, end)  # the first sentence end at or after the phrase's end
            stop = stops[k] if k < len(stops) else len(text)
            found[first] = " ".join(strip_markup(text[first:stop]).split()).lstrip("-•●*· ")
    return sorted(found.items())


def search(phrase: str, section: str | None = None, *, store: Store | None = None,
           store_dir: str | Path | None = None, data: str | Path | None = None,
           endpoint: str | None = None) -> QueryAnswer:
    """What ``tce-graph search`` does: the sentences of the reports that hold ``phrase`` (ignoring case),
    optionally only in the sections whose heading contains ``section``, with the partnership, the
    section's heading and the sentence's file:line, in report order."""
    if not phrase.strip():
        raise InputError("give a phrase to search for, e.g. tce-graph search 'county lines'")
    phrase = " ".join(phrase.split())  # the index and the saved query then agree on spaces at the ends
    params = {"phrase": phrase} | ({"section": section} if section else {})
    index = index_beside(store_dir) if store is None and data is None and endpoint is None else None
    if index is not None and indexable(phrase):  # the build's full-text index: no scan of every text
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
