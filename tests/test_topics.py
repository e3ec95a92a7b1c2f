"""Topic thesaurus and tagging: every expectation below was written from reading the five reports."""
from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from tce_graph.bundled import ontology_dir
from tce_graph.namespaces import OA, STRENGTH, TCE, TOPIC
from tce_graph.reader.text import fold
from tce_graph.reader.topics import (
    FOCUS_SECTIONS,
    Hit,
    clean_sentence,
    find_hits,
    load_thesaurus,
    mask,
    passing_reason,
    sentence_hits,
    tag_topics,
)

REQUIRED = {  # the list of topics -> slug in topics.ttl
    "transitional safeguarding": "transitional-safeguarding",
    "contextual safeguarding": "contextual-safeguarding",
    "extra-familial harm": "extra-familial-harm",
    "child sexual exploitation": "child-sexual-exploitation",
    "child criminal exploitation": "child-criminal-exploitation",
    "county lines": "county-lines",
    "all-age approach": "all-age-approach",
    "community engagement and resilience": "community-engagement",
    "voice of children, young people and families": "voice-of-children-and-families",
    "data and intelligence": "data-and-intelligence",
    "workforce development": "workforce-development",
    "governance and strategic mandate": "governance-and-strategic-mandate",
    "leadership and influence": "leadership-and-influence",
    "commissioning": "commissioning",
    "disruption": "disruption",
    "multi-agency hubs": "multi-agency-hubs",
    "inspection and quality assurance": "inspection-and-quality-assurance",
    "early help and prevention": "early-help-and-prevention",
    "missing children": "missing-children",
    "modern slavery and trafficking": "modern-slavery-and-trafficking",
}


@pytest.fixture(scope="module")
def thesaurus_graph() -> Graph:
    return Graph().parse(ontology_dir() / "topics.ttl", format="turtle")


def topics_of(hits: list[Hit]) -> set[str]:
    return {h.topic for h in hits}


def tags(report) -> dict[str, str]:
    return {t.topic: t.strength for t in tag_topics(report)}


# ---------------------------------------------------------------- the thesaurus


def test_every_required_topic_is_a_described_concept(thesaurus_graph):
    g = thesaurus_graph
    scheme = URIRef("https://w3id.org/tce-graph/def/topic")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    for name, slug in REQUIRED.items():
        c = TOPIC[slug]
        assert (c, RDF.type, SKOS.Concept) in g and (c, RDF.type, TCE.Topic) in g, name
        assert (c, SKOS.inScheme, scheme) in g, name
        assert len(list(g.objects(c, SKOS.prefLabel))) == 1, name
        assert next(g.objects(c, SKOS.definition), None) is not None, name
        variants = set(g.objects(c, SKOS.altLabel)) | set(g.objects(c, SKOS.hiddenLabel))
        assert variants, f"{name} has no altLabel/hiddenLabel variants"
        labels = {fold(str(x)) for x in [*g.objects(c, SKOS.prefLabel), *variants]}
        assert fold(name) in labels or fold(name) in fold(str(next(g.objects(c, SKOS.prefLabel)))), name


def test_hierarchy_and_relations(thesaurus_graph):
    g = thesaurus_graph
    for narrow in ("child-sexual-exploitation", "child-criminal-exploitation"):
        assert (TOPIC[narrow], SKOS.broader, TOPIC["child-exploitation"]) in g
        assert (TOPIC["child-exploitation"], SKOS.narrower, TOPIC[narrow]) in g
    assert (TOPIC["transitional-safeguarding"], SKOS.related, TOPIC["all-age-approach"]) in g
    assert (TOPIC["extra-familial-harm"], SKOS.related, TOPIC["contextual-safeguarding"]) in g
    # every related link is stated both ways (skos:related is symmetric)
    for s, o in g.subject_objects(SKOS.related):
        assert (o, SKOS.related, s) in g, (s, o)


def test_no_two_topics_share_a_label():
    th = load_thesaurus()
    owners: dict[str, set[str]] = {}
    for t in th.topics.values():
        for label in t.labels:
            owners.setdefault(fold(label), set()).add(t.slug)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


# ---------------------------------------------------------------- matching


def test_whole_words_case_and_variants():
    assert topics_of(find_hits("work on extra familial harm and Extra-Familial Harm")) == {"extra-familial-harm"}
    assert topics_of(find_hits("the young person’s voice")) == {"voice-of-children-and-families"}
    assert topics_of(find_hits("an all‑age strategy")) == {"all-age-approach"}  # non-breaking hyphen
    assert find_hits("we updated the database once") == []  # no 'data', no 'CE'
    assert find_hits("the notion of hubris") == []


