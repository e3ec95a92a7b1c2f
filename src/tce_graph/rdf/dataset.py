"""The dataset: every report's named graph, the ontology graphs and the DCAT/VoID description."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from ..bundled import ontology_dir
from ..model import Report, ReportBrief
from ..namespaces import (
    CITO,
    DEF,
    DEFAULT_BASE_IRI,
    LOCAL_AUTHORITY_AREA,
    OA,
    ONTOLOGY_FILES,
    REGION,
    SCHEMA,
    TCE,
    TOPIC,
    VCARD,
    base_of,
    bind_prefixes,
    dataset_graph_iri,
    dataset_iri,
    report_graph_iri,
    site_base,
)
from .formats import DEFAULT_FORMATS, RDF_FORMATS
from .mapping import TripleSet, report_iri, report_to_graph


@functools.lru_cache(maxsize=2)
def _vocabulary_graphs(folder: str) -> tuple[tuple[str, frozenset], ...]:
    out = []
    for name, graph_iri in ONTOLOGY_FILES.items():
        path = Path(folder) / name
        if path.exists():
            # canonical blank-node labels (OWL lists, axioms) keep the exports byte-identical
            out.append((graph_iri, frozenset(to_canonical_graph(Graph().parse(path, format="turtle")))))
    return tuple(out)


def vocabulary_graphs() -> tuple[tuple[str, frozenset], ...]:
    """(graph IRI, triples) of the ontology, the concept schemes and the topic thesaurus (read once)."""
    return _vocabulary_graphs(str(ontology_dir()))


def reference_credits() -> list[tuple]:
    """(property, value) the dataset owes its reference data: the sources and the rights statement of the
    local authority areas' scheme (the ONS lookup, Open Government Licence v3.0), as concepts.ttl states them."""
    scheme = URIRef(str(LOCAL_AUTHORITY_AREA).rstrip("/"))
    return sorted((p, o) for _, triples in vocabulary_graphs() for s, p, o in triples
                  if s == scheme and p in (DCTERMS.source, DCTERMS.rights))


def ontology_dataset(ds: Dataset) -> None:
    """Add the ontology, concept schemes and topic thesaurus, each in a named graph of its own."""
    for graph_iri, triples in vocabulary_graphs():
        target = ds.graph(URIRef(graph_iri))
        for t in triples:
            target.add(t)


@dataclass(frozen=True)
class Publication:
    """What the dataset description says beyond the data: who publishes it, whom to ask, when it was
    issued (from ``--issued`` or ``SOURCE_DATE_EPOCH``, never the clock, so a build is reproducible) and
    where its SPARQL endpoint is. Unknown values are left out, not guessed."""

    publisher: str | None = None
    contact: str | None = None  # an e-mail address or a URL
    issued: str | None = None  # xsd:date or xsd:dateTime text
    endpoint: str | None = None


LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
EU_THEME_SOCIETY = URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI")
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPES = {"turtle": "RDF_TURTLE", "trig": "RDF_TRIG", "nquads": "RDF_N_QUADS", "jsonld": "JSON_LD",
                 "ntriples": "RDF_N_TRIPLES", "rdfxml": "RDF_XML"}
ENGLAND = URIRef(str(LOCAL_AUTHORITY_AREA) + "E92000001")
KEYWORDS = ("child exploitation", "safeguarding", "learning report", "Tackling Child Exploitation Support Programme",
            "local safeguarding partnership")
VOCABULARIES = (TCE, RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV, OA, ORG, FOAF, CITO, SCHEMA, DCAT, VOID, VCARD)
"""Every vocabulary whose terms the graph uses (``void:vocabulary``; tests/test_dataset.py checks it)."""
RIGHTS = ("The graph is published under CC BY 4.0. The report text it quotes (every evidence span) is the "
          "reports' own: tce-graph does not read licences from the reports, so the terms on which that text may be "
          "reused are its publisher's and are not stated here.")


def description_triples(base_iri: str, reports: Sequence[Report | ReportBrief], other_triples: int, *,
                        graph_triples: dict[str, int] | None = None,
                        publication: Publication | None = None) -> list[tuple]:
    """The DCAT 3 / VoID / schema.org description's triples; ``void:triples`` counts ``other_triples``
    (every other graph's) and the description's own; ``graph_triples`` is each report graph's size
    (its ``void:subset``)."""
    g = TripleSet()  # a set: at 10,000 reports an rdflib Graph's bookkeeping cost seconds
    _describe(g, base_iri, reports, graph_triples or {}, publication or Publication())
    triples = list(g.triples)
    d = URIRef(dataset_iri(base_iri))
    triples.append((d, VOID.triples, Literal(other_triples + len(triples) + 1, datatype=XSD.integer)))
    return triples


def dataset_description(ds: Dataset, base_iri: str, reports: list[Report],
                        publication: Publication | None = None) -> Graph:
    """The description of ``ds`` in its own named graph (as the build writes it)."""
    sizes = {str(g.identifier): len(g) for g in ds.graphs()}  # the report graphs' are the ones read
    total = sum(1 for _ in ds.quads((None, None, None, None)))
    g = ds.graph(URIRef(dataset_graph_iri(base_iri)))
    for t in description_triples(base_iri, reports, total, graph_triples=sizes, publication=publication):
        g.add(t)
    return g


