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
in-memory dataset ``build`` holds; ``benchmarks/validate_bench.py`` measures it. Two things keep it there: the shapes graph is
held in rdflib's context-free ``SimpleMemory`` store, and pyshacl's per-shape scan of its
constraint-parameter list is made a set lookup (:func:`_speed_up_pyshacl`). The evidence shapes
check the text span through property paths rather than nested shapes for the same reason.
"""
from __future__ import annotations

import contextlib
import enum
import functools
import json
import logging
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SH, SKOS, XSD

from .errors import InputError, TceGraphError
from .namespaces import DEF, OA, PREFIXES, TCE
from .resources import ontology_dir, shapes_dir

SHAPES_NS = "https://w3id.org/tce-graph/shapes#"
FIX = URIRef(SHAPES_NS + "fix")
PASSES = URIRef(SHAPES_NS + "passes")
CONCEPTS_GRAPH = URIRef(DEF + "concepts")
TOPICS_GRAPH = URIRef(DEF + "topic")
ONTOLOGY_GRAPH = URIRef(DEF.rstrip("/"))
VOCABULARY_FILES = ("concepts.ttl", "topics.ttl")

# A built output folder holds these; the first one present is validated (TriG keeps the named graphs).
BUILT_FILES = ("tce-graph.trig", "tce-graph.nq", "tce-graph.jsonld", "tce-graph.ttl")
RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".n3": "n3",
               ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, DCTERMS.identifier)
_DISPLAY_PREFIXES = {**PREFIXES, "tcesh": SHAPES_NS, "sh": str(SH), "id": "https://w3id.org/tce-graph/id/"}


class ValidationError(TceGraphError):
    """The shapes could not be evaluated on the data (a runtime error, exit code 2)."""


class Severity(enum.Enum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        return SH[self.value]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def counted(self, n: int) -> str:
        """``1 violation``, ``2 warnings``, ``0 infos``."""
        return f"{n} {self.value.lower()}" + ("" if n == 1 else "s")

    @classmethod
    def from_iri(cls, iri) -> "Severity":
        for s in cls:
            if iri == s.iri:
                return s
        return cls.VIOLATION  # a custom severity is treated as the most serious


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, attributed to a report and explained for a person."""

    severity: Severity
    report: str | None          # IRI of the learning report the node belongs to (None: none)
    report_label: str | None    # e.g. "Walsall Project Learning Report"
    source_file: str | None     # the report's source file name, e.g. "walsall.txt"
    focus: str                  # the node that failed (IRI, or _:id for a blank node)
    focus_label: str | None     # its label, when it has one
    path: str | None            # the property, compact (e.g. "tce:region", "^tce:action")
    value: str | None           # the offending value, compact
    values: tuple[str, ...]     # for "too many values" results: the values the node has, compact
    message: str                # what is wrong
    fix: str | None             # how to fix it
    shape: str                  # the shape that fired, compact (e.g. "tcesh:SupportProject-region-missing")
    constraint: str             # the constraint component, compact (e.g. "sh:MinCountConstraintComponent")
    graph: str | None = None    # the named graph validated, when the input had named graphs

    @property
    def shape_name(self) -> str:
        """The shape's local name (``SupportProject-region-missing``)."""
        return self.shape.split(":", 1)[1] if self.shape.startswith("tcesh:") else self.shape

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        d["shape_name"] = self.shape_name
        return d


@dataclass
class ReportInfo:
    iri: str
    label: str | None
    source_file: str | None


