"""The parsed model of one report as plain JSON-ready data, for inspection and scripting."""
from __future__ import annotations

from typing import Any

from ..model import Item, Report, Span
from .concepts import METHODOLOGIES, THEMES


def _span(span: Span | None) -> dict[str, int] | None:
    """Where a value stands in the text the report was read as: character offsets and its line."""
    return None if span is None else {"start": span.start, "end": span.end, "line": span.line}


def _item(i: Item) -> dict[str, Any]:
    return {"heading": i.heading, "text": i.text, "line": i.span.line, "span": _span(i.span)}


def report_json(report: Report) -> dict[str, Any]:
    r = report
    return {
        "source": {"name": r.source.name, "sha256": r.source.sha256, "encoding": r.source.encoding},
        "slug": r.slug,
        "partnership": r.partnership,
        "agencies": [{"name": a.name, "type": a.type, **({"parent": a.parent} if a.parent else {})}
                     for a in r.agencies],
        "local_authority_count": r.local_authority_count,
        "local_authorities": r.local_authorities,
        "authorities": [{"stated": a.stated, "council": a.council, "named": a.named,
                         "area": {"gss": a.area, "name": a.area_name} if a.area else None} for a in r.authorities],
        "region": ({"stated": r.region.stated, "name": r.region.name, "gss": r.region.gss}
                   if r.region else None),
        "size": r.size,
        "methodologies": [METHODOLOGIES.get(m.slug, m.label) for m in r.methodologies],
        "delivery": r.delivery,
        "commenced": r.commenced,
        "ended": r.ended,
        "summary": r.summary,
        "reasons": r.reasons,
        "goal": r.goal,
        "approaches": [_item(i) for i in r.approaches],
        "key_issues": [_item(i) for i in r.key_issues],
        "themes": [THEMES[t] for t in sorted(r.themes, key=list(THEMES).index)],
        "reflections": [{"theme": THEMES.get(x.theme) if x.theme else None, "stated": x.stated, "text": x.text}
                        for x in r.reflections],
        "learning": [_item(i) for i in r.learning],
        "actions": [i.text for i in r.actions],
        "immediate_reflections": r.immediate_reflections,
        "signatures": [{"name": s.name, "role": s.role, "side": s.side,
                        "date": s.date.isoformat() if s.date else None} for s in r.signatures],
        "resources": [{"title": x.title, "url": x.url, "footnote": x.footnote,
                       "cited_in": sorted({c.section for c in x.citations})} for x in r.resources],
        "mentions": [{"name": m.name, "kind": m.kind} for m in r.mentions],
        "topics": [{"topic": t.topic, "label": t.label, "strength": t.strength,
                    "evidence": [{"section": e.section, "sentence": e.sentence, "line": e.span.line}
                                 for e in t.evidence + t.also]} for t in r.topics],
        "sections": [{"key": x.key, "title": x.title, "text": x.text, "line": x.span.line, "span": _span(x.span)}
                     for x in r.sections],
        "warnings": [{"line": w.line, "message": w.message, "fix": w.fix} for w in r.warnings],
        "spans": {key: _span(span) for key, span in sorted(r.spans.items())},  # each field's source span
    }
