"""Validate the graph against the SHACL shapes in ``shapes/`` and explain what is wrong.

What is validated, and with what
--------------------------------
The shapes need the concept schemes (regions, themes, delivery modes, agency types, topics ...)
next to the data: ``sh:class tce:Methodology`` or "is this agency type in its scheme" can only be
answered with the concepts in the data graph. So every unit of validation is *data + concept
schemes*, where the concept schemes are the data's own named graphs ``.../def/concepts`` and
``.../def/topic`` when it has them (a built TriG/N-Quads/JSON-LD does) and otherwise the bundled
``ontology/concepts.ttl`` and ``topics.ttl``. The OWL ontology itself is not needed (the data
states its types explicitly, and no inference is run).

The units follow the project's one-graph-per-report design:

* a dataset with named graphs (the built ``tce-graph.trig``, ``.nq``, or an in-memory
  :class:`rdflib.Dataset` from ``build``) is validated **one named graph at a time**, each with
  the concept schemes; results are kept only for nodes of that graph, so each report's results
  are its own (a node shared by two reports, such as a person who signed both, is checked in
  each and reported under each). The concept schemes are validated once, on their own, and
  the other graphs (the dataset description, the default graph) as one more unit;
* a single graph (``tce-graph.ttl``, a hand-written Turtle file) is validated as one unit, and
  each result is attributed to the report its node belongs to (the report itself, what links
  to it through ``tce:inReport``, and what the report reaches through its links).

Severities: a graph *conforms* when there is no ``sh:Violation``; with ``strict=True`` a
``sh:Warning`` fails it too. ``sh:Info`` never does.

Speed: the five bundled reports (~12,600 triples, most of them evidence annotations) validate in
1.5-3 s from ``out/`` (parsing the TriG included; the spread is machine load) and 1-2 s from the
in-memory dataset ``build`` holds; ``benchmarks/validate_bench.py`` measures it. Two things keep it
there: the shapes graph is held in rdflib's context-free ``SimpleMemory`` store, and pyshacl's
per-shape scan of its constraint-parameter list is made a set lookup (``validate/speedups.py``, gated
on pyshacl's version). The evidence shapes check the text span through property paths rather than
nested shapes for the same reason.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, RDFS, SH, VOID

from ..bundled import shapes_dir
from ..errors import InputError, ValidationError
from ..namespaces import DEFAULT_BASE_IRI
from . import engines, speedups
from .explain import _bind, _explain
from .inputs import load_data, resolve_input
from .report import PASSES, ReportInfo, Result, Severity, ValidationReport, displayed_with_base
from .units import _bundled_vocabulary, _closure, _GraphsUnion, _Index, _merge, _Owners, _Unit, _units

__all__ = ["Result", "Severity", "UnitOutcome", "ValidationError", "ValidationReport", "assemble",
           "check_dataset_graphs", "check_report_graph", "load_shapes", "speedups", "validate_graph"]


# ---------------------------------------------------------------------------------------------
#  Shapes and concept schemes
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _load_shapes(folder: str) -> Graph:
    # pyshacl reads the shapes graph for every shape and focus node; a store without named-graph
    # bookkeeping answers those look-ups faster (about a sixth of the validation time)
    g = Graph(store="SimpleMemory")
    files = sorted(Path(folder).glob("*.ttl"))
    if not files:
        raise InputError("holds no SHACL shapes (*.ttl)", file=folder)
    for f in files:
        g.parse(f, format="turtle")
    return g


def load_shapes(folder: str | Path | None = None) -> Graph:
    """The shapes graph: every ``*.ttl`` in ``shapes/`` (parsed once and cached; do not modify)."""
    return _load_shapes(str(folder or shapes_dir()))


def validate_graph(data, *, strict: bool = False, shapes: Graph | None = None, base_iri: str | None = None,
                   speed_ups: bool = True, engine: str | None = None) -> ValidationReport:
    """Validate ``data`` against the shapes and return an explained :class:`ValidationReport`.

    ``data`` is an rdflib Dataset (validated one named graph at a time) or Graph (validated
    whole), or a path to an RDF file or to a built output folder (``tce-graph.trig`` inside it).
    Raises :class:`~tce_graph.errors.InputError` when the input cannot be read. Results name the data's
    nodes ``id:...`` under ``base_iri`` (default: the ``void:uriSpace`` the data's dataset description
    states, else the default base IRI). ``speed_ups`` applies
    the version-gated patches of :mod:`tce_graph.validate.speedups` (they change speed, not results).
    ``engine``: the SHACL engine (:mod:`tce_graph.validate.engines`; default pyshacl, the reference).
    """
    engine = engines.check_engine(engine)
    if speed_ups:
        speedups.apply()

    started = time.perf_counter()
    source = None
    if isinstance(data, (str, Path)):
        path = resolve_input(data)
        source = str(path)
        data = load_data(path)
    elif not isinstance(data, Graph):
        raise InputError(f"cannot validate a {type(data).__name__}; expected an rdflib Graph or Dataset, "
                         "or a path")
    shapes_graph = shapes if shapes is not None else load_shapes()

    units, union = _units(data)
    if base_iri is None:  # the data says its base IRI in its dataset description (void:uriSpace)
        spaces = sorted(str(o) for o in union.objects(None, VOID.uriSpace))
        base_iri = spaces[0] if spaces else DEFAULT_BASE_IRI
    with displayed_with_base(base_iri):
        return _validate_units(engine, units, union, shapes_graph, strict=strict, source=source,
                               base_iri=base_iri, started=started)


def _validate_units(engine: str, units, union, shapes_graph: Graph, *, strict: bool, source: str | None,
                    base_iri: str, started: float) -> ValidationReport:
    targets = set(shapes_graph.objects(None, SH.targetClass))
    if not any(o in targets for o in union.objects(None, RDF.type)):
        raise InputError("holds no tce-graph data (no node has a class the shapes check, such as "
                         "tce:LearningReport); expected a built output folder or a graph of learning reports",
                         file=source)
    owners = _Owners(union)
    with speedups.prepared_sparql_constraints():
        outcomes = [_check_unit(engine, unit, shapes_graph, owners, source) for unit in units]
    return assemble(outcomes, owners.infos(), strict=strict, source=source, base_iri=base_iri,
                    elapsed=time.perf_counter() - started)


@dataclass
class UnitOutcome:
    """One unit's explained results and their SHACL result nodes (plain data: a worker returns it)."""

    results: list[Result]
    triples: list[tuple]  # the sh:result nodes' triples (blank nodes and all)
    roots: list = field(default_factory=list)  # the sh:result nodes themselves
    reports: list[ReportInfo] = field(default_factory=list)  # the reports the unit holds


