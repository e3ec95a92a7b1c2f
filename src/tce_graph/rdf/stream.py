"""Exports written from graph chunks, streamed: no process holds the whole dataset.

Each chunk (:class:`~tce_graph.rdf.chunks.GraphChunk`) is spooled to disk as it arrives, in whatever
order the workers finish; a chunk from the build cache (:class:`~tce_graph.rdf.chunks.StoredChunk`)
is only referred to, its parts staying in the cache's file. :meth:`StreamedExports.finish` then writes
every format in graph-IRI order, copying each graph's part from where it is kept (in the kernel, with
``os.copy_file_range``, where the system can), so the files are the same whatever the number of
workers or the cache. Memory holds only each graph's offsets (and, while the merged Turtle is written,
each shared-node triple written so far: the nodes many reports name, a small part of the whole).

A build also writes :data:`PARTS_FILE` beside the exports: where each graph's part sits in each file,
with the graph's digest, the files' sizes and times and the tool's fingerprint. The next build
copies an unchanged graph's N-Quads, TriG and JSON-LD parts from the previous files (long runs of one
file each, which read faster than the cache's file per report), when that list says the files are as
it left them; else from where the chunk is kept.
"""
from __future__ import annotations

import contextlib
import errno
import json
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
PARTS_FILE = "tce-graph.parts.json"
"""In the build folder: where each graph's part sits in each export file (what the next build copies)."""
_REUSED = ("nquads", "trig", "jsonld")  # the parts a graph writes as they are (Turtle's shared lines are not)


@dataclass
class _Entry:
    iri: str
    triples: int
    source: Path  # the file that holds the graph's parts: the spool, or a build cache entry
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # part -> (offset, length) in source
    digest: str = ""  # of the graph's N-Quads: tells a later build whether the graph changed
    blank_nodes: bool = False
    written: dict[str, tuple[int, int]] = field(default_factory=dict)  # format -> where its part sits in the file


def _prefix_header(fmt) -> bytes:
    import pyoxigraph as ox

    one = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    sample: list = [one if fmt == ox.RdfFormat.TRIG else one.triple]
    data = ox.serialize(sample, format=fmt, prefixes=PREFIXES) or b""
    return b"".join(line for line in data.splitlines(keepends=True) if line.startswith(b"@prefix "))


class StreamedExports:
    """Spools chunks (or takes them where the build cache keeps them), then writes the export files in
    graph order, copying each part from where it is kept."""

    def __init__(self, staging: Path, formats: tuple[str, ...], *, previous: Path | None = None, tool: str = ""):
        self.staging = staging
        self.formats = formats
        self.entries: list[_Entry] = []
        self.tool = tool  # the tool's fingerprint: the previous files' parts are copied only if it wrote them
        self.reused = 0  # graph parts copied from the previous build's files
        self._previous = _PreviousFiles.read(previous, tool) if previous is not None and tool else None
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
        previous = self._previous
        try:
            for i, fmt in enumerate(streamed):
                path = self.staging / (stem + RDF_FORMATS[fmt].suffix)
                if progress:
                    progress(path.name, i, len(streamed))
                with _naming(path), open(path, "wb", buffering=0) as out:
                    getattr(self, f"_write_{fmt}")(_Output(out), by_nt)
                written[fmt] = path
        finally:
            if previous is not None:
                previous.close()
        self._write_parts_file(written)
        return written

    def _write_parts_file(self, written: dict[str, Path]) -> None:
        """Where each graph's parts sit in the files just written, for the next build (after they are closed)."""
        files = {}
        for fmt, path in written.items():
            st = path.stat()
            files[fmt] = [path.name, st.st_size, st.st_mtime_ns]
        graphs = [[e.iri, e.digest, {fmt: list(span) for fmt, span in e.written.items() if fmt in files}]
                  for e in self.entries]
        text = json.dumps({"tool": self.tool, "files": files, "graphs": graphs}, separators=(",", ":"))
        with _naming(self.staging / PARTS_FILE):
            (self.staging / PARTS_FILE).write_text(text, encoding="utf-8")

    def _parts(self, entries: Iterable[_Entry], part: str) -> Iterator[tuple[_Entry, int, tuple[int, int], Path]]:
        """Each entry with a descriptor of a file that holds its ``part`` and where: the previous build's
        file when the graph is unchanged since, else the file that keeps the chunk (one open at a time)."""
        previous = self._previous
        old = previous.fd(part) if previous is not None else None
        for e in entries:
            span = previous.span(e, part) if previous is not None and old is not None else None
            if span is not None:
                self.reused += 1
                yield e, old, span, previous.path(part)  # type: ignore[misc, union-attr]
                continue
            with _naming(e.source), open(e.source, "rb", buffering=0) as fh:
                yield e, fh.fileno(), e.spans[part], e.source

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
        for e, fd, span, where in self._parts(entries, "nquads"):
            e.written["nquads"] = (out.position, span[1])
            out.copy(fd, span, e, "nquads", where)

    def manifest(self) -> dict[str, str]:
        """graph IRI -> digest of its N-Quads, for every graph added."""
        return {e.iri: e.digest for e in self.entries}

    def graph_nquads(self, written: Path, iri: str) -> bytes:
        """One graph's N-Quads, read back from the written N-Quads file (after :meth:`finish`)."""
        entry = next(e for e in self.entries if e.iri == iri)
        offset, length = entry.written["nquads"]
        with open(written, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def with_blank_nodes(self) -> set[str]:
        return {e.iri for e in self.entries if e.blank_nodes}

    def _write_trig(self, out: _Output, entries: list[_Entry]) -> None:
        import pyoxigraph as ox

        first = True
        for e, fd, span, where in self._parts((e for e in entries if e.triples), "trig"):  # a block at a time
            out.write(_prefix_header(ox.RdfFormat.TRIG) + b"\n" if first else b"\n")
            e.written["trig"] = (out.position, span[1])
            out.copy(fd, span, e, "trig", where)
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
                out.copy(fd, e.spans["turtle"], e, "turtle", e.source)
                out.write(extra)

    def _write_jsonld(self, out: _Output, entries: list[_Entry]) -> None:
        from .export import jsonld_context
        from .jsonld import DOCUMENT_TAIL, document_head

        out.write(document_head(jsonld_context()["@context"]))
        members = sorted((e for e in entries if e.triples), key=lambda e: e.iri)
        for i, (e, fd, span, where) in enumerate(self._parts(members, "jsonld")):
            if i:
                out.write(b",\n")
            e.written["jsonld"] = (out.position, span[1])
            out.copy(fd, span, e, "jsonld", where)
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

    def copy(self, fd: int, span: tuple[int, int], entry: _Entry, part: str, where: Path) -> None:
        """Copy ``span`` of the file ``fd`` (``where``: for the message if it ends too soon)."""
        offset, length = span
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
                              "while the build runs", file=str(where))
        self.position += length


