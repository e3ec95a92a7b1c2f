"""Explaining a SHACL result for a person: labels, compact names, paths and values."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SH, SKOS, XSD

from ..namespaces import OA, TCE
from .report import SHAPES_NS, Result, Severity, compact_iri, display_prefixes

if TYPE_CHECKING:
    from .units import _Owners, _Unit


FIX = URIRef(SHAPES_NS + "fix")


_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, DCTERMS.identifier)


def _label(g: Graph, node) -> str | None:
    for p in _LABELS:
        values = list(g.objects(node, p))
        if values:
            en = [v for v in values if isinstance(v, Literal) and v.language == "en"]
            return str(sorted(en or values)[0])  # type: ignore[type-var]  # rdflib terms order themselves
    body = g.value(node, OA.hasBody)
    if body is not None:
        prop = g.value(node, TCE.property)
        about = _label(g, body) or compact_iri(str(body))
        return f"evidence for {about}" + (f" ({compact_iri(str(prop))})" if prop is not None else "")
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
        shape=compact_iri(str(shape)) if isinstance(shape, URIRef) else "(anonymous shape)",
        constraint=compact_iri(str(rg.value(res, SH.sourceConstraintComponent))),
        graph=unit.graph_iri,
    )


def _values_of(g: Graph, focus, path, component) -> tuple[str, ...]:
    if component != SH.MaxCountConstraintComponent or not isinstance(path, URIRef):
        return ()
    return tuple(sorted(_value_text(v) for v in g.objects(focus, path)))


def _node_id(node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _path_text(g: Graph, path) -> str:
    if isinstance(path, URIRef):
        return compact_iri(str(path))
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
            return f"{text}^^{compact_iri(str(value.datatype))}"
        return text
    if isinstance(value, BNode):
        return f"_:{value}"
    return compact_iri(str(value))


def _bind(g: Graph) -> None:
    for prefix, ns in display_prefixes().items():
        g.bind(prefix, ns, override=True, replace=True)
