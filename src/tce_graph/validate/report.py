"""The validation report: severities, explained results, and its text, Turtle and JSON renderings."""
from __future__ import annotations

import enum
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..namespaces import DEFAULT_BASE_IRI, PREFIXES, SHAPES_NS, base_of

PASSES = URIRef(SHAPES_NS + "passes")


_VOCABULARY_PREFIXES = {**PREFIXES, "tcesh": SHAPES_NS, "sh": str(SH)}
_base: ContextVar[str] = ContextVar("display_base", default=DEFAULT_BASE_IRI)


def display_prefixes() -> dict[str, str]:
    """The prefixes results are shown with: the vocabulary's, and ``id:`` for the data's base IRI."""
    return {**_VOCABULARY_PREFIXES, "id": base_of(_base.get())}


@contextmanager
def displayed_with_base(base_iri: str) -> Iterator[None]:
    """Within the block, results name the data's nodes as ``id:...`` under ``base_iri``."""
    token = _base.set(base_iri)
    try:
        yield
    finally:
        _base.reset(token)


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
    def from_iri(cls, iri) -> Severity:
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
    # the SHACL validation report graph, or what makes it when first asked for (:attr:`graph`): at
    # 10,000 reports making it costs seconds that a build which does not write it need not spend
    made_graph: Graph | Callable[[], Graph]
    strict: bool = False
    reports: list[ReportInfo] = field(default_factory=list)
    source: str | None = None
    elapsed: float = 0.0
    base_iri: str = DEFAULT_BASE_IRI  # the data's base: its nodes are shown as id:...

    @property
    def graph(self) -> Graph:
        """The SHACL validation report (``sh:ValidationReport`` and its results), as an rdflib Graph."""
        if not isinstance(self.made_graph, Graph):
            self.made_graph = self.made_graph()
        return self.made_graph

    def __getstate__(self) -> dict:  # pickled (to another process) with its graph made
        return {**self.__dict__, "made_graph": self.graph}

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
        with displayed_with_base(self.base_iri):
            return self._text(min_severity)

    def _text(self, min_severity: Severity) -> str:
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
            lines.append(f"  {info.iri}")
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
                lines.append(key)
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
                node = f"{r.focus_label}  {compact_iri(r.focus)}" if r.focus_label else compact_iri(r.focus)
                where = r.path or ""
                if r.value is not None and r.value != compact_iri(r.focus):
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


def compact_iri(iri: str) -> str:
    """An IRI with the longest matching display prefix (``tce:partnership``), or whole."""
    prefixes = display_prefixes()
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")) and len(iri) > len(ns):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri
