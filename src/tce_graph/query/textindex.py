"""A full-text index of the report sections beside the embedded store (``OUT/search.sqlite``), so
``tce-graph search`` answers from an index on 10,000 reports instead of scanning every section's text.

The build writes it with the store, from the same values the graph states for each
``tce:ReportSection`` (partnership, heading, file, start line, start offset and the section's text as
the source has it), and swaps it in with the rest of the build folder; a rebuild rewrites only the
rows of the reports that changed. It is SQLite's FTS5 with the
trigram tokenizer (case-insensitive), which finds any substring of three characters or more, as the
saved query's ``CONTAINS(LCASE(...))`` does; each candidate is checked again in Python, so the answer
is the saved query's. Shorter phrases, and stores without an index (another backend, ``--data``,
``--endpoint``, an older build), use the saved query.
"""
from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

INDEX_FILE = "search.sqlite"
COLUMNS = ("partnership", "section", "file", "line", "start", "text")
_SCHEMA = ("CREATE VIRTUAL TABLE sections USING fts5(partnership UNINDEXED, section UNINDEXED, file UNINDEXED, "
           "line UNINDEXED, start UNINDEXED, text, tokenize = 'trigram case_sensitive 0')",
           # which rows each report graph's sections are (its rowids run from first, count of them), and the
           # digest of the graph they were made from: a rebuild replaces only the rows of graphs that changed
           "CREATE TABLE graphs (iri TEXT PRIMARY KEY, digest TEXT NOT NULL, first INTEGER NOT NULL, "
           "count INTEGER NOT NULL)",
           "CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
MIN_PHRASE = 3  # the trigram index finds words of at least three characters


def indexable(phrase: str) -> bool:
    """Whether the index can find ``phrase``: it has a word of three or more characters."""
    return any(len(w) >= MIN_PHRASE for w in phrase.split())


class IndexWriter:
    """Writes the index in the staging folder, one report's sections at a time, in build order.

    Given the ``previous`` build's index (made by the same tool: ``tool``, its fingerprint), it starts
    from a copy of it and rewrites only the rows of the graphs whose digest changed, removing those of
    graphs the build no longer has: a rebuild after one report changed writes that report's rows. The
    rows are the same as a fresh index's; the file's layout is not (as with the store)."""

    def __init__(self, path: Path, previous: Path | None = None, tool: str = ""):
        self.path = path
        self.tool = tool
        self.kept: dict[str, tuple[str, int, int]] = self._previous(previous) if previous is not None else {}
        if not self.kept:
            path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        if not self.kept:
            for statement in _SCHEMA:
                self.db.execute(statement)
            self.db.execute("INSERT INTO about VALUES ('tool', ?)", (tool,))
        self.fresh = not self.kept
        self.seen: set[str] = set()
        self.next_row = max((first + count for _, first, count in self.kept.values()), default=1)

    def _previous(self, previous: Path) -> dict[str, tuple[str, int, int]]:
        """The previous index's graphs (iri -> digest, first rowid, count) after copying it to ``self.path``;
        empty when it cannot be used (missing, unreadable, of another tool or an older layout)."""
        try:
            db = sqlite3.connect(f"file:{previous}?mode=ro", uri=True)
            try:
                tool = db.execute("SELECT value FROM about WHERE key = 'tool'").fetchone()
                graphs = {iri: (digest, first, count)
                          for iri, digest, first, count in db.execute("SELECT iri, digest, first, count FROM graphs")}
            finally:
                db.close()
            if tool is None or tool[0] != self.tool or not graphs:
                return {}
            shutil.copyfile(previous, self.path)
        except (sqlite3.Error, OSError):
            return {}
        return graphs

    def keep(self, graph: str, digest: str) -> bool:
        """Whether the previous index has the graph's rows at that digest (kept as they are); else the
        build must :meth:`add` them."""
        kept = self.kept.get(graph)
        if kept is not None and kept[0] == digest:
            self.seen.add(graph)
            return True
        return False

    def add(self, rows: Iterable[tuple], graph: str, digest: str) -> None:
        """A report's rows (partnership, heading, file, line, start, text), for its graph (of ``digest``),
        in place of the previous index's (the build asks :meth:`keep` first)."""
        self.seen.add(graph)
        if graph in self.kept:
            self._remove(graph)
        rows = list(rows)
        first = self.next_row
        self.db.executemany("INSERT INTO sections(rowid, partnership, section, file, line, start, text) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", ((first + i, *row) for i, row in enumerate(rows)))
        self.db.execute("INSERT INTO graphs VALUES (?, ?, ?, ?)", (graph, digest, first, len(rows)))
        self.next_row = first + len(rows)

    def _remove(self, graph: str) -> None:
        _, first, count = self.kept.pop(graph)
        self.db.execute("DELETE FROM sections WHERE rowid >= ? AND rowid < ?", (first, first + count))
        self.db.execute("DELETE FROM graphs WHERE iri = ?", (graph,))

    def finish(self) -> None:
        """Write the index out: the rows of graphs the build no longer has removed; a fresh index is
        merged into one segment (smaller, faster to search), an updated one keeps its segments."""
        for graph in sorted(set(self.kept) - self.seen):
            self._remove(graph)
        if self.fresh:
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