@dataclass
class ValidationReport:
    """What :func:`validate_graph` found: conformance, the explained results and the SHACL graph."""

    conforms: bool
    results: list[Result]
    graph: Graph
    strict: bool = False
    reports: list[ReportInfo] = field(default_factory=list)
    source: str | None = None
    elapsed: float = 0.0

    # ------------------------------------------------------------ summaries

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity is severity)

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity is Severity.WARNING]

    def failure_counts(self) -> str:
        """What makes the graph fail: ``2 violations`` (and, when strict, ``1 warning``)."""
        parts = [Severity.VIOLATION.counted(self.count(Severity.VIOLATION))]
        if self.strict:
            parts.append(Severity.WARNING.counted(self.count(Severity.WARNING)))
        return ", ".join(parts)

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        counts = ", ".join(s.counted(self.count(s)) for s in Severity)
        what = f"{len(self.reports)} report(s)"
        strict = ", strict" if self.strict else ""
        return f"{verdict}: {what}, {counts}{strict}"

    # ------------------------------------------------------------ renderings

    def to_text(self, min_severity: Severity = Severity.INFO) -> str:
        """Human-readable results, grouped by report and then by severity."""
        shown = [r for r in self.results if r.severity.rank <= min_severity.rank]
        groups: dict[str | None, list[Result]] = defaultdict(list)
        for r in shown:
            groups[r.report].append(r)
        lines: list[str] = []
        where = f" {self.source}" if self.source else ""
        lines.append(f"Validated{where} against the tce-graph shapes in {self.elapsed:.2f} s: {self.summary()}.")
        quiet = 0
        for info in self.reports:
            results = groups.pop(info.iri, [])
            head = info.label or info.iri
            src = f" ({info.source_file})" if info.source_file else ""
            if not results:
                if min_severity is not Severity.INFO:  # a list of what is wrong: only the reports it names
                    quiet += 1
                    continue
                lines.append("")
                lines.append(f"{head}{src}: no problems")
                continue
            lines.append("")
            lines.append(f"{head}{src}")
            lines.append(f"  <{info.iri}>")
            lines.extend(_text_group(results))
        if quiet:
            lines.append("")
            lines.append(f"{quiet} other report(s): nothing at this severity")
        for key in sorted(groups, key=lambda k: (k is None, k or "")):
            results = groups[key]
            lines.append("")
            if key is None:
                lines.append("Not in any report (nodes no report links to, or the concept schemes)")
            else:
                lines.append(f"<{key}>")
            lines.extend(_text_group(results))
        lines.append("")
        if self.conforms:
            tail = "Result: conforms."
            if self.count(Severity.WARNING) and not self.strict:
                tail += f" {Severity.WARNING.counted(self.count(Severity.WARNING))} to review (--strict fails on them)."
        else:
            n_v = self.count(Severity.VIOLATION)
            n_w = self.count(Severity.WARNING) if self.strict else 0
            tail = f"Result: does not conform: {n_v} violation(s)" + (f", {n_w} warning(s) (strict)" if n_w else "")
            tail += "."
        lines.append(tail)
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        return {
            "conforms": self.conforms,
            "strict": self.strict,
            "source": self.source,
            "counts": self.counts,
            "elapsed_seconds": round(self.elapsed, 3),
            "reports": [
                {**asdict(info), "counts": {s.value: sum(1 for r in self.results
                                                       if r.report == info.iri and r.severity is s)
                                            for s in Severity}}
                for info in self.reports
            ],
            "results": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_turtle(self) -> str:
        return self.graph.serialize(format="turtle")


def _text_group(results: list[Result]) -> list[str]:
    """One report's results: by severity, then by shape (message and fix once, then each node)."""
    lines: list[str] = []
    for sev in Severity:
        batch = [r for r in results if r.severity is sev]
        if not batch:
            continue
        lines.append(f"  {sev.value} ({len(batch)})")
        by_shape: dict[str, list[Result]] = {}
        for r in batch:
            by_shape.setdefault(r.shape + "\0" + r.message, []).append(r)
        for same in by_shape.values():
            first = same[0]
            lines.append(f"    * {first.message}")
            if first.fix:
                lines.append(f"      fix: {first.fix}")
            lines.append(f"      shape: {first.shape}")
            # one line per node and value; a value failing several checks of the shape names them all
            entries: dict[tuple[str, str], list[str]] = {}
            for r in same:
                node = f"{r.focus_label}  <{_compact(r.focus)}>" if r.focus_label else f"<{_compact(r.focus)}>"
                where = r.path or ""
                if r.value is not None and r.value != _compact(r.focus):
                    where += (" = " if where else "value ") + r.value
                elif r.values:
                    where += " = " + ", ".join(r.values)
                checks = entries.setdefault((node, where), [])
                if _check_name(r.constraint) not in checks:
                    checks.append(_check_name(r.constraint))
            multi = len({c for checks in entries.values() for c in checks}) > 1
            for (node, where), checks in entries.items():
                fails = f"   (fails: {', '.join(checks)})" if multi else ""
                lines.append(f"      - {node}" + (f"   {where}" if where else "") + fails)
    return lines


def _check_name(constraint: str) -> str:
    """``sh:MinInclusiveConstraintComponent`` -> ``sh:minInclusive`` (the shape's parameter)."""
    name = constraint.split(":", 1)[-1]
    if name.endswith("ConstraintComponent"):
        name = name[: -len("ConstraintComponent")]
        return "sh:" + name[:1].lower() + name[1:]
    return constraint


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


@functools.lru_cache(maxsize=1)
def _bundled_vocabulary() -> Graph:
    g = Graph()
    for name in VOCABULARY_FILES:
        path = ontology_dir() / name
        if path.exists():
            g.parse(path, format="turtle")
    return g


class _ParameterList(list):
    """A list with constant-time membership, for pyshacl's table of constraint parameters."""

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._members


@contextlib.contextmanager
def _prepared_sparql_constraints():
    """While validating, parse each SPARQL constraint's query text once, not once per graph.

    pyshacl hands rdflib the text of a SPARQL-based constraint for every graph it validates, and
    rdflib parses and translates it anew each time (pyparsing: a third of a second for the five
    reports). Inside this block, rdflib's SPARQL processor keeps the translated query of each text
    (a prepared query, which rdflib evaluates without changing it); outside, rdflib is untouched.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            # the namespaces rdflib passes are the data graph's bindings: part of the key
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


@functools.lru_cache(maxsize=1)
def _speed_up_pyshacl() -> None:
    """Make pyshacl's per-shape lookup of constraint parameters a set lookup instead of a list scan.

    pyshacl validates every property shape once per focus node and, each time, tests every
    predicate of the shape against a *list* of ~30 constraint parameters with rdflib's slow
    ``URIRef.__eq__``; on the built graph that scan is about a third of the validation time.
    The list keeps its order and contents, so behaviour is unchanged; if a pyshacl release
    changes these internals the speed-up is simply not applied.
    """
    try:
        import pyshacl.constraints as constraints
        import pyshacl.shape as shape_module
    except ImportError:  # pragma: no cover - pyshacl is a dependency
        return
    params = getattr(constraints, "ALL_CONSTRAINT_PARAMETERS", None)
    param_map = getattr(constraints, "CONSTRAINT_PARAMETERS_MAP", None)
    if type(params) is not list or not isinstance(param_map, dict):
        return
    fast = _ParameterList(params)
    constraints.ALL_CONSTRAINT_PARAMETERS = fast
    shape_module.CONSTRAINT_PARAMS = (fast, param_map)  # the cache pyshacl's Shape.validate reads first


# ---------------------------------------------------------------------------------------------
#  Reading the input
# ---------------------------------------------------------------------------------------------

def resolve_input(path: str | Path) -> Path:
    """A file to validate: the path itself, or the built graph inside an output folder."""
    p = Path(path)
    if p.is_dir():
        for name in BUILT_FILES:
            if (p / name).is_file():
                return p / name
        raise InputError(f"holds no built graph ({', '.join(BUILT_FILES)}); run 'tce-graph build --out {p}' "
                         "first, or name an RDF file", file=str(p))
    if not p.exists():
        raise InputError("no such file or folder; expected a built output folder or an RDF file", file=str(p))
    return p


def load_data(path: str | Path) -> Dataset:
    """Parse an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) into a Dataset."""
    p = resolve_input(path)
    fmt = RDF_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"has an unknown RDF file extension '{p.suffix}'; expected one of "
                         f"{', '.join(sorted(RDF_FORMATS))}", file=str(p))
    ds = Dataset()
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # ill-typed literals are the shapes' business, not a parse error
    try:
        if fmt in QUAD_FORMATS or not hasattr(ds, "default_graph"):
            ds.parse(p, format=fmt)
        else:  # triples-only formats go to the default graph
            ds.default_graph.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parser errors
        lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        why = " ".join(lines[:3]) if lines else type(exc).__name__
        raise InputError(f"cannot be read as {fmt}: {why[:300]}", file=str(p)) from None
    finally:
        term_log.setLevel(level)
    if _triple_count(ds) == 0:
        raise InputError("holds no RDF triples", file=str(p))
    return ds


def _triple_count(data) -> int:
    if isinstance(data, Dataset):
        return sum(1 for _ in data.quads((None, None, None, None)))
    return len(data)


# ---------------------------------------------------------------------------------------------
#  Validation
# ---------------------------------------------------------------------------------------------

@dataclass
class _Unit:
    data: Graph                 # what pyshacl validates (the graph + the concept schemes)
    own: Graph | None           # the graph's own triples (results on other nodes are dropped); None: keep all
    graph_iri: str | None
    report: URIRef | None = None  # the one learning report the graph holds, if it holds exactly one

    def __post_init__(self):
        if self.own is not None:
            reports = list(self.own.subjects(RDF.type, TCE.LearningReport))
            if len(reports) == 1:
                self.report = reports[0]


def validate_graph(data, *, strict: bool = False, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against the shapes and return an explained :class:`ValidationReport`.

    ``data`` is an rdflib Dataset (validated one named graph at a time) or Graph (validated
    whole), or a path to an RDF file or to a built output folder (``tce-graph.trig`` inside it).
    Raises :class:`~tce_graph.errors.InputError` when the input cannot be read.
    """
    import pyshacl  # imported here: it is slow to import and only validation needs it

    _speed_up_pyshacl()

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
    targets = set(shapes_graph.objects(None, SH.targetClass))
    if not any(o in targets for o in union.objects(None, RDF.type)):
        raise InputError("holds no tce-graph data (no node has a class the shapes check, such as "
                         "tce:LearningReport); expected a built output folder or a graph of learning reports",
                         file=source)
    owners = _Owners(union)
    all_results: list[Result] = []
    report_graph = Graph()
    _bind(report_graph)
    vr = BNode()
    report_graph.add((vr, RDF.type, SH.ValidationReport))
    with _prepared_sparql_constraints():
        per_unit = [(unit, _shacl(pyshacl, unit, shapes_graph, source)) for unit in units]
    for unit, results_graph in per_unit:
        for res in results_graph.objects(None, SH.result):
            focus = results_graph.value(res, SH.focusNode)
            if unit.own is not None and (focus, None, None) not in unit.own:
                continue  # a node of the shared concept schemes: reported by their own unit
            all_results.append(_explain(res, results_graph, unit, owners, shapes_graph))
            report_graph.add((vr, SH.result, res))
            for t in _closure(results_graph, res):
                report_graph.add(t)

    all_results.sort(key=lambda r: (owners.sort_key(r.report), r.severity.rank, r.focus, r.path or "",
                                    r.shape, r.value or ""))
    failing = {Severity.VIOLATION, Severity.WARNING} if strict else {Severity.VIOLATION}
    conforms = not any(r.severity in failing for r in all_results)
    # sh:conforms as SHACL defines it (no result of any severity); the verdict tce-graph acts on,
    # which lets warnings and infos pass unless strict, is stated beside it
    report_graph.add((vr, SH.conforms, Literal(not all_results)))
    report_graph.add((vr, PASSES, Literal(conforms)))
    return ValidationReport(conforms=conforms, results=all_results, graph=report_graph, strict=strict,
                            reports=owners.infos(), source=source, elapsed=time.perf_counter() - started)