def test_abbreviations_are_matched_in_capitals_only():
    assert topics_of(find_hits("responses to CSE and CCE")) == {"child-sexual-exploitation",
                                                                "child-criminal-exploitation"}
    assert topics_of(find_hits("the nature of CE in Birmingham")) == {"child-exploitation"}
    assert topics_of(find_hits("EFH strategy")) == {"extra-familial-harm"}
    assert find_hits("cse, cce and efh written small, a ce") == []
    assert find_hits("mash the potatoes with a mace") == []


def test_coordinated_modifiers_name_both_topics():
    # Somerset's reasons: "to include both sexual and criminal exploitation"
    assert topics_of(find_hits("to include both sexual and criminal exploitation")) == {
        "child-sexual-exploitation", "child-criminal-exploitation"}
    # Cheshire West and Chester's key issue heading
    assert topics_of(find_hits("Youth and community voice")) == {"voice-of-children-and-families"}


def test_partial_overlaps_go_to_the_leftmost_label():
    # "transitional safeguarding arrangements" is not governance ("safeguarding arrangements")
    assert topics_of(find_hits("the improvement of transitional safeguarding arrangements")) == {
        "transitional-safeguarding"}
    # a label nested in a longer one of another topic is kept
    assert topics_of(find_hits("a multi-agency child exploitation panel")) == {"multi-agency-hubs",
                                                                               "child-exploitation"}


def test_masking_keeps_offsets_and_drops_markup():
    raw = "Developing work in relation to <b>community resilience</b> ([a link](#)) see <https://x.org/a-b>¹."
    masked = mask(raw)
    assert len(masked) == len(raw)
    assert clean_sentence(masked) == "Developing work in relation to community resilience (a link) see ."


# ---------------------------------------------------------------- "in passing", on the reports' own sentences


def hits_in(report, topic: str, startswith: str):
    found = [h for h in sentence_hits(report) if h.topic == topic and h.sentence.startswith(startswith)]
    assert found, f"no {topic} hit in a sentence starting {startswith!r}"
    return found


def test_shift_from_is_in_passing(reports):
    walsall = hits_in(reports["walsall"], "child-sexual-exploitation", "This priority was set within")
    assert {h.passing for h in walsall} == {"shift-from"}  # "... from child sexual exploitation (CSE) to ..."
    reading = sentence_hits(reports["reading"])
    goal = [h for h in reading if h.sentence.startswith("Developing an understanding of the evidence base")]
    assert {(h.topic, h.passing) for h in goal} == {("child-exploitation", "shift-from"),
                                                    ("extra-familial-harm", None)}


def test_not_the_focus_is_in_passing(reports):
    found = hits_in(reports["walsall"], "all-age-approach", "Although not the focus of the TCE project")
    assert {h.passing for h in found} == {"not-the-focus"}


def test_background_clause_is_in_passing(reports):
    found = [h for h in sentence_hits(reports["reading"]) if h.sentence.startswith("In response to recent inspections")]
    by_topic = {(h.topic, h.passing) for h in found}
    assert ("inspection-and-quality-assurance", "background") in by_topic
    # the same sentence's main clause does count: "... partnership approach to child exploitation ..."
    assert ("child-exploitation", None) in by_topic and ("extra-familial-harm", None) in by_topic


def test_names_and_footnotes_are_in_passing(reports):
    cwac = hits_in(reports["cheshire-west-and-chester"], "contextual-safeguarding", "The strategy would build on")
    assert {h.passing for h in cwac} == {"name"}  # "All-Age Contextual Safeguarding Vision"
    summary = [h for h in sentence_hits(reports["birmingham"])
               if h.section == "summary" and h.topic == "child-exploitation"
               and h.sentence.startswith("The Birmingham Children's Safeguarding Partnership (BCSP) requested")]
    # "Tackling Child Exploitation (TCE) Support Programme" is a name; "... response to child exploitation" is not
    assert sorted(h.passing or "" for h in summary) == ["", "name"]
    footnote = hits_in(reports["birmingham"], "governance-and-strategic-mandate", "Clarity on accountability")
    assert {h.passing for h in footnote} == {"footnote"} and {h.section for h in footnote} == {"reasons"}
    # a name ending with the label is an instance of the topic, not a passing mention
    hub = hits_in(reports["birmingham"], "multi-agency-hubs", "Building upon the established Multi Agency")
    assert {h.passing for h in hub} == {None}


