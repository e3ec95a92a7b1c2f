"""The embedded store: a pyoxigraph store on disk, written by the build."""
from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..atomic import staged_folder, swap_in
from ..errors import QueryError, StoreError
from .base import DEFAULT_STORE, Bindings, SelectResult, _normalise_bindings, make_literal
from .sparql import _check_form, inject_values

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
        # a store written by this version holds the de-duplicated union in its default graph; an
        # older one (or one written by hand) is read with the default graph as the union
        self._union = not holds_union(self.location)

    def _query(self, sparql: str, bindings: Bindings):
        ox = _ox()
        terms = _normalise_bindings(bindings)
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in terms.items()}
        try:
            try:
                return self._store.query(sparql, use_default_graph_as_union=self._union, substitutions=subs or None)
            except RuntimeError as exc:
                # pyoxigraph substitutes only variables a SELECT projects; bind the others the way the
                # remote backend does, with a validated VALUES block (still never raw text)
                if "does not contain" not in str(exc):
                    raise StoreError(f"{self.name}: {exc}") from exc
                return self._store.query(inject_values(sparql, terms), use_default_graph_as_union=self._union)
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
            g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))  # type: ignore[arg-type]
        return g

    def select_tsv(self, sparql: str, bindings: Bindings = None) -> str:
        """A SELECT answer as SPARQL 1.1 TSV results text (terms in N-Triples syntax), serialised by
        pyoxigraph itself: the way to read a whole graph at once (``tce-graph publish``) without
        making a Python object per term."""
        _check_form(sparql, "SELECT")
        ox = _ox()
        return self._query(sparql, bindings).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")

    def query_lazily(self, sparql: str):
        """Any read query, lazily: ``bool`` for ASK, ``(variables, rows)`` for SELECT and an iterator of
        triples for CONSTRUCT / DESCRIBE, with rdflib terms made only for what is read (so a caller
        can stop after a number of rows)."""
        from .sparql import _query_form

        form = _query_form(sparql)
        res = self._query(sparql, None)
        if form == "ASK":
            return bool(res)
        if form == "SELECT":
            names = [v.value for v in res.variables]
            return names, ({n: from_oxigraph(sol[n]) for n in names} for sol in res)
        return ((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in res)

    def triple_count(self) -> int:
        """Quads in the named graphs (the default graph's union copy not counted)."""
        if self._union:
            return len(self._store)
        res = self._store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(res))["n"].value)

    def graphs(self) -> list[str]:
        return sorted(str(g.value) for g in self._store.named_graphs() if hasattr(g, "value")
                      and type(g).__name__ == "NamedNode")

    def __repr__(self) -> str:
        return f"<EmbeddedStore {self.location}>"


UNION_MARK = "TCE-GRAPH-UNION"
"""A file in the store's folder saying its default graph holds the union of its named graphs."""


def holds_union(location: str | Path) -> bool:
    """Whether an embedded store's default graph is the de-duplicated union of its named graphs."""
    return (Path(location) / UNION_MARK).is_file()


def _load_union(store, union: str | Path | None) -> None:
    ox = _ox()
    if union is not None:
        store.bulk_load(path=str(union), to_graph=ox.DefaultGraph())
        return
    named = (q for q in store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))
    batch: list = []
    for q in named:
        batch.append(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
        if len(batch) >= 100_000:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)


GRAPHS_FILE = "TCE-GRAPH-GRAPHS"
"""A file in the store's folder listing its named graphs, each with the digest of its N-Quads as the
build wrote them: what a later build compares its graphs with to update only those that changed."""


def store_manifest(location: str | Path) -> dict[str, str] | None:
    """graph IRI -> digest of the graphs an embedded store holds, as the build that wrote it listed
    them; None when the store has no list (written by hand or an older version) or no union graph."""
    path = Path(location) / GRAPHS_FILE
    if not holds_union(location) or not path.is_file():
        return None
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, iri = line.partition(" ")
        if not iri:
            return None
        out[iri] = digest
    return out


def _write_marks(folder: Path, manifest: dict[str, str] | None) -> None:
    (folder / UNION_MARK).write_text("the default graph holds the de-duplicated union of the named graphs\n")
    if manifest is not None:
        (folder / GRAPHS_FILE).write_text("".join(f"{d} {iri}\n" for iri, d in sorted(manifest.items())),
                                          encoding="utf-8")


