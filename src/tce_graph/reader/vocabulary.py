"""The concept schemes the reader normalises against, read from the published Turtle (no copy in Python).

``ontology/concepts.ttl`` holds the themes, regions, methodologies, delivery modes and agency types;
``ontology/topics.ttl`` the topic thesaurus; ``ontology/local-authorities.ttl`` the local authority areas
(from the ONS lookup, keyed by GSS code). Each scheme is read once (pyoxigraph's streaming Turtle
parser, so the reader needs no rdflib) into plain :class:`Concept` records, in the order the file
states them, so the Turtle is the one place a label, an alternative label or a GSS code is written.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..bundled import ontology_dir
from ..namespaces import DEF

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Concept:
    slug: str  # the IRI's last segment: north-east, leading-with-care ...
    iri: str
    label: str  # skos:prefLabel
    alt_labels: tuple[str, ...] = ()  # skos:altLabel, in file order
    hidden_labels: tuple[str, ...] = ()  # skos:hiddenLabel
    notation: str | None = None  # skos:notation (a region's or a local authority area's GSS code)
    broader: str | None = None  # the IRI of its skos:broader concept (a district's county), if any

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label: preferred, alternative, hidden."""
        return (self.label, *self.alt_labels, *self.hidden_labels)


@functools.lru_cache(maxsize=8)
def _concepts(path: str) -> dict[str, dict[str, Concept]]:
    """namespace (e.g. ``.../def/region/``) -> slug -> concept, for every skos:Concept in the file."""
    import pyoxigraph as ox

    values: dict[str, dict[str, list[str]]] = {}
    broader: dict[str, str] = {}
    order: list[str] = []  # concepts in the order the file first types them
    typed: set[str] = set()
    with open(path, "rb") as fh:
        for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            s, p, o = t.subject, t.predicate.value, t.object
            if not isinstance(s, ox.NamedNode):
                continue
            is_concept = p == _RDF_TYPE and isinstance(o, ox.NamedNode) and o.value == _SKOS + "Concept"
            if is_concept and s.value not in typed:
                typed.add(s.value)
                order.append(s.value)
            if p == _SKOS + "broader" and isinstance(o, ox.NamedNode):
                broader.setdefault(s.value, o.value)
            if p.startswith(_SKOS) and isinstance(o, ox.Literal) and (o.language in (None, "en")):
                values.setdefault(s.value, {}).setdefault(p[len(_SKOS):], []).append(o.value)
    schemes: dict[str, dict[str, Concept]] = {}
    for iri in order:
        ns, slug = iri.rsplit("/", 1)
        v = values.get(iri, {})
        schemes.setdefault(ns + "/", {})[slug] = Concept(
            slug, iri, (v.get("prefLabel") or [slug])[0], tuple(v.get("altLabel", ())),
            tuple(v.get("hiddenLabel", ())), next(iter(v.get("notation", ())), None), broader.get(iri))
    return schemes


SCHEME_FILES = {"topic": "topics.ttl", "local-authority-area": "local-authorities.ttl"}
"""The file in ontology/ of each scheme not in concepts.ttl."""


def scheme(name: str, path: str | Path | None = None) -> dict[str, Concept]:
    """The concepts of one scheme (``theme``, ``region``, ``methodology``, ``delivery``, ``agency-type``;
    ``topic`` from ``topics.ttl``; ``local-authority-area`` from ``local-authorities.ttl``, slugs the GSS
    codes), slug -> concept, in the order the Turtle states them."""
    file = Path(path) if path else ontology_dir() / SCHEME_FILES.get(name, "concepts.ttl")
    found = _concepts(str(file)).get(f"{DEF}{name}/")
    if not found:
        raise KeyError(f"{file} states no concept of the scheme <{DEF}{name}>")
    return found


def labels(name: str) -> dict[str, str]:
    """slug -> preferred label, for one scheme."""
    return {slug: c.label for slug, c in scheme(name).items()}