def test_contrast_and_asides_are_in_passing(reports):
    rather = hits_in(reports["birmingham"], "extra-familial-harm", "Phase 2: Audit tools framed")
    assert {h.passing for h in rather} == {"contrast"}  # "... rather than extra-familial harm"
    aside = hits_in(reports["birmingham"], "transitional-safeguarding", "It is also an example of working")
    assert [h.passing for h in aside if h.label.lower() == "transitional safeguarding"] == ["aside"]
    assert passing_reason("not this (but some CSE work) here", Hit("x", 13, 16, "CSE")) == "aside"
    assert passing_reason("the (CSE) work", Hit("x", 5, 8, "CSE")) is None
    # brackets that only abbreviate are no aside: "(CSE and CCE)", "(CSE/CCE)"
    for sentence in ("exploitation (CSE and CCE) of children", "exploitation (CSE/CCE) of children"):
        [hit] = [h for h in find_hits(sentence) if h.label == "CSE"]
        assert passing_reason(sentence, hit) is None, sentence


def _hit(sentence: str, slug: str) -> Hit:
    [hit] = [h for h in find_hits(sentence) if h.topic == slug]
    return hit


def test_passing_rules_stay_in_their_clause():
    s = "Criminal exploitation was the focus, but contextual safeguarding was not the focus."
    assert passing_reason(s, _hit(s, "child-criminal-exploitation")) is None
    assert passing_reason(s, _hit(s, "contextual-safeguarding")) == "not-the-focus"
    s = "Although not the focus of the project, the shift to an all age approach was discussed."
    assert passing_reason(s, _hit(s, "all-age-approach")) == "not-the-focus"


def test_titles_about_a_topic_are_not_names():
    s = "The partnership wanted to write a Transitional Safeguarding Strategy."
    assert passing_reason(s, _hit(s, "transitional-safeguarding")) is None
    s = "They drew on the Contextual Safeguarding Network's resources."
    assert passing_reason(s, _hit(s, "contextual-safeguarding")) == "name"


def test_children_of_all_ages_is_no_all_age_approach():
    assert not [h for h in find_hits("Services for children of all ages were stretched.")
                if h.topic == "all-age-approach"]
    assert [h.topic for h in find_hits("an all ages exploitation strategy")] == ["all-age-approach"]


def test_running_headers_and_headings_are_not_read(reports):
    # every report carries the heading "... system response to child exploitation and extra-familial
    # harm"; Somerset never discusses extra-familial harm otherwise
    assert "extra-familial-harm" not in tags(reports["somerset"])
    # the sign-off ("Head of Service- Prevention SCC, On behalf of the CE Subgroup") is not read either
    assert all(h.section != "signoff" for h in sentence_hits(reports["somerset"]))


# ---------------------------------------------------------------- the tags of each report

FOCUS = {
    "somerset": {"child-exploitation", "child-sexual-exploitation", "child-criminal-exploitation",
                 "governance-and-strategic-mandate"},
    "walsall": {"community-engagement", "all-age-approach", "early-help-and-prevention"},
    "cheshire-west-and-chester": {"transitional-safeguarding", "all-age-approach"},
    "reading": {"data-and-intelligence", "extra-familial-harm", "child-exploitation"},
    "birmingham": {"child-exploitation", "contextual-safeguarding", "multi-agency-hubs",
                   "inspection-and-quality-assurance", "governance-and-strategic-mandate"},
}
MENTION = {  # some of the topics each report only mentions
    "somerset": {"leadership-and-influence", "data-and-intelligence", "commissioning", "early-help-and-prevention"},
    "walsall": {"child-sexual-exploitation", "transitional-safeguarding", "disruption", "workforce-development",
                "extra-familial-harm", "governance-and-strategic-mandate", "leadership-and-influence"},
    "cheshire-west-and-chester": {"contextual-safeguarding", "voice-of-children-and-families",
                                  "extra-familial-harm", "child-exploitation", "workforce-development"},
    "reading": {"inspection-and-quality-assurance", "contextual-safeguarding", "workforce-development",
                "governance-and-strategic-mandate"},
    "birmingham": {"transitional-safeguarding", "child-sexual-exploitation", "child-criminal-exploitation",
                   "missing-children", "modern-slavery-and-trafficking", "voice-of-children-and-families",
                   "extra-familial-harm", "disruption"},
}


@pytest.mark.parametrize("name", sorted(FOCUS))
def test_focus_and_mention_tags(reports, name):
    got = tags(reports[name])
    assert {t for t, s in got.items() if s == "focus"} == FOCUS[name]
    assert MENTION[name] <= {t for t, s in got.items() if s == "mention"}


def test_topics_a_report_never_names_are_not_tagged(reports):
    assert "transitional-safeguarding" not in tags(reports["reading"])
    assert "multi-agency-hubs" not in tags(reports["walsall"])
    assert "missing-children" not in tags(reports["cheshire-west-and-chester"])


def _subsequence(words: list[str], within: list[str]) -> bool:
    it = iter(within)
    return all(w in it for w in words)


