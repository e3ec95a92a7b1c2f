"""The dataset: every report's named graph, the ontology graphs and the DCAT/VoID description."""
from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from ..bundled import ontology_dir
from ..model import Report
from ..namespaces import DEFAULT_BASE_IRI, ONTOLOGY_FILES, TCE, base_of, bind_prefixes, dataset_graph_iri, dataset_iri
from .formats import DEFAULT_FORMATS, RDF_FORMATS
from .mapping import report_iri, report_to_graph


def ontology_dataset(ds: Dataset) -> None:
    """Add the ontology, concept schemes and topic thesaurus, each in a named graph of its own."""
    folder = ontology_dir()
    for name, graph_iri in ONTOLOGY_FILES.items():
        path = folder / name
        if path.exists():
            # canonical blank-node labels (OWL lists, axioms) keep the exports byte-identical
            parsed = to_canonical_graph(Graph().parse(path, format="turtle"))
            target = ds.graph(URIRef(graph_iri))
            for t in parsed:
                target.add(t)


def dataset_description(ds: Dataset, base_iri: str, reports: list[Report]) -> Graph:
    """DCAT/VoID description of the dataset, in its own named graph (no timestamps: reproducible)."""
    base = base_of(base_iri)
    g = ds.graph(URIRef(dataset_graph_iri(base_iri)))
    d = URIRef(dataset_iri(base_iri))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, DCTERMS.title, Literal("TCE Project Learning Reports knowledge graph", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Project Learning Reports of the Tackling Child Exploitation Support Programme's Bespoke Support "
        "Projects, as linked data: partnerships, agencies, regions, themes, topics, actions and cited resources, "
        "each value traceable to the report text it came from.", lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((d, VOID.uriSpace, Literal(base)))
    g.add((d, VOID.vocabulary, URIRef(str(TCE))))
    g.add((d, VOID.documents, Literal(len(reports))))
    for fmt in (RDF_FORMATS[name] for name in DEFAULT_FORMATS):
        dist = URIRef(f"{base}dataset/distribution/{fmt.name}")
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.mediaType, Literal(fmt.media_type)))
        g.add((dist, DCTERMS.title, Literal(fmt.file_name)))
    for r in reports:
        g.add((d, DCTERMS.hasPart, report_iri(r, base_iri)))
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    g.add((d, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


def build_dataset(reports: list[Report], base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds, base_iri)
    for r in reports:
        report_to_graph(r, base_iri, into=ds)
    ontology_dataset(ds)
    dataset_description(ds, base_iri, reports)
    return ds
