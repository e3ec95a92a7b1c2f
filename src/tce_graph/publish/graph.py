"""The graph as the site reads it: every triple of the store's union read once (one SPARQL query), then
indexed in Python by subject, by page, by object (incoming links) and by evidence.

Reading per resource would be one query per page (tens of thousands at scale); reading once and
grouping here costs one pass. Terms stay N-Triples text (:mod:`.rdfdocs`).
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..namespaces import OA, TCE
from ..query.formats import format_tsv
from ..stores.base import Store
from .paths import SiteMap
from .rdfdocs import RDF_TYPE, Triple, normalise, parse_term

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def _iri(ns, name: str) -> str:
    return f"<{ns}{name}>"


RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
LABELS = (SKOS_PREF, RDFS_LABEL, "<http://purl.org/dc/terms/title>", "<http://xmlns.com/foaf/0.1/name>",
          "<http://purl.org/dc/terms/identifier>")
"""Properties a node's label is read from, the first one it has winning."""

ANNOTATION = _iri(OA, "Annotation")
ANNOTATION_PARTS = frozenset({_iri(OA, "SpecificResource"), _iri(OA, "TextPositionSelector"),
                              _iri(OA, "TextQuoteSelector")})
"""The classes of an annotation's target and selectors (shown with the annotation, never on their own)."""
HAS_BODY, HAS_TARGET, HAS_SOURCE = _iri(OA, "hasBody"), _iri(OA, "hasTarget"), _iri(OA, "hasSource")
HAS_SELECTOR, START, END, EXACT = _iri(OA, "hasSelector"), _iri(OA, "start"), _iri(OA, "end"), _iri(OA, "exact")
PROPERTY, IN_REPORT, START_LINE = _iri(TCE, "property"), _iri(TCE, "inReport"), _iri(TCE, "startLine")
SECTION, PROJECT, SOURCE_FILE = _iri(TCE, "section"), _iri(TCE, "project"), _iri(TCE, "sourceFile")
LEARNING_REPORT = _iri(TCE, "LearningReport")


def read_triples(store: Store) -> Iterator[Triple]:
    """Every triple of the store's default graph (the union of its graphs), terms as N-Triples text.
    The embedded store hands back SPARQL TSV text made by pyoxigraph; any other store's answer is
    written as TSV here."""
    fast = getattr(store, "select_tsv", None)
    text = fast(ALL_TRIPLES) if callable(fast) else format_tsv(store.select(ALL_TRIPLES))
    intern = sys.intern
    lines = text.split("\n")
    del text
    for line in lines[1:]:
        if not line:
            continue
        s, p, o = line.split("\t", 2)
        yield intern(s), intern(p), normalise(o) if o[:1] != "<" else intern(o)


@dataclass(frozen=True)
class Evidence:
    """One Web Annotation: which node's which property a span of a report's text supports."""

    iri: str  # N-Triples text of the annotation
    body: str
    prop: str  # the property of the body the span supports
    report: str | None
    source: str | None
    start: int | None
    end: int | None
    exact: str
    line: int | None
    section: str | None

    @property
    def anchor(self) -> str:
        """The id of its span in the source's text page: the annotation's fragment (``evidence-120-164-1a2b3c4d``),
        or for an annotation IRI without one, its last two segments (``evidence-12``)."""
        iri = parse_term(self.iri).value
        if "#" in iri:
            return iri.split("#", 1)[1]
        return "-".join(iri.rstrip("/").split("/")[-2:])


