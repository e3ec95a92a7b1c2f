"""A store over an rdflib graph or dataset in memory (an RDF file given with --data)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Variable

from ..errors import QueryError, StoreError
from .base import Bindings, SelectResult, _normalise_bindings, _normalise_node
from .sparql import _check_form

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
    def from_file(cls, path: str | Path, format: str | None = None) -> MemoryStore:
        from rdflib.util import guess_format

        from ..rdf.formats import RDF_FORMATS, format_for, syntax_error
        from ..validate.speedups import quiet_ill_typed_literals  # a logging filter, not a patch

        p = Path(path)
        if not p.is_file():
            raise StoreError(f"no RDF file at {path}")
        fmt = format or guess_format(str(p)) or "trig"
        ds = Dataset(default_union=True)
        try:
            with quiet_ill_typed_literals():
                ds.parse(p, format=fmt)
        except Exception as exc:  # rdflib raises many parser-specific types
            known = format_for(p) or next((f for f in RDF_FORMATS.values() if f.rdflib == fmt), None)
            if known is None:
                raise StoreError(f"cannot read {path} as {fmt}: {exc}") from exc
            raise syntax_error(p, known, exc) from None
        return cls(ds, name=f"memory:{path}")

    def _query(self, sparql: str, bindings: Bindings):
        init = {Variable(k): v for k, v in _normalise_bindings(bindings).items()}
        try:
            return self.dataset.query(sparql, initBindings=init or None)  # type: ignore[arg-type]
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
            g.add((s, p, _normalise_node(o)))  # type: ignore[arg-type]  # o is bound in a CONSTRUCT
        return g

    def triple_count(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def graphs(self) -> list[str]:
        return sorted(str(c.identifier) for c in self.dataset.graphs()
                      if c.identifier != DATASET_DEFAULT_GRAPH_ID and isinstance(c.identifier, URIRef)
                      and len(c) > 0)

    def __repr__(self) -> str:
        return f"<MemoryStore {self.name}>"