def _check_unit(engine: str, unit: _Unit, shapes_graph: Graph, owners: _Owners, source: str | None) -> UnitOutcome:
    results_graph = _shacl(_engine_for(engine, unit), unit, shapes_graph, source)
    results: list[Result] = []
    triples: list[tuple] = []
    roots = []
    for res in results_graph.objects(None, SH.result):
        focus = results_graph.value(res, SH.focusNode)
        if unit.own is not None and (focus, None, None) not in unit.own:
            continue  # a node of the shared concept schemes: reported by their own unit
        results.append(_explain(res, results_graph, unit, owners, shapes_graph))
        triples.extend(_closure(results_graph, res))
        roots.append(res)
    return UnitOutcome(results, triples, roots)


def assemble(outcomes: list[UnitOutcome], reports: list[ReportInfo], *, strict: bool = False,
             source: str | None = None, base_iri: str = DEFAULT_BASE_IRI, elapsed: float = 0.0) -> ValidationReport:
    """One validation report from the units' outcomes (validated here or in worker processes)."""
    reports = sorted(reports, key=lambda r: (r.label or "", r.iri))
    order = {r.iri: i for i, r in enumerate(reports)}

    def sort_key(r: Result):
        where = (r.report is None, order.get(r.report, len(order)) if r.report else 0, r.report or "")
        return (where, r.severity.rank, r.focus, r.path or "", r.shape, r.value or "")

    all_results: list[Result] = [r for outcome in outcomes for r in outcome.results]
    all_results.sort(key=sort_key)
    failing = {Severity.VIOLATION, Severity.WARNING} if strict else {Severity.VIOLATION}
    conforms = not any(r.severity in failing for r in all_results)

    def report_graph() -> Graph:
        with displayed_with_base(base_iri):
            g = Graph()
            _bind(g)
        vr = BNode()
        g.add((vr, RDF.type, SH.ValidationReport))
        for outcome in outcomes:
            for t in outcome.triples:
                g.add(t)
        for outcome in outcomes:
            for res in outcome.roots:
                g.add((vr, SH.result, res))
        # sh:conforms as SHACL defines it (no result of any severity); the verdict tce-graph acts on,
        # which lets warnings and infos pass unless strict, is stated beside it
        g.add((vr, SH.conforms, Literal(not all_results)))
        g.add((vr, PASSES, Literal(conforms)))
        return g

    return ValidationReport(conforms=conforms, results=all_results, made_graph=report_graph, strict=strict,
                            reports=reports, source=source, elapsed=elapsed, base_iri=base_iri)


