"""One store interface, three interchangeable backends (in the spirit of prez's ``repositories/``).

* :class:`EmbeddedStore` -- a persistent pyoxigraph (RocksDB) store on disk, written by ``build``
  (default ``out/store``); no server needed. Opened read-only so several readers can coexist.
* :class:`MemoryStore` -- an rdflib :class:`~rdflib.Dataset` parsed from an RDF file (or given).
* :class:`RemoteStore` -- any SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, GraphDB,
  Virtuoso, managed stores), queried over plain HTTP (urllib), results as SPARQL JSON.

Every backend follows the same rules, so a saved query gives the same answers everywhere:

* the query's default graph is the UNION of all named graphs (pyoxigraph
  ``use_default_graph_as_union=True``; rdflib ``Dataset(default_union=True)``; a remote server must
  be configured for it -- ``oxigraph serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph
  true``; see docs/triplestores.md);
* parameters are bound as typed RDF terms, never pasted into the query text (pyoxigraph
  ``substitutions``; rdflib ``initBindings``; remote: a ``VALUES`` block whose terms are serialised
  and validated here, injected right after the outermost ``WHERE {``);
* results come back as rdflib terms (URIRef / Literal / BNode), with ``xsd:string`` literals as plain
  literals, so values compare equal across backends.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol, runtime_checkable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD
from rdflib.term import Node, Variable

from .errors import QueryError, StoreError

DEFAULT_STORE = Path("out") / "store"
RDF_LANGSTRING = str(RDF.langString)
XSD_STRING = str(XSD.string)

Bindings = Mapping[str, Any] | None


@dataclass
class SelectResult:
    """A SELECT answer: variable names in projection order, one dict per solution (None = unbound)."""

    variables: list[str]
    rows: list[dict[str, Node | None]] = field(default_factory=list)

    def column(self, name: str) -> list[Node | None]:
        return [row.get(name) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What every backend offers. ``bindings`` maps variable names (with or without ``?``) to terms."""

    name: str

    def select(self, sparql: str, bindings: Bindings = None) -> SelectResult: ...

    def ask(self, sparql: str, bindings: Bindings = None) -> bool: ...

    def construct(self, sparql: str, bindings: Bindings = None) -> Graph: ...

    def triple_count(self) -> int: ...

    def graphs(self) -> list[str]: ...


# --------------------------------------------------------------------------------------------------
# shared helpers


def _as_term(value: Any) -> Node:
    """A binding value as an rdflib term; plain Python values become typed literals."""
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if isinstance(value, Node):
        raise QueryError(f"cannot bind {value!r}; expected an IRI, literal or blank node")
    return Literal(value)


def _normalise_bindings(bindings: Bindings) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for key, value in (bindings or {}).items():
        name = str(key).lstrip("?$")
        if not re.fullmatch(r"[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+", name):
            raise QueryError(f"{key!r} is not a SPARQL variable name")
        if value is None:
            continue
        out[name] = _as_term(value)
    return out


def make_literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """An rdflib Literal from its parts, with the RDF 1.1 ``xsd:string`` / ``rdf:langString`` defaults
    dropped so a plain literal is the same term whichever backend produced it."""
    if language:
        return Literal(value, lang=language)
    if datatype and datatype not in (XSD_STRING, RDF_LANGSTRING):
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def _normalise_node(term: Node | None) -> Node | None:
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def _query_form(sparql: str) -> str:
    """SELECT / ASK / CONSTRUCT / DESCRIBE: the first query-form keyword outside strings, IRIs and comments."""
    for kind, _start, text in _tokens(sparql):
        if kind == "word" and text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text.upper()
    raise QueryError("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")


def _check_form(sparql: str, expected: str) -> None:
    form = _query_form(sparql)
    if form != expected and not (expected == "CONSTRUCT" and form == "DESCRIBE"):
        raise QueryError(f"expected a {expected} query, got {form}")


