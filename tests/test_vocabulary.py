"""reader/vocabulary.py: the reader's concept tables are the published Turtle's, read by an independent
parser (rdflib here, pyoxigraph in the reader), so a label or code written in ontology/ is the one used."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from tce_graph.bundled import ontology_dir
from tce_graph.namespaces import DEF
from tce_graph.reader import concepts, places
from tce_graph.reader.vocabulary import scheme

CONCEPTS = Graph().parse(ontology_dir() / "concepts.ttl", format="turtle")
TOPICS = Graph().parse(ontology_dir() / "topics.ttl", format="turtle")


def _published(g: Graph, name: str) -> dict[str, dict]:
    ns = f"{DEF}{name}/"
    out = {}
    for c in g.subjects(RDF.type, SKOS.Concept):
        if isinstance(c, URIRef) and str(c).startswith(ns):
            out[str(c)[len(ns):]] = {
                "label": str(g.value(c, SKOS.prefLabel)),
                "alt": sorted(str(o) for o in g.objects(c, SKOS.altLabel)),
                "notation": str(g.value(c, SKOS.notation)) if g.value(c, SKOS.notation) else None,
            }
    return out


@pytest.mark.parametrize("name", ["theme", "region", "methodology", "delivery", "agency-type"])
def test_every_scheme_is_read_whole(name):
    published = _published(CONCEPTS, name)
    read = scheme(name)
    assert set(read) == set(published) and published
    for slug, c in read.items():
        assert c.label == published[slug]["label"]
        assert sorted(c.alt_labels) == published[slug]["alt"]
        assert c.notation == published[slug]["notation"]


def test_the_topic_thesaurus_is_read_whole():
    published = _published(TOPICS, "topic")
    assert set(scheme("topic")) == set(published)


def test_the_reader_s_tables_are_the_schemes():
    assert concepts.THEMES == {s: p["label"] for s, p in _published(CONCEPTS, "theme").items()}
    assert concepts.METHODOLOGIES == {s: p["label"] for s, p in _published(CONCEPTS, "methodology").items()}
    assert places.REGIONS == {s: (p["label"], p["notation"]) for s, p in _published(CONCEPTS, "region").items()}
    for alias, slug in concepts._METHOD_ALIASES.items():
        assert slug in concepts.METHODOLOGIES, alias
    for alias, slug in places.REGION_ALIASES.items():
        assert slug in places.REGIONS, alias


def test_the_scheme_order_is_the_file_s():
    assert list(scheme("theme")) == ["leading-with-care", "bridging-boundaries", "holding-complexity"]


def test_a_scheme_the_file_does_not_state_is_a_clear_error(tmp_path):
    empty = tmp_path / "concepts.ttl"
    empty.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n")
    with pytest.raises(KeyError, match="states no concept of the scheme"):
        scheme("theme", empty)
