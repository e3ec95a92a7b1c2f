"""Exports written from graph chunks, streamed: no process holds the whole dataset.

Each chunk (:class:`~tce_graph.rdf.chunks.GraphChunk`) is spooled to disk as it arrives, in whatever
order the workers finish; a chunk from the build cache (:class:`~tce_graph.rdf.chunks.StoredChunk`)
is only referred to, its parts staying in the cache's file. :meth:`StreamedExports.finish` then writes
every format in graph-IRI order, copying each graph's part from where it is kept (in the kernel, with
``os.copy_file_range``, where the system can), so the files are the same whatever the number of
workers or the cache. Memory holds only each graph's offsets (and, while the merged Turtle is written,
each shared-node triple written so far: the nodes many reports name, a small part of the whole).
"""
from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError
from ..namespaces import PREFIXES
from .chunks import GraphChunk, StoredChunk, spaced
from .formats import OUTPUT_STEM, RDF_FORMATS

STREAMED = ("turtle", "trig", "nquads", "jsonld")
"""Formats written from chunks; the others (N-Triples, RDF/XML) are made from the written TriG."""


@dataclass
class _Entry:
    iri: str
    triples: int
    source: Path  # the file that holds the graph's parts: the spool, or a build cache entry
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # part -> (offset, length) in source
    digest: str = ""  # of the graph's N-Quads: tells a later build whether the graph changed
    blank_nodes: bool = False
    written: tuple[int, int] | None = None  # where the graph's N-Quads sit in the written file


def _prefix_header(fmt) -> bytes:
    import pyoxigraph as ox

    one = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    sample: list = [one if fmt == ox.RdfFormat.TRIG else one.triple]
    data = ox.serialize(sample, format=fmt, prefixes=PREFIXES) or b""
    return b"".join(line for line in data.splitlines(keepends=True) if line.startswith(b"@prefix "))


