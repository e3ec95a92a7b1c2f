"""The SHACL shapes (shapes/*.ttl) against the ontology, and the five bundled reports against the shapes."""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from tce_graph.validate import Severity, load_shapes

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"
SHAPES_DIR = REPO / "shapes"
TCE = Namespace("https://w3id.org/tce-graph/def#")
TCESH = Namespace("https://w3id.org/tce-graph/shapes#")
DEF = "https://w3id.org/tce-graph/def/"
FIX = TCESH.fix
# second types the mapping adds for interoperability; their instances are checked through the tce: class
SECONDARY_TYPES = {URIRef("http://www.w3.org/ns/prov#Activity"), URIRef("http://www.w3.org/ns/prov#Agent"),
                   URIRef("https://schema.org/Dataset"), URIRef("https://schema.org/DataDownload"),  # beside DCAT's
                   URIRef("http://www.w3.org/ns/prov#Entity"),  # beside tce:ReportGraph
                   URIRef("http://www.w3.org/ns/org#OrganizationalUnit"),  # beside org:Organization
                   URIRef("http://www.w3.org/ns/org#OrganizationalCollaboration"),
                   URIRef("http://www.w3.org/ns/oa#Annotation"), URIRef("http://rdfs.org/ns/void#Dataset")}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "tce.ttl")


@pytest.fixture(scope="module")
def concepts() -> Graph:
    g = Graph()
    for name in ("concepts.ttl", "topics.ttl"):
        g.parse(ONTOLOGY / name)
    return g


def _classes(ontology: Graph) -> set:
    return set(ontology.subjects(RDF.type, OWL.Class))


def _properties(ontology: Graph) -> set:
    return {s for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
            for s in ontology.subjects(RDF.type, t)}


def _path_properties(g: Graph, path) -> list:
    """The predicates a SHACL property path is made of."""
    if isinstance(path, URIRef):
        return [path]
    for op in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = g.value(path, op)
        if inner is not None:
            return _path_properties(g, inner)
    if (path, RDF.first, None) in g:
        return [p for item in Collection(g, path) for p in _path_properties(g, item)]
    raise AssertionError(f"unknown path form {path}")


def _is_builtin(term) -> bool:
    return str(term).startswith((str(RDF), str(RDFS)))


# ---------------------------------------------------------------------------- shapes vs ontology

def test_shapes_are_valid_shacl(shapes):
    """pyshacl's meta-SHACL check (the shapes graph against SHACL's own shapes) passes."""
    good = Graph().parse(REPO / "tests" / "cases" / "shapes" / "good-report" / "data.ttl")
    for name in ("concepts.ttl", "topics.ttl"):
        good.parse(ONTOLOGY / name)
    shacl = Graph()  # a context-aware copy: the meta-SHACL check validates the shapes graph as data
    shacl += shapes
    conforms, _, text = pyshacl.validate(good, shacl_graph=shacl, meta_shacl=True)  # raises if the shapes are not
    assert conforms, text


def test_every_targeted_class_exists(shapes, ontology):
    classes = _classes(ontology)
    targets = set(shapes.objects(None, SH.targetClass))
    assert targets and targets <= classes, f"not in the ontology: {sorted(map(str, targets - classes))}"


def test_every_class_of_the_ontology_has_its_node_shape(shapes, ontology):
    """tce:Foo is targeted by tcesh:FooShape (or, for the report-item kinds, by ReportItemShape too)."""
    for cls in sorted(c for c in _classes(ontology) if str(c).startswith(str(TCE))):
        name = str(cls)[len(str(TCE)):]
        shape = TCESH[name + "Shape"]
        assert (shape, RDF.type, SH.NodeShape) in shapes, f"no node shape {shape} for {cls}"
        assert (shape, SH.targetClass, cls) in shapes, f"{shape} does not target {cls}"


def test_every_constrained_property_exists(shapes, ontology):
    properties = _properties(ontology)
    for s, path in shapes.subject_objects(SH.path):
        for p in _path_properties(shapes, path):
            assert p in properties or _is_builtin(p), f"{s}: path property {p} is not in the ontology"
    for prop in (SH.equals, SH.lessThan, SH.lessThanOrEquals, SH.disjoint):
        for s, p in shapes.subject_objects(prop):
            assert p in properties, f"{s}: {prop} {p} is not in the ontology"


def test_every_class_constraint_names_a_class(shapes, ontology):
    classes = _classes(ontology)
    for s, cls in shapes.subject_objects(SH["class"]):
        assert cls in classes, f"{s}: sh:class {cls} is not in the ontology"