# --------------------------------------------------------------------------------------------------
# SPARQL text scanning (for the remote VALUES injection)

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def _tokens(sparql: str) -> Iterable[tuple[str, int, str]]:
    """Yield (kind, offset, text) for braces and bare words, skipping strings, IRIs and comments."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            if j >= n:
                raise QueryError("unterminated string in the query")
            i = j + len(quote)
        elif c == "<":
            m = _IRIREF.match(sparql, i)
            i = m.end() if m else i + 1
        elif c in "{}":
            yield c, i, c
            i += 1
        elif c in "?$":  # a variable: never a keyword
            m = _WORD.match(sparql, i + 1)
            i = m.end() if m else i + 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(sparql, i)
            # prefixed names (ex:select) are not keywords
            end = m.end()
            if end < n and sparql[end] == ":":
                j = end + 1
                while j < n and (sparql[j].isalnum() or sparql[j] in "_-.:%"):
                    j += 1
                i = j
                continue
            yield "word", i, m.group(0)
            i = end
        else:
            i += 1


def _where_brace(sparql: str) -> tuple[int, int, bool]:
    """Offsets of the opening and closing brace of the query's outermost WHERE group, and whether the
    group is a bare sub-select. Skips a CONSTRUCT template."""
    toks = list(_tokens(sparql))
    form = None
    skip_template = False
    depth = 0
    open_at = None
    for k, (kind, pos, text) in enumerate(toks):
        if kind == "word" and depth == 0 and form is None and text.upper() in ("SELECT", "ASK", "CONSTRUCT",
                                                                                 "DESCRIBE"):
            form = text.upper()
            if form == "CONSTRUCT":
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if nxt and nxt[0] == "{":
                    skip_template = True
                elif nxt and nxt[0] == "word" and nxt[2].upper() == "WHERE":
                    raise QueryError("parameters cannot be bound in the CONSTRUCT WHERE { } short form; "
                                     "write CONSTRUCT { template } WHERE { pattern }")
            continue
        if kind == "{":
            if depth == 0:
                if skip_template:
                    skip_template = False
                    depth += 1
                    open_at = -1
                    continue
                if form is None:
                    raise QueryError("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
                open_at = pos
                after = toks[k + 1] if k + 1 < len(toks) else None
                subselect = bool(after and after[0] == "word" and after[2].upper() == "SELECT")
                depth += 1
                continue
            depth += 1
        elif kind == "}":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced braces in the query")
            if depth == 0 and open_at is not None and open_at >= 0:
                return open_at, pos, subselect
    raise QueryError("found no WHERE { ... } group to bind the parameters in")


_LANGTAG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")


def sparql_term(term: Node) -> str:
    """Serialise a term for a VALUES block, validating it so a value can never escape its token."""
    if isinstance(term, URIRef):
        text = f"<{term}>"
        if not _IRIREF.fullmatch(text):
            raise QueryError(f"{str(term)!r} is not a valid IRI")
        return text
    if isinstance(term, Literal):
        body = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
        if term.language:
            if not _LANGTAG.fullmatch(term.language):
                raise QueryError(f"{term.language!r} is not a valid language tag")
            return f'"{body}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{body}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{body}"'
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter on a remote endpoint")
    raise QueryError(f"cannot bind {term!r}")


def inject_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """The query with ``VALUES (?a ?b) { (term term) }`` as the first element of its outermost WHERE group."""
    if not bindings:
        return sparql
    names = list(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(sparql_term(bindings[n]) for n in names) + ") } ")
    open_at, close_at, subselect = _where_brace(sparql)
    if subselect:  # { SELECT ... } -> { VALUES ... { SELECT ... } }
        return (sparql[:open_at + 1] + block + "{" + sparql[open_at + 1:close_at] + "}"
                + sparql[close_at:])
    return sparql[:open_at + 1] + block + sparql[open_at + 1:]


# --------------------------------------------------------------------------------------------------
# embedded: pyoxigraph


def _ox():
    try:
        import pyoxigraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise StoreError("the embedded store needs pyoxigraph (pip install pyoxigraph)") from exc
    return pyoxigraph


def to_oxigraph(term: Node):
    ox = _ox()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def from_oxigraph(term) -> Node | None:
    """A pyoxigraph term as the equal rdflib term."""
    if term is None:
        return None
    ox = _ox()
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return make_literal(term.value, term.datatype.value if term.datatype else None, term.language)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"unsupported term in a result: {term!r}")


def is_embedded_store(path: str | Path) -> bool:
    return (Path(path) / "CURRENT").is_file()


class EmbeddedStore:
    """A pyoxigraph store on disk (RocksDB). Read-only by default, so several readers coexist."""

    def __init__(self, location: str | Path = DEFAULT_STORE, *, read_only: bool = True):
        self.location = Path(location)
        self.name = f"embedded:{location}"
        if not is_embedded_store(self.location):
            raise StoreError(f"no embedded store at {location}; run `tce-graph build` first")
        ox = _ox()
        try:
            self._store = ox.Store.read_only(str(self.location)) if read_only else ox.Store(str(self.location))
        except OSError as exc:
            raise StoreError(f"cannot open the embedded store at {location}: {exc}") from exc

    def _query(self, sparql: str, bindings: Bindings):
        ox = _ox()
        terms = _normalise_bindings(bindings)
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in terms.items()}
        try:
            try:
                return self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
            except RuntimeError as exc:
                # pyoxigraph substitutes only variables a SELECT projects; bind the others the way the
                # remote backend does, with a validated VALUES block (still never raw text)
                if "does not contain" not in str(exc):
                    raise StoreError(f"{self.name}: {exc}") from exc
                return self._store.query(inject_values(sparql, terms), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.name}: {exc}") from exc

    def select(self, sparql: str, bindings: Bindings = None) -> SelectResult:
        _check_form(sparql, "SELECT")
        res = self._query(sparql, bindings)
        names = [v.value for v in res.variables]
        rows = [{n: from_oxigraph(sol[n]) for n in names} for sol in res]
        return SelectResult(names, rows)

    def ask(self, sparql: str, bindings: Bindings = None) -> bool:
        _check_form(sparql, "ASK")
        return bool(self._query(sparql, bindings))

    def construct(self, sparql: str, bindings: Bindings = None) -> Graph:
        _check_form(sparql, "CONSTRUCT")
        g = Graph()
        for t in self._query(sparql, bindings):
            g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
        return g

    def triple_count(self) -> int:
        return len(self._store)

    def graphs(self) -> list[str]:
        return sorted(str(g.value) for g in self._store.named_graphs() if hasattr(g, "value")
                      and type(g).__name__ == "NamedNode")

    def __repr__(self) -> str:
        return f"<EmbeddedStore {self.location}>"


def write_embedded_store(dataset: Dataset | str | Path | bytes, path: str | Path = DEFAULT_STORE) -> Path:
    """Write ``dataset`` (an rdflib Dataset, N-Quads bytes, or an RDF file with named graphs) to a pyoxigraph store
    at ``path``, atomically: bulk-load N-Quads into a fresh folder next to the target, then swap the
    folders, so a failed build never leaves a half-written store (the old one stays in place)."""
    ox = _ox()
    target = Path(path)
    if target.exists() and not (target.is_dir() and (is_embedded_store(target) or not any(target.iterdir()))):
        raise StoreError(f"{target} exists and is not an embedded store; refusing to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        if isinstance(dataset, (str, Path)):
            store.bulk_load(path=str(dataset))
        elif isinstance(dataset, bytes):
            store.bulk_load(input=dataset, format=ox.RdfFormat.N_QUADS)
        else:
            data = dataset.serialize(format="nquads", encoding="utf-8")
            store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store
    except (OSError, SyntaxError, ValueError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"cannot write the embedded store at {target}: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except OSError as exc:
        if old is not None:
            os.replace(old, target)
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"cannot write the embedded store at {target}: {exc}") from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


# --------------------------------------------------------------------------------------------------
# in-memory: rdflib


class MemoryStore:
    """An rdflib Dataset whose default graph is the union of its named graphs."""

    def __init__(self, dataset: Dataset | None = None, *, name: str = "memory"):
        self.name = name
        if dataset is None:
            dataset = Dataset(default_union=True)
        elif not dataset.default_union:
            shared = Dataset(store=dataset.store, default_union=True)
            for prefix, ns in dataset.namespaces():
                shared.bind(prefix, ns, override=False)
            dataset = shared
        self.dataset = dataset

    @classmethod
    def from_file(cls, path: str | Path, format: str | None = None) -> "MemoryStore":
        from rdflib.util import guess_format

        p = Path(path)
        if not p.is_file():
            raise StoreError(f"no RDF file at {path}")
        fmt = format or guess_format(str(p)) or "trig"
        ds = Dataset(default_union=True)
        try:
            ds.parse(p, format=fmt)
        except Exception as exc:  # rdflib raises many parser-specific types
            raise StoreError(f"cannot read {path} as {fmt}: {exc}") from exc
        return cls(ds, name=f"memory:{path}")

    def _query(self, sparql: str, bindings: Bindings):
        init = {Variable(k): v for k, v in _normalise_bindings(bindings).items()}
        try:
            return self.dataset.query(sparql, initBindings=init or None)
        except Exception as exc:  # pyparsing ParseException and friends, evaluation errors
            if type(exc).__name__ in ("ParseException", "ParseSyntaxException"):
                raise QueryError(f"invalid SPARQL: {exc}") from exc
            raise QueryError(f"{self.name} cannot evaluate the query: {type(exc).__name__}: {exc}") from exc

    def select(self, sparql: str, bindings: Bindings = None) -> SelectResult:
        _check_form(sparql, "SELECT")
        res = self._query(sparql, bindings)
        names = [str(v) for v in (res.vars or [])]
        rows = [{n: _normalise_node(b.get(Variable(n))) for n in names} for b in res.bindings]
        return SelectResult(names, rows)

    def ask(self, sparql: str, bindings: Bindings = None) -> bool:
        _check_form(sparql, "ASK")
        return bool(self._query(sparql, bindings).askAnswer)

    def construct(self, sparql: str, bindings: Bindings = None) -> Graph:
        _check_form(sparql, "CONSTRUCT")
        g = Graph()
        for s, p, o in self._query(sparql, bindings).graph:
            g.add((s, p, _normalise_node(o)))
        return g

    def triple_count(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def graphs(self) -> list[str]:
        return sorted(str(c.identifier) for c in self.dataset.graphs()
                      if c.identifier != DATASET_DEFAULT_GRAPH_ID and isinstance(c.identifier, URIRef)
                      and len(c) > 0)

    def __repr__(self) -> str:
        return f"<MemoryStore {self.name}>"


# --------------------------------------------------------------------------------------------------
# remote: SPARQL 1.1 Protocol


def json_term(b: Mapping[str, Any]) -> Node:
    """A SPARQL 1.1 JSON results term as an rdflib term."""
    kind = b.get("type")
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if kind in ("literal", "typed-literal"):
        return make_literal(b["value"], b.get("datatype"), b.get("xml:lang"))
    raise StoreError(f"unsupported term in a result: {b!r}")


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint. Its default graph must be the union of the named graphs
    (``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``).

    Credentials come from ``TCE_GRAPH_USER`` / ``TCE_GRAPH_PASSWORD`` (``TCE_GRAPH_AUTH=basic|digest``)
    or a netrc entry for the endpoint's host; never from arguments on a command line or the URL."""

    def __init__(self, endpoint: str, *, timeout: float = 60.0, auth: Any = None):
        from .httpauth import check_url, credentials_for

        self.endpoint = check_url(endpoint, "SPARQL endpoint")
        self.name = f"endpoint:{endpoint}"
        self.timeout = timeout
        self.auth = auth if auth is not None else credentials_for(endpoint)

    def _request(self, sparql: str, bindings: Bindings, accept: str) -> bytes:
        """POST the query (SPARQL 1.1 Protocol, form-encoded) with plain urllib: the same opener, auth
        and fault handling as ``load`` (SPARQLWrapper's Digest support installs a global opener and
        needs the realm in advance)."""
        from urllib.parse import urlencode

        from .httpauth import HttpFault, send

        query = inject_values(sparql, _normalise_bindings(bindings))
        try:
            _status, body = send("POST", self.endpoint, data=urlencode({"query": query}).encode("utf-8"),
                                 headers={"Accept": accept,
                                          "Content-Type": "application/x-www-form-urlencoded"},
                                 credentials=self.auth, timeout=self.timeout)
        except HttpFault as exc:
            if exc.status == 400:
                raise QueryError(f"{exc.message} (the query was rejected)") from None
            raise StoreError(exc.message) from None
        return body

    def _json(self, sparql: str, bindings: Bindings) -> dict:
        import json

        raw = self._request(sparql, bindings, "application/sparql-results+json")
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise StoreError(f"{self.endpoint} did not answer SPARQL JSON results") from exc

    def select(self, sparql: str, bindings: Bindings = None) -> SelectResult:
        _check_form(sparql, "SELECT")
        data = self._json(sparql, bindings)
        names = list(data.get("head", {}).get("vars", []))
        rows = [{n: (json_term(b[n]) if n in b else None) for n in names}
                for b in data.get("results", {}).get("bindings", [])]
        return SelectResult(names, rows)

    def ask(self, sparql: str, bindings: Bindings = None) -> bool:
        _check_form(sparql, "ASK")
        data = self._json(sparql, bindings)
        if "boolean" not in data:
            raise StoreError(f"{self.endpoint} did not answer a boolean to an ASK query")
        return bool(data["boolean"])

    def construct(self, sparql: str, bindings: Bindings = None) -> Graph:
        _check_form(sparql, "CONSTRUCT")
        raw = self._request(sparql, bindings, "application/n-triples")
        g = Graph()
        try:
            g.parse(data=raw.decode("utf-8"), format="nt")
        except Exception as exc:
            raise StoreError(f"{self.endpoint} did not answer N-Triples to a CONSTRUCT query: {exc}") from exc
        out = Graph()
        for s, p, o in g:
            out.add((s, p, _normalise_node(o)))
        return out

    def triple_count(self) -> int:
        res = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res.rows[0]["n"]) if res.rows else 0

    def graphs(self) -> list[str]:
        res = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in res.rows if isinstance(r["g"], URIRef))

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"


# --------------------------------------------------------------------------------------------------


def open_store(location: str | Path | None = None, *, endpoint: str | None = None,
               data: str | Path | None = None) -> Store:
    """The store to read: a remote ``endpoint``, else an RDF file ``data`` in memory, else the
    embedded store at ``location`` (default ``out/store``)."""
    if endpoint:
        return RemoteStore(endpoint)
    if data:
        return MemoryStore.from_file(data)
    return EmbeddedStore(location if location is not None else DEFAULT_STORE)
