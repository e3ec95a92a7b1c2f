"""One node for one body within a report, labels that say whose a generic body is, council departments
as units, and people scoped to their partnership unless they sign for the TCE programme.
Expected values are read from the reports (data/reports/*.txt, tests/cases/reports/*)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from tce_graph import parse_report
from tce_graph.namespaces import DEFAULT_BASE_IRI, TCE
from tce_graph.rdf.mapping import report_triples

ORGANISATION = DEFAULT_BASE_IRI + "organisation/"
PERSON = DEFAULT_BASE_IRI + "person/"
CASES = Path(__file__).parent / "cases" / "reports"


def _graph(report):
    from rdflib import Graph

    g = Graph()
    for t in report_triples(report)[1]:
        g.add(t)
    return g


@pytest.fixture(scope="module")
def graphs(reports):
    return {name: _graph(r) for name, r in reports.items()}


def _organisations(g) -> dict[str, tuple[str, set[str]]]:
    return {str(s)[len(ORGANISATION):]: (str(g.value(s, SKOS.prefLabel)), {str(o) for o in g.objects(s, SKOS.altLabel)})
            for s in set(g.subjects(RDF.type, ORG.Organization))}


def test_birmingham_names_its_partnership_and_its_hub_two_ways_each(graphs):
    orgs = _organisations(graphs["birmingham"])
    # "The Safeguarding Children Partnership arrangements ... coordinated through the Birmingham Children's
    # Safeguarding Partnership" (line 32): one body
    assert orgs["birmingham-childrens-safeguarding-partnership"] == (
        "Birmingham Children's Safeguarding Partnership", {"Safeguarding Children Partnership"})
    assert "birmingham--safeguarding-children-partnership" not in orgs
    # "the development of a Contextual Safeguarding Hub was implemented in October 2019 ... The EMPOWERU Hub
    # currently brings together ..." (line 32): the hub described, then named
    assert orgs["empoweru-hub"] == ("EMPOWERU Hub", {"Contextual Safeguarding Hub"})
    assert "contextual-safeguarding-hub" not in orgs
    # "Building upon the established Multi Agency Safeguarding Hub" is another hub, and a generic name
    assert orgs["birmingham--multi-agency-safeguarding-hub"] == (
        "Multi Agency Safeguarding Hub (Birmingham)", {"Multi Agency Safeguarding Hub"})
    # the core agency listed as "CCG" says whose it is
    assert orgs["birmingham--ccg"] == ("CCG (Birmingham)", {"CCG"})


def test_reading_one_reading_and_its_board_are_one_body(graphs):
    orgs = _organisations(graphs["reading"])
    assert orgs["one-reading-board"] == ("One Reading Board", {"One Reading"})
    assert "one-reading" not in orgs


def test_council_departments_are_units_of_their_council(graphs):
    g = graphs["somerset"]
    council = URIRef(ORGANISATION + "somerset-county-council")
    units = {str(g.value(u, SKOS.prefLabel)) for u in g.subjects(ORG.unitOf, council)}
    # "Somerset County Council; Children's Services, Public Health, Education" in the details table (line 9)
    assert units == {"Somerset County Council – Children's Services", "Somerset County Council – Education",
                     "Somerset County Council – Public Health"}
    for u in g.subjects(ORG.unitOf, council):
        assert (u, RDF.type, ORG.OrganizationalUnit) in g
        assert (u, ORG.subOrganizationOf, council) in g
    assert Literal("Education", lang="en") in set(g.objects(URIRef(ORGANISATION + "somerset-county-council--education"),
                                                             SKOS.altLabel))


def _signatories(g) -> set[str]:
    return {str(p)[len(PERSON):] for p in g.objects(None, TCE.signatory)}


def test_local_signatories_are_scoped_and_the_tce_lead_recurs(graphs):
    # Walsall: "Signed by local area: Sophie Read-Willets, Alison Jones, Carol Broughton, Dez Lambert",
    # "Signed by TCE lead: Amy Hurst"; Somerset's TCE lead is Amy Hurst too
    assert _signatories(graphs["walsall"]) == {"walsall--sophie-read-willets", "walsall--alison-jones",
                                                "walsall--carol-broughton", "walsall--dez-lambert", "amy-hurst"}
    assert "amy-hurst" in _signatories(graphs["somerset"])
    # Reading's report names her as its local area's signatory ("Signed by local area: Amy Hurst"): as stated
    assert _signatories(graphs["reading"]) == {"reading--amy-hurst"}


def test_two_councils_of_one_partnership_stay_two():
    report = parse_report(next(p for p in (CASES / "bristol-sglos-nsomerset").iterdir() if p.suffix == ".txt"))
    orgs = _organisations(_graph(report))
    assert orgs["north-somerset-council"][1] == set() and orgs["south-gloucestershire-council"][1] == set()


def test_grouping_names_is_linear_in_their_number(reports):
    """Thousands of distinct names, many sharing words: grouped through indexes, not pairwise."""
    import dataclasses
    import time

    from tce_graph.model import Mention
    from tce_graph.rdf.identity import Bodies
    from tce_graph.rdf.mapping import is_generic

    base = reports["walsall"]

    def timed(n: int) -> float:
        mentions = [Mention(f"Area {i} Safeguarding Hub", "organisation") for i in range(n)]
        report = dataclasses.replace(base, mentions=mentions)
        start = time.perf_counter()
        Bodies(report, is_generic)
        return time.perf_counter() - start

    small, large = timed(2000), timed(8000)
    assert large < small * 8 + 0.5  # quadratic would be 16x