def test_value_sets_are_the_schemes_concepts(shapes, concepts):
    """sh:in lists and sh:hasValue values of concept IRIs name concepts of the schemes; closed lists are complete."""
    for s, lst in shapes.subject_objects(SH["in"]):
        values = list(Collection(shapes, lst))
        concept_values = [v for v in values if isinstance(v, URIRef) and str(v).startswith(DEF)]
        for v in concept_values:
            assert (v, RDF.type, SKOS.Concept) in concepts, f"{s}: {v} is not a concept of the schemes"
        schemes = {concepts.value(v, SKOS.inScheme) for v in concept_values}
        if len(schemes) == 1 and concept_values:
            [scheme] = schemes
            members = set(concepts.subjects(SKOS.inScheme, scheme))
            assert set(concept_values) == members, f"{s}: sh:in is not the whole scheme {scheme}"
    for s, v in shapes.subject_objects(SH.hasValue):
        if isinstance(v, URIRef) and str(v).startswith(DEF) and (s, SH.path, SKOS.inScheme) not in shapes:
            assert (v, RDF.type, SKOS.Concept) in concepts, f"{s}: sh:hasValue {v} is not a concept"
        if (s, SH.path, SKOS.inScheme) in shapes:
            assert (v, RDF.type, SKOS.ConceptScheme) in concepts, f"{s}: {v} is not a concept scheme"


def test_region_and_delivery_value_sets(shapes, concepts):
    region_in = shapes.value(TCESH["SupportProject-region-value"], SH["in"])
    assert len(list(Collection(shapes, region_in))) == 9
    delivery_in = shapes.value(TCESH["SupportProject-deliveryMode-value"], SH["in"])
    assert {str(v).rsplit("/", 1)[1] for v in Collection(shapes, delivery_in)} == {"digital", "face-to-face", "mixed"}


def test_every_shape_is_documented(shapes):
    """Node shapes have sh:name and sh:description; every constraint has a message, a severity and a fix."""
    for s in shapes.subjects(RDF.type, SH.NodeShape):
        if isinstance(s, BNode):
            continue
        assert (s, SH.name, None) in shapes and (s, SH.description, None) in shapes, f"{s} lacks sh:name/description"
    constrained = [s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)]
    constrained += [s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, SH.message, None) in shapes]
    assert len(constrained) > 100
    for s in constrained:
        for p in (SH.message, SH.name):
            values = list(shapes.objects(s, p))
            assert values and all(isinstance(v, Literal) and v.language == "en" for v in values), f"{s}: {p}"
        fixes = list(shapes.objects(s, FIX))
        assert len(fixes) == 1 and fixes[0].language == "en", f"{s}: needs one tcesh:fix"
        if (s, RDF.type, SH.PropertyShape) in shapes:
            assert shapes.value(s, SH.severity) in (SH.Violation, SH.Warning, SH.Info), f"{s}: needs sh:severity"


def test_severities_are_used_with_intent(shapes):
    severities = {shapes.value(s, SH.severity) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    assert {SH.Violation, SH.Warning, SH.Info} <= severities
    assert shapes.value(TCESH["CitedResource-urlLost-true"], SH.severity) == SH.Warning
    assert shapes.value(TCESH["SupportProject-region-missing"], SH.severity) == SH.Violation


def test_fix_is_declared(shapes):
    assert (FIX, RDF.type, OWL.AnnotationProperty) in shapes


# ---------------------------------------------------------------------------- the bundled reports

def test_every_class_in_the_data_has_a_shape(built, shapes):
    targeted = set(shapes.objects(None, SH.targetClass))
    used = set()
    for g in built.dataset.graphs():
        if "/id/graph/" in str(g.identifier):  # the report graphs and the dataset description
            used |= set(g.objects(None, RDF.type))
    assert URIRef("http://www.w3.org/ns/dcat#Dataset") in used
    assert used - targeted - SECONDARY_TYPES == set()


def test_the_five_reports_conform(built):
    report = built.validation
    assert report is not None
    assert report.conforms, report.to_text(min_severity=Severity.VIOLATION)
    assert report.count(Severity.VIOLATION) == 0
    assert {r.source_file for r in report.reports} == {
        "birmingham.txt", "cheshire-west-and-chester.txt", "reading.txt", "somerset.txt", "walsall.txt"}
    # what a publisher should know about the real data is reported, each under its own report
    somerset = [r for r in report.results if r.source_file == "somerset.txt"]
    assert [r.shape_name for r in somerset] == ["ThemeReflection-theme-missing"]
    lost = [r for r in report.results if r.shape_name == "CitedResource-urlLost-true"]
    assert lost and all(r.severity is Severity.WARNING for r in lost)


def test_the_five_reports_conform_from_every_export(built):
    from tce_graph.validate import validate_graph

    for name in ("tce-graph.trig", "tce-graph.nq", "tce-graph.ttl", "tce-graph.jsonld"):
        report = validate_graph(built.out_dir / name)
        assert report.conforms and len(report.reports) == 5, name
        assert report.counts == built.validation.counts, name
