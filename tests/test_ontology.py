"""Tests for the ontology files: ontology/tce.ttl, concepts.ttl, topics.ttl and context.jsonld."""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.namespace import XSD as _XSD

# a plain Namespace: pytest's collector probes module globals, which makes the closed XSD
# namespace warn about unknown attribute names
XSD = Namespace(str(_XSD))
del _XSD

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"
REPORTS = REPO / "data" / "reports"

try:  # the package may not be installed when the tests run from a checkout
    from tce_graph import namespaces as ns
except ModuleNotFoundError:  # pragma: no cover - depends on the environment
    sys.path.insert(0, str(REPO / "src"))
    from tce_graph import namespaces as ns

TCE = ns.TCE
DEF = ns.DEF
ONTOLOGY_IRI = URIRef("https://w3id.org/tce-graph/def")
TTL_FILES = ["tce.ttl", "concepts.ttl", "topics.ttl", "local-authorities.ttl"]

SCHEMES = {
    # scheme IRI: (tce class of its concepts, expected concept local names)
    URIRef(DEF + "theme"): (TCE.Theme, {"leading-with-care", "bridging-boundaries", "holding-complexity"}),
    URIRef(DEF + "region"): (TCE.Region, {
        "north-east", "north-west", "yorkshire-and-the-humber", "east-midlands", "west-midlands",
        "east-of-england", "london", "south-east", "south-west"}),
    URIRef(DEF + "agency-type"): (TCE.AgencyType, {
        "local-authority", "police", "health-commissioner", "nhs-trust", "childrens-services-trust",
        "voluntary-community", "housing", "education", "partnership-board", "council-department", "other"}),
    URIRef(DEF + "delivery"): (TCE.DeliveryMode, {"digital", "face-to-face", "mixed"}),
    URIRef(DEF + "methodology"): (TCE.Methodology, {
        "partnership", "strategy", "community-engagement", "transitional-safeguarding", "data", "bespoke"}),
    URIRef(DEF + "side"): (TCE.SignOffSide, {"local-area", "tce-lead"}),
    URIRef(DEF + "strength"): (TCE.TagStrength, {"focus", "mention"}),
    URIRef(DEF + "topic"): (TCE.Topic, {
        "transitional-safeguarding", "contextual-safeguarding", "extra-familial-harm",
        "child-sexual-exploitation", "child-criminal-exploitation", "county-lines", "all-age-approach",
        "community-engagement", "voice-of-children-and-families", "data-and-intelligence",
        "workforce-development", "governance-and-strategic-mandate", "leadership-and-influence",
        "commissioning", "disruption", "multi-agency-hubs", "inspection-and-quality-assurance",
        "early-help-and-prevention", "missing-children", "modern-slavery-and-trafficking",
        "child-exploitation"}),
}