def _shacl(pyshacl, unit: _Unit, shapes_graph: Graph, source: str | None) -> Graph:
    """pyshacl's results graph for one unit (a failure inside pyshacl is a clear error)."""
    try:
        _, results_graph, _ = pyshacl.validate(unit.data, shacl_graph=shapes_graph, inplace=True,
                                              allow_warnings=True, allow_infos=True)
    except Exception as exc:  # pyshacl fails on some ill-formed data (e.g. comparing blank nodes)
        where = f"graph <{unit.graph_iri}>" if unit.graph_iri else "the graph"
        raise ValidationError(f"the shapes could not be checked on {where}: {type(exc).__name__}: {exc}",
                              file=source) from None
    return results_graph


def _units(data: Graph) -> tuple[list[_Unit], Graph | "_DatasetUnion"]:
    """Split the input into units of validation; also return a view of all its triples."""
    multi = isinstance(data, Dataset) or hasattr(data, "contexts")  # a Dataset or ConjunctiveGraph
    if multi:
        graphs = [g for g in (data.graphs() if isinstance(data, Dataset) else data.contexts()) if len(g)]
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
        union, owner = self.g, {}
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


def _label(g: Graph, node) -> str | None:
    for p in _LABELS:
        values = list(g.objects(node, p))
        if values:
            en = [v for v in values if isinstance(v, Literal) and v.language == "en"]
            return str(sorted(en or values)[0])
    body = g.value(node, OA.hasBody)
    if body is not None:
        prop = g.value(node, TCE.property)
        about = _label(g, body) or _compact(str(body))
        return f"evidence for {about}" + (f" ({_compact(str(prop))})" if prop is not None else "")
    return None


