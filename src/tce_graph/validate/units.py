"""Units of validation: each report's named graph with the concept schemes, and who owns each node."""
from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..bundled import ontology_dir
from ..namespaces import CONCEPTS_GRAPH as CONCEPTS_IRI
from ..namespaces import DEF, TCE
from ..namespaces import ONTOLOGY_GRAPH as ONTOLOGY_IRI
from ..namespaces import TOPICS_GRAPH as TOPICS_IRI
from .explain import _label, _node_id
from .report import ReportInfo

CONCEPTS_GRAPH = URIRef(CONCEPTS_IRI)
TOPICS_GRAPH = URIRef(TOPICS_IRI)
ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)


VOCABULARY_FILES = ("concepts.ttl", "topics.ttl")


@functools.lru_cache(maxsize=1)
def _bundled_vocabulary() -> Graph:
    g = Graph()
    for name in VOCABULARY_FILES:
        path = ontology_dir() / name
        if path.exists():
            g.parse(path, format="turtle")
    return g


# ---------------------------------------------------------------------------------------------
#  Validation
# ---------------------------------------------------------------------------------------------

@dataclass
class _Unit:
    data: Graph                 # what pyshacl validates (the graph + the concept schemes)
    own: Graph | None           # the graph's own triples (results on other nodes are dropped); None: keep all
    graph_iri: str | None
    report: URIRef | None = None  # the one learning report the graph holds, if it holds exactly one
    ntriples: str | None = None  # ``data`` as N-Triples text, for an engine that reads text
    blank_nodes: dict | None = None  # the blank nodes of ``ntriples`` by label

    def __post_init__(self):
        if self.own is not None:
            reports = list(self.own.subjects(RDF.type, TCE.LearningReport))
            if len(reports) == 1:
                self.report = reports[0]


def _units(data: Graph) -> tuple[list[_Unit], Graph | _DatasetUnion]:
    """Split the input into units of validation; also return a view of all its triples."""
    multi = isinstance(data, Dataset) or hasattr(data, "contexts")  # a Dataset or ConjunctiveGraph
    if multi:
        graphs = [g for g in (data.graphs() if isinstance(data, Dataset) else data.contexts())  # type: ignore[attr-defined]
                  if len(g)]
    else:
        graphs = [data]
    named = {g.identifier: g for g in graphs} if multi else {}
    vocab_graphs = [named[i] for i in (CONCEPTS_GRAPH, TOPICS_GRAPH) if i in named]
    if vocab_graphs:
        vocabulary = Graph()
        for g in vocab_graphs:
            vocabulary.addN((s, p, o, vocabulary) for s, p, o in g)
    else:
        vocabulary = _bundled_vocabulary()
    skip = {CONCEPTS_GRAPH, TOPICS_GRAPH, ONTOLOGY_GRAPH}
    data_graphs = [g for g in graphs if g.identifier not in skip] if multi else graphs

    if len(data_graphs) == 1 and not vocab_graphs:  # a single graph: one unit, everything in it is its own
        g = data_graphs[0]
        gid = str(g.identifier)
        graph_iri = gid if multi and not gid.startswith("urn:x-rdflib:") else None
        return [_Unit(_merge(g, None if _has_vocabulary(g) else vocabulary), None, graph_iri)], g
    units = []
    for g in data_graphs:
        gid = str(g.identifier)
        units.append(_Unit(_merge(g, vocabulary), g, None if gid.startswith("urn:x-rdflib:") else gid))
    if vocab_graphs:
        units.append(_Unit(_merge(vocabulary, None), None, str(CONCEPTS_GRAPH)))
    return units, (_DatasetUnion(data) if multi else data)


class _DatasetUnion:
    """The union of a dataset's graphs, read in place (the few look-ups attribution needs)."""

    def __init__(self, ds):
        self.ds = ds

    def triples(self, pattern):
        seen = set()
        for s, p, o, _ in self.ds.quads((*pattern, None)):
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                yield s, p, o

    def __contains__(self, triple) -> bool:
        return next(iter(self.triples(triple)), None) is not None

    def subjects(self, predicate=None, obj=None):
        return (s for s, _, _ in self.triples((None, predicate, obj)))

    def objects(self, subject=None, predicate=None):
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def predicate_objects(self, subject=None):
        return ((p, o) for _, p, o in self.triples((subject, None, None)))

    def value(self, subject, predicate):
        return next(self.objects(subject, predicate), None)