class SiteGraph:
    """The triples, indexed for the pages."""

    def __init__(self, triples: Iterable[Triple], sitemap: SiteMap):
        self.sitemap = sitemap
        self.out: dict[str, list[tuple[str, str]]] = {}
        self.incoming: dict[str, list[tuple[str, str]]] = {}
        for s, p, o in triples:
            self.out.setdefault(s, []).append((p, o))
            if o[:1] == "<" and p != RDF_TYPE:
                self.incoming.setdefault(o, []).append((s, p))
        self.types: dict[str, list[str]] = {s: sorted({o for p, o in po if p == RDF_TYPE})
                                            for s, po in self.out.items()}
        self._labels: dict[str, str] = {}
        self._pages: dict[str, str | None] = {}
        self.documents = self._documents()
        self.evidence = [self._evidence(s) for s, types in self.types.items() if ANNOTATION in types]
        self.evidence.sort(key=lambda e: (e.source or "", e.start or 0, e.iri))
        self.by_iri = {e.iri: e for e in self.evidence}
        self.by_body: dict[str, list[Evidence]] = {}
        self.by_source: dict[str, list[Evidence]] = {}
        for e in self.evidence:
            self.by_body.setdefault(e.body, []).append(e)
            if e.source:
                self.by_source.setdefault(e.source, []).append(e)

    # ------------------------------------------------------------ pages

    def _documents(self) -> dict[str, list[str]]:
        """Site path -> the subjects its page describes (the document's IRI first, then its hash IRIs)."""
        docs: dict[str, list[str]] = {}
        named = [*self.out, *(o for o in self.incoming if o not in self.out)]  # an IRI only linked to has a page too
        for s in named:
            if s[:1] != "<":
                continue
            path = self.sitemap.document(s[1:-1])
            if path is not None:
                docs.setdefault(path, []).append(s[:-2] + ">" if s.endswith("#>") else s)  # …/def# is …/def
        for subjects in docs.values():
            subjects[:] = sorted(set(subjects), key=lambda s: ("#" in s, s))
        return dict(sorted(docs.items()))

    def evidence_of(self, annotation: str) -> list[Evidence]:
        """The annotation itself as evidence (an annotation's own page quotes it)."""
        found = self.by_iri.get(annotation)
        return [found] if found else []

    def add(self, s: str, p: str, o: str) -> None:
        """A triple the site states besides the store's (a distribution's download URL)."""
        self.out.setdefault(s, []).append((p, o))

    def description(self, subjects: list[str]) -> list[Triple]:
        """The concise bounded description of a page's subjects: their triples and, recursively, those of
        the blank nodes they reach."""
        triples: list[Triple] = []
        todo, seen = list(subjects), set(subjects)
        while todo:
            s = todo.pop()
            for p, o in self.out.get(s, ()):
                triples.append((s, p, o))
                if o.startswith("_:") and o not in seen:
                    seen.add(o)
                    todo.append(o)
        return triples

    def page_of(self, term: str) -> str | None:
        """The site path of the page describing an IRI term, when the site has one."""
        if term in self._pages:
            return self._pages[term]
        path = self.sitemap.document(term[1:-1]) if term[:1] == "<" else None
        found = path if path in self.documents else None
        self._pages[term] = found
        return found

    # ------------------------------------------------------------ labels and reports

    def label(self, term: str) -> str:
        """A node's label (English preferred), else its IRI's last segment or fragment."""
        found = self._labels.get(term)
        if found is not None:
            return found
        best: tuple[int, int, str] | None = None
        for p, o in self.out.get(term, ()):
            if p in LABELS and o[:1] == '"':
                t = parse_term(o)
                rank = (LABELS.index(p), 0 if t.lang in (None, "en") else 1, t.value)
                best = rank if best is None or rank < best else best
        if best is not None:
            found = best[2]
        elif term in self.by_iri:  # an annotation: what it is evidence of
            e = self.by_iri[term]
            found = f"Evidence of {self.label(e.body)}: {self.label(e.prop)}"
        elif term[:1] == "<":
            iri = parse_term(term).value
            found = iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1] or iri
        else:
            found = term
        self._labels[term] = found
        return found

    def values(self, subject: str, prop: str) -> list[str]:
        return sorted(o for p, o in self.out.get(subject, ()) if p == prop)

    def first(self, subject: str, prop: str) -> str | None:
        found = self.values(subject, prop)
        return found[0] if found else None

    def report_of(self, subject: str) -> str | None:
        """The learning report a node belongs to (itself, its project's, an item's), or None for shared nodes."""
        if LEARNING_REPORT in self.types.get(subject, ()):
            return subject
        found = self.first(subject, IN_REPORT)
        if found:
            return found
        for s, p in self.incoming.get(subject, ()):
            if p in (PROJECT, SOURCE_FILE):
                return s
        return None

    def subjects_of_type(self, cls: str) -> list[str]:
        return sorted(s for s, types in self.types.items() if cls in types)

    # ------------------------------------------------------------ evidence

    def _evidence(self, ann: str) -> Evidence:
        target = self.first(ann, HAS_TARGET)
        source = self.first(target, HAS_SOURCE) if target else None
        start = end = None
        exact = ""
        for sel in self.values(target, HAS_SELECTOR) if target else ():
            s, e, x = self.first(sel, START), self.first(sel, END), self.first(sel, EXACT)
            if s is not None and e is not None:
                start, end = int(parse_term(s).value), int(parse_term(e).value)
            if x is not None:
                exact = parse_term(x).value
        line = self.first(ann, START_LINE)
        section = self.first(ann, SECTION)
        return Evidence(ann, self.first(ann, HAS_BODY) or "", self.first(ann, PROPERTY) or "",
                        self.first(ann, IN_REPORT), source, start, end, exact,
                        int(parse_term(line).value) if line else None,
                        parse_term(section).value if section else None)
