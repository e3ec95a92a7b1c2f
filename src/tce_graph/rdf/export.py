"""Deterministic serialisation of the dataset: Turtle, TriG, N-Quads and compacted JSON-LD.

Files are written atomically (a temporary file in the same folder, then renamed), so a failure
never leaves a half-written output behind.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..bundled import ontology_dir
from ..errors import OutputError
from ..namespaces import PREFIXES
from .chunks import spaced
from .formats import DEFAULT_FORMATS, OUTPUT_STEM, RDF_FORMATS, STORE_FOLDER, WRITABLE


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def jsonld_context() -> dict:
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def sorted_quads(ds: Dataset) -> list:
    """Every quad of ``ds`` as pyoxigraph terms, in one total order (graph, subject, predicate, object
    in N-Triples form): the order every line-based and Turtle-family export is written in."""
    import pyoxigraph as ox

    from ..stores.embedded import to_oxigraph

    cache: dict = {}

    def term(t):
        v = cache.get(t)
        if v is None:
            v = cache[t] = to_oxigraph(t)
        return v

    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if isinstance(g, Graph) else g
        graph = ox.DefaultGraph() if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else term(gid)
        quads.append(ox.Quad(term(s), term(p), term(o), graph))
    keys = {id(q): (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)) for q in quads}
    quads.sort(key=lambda q: keys[id(q)])
    return quads


def serialize(ds: Dataset, fmt: str, base_iri: str, quads: list | None = None) -> bytes:
    """One format's bytes, the same for the same dataset. Turtle, TriG, N-Quads and N-Triples are
    written by pyoxigraph from :func:`sorted_quads`, and RDF/XML (with the characters XML cannot hold
    replaced, :func:`xml_safe`); JSON-LD by rdflib, compacted with the shipped context, its ``@graph``
    arrays and sets sorted."""
    if fmt not in WRITABLE:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(WRITABLE)}")
    if fmt == "jsonld":
        return jsonld_document(ds)
    import pyoxigraph as ox

    quads = sorted_quads(ds) if quads is None else quads
    # the vocabulary prefixes only: data IRIs (base/report/walsall-2020-06/action/1) would need escaped
    # slashes after a prefix ("id:report\/walsall..."), so they are written in full
    prefixes = dict(PREFIXES)
    if fmt == "nquads":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    if fmt == "trig":
        named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        return spaced(ox.serialize(named, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b"")
    triples, seen = [], set()
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            triples.append(t)
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt == "ntriples":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    if fmt == "rdfxml":
        return ox.serialize([xml_safe(t) for t in triples], format=ox.RdfFormat.RDF_XML, prefixes=prefixes) or b""
    return spaced(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"")


# characters XML 1.0 cannot hold, even as character references: C0 controls but tab, line feed and carriage
# return (pdftotext's page breaks are form feeds), lone surrogates, U+FFFE and U+FFFF
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_char(m: re.Match) -> str:
    return "\n" if m.group(0) == "\x0c" else "\ufffd"


def xml_safe(triple):
    """The triple as RDF/XML can write it: in a literal, a form feed (a page break) becomes a line break and
    any other character XML 1.0 cannot hold becomes U+FFFD. Only RDF/XML does this; the other formats keep
    every character."""
    import pyoxigraph as ox

    o = triple.object
    if not isinstance(o, ox.Literal) or not XML_FORBIDDEN.search(o.value):
        return triple
    value = XML_FORBIDDEN.sub(_xml_char, o.value)
    lit = ox.Literal(value, language=o.language) if o.language else ox.Literal(value, datatype=o.datatype)
    return ox.Triple(triple.subject, triple.predicate, lit)


def jsonld_document(ds: Dataset) -> bytes:
    """The dataset as the build's JSON-LD file: a graph object per named graph in IRI order (the default
    graph's node objects, if any, first, directly in the file's ``@graph``)."""
    from .jsonld import compactor, document, dumps, graph_object

    context = jsonld_context()["@context"]
    graphs: dict = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if isinstance(g, Graph) else g
        key = None if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else str(gid)
        graphs.setdefault(key, []).append((s, p, o))
    objects: list[str] = []
    for key in sorted(graphs, key=lambda k: (k is not None, k or "")):
        if key is None:
            objects.extend(dumps(node) for node in compactor(context).node_objects(graphs[key]))
        else:
            objects.append(dumps(graph_object(key, graphs[key], context)))
    return document(context, objects)


def write_exports(ds: Dataset, out_dir: Path, base_iri: str, stem: str = OUTPUT_STEM,
                  formats: tuple[str, ...] = DEFAULT_FORMATS, store: bool = False) -> list[Path]:
    """Write each format to ``out_dir/stem.suffix`` atomically (every payload is made before the first
    write), and with ``store`` the embedded store ``out_dir/store`` from the same N-Quads."""
    quads = sorted_quads(ds)
    payloads = {fmt: serialize(ds, fmt, base_iri, quads) for fmt in formats}
    written: list[Path] = []
    path = out_dir
    try:
        for fmt, data in payloads.items():
            path = out_dir / (stem + RDF_FORMATS[fmt].suffix)
            atomic_write(path, data)
            written.append(path)
        if store:
            from ..stores.embedded import write_embedded_store
            nquads = payloads.get("nquads") or serialize(ds, "nquads", base_iri, quads)
            path = out_dir / STORE_FOLDER
            written.append(write_embedded_store(nquads, path))
    except OSError as exc:  # a folder that cannot be written, a full disk: name what was being written
        why = exc.strerror or str(exc)
        raise OutputError(f"cannot write {path}: {why}; expected a folder this user can write to") from None
    return written
