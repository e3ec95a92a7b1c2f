"""The one prefix table used by the mapping, the exports, the shapes and the queries."""
from __future__ import annotations

import os

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
TCE = Namespace("https://w3id.org/tce-graph/def#")
"""Classes and properties of the tce-graph ontology."""

DEF = "https://w3id.org/tce-graph/def/"
"""Base of the concept schemes shipped in ontology/ (themes, regions, topics ...)."""

THEME = Namespace(DEF + "theme/")
REGION = Namespace(DEF + "region/")
LOCAL_AUTHORITY_AREA = Namespace(DEF + "local-authority-area/")
AGENCY_TYPE = Namespace(DEF + "agency-type/")
DELIVERY = Namespace(DEF + "delivery/")
METHODOLOGY = Namespace(DEF + "methodology/")
TOPIC = Namespace(DEF + "topic/")
SIDE = Namespace(DEF + "side/")
STRENGTH = Namespace(DEF + "strength/")

OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")
ONS = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")

DEFAULT_BASE_IRI = "https://w3id.org/tce-graph/id/"

# Named graphs of the vocabulary (fixed IRIs) and of the data (under the base IRI)
ONTOLOGY_GRAPH = DEF.rstrip("/")
CONCEPTS_GRAPH = DEF + "concepts"
TOPICS_GRAPH = DEF + "topic"
ONTOLOGY_FILES = {"tce.ttl": ONTOLOGY_GRAPH, "concepts.ttl": CONCEPTS_GRAPH, "topics.ttl": TOPICS_GRAPH}
"""File in ontology/ -> the named graph the build loads it into."""
SHAPES_NS = "https://w3id.org/tce-graph/shapes#"


def base_of(base_iri: str) -> str:
    """The base IRI ending in '/' or '#', as every minted IRI is built on it."""
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


def report_graph_iri(base_iri: str, slug: str) -> str:
    """The named graph holding one report: ``{base}graph/{slug}``."""
    return f"{base_of(base_iri)}graph/{slug}"


def dataset_graph_iri(base_iri: str) -> str:
    """The named graph holding the DCAT/VoID description: ``{base}graph/dataset``."""
    return f"{base_of(base_iri)}graph/dataset"


def dataset_iri(base_iri: str) -> str:
    return f"{base_of(base_iri)}dataset"

PREFIXES: dict[str, str] = {
    "tce": str(TCE),
    "theme": str(THEME),
    "region": str(REGION),
    "agencytype": str(AGENCY_TYPE),
    "delivery": str(DELIVERY),
    "methodology": str(METHODOLOGY),
    "topic": str(TOPIC),
    "side": str(SIDE),
    "strength": str(STRENGTH),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "oa": str(OA),
    "cito": str(CITO),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "dcat": str(DCAT),
    "void": str(VOID),
    "ons": str(ONS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "vcard": str(VCARD),
}


def bind_prefixes(graph, base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Bind the project's prefixes (and ``id:`` for the data base IRI) on an rdflib graph."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    graph.bind("id", base_iri, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every prefix in the table, for composing SPARQL text."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def site_base(data_base: str, vocabulary_base: str = DEF) -> str:
    """The default base IRI of the site: the common parent folder of the data's base IRI and the
    vocabulary's (``https://w3id.org/tce-graph/`` for the defaults), so both resolve under one site;
    the data's base when they share no folder below the host."""
    data, vocab = base_of(data_base), base_of(vocabulary_base)
    common = os.path.commonprefix([data, vocab])
    common = common[: common.rfind("/") + 1]
    host_end = data.find("/", data.find("//") + 2) + 1 if "//" in data else 0
    return common if host_end and len(common) >= host_end else data