_WORKER_QUERIES: dict = {}  # the SPARQL constraints' prepared queries, kept for this process's later reports


def check_report_graph(graph_iri: str, triples, *, base_iri: str = DEFAULT_BASE_IRI,
                       shapes: Graph | None = None, speed_ups: bool = True, engine: str | None = None,
                       ntriples: str | None = None) -> UnitOutcome:
    """Validate one report's named graph (with the bundled concept schemes), as :func:`validate_graph`
    validates that graph inside a whole dataset: the build's workers call this, one report each.
    ``ntriples``: the same triples as N-Triples text, when the caller has it (the turbo engine reads it)."""
    engine = engines.check_engine(engine)
    if speed_ups:
        speedups.apply()
    triples = list(triples)
    vocabulary = _bundled_vocabulary()
    own: Graph | _Index
    if engine == "turbo":  # the engine reads N-Triples text; explanations look the triples up in place
        own = _Index(triples)
        text = ntriples if ntriples is not None else engines.ntriples(triples)
        labels = engines.blank_node_labels(triples) if "_:" in text else {}
        unit = _Unit(_GraphsUnion((own, vocabulary)), own, graph_iri,  # type: ignore[arg-type]
                     ntriples=_vocabulary_ntriples() + text, blank_nodes=labels)
    else:
        own = Graph(identifier=URIRef(graph_iri))
        own.addN((s, p, o, own) for s, p, o in triples)
        unit = _Unit(_merge(own, vocabulary), own, graph_iri)
    owners = _Owners(own)
    shapes_graph = _targeting(shapes if shapes is not None else load_shapes(), unit)
    with displayed_with_base(base_iri), speedups.prepared_sparql_constraints(_WORKER_QUERIES):
        outcome = _check_unit(engine, unit, shapes_graph, owners, None)
    outcome.reports = owners.infos()
    return outcome


