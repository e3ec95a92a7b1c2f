"""Report (typed model) -> RDF: one named graph per report, IRIs derived from content.

The mapping reuses W3C ORG, DCTERMS, PROV-O, SKOS, Web Annotation, FOAF, CiTO and schema.org;
``ontology/tce.ttl`` documents every ``tce:`` term used here. Nothing here depends on any other
report, so reports map independently (and in parallel).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..model import Item, Report, ReportBrief, Span, ThemeReflection
from ..namespaces import (
    AGENCY_TYPE,
    CITO,
    DEFAULT_BASE_IRI,
    DELIVERY,
    LOCAL_AUTHORITY_AREA,
    METHODOLOGY,
    OA,
    ONS,
    REGION,
    SCHEMA,
    SIDE,
    STRENGTH,
    TCE,
    THEME,
    TOPIC,
    base_of,
    bind_prefixes,
    report_graph_iri,
)
from ..reader.places import AREAS
from ..reader.text import LineIndex, fold, slugify
from ..reader.topics import SECTION_NAMES
from .identity import Bodies, person_slug, qualified

QUOTE_CONTEXT = 32  # characters of text before and after a quote (oa:prefix, oa:suffix)

# Names that say what an organisation is but not which one ("CCG", "Public Health"): their IRIs are
# qualified by the partnership (or parent council) so two partnerships' CCGs stay two nodes.
GENERIC_NAMES = {"ccg", "icb", "police", "council", "the council", "local authority", "public health",
                 "education", "housing", "health", "children's services", "nhs", "probation", "schools",
                 "youth offending service", "youth justice service", "early help", "social care"}
# Words that describe a kind of body; a name made only of these ("Clinical Commissioning Group",
# "Police and Crime Commissioner", "Community Safety Partnership") names no particular one.
GENERIC_WORDS = {
    "the", "and", "of", "for", "&", "local", "council", "county", "city", "borough", "district", "authority",
    "police", "crime", "commissioner", "constabulary", "clinical", "commissioning", "group", "integrated",
    "care", "board", "system", "ccg", "icb", "ics", "nhs", "foundation", "trust", "hospital", "hospitals",
    "public", "health", "children's", "childrens", "children", "young", "people", "adults", "adult",
    "services", "service", "social", "youth", "justice", "offending", "team", "early", "help", "probation",
    "schools", "school", "education", "housing", "safeguarding", "partnership", "community", "safety",
    "multi", "agency", "multi-agency", "hub", "unit", "violence", "reduction", "exploitation", "panel",
    "department", "office", "executive", "sub-group", "subgroup",
}


def is_generic(name: str) -> bool:
    """Whether a name says what a body is but not which one."""
    words = fold(name).replace("’", "'").split()
    return fold(name) in GENERIC_NAMES or bool(words) and all(w.strip(".,()") in GENERIC_WORDS for w in words)


RIGHTS_WORDS = re.compile(r"©|\bcopyright\b|creative commons|open government licen[cs]e|licensed under|\bCC[ -]BY\b",
                          re.I)
NO_RIGHTS = ("The report states no licence and no copyright: the terms on which it may be reused are its "
             "publisher's, and are not known here.")


def rights_statement(text: str) -> str:
    """What a report says of its own licence or copyright: the first line that states one (as written, cut
    at 300 characters), else that it states none. Nothing is claimed that the report does not say."""
    m = RIGHTS_WORDS.search(text)
    if m is None:
        return NO_RIGHTS
    end = text.find("\n", m.end())
    line = " ".join(text[text.rfind("\n", 0, m.start()) + 1: end if end >= 0 else len(text)].split())
    return "The report states: " + (line if len(line) <= 300 else line[:299] + "…")


def start_line(lines: LineIndex, offset: int, stated: int) -> int:
    """The line a span starts on, as its evidence states it (a value on a continuation line is not on its
    label's line)."""
    line = lines.line(offset)
    return line if line >= stated else stated


def en(text: str) -> Literal:
    return Literal(text, lang="en")


class TripleSet:
    """Where the mapper writes: a set of triples (rdflib terms), with the one method it calls.

    Mapping into a plain set is several times cheaper than into an rdflib Graph (no index upkeep), and
    its content is plain picklable data for a worker process to return."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: set[tuple[Node, Node, Node]] = set()

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.triples.add(triple)

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self):
        return iter(self.triples)


class _EvidenceTerms:
    """The terms every evidence annotation is made of, made once (rdflib makes a new term each time a
    namespace's attribute is read, and the mapper writes about sixty annotations a report)."""

    type = RDF.type
    Evidence, property, inReport, startLine, section = (TCE.Evidence, TCE.property, TCE.inReport, TCE.startLine,
                                                        TCE.section)
    Annotation, motivatedBy, identifying, hasBody, hasTarget = (OA.Annotation, OA.motivatedBy, OA.identifying,
                                                                OA.hasBody, OA.hasTarget)
    SpecificResource, hasSource, hasSelector = OA.SpecificResource, OA.hasSource, OA.hasSelector
    TextPositionSelector, start, end = OA.TextPositionSelector, OA.start, OA.end
    TextQuoteSelector, exact, prefix, suffix = OA.TextQuoteSelector, OA.exact, OA.prefix, OA.suffix


_EVIDENCE_TERMS = _EvidenceTerms


class _Mapper:
    def __init__(self, report: Report, base_iri: str, into: Dataset | Graph | TripleSet | None = None):
        self.r = report
        self.base = base_of(base_iri)
        self.slug = report.slug
        self.report = report_iri(report, base_iri)
        self.project = self.iri("project", self.slug)
        self.source = self.iri("source", report.source.sha256[:16])
        self.graph_iri = URIRef(report_graph_iri(self.base, self.slug))
        # straight into the dataset's named graph when building one (no copy), a triple set, or a graph
        self.g: Graph | TripleSet
        if isinstance(into, Dataset):
            self.g = into.graph(self.graph_iri)
        else:
            self.g = into if into is not None else Graph(identifier=self.graph_iri)
        self._lines: LineIndex | None = None
        self._bodies: Bodies | None = None

    @property
    def bodies(self) -> Bodies:
        """Which names in the report are the same body (rdf/identity.py); made when first asked for (the
        dataset description asks a mapper only for IRIs)."""
        if self._bodies is None:
            self._bodies = Bodies(self.r, is_generic)
        return self._bodies

    def iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(p, safe="-._~") for p in parts))

    def sub(self, kind: str, n: int | str) -> URIRef:
        return URIRef(f"{self.report}/{kind}/{n}")

    def add(self, s, p, o) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def line_of(self, offset: int, stated: int) -> int:
        if self._lines is None:
            self._lines = LineIndex(self.r.source.text)
        return start_line(self._lines, offset, stated)

    def evidence(self, body: URIRef, prop: URIRef, span: Span | None, section: str | None = None) -> URIRef | None:
        """Web Annotation linking a node (and the property it supports) to the source text span.

        Its IRI is a fragment of the source file's, made of what it says: the span's offsets and a digest
        of the node and the property (``source/<digest>#evidence-120-164-1a2b3c4d``), so a change to one
        extraction leaves every other evidence IRI as it was; the page of the source file shows its text
        with an element of that id at the span."""
        if span is None:
            return None
        digest = hashlib.sha256(f"{body} {prop}".encode()).hexdigest()[:8]
        ev = URIRef(f"{self.source}#evidence-{span.start}-{span.end}-{digest}")
        target, pos, quote_ = URIRef(f"{ev}-target"), URIRef(f"{ev}-position"), URIRef(f"{ev}-quote")
        g, text, t = self.g, self.r.source.text, _EVIDENCE_TERMS
        g.add((ev, t.type, t.Evidence))
        g.add((ev, t.type, t.Annotation))
        g.add((ev, t.motivatedBy, t.identifying))
        g.add((ev, t.hasBody, body))
        g.add((ev, t.property, prop))
        g.add((ev, t.inReport, self.report))
        g.add((ev, t.startLine, Literal(self.line_of(span.start, span.line))))
        if section:
            g.add((ev, t.section, en(section)))
        g.add((ev, t.hasTarget, target))
        g.add((target, t.type, t.SpecificResource))
        g.add((target, t.hasSource, self.source))
        g.add((target, t.hasSelector, pos))
        g.add((target, t.hasSelector, quote_))
        g.add((pos, t.type, t.TextPositionSelector))
        # offsets are xsd:integer (never negative: the shapes check it), not xsd:nonNegativeInteger: Oxigraph's
        # storage writes every type derived from xsd:integer back as xsd:integer, so the store would hold
        # other literals than the files
        g.add((pos, t.start, Literal(span.start)))
        g.add((pos, t.end, Literal(span.end)))
        g.add((quote_, t.type, t.TextQuoteSelector))
        g.add((quote_, t.exact, Literal(text[span.start:span.end])))
        # the text on either side, so the quote is found even where the same words occur more than once
        # (every quote has them: telling which quotes recur would mean searching the text for each)
        before, after = text[max(0, span.start - QUOTE_CONTEXT):span.start], text[span.end:span.end + QUOTE_CONTEXT]
        if before:
            g.add((quote_, t.prefix, Literal(before)))
        if after:
            g.add((quote_, t.suffix, Literal(after)))
        return ev

    # ------------------------------------------------------------ the parts

    def map(self):
        r, g = self.r, self.g
        if isinstance(g, Graph):
            bind_prefixes(g, self.base)
        self.map_report()
        self.map_details()
        self.map_items("approach", TCE.Approach, TCE.approach, r.approaches, "Approaches / methods")
        self.map_items("key-issue", TCE.KeyIssue, TCE.keyIssue, r.key_issues, "Key issues")
        self.map_items("learning", TCE.LearningPoint, TCE.learning, r.learning, "Significant learning")
        self.map_items("action", TCE.Action, TCE.action, r.actions, "Emerging evidence of system change")
        self.map_reflections()
        self.map_signatures()
        self.map_resources()
        self.map_mentions()
        self.map_topics()
        self.map_places()
        self.map_sections()
        return g

    def map_sections(self) -> None:
        """Each section of the report (``tce:hasSection``), with its heading as written and the span of
        its body as evidence, whose quote is the section's text as the source has it (what
        ``tce-graph search`` looks in, so a search never depends on the thesaurus)."""
        for n, sec in enumerate(self.r.sections, 1):
            node = self.sub("section", n)
            self.g.add((self.report, TCE.hasSection, node))
            self.g.add((node, RDF.type, TCE.ReportSection))
            self.g.add((node, DCTERMS.title, en(sec.title)))
            self.g.add((node, TCE.inReport, self.report))
            self.evidence(node, TCE.hasSection, sec.span, sec.title)

    def map_report(self) -> None:
        r, g, rep = self.r, self.g, self.report
        g.add((rep, RDF.type, TCE.LearningReport))
        g.add((rep, DCTERMS.title, en(f"Project Learning Report: {r.partnership}")))
        g.add((rep, RDFS.label, en(f"{r.partnership} Project Learning Report")))
        g.add((rep, TCE.project, self.project))
        g.add((rep, TCE.sourceFile, self.source))
        g.add((rep, PROV.wasDerivedFrom, self.source))
        src = r.source
        g.add((self.source, RDF.type, TCE.SourceFile))
        g.add((self.source, DCTERMS.identifier, Literal(src.name)))
        g.add((self.source, TCE.sha256, Literal(src.sha256)))
        g.add((self.source, TCE.byteSize, Literal(src.byte_size)))
        g.add((self.source, TCE.encoding, Literal(src.encoding)))
        g.add((self.source, TCE.textSha256, Literal(hashlib.sha256(src.text.encode("utf-8")).hexdigest())))
        g.add((self.source, DCTERMS.format, Literal(src.media_type)))
        if src.extractor:  # a PDF, Word or HTML file: the text the spans count in was extracted from it
            self.map_extraction()
        self.map_provenance()
        g.add((self.source, DCTERMS.rights, en(rights_statement(src.text))))
        if r.immediate_reflections:
            g.add((rep, TCE.immediateReflections, en(r.immediate_reflections)))
            self.evidence(rep, TCE.immediateReflections, r.spans.get("immediate"), "Immediate reflections")

    def map_provenance(self) -> None:
        """PROV for the named graph itself: generated by a mapping that used the source file and was
        associated with tce-graph (a prov:SoftwareAgent with its version). No time is stated: the same
        file and tool give the same graph."""
        from .. import __version__

        g, graph = self.g, self.graph_iri
        mapping = URIRef(f"{graph}#mapping")
        tool = self.iri("software", slugify(f"tce-graph {__version__}"))
        g.add((graph, RDF.type, TCE.ReportGraph))
        g.add((graph, RDF.type, PROV.Entity))
        g.add((graph, RDFS.label, en(f"the graph of {self.r.partnership} Project Learning Report")))
        g.add((graph, PROV.wasGeneratedBy, mapping))
        g.add((graph, PROV.wasDerivedFrom, self.source))
        g.add((mapping, RDF.type, PROV.Activity))
        g.add((mapping, RDFS.label, en(f"{self.r.source.name} read and mapped to RDF by tce-graph {__version__}")))
        g.add((mapping, PROV.used, self.source))
        g.add((mapping, PROV.wasAssociatedWith, tool))
        g.add((tool, RDF.type, PROV.SoftwareAgent))
        g.add((tool, RDFS.label, Literal(f"tce-graph {__version__}")))
        g.add((tool, SCHEMA.softwareVersion, Literal(__version__)))

    def map_extraction(self) -> None:
        """PROV for an extracted text: a tce:TextExtraction that used the file and was associated
        with the library (a prov:SoftwareAgent) that did it, named with its version in tce:extractor."""
        src, g = self.r.source, self.g
        extraction = self.iri("source", src.sha256[:16], "extraction")
        agent = self.iri("software", slugify(src.extractor or "unknown"))
        g.add((extraction, RDF.type, PROV.Activity))
        g.add((extraction, RDF.type, TCE.TextExtraction))
        g.add((extraction, RDFS.label, en(f"text extracted from {src.name} with {src.extractor}")))
        g.add((extraction, PROV.used, self.source))
        g.add((extraction, PROV.wasAssociatedWith, agent))
        g.add((extraction, TCE.extractor, Literal(src.extractor)))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(src.extractor)))

    def org(self, agency_name: str, type_slug: str | None, parent: str | None = None) -> URIRef:
        """The node of a body the report names: one per body within the report (its other names are
        alternative labels), a generic name qualified by whose it is, a council department a unit of its
        council (see rdf/identity.py)."""
        name = agency_name if parent else self.bodies.canonical(agency_name)
        own = re.sub(r"^the\s+", "", name, flags=re.I)  # "The Children's Society" = "Children's Society"
        generic = not parent and is_generic(name)
        if parent:
            node = self.iri("organisation", slugify(parent) + "--" + slugify(name))
        elif generic:
            node = self.iri("organisation", slugify(self.r.partnership) + "--" + slugify(name))
        else:
            node = self.iri("organisation", slugify(own))
        label = name
        if parent or generic:
            label = qualified(name, parent or self.r.partnership, department=bool(parent))
        g = self.g
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, SKOS.prefLabel, en(label)))
        g.add((node, RDFS.label, en(label)))
        for other in ([name] if label != name else []) + ([] if parent else self.bodies.aliases(name)):
            g.add((node, SKOS.altLabel, en(other)))
        if type_slug:
            g.add((node, RDF.type, TCE.Agency))
            g.add((node, TCE.agencyType, AGENCY_TYPE[type_slug]))
        if parent:
            council = self.org(parent, None)
            g.add((node, RDF.type, ORG.OrganizationalUnit))
            g.add((node, ORG.unitOf, council))
            g.add((node, ORG.subOrganizationOf, council))
        return node

    def map_details(self) -> None:
        r, g, p = self.r, self.g, self.project
        g.add((p, RDF.type, TCE.SupportProject))
        g.add((p, RDF.type, PROV.Activity))
        g.add((p, RDFS.label, en(f"{r.partnership} Bespoke Support Project")))
        part = self.iri("partnership", slugify(r.partnership))
        g.add((part, RDF.type, TCE.Partnership))
        g.add((part, RDF.type, ORG.OrganizationalCollaboration))
        g.add((part, SKOS.prefLabel, en(r.partnership)))
        g.add((part, RDFS.label, en(r.partnership)))
        g.add((p, TCE.partnership, part))
        self.evidence(part, SKOS.prefLabel, r.spans.get("partnership"), "Details")
        for a in r.agencies:
            node = self.org(a.name, a.type, a.parent)
            g.add((p, TCE.coreAgency, node))
            g.add((part, ORG.hasMember, node))
            self.evidence(node, TCE.coreAgency, a.span, "Details")
        if r.region is not None:
            g.add((p, TCE.statedRegion, en(r.region.stated)))
            if r.region.slug:
                g.add((p, TCE.region, REGION[r.region.slug]))
            self.evidence(p, TCE.region, r.spans.get("region"), "Details")
        if r.local_authority_count is not None:
            g.add((p, TCE.localAuthorityCount, Literal(r.local_authority_count)))
        if r.stated_local_authorities:
            g.add((p, TCE.statedLocalAuthorityCount, en(r.stated_local_authorities)))
            self.evidence(p, TCE.localAuthorityCount, r.spans.get("la_count"), "Details")
        if r.size:
            g.add((p, TCE.projectSize, en(r.size)))
            self.evidence(p, TCE.projectSize, r.spans.get("size"), "Details")
        if r.stated_methodology:
            g.add((p, TCE.statedMethodology, en(r.stated_methodology)))
            self.evidence(p, TCE.methodology, r.spans.get("methodology"), "Details")
        for m in r.methodologies:
            concept = METHODOLOGY[m.slug]
            g.add((p, TCE.methodology, concept))
            if not m.known:  # a methodology the scheme does not know yet: described where it is used
                g.add((concept, RDF.type, TCE.Methodology))
                g.add((concept, RDF.type, SKOS.Concept))
                g.add((concept, SKOS.prefLabel, en(m.label)))
                g.add((concept, SKOS.inScheme, URIRef(str(METHODOLOGY).rstrip("/"))))
        if r.stated_delivery:
            g.add((p, TCE.statedDeliveryMode, en(r.stated_delivery)))
            self.evidence(p, TCE.deliveryMode, r.spans.get("delivery"), "Details")
        if r.delivery:
            g.add((p, TCE.deliveryMode, DELIVERY[r.delivery]))
        g.add((p, TCE.statedDates, en(r.stated_dates)) if r.stated_dates else (p, RDF.type, TCE.SupportProject))
        if r.commenced:
            g.add((p, TCE.commenced, Literal(r.commenced, datatype=_year_or_month(r.commenced))))
            self.evidence(p, TCE.commenced, r.spans.get("commenced"), "Details")
        if r.ended:
            g.add((p, TCE.ended, Literal(r.ended, datatype=_year_or_month(r.ended))))
        for key, prop, section in (("summary", DCTERMS.abstract, "Summary"), ("reasons", TCE.reasons, "Reasons"),
                                   ("goal", TCE.goal, "Overall goal")):
            value = getattr(r, key)
            if value:
                g.add((p, prop, en(value)))
                self.evidence(p, prop, r.spans.get(key), section)

    def map_items(self, kind: str, cls: URIRef, prop: URIRef, items: list[Item], section: str) -> None:
        g = self.g
        for n, item in enumerate(items, start=1):
            node = self.sub(kind, n)
            g.add((node, RDF.type, cls))
            g.add((node, RDF.type, TCE.ReportItem))
            g.add((node, TCE.inReport, self.report))
            g.add((node, TCE.ordinal, Literal(n)))
            if item.heading:
                g.add((node, TCE.heading, en(item.heading)))
                g.add((node, RDFS.label, en(item.heading)))
            else:
                g.add((node, RDFS.label, en(_short(item.text))))
            if item.text:
                g.add((node, TCE.text, en(item.text)))
            g.add((self.project, prop, node))
            self.evidence(node, TCE.text, item.span, section)

    def map_reflections(self) -> None:
        g = self.g
        for n, ref in enumerate(self.r.reflections, start=1):
            node = self.sub("reflection", n)
            g.add((node, RDF.type, TCE.ThemeReflection))
            g.add((node, RDF.type, TCE.ReportItem))
            g.add((node, TCE.inReport, self.report))
            g.add((node, TCE.ordinal, Literal(n)))
            label = ref.stated or "Joining the dots reflections"
            g.add((node, RDFS.label, en(label)))
            if ref.theme:
                g.add((node, TCE.theme, THEME[ref.theme]))
            if ref.stated:
                g.add((node, TCE.statedTheme, en(ref.stated)))
            g.add((node, TCE.text, en(ref.text)))
            g.add((self.project, TCE.reflection, node))
            self.evidence(node, TCE.text, ref.span, "Joining the dots")
        reflected = {ref.theme for ref in self.r.reflections if ref.theme}
        for t in self.r.listed_themes:  # themes the report lists but does not reflect on under a heading
            if t.theme and t.theme not in reflected:
                g.add((self.project, TCE.listedTheme, THEME[t.theme]))

    def map_signatures(self) -> None:
        g = self.g
        offs: dict[tuple, URIRef] = {}
        for n, sig in enumerate(self.r.signatures, start=1):
            key = (sig.side, sig.date, sig.span.start)
            off = offs.get(key)
            if off is None:
                off = self.sub("sign-off", len(offs) + 1)
                offs[key] = off
                g.add((off, RDF.type, TCE.SignOff))
                who = "local area" if sig.side == "local-area" else "TCE lead"
                g.add((off, RDFS.label, en(f"Sign-off by the {who}")))
                g.add((off, TCE.inReport, self.report))
                g.add((off, TCE.side, SIDE[sig.side]))
                if sig.date:
                    g.add((off, DCTERMS.date, Literal(sig.date.isoformat(), datatype=XSD.date)))
                if sig.stated_date:
                    g.add((off, TCE.statedDate, Literal(sig.stated_date)))
                g.add((self.report, TCE.signOff, off))
                self.evidence(off, TCE.signature, sig.span, "Sign-off")
            if sig.name:
                s = self.sub("signature", n)
                person = self.iri("person", person_slug(sig.name, sig.side, self.r.partnership))
                g.add((person, RDF.type, FOAF.Person))
                g.add((person, RDF.type, PROV.Agent))
                g.add((person, FOAF.name, Literal(sig.name)))
                g.add((person, RDFS.label, Literal(sig.name)))
                g.add((s, RDF.type, TCE.Signature))
                g.add((s, TCE.inReport, self.report))
                g.add((s, TCE.signatory, person))
                g.add((s, RDFS.label, Literal(sig.name)))
                if sig.role:
                    g.add((s, TCE.role, en(sig.role)))
                g.add((off, TCE.signature, s))

    def map_resources(self) -> None:
        g = self.g
        for res in self.r.resources:
            if res.url:
                node = self.iri("resource", hashlib.sha1(res.url.encode()).hexdigest()[:12])
                g.add((node, SCHEMA.url, URIRef(res.url)))
            else:
                node = self.sub("resource", slugify(res.title))
            g.add((node, RDF.type, TCE.CitedResource))
            g.add((node, DCTERMS.title, en(res.title)))
            g.add((node, RDFS.label, en(res.title)))
            g.add((node, TCE.urlLost, Literal(res.url_lost)))
            if res.stated_address:
                g.add((node, TCE.statedAddress, Literal(res.stated_address)))
            if res.footnote:
                g.add((node, TCE.footnote, en(res.footnote)))
            if res.footnote_number is not None:
                g.add((node, TCE.footnoteNumber, Literal(res.footnote_number)))
            g.add((self.report, CITO.cites, node))
            for c in res.citations:
                self.evidence(node, CITO.cites, c.span, c.section)

    def map_topics(self) -> None:
        """The reader's topic tags (``Report.topics``, see reader/topics.py).

        ``<{report}/topic/{slug}> a tce:TopicTag ; tce:topic topic:{slug} ; tce:strength
        strength:focus|mention ; tce:inReport <report> ; tce:evidence <annotation> ...`` plus ``project
        dcterms:subject topic`` and ``project tce:topicTag tag``. Each annotation selects the sentence in
        the source, with the clean sentence as ``tce:text``; its ``tce:property`` is ``tce:strength``
        for the sentences that give the tag its strength (``TopicTag.evidence``) and ``tce:topic`` for
        a focus topic's other sentences (``TopicTag.also``). A report item (approach, key issue,
        learning point, action, reflection) that holds a sentence naming the topic gets ``item
        dcterms:subject topic``.
        """
        g, r = self.g, self.r
        items: list[tuple[str, Sequence[Item | ThemeReflection]]] = [
            ("approach", r.approaches), ("key-issue", r.key_issues), ("learning", r.learning),
            ("action", r.actions), ("reflection", r.reflections)]  # numbered as map_report numbers them
        for tag in r.topics:
            topic = TOPIC[tag.topic]
            for ev in tag.evidence + tag.also:  # a report item that holds a sentence naming the topic
                for kind, parts in items:
                    for n, item in enumerate(parts, start=1):
                        if item.span.start < ev.span.end and ev.span.start < item.span.end:
                            g.add((self.sub(kind, n), DCTERMS.subject, topic))
            node = URIRef(f"{self.report}/topic/{tag.topic}")
            g.add((node, RDF.type, TCE.TopicTag))
            g.add((node, RDFS.label, Literal(f"{tag.label} ({tag.strength})", lang="en")))
            g.add((node, TCE.topic, topic))
            g.add((node, TCE.strength, STRENGTH[tag.strength]))
            g.add((node, TCE.inReport, self.report))
            g.add((self.project, DCTERMS.subject, topic))
            g.add((self.project, TCE.topicTag, node))
            first, count = None, 0
            for prop, sentences in ((TCE.strength, tag.evidence), (TCE.topic, tag.also)):
                for ev in sentences:
                    ann = self.evidence(node, prop, ev.span, SECTION_NAMES.get(ev.section, ev.section))
                    if ann is not None:
                        g.add((node, TCE.evidence, ann))
                        g.add((ann, TCE.text, Literal(ev.sentence, lang="en")))
                        count += 1
                        if prop == TCE.strength and first is None:  # tag.evidence is in text order
                            first = ann
            if first is not None:  # so a query needs no aggregate over every tag's evidence
                g.add((node, TCE.firstEvidence, first))
            if count:
                g.add((node, TCE.sentenceCount, Literal(count)))

    def map_mentions(self) -> None:
        g = self.g
        for m in self.r.mentions:
            if m.kind == "programme":
                node = self.iri("programme", slugify(m.name))
                g.add((node, RDF.type, TCE.Programme))
                g.add((node, RDFS.label, en(m.name)))
                g.add((node, SKOS.prefLabel, en(m.name)))
            else:
                node = self.org(m.name, None)
            g.add((self.report, TCE.mentions, node))
            self.evidence(node, TCE.mentions, m.spans[0], None)

    def map_places(self) -> None:
        """The local authorities and the places the project covers: ``project tce:localAuthority council``
        (named or implied, see reader/places.py), ``project dcterms:spatial`` its region and each local
        authority's area; ``council tce:governs area``. The area is a concept of the local-authority-area scheme
        (``<def/local-authority-area/{GSS code}>``, the ONS lookup's name, the code as ``skos:notation``,
        ``skos:exactMatch`` the ONS statistical-geography IRI), described here because the build does not
        load the whole scheme. The council and the area stay two nodes: an organisation, a place."""
        g, r, p = self.g, self.r, self.project
        if r.region is not None and r.region.slug:
            g.add((p, DCTERMS.spatial, REGION[r.region.slug]))
        for authority in r.authorities:
            council = self.org(authority.council, "local-authority")
            g.add((council, RDF.type, TCE.LocalAuthority))
            if r.region is not None and r.region.slug:
                g.add((council, TCE.inRegion, REGION[r.region.slug]))
            g.add((p, TCE.localAuthority, council))
            self.evidence(council, TCE.localAuthority, authority.span, "Details")
            if authority.area is not None:
                area = self.area(authority.area)
                g.add((council, TCE.governs, area))
                g.add((p, DCTERMS.spatial, area))

    def area(self, code: str) -> URIRef:
        """A local authority area's node, described (with its county, for a district) from the ONS lookup."""
        concept = AREAS[code]
        node, g = URIRef(concept.iri), self.g
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, RDF.type, TCE.LocalAuthorityArea))
        g.add((node, SKOS.inScheme, URIRef(str(LOCAL_AUTHORITY_AREA).rstrip("/"))))
        g.add((node, SKOS.prefLabel, en(concept.label)))
        g.add((node, SKOS.notation, Literal(code)))
        g.add((node, SKOS.exactMatch, ONS[code]))
        if concept.broader:  # a district's county, described too; England (in the concepts graph) not
            broader = concept.broader.rsplit("/", 1)[1]
            parent = self.area(broader) if broader in AREAS else URIRef(concept.broader)
            g.add((node, SKOS.broader, parent))
            g.add((parent, SKOS.narrower, node))
        return node


