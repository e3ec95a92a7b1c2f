"""Exports written from graph chunks, streamed: no process holds the whole dataset.

Each chunk (:class:`~tce_graph.rdf.chunks.GraphChunk`) is spooled to disk as it arrives, in whatever
order the workers finish; :meth:`StreamedExports.finish` then writes every format by reading the
spools back in graph-IRI order, so the files are the same whatever the number of workers. Memory
holds only each graph's offsets and its few shared-node lines.
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..namespaces import PREFIXES
from .chunks import GraphChunk, spaced
from .formats import OUTPUT_STEM, RDF_FORMATS

STREAMED = ("turtle", "trig", "nquads", "jsonld")
"""Formats written from chunks; the others (N-Triples, RDF/XML) are made from the written TriG."""


@dataclass
class _Entry:
    iri: str
    triples: int
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # part -> (offset, length)
    shared: tuple[bytes, ...] = ()


def _prefix_header(fmt) -> bytes:
    import pyoxigraph as ox

    one = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    sample: list = [one if fmt == ox.RdfFormat.TRIG else one.triple]
    data = ox.serialize(sample, format=fmt, prefixes=PREFIXES) or b""
    return b"".join(line for line in data.splitlines(keepends=True) if line.startswith(b"@prefix "))


class StreamedExports:
    """Spools chunks, then writes the export files in graph order."""

    PARTS = ("nquads", "trig", "turtle", "jsonld")

    def __init__(self, staging: Path, formats: tuple[str, ...]):
        self.staging = staging
        self.formats = formats
        self.entries: list[_Entry] = []
        self._spools: dict[str, BinaryIO] = {}
        staging.mkdir(parents=True, exist_ok=True)
        for part in self.PARTS:
            self._spools[part] = open(staging / f"spool.{part}", "w+b")  # noqa: SIM115 - closed in finish()

    def add(self, chunk: GraphChunk) -> None:
        entry = _Entry(chunk.iri, chunk.triples, shared=chunk.shared)
        parts = {"nquads": chunk.nquads, "trig": chunk.trig, "turtle": chunk.turtle,
                 "jsonld": (chunk.jsonld or "").encode("utf-8")}
        for part, data in parts.items():
            fh = self._spools[part]
            entry.spans[part] = (fh.tell(), len(data))
            with _naming(self.staging / f"spool.{part}"):
                fh.write(data)
        self.entries.append(entry)

    @property
    def triples(self) -> int:
        return sum(e.triples for e in self.entries)

    def _read(self, part: str, entry: _Entry) -> bytes:
        fh = self._spools[part]
        offset, length = entry.spans[part]
        fh.seek(offset)
        return fh.read(length)

    def finish(self, stem: str = OUTPUT_STEM) -> dict[str, Path]:
        """Write each streamed format into the staging folder (``stem.suffix``); return format -> file.
        The caller swaps the staging folder in as the build folder."""
        for fh in self._spools.values():
            fh.flush()
        by_nt = sorted(self.entries, key=lambda e: "<" + e.iri + ">")  # N-Quads / TriG / Turtle order
        written: dict[str, Path] = {}
        for fmt in self.formats:
            if fmt not in STREAMED:
                continue
            path = self.staging / (stem + RDF_FORMATS[fmt].suffix)
            with _naming(path), open(path, "wb") as out:
                getattr(self, f"_write_{fmt}")(out, by_nt)
            written[fmt] = path
        return written

    def close(self) -> None:
        for fh in self._spools.values():
            fh.close()
        for part in self.PARTS:
            try:
                os.unlink(self.staging / f"spool.{part}")
            except FileNotFoundError:
                pass

    def _write_nquads(self, out: BinaryIO, entries: list[_Entry]) -> None:
        for e in entries:
            out.write(self._read("nquads", e))

    def _write_trig(self, out: BinaryIO, entries: list[_Entry]) -> None:
        import pyoxigraph as ox

        blocks = [self._read("trig", e) for e in entries if e.triples]
        if not blocks:
            return
        out.write(_prefix_header(ox.RdfFormat.TRIG) + b"\n")
        for i, block in enumerate(blocks):
            out.write(block if i == 0 else b"\n" + block)

    def _write_turtle(self, out: BinaryIO, entries: list[_Entry]) -> None:
        """Every graph's owned triples, and each shared-node triple once, where it first appears."""
        import pyoxigraph as ox

        out.write(_prefix_header(ox.RdfFormat.TURTLE))
        seen: set[bytes] = set()
        for e in entries:
            body = self._read("turtle", e)
            new = [line for line in e.shared if line not in seen]
            seen.update(new)
            if new:
                triples = list(ox.parse(b"".join(new), format=ox.RdfFormat.N_TRIPLES))
                text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
                body += spaced(b"".join(line for line in text.splitlines(keepends=True)
                                        if not line.startswith(b"@prefix ")).lstrip(b"\n"))
            if body:
                out.write(b"\n" + body)

    def _write_jsonld(self, out: BinaryIO, entries: list[_Entry]) -> None:
        from .export import jsonld_context
        from .jsonld import document

        objects = [self._read("jsonld", e).decode("utf-8") for e in sorted(entries, key=lambda e: e.iri) if e.triples]
        out.write(document(jsonld_context()["@context"], objects))


@contextlib.contextmanager
def _naming(path: Path):
    """A failed write (which Python reports without a file name) raised again naming ``path``."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