@pytest.mark.parametrize("name", sorted(FOCUS))
def test_evidence_points_into_the_source(reports, name):
    r = reports[name]
    text = r.source.text
    for tag in tag_topics(r):
        assert tag.evidence, tag.topic
        for ev in tag.evidence + tag.also:
            raw = text[ev.span.start:ev.span.end]
            seen = clean_sentence(mask(raw))  # the span may also enclose a footnote printed mid-sentence
            assert seen.startswith(ev.sentence[:25]) and seen.endswith(ev.sentence[-12:])
            assert _subsequence(ev.sentence.split(), seen.split())
            assert ev.span.line == text.count("\n", 0, ev.span.start) + 1
            assert tag.topic in {h.topic for h in find_hits(ev.sentence)} or tag.topic in {
                h.topic for h in find_hits(ev.sentence.replace("’", "'"))}
        if tag.strength == "focus":
            assert {ev.section for ev in tag.evidence} <= set(FOCUS_SECTIONS)
        else:
            assert tag.also == []


def test_focus_evidence_is_the_sentence_that_makes_it_a_focus(reports):
    cwac = {t.topic: t for t in tag_topics(reports["cheshire-west-and-chester"])}["transitional-safeguarding"]
    assert [ev.section for ev in cwac.evidence] == ["methodology", "reasons", "reasons", "goal"]
    assert cwac.evidence[0].sentence == "Partnership – transitional safeguarding"
    assert cwac.evidence[1].sentence.startswith("The local area was keen to explore transitional safeguarding")
    assert len(cwac.also) > 10  # it runs through the whole report
    walsall = {t.topic: t for t in tag_topics(reports["walsall"])}
    assert walsall["child-sexual-exploitation"].strength == "mention"
    assert walsall["child-sexual-exploitation"].evidence[0].section == "reasons"
    assert walsall["all-age-approach"].evidence[0].sentence.startswith("Developing work in relation to community "
                                                                       "resilience and engagement")


# ---------------------------------------------------------------- in the graph


def test_tags_in_the_graph(built):
    ds = built.dataset
    base = "https://w3id.org/tce-graph/id/"
    report = URIRef(base + "report/cheshire-west-and-chester-2021-06")
    project = URIRef(base + "project/cheshire-west-and-chester-2021-06")
    tag = URIRef(f"{report}/topic/transitional-safeguarding")
    g = ds.graph(URIRef(base + "graph/cheshire-west-and-chester-2021-06"))
    assert (tag, RDF.type, TCE.TopicTag) in g
    assert (tag, TCE.topic, TOPIC["transitional-safeguarding"]) in g
    assert (tag, TCE.strength, STRENGTH.focus) in g
    assert (tag, TCE.inReport, report) in g
    assert (project, DCTERMS.subject, TOPIC["transitional-safeguarding"]) in g
    assert (project, TCE.topicTag, tag) in g
    source = built.reports[[r.partnership for r in built.reports].index("Cheshire West and Chester")].source.text
    props = Counter()
    for ev in g.objects(tag, TCE.evidence):
        assert (ev, RDF.type, OA.Annotation) in g and (ev, OA.hasBody, tag) in g
        props[g.value(ev, TCE.property)] += 1
        target = g.value(ev, OA.hasTarget)
        selectors = list(g.objects(target, OA.hasSelector))
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert str(g.value(quote, OA.exact)) == source[start:end]
        assert isinstance(g.value(ev, TCE.text), Literal)
    assert props[TCE.strength] == 4 and props[TCE.topic] > 10
    # report items holding a sentence on the topic carry it as their subject
    assert (URIRef(f"{report}/action/4"), DCTERMS.subject, TOPIC["transitional-safeguarding"]) in g
    # a mention tag of another report
    w = ds.graph(URIRef(base + "graph/walsall-2020-06"))
    assert (URIRef(base + "report/walsall-2020-06/topic/child-sexual-exploitation"), TCE.strength,
            STRENGTH.mention) in w


def test_topics_are_tagged_once_by_the_reader_and_written_by_the_mapper(reports, monkeypatch):
    import tce_graph.reader.topics as topics_module
    from tce_graph.rdf.mapping import report_to_graph

    walsall = reports["walsall"]
    assert walsall.topics == tag_topics(walsall)  # the reader's tags are the tagger's
    assert {t.topic for t in walsall.topics} >= {"all-age-approach", "community-engagement"}

    def no_second_pass(*args, **kwargs):
        raise AssertionError("the mapper must not sectionise the text again")
    monkeypatch.setattr(topics_module, "sectionize", no_second_pass)
    g = report_to_graph(walsall)
    tags = set(g.subjects(RDF.type, TCE.TopicTag))
    assert len(tags) == len(walsall.topics)
