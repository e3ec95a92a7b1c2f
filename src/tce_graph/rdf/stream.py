"""Exports written from graph chunks, streamed: no process holds the whole dataset.

Each chunk (:class:`~tce_graph.rdf.chunks.GraphChunk`) is spooled to disk as it arrives, in whatever
order the workers finish; :meth:`StreamedExports.finish` then writes every format by reading the
spools back in graph-IRI order, so the files are the same whatever the number of workers. Memory
holds only each graph's offsets (and, while the merged Turtle is written, a digest of each shared-node
triple written so far).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
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
    digest: str = ""  # of the graph's N-Quads: tells a later build whether the graph changed
    blank_nodes: bool = False


def _prefix_header(fmt) -> bytes:
    import pyoxigraph as ox

    one = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    sample: list = [one if fmt == ox.RdfFormat.TRIG else one.triple]
    data = ox.serialize(sample, format=fmt, prefixes=PREFIXES) or b""
    return b"".join(line for line in data.splitlines(keepends=True) if line.startswith(b"@prefix "))


class StreamedExports:
    """Spools chunks, then writes the export files in graph order."""

    PARTS = ("nquads", "trig", "turtle", "shared", "jsonld")

    def __init__(self, staging: Path, formats: tuple[str, ...]):
        self.staging = staging
        self.formats = formats
        self.entries: list[_Entry] = []
        self._spools: dict[str, BinaryIO] = {}
        staging.mkdir(parents=True, exist_ok=True)
        for part in self.PARTS:
            self._spools[part] = open(staging / f"spool.{part}", "w+b")  # noqa: SIM115 - closed in finish()

    def add(self, chunk: GraphChunk) -> None:
        entry = _Entry(chunk.iri, chunk.triples, digest=hashlib.blake2b(chunk.nquads, digest_size=16).hexdigest(),
                       blank_nodes=b"_:" in chunk.nquads)
        parts = {"nquads": chunk.nquads, "trig": chunk.trig, "turtle": chunk.turtle, "shared": b"".join(chunk.shared),
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

    def finish(self, stem: str = OUTPUT_STEM, progress: Callable[[str, int, int], None] | None = None
               ) -> dict[str, Path]:
        """Write each streamed format into the staging folder (``stem.suffix``); return format -> file.
        The caller swaps the staging folder in as the build folder. ``progress(file name, i, n)`` before
        each file."""
        for fh in self._spools.values():
            fh.flush()
        by_nt = sorted(self.entries, key=lambda e: "<" + e.iri + ">")  # N-Quads / TriG / Turtle order
        written: dict[str, Path] = {}
        streamed = [fmt for fmt in self.formats if fmt in STREAMED]
        for i, fmt in enumerate(streamed):
            path = self.staging / (stem + RDF_FORMATS[fmt].suffix)
            if progress:
                progress(path.name, i, len(streamed))
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
            e.spans["file"] = (out.tell(), e.spans["nquads"][1])  # where the graph sits in the written file
            out.write(self._read("nquads", e))

    def manifest(self) -> dict[str, str]:
        """graph IRI -> digest of its N-Quads, for every graph added."""
        return {e.iri: e.digest for e in self.entries}

    def graph_nquads(self, written: Path, iri: str) -> bytes:
        """One graph's N-Quads, read back from the written N-Quads file (after :meth:`finish`)."""
        entry = next(e for e in self.entries if e.iri == iri)
        offset, length = entry.spans["file"]
        with open(written, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def with_blank_nodes(self) -> set[str]:
        return {e.iri for e in self.entries if e.blank_nodes}

    def _write_trig(self, out: BinaryIO, entries: list[_Entry]) -> None:
        import pyoxigraph as ox

        first = True
        for e in entries:  # a graph's block at a time: the file is never held whole
            if not e.triples:
                continue
            block = self._read("trig", e)
            out.write(_prefix_header(ox.RdfFormat.TRIG) + b"\n" + block if first else b"\n" + block)
            first = False

    def _write_turtle(self, out: BinaryIO, entries: list[_Entry]) -> None:
        """Every graph's owned triples, and each shared-node triple once, where it first appears."""
        import pyoxigraph as ox

        out.write(_prefix_header(ox.RdfFormat.TURTLE))
        seen: set[bytes] = set()  # digests of the shared lines written (a line itself may be long)
        for e in entries:
            body = self._read("turtle", e)
            new = []
            for line in self._read("shared", e).splitlines(keepends=True):
                digest = hashlib.blake2b(line, digest_size=16).digest()
                if digest not in seen:
                    seen.add(digest)
                    new.append(line)
            if new:
                triples = list(ox.parse(b"".join(new), format=ox.RdfFormat.N_TRIPLES))
                text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
                body += spaced(b"".join(line for line in text.splitlines(keepends=True)
                                        if not line.startswith(b"@prefix ")).lstrip(b"\n"))
            if body:
                out.write(b"\n" + body)

    def _write_jsonld(self, out: BinaryIO, entries: list[_Entry]) -> None:
        from .export import jsonld_context
        from .jsonld import document_parts

        objects = (self._read("jsonld", e).decode("utf-8") for e in sorted(entries, key=lambda e: e.iri) if e.triples)
        for piece in document_parts(jsonld_context()["@context"], objects):
            out.write(piece)


@contextlib.contextmanager
def _naming(path: Path):
    """A failed write (which Python reports without a file name) raised again naming ``path``."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