EXPECTED_CLASSES = {
    "LearningReport", "SupportProject", "Partnership", "Agency", "LocalAuthority", "LocalAuthorityArea", "Programme",
    "Region", "Theme", "Topic", "AgencyType", "DeliveryMode", "Methodology", "SignOffSide", "TagStrength",
    "ReportItem", "ThemeReflection", "KeyIssue", "LearningPoint", "Approach", "Action",
    "CitedResource", "SignOff", "Signature", "SourceFile", "Evidence", "TopicTag",
}
EXPECTED_OBJECT_PROPERTIES = {
    "project", "sourceFile", "signOff", "mentions", "partnership", "coreAgency", "region",
    "localAuthority", "methodology", "deliveryMode", "approach", "keyIssue", "reflection", "learning",
    "action", "topicTag", "inReport", "theme", "agencyType", "inRegion", "side", "signature",
    "signatory", "property", "topic", "strength", "evidence", "listedTheme", "governs",
}
EXPECTED_DATATYPE_PROPERTIES = {
    "immediateReflections", "sha256", "byteSize", "encoding", "statedRegion", "localAuthorityCount",
    "statedLocalAuthorityCount", "projectSize", "statedMethodology", "statedDeliveryMode", "commenced",
    "ended", "statedDates", "reasons", "goal", "ordinal", "heading", "text", "statedTheme", "statedDate",
    "role", "urlLost", "statedAddress", "footnote", "footnoteNumber", "section", "startLine",
}
EXPECTED_SUPERCLASSES = {
    "LearningReport": ns.PROV.Entity, "SupportProject": ns.PROV.Activity,
    "Partnership": ns.ORG.OrganizationalCollaboration, "Agency": ns.ORG.Organization,
    "LocalAuthority": TCE.Agency, "Programme": ns.PROV.Entity, "Region": SKOS.Concept,
    "Theme": SKOS.Concept, "Topic": SKOS.Concept, "AgencyType": SKOS.Concept,
    "DeliveryMode": SKOS.Concept, "Methodology": SKOS.Concept, "SignOffSide": SKOS.Concept,
    "TagStrength": SKOS.Concept, "ThemeReflection": TCE.ReportItem, "KeyIssue": TCE.ReportItem,
    "LearningPoint": TCE.ReportItem, "Approach": TCE.ReportItem, "Action": TCE.ReportItem,
    "CitedResource": DCTERMS.BibliographicResource, "SourceFile": ns.PROV.Entity,
    "Evidence": ns.OA.Annotation,
}
EXTERNAL_PROPERTIES = {
    ns.ORG.hasMember: OWL.ObjectProperty, ns.ORG.subOrganizationOf: OWL.ObjectProperty,
    DCTERMS.title: OWL.DatatypeProperty, DCTERMS.date: OWL.DatatypeProperty,
    DCTERMS.abstract: OWL.DatatypeProperty, DCTERMS.identifier: OWL.DatatypeProperty,
    DCTERMS.subject: OWL.ObjectProperty, ns.CITO.cites: OWL.ObjectProperty,
    ns.SCHEMA.url: OWL.ObjectProperty, ns.FOAF.name: OWL.DatatypeProperty,
    ns.OA.hasBody: OWL.ObjectProperty, ns.OA.hasTarget: OWL.ObjectProperty,
    ns.OA.hasSource: OWL.ObjectProperty, ns.OA.hasSelector: OWL.ObjectProperty,
    ns.OA.start: OWL.DatatypeProperty, ns.OA.end: OWL.DatatypeProperty,
    ns.OA.exact: OWL.DatatypeProperty, ns.PROV.wasDerivedFrom: OWL.ObjectProperty,
}
GSS_CODES = {
    "north-east": "E12000001", "north-west": "E12000002", "yorkshire-and-the-humber": "E12000003",
    "east-midlands": "E12000004", "west-midlands": "E12000005", "east-of-england": "E12000006",
    "london": "E12000007", "south-east": "E12000008", "south-west": "E12000009",
}
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {name: Graph().parse(ONTOLOGY / name, format="turtle") for name in TTL_FILES}


@pytest.fixture(scope="module")
def merged(graphs) -> Graph:
    g = Graph()
    for part in graphs.values():
        for triple in part:
            g.add(triple)
    return g


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))


def local(iri) -> str:
    return re.split(r"[/#]", str(iri))[-1]


def en_literals(g: Graph, s, p) -> list[Literal]:
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "en"]


def topic_labels(g: Graph) -> dict[URIRef, list[str]]:
    out: dict[URIRef, list[str]] = defaultdict(list)
    for c in g.subjects(SKOS.inScheme, URIRef(DEF + "topic")):
        for p in LABELS:
            out[c].extend(str(o) for o in g.objects(c, p))
    return out


def whole_word_hits(labels: dict[URIRef, list[str]], text: str) -> dict[str, set[str]]:
    hits: dict[str, set[str]] = defaultdict(set)
    for concept, ls in labels.items():
        for label in ls:
            if re.search(r"(?<!\w)" + re.escape(label) + r"(?!\w)", text, re.IGNORECASE):
                hits[local(concept)].add(label)
    return hits


# --------------------------------------------------------------------------- parsing

@pytest.mark.parametrize("name", TTL_FILES)
def test_turtle_parses(name):
    g = Graph().parse(ONTOLOGY / name, format="turtle")
    assert len(g) > 0