def update_embedded_store(previous: str | Path, path: str | Path, changed: dict[str, bytes], removed: list[str],
                          manifest: dict[str, str], *,
                          progress: Callable[[str, int, int], None] | None = None) -> Path:
    """A new store at ``path`` that is ``previous`` with the graphs in ``changed`` (IRI -> the graph's
    N-Quads) replaced or added and those in ``removed`` dropped, and its default graph (the union)
    kept equal to the union of the named graphs: a triple leaves it only when no graph states it any
    more. ``previous`` is copied first (hard links to its files, so it costs little) and the copy is
    swapped in whole when done, so a failure leaves the old store as it was. Graphs with blank nodes
    are not updated this way (their labels differ between the named graphs and the union): the
    caller bulk-loads the store instead (see :func:`write_embedded_store`)."""
    ox = _ox()
    step = progress or (lambda item, i, n: None)

    def fill(tmp: Path) -> None:
        tmp.rmdir()  # the backup makes the folder itself
        step("copying the previous store", 0, 3)
        ox.Store.read_only(str(previous)).backup(str(tmp))
        store = ox.Store(str(tmp))
        step(f"updating {len(changed)} graph(s), removing {len(removed)}", 1, 3)
        default = ox.DefaultGraph()
        gone: set = set()  # triples of the old versions, to leave the union unless another graph states them
        for iri in sorted(set(removed) | set(changed)):
            g = ox.NamedNode(iri)
            for q in store.quads_for_pattern(None, None, None, g):
                if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                    # the union holds its own labels for them: which copy to drop cannot be told
                    raise StoreError(f"the previous version of {iri} has blank nodes")
                gone.add(ox.Triple(q.subject, q.predicate, q.object))
            store.remove_graph(g)  # a changed graph that is now empty is gone, as in a fresh load
        added: list = []
        for iri in sorted(changed):
            quads = list(ox.parse(changed[iri], format=ox.RdfFormat.N_QUADS))
            store.extend(quads)
            held = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
            if held != len(quads):  # checked, not assumed: the caller loads the store anew instead
                raise StoreError(f"the updated graph {iri} holds {held} triples, expected {len(quads)}")
            added.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in quads)
        for t in gone:
            if not any(not isinstance(q.graph_name, ox.DefaultGraph)
                       for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
        store.extend(added)
        step("writing", 2, 3)
        store.flush()
        del store
        _write_marks(tmp, manifest)

    return _staged_store(Path(path), fill, "update", (OSError, SyntaxError, ValueError, RuntimeError, StoreError))


def _staged_store(target: Path, fill: Callable[[Path], None], verb: str, faults: tuple) -> Path:
    """``fill`` a fresh folder beside ``target`` with a store, then swap it in whole. On a failure the
    folder is removed, after the frames of the failure's traceback have let go of the store they hold
    (else RocksDB writes into the folder again when it closes later); ``faults`` are reported as a
    StoreError saying the store could not be ``verb``-ed."""
    tmp = staged_folder(target)
    try:
        fill(tmp)
    except BaseException as exc:
        traceback.clear_frames(exc.__traceback__)
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, faults):
            raise StoreError(f"cannot {verb} the embedded store at {target}: {exc}") from exc
        raise
    try:
        swap_in(tmp, target)
    except OSError as exc:
        raise StoreError(f"cannot write the embedded store at {target}: {exc}") from exc
    return target


def write_embedded_store(dataset: Dataset | str | Path | bytes, path: str | Path = DEFAULT_STORE, *,
                         union: str | Path | None = None,
                         progress: Callable[[str, int, int], None] | None = None,
                         manifest: dict[str, str] | None = None) -> Path:
    """Write ``dataset`` (an rdflib Dataset, N-Quads bytes, or an RDF file with named graphs) to a pyoxigraph store
    at ``path``, atomically: bulk-load N-Quads into a fresh folder next to the target, then swap the
    folders, so a failed build never leaves a half-written store (the old one stays in place).

    The store's default graph holds the de-duplicated union of the named graphs (``union``: a Turtle
    or N-Triples file of it, as the build writes; else made here). Queries read that default graph, so
    a node described in many report graphs (an agency, a person, a concept) is one solution, not one
    per graph: joins over shared nodes do not multiply and counts are not inflated. ``progress(step, i,
    3)`` before each of the three steps (the named graphs, the union, compacting). ``manifest`` (graph
    IRI -> digest) is kept beside the store for :func:`update_embedded_store`."""
    ox = _ox()
    target = Path(path)
    if target.exists() and not (target.is_dir() and (is_embedded_store(target) or not any(target.iterdir()))):
        raise StoreError(f"{target} exists and is not an embedded store; refusing to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)

    def fill(tmp: Path) -> None:
        store = ox.Store(str(tmp))
        step = progress or (lambda item, i, n: None)
        step("the named graphs", 0, 3)
        if isinstance(dataset, (str, Path)):
            store.bulk_load(path=str(dataset))
        elif isinstance(dataset, bytes):
            store.bulk_load(input=dataset, format=ox.RdfFormat.N_QUADS)
        else:
            data = dataset.serialize(format="nquads", encoding="utf-8")
            store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        step("their union, the default graph", 1, 3)
        _load_union(store, union)
        step("compacting", 2, 3)
        store.flush()
        store.optimize()
        del store
        _write_marks(tmp, manifest)

    return _staged_store(target, fill, "write", (OSError, SyntaxError, ValueError))
