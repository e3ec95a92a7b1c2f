"""The SPARQL 1.1 Protocol endpoint's queries, bounded: each runs in a child process over the embedded
store (opened read-only), which is killed when it runs past the time limit; an answer with more
solutions (or triples) than the limit is refused, never sent cut short without saying so.

Results go out in the standard media types: SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle,
N-Triples, JSON-LD and RDF/XML for CONSTRUCT and DESCRIBE.
"""
from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import TceGraphError
from ..namespaces import bind_prefixes
from ..query.formats import format_csv, format_json, format_tsv, json_term
from ..stores.base import SelectResult
from ..stores.sparql import tokens

RESULT_TYPES = {  # media type -> writer name, for SELECT and ASK
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {  # media type -> rdflib serialiser, for CONSTRUCT and DESCRIBE
    "text/turtle": "turtle", "application/n-triples": "nt11", "application/ld+json": "json-ld",
    "application/rdf+xml": "xml", "text/plain": "nt11",
}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


class Refused(TceGraphError):
    """A request the endpoint will not answer; ``status`` is the HTTP status to send."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; an update raises :class:`Refused` (403)."""
    for kind, _pos, text in tokens(sparql):
        word = text.upper()
        if kind == "word" and word in UPDATE_WORDS:
            raise Refused("this endpoint is read-only: SPARQL Update is refused", 403)
        if kind == "word" and word in FORMS:
            return word
    raise Refused("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)", 400)


def choose(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The media type of ``offered`` the Accept header prefers (q-values; ``*/*`` gives ``default``)."""
    best, best_q = None, 0.0
    for part in accept.split(",") if accept.strip() else ["*/*"]:
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        match: str | None
        if media in ("*/*", "*") or (media.endswith("/*") and default.startswith(media[:-1])):
            match = default
        elif media.endswith("/*"):
            match = next((m for m in offered if m.startswith(media[:-1])), None)
        else:
            match = media if media in offered else None
        if match and q > 0 and (best is None or q > best_q):  # a tie keeps the one named first
            best, best_q = match, q
    return best


@dataclass
class Answer:
    media_type: str
    body: bytes


def _xml_results(result: SelectResult | None, boolean: bool | None = None) -> bytes:
    root = ET.Element("sparql", xmlns="http://www.w3.org/2005/sparql-results#")
    head = ET.SubElement(root, "head")
    if result is None:
        ET.SubElement(root, "boolean").text = "true" if boolean else "false"
    else:
        for v in result.variables:
            ET.SubElement(head, "variable", name=v)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            r = ET.SubElement(results, "result")
            for v in result.variables:
                term = row.get(v)
                if term is None:
                    continue
                b = ET.SubElement(r, "binding", name=v)
                info = json_term(term)
                if info["type"] == "uri":
                    ET.SubElement(b, "uri").text = info["value"]
                elif info["type"] == "bnode":
                    ET.SubElement(b, "bnode").text = info["value"]
                else:
                    attrs = {k: info[k] for k in ("datatype",) if k in info}
                    if "xml:lang" in info:
                        attrs["{http://www.w3.org/XML/1998/namespace}lang"] = info["xml:lang"]
                    ET.SubElement(b, "literal", attrs).text = info["value"]
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def answer_query(store_dir: str, sparql: str, accept: str, max_rows: int) -> Answer:
    """Run a read query on the embedded store and write its answer (in the child process)."""
    from ..stores.embedded import EmbeddedStore

    form = query_form(sparql)
    store = EmbeddedStore(store_dir)
    if form in ("SELECT", "ASK"):
        media = choose(accept, RESULT_TYPES, "application/sparql-results+json")
        if media is None:
            raise Refused(f"cannot answer a {form} as {accept}; offered: {', '.join(RESULT_TYPES)}", 406)
        kind = RESULT_TYPES[media]
        outcome = store.query_lazily(sparql)
        if form == "ASK":
            if kind == "xml":
                return Answer(media, _xml_results(None, bool(outcome)))
            if kind != "json":
                raise Refused("an ASK answer is written as SPARQL JSON or XML", 406)
            return Answer(media, (b'{"head": {}, "boolean": ' + (b"true" if outcome else b"false") + b"}\n"))
        names, rows = outcome
        taken = []
        for row in rows:
            taken.append(row)
            if len(taken) > max_rows:
                raise Refused(f"the answer has more than {max_rows} solutions (the server's limit); add a LIMIT", 413)
        result = SelectResult(list(names), taken)
        body = {"json": format_json, "csv": format_csv, "tsv": format_tsv}.get(kind)
        data = body(result).encode("utf-8") if body else _xml_results(result)
        return Answer(media, data)
    media = choose(accept, GRAPH_TYPES, "text/turtle")
    if media is None:
        raise Refused(f"cannot answer a {form} as {accept}; offered: {', '.join(GRAPH_TYPES)}", 406)
    graph = Graph()
    bind_prefixes(graph)
    for n, (s, p, o) in enumerate(store.query_lazily(sparql), start=1):
        if n > max_rows:
            raise Refused(f"the answer has more than {max_rows} triples (the server's limit); add a LIMIT", 413)
        if isinstance(s, (URIRef, BNode)) and isinstance(p, URIRef) and isinstance(o, (URIRef, BNode, Literal)):
            graph.add((s, p, o))
    return Answer(media, graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8"))


def _child(conn, store_dir: str, sparql: str, accept: str, max_rows: int) -> None:
    try:
        conn.send(("ok", answer_query(store_dir, sparql, accept, max_rows)))
    except Refused as exc:
        conn.send(("refused", (exc.message, exc.status)))
    except TceGraphError as exc:
        conn.send(("refused", (exc.message, 400)))
    except Exception as exc:  # the child reports any failure instead of dying silently
        conn.send(("refused", (f"{type(exc).__name__}: {exc}", 500)))
    finally:
        conn.close()


def _context():
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["tce_graph.serve.sparql", "tce_graph.stores.embedded"])
        return ctx
    return multiprocessing.get_context("spawn")


class BoundedRunner:
    """Runs each query in its own child process, killed after ``timeout`` seconds."""

    def __init__(self, store_dir: str, *, timeout: float, max_rows: int):
        self.store_dir, self.timeout, self.max_rows = store_dir, timeout, max_rows
        self.ctx = _context()

    def run(self, sparql: str, accept: str) -> Answer:
        query_form(sparql)  # an update or a non-query is refused before any process starts
        parent, child = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_child, args=(child, self.store_dir, sparql, accept, self.max_rows),
                                daemon=True)
        proc.start()
        child.close()
        try:
            if not parent.poll(self.timeout):
                raise Refused(f"the query ran longer than {self.timeout:g} s (the server's limit) and was stopped", 503)
            try:
                kind, value = parent.recv()
            except EOFError:
                raise Refused("the query process ended without an answer", 500) from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            parent.close()
        if kind == "ok":
            return value
        message, status = value
        raise Refused(message, status)


__all__ = ["Answer", "BoundedRunner", "GRAPH_TYPES", "RESULT_TYPES", "Refused", "choose", "query_form"]