def _explain(res, rg: Graph, unit: _Unit, owners: _Owners, shapes: Graph) -> Result:
    focus = rg.value(res, SH.focusNode)
    shape = rg.value(res, SH.sourceShape)
    message = rg.value(res, SH.resultMessage)
    fix = shapes.value(shape, FIX) if shape is not None else None
    if fix is None and shape is not None:  # a nested shape: use the fix of the shape that holds it
        for parent in shapes.subjects(None, shape):
            fix = shapes.value(parent, FIX)
            if fix is not None:
                break
    report = unit.report if unit.report is not None else owners.owner(focus)
    info = owners.info(report) if report is not None else None
    value = rg.value(res, SH.value)
    path = rg.value(res, SH.resultPath)
    return Result(
        severity=Severity.from_iri(rg.value(res, SH.resultSeverity)),
        report=_node_id(report) if report is not None else None,
        report_label=info.label if info else None,
        source_file=info.source_file if info else None,
        focus=_node_id(focus),
        focus_label=_label(unit.data, focus),
        path=_path_text(rg, path) if path is not None else None,
        value=_value_text(value) if value is not None else None,
        values=_values_of(unit.data, focus, path, rg.value(res, SH.sourceConstraintComponent)),
        message=str(message) if message is not None else "does not conform to the shape",
        fix=str(fix) if fix is not None else None,
        shape=_compact(str(shape)) if isinstance(shape, URIRef) else "(anonymous shape)",
        constraint=_compact(str(rg.value(res, SH.sourceConstraintComponent))),
        graph=unit.graph_iri,
    )


