"""Deterministic serialisation of the dataset: Turtle, TriG, N-Quads and compacted JSON-LD.

Files are written atomically (a temporary file in the same folder, then renamed), so a failure
never leaves a half-written output behind.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .namespaces import PREFIXES, bind_prefixes
from .resources import ontology_dir

FORMATS = {  # name -> (file suffix, rdflib format)
    "turtle": (".ttl", "turtle"),
    "trig": (".trig", "trig"),
    "nquads": (".nq", "nquads"),
    "jsonld": (".jsonld", "json-ld"),
    "ntriples": (".nt", "nt11"),
    "rdfxml": (".rdf", "xml"),
}
DEFAULT_FORMATS = ("turtle", "trig", "nquads", "jsonld")


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


def union_graph(ds: Dataset, base_iri: str) -> Graph:
    g = Graph()
    bind_prefixes(g, base_iri)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def serialize(ds: Dataset, fmt: str, base_iri: str) -> bytes:
    """One format's bytes. Line-based formats are sorted; the others rely on rdflib's sorted output."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    rdflib_format = FORMATS[fmt][1]
    if fmt == "nquads":
        lines = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")
    if fmt == "trig":
        return _trig(ds, base_iri)
    if fmt == "jsonld":
        data = json.loads(ds.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True))
        return (json.dumps(_sorted_jsonld(data), indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    graph = union_graph(ds, base_iri)
    if fmt == "ntriples":
        lines = graph.serialize(format=rdflib_format, encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def _trig(ds: Dataset, base_iri: str) -> bytes:
    """TriG with the named graphs in IRI order, each body written by the (sorted) Turtle serializer."""
    prefixes = {**PREFIXES, "id": base_iri}
    out = ["".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(prefixes.items())), "\n"]
    for ctx in sorted(ds.contexts(), key=lambda c: str(c.identifier)):
        if ctx.identifier == DATASET_DEFAULT_GRAPH_ID or len(ctx) == 0:
            continue
        g = Graph()
        bind_prefixes(g, base_iri)
        for t in ctx:
            g.add(t)
        body = g.serialize(format="turtle")
        lines = [ln for ln in body.splitlines() if not ln.startswith("@prefix")]
        text = "\n".join(lines).strip("\n")  # not indented: that would alter multi-line literals
        out.append(f"<{ctx.identifier}> {{\n{text}\n}}\n\n")
    return "".join(out).encode("utf-8")


def _sorted_jsonld(value):
    """Order @graph arrays by @id so the JSON-LD is byte-identical across runs."""
    if isinstance(value, dict):
        return {k: _sorted_jsonld(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_exports(ds: Dataset, out_dir: Path, base_iri: str, stem: str = "tce-graph",
                  formats: tuple[str, ...] = DEFAULT_FORMATS) -> list[Path]:
    written = []
    payloads = {fmt: serialize(ds, fmt, base_iri) for fmt in formats}  # all in memory before any write
    for fmt, data in payloads.items():
        path = out_dir / (stem + FORMATS[fmt][0])
        atomic_write(path, data)
        written.append(path)
    return written
