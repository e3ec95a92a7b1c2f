"""Provenance and evidence: each report graph says how it was made; evidence IRIs come from what they
say (not from counters); every quote carries the text either side of it; offsets are integers of at least 0."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

import tce_graph
from tce_graph.namespaces import OA, SCHEMA, TCE
from tce_graph.rdf.mapping import QUOTE_CONTEXT, report_triples

REPORTS = Path(__file__).parent.parent / "data" / "reports"


@pytest.fixture(scope="module")
def dataset(built) -> Dataset:
    ds = Dataset()
    ds.parse(built.out_dir / "tce-graph.trig", format="trig")
    return ds


def _report_graphs(ds: Dataset):
    return [g for g in ds.graphs() if (None, RDF.type, TCE.LearningReport) in g]


def test_every_report_graph_was_generated_by_a_mapping_that_used_its_file(dataset):
    graphs = _report_graphs(dataset)
    assert len(graphs) == 5
    for g in graphs:
        report = g.value(None, RDF.type, TCE.LearningReport, any=False)
        source = g.value(report, TCE.sourceFile)
        activity = g.value(g.identifier, PROV.wasGeneratedBy)
        assert activity is not None, g.identifier
        assert (activity, RDF.type, PROV.Activity) in g
        assert (activity, PROV.used, source) in g
        assert (g.identifier, PROV.wasDerivedFrom, source) in g
        tool = g.value(activity, PROV.wasAssociatedWith)
        assert (tool, RDF.type, PROV.SoftwareAgent) in g
        assert g.value(tool, SCHEMA.softwareVersion) == Literal(tce_graph.__version__)


def _evidence(triples) -> dict[tuple, URIRef]:
    """(body, property, start, end) -> the annotation's IRI."""
    by = {}
    ann = {s for s, p, o in triples if p == RDF.type and o == OA.Annotation}
    out = {}
    for s, p, o in triples:
        by.setdefault(s, {}).setdefault(p, []).append(o)
    for a in ann:
        target = by[a][OA.hasTarget][0]
        pos = next(sel for sel in by[target][OA.hasSelector] if OA.start in by[sel])
        key = (by[a][OA.hasBody][0], by[a][TCE.property][0], int(by[pos][OA.start][0]), int(by[pos][OA.end][0]))
        out[key] = a
    return out


def test_evidence_iris_stay_when_an_earlier_field_is_extracted_differently(reports):
    """Read Walsall again as if the first core agency had not been found: every other value keeps its
    evidence IRI (with counters, each later one would have been renumbered)."""
    report = reports["walsall"]
    assert len(report.agencies) == 3
    _, before = report_triples(report)
    _, after = report_triples(dataclasses.replace(report, agencies=report.agencies[1:]))
    old, new = _evidence(before), _evidence(after)
    assert len(old) - len(new) >= 1  # the agency's own evidence is gone
    kept = set(old) & set(new)
    assert len(kept) > 50
    assert all(old[k] == new[k] for k in kept)
    assert all(str(iri).split("#")[0].endswith(report.source.sha256[:16]) for iri in old.values())


def test_each_quote_has_the_text_before_and_after_it_and_integer_offsets(reports):
    for name, report in reports.items():
        text = report.source.text
        _, triples = report_triples(report)
        by: dict = {}
        for s, p, o in triples:
            by.setdefault(s, {}).setdefault(p, []).append(o)
        quotes = 0
        for props in by.values():
            if OA.hasSource not in props:
                continue
            selectors = props[OA.hasSelector]
            pos = next(by[s] for s in selectors if OA.start in by[s])
            quote = next(by[s] for s in selectors if OA.exact in by[s])
            start, end = pos[OA.start][0], pos[OA.end][0]
            assert start.datatype == XSD.integer and end.datatype == XSD.integer  # see the next test
            start, end = int(start), int(end)
            assert 0 <= start < end
            assert str(quote[OA.exact][0]) == text[start:end]
            before = text[max(0, start - QUOTE_CONTEXT):start]
            after = text[end:end + QUOTE_CONTEXT]
            assert [str(v) for v in quote.get(OA.prefix, [])] == ([before] if before else []), name
            assert [str(v) for v in quote.get(OA.suffix, [])] == ([after] if after else []), name
            quotes += 1
        assert quotes > 50, name


def test_the_store_would_not_keep_a_derived_integer_type():
    """Why offsets are xsd:integer: Oxigraph's storage writes xsd:nonNegativeInteger back as xsd:integer, so an
    offset of that type would differ between the exports and the store. If this starts failing, Oxigraph keeps
    the type, and the offsets can be xsd:nonNegativeInteger as the Web Annotation model has them."""
    import pyoxigraph as ox

    store = ox.Store()
    typed = ox.Literal("5", datatype=ox.NamedNode(str(XSD.nonNegativeInteger)))
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), typed))
    (quad,) = list(store)
    assert quad.object.datatype.value == str(XSD.integer)


def test_each_source_file_says_what_its_report_states_of_its_rights(reports):
    from tce_graph.namespaces import DCTERMS
    from tce_graph.rdf.mapping import NO_RIGHTS, rights_statement

    for name, report in reports.items():  # none of the five reports states a licence or a copyright
        _, triples = report_triples(report)
        rights = [str(o) for s, p, o in triples if p == DCTERMS.rights]
        assert rights == [NO_RIGHTS], name
    stated = "Intro\n\n© Somewhere Council 2021. Licensed under the Open Government Licence v3.0\n\nMore"
    assert rights_statement(stated) == ("The report states: © Somewhere Council 2021. Licensed under the Open "
                                        "Government Licence v3.0")
    assert rights_statement("the taxi licensing team and a driving licence") == NO_RIGHTS