def _values_of(g: Graph, focus, path, component) -> tuple[str, ...]:
    if component != SH.MaxCountConstraintComponent or not isinstance(path, URIRef):
        return ()
    return tuple(sorted(_value_text(v) for v in g.objects(focus, path)))


def _node_id(node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _compact(iri: str) -> str:
    best = ""
    for prefix, ns in _DISPLAY_PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(_DISPLAY_PREFIXES.get(best, "")) and len(iri) > len(ns):
            best = prefix
    return f"{best}:{iri[len(_DISPLAY_PREFIXES[best]):]}" if best else iri


def _path_text(g: Graph, path) -> str:
    if isinstance(path, URIRef):
        return _compact(str(path))
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(g, inverse)
    alternative = g.value(path, SH.alternativePath)
    if alternative is not None:
        return "(" + "|".join(_path_text(g, p) for p in Collection(g, alternative)) + ")"
    if (path, RDF.first, None) in g:
        return "/".join(_path_text(g, p) for p in Collection(g, path))
    for op, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = g.value(path, op)
        if inner is not None:
            return _path_text(g, inner) + mark
    return str(path)


def _value_text(value) -> str:
    if isinstance(value, Literal):
        text = str(value)
        if value.datatype in (XSD.boolean, XSD.integer) and not value.ill_typed:
            return text
        if len(text) > 80:
            text = text[:77] + "..."
        text = json.dumps(text, ensure_ascii=False)
        if value.language:
            return f"{text}@{value.language}"
        if value.datatype is not None:
            return f"{text}^^{_compact(str(value.datatype))}"
        return text
    if isinstance(value, BNode):
        return f"_:{value}"
    return _compact(str(value))


def _bind(g: Graph) -> None:
    for prefix, ns in _DISPLAY_PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