def test_context_parses(context):
    assert isinstance(context.get("@context"), dict)
    assert context["@context"].get("@version") == 1.1


# --------------------------------------------------------------------------- ontology

def test_ontology_header(graphs):
    g = graphs["tce.ttl"]
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal("0.1.0")) in g
    assert (ONTOLOGY_IRI, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    for p in (DCTERMS.title, DCTERMS.description, RDFS.label):
        assert en_literals(g, ONTOLOGY_IRI, p), p


def test_expected_terms_are_declared(graphs):
    g = graphs["tce.ttl"]
    for name in EXPECTED_CLASSES:
        assert (TCE[name], RDF.type, OWL.Class) in g, name
    for name in EXPECTED_OBJECT_PROPERTIES:
        assert (TCE[name], RDF.type, OWL.ObjectProperty) in g, name
    for name in EXPECTED_DATATYPE_PROPERTIES:
        assert (TCE[name], RDF.type, OWL.DatatypeProperty) in g, name


def test_every_tce_term_used_is_declared_and_documented(merged):
    used = {t for triple in merged for t in triple if isinstance(t, URIRef) and str(t).startswith(str(TCE))}
    assert used, "no tce: terms found"
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    problems = []
    for term in sorted(used):
        if not kinds & set(merged.objects(term, RDF.type)):
            problems.append(f"{term} is not declared")
        if len(en_literals(merged, term, RDFS.label)) != 1:
            problems.append(f"{term} needs exactly one rdfs:label@en")
        if not en_literals(merged, term, RDFS.comment):
            problems.append(f"{term} has no rdfs:comment@en")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in merged:
            problems.append(f"{term} has no rdfs:isDefinedBy the ontology")
    assert not problems, "\n".join(problems)


def test_no_term_is_both_object_and_datatype_property(merged):
    both = set(merged.subjects(RDF.type, OWL.ObjectProperty)) & set(merged.subjects(RDF.type, OWL.DatatypeProperty))
    assert not both


def test_superclasses(graphs):
    g = graphs["tce.ttl"]
    for name, sup in EXPECTED_SUPERCLASSES.items():
        assert (TCE[name], RDFS.subClassOf, sup) in g, name
    assert (TCE.sourceFile, RDFS.subPropertyOf, ns.PROV.wasDerivedFrom) in g


def test_typed_ranges(graphs):
    g = graphs["tce.ttl"]
    expected = {
        "sha256": XSD.string, "byteSize": XSD.integer, "encoding": XSD.string,
        "localAuthorityCount": XSD.integer,
        "ordinal": XSD.integer, "urlLost": XSD.boolean, "footnoteNumber": XSD.integer,
        "startLine": XSD.integer, "project": TCE.SupportProject, "sourceFile": TCE.SourceFile,
        "inReport": TCE.LearningReport, "signatory": ns.FOAF.Person, "property": RDF.Property,
        "topic": TCE.Topic, "strength": TCE.TagStrength, "evidence": TCE.Evidence,
        "theme": TCE.Theme, "region": TCE.Region, "inRegion": TCE.Region,
    }
    for name, rng in expected.items():
        assert (TCE[name], RDFS.range, rng) in g, name
    for name in ("commenced", "ended"):  # a month, or a year where the report gives no month ("Spring 2022")
        assert [set(Collection(g, u)) for r in g.objects(TCE[name], RDFS.range)
                for u in g.objects(r, OWL.unionOf)] == [{XSD.gYearMonth, XSD.gYear}], name


def test_external_properties_declared(graphs):
    g = graphs["tce.ttl"]
    for prop, kind in EXTERNAL_PROPERTIES.items():
        assert (prop, RDF.type, kind) in g, prop
        assert en_literals(g, prop, RDFS.label), prop
        defined_by = list(g.objects(prop, RDFS.isDefinedBy))
        assert defined_by and not str(defined_by[0]).startswith("https://w3id.org/tce-graph/"), prop


# --------------------------------------------------------------------------- concept schemes

def test_schemes_are_declared(merged):
    for scheme in SCHEMES:
        assert (scheme, RDF.type, SKOS.ConceptScheme) in merged, scheme
        assert en_literals(merged, scheme, SKOS.prefLabel), scheme
        assert en_literals(merged, scheme, DCTERMS.title), scheme
        assert en_literals(merged, scheme, SKOS.definition), scheme


def test_every_concept_has_one_preflabel_and_a_declared_scheme(merged):
    schemes = set(merged.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(merged.subjects(RDF.type, SKOS.Concept))
    assert concepts
    problems = []
    for c in sorted(concepts):
        if len(en_literals(merged, c, SKOS.prefLabel)) != 1:
            problems.append(f"{c}: needs exactly one skos:prefLabel@en")
        if len(list(merged.objects(c, SKOS.prefLabel))) != 1:
            problems.append(f"{c}: has prefLabels in other languages")
        in_schemes = set(merged.objects(c, SKOS.inScheme))
        if not in_schemes or not in_schemes <= schemes:
            problems.append(f"{c}: skos:inScheme missing or not a declared scheme")
        if not en_literals(merged, c, SKOS.definition):
            problems.append(f"{c}: no skos:definition@en")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", list(SCHEMES), ids=local)
def test_scheme_members(merged, scheme):
    cls, names = SCHEMES[scheme]
    members = set(merged.subjects(SKOS.inScheme, scheme))
    assert {local(m) for m in members} == names
    for m in members:
        assert str(m) == f"{scheme}/{local(m)}"
        assert (m, RDF.type, SKOS.Concept) in merged
        assert (m, RDF.type, cls) in merged


@pytest.mark.parametrize("scheme", list(SCHEMES), ids=local)
def test_top_concepts(merged, scheme):
    members = set(merged.subjects(SKOS.inScheme, scheme))
    tops = set(merged.subjects(SKOS.topConceptOf, scheme))
    assert tops == set(merged.objects(scheme, SKOS.hasTopConcept))
    assert tops == {m for m in members if (m, SKOS.broader, None) not in merged}


@pytest.mark.parametrize("scheme", list(SCHEMES), ids=local)
def test_labels_unique_within_scheme(merged, scheme):
    seen: dict[str, URIRef] = {}
    clashes = []
    for c in merged.subjects(SKOS.inScheme, scheme):
        own = {str(o).casefold() for p in LABELS for o in merged.objects(c, p)}
        for label in own:
            if label in seen and seen[label] != c:
                clashes.append(f"{label!r}: {seen[label]} and {c}")
            seen[label] = c
    assert not clashes, "\n".join(clashes)


def test_label_kinds_are_disjoint(merged):
    """SKOS S13: a concept's pref, alt and hidden labels are pairwise disjoint."""
    for c in set(merged.subjects(RDF.type, SKOS.Concept)):
        pref, alt, hidden = (set(merged.objects(c, p)) for p in LABELS)
        assert not (pref & alt or pref & hidden or alt & hidden), c


def test_regions_carry_gss_codes(merged):
    scheme = URIRef(DEF + "region")
    codes = {}
    for c in merged.subjects(SKOS.inScheme, scheme):
        notations = list(merged.objects(c, SKOS.notation))
        assert len(notations) == 1, c
        n = notations[0]
        assert isinstance(n, Literal) and n.datatype is None and n.language is None, c
        codes[local(c)] = str(n)
        assert (c, SKOS.exactMatch, ns.ONS[str(n)]) in merged, c
    assert codes == GSS_CODES


def test_theme_labels(merged):
    bridging = ns.THEME["bridging-boundaries"]
    assert (bridging, SKOS.altLabel, Literal("Blurring boundaries", lang="en")) in merged
    holding = ns.THEME["holding-complexity"]
    assert (holding, SKOS.prefLabel, Literal("Holding complexity, uncertainty and curiosity", lang="en")) in merged
    assert (holding, SKOS.altLabel, Literal("Working with complexity, curiosity and uncertainty", lang="en")) in merged


# --------------------------------------------------------------------------- topics thesaurus

def test_topic_hierarchy(merged):
    ce = ns.TOPIC["child-exploitation"]
    for narrower in ("child-sexual-exploitation", "child-criminal-exploitation"):
        assert (ns.TOPIC[narrower], SKOS.broader, ce) in merged
    for s, o in merged.subject_objects(SKOS.broader):
        assert (o, SKOS.narrower, s) in merged, (s, o)
    for s, o in merged.subject_objects(SKOS.narrower):
        assert (o, SKOS.broader, s) in merged, (s, o)
    for s, o in merged.subject_objects(SKOS.related):
        assert (o, SKOS.related, s) in merged, (s, o)
        assert (s, SKOS.broader, o) not in merged and (o, SKOS.broader, s) not in merged, (s, o)


def test_topic_abbreviations_and_variants(merged):
    labels = topic_labels(merged)
    def has(name, label):
        return label.casefold() in {x.casefold() for x in labels[ns.TOPIC[name]]}
    assert has("child-sexual-exploitation", "CSE")
    assert has("child-criminal-exploitation", "CCE")
    assert has("county-lines", "county lines") and not has("child-criminal-exploitation", "county lines")
    assert (ns.TOPIC["county-lines"], SKOS.broader, ns.TOPIC["child-criminal-exploitation"]) in merged
    assert has("extra-familial-harm", "EFH")
    assert has("extra-familial-harm", "extra familial harm")
    assert has("all-age-approach", "all age")
    assert has("all-age-approach", "all ages exploitation")
    assert not has("all-age-approach", "all ages")  # "children of all ages" is no all-age approach
    assert has("voice-of-children-and-families", "youth voice")
    assert has("voice-of-children-and-families", "voice of the child")
    assert has("inspection-and-quality-assurance", "JTAI")
    assert has("data-and-intelligence", "data")


def test_topic_labels_skip_shared_boilerplate(merged):
    """Text every report shares must not tag anything but the programme's own subject."""
    boilerplate = "\n".join([
        "Tackling Child Exploitation Support Programme",
        "Emerging evidence of how the project has positively disrupted the system response to "
        "child exploitation and extra-familial harm",
        "Key reflections on the Joining the dots themes within the BSP:",
        "1. Leading with care 2. Bridging boundaries 3. Holding complexity, uncertainty and curiosity",
        "Describes the thematic approach taken by the TCE Support Programme to respond to system "
        "challenges.",
        "Significant learning and transferability from the BSP for other areas",
        "Immediate reflections from the local area",
        "Walsall CCG, Clinical Commissioning Group",
        "Commissioning an extra-familial harm evidence review; a rapid evidence scope was commissioned",
        "What was perhaps missing within all of this; to prevent harm; an update to the database; once",
    ])
    hits = whole_word_hits(topic_labels(merged), boilerplate)
    assert set(hits) <= {"child-exploitation", "extra-familial-harm"}, dict(hits)


def test_topic_labels_find_expected_topics_in_sample_reports(merged):
    labels = topic_labels(merged)
    expected = {
        "walsall.txt": {"all-age-approach", "community-engagement", "child-sexual-exploitation", "disruption"},
        "cheshire-west-and-chester.txt": {"transitional-safeguarding", "all-age-approach"},
        "birmingham.txt": {"contextual-safeguarding", "inspection-and-quality-assurance", "multi-agency-hubs"},
        "reading.txt": {"extra-familial-harm", "data-and-intelligence"},
        "somerset.txt": {"governance-and-strategic-mandate", "commissioning"},
    }
    for name, topics in expected.items():
        path = REPORTS / name
        if not path.is_file():
            continue
        found = set(whole_word_hits(labels, path.read_text(encoding="utf-8")))
        assert topics <= found, (name, topics - found)


# --------------------------------------------------------------------------- JSON-LD context

def _expand(ctx: dict, value: str) -> str:
    prefix, sep, rest = value.partition(":")
    if sep and prefix in ctx and isinstance(ctx[prefix], str) and not rest.startswith("//"):
        return ctx[prefix] + rest
    return value


CONCEPT_PREFIXES = {"theme", "region", "agencytype", "delivery", "methodology", "topic", "side", "strength"}


def test_context_has_the_vocabulary_prefixes_and_keys_that_clash_with_none(context):
    """The vocabularies' prefixes are there; the concept schemes' are not (their IRIs are written in full),
    so properties such as tce:region have plain keys ("region"), never "tce:region"."""
    ctx = context["@context"]
    for prefix, iri in ns.PREFIXES.items():
        if prefix not in CONCEPT_PREFIXES:
            assert ctx.get(prefix) == iri, prefix
    assert (ctx["id"], ctx["type"], ctx["@language"]) == ("@id", "@type", "en")
    for name in ("region", "theme", "topic", "methodology", "side", "strength"):
        assert ctx[name] == {"@id": f"tce:{name}", "@type": "@id"}
    assert not [term for term in ctx if term.startswith("tce:")]


def test_context_terms_match_the_ontology(context, merged):
    ctx = context["@context"]
    object_props = set(merged.subjects(RDF.type, OWL.ObjectProperty))
    datatype_props = set(merged.subjects(RDF.type, OWL.DatatypeProperty))
    classes = set(merged.subjects(RDF.type, OWL.Class))
    annotation_props = set(merged.subjects(RDF.type, OWL.AnnotationProperty))
    seen_tce = set()
    for term, definition in ctx.items():
        if term.startswith("@") or (isinstance(definition, str) and definition.endswith(("/", "#", "@id", "@type"))):
            continue  # a keyword, an alias or a prefix
        iri_text = definition if isinstance(definition, str) else definition["@id"]
        iri = URIRef(_expand(ctx, iri_text))
        if iri == RDFS.label:  # built into RDF Schema / OWL
            continue
        if ":" in term:  # JSON-LD 1.1: a compact-IRI term must expand to its own IRI
            assert URIRef(_expand(ctx, term)) == iri, term
        assert iri in object_props | datatype_props | annotation_props | classes, f"{term} -> {iri} is not declared"
        if str(iri).startswith(str(TCE)):
            seen_tce.add(iri)
        coerced = None if isinstance(definition, str) else definition.get("@type")
        if iri in object_props:
            assert coerced == "@id", term
        elif iri in datatype_props and str(iri).startswith(str(TCE)):
            ranges = {r for r in merged.objects(iri, RDFS.range) if r != RDFS.Literal}
            ranges |= {m for r in ranges for u in merged.objects(r, OWL.unionOf) for m in Collection(merged, u)}
            if ranges and not ranges <= {XSD.string, XSD.integer, XSD.boolean}:
                assert coerced and URIRef(_expand(ctx, coerced)) in ranges, term
            else:  # text, and numbers and booleans (written as native JSON values), have no coercion
                assert coerced is None, term
    tce_props = {p for p in object_props | datatype_props if str(p).startswith(str(TCE))}
    assert tce_props <= seen_tce, sorted(tce_props - seen_tce)


def _sample_graph() -> Graph:
    ID = Namespace(ns.DEFAULT_BASE_IRI)
    g = Graph()
    report, project, item = ID["report/x"], ID["project/x"], ID["reflection/x/1"]
    g.add((report, RDF.type, TCE.LearningReport))
    g.add((report, TCE.project, project))
    g.add((project, TCE.region, ns.REGION["west-midlands"]))
    g.add((project, TCE.commenced, Literal("2020-06", datatype=XSD.gYearMonth)))
    g.add((project, TCE.commenced, Literal("2019", datatype=XSD.gYear)))
    g.add((project, TCE.localAuthorityCount, Literal(1)))
    g.add((project, DCTERMS.subject, ns.TOPIC["child-exploitation"]))
    g.add((project, TCE.reflection, item))
    g.add((item, TCE.theme, ns.THEME["leading-with-care"]))
    g.add((item, TCE.text, Literal("Some text", lang="en")))
    g.add((item, TCE.text, Literal("Rhywfaint o destun", lang="cy")))
    g.add((item, TCE.heading, Literal("No language")))
    g.add((item, TCE.ordinal, Literal(3)))
    g.add((ID["signoff/x/1"], DCTERMS.date, Literal("2021-03-22", datatype=XSD.date)))
    g.add((ID["cited/x"], TCE.urlLost, Literal(True)))
    return g


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser internals
def test_the_writer_gives_json_a_web_developer_reads_and_the_same_graph_back(context):
    from pyld import jsonld as pyld  # in the test extra

    from tce_graph.rdf.jsonld import compactor

    g = _sample_graph()
    nodes = {n["id"]: n for n in compactor(context["@context"]).node_objects(g)}
    project = nodes[ns.DEFAULT_BASE_IRI + "project/x"]
    assert project["region"] == str(ns.REGION["west-midlands"])
    assert project["commenced"] == ["2020-06", {"@type": "xsd:gYear", "@value": "2019"}]  # in JSON text order
    assert project["localAuthorityCount"] == 1
    assert nodes[ns.DEFAULT_BASE_IRI + "cited/x"]["urlLost"] is True
    assert nodes[ns.DEFAULT_BASE_IRI + "report/x"]["type"] == "LearningReport"
    item = nodes[ns.DEFAULT_BASE_IRI + "reflection/x/1"]
    assert item["text"] == ["Some text", {"@language": "cy", "@value": "Rhywfaint o destun"}]
    assert item["heading"] == {"@value": "No language"}
    assert item["ordinal"] == 3
    from tce_graph.rdf.jsonld import Compactor

    not_canonical = Literal("007", datatype=XSD.integer, normalize=False)  # JSON would write it back as 7
    assert Compactor(context["@context"]).value(not_canonical, None) == {"@value": "007", "@type": "xsd:integer"}
    assert list(project)[0] == "id"
    doc = {"@context": context["@context"], "@graph": list(nodes.values())}
    for parsed in (Graph().parse(data=json.dumps(doc), format="json-ld"),
                   Graph().parse(data=pyld.to_rdf(doc, {"format": "application/n-quads"}), format="nquads")):
        assert isomorphic(g, parsed)


def test_context_compacts_with_pyld(context):
    """A general JSON-LD processor compacts with the context as the writer does."""
    from pyld import jsonld  # in the test extra
    doc = {
        "@id": ns.DEFAULT_BASE_IRI + "project/x",
        str(TCE.region): {"@id": str(ns.REGION["west-midlands"])},
        str(TCE.commenced): {"@value": "2020-06", "@type": str(XSD.gYearMonth)},
        str(TCE.ordinal): {"@value": 3},
        str(TCE.text): {"@value": "Some text", "@language": "en"},
    }
    compacted = jsonld.compact(doc, context)
    assert compacted["id"] == ns.DEFAULT_BASE_IRI + "project/x"
    assert compacted["region"] == str(ns.REGION["west-midlands"])
    assert (compacted["commenced"], compacted["ordinal"], compacted["text"]) == ("2020-06", 3, "Some text")
    assert jsonld.expand(compacted) == jsonld.expand(doc)


# --------------------------------------------------------------------------- coverage of the mapped data

def test_mapped_reports_use_only_declared_terms(merged, context):
    """Every tce: term, class and concept the mapper writes for the sample reports is in the ontology files."""
    from tce_graph import parse_report
    from tce_graph.rdf.mapping import report_to_graph
    declared = {s for s in merged.subjects() if isinstance(s, URIRef)}
    ctx_iris = {URIRef(_expand(context["@context"], v if isinstance(v, str) else v["@id"]))
                for k, v in context["@context"].items() if not k.startswith("@")}
    problems = set()
    for path in sorted(REPORTS.glob("*.txt")):
        g = report_to_graph(parse_report(path))
        for _s, p, o in g:
            if str(p).startswith(str(TCE)):
                if p not in declared:
                    problems.add(f"predicate {p}")
                if p not in ctx_iris:
                    problems.add(f"predicate {p} has no term in context.jsonld")
            if p == RDF.type and str(o).startswith(str(TCE)) and o not in declared:
                problems.add(f"class {o}")
            if isinstance(o, URIRef) and str(o).startswith(DEF) and p != RDF.type and o not in declared:
                if (o, SKOS.inScheme, None) not in g:  # the mapper describes concepts it adds itself
                    problems.add(f"concept {o}")
    assert not problems, "\n".join(sorted(problems))
