"""One named graph's share of every export, made where the graph is made (a worker process).

The build writes each export by concatenating these chunks in graph-IRI order, so no process ever
holds the whole dataset:

* N-Quads: the graph's quads sorted by (subject, predicate, object); graphs in IRI order make the file
  sorted by (graph, subject, predicate, object), as a whole-dataset sort would;
* TriG: the graph's block (``<g> { ... }``), prefixes declared once at the top of the file;
* Turtle (every graph merged): the triples whose subject the graph owns (its report, project and source
  nodes and everything under the report's IRI) as a Turtle body, and the triples about shared nodes
  (agencies, people, partnerships, places) as N-Triples lines, which the build writes once each;
* JSON-LD: the graph's node object (``{"@id": g, "@graph": [...]}``), compacted with the shipped
  context and sorted, as the whole-dataset JSON-LD holds it.

A chunk kept in the build cache is one run of bytes (:meth:`GraphChunk.blob`) and a
:class:`StoredChunk` that says where each part is: a later build copies the parts from there into
its files without reading them into Python.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..namespaces import PREFIXES

_BLOCK_END = re.compile(rb"( \.|\})\n(?=[^\t@\n}])")
_PREFIX_LINE = re.compile(rb"^@prefix [^\n]*\n", re.M)


def spaced(data: bytes) -> bytes:
    """A blank line after each subject block (and named graph), for people reading the file.
    pyoxigraph escapes line breaks inside literals, so a line that starts without a tab starts a block."""
    return _BLOCK_END.sub(rb"\1\n\n", data)


PARTS = ("nquads", "trig", "turtle", "shared", "jsonld")
"""A chunk's parts, in the order :meth:`GraphChunk.blob` lays them out."""


@dataclass(frozen=True)
class GraphChunk:
    iri: str
    triples: int
    nquads: bytes
    trig: bytes  # the graph's TriG block, spaced, without prefix declarations
    turtle: bytes  # Turtle body of the triples the graph owns (no prefix declarations)
    shared: tuple[bytes, ...]  # N-Triples lines of the triples about nodes other graphs may describe too
    jsonld: str | None = None  # the graph's node object as the JSON-LD file's @graph array holds it, or None
    digest: str = ""  # of the N-Quads: tells a later build whether the graph changed
    blank_nodes: bool = False

    def ntriples(self) -> str:
        """The graph's triples as N-Triples text (its N-Quads without the graph name)."""
        # a line ends with the graph's name; a literal cannot hold a line break (N-Quads escapes it)
        return self.nquads.replace(f" <{self.iri}> .\n".encode(), b" .\n").decode("utf-8")

    def blob(self) -> tuple[bytes, StoredChunk]:
        """Every part as one run of bytes, and the chunk as stored in it (the parts' offsets and lengths):
        how the build cache keeps a chunk, so that a later build copies the parts without decoding them."""
        pieces = {"nquads": self.nquads, "trig": self.trig, "turtle": self.turtle, "shared": b"".join(self.shared),
                  "jsonld": (self.jsonld or "").encode("utf-8")}
        spans, offset = {}, 0
        for part in PARTS:
            spans[part] = (offset, len(pieces[part]))
            offset += len(pieces[part])
        return b"".join(pieces[part] for part in PARTS), StoredChunk(self.iri, self.triples, self.digest,
                                                                     self.blank_nodes, spans)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk whose parts are bytes in a file (``path``, at ``spans``: part -> (offset, length))."""

    iri: str
    triples: int
    digest: str
    blank_nodes: bool
    spans: dict[str, tuple[int, int]]
    path: str | None = None

    @property
    def size(self) -> int:
        return sum(length for _, length in self.spans.values())


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: Node) -> str:
    """An rdflib term in N-Triples syntax, for pyoxigraph to read (which writes it in its own canonical form)."""
    # f-strings, not +: rdflib's terms are str subclasses whose __radd__ would make another term
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str.translate(term, _ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"' if term.datatype is None else f'"{text}"^^<{term.datatype}>'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples_text(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """``triples`` as N-Triples text in pyoxigraph's canonical form (read from the text :func:`_nt` writes)."""
    import pyoxigraph as ox

    text = "".join([f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in triples])
    return (ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES) or b"").decode()


def sorted_nquads(graph_iri: str, triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """The graph's N-Quads, sorted by (subject, predicate, object) in their N-Triples forms. The terms
    reach pyoxigraph as N-Triples text (one parse, not a Python object per term); its canonical lines
    sorted as bytes are in that order, because a term that is a prefix of another is followed by a
    space, which sorts before anything that can go on a term."""
    import pyoxigraph as ox

    g = f" <{graph_iri}> .\n"
    text = "".join([f"{_nt(s)} {_nt(p)} {_nt(o)}{g}" for s, p, o in triples])
    lines = (ox.serialize(ox.parse(text, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS) or b""
             ).splitlines(keepends=True)
    lines.sort()
    return b"".join(lines)


def make_chunk(graph_iri: str, triples: Iterable[tuple[Node, Node, Node]], *, owned: tuple[str, ...] = (),
               jsonld_context: dict | None = None) -> GraphChunk:
    """Every export's share of one named graph. ``owned``: IRI prefixes of the subjects only this graph
    describes (their triples go to the Turtle body; the others are shared lines, written once)."""
    import pyoxigraph as ox

    triples = triples if isinstance(triples, (list, tuple, set, frozenset)) else list(triples)
    nquads = sorted_nquads(graph_iri, triples)
    trig = _PREFIX_LINE.sub(b"", ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                                              prefixes=PREFIXES) or b"")
    # a line less its graph is the triple's N-Triples line; a subject IRI is written as it is, in <>
    cut = len(f" <{graph_iri}> .\n")
    lines = [line[:-cut] + b" .\n" for line in nquads.splitlines(keepends=True)]
    if "" in owned:
        own, shared = lines, []
    else:
        heads = tuple(f"<{prefix}".encode() for prefix in owned)
        own = [line for line in lines if line.startswith(heads)] if heads else []
        shared = [line for line in lines if not line.startswith(heads)] if heads else lines
    turtle = _PREFIX_LINE.sub(b"", ox.serialize(ox.parse(b"".join(own), format=ox.RdfFormat.N_TRIPLES),
                                                format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"")
    js = _jsonld_object(graph_iri, triples, jsonld_context) if jsonld_context is not None else None
    return GraphChunk(graph_iri, len(lines), nquads, spaced(trig.lstrip(b"\n")), spaced(turtle.lstrip(b"\n")),
                      tuple(shared), js, digest=hashlib.blake2b(nquads, digest_size=16).hexdigest(),
                      blank_nodes=b"_:" in nquads)


def _jsonld_object(graph_iri: str, triples: Iterable[tuple[Node, Node, Node]], context: dict) -> str:
    """The named graph's node object as the whole-dataset JSON-LD holds it (in its @graph array)."""
    from .jsonld import graph_object, member_of

    return member_of(graph_object(graph_iri, triples, context))