class StreamedExports:
    """Spools chunks (or takes them where the build cache keeps them), then writes the export files in
    graph order, copying each part from where it is kept."""

    def __init__(self, staging: Path, formats: tuple[str, ...]):
        self.staging = staging
        self.formats = formats
        self.entries: list[_Entry] = []
        staging.mkdir(parents=True, exist_ok=True)
        self._spool_path = staging / "spool.parts"
        self._spool: BinaryIO = open(self._spool_path, "w+b")  # noqa: SIM115 - closed in close()

    def add(self, chunk: GraphChunk | StoredChunk) -> None:
        """A graph's parts: a chunk made in this build is spooled; a stored one (from the build cache)
        is only referred to."""
        if isinstance(chunk, GraphChunk):
            blob, stored = chunk.blob()
            offset = self._spool.tell()
            with _naming(self._spool_path):
                self._spool.write(blob)
            source, spans = self._spool_path, {part: (offset + o, n) for part, (o, n) in stored.spans.items()}
        else:
            assert chunk.path is not None
            source, spans = Path(chunk.path), chunk.spans
        self.entries.append(_Entry(chunk.iri, chunk.triples, source, spans, chunk.digest, chunk.blank_nodes))

    @property
    def triples(self) -> int:
        return sum(e.triples for e in self.entries)

    def _read(self, part: str, entry: _Entry, fd: int) -> bytes:
        offset, length = entry.spans[part]
        data = os.pread(fd, length, offset)
        if len(data) != length:
            raise OutputError(f"holds {len(data)} of the {length} bytes of part {part} of graph {entry.iri}; "
                              "expected the file unchanged while the build runs", file=str(entry.source))
        return data

    def finish(self, stem: str = OUTPUT_STEM, progress: Callable[[str, int, int], None] | None = None
               ) -> dict[str, Path]:
        """Write each streamed format into the staging folder (``stem.suffix``); return format -> file.
        The caller swaps the staging folder in as the build folder. ``progress(file name, i, n)`` before
        each file."""
        self._spool.flush()
        by_nt = sorted(self.entries, key=lambda e: "<" + e.iri + ">")  # N-Quads / TriG / Turtle order
        written: dict[str, Path] = {}
        streamed = [fmt for fmt in self.formats if fmt in STREAMED]
        for i, fmt in enumerate(streamed):
            path = self.staging / (stem + RDF_FORMATS[fmt].suffix)
            if progress:
                progress(path.name, i, len(streamed))
            with _naming(path), open(path, "wb", buffering=0) as out:
                getattr(self, f"_write_{fmt}")(_Output(out), by_nt)
            written[fmt] = path
        return written

    def close(self) -> None:
        self._spool.close()
        try:
            os.unlink(self._spool_path)
        except FileNotFoundError:
            pass

    def _sources(self, entries: Iterable[_Entry]) -> Iterator[tuple[_Entry, int]]:
        """Each entry with a descriptor of the file that holds its parts (a file open at a time)."""
        for e in entries:
            with _naming(e.source), open(e.source, "rb", buffering=0) as fh:
                yield e, fh.fileno()

    def _write_nquads(self, out: _Output, entries: list[_Entry]) -> None:
        for e, fd in self._sources(entries):
            e.written = (out.position, e.spans["nquads"][1])
            out.copy(fd, e, "nquads")

    def manifest(self) -> dict[str, str]:
        """graph IRI -> digest of its N-Quads, for every graph added."""
        return {e.iri: e.digest for e in self.entries}

    def graph_nquads(self, written: Path, iri: str) -> bytes:
        """One graph's N-Quads, read back from the written N-Quads file (after :meth:`finish`)."""
        entry = next(e for e in self.entries if e.iri == iri)
        assert entry.written is not None
        offset, length = entry.written
        with open(written, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def with_blank_nodes(self) -> set[str]:
        return {e.iri for e in self.entries if e.blank_nodes}

    def _write_trig(self, out: _Output, entries: list[_Entry]) -> None:
        import pyoxigraph as ox

        first = True
        for e, fd in self._sources(e for e in entries if e.triples):  # a graph's block at a time
            out.write(_prefix_header(ox.RdfFormat.TRIG) + b"\n" if first else b"\n")
            out.copy(fd, e, "trig")
            first = False

    def _write_turtle(self, out: _Output, entries: list[_Entry]) -> None:
        """Every graph's owned triples, and each shared-node triple once, where it first appears."""
        import pyoxigraph as ox

        out.write(_prefix_header(ox.RdfFormat.TURTLE))
        seen: set[bytes] = set()  # the shared lines written (a graph's own are distinct: a sorted set's)
        for e, fd in self._sources(entries):
            new = [line for line in self._read("shared", e, fd).splitlines(keepends=True) if line not in seen]
            seen.update(new)
            extra = b""
            if new:
                triples = list(ox.parse(b"".join(new), format=ox.RdfFormat.N_TRIPLES))
                text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
                extra = spaced(b"".join(line for line in text.splitlines(keepends=True)
                                        if not line.startswith(b"@prefix ")).lstrip(b"\n"))
            if e.spans["turtle"][1] or extra:
                out.write(b"\n")
                out.copy(fd, e, "turtle")
                out.write(extra)

    def _write_jsonld(self, out: _Output, entries: list[_Entry]) -> None:
        from .export import jsonld_context
        from .jsonld import DOCUMENT_TAIL, document_head

        out.write(document_head(jsonld_context()["@context"]))
        members = sorted((e for e in entries if e.triples), key=lambda e: e.iri)
        for i, (e, fd) in enumerate(self._sources(members)):
            if i:
                out.write(b",\n")
            out.copy(fd, e, "jsonld")
        out.write(DOCUMENT_TAIL)


class _Output:
    """An export file being written: bytes, and parts copied from the files that keep them (in the
    kernel where it can: ``os.copy_file_range``)."""

    def __init__(self, fh):
        self.fh = fh
        self.fd = fh.fileno()
        self.position = 0
        self._kernel_copy = hasattr(os, "copy_file_range")

    def _put(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]

    def write(self, data: bytes) -> None:
        self._put(data)
        self.position += len(data)

    def copy(self, fd: int, entry: _Entry, part: str) -> None:
        offset, length = entry.spans[part]
        end = offset + length
        while offset < end and self._kernel_copy:
            try:
                n = os.copy_file_range(fd, self.fd, end - offset, offset)
            except OSError as exc:  # a file system (or kernel) that cannot: copy through memory
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
                    raise
                self._kernel_copy = False
                break
            if n == 0:
                break
            offset += n
        while offset < end:
            data = os.pread(fd, min(end - offset, 1 << 22), offset)
            if not data:
                break
            self._put(data)
            offset += len(data)
        if offset != end:
            raise OutputError(f"ends before part {part} of graph {entry.iri} does; expected the file unchanged "
                              "while the build runs", file=str(entry.source))
        self.position += length


@contextlib.contextmanager
def _naming(path: Path):
    """A failed write (which Python reports without a file name) raised again naming ``path``."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