def _targeting(shapes_graph: Graph, unit: _Unit) -> Graph:
    """The shapes with the class targets no node of the unit's own graph can have left out.

    A report unit keeps only results whose focus node is a subject of the report's own graph, so a
    shape targeting a class none of those subjects has (the concept schemes' classes, mostly) only
    checks the bundled concept schemes, whose results are dropped; leaving its target out gives the
    same results for a fraction of the work (a report unit validates in about half the time)."""
    assert unit.own is not None
    classes: set = set()
    data = unit.data
    if isinstance(unit.own, _Index) and isinstance(data, _GraphsUnion) and len(data.graphs) == 2 \
            and data.graphs[0] is unit.own:  # a report's triples and the bundled vocabulary, read as they are
        classes.update(unit.own.typed)  # the classes the report's own triples give its subjects
        stated = _types(data.graphs[1])
        for subject in unit.own.by_subject:
            classes.update(stated.get(subject, ()))
    else:
        for subject in set(unit.own.subjects()):
            classes.update(data.objects(subject, RDF.type))
    todo = list(classes)
    while todo:  # and their superclasses, as SHACL's class targets follow rdfs:subClassOf in the data
        for parent in unit.data.objects(todo.pop(), RDFS.subClassOf):
            if parent not in classes:
                classes.add(parent)
                todo.append(parent)
    unused = frozenset(c for c in shapes_graph.objects(None, SH.targetClass) if c not in classes)
    return _without_targets(shapes_graph, unused) if unused else shapes_graph


@functools.lru_cache(maxsize=4)
def _types(graph: Graph) -> dict:
    """Each subject of ``graph`` with the classes it states the subject has."""
    out: dict = {}
    for s, o in graph.subject_objects(RDF.type):
        out.setdefault(s, set()).add(o)
    return out


@functools.lru_cache(maxsize=16)
def _without_targets(shapes_graph: Graph, classes: frozenset) -> Graph:
    g = Graph(store="SimpleMemory")
    for prefix, ns in shapes_graph.namespaces():
        g.bind(prefix, ns)
    for t in shapes_graph:
        if not (t[1] == SH.targetClass and t[2] in classes):
            g.add(t)
    return g


def check_dataset_graphs(graphs: dict[str, list[tuple]], *, base_iri: str = DEFAULT_BASE_IRI,
                         shapes: Graph | None = None, engine: str | None = None) -> list[UnitOutcome]:
    """The units of a dataset other than its report graphs: the concept schemes (once) and the other
    graphs (the dataset description), as :func:`validate_graph` forms them."""
    engine = engines.check_engine(engine)
    speedups.apply()
    ds = Dataset()
    for iri, triples in graphs.items():
        g = ds.graph(URIRef(iri))
        g.addN((s, p, o, g) for s, p, o in triples)
    units, union = _units(ds)
    owners = _Owners(union)
    shapes_graph = shapes if shapes is not None else load_shapes()
    with displayed_with_base(base_iri), speedups.prepared_sparql_constraints():
        return [_check_unit(engine, unit, shapes_graph, owners, None) for unit in units]


def _engine_for(engine: str, unit: _Unit) -> str:
    """The engine that checks ``unit``: pyshacl (the reference) for the dataset description whatever the
    engine asked for, because pyshacl-turbo's time on it grows with the square of its size (a subset per
    report: 0.26 s at 1,000 reports, 5.8 s at 6,000, where pyshacl takes 0.38 s and 1.2 s)."""
    if engine != "pyshacl" and unit.own is not None and (None, RDF.type, DCAT.Dataset) in unit.own:
        return "pyshacl"
    return engine


@functools.lru_cache(maxsize=1)
def _vocabulary_ntriples() -> str:
    return engines.ntriples(_bundled_vocabulary())


def _shacl(engine: str, unit: _Unit, shapes_graph: Graph, source: str | None) -> Graph:
    """The engine's results graph for one unit (a failure inside the engine is a clear error)."""
    try:
        return engines.results_graph(engine, unit.data, shapes_graph, ntriples=unit.ntriples,
                                     blank_nodes=unit.blank_nodes)
    except Exception as exc:  # pyshacl fails on some ill-formed data (e.g. comparing blank nodes)
        where = f"graph {unit.graph_iri}" if unit.graph_iri else "the graph"
        raise ValidationError(f"the shapes could not be checked on {where}: {type(exc).__name__}: {exc}",
                              file=source) from None
