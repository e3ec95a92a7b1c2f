"""The dataset: every report's named graph, the ontology graphs and the DCAT/VoID description."""
from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from ..bundled import ontology_dir
from ..model import Report
from ..namespaces import (
    DEFAULT_BASE_IRI,
    LOCAL_AUTHORITY_AREA,
    ONTOLOGY_FILES,
    TCE,
    base_of,
    bind_prefixes,
    dataset_graph_iri,
    dataset_iri,
)
from .formats import DEFAULT_FORMATS, RDF_FORMATS
from .mapping import report_iri, report_to_graph


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


def description_triples(base_iri: str, report_iris: list[URIRef], other_triples: int) -> list[tuple]:
    """The DCAT/VoID description's triples; ``void:triples`` counts ``other_triples`` (every other
    graph's) and the description's own (no timestamps: reproducible)."""
    g = Graph()
    _describe(g, base_iri, report_iris)
    triples = list(g)
    d = URIRef(dataset_iri(base_iri))
    triples.append((d, VOID.triples, Literal(other_triples + len(triples), datatype=XSD.integer)))
    return triples


def dataset_description(ds: Dataset, base_iri: str, reports: list[Report]) -> Graph:
    """DCAT/VoID description of the dataset, in its own named graph (no timestamps: reproducible)."""
    g = ds.graph(URIRef(dataset_graph_iri(base_iri)))
    _describe(g, base_iri, [report_iri(r, base_iri) for r in reports])
    d = URIRef(dataset_iri(base_iri))
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    g.add((d, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


def _describe(g: Graph, base_iri: str, report_iris: list[URIRef]) -> None:
    base = base_of(base_iri)
    d = URIRef(dataset_iri(base_iri))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, DCTERMS.title, Literal("TCE Project Learning Reports knowledge graph", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Project Learning Reports of the Tackling Child Exploitation Support Programme's Bespoke Support "
        "Projects, as linked data: partnerships, agencies, regions, themes, topics, actions and cited resources, "
        "each value traceable to the report text it came from.", lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    for p, o in reference_credits():  # the ONS credit the Open Government Licence asks for
        g.add((d, p, o))
    g.add((d, VOID.uriSpace, Literal(base)))
    g.add((d, VOID.vocabulary, URIRef(str(TCE))))
    g.add((d, VOID.documents, Literal(len(report_iris))))
    for fmt in (RDF_FORMATS[name] for name in DEFAULT_FORMATS):
        dist = URIRef(f"{base}dataset/distribution/{fmt.name}")
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.mediaType, Literal(fmt.media_type)))
        g.add((dist, DCTERMS.title, Literal(fmt.file_name)))
    for iri in report_iris:
        g.add((d, DCTERMS.hasPart, iri))


def build_dataset(reports: list[Report], base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds, base_iri)
    for r in reports:
        report_to_graph(r, base_iri, into=ds)
    ontology_dataset(ds)
    dataset_description(ds, base_iri, reports)
    return ds