def _year_or_month(value: str) -> URIRef:
    """xsd:gYear for a year the report gives no month for ("Spring 2022" -> "2022"), else xsd:gYearMonth."""
    return XSD.gYear if len(value) == 4 else XSD.gYearMonth


def _short(text: str, limit: int = 80) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def report_to_graph(report: Report, base_iri: str = DEFAULT_BASE_IRI, *, into: Dataset | None = None) -> Graph:
    """Map one parsed report to its named graph (identifier ``{base}graph/{slug}``); with ``into``,
    the graph is that dataset's named graph, written in place."""
    return _Mapper(report, base_iri, into).map()


def report_triples(report: Report, base_iri: str = DEFAULT_BASE_IRI) -> tuple[URIRef, set[tuple[Node, Node, Node]]]:
    """The report's named graph as its IRI and a plain set of triples (the build's fast path)."""
    sink = TripleSet()
    mapper = _Mapper(report, base_iri, sink)
    mapper.map()
    return mapper.graph_iri, sink.triples


def owned_prefixes(report: Report, base_iri: str = DEFAULT_BASE_IRI) -> tuple[str, ...]:
    """IRI prefixes of the nodes only this report's graph describes: its report (and everything minted
    under it), its project and its source file."""
    m = _Mapper(report, base_iri, TripleSet())
    return (str(m.report), str(m.project), str(m.source))


def section_rows(report: Report) -> list[tuple[str, str, str, int, int, str]]:
    """Each section the graph states as a tce:ReportSection with its evidence, as the full-text index
    holds it (query/textindex.py): partnership, heading, file, start line, start offset, text as the
    source has it. The same values the saved query ``search`` reads from the graph."""
    text = report.source.text
    lines = LineIndex(text)
    return [(report.partnership, sec.title, report.source.name, start_line(lines, sec.span.start, sec.span.line),
             sec.span.start, text[sec.span.start:sec.span.end]) for sec in report.sections if sec.span is not None]


def report_iri(report: Report | ReportBrief, base_iri: str = DEFAULT_BASE_IRI) -> URIRef:
    """The report's IRI (as the mapper makes it: ``<base>report/<slug>``), of a report or its brief."""
    return URIRef(base_of(base_iri) + "report/" + quote(report.slug, safe="-._~"))