def _describe(g: TripleSet, base_iri: str, reports: Sequence[Report | ReportBrief], sizes: dict[str, int],
              pub: Publication) -> None:
    base = base_of(base_iri)
    d = URIRef(dataset_iri(base_iri))
    title = Literal("TCE Project Learning Reports knowledge graph", lang="en")
    description = Literal(
        "Project Learning Reports of the Tackling Child Exploitation Support Programme's Bespoke Support "
        "Projects, as linked data: partnerships, agencies, regions, themes, topics, actions and cited resources, "
        "each value traceable to the report text it came from.", lang="en")
    for t in (DCAT.Dataset, VOID.Dataset, SCHEMA.Dataset):
        g.add((d, RDF.type, t))
    for p, o in ((DCTERMS.title, title), (SCHEMA.name, title), (DCTERMS.description, description),
                 (SCHEMA.description, description), (DCTERMS.license, LICENCE), (SCHEMA.license, LICENCE),
                 (DCTERMS.conformsTo, URIRef(DEF.rstrip("/"))), (DCAT.theme, EU_THEME_SOCIETY)):
        g.add((d, p, o))
    g.add((d, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    for word in KEYWORDS:
        g.add((d, DCAT.keyword, Literal(word, lang="en")))
        g.add((d, SCHEMA.keywords, Literal(word, lang="en")))
    for p, o in reference_credits():  # the ONS credit the Open Government Licence asks for
        g.add((d, p, o))
    _coverage(g, d, reports)
    _who_and_when(g, d, base, pub)
    g.add((d, VOID.uriSpace, Literal(base)))
    for vocabulary in VOCABULARIES:
        g.add((d, VOID.vocabulary, URIRef(str(vocabulary))))
    g.add((d, VOID.documents, Literal(len(reports))))
    if pub.endpoint:
        g.add((d, VOID.sparqlEndpoint, URIRef(pub.endpoint)))
    downloads = site_base(base) + "download/"
    for fmt in (RDF_FORMATS[name] for name in DEFAULT_FORMATS):
        dist = URIRef(f"{base}dataset/distribution/{fmt.name}")
        url = URIRef(downloads + fmt.file_name)
        g.add((d, DCAT.distribution, dist))
        g.add((d, SCHEMA.distribution, dist))
        g.add((d, VOID.dataDump, url))
        for t in (DCAT.Distribution, SCHEMA.DataDownload):
            g.add((dist, RDF.type, t))
        g.add((dist, DCTERMS.title, Literal(fmt.file_name)))
        g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + fmt.media_type)))
        g.add((dist, SCHEMA.encodingFormat, Literal(fmt.media_type)))
        g.add((dist, DCTERMS.format, URIRef("http://publications.europa.eu/resource/authority/file-type/"
                                            + EU_FILE_TYPES[fmt.name])))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, SCHEMA.contentUrl, url))
        g.add((dist, DCTERMS.license, LICENCE))
    for r in reports:
        report = report_iri(r, base_iri)
        g.add((d, DCTERMS.hasPart, report))
        graph = URIRef(report_graph_iri(base, r.slug))
        g.add((d, VOID.subset, graph))
        g.add((graph, RDF.type, VOID.Dataset))
        g.add((graph, DCTERMS.source, report))
        if str(graph) in sizes:
            g.add((graph, VOID.triples, Literal(sizes[str(graph)], datatype=XSD.integer)))


def _coverage(g: TripleSet, d: URIRef, reports: Sequence[Report | ReportBrief]) -> None:
    """Where and when: England, each region and local authority area the reports name; the months from
    the first project's start to the last one's start or end; the topics the reports are about."""
    g.add((d, DCTERMS.spatial, ENGLAND))
    for r in reports:
        if r.region is not None and r.region.slug:
            g.add((d, DCTERMS.spatial, REGION[r.region.slug]))
        for la in r.authorities:
            if la.area:
                g.add((d, DCTERMS.spatial, URIRef(str(LOCAL_AUTHORITY_AREA) + la.area)))
        for tag in r.topics:
            if tag.strength == "focus":
                g.add((d, DCAT.theme, TOPIC[tag.topic]))
    dates = sorted(x for r in reports for x in (r.commenced, r.ended) if x)
    if dates:
        period = URIRef(f"{d}#period")
        g.add((d, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        for p, value in ((DCAT.startDate, dates[0]), (DCAT.endDate, dates[-1])):
            g.add((period, p, Literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.gYear)))


def _who_and_when(g: TripleSet, d: URIRef, base: str, pub: Publication) -> None:
    if pub.publisher:
        agent = URIRef(f"{base}dataset/publisher")
        g.add((d, DCTERMS.publisher, agent))
        g.add((d, SCHEMA.publisher, agent))
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(pub.publisher)))
    if pub.contact:
        kind = URIRef(f"{base}dataset/contact")
        g.add((d, DCAT.contactPoint, kind))
        g.add((kind, RDF.type, VCARD.Kind))
        g.add((kind, VCARD.fn, Literal(pub.publisher or pub.contact)))
        g.add((kind, RDFS.label, Literal(f"contact: {pub.contact}")))
        if "@" in pub.contact and ":" not in pub.contact:
            g.add((kind, VCARD.hasEmail, URIRef(f"mailto:{pub.contact}")))
        else:
            g.add((kind, VCARD.hasURL, URIRef(pub.contact)))
    if pub.issued:
        value = Literal(pub.issued, datatype=XSD.dateTime if "T" in pub.issued else XSD.date)
        g.add((d, DCTERMS.issued, value))
        g.add((d, DCTERMS.modified, value))


def build_dataset(reports: list[Report], base_iri: str = DEFAULT_BASE_IRI,
                  publication: Publication | None = None) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds, base_iri)
    for r in reports:
        report_to_graph(r, base_iri, into=ds)
    ontology_dataset(ds)
    dataset_description(ds, base_iri, reports, publication)
    return ds
