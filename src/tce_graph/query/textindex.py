"""A full-text index of the report sections beside the embedded store (``OUT/search.sqlite``), so
``tce-graph search`` answers from an index on 10,000 reports instead of scanning every section's text.

The build writes it with the store, from the same values the graph states for each
``tce:ReportSection`` (partnership, heading, file, start line, start offset and the section's text as
the source has it), and swaps it in with the rest of the build folder. It is SQLite's FTS5 with the
trigram tokenizer (case-insensitive), which finds any substring of three characters or more, as the
saved query's ``CONTAINS(LCASE(...))`` does; each candidate is checked again in Python, so the answer
is the saved query's. Shorter phrases, and stores without an index (another backend, ``--data``,
``--endpoint``, an older build), use the saved query.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

INDEX_FILE = "search.sqlite"
COLUMNS = ("partnership", "section", "file", "line", "start", "text")
_SCHEMA = ("CREATE VIRTUAL TABLE sections USING fts5(partnership UNINDEXED, section UNINDEXED, file UNINDEXED, "
           "line UNINDEXED, start UNINDEXED, text, tokenize = 'trigram case_sensitive 0')")
MIN_PHRASE = 3  # the trigram index finds words of at least three characters


def indexable(phrase: str) -> bool:
    """Whether the index can find ``phrase``: it has a word of three or more characters."""
    return any(len(w) >= MIN_PHRASE for w in phrase.split())


class IndexWriter:
    """Writes the index in the staging folder, one report's sections at a time, in build order."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute(_SCHEMA)

    def add(self, rows: Iterable[tuple]) -> None:
        self.db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)", rows)

    def finish(self) -> None:
        """Write the index out (merged into one segment: smaller, faster to search)."""
        self.db.execute("INSERT INTO sections(sections) VALUES ('optimize')")
        self.db.commit()

    def close(self) -> None:
        """Let the file go (after :meth:`finish`, or on a failed build, whose staging folder is removed)."""
        self.db.close()


def index_beside(store_dir: str | Path | None) -> Path | None:
    """The index a build wrote beside the embedded store at ``store_dir``, if there is one."""
    from ..stores.base import DEFAULT_STORE

    path = Path(store_dir if store_dir is not None else DEFAULT_STORE).parent / INDEX_FILE
    return path if path.is_file() else None


def sections_with(index: Path, phrase: str, section: str | None = None) -> list[dict[str, str]]:
    """The sections holding ``phrase`` (ignoring case), optionally only those whose heading holds
    ``section``, as the saved query ``search`` returns them (its columns, in its order)."""
    want, where = " ".join(phrase.lower().split()), (section or "").lower()
    # every word of three or more characters (the words may be split by a line break in the text)
    terms = " AND ".join('"' + w.replace('"', '""') + '"' for w in phrase.split() if len(w) >= MIN_PHRASE)
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT partnership, section, file, line, start, text FROM sections WHERE text MATCH ?",
                          (terms,)).fetchall()
    finally:
        db.close()
    found = [dict(zip(COLUMNS, (p, s, f, str(line), str(start), t))) for p, s, f, line, start, t in rows
             if want in " ".join(t.lower().split()) and where in s.lower()]
    found.sort(key=lambda r: (r["partnership"], r["file"], int(r["start"])))
    return found
