"""The dataset description (graph id/graph/dataset): DCAT 3 as DCAT-AP asks, VoID that counts right,
schema.org for search engines, and times only from --issued or SOURCE_DATE_EPOCH."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from tce_graph.cli import main
from tce_graph.config import Settings
from tce_graph.errors import InputError
from tce_graph.namespaces import DEFAULT_BASE_IRI, SCHEMA, dataset_graph_iri, dataset_iri
from tce_graph.pipeline import build
from tce_graph.rdf.dataset import IANA_MEDIA_TYPES, VOCABULARIES
from tce_graph.validate import validate_graph

REPORTS = Path(__file__).parent.parent / "data" / "reports"
DATASET = URIRef(dataset_iri(DEFAULT_BASE_IRI))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The five reports built as a publisher would: with a publisher, a contact and an issue time."""
    out = tmp_path_factory.mktemp("dcat") / "out"
    settings = Settings.from_env({"SOURCE_DATE_EPOCH": "1717200000"}, publisher="Example Data Team",
                                 contact="data@example.org")
    result = build([REPORTS], out, settings=settings, cache=False)
    ds = Dataset()
    ds.parse(out / "tce-graph.trig", format="trig")
    return out, result, ds


def _description(ds: Dataset) -> Graph:
    return ds.graph(URIRef(dataset_graph_iri(DEFAULT_BASE_IRI)))


def _dataset_results(report):
    return [r for r in report.results if r.shape.startswith(("tcesh:Dataset", "tcesh:Distribution"))]


def test_the_description_passes_the_dcat_ap_shapes(published):
    _, result, _ = published
    assert result.validation is not None
    assert _dataset_results(result.validation) == []


def test_without_a_publisher_or_contact_the_shapes_say_so_but_pass(built):
    results = _dataset_results(built.validation)
    assert sorted(r.shape for r in results) == ["tcesh:Dataset-contactPoint", "tcesh:Dataset-publisher"]
    assert {r.severity.name for r in results} == {"INFO"}


def test_the_shapes_catch_a_distribution_without_a_download_url(published):
    _, _, ds = published
    g = Graph()
    for t in _description(ds):
        g.add(t)
    dists = list(g.objects(DATASET, DCAT.distribution))
    assert len(dists) == 4
    g.remove((dists[0], DCAT.downloadURL, None))
    report = validate_graph(g)
    broken = [r for r in report.results if r.shape == "tcesh:Distribution-downloadURL"]
    assert len(broken) == 1 and broken[0].severity.name == "VIOLATION"
    assert not report.conforms


def test_distributions_have_iana_media_types_formats_and_download_urls(published):
    _, _, ds = published
    g = _description(ds)
    for dist in g.objects(DATASET, DCAT.distribution):
        media = g.value(dist, DCAT.mediaType)
        assert isinstance(media, URIRef) and str(media).startswith(IANA_MEDIA_TYPES)
        name = str(g.value(dist, DCTERMS.title))
        url = g.value(dist, DCAT.downloadURL)
        assert str(url) == f"https://w3id.org/tce-graph/download/{name}"
        assert (DATASET, VOID.dataDump, url) in g
        assert str(g.value(dist, DCTERMS.format)).startswith("http://publications.europa.eu/resource/authority/file-type/")
        assert (dist, RDF.type, SCHEMA.DataDownload) in g


def test_void_counts_every_quad_and_each_report_graph(published):
    out, _, ds = published
    g = _description(ds)
    lines = [line for line in (out / "tce-graph.nq").read_text(encoding="utf-8").splitlines() if line]
    assert int(g.value(DATASET, VOID.triples)) == len(lines)
    subsets = list(g.objects(DATASET, VOID.subset))
    assert len(subsets) == 5
    for graph in subsets:
        assert int(g.value(graph, VOID.triples)) == len(ds.graph(graph))


def test_void_names_every_vocabulary_the_graph_uses(published):
    _, _, ds = published
    named = {str(o) for o in _description(ds).objects(DATASET, VOID.vocabulary)}
    assert named == {str(v) for v in VOCABULARIES}
    used = set()
    for _s, p, o, _g in ds.quads((None, None, None, None)):
        used.add(str(p))
        if p == RDF.type:
            used.add(str(o))
    unnamed = {iri for iri in used if not any(iri.startswith(v) for v in named)}
    assert not unnamed


def test_coverage_and_search_engine_terms(published):
    _, _, ds = published
    g = _description(ds)
    spatial = {str(o).rsplit("/", 1)[-1] for o in g.objects(DATASET, DCTERMS.spatial)}
    # read from the reports: the five councils' areas, England and the four regions they are in
    assert {"E08000030", "E08000025", "E06000038", "E06000050", "E10000027", "E92000001"} <= spatial
    assert {"west-midlands", "south-east", "south-west", "north-west"} <= spatial
    period = g.value(DATASET, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2019-08", datatype=XSD.gYearMonth)  # Birmingham's start
    assert (DATASET, RDF.type, SCHEMA.Dataset) in g and g.value(DATASET, SCHEMA.name) is not None
    assert str(g.value(g.value(DATASET, DCTERMS.publisher), URIRef("http://xmlns.com/foaf/0.1/name"))) == "Example Data Team"


def test_issued_comes_from_source_date_epoch_and_keeps_builds_identical(published, tmp_path):
    out, _, ds = published
    assert _description(ds).value(DATASET, DCTERMS.issued) == Literal("2024-06-01T00:00:00Z", datatype=XSD.dateTime)
    settings = Settings.from_env({"SOURCE_DATE_EPOCH": "1717200000"}, publisher="Example Data Team",
                                 contact="data@example.org")
    again = tmp_path / "again"
    build([REPORTS], again, settings=settings, cache=False)
    for name in ("tce-graph.nq", "tce-graph.trig", "tce-graph.jsonld", "tce-graph.ttl"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_without_a_date_the_description_states_none(built):
    ds = Dataset()
    ds.parse(built.out_dir / "tce-graph.trig", format="trig")
    assert _description(ds).value(DATASET, DCTERMS.issued) is None


def test_a_bad_issue_date_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError, match="is not a date"):
        Settings.from_env({}, issued="last Tuesday")
    result = CliRunner().invoke(main, ["build", str(REPORTS / "walsall.txt"), "--out", str(tmp_path / "o"),
                                       "--issued", "31/05/2024", "--no-validate"])
    assert result.exit_code == 2
    assert "'31/05/2024' is not a date" in result.output
    assert not (tmp_path / "o").exists()