class _GraphsUnion(_DatasetUnion):
    """The union of a few graphs, read in place (what a unit's explanations look up)."""

    def __init__(self, graphs):
        self.graphs = tuple(graphs)

    def triples(self, pattern):
        if len(self.graphs) == 1:
            yield from self.graphs[0].triples(pattern)
            return
        seen = set()
        for g in self.graphs:
            for t in g.triples(pattern):
                if t not in seen:
                    seen.add(t)
                    yield t


class _Index(_DatasetUnion):
    """A graph's triples indexed by subject: the look-ups a unit makes of its own graph, for a fraction of
    what building an rdflib graph costs."""

    def __init__(self, triples):
        self.by_subject: dict = {}
        self.typed: dict = {}  # class -> the subjects of that type: what a unit asks most (its reports)
        rdf_type = RDF.type
        for s, p, o in triples:
            self.by_subject.setdefault(s, []).append((p, o))
            if p == rdf_type:
                self.typed.setdefault(o, []).append(s)

    def triples(self, pattern):
        s, p, o = pattern
        if s is None and o is not None and p == RDF.type:
            yield from ((subject, p, o) for subject in self.typed.get(o, ()))
            return
        subjects = (s,) if s is not None else self.by_subject
        for subject in subjects:
            for pred, obj in self.by_subject.get(subject, ()):
                if (p is None or pred == p) and (o is None or obj == o):
                    yield subject, pred, obj

    def subjects(self, predicate=None, obj=None):
        if predicate is None and obj is None:
            return iter(self.by_subject)
        return super().subjects(predicate, obj)


def _has_vocabulary(g: Graph) -> bool:
    return (URIRef(DEF + "region"), RDF.type, SKOS.ConceptScheme) in g


def _merge(g: Graph, extra: Graph | None) -> Graph:
    out = Graph()
    out.addN((s, p, o, out) for s, p, o in g)
    if extra is not None:
        out.addN((s, p, o, out) for s, p, o in extra)
    return out


def _closure(g: Graph, node) -> Iterable[tuple]:
    """The triples describing ``node`` and, recursively, the blank nodes it points to."""
    seen = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for s, p, o in g.triples((n, None, None)):
            yield s, p, o
            if isinstance(o, BNode):
                todo.append(o)


# ---------------------------------------------------------------------------------------------
#  Attribution and explanation
# ---------------------------------------------------------------------------------------------

class _Owners:
    """Which learning report a node belongs to, and each report's label and source file."""

    def __init__(self, union):
        self.g = union
        self.reports = sorted(set(union.subjects(RDF.type, TCE.LearningReport)),
                              key=lambda r: (_label(union, r) or "", str(r)))
        self._order = {_node_id(r): i for i, r in enumerate(self.reports)}
        self._owner: dict | None = None  # computed on first use: most results know their report already

    def _compute(self) -> dict:
        union = self.g
        owner: dict = {}
        vocab_prefix = DEF.rstrip("/")  # the ontology's terms and the concept schemes belong to no report
        for report in self.reports:  # what the report reaches, and what says it is in the report
            todo = deque([report, *union.subjects(TCE.inReport, report)])
            seen = set()
            while todo:
                n = todo.popleft()
                if n in seen:
                    continue
                seen.add(n)
                owner.setdefault(n, report)
                for p, o in union.predicate_objects(n):
                    if p == RDF.type or isinstance(o, Literal) or o in seen:
                        continue
                    if str(o).startswith(vocab_prefix) or (o, RDF.type, TCE.LearningReport) in union:
                        continue
                    todo.append(o)
        return owner

    def owner(self, node) -> URIRef | None:
        if self._owner is None:
            self._owner = self._compute()
        return self._owner.get(node)

    def info(self, report) -> ReportInfo:
        sf = self.g.value(report, TCE.sourceFile)
        name = self.g.value(sf, DCTERMS.identifier) if sf is not None else None
        return ReportInfo(_node_id(report), _label(self.g, report), str(name) if name is not None else None)

    def infos(self) -> list[ReportInfo]:
        return [self.info(r) for r in self.reports]

    def sort_key(self, report: str | None):
        return (report is None, self._order.get(report, len(self._order)) if report else 0, report or "")