class _PreviousFiles:
    """The previous build's export files, as its :data:`PARTS_FILE` lists them: a graph's part is read
    from there when the graph's digest is the same and the file is as that build left it (its size and
    modification time; else it was changed since, and none of its parts is used)."""

    def __init__(self, folder: Path, files: dict[str, tuple[str, int, int]], graphs: dict[str, tuple[str, dict]]):
        self.folder = folder
        self.files = files
        self.graphs = graphs
        self._fds: dict[str, int | None] = {}

    @classmethod
    def read(cls, folder: Path, tool: str) -> _PreviousFiles | None:
        """None when the folder has no list, one another tool wrote, or one that cannot be read."""
        try:
            data = json.loads((folder / PARTS_FILE).read_text(encoding="utf-8"))
            if data.get("tool") != tool:
                return None
            files = {str(fmt): (str(name), int(size), int(mtime)) for fmt, (name, size, mtime) in data["files"].items()
                     if fmt in _REUSED and "/" not in str(name)}
            graphs = {str(iri): (str(digest), {fmt: (int(o), int(n)) for fmt, (o, n) in spans.items()})
                      for iri, digest, spans in data["graphs"]}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        return cls(folder, files, graphs)

    def fd(self, part: str) -> int | None:
        """A descriptor of the previous file of ``part``'s format, if it is as the list says."""
        if part not in self._fds:
            self._fds[part] = None
            if part in self.files:
                name, size, mtime = self.files[part]
                try:
                    fd = os.open(self.folder / name, os.O_RDONLY)
                except OSError:
                    return None
                st = os.fstat(fd)
                if st.st_size == size and st.st_mtime_ns == mtime:
                    self._fds[part] = fd
                else:
                    os.close(fd)
        return self._fds[part]

    def path(self, part: str) -> Path:
        return self.folder / self.files[part][0]

    def span(self, entry: _Entry, part: str) -> tuple[int, int] | None:
        """Where the graph's ``part`` sits in the previous file, if the graph is the same (its digest,
        and the part's length) and the span lies inside the file."""
        found = self.graphs.get(entry.iri)
        if found is None or found[0] != entry.digest or not entry.digest or part not in self.files:
            return None
        span = found[1].get(part)
        if span is None or span[1] != entry.spans[part][1] or span[0] < 0 or sum(span) > self.files[part][1]:
            return None
        return span

    def close(self) -> None:
        for fd in self._fds.values():
            if fd is not None:
                os.close(fd)
        self._fds = {}


@contextlib.contextmanager
def _naming(path: Path):
    """A failed write (which Python reports without a file name) raised again naming ``path``."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
