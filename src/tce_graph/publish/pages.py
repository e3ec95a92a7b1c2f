"""The pages: what each shows, as plain data for the Jinja templates (``templates/``, autoescaped).

Every value a page shows comes from the graph and is escaped: by the templates' autoescaping, or (for a
value's small HTML made here, once per value and depth) by markupsafe's ``escape``, the same function.
A link is made only to a page of the site or to an ``http``, ``https`` or ``mailto`` IRI.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..namespaces import PREFIXES
from ..query.formats import compact
from .graph import (
    ANNOTATION,
    ANNOTATION_PARTS,
    HAS_BODY,
    LABELS,
    LEARNING_REPORT,
    PROJECT,
    Evidence,
    SiteGraph,
)
from .paths import SiteMap
from .rdfdocs import RDF_TYPE, parse_term
from .text import Span, text_html

SAFE_SCHEMES = ("http://", "https://", "mailto:")
"""The only schemes a value from the data may be a link with."""


def P(prefix: str, name: str) -> str:
    return f"<{PREFIXES[prefix]}{name}>"


SOURCE_FILE_CLASS = P("tce", "SourceFile")
DATASET = P("void", "Dataset")
DISTRIBUTION = P("dcat", "distribution")
IDENTIFIER = P("dcterms", "identifier")
OWL_CLASS = P("owl", "Class")
PROPERTY_TYPES = (P("owl", "ObjectProperty"), P("owl", "DatatypeProperty"), P("owl", "AnnotationProperty"),
                  P("rdf", "Property"))

NAV_CLASSES = (("Reports", P("tce", "LearningReport")), ("Partnerships", P("tce", "Partnership")),
               ("Agencies", P("tce", "Agency")), ("Topics", P("tce", "Topic")))
SEARCHED = (P("tce", "LearningReport"), P("tce", "Partnership"), P("org", "Organization"), P("foaf", "Person"),
            P("tce", "Topic"), P("tce", "Theme"), P("tce", "Region"), P("tce", "Methodology"),
            P("tce", "CitedResource"), P("tce", "AgencyType"), P("tce", "SupportProject"))

INVERSE = {  # an incoming link's property, read from the linked node's side
    P("org", "hasMember"): "partner in",
    P("cito", "cites"): "cited by",
    P("dcterms", "subject"): "tagged in",
    P("tce", "topic"): "tag of",
    P("tce", "coreAgency"): "core agency of",
    P("tce", "localAuthority"): "local authority of",
    P("tce", "partnership"): "partnership of",
    P("tce", "region"): "region of",
    P("tce", "inRegion"): "places in this region",
    P("tce", "project"): "described by",
    P("tce", "inReport"): "parts of this report",
    P("tce", "signatory"): "signed",
    P("tce", "mentions"): "mentioned in",
    P("tce", "theme"): "reflections on this theme",
    P("skos", "inScheme"): "concepts in this scheme",
    P("skos", "broader"): "narrower",
    P("skos", "narrower"): "broader",
    P("skos", "topConceptOf"): "top concepts",
    P("skos", "hasTopConcept"): "top concept of",
    P("skos", "related"): "related to",
    P("org", "subOrganizationOf"): "has part",
    P("prov", "used"): "used by",
    P("tce", "agencyType"): "agencies of this type",
    P("tce", "methodology"): "projects using it",
    P("tce", "deliveryMode"): "projects delivered so",
    P("tce", "sourceFile"): "source of",
    P("prov", "wasDerivedFrom"): "derived from it",
    P("rdfs", "domain"): "properties of this class",
    P("rdfs", "range"): "properties with values of this class",
    P("rdfs", "subClassOf"): "subclasses",
    P("rdfs", "subPropertyOf"): "subproperties",
}
HIDDEN_INCOMING = {HAS_BODY, P("tce", "evidence"), P("tce", "firstEvidence"), P("rdfs", "isDefinedBy"),
                   P("oa", "hasSource")}
EMBED = {LEARNING_REPORT: (PROJECT,), DATASET: (DISTRIBUTION,)}
"""A page of a node of this class also shows the nodes it links to by these properties."""

_FIRST = [P("skos", "prefLabel"), P("rdfs", "label"), P("dcterms", "title"), P("tce", "partnership"),
          P("tce", "coreAgency"), P("org", "hasMember"), P("tce", "region"), P("tce", "statedRegion"),
          P("tce", "localAuthority"), P("tce", "commenced"), P("tce", "ended"), P("tce", "statedDates"),
          P("tce", "deliveryMode"), P("tce", "methodology"), P("tce", "projectSize"), P("tce", "topic"),
          P("tce", "strength"), P("skos", "definition"), P("rdfs", "comment"), P("dcterms", "abstract"),
          P("tce", "reasons"), P("tce", "goal"), P("tce", "text")]
_ORDER = {p: i for i, p in enumerate(_FIRST)}
_ORDINAL = P("tce", "ordinal")
_NAMESPACES = tuple(PREFIXES.values())
QUOTE_CUT = 280  # characters of a quote shown beside a value (the annotation's page and the text hold it whole)
LIST_CAP = 100  # links per group of incoming links
EVIDENCE_CAP = 50  # quotes in a page's evidence section
INDEX_PAGE = 1000  # entries per page of a class index
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("tce_graph.publish", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True,
                      auto_reload=False)  # templates are package data: no stat() per page
    return env


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def class_slug(cls: str) -> str:
    iri = parse_term(cls).value
    name = compact(iri)
    if name.startswith("<"):
        return "class-" + hashlib.sha1(iri.encode()).hexdigest()[:12]
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def class_file(cls: str, page: int = 1) -> str:
    return f"classes/{class_slug(cls)}{'' if page == 1 else f'-{page}'}.html"


def month(value: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    return f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m and 1 <= int(m.group(2)) <= 12 else value


@dataclass
class Site:
    """What every page needs: the graph, the IRI -> path map, and which report texts are available."""

    graph: SiteGraph
    sitemap: SiteMap
    texts: dict[str, str] = field(default_factory=dict)  # source file term -> its text
    dataset_path: str | None = None
    ontology_path: str | None = None
    downloads: dict[str, dict[str, str]] = field(default_factory=dict)  # distribution term -> download
    _nav: dict[Any, Any] | None = field(default=None, repr=False)
    _values: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ shared pieces

    def root(self, from_file: str) -> str:
        depth = from_file.count("/")
        return "../" * depth

    def nav(self, from_file: str) -> Markup:
        """The site's menu, the same on every page at one depth (but for the current page's entry):
        rendered once per depth."""
        if self._nav is None:
            items = [(text, class_file(cls)) for text, cls in NAV_CLASSES]
            items.append(("Queries", "queries/index.html"))
            if self.dataset_path:
                items.append(("Dataset", self.sitemap.file(self.dataset_path)))
            if self.ontology_path:
                items.append(("Ontology", self.sitemap.file(self.ontology_path)))
            self._nav = {"items": [(t, h, quote_path(h)) for t, h in items]}
        current = next((h for _t, h, _q in self._nav["items"] if h == from_file), "")
        key = (from_file.count("/"), current)
        html = self._nav.get(key)
        if html is None:
            html = Markup(environment().get_template("nav.html").render(
                root=self.root(from_file), items=[{"text": t, "href": q, "current": h == current}
                                                  for t, h, q in self._nav["items"]]))
            self._nav[key] = html
        return html

    def link(self, term: str, from_file: str) -> str | None:
        """A relative link to the page of an IRI term (with its fragment), or None."""
        path = self.graph.page_of(term)
        if path is None:
            return None
        iri = parse_term(term).value
        fragment = iri.split("#", 1)[1] if "#" in iri else None
        target = self.sitemap.file(path)
        if target == from_file:
            return "#" + quote_path(fragment) if fragment else "#main"
        return self.sitemap.href(target, from_file, fragment)

    def value(self, term: str, from_file: str) -> dict[str, Any]:
        """A term as a page shows it (``html``): a linked label, an external link, or escaped text."""
        if term[:1] == "<":  # an IRI's value depends only on the page's depth, unless it links to the page itself
            page = self.graph.page_of(term)
            if page is None or self.sitemap.file(page) != from_file:
                key = (term, from_file.count("/"))
                found = self._values.get(key)
                if found is None:
                    found = self._value(term, from_file)
                    if len(self._values) < 300_000:
                        self._values[key] = found
                return dict(found)
        return self._value(term, from_file)

    def _value(self, term: str, from_file: str) -> dict[str, Any]:
        t = parse_term(term)
        if t.kind == "iri":
            href = self.link(term, from_file)
            if href is not None:
                return _value(self.graph.label(term), href)
            vocabulary = any(t.value.startswith(ns) for ns in _NAMESPACES)  # owl:Ontology, oa:identifying ...
            label = self.graph.label(term) if term in self.graph.out or vocabulary else t.value
            if t.value.lower().startswith(SAFE_SCHEMES):
                return _value(label, t.value, external=True)
            return _value(label)
        if t.kind == "bnode":
            return _value(self.bnode_text(term))
        note = f"({month(t.value)})" if t.datatype and t.datatype.endswith("#gYearMonth") else None
        return _value(t.value, lang=t.lang, long=len(t.value) > 160 or "\n" in t.value, note=note)

    def bnode_text(self, term: str, depth: int = 0) -> str:
        """A blank node (an OWL list or restriction) written out on one line."""
        items = self.list_items(term)
        if items is not None:
            return "(" + ", ".join(self.short(i, depth) for i in items) + ")"
        parts = [f"{self.graph.label(p)} {self.short(o, depth)}" for p, o in sorted(self.graph.out.get(term, ()))]
        return "[" + "; ".join(parts) + "]"

    def short(self, term: str, depth: int) -> str:
        if term.startswith("_:"):
            return self.bnode_text(term, depth + 1) if depth < 3 else "[…]"
        return self.graph.label(term) if term[:1] == "<" else parse_term(term).value

    def list_items(self, term: str) -> list[str] | None:
        first, rest, nil = P("rdf", "first"), P("rdf", "rest"), P("rdf", "nil")
        items: list[str] = []
        node = term
        while node != nil:
            head = self.graph.first(node, first)
            if head is None or len(items) > 1000:
                return None
            items.append(head)
            node = self.graph.first(node, rest) or nil
        return items

    def quote(self, e: Evidence, from_file: str, *, exact: bool = True, about: bool = True,
              cut: int | None = None) -> dict[str, Any]:
        g = self.graph
        name = parse_term(g.first(e.source, IDENTIFIER) or '""').value if e.source else "the report"
        where = f"{name}, line {e.line}" if e.line else name
        if e.section:
            where += f" ({e.section})"
        href = None
        if e.source in self.texts and e.start is not None:
            page = g.page_of(e.source)
            if page is not None:
                href = self.sitemap.href(self.sitemap.file(page), from_file, e.anchor)
        what = g.label(e.prop) if e.prop else ""
        if about and e.report:
            what = f"{what}, in {g.label(e.report)}" if what else g.label(e.report)
        own = self.link(e.iri, from_file)
        shown = e.exact if exact else ""
        if cut and len(shown) > cut:
            shown = shown[:cut].rsplit(" ", 1)[0] + " …"
        return {"exact": shown, "href": href, "where": where, "about": what if about else "",
                "annotation": own if own and not own.startswith("#") and own != href else None}

    # ------------------------------------------------------------ resource pages

    def rows(self, subject: str, from_file: str, shown: set[str], *, title: str | None = None) -> list[dict[str, Any]]:
        """A node's properties, the important ones first, each value with the quotes that support it
        (``shown`` collects the annotations quoted, so each is quoted once per page)."""
        g = self.graph
        by_prop: dict[str, list[str]] = {}
        for p, o in g.out.get(subject, ()):
            if p != RDF_TYPE:
                by_prop.setdefault(p, []).append(o)
        report = g.report_of(subject)
        names = self.distinct_labels(by_prop)
        own: dict[str, list[Evidence]] = {}
        for e in g.by_body.get(subject, ()):
            own.setdefault(e.prop, []).append(e)
        rows = []
        for p in sorted(by_prop, key=lambda p: (_ORDER.get(p, len(_ORDER)), g.label(p).lower(), p)):
            objects = set(by_prop[p])
            if title is not None and p in LABELS[:2] and {parse_term(o).value for o in objects} == {title}:
                continue  # the page's heading says it
            values = []
            for o in sorted(objects, key=lambda o: self._order(o)):
                v = self.value(o, from_file)
                found = list(own.get(p, ()))
                found += [e for e in g.by_body.get(o, ()) if e.prop == p and (report is None or e.report == report)]
                quotes = []
                for e in found:
                    if e.iri in shown:
                        continue
                    shown.add(e.iri)
                    same = re.sub(r"\s+", " ", e.exact).strip() == re.sub(r"\s+", " ", v["text"]).strip()
                    quotes.append(self.quote(e, from_file, exact=not same, about=False, cut=QUOTE_CUT))
                v["quotes"] = [q for q in quotes if q["exact"]]
                v["sources"] = [q for q in quotes if not q["exact"]]
                values.append(v)
            label = names[p]
            rows.append({"label": label[:1].upper() + label[1:], "href": self.link(p, from_file), "values": values})
        return rows

    def type_values(self, subject: str, from_file: str) -> list[dict[str, Any]]:
        """A node's classes as its page shows them (linked labels, told apart where two share one)."""
        types = self.graph.types.get(subject, ())
        names = self.distinct_labels(types)
        return [self.value(t, from_file) if names[t] == self.graph.label(t)
                else _value(names[t], self.link(t, from_file)) for t in types]

    def distinct_labels(self, terms: Iterable[str]) -> dict[str, str]:
        """Each term's label, with its vocabulary's prefix where two of the terms share a label
        (dcterms:description and schema:description: "description (dcterms)", "description (schema)")."""
        labels = {t: self.graph.label(t) for t in terms}
        counts = Counter(labels.values())
        shared = {label for label, n in counts.items() if n > 1}
        return {t: f"{label} ({compact(parse_term(t).value).split(':', 1)[0]})" if label in shared else label
                for t, label in labels.items()}

    def _order(self, term: str) -> tuple:
        """Values in their report's order (``tce:ordinal``) where they have one, else by label."""
        if term[:1] in "<_":
            ordinal = self.graph.first(term, _ORDINAL)
            return (int(parse_term(ordinal).value) if ordinal else 1 << 30, self.graph.label(term).lower(), term)
        return (0, parse_term(term).value, term)

    def _in_text(self, s: str) -> bool:
        """Whether ``s`` is an annotation, or its target or a selector, that its document's text shows
        (a source file's page marks every evidence span with the annotation's fragment as its id)."""
        types = self.graph.types.get(s, ())
        return ANNOTATION in types or not ANNOTATION_PARTS.isdisjoint(types)

    def resource_page(self, path: str) -> bytes:
        g, sm = self.graph, self.sitemap
        subjects = g.documents[path]
        here = sm.file(path)
        main = subjects[0]
        main_iri = parse_term(main).value
        title = g.label(main)
        shown: set[str] = set()
        blocks = []
        own_page = ANNOTATION in g.types.get(main, ())  # an annotation with a page of its own lists its parts
        hashes = [s for s in subjects if "#" in parse_term(s).value and (own_page or not self._in_text(s))]
        if "#" not in main_iri:
            blocks.append({"heading": "About", "rows": self.rows(main, here, shown, title=title), "anchor": None})
            for cls, props in EMBED.items():
                if cls in g.types.get(main, ()):
                    for prop in props:
                        for other in g.values(main, prop):
                            if other[:1] == "<":
                                blocks.insert(len(blocks) - 1 if cls == LEARNING_REPORT else len(blocks), {
                                               "heading": g.label(other), "sub": g.label(prop),
                                               "rows": self.rows(other, here, shown, title=g.label(other)),
                                               "anchor": None,
                                               "href": self.link(other, here)})
        else:
            hashes = subjects
        annotation = ANNOTATION in g.types.get(main, ())
        parts = []
        for s in hashes:
            iri = parse_term(s).value
            kinds = ", ".join(g.label(t) for t in g.types.get(s, ()))
            if annotation:  # an annotation's target and selectors: one line each
                values = "; ".join(f"{_esc(g.label(p))} {self.value(o, here)['html']}"
                                   for p, o in sorted(g.out.get(s, ())) if p != RDF_TYPE)
                parts.append({"anchor": iri.split("#", 1)[1], "heading": g.label(s), "sub": kinds,
                              "html": Markup(values)})
                continue
            linked = [{"label": group["label"], "href": None, "values": group["values"]}
                      for group in self.incoming(s, subjects[:0], here)]  # e.g. the properties of a class
            blocks.append({"heading": g.label(s), "sub": f"{compact(iri)}" + (f" · {kinds}" if kinds else ""),
                           "rows": self.rows(s, here, shown) + linked, "anchor": iri.split("#", 1)[1]})
        toc = self.toc(hashes) if len(hashes) > 5 else None
        evidence_all = [e for e in g.by_body.get(main, ()) if e.iri not in shown]
        if ANNOTATION in g.types.get(main, ()):
            evidence_all = g.evidence_of(main)
        evidence = [self.quote(e, here) for e in evidence_all[:EVIDENCE_CAP]]
        text, text_missing = None, None
        if SOURCE_FILE_CLASS in g.types.get(main, ()):
            if main in self.texts:
                spans = [Span(e.start, e.end, e.anchor, f"{g.label(e.prop)}: {g.label(e.body)}")
                         for e in g.by_source.get(main, ()) if e.start is not None and e.end is not None]
                text = text_html(self.texts[main], spans)
            else:
                text_missing = ("The text this report was read as is not in the site: build with "
                                "`tce-graph build --keep-text` and publish with --text OUT/text.")
        base = posixpath.basename(path)
        alternates = [{"type": "text/turtle", "href": quote_path(base + ".ttl"), "name": "Turtle"},
                      {"type": "application/ld+json", "href": quote_path(base + ".jsonld"), "name": "JSON-LD"},
                      {"type": "application/n-triples", "href": quote_path(base + ".nt"), "name": "N-Triples"}]
        downloads = [self.downloads[d] | {"href": sm.href(self.downloads[d]["file"], here)}
                     for d in g.values(main, DISTRIBUTION) if d in self.downloads]
        return render("resource.html", title=title, root=self.root(here), nav=self.nav(here), alternates=alternates,
                      iri=main_iri, types=self.type_values(main, here), blocks=blocks,
                      toc=toc, evidence=evidence, evidence_more=max(0, len(evidence_all) - EVIDENCE_CAP),
                      incoming=self.incoming(main, subjects, here), text=text, text_missing=text_missing,
                      downloads=downloads, parts=parts, quote_first=annotation)

    def toc(self, subjects: list[str]) -> list[dict[str, Any]]:
        g = self.graph
        groups: dict[str, list[dict[str, str]]] = {"Classes": [], "Properties": [], "Other terms": []}
        for s in sorted(subjects, key=lambda s: g.label(s).lower()):
            types = g.types.get(s, ())
            key = "Classes" if OWL_CLASS in types else "Properties" if any(t in types for t in PROPERTY_TYPES) \
                else "Other terms"
            groups[key].append({"anchor": parse_term(s).value.split("#", 1)[1], "text": g.label(s)})
        return [{"heading": k, "entries": v} for k, v in groups.items() if v]

    def incoming(self, main: str, subjects: list[str], here: str) -> list[dict[str, Any]]:
        g = self.graph
        mine = set(subjects)
        groups: dict[str, list[str]] = {}
        for s, p in g.incoming.get(main, ()):
            if p in HIDDEN_INCOMING or s in mine or ANNOTATION in g.types.get(s, ()):
                continue
            groups.setdefault(p, []).append(s)
        out = []
        for p in sorted(groups, key=lambda p: (INVERSE.get(p) or g.label(p)).lower()):
            linked = sorted(set(groups[p]), key=lambda s: (g.label(s).lower(), s))
            label = INVERSE.get(p) or f"{g.label(p)} of"
            values = [self.value(s, here) for s in linked[:LIST_CAP]]
            seen: dict[str, int] = {}
            for v in values:
                seen[v["text"]] = seen.get(v["text"], 0) + 1
            for s, v in zip(linked, values):  # the same label twice (two reports' tags): say whose
                report = g.report_of(s) if seen[v["text"]] > 1 else None
                if report and report != s:
                    v["html"] += Markup(f' <span class="note">({_esc(g.label(report))})</span>')
            out.append({"label": label[:1].upper() + label[1:], "values": values,
                        "more": max(0, len(linked) - LIST_CAP)})
        return out

    # ------------------------------------------------------------ indexes and home

    def classes(self) -> dict[str, list[str]]:
        """Class -> the subjects of it that have a page (or a place on one)."""
        out: dict[str, list[str]] = {}
        for subjects in self.graph.documents.values():
            if ANNOTATION in self.graph.types.get(subjects[0], ()):
                subjects = subjects[:1]  # an annotation's target and selectors are listed on its page only
            for s in subjects:
                if s is not subjects[0] and not ANNOTATION_PARTS.isdisjoint(self.graph.types.get(s, ())):
                    continue  # an evidence span's target and selectors, in its source file's page
                for t in self.graph.types.get(s, ()):
                    out.setdefault(t, []).append(s)
        return out

    def class_pages(self, classes: dict[str, list[str]]) -> Iterable[tuple[str, bytes]]:
        g = self.graph
        for cls in sorted(classes):
            members = sorted(classes[cls], key=lambda s: (g.label(s).lower(), s))
            pages = max(1, -(-len(members) // INDEX_PAGE))
            for n in range(1, pages + 1):
                here = class_file(cls, n)
                chunk = members[(n - 1) * INDEX_PAGE: n * INDEX_PAGE]
                pager = [{"text": str(k), "href": posixpath.basename(quote_path(class_file(cls, k))),
                          "current": k == n} for k in range(1, pages + 1)] if pages > 1 else None
                title = f"{g.label(cls)}: {len(members)}"
                lead = f"Every {g.label(cls)} in the graph, by name."
                yield here, render("list.html", title=title, lead=lead, root=self.root(here),
                                   nav=self.nav(here), alternates=[], pager=pager,
                                   items=[self.value(s, here) for s in chunk])

    def class_index(self, classes: dict[str, list[str]]) -> bytes:
        g = self.graph
        here = "classes/index.html"
        items = [_value(f"{g.label(c)} ({len(classes[c])})", posixpath.basename(quote_path(class_file(c))))
                 for c in sorted(classes, key=lambda c: (g.label(c).lower(), c))]
        return render("list.html", title="Classes", lead="Every class of thing the graph describes, with its count.",
                      root=self.root(here), nav=self.nav(here), alternates=[], pager=None, items=items)

    def home(self, classes: dict[str, list[str]]) -> tuple[bytes, bytes]:
        """The home page and its search index (``search.js``)."""
        g = self.graph
        here = "index.html"
        dataset = g.first(f"<{self.sitemap.iri_of(self.dataset_path)}>", P("dcterms", "title")) \
            if self.dataset_path else None
        description = g.first(f"<{self.sitemap.iri_of(self.dataset_path)}>", P("dcterms", "description")) \
            if self.dataset_path else None
        projects = g.subjects_of_type(P("tce", "SupportProject"))
        topics = {o for s in projects for o in g.values(s, P("dcterms", "subject"))}
        counts = [(len(classes.get(P("tce", "LearningReport"), [])), "reports", class_file(P("tce", "LearningReport"))),
                  (len(classes.get(P("tce", "Partnership"), [])), "partnerships", class_file(P("tce", "Partnership"))),
                  (len(classes.get(P("tce", "Agency"), [])), "agencies", class_file(P("tce", "Agency"))),
                  (len(topics), "topics addressed", class_file(P("tce", "Topic")))]
        regions: dict[str, int] = {}
        dates = []
        for s in projects:
            for r in g.values(s, P("tce", "region")):
                regions[r] = regions.get(r, 0) + 1
            dates += [parse_term(d).value for d in g.values(s, P("tce", "commenced")) + g.values(s, P("tce", "ended"))]
        reports = sorted(classes.get(LEARNING_REPORT, []), key=lambda s: (g.label(s).lower(), s))
        browse = [_value(text, self.sitemap.href(self.sitemap.file(p), here))
                  for text, p in (("The dataset: its description, and every export to download", self.dataset_path),
                                  ("The ontology: every class and property", self.ontology_path)) if p]
        schemes = P("skos", "ConceptScheme")
        if schemes in classes:
            browse.append(_value("The concept schemes and the topic thesaurus", quote_path(class_file(schemes))))
        page = render("index.html", title=parse_term(dataset).value if dataset else "TCE learning reports",
                      description=parse_term(description).value if description else "", root="", nav=self.nav(here),
                      alternates=[], counts=[{"n": n, "text": t, "href": quote_path(h)} for n, t, h in counts],
                      span=(month(min(dates)), month(max(dates))) if dates else None,
                      regions=[{"region": self.value(r, here), "n": n}
                               for r, n in sorted(regions.items(), key=lambda kv: (-kv[1], g.label(kv[0])))],
                      reports=[self.value(r, here) for r in reports[:50]],
                      reports_more=len(reports) if len(reports) > 50 else 0,
                      reports_all=quote_path(class_file(LEARNING_REPORT)), browse=browse)
        entries = []
        for cls in SEARCHED:
            for s in classes.get(cls, ()):
                if "#" not in s and g.page_of(s):
                    entries.append((g.label(s), g.label(cls), self.link(s, here) or ""))
        import json

        index = "window.TCE_SEARCH = " + json.dumps(sorted(set(entries)), ensure_ascii=False, indent=0) + ";\n"
        return page, index.encode("utf-8")


def _esc(text: str) -> str:
    return str(escape(text))


def _value(text: str, href: str | None = None, *, external: bool = False, lang: str | None = None,
           long: bool = False, note: str | None = None) -> dict[str, Any]:
    """A value's text and its HTML; every part from the data goes through markupsafe's ``escape``."""
    if href is not None:
        rel = ' rel="external"' if external else ""
        html = f'<a href="{_esc(href)}"{rel}>{_esc(text)}</a>'
    else:
        attrs = (' class="long"' if long else "") + (f' lang="{_esc(lang)}"' if lang else "")
        html = f"<span{attrs}>{_esc(text)}</span>"
    if note:
        html += f' <span class="note">{_esc(note)}</span>'
    return {"text": text, "href": href, "html": Markup(html)}


def quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/-._~!$&'()*+,;=:@%")


