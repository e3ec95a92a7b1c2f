"""Every field of the five bundled reports, with expectations written from reading the reports."""
from __future__ import annotations

from datetime import date

import pytest


def agencies(report):
    return [(a.name, a.type) for a in report.agencies]


# ---------------------------------------------------------------- details table


def test_somerset_details(reports):
    r = reports["somerset"]
    assert r.partnership == "Somerset"
    assert agencies(r) == [
        ("Somerset County Council", "local-authority"),
        ("Children's Services", "council-department"),
        ("Public Health", "council-department"),
        ("Education", "council-department"),
        ("Avon and Somerset Police", "police"),
        ("Somerset CCG", "health-commissioner"),
        ("Somerset NHS Partnership Trust", "nhs-trust"),
        ("SHAL Housing", "housing"),
        ("Barnardo's", "voluntary-community"),
    ]
    assert {a.parent for a in r.agencies if a.type == "council-department"} == {"Somerset County Council"}
    # "Number of Local Authority areas covered: Somerset County Council" names one authority
    assert r.local_authority_count == 1
    assert r.local_authorities == ["Somerset County Council"]
    assert (r.region.stated, r.region.name, r.region.gss) == ("South West", "South West", "E12000009")
    assert r.size == "Standard"
    assert [m.slug for m in r.methodologies] == ["partnership", "strategy"]
    assert r.delivery == "digital"
    assert (r.commenced, r.ended) == ("2020-06", None)


def test_walsall_details(reports):
    r = reports["walsall"]
    assert r.partnership == "Walsall"
    # run together with no separator in the report
    assert agencies(r) == [("Walsall CCG", "health-commissioner"), ("Walsall Council", "local-authority"),
                           ("West Midlands Police", "police")]
    assert (r.local_authority_count, r.local_authorities) == (1, ["Walsall Council"])
    assert (r.region.name, r.region.gss) == ("West Midlands", "E12000005")
    assert [m.slug for m in r.methodologies] == ["bespoke", "community-engagement"]
    assert (r.delivery, r.commenced) == ("digital", "2020-06")


def test_cheshire_details(reports):
    r = reports["cheshire-west-and-chester"]
    assert r.partnership == "Cheshire West and Chester"
    assert agencies(r) == [("Adult Safeguarding Partnership", "partnership-board"),
                           ("Children's Safeguarding Partnership", "partnership-board"),
                           ("Community Safety Partnership", "partnership-board")]
    assert (r.local_authority_count, r.local_authorities) == (1, [])
    assert (r.region.name, r.region.gss) == ("North West", "E12000002")
    assert [m.slug for m in r.methodologies] == ["partnership", "transitional-safeguarding"]
    assert (r.delivery, r.commenced, r.ended) == ("digital", "2021-06", None)


def test_reading_details(reports):
    r = reports["reading"]
    assert r.partnership == "Reading"
    assert agencies(r) == [("Brighter Futures for Children", "childrens-services-trust"),
                           ("Thames Valley Police", "police"),
                           ("Reading Borough Council", "local-authority"),
                           ("Royal Berkshire NHS Foundation Trust", "nhs-trust")]
    assert r.local_authority_count == 1
    assert (r.region.name, r.region.gss) == ("South East", "E12000008")
    assert [m.slug for m in r.methodologies] == ["partnership", "data"]
    assert (r.delivery, r.commenced) == ("digital", "2021-06")


def test_birmingham_details(reports):
    r = reports["birmingham"]
    assert r.partnership == "Birmingham"
    assert agencies(r) == [("Birmingham Children's Trust", "childrens-services-trust"),
                           ("Birmingham Children's Safeguarding Partnership", "partnership-board"),
                           ("West Midlands Police", "police"),
                           ("CCG", "health-commissioner")]
    assert r.local_authority_count == 1  # "One"
    # "Midlands" is not a region: West Midlands, from where Birmingham lies
    assert (r.region.stated, r.region.name, r.region.gss) == ("Midlands", "West Midlands", "E12000005")
    assert any("Midlands" in w.message for w in r.warnings)
    assert [m.slug for m in r.methodologies] == ["partnership"]
    assert (r.commenced, r.ended) == ("2019-08", "2020-04")  # "August 2019 – April 2020"


def test_all_reports_are_standard_digital(reports):
    assert {r.size for r in reports.values()} == {"Standard"}
    assert {r.delivery for r in reports.values()} == {"digital"}


# ---------------------------------------------------------------- narrative sections


def test_summary_only_in_birmingham(reports):
    assert reports["birmingham"].summary.startswith("The Birmingham Children's Safeguarding Partnership (BCSP)")
    assert "mock Joint Targeted Area Inspection (JTAI)" in reports["birmingham"].summary
    assert all(reports[n].summary is None for n in reports if n != "birmingham")


def test_reasons_and_goal(reports):
    s = reports["somerset"]
    assert s.reasons.startswith("Somerset originally approached")
    assert s.reasons.endswith("a vast spread of services.")
    assert "To develop a revised, shared strategy for child exploitation" in s.goal
    assert "- Agree core principles" in s.goal  # inline bullets become items
    b = reports["birmingham"]
    # reasons run across a page break and a footnote, up to the goal heading
    assert "Establishing shared partnership intentions" in b.reasons
    assert "Enabling it to work through" in b.reasons
    assert b.reasons.rstrip().endswith("towards a long-term sustainable model.")
    assert "¹" not in b.reasons
    assert "Tackling Child Exploitation Support Programme" not in b.reasons
    c = reports["cheshire-west-and-chester"]
    assert "'all ages exploitation strategy'" in c.reasons and "Bespoke Support Project (BSP)." in c.reasons
    assert "Developing a shared language amongst the partnership" in c.goal
    r = reports["reading"]
    assert r.reasons.startswith("In response to recent inspections")
    assert "Exploring feedback from recent partnership workshops" in r.goal  # after the table ends


def test_approaches(reports):
    assert [i.text for i in reports["somerset"].approaches] == [
        "Scoping", "Partnership workshops", "Individual agency conversations", "Offline mapping exercises",
        "Senior leadership briefings"]
    assert [i.text for i in reports["walsall"].approaches] == [
        "Partnership workshop sessions", "Individual agency conversations", "Focused reflection sessions"]
    assert [i.heading for i in reports["cheshire-west-and-chester"].approaches] == [
        "Language", "Mapping", "Developing an approach", "Action Planning"]
    assert [i.heading for i in reports["reading"].approaches] == [
        "Commissioning an extra-familial harm evidence review and briefing", "Individual agency conversations",
        "Light touch strategy review", "Partnership workshops using data as the lens to unpick the partnership approach",
        "Action planning session"]
    phases = reports["birmingham"].approaches
    assert len(phases) == 3
    assert phases[0].text.startswith("Exploration with local partners")
    assert phases[2].text.startswith("The project culminated in phase three")


def test_key_issues(reports):
    assert [i.heading for i in reports["somerset"].key_issues] == [
        "Complexity of the local partnership landscape", "Strategic mandate underpinning the project",
        "Challenges between operational issues and overall strategic vision", "Digital delivery"]
    # the paragraph cut by a page header is joined back
    digital = reports["somerset"].key_issues[3].text
    assert "approaches for the delivery team to build and foster positive relationships" in digital
    assert [i.heading for i in reports["walsall"].key_issues] == [
        "Delivery of the TCE project within the context of wider partnership change",
        "Leadership and strategic direction", "Notions and understandings of community",
        "When to pause, when to stop and when to capture learning"]
    assert [i.heading for i in reports["cheshire-west-and-chester"].key_issues] == [
        "Creating the right environment for change", "Value of shared principles & priorities",
        "Youth and community voice", "Local vs regional", "Knowing the landscape"]
    assert [i.heading for i in reports["reading"].key_issues] == [
        "Managing capacity across the partnership landscape", "Local need vs wider, regional focus",
        "Working across partnership boundaries"]
    b = reports["birmingham"].key_issues
    assert [i.heading.split(":")[0] for i in b] == ["Phase 1", "Phase 2"]
    assert "6. There was a need" not in b[0].text and "- There was a need for a wider stakeholder" in b[0].text


def test_page_break_joins_sentence(reports):
    approaches_text = reports["walsall"].section("approaches").text
    assert "the impact of Covid-19 had an impact on this project" in approaches_text
    assert "Tackling Child Exploitation" not in approaches_text


def test_learning(reports):
    assert [i.heading for i in reports["somerset"].learning] == [
        "Securing a strategic mandate for bespoke support projects",
        "The value of collective time to reflect and the opportunity to look forward",
        "Purposeful and intentional involvement of a range of partners and perspectives",
        "Delineation between the operational and strategic within a partnership context"]
    assert [i.heading for i in reports["walsall"].learning] == [
        "The importance of strong foundations", "The power of pausing and reflecting on what is strong",
        "Visible leadership and the role of influence within partnerships"]
    assert "Community Futures project and One Walsall are just two examples" in reports["walsall"].learning[1].text
    assert [i.heading for i in reports["cheshire-west-and-chester"].learning] == [
        "The importance of relationships", "Permission giving", "Professional safety vs actual safety"]
    assert len(reports["reading"].learning) == 2
    assert [i.heading for i in reports["birmingham"].learning] == [
        "Hearing from children, young people and families", "Hearing from others / learning from others",
        "Scale and complexity of the local area"]
    # sentence split by footnote 4 and a page header is one again
    assert "not currently looked after by the local authority" in reports["birmingham"].learning[0].text


def test_actions(reports):
    s = reports["somerset"].actions
    assert len(s) == 5
    assert s[0].text.startswith("Membership, chairing and terms of reference for the exploitation sub group")
    assert s[4].text.startswith("Recognising the value that came from extending agency participation")
    c = reports["cheshire-west-and-chester"].actions
    assert len(c) == 7
    assert "organise multi-agency shadowing opportunities" in c[0].text  # joined across the page break
    assert c[5].text.startswith("A planned session with local executive leaders")
    r = reports["reading"].actions
    assert [a.text for a in r][2] == "Reviewing the partnership approach to soft intelligence."
    assert len(r) == 5
    w = reports["walsall"].actions  # prose only: each paragraph is one commitment
    assert len(w) == 5 and w[2].text.startswith("The commitment to community engagement and resilience remains")
    b = reports["birmingham"].actions
    assert [a.heading for a in b] == ["Organisations' individual accountability and inspection frameworks",
                                      "An exploitation service or hub is not a solution to responding to "
                                      "extra-familial harm"]


def test_joining_the_dots(reports):
    assert [(t.theme, t.stated) for t in reports["walsall"].reflections] == [
        ("leading-with-care", "Leading with Care"), ("bridging-boundaries", "Bridging boundaries"),
        ("holding-complexity", "Holding complexity, uncertainty and curiosity")]
    reading = reports["reading"]
    assert [(t.theme, t.stated) for t in reading.reflections] == [
        ("bridging-boundaries", "Bridging boundaries"), ("leading-with-care", "Leading with care"),
        ("holding-complexity", "Working with complexity, curiosity and uncertainty")]
    # Reading lists the theme as "Blurring boundaries"
    assert [t.stated for t in reading.listed_themes][1] == "Blurring boundaries"
    assert [(t.theme, t.stated) for t in reports["birmingham"].reflections][1] == (
        "bridging-boundaries", "Blurring boundaries")
    # Somerset reflects without theme headings: the text is kept, unassigned, and the listed themes count
    som = reports["somerset"]
    assert len(som.reflections) == 1 and som.reflections[0].theme is None
    assert som.reflections[0].text.startswith("The question of influence")
    assert som.themes == ["leading-with-care", "bridging-boundaries", "holding-complexity"]
    assert reports["cheshire-west-and-chester"].themes == []


def test_immediate_reflections(reports):
    assert reports["somerset"].immediate_reflections.endswith("commitment to this process.")
    assert reports["walsall"].immediate_reflections.count("\n\n") == 2
    assert reports["reading"].immediate_reflections is None
    assert reports["cheshire-west-and-chester"].immediate_reflections is None
    assert reports["birmingham"].immediate_reflections.startswith("I agree with the contents of the report.")


# ---------------------------------------------------------------- sign-offs


def sigs(report):
    return [(s.side, s.name, s.role, s.date) for s in report.signatures]


def test_signatures(reports):
    assert sigs(reports["somerset"]) == [
        ("local-area", "Lisa Bird", "Head of Service - Prevention SCC, On behalf of the CE Subgroup", date(2021, 3, 22)),
        ("tce-lead", "Amy Hurst", None, date(2021, 4, 30))]
    assert sigs(reports["walsall"]) == [
        ("local-area", "Sophie Read-Willets", None, date(2021, 3, 22)),
        ("local-area", "Alison Jones", None, date(2021, 3, 22)),
        ("local-area", "Carol Broughton", None, date(2021, 3, 22)),
        ("local-area", "Dez Lambert", None, date(2021, 3, 22)),
        ("tce-lead", "Amy Hurst", None, date(2021, 3, 22))]
    assert sigs(reports["cheshire-west-and-chester"]) == [
        ("local-area", "Sian Jones", "Safeguarding Children Partnership Manager", date(2021, 10, 1))]
    assert sigs(reports["reading"]) == [("local-area", "Amy Hurst", None, date(2022, 3, 1))]
    # "Signed by local area:" left empty: the dated sign-off is kept, with a warning
    assert sigs(reports["birmingham"]) == [("local-area", None, None, date(2021, 7, 7))]
    assert any("names no signatory" in w.message for w in reports["birmingham"].warnings)


# ---------------------------------------------------------------- cited resources and mentions


def resources(report):
    return {(x.title, x.url) for x in report.resources}


def test_resources_with_lost_links(reports):
    w = reports["walsall"].resources
    assert [(x.title, x.url, x.url_lost) for x in w] == [("rapid evidence scope", None, True)]
    assert len(w[0].citations) == 3  # cited in approaches, key issues and evidence of change
    assert resources(reports["reading"]) == {
        ("briefing", None), ("resources developed for the TCE Programme by Rebecca Godar", None),
        ("Local Data Accelerator Fund", None), ("blog post", None)}
    assert resources(reports["somerset"]) == set()


def test_footnoted_resources(reports):
    c = {x.title: x for x in reports["cheshire-west-and-chester"].resources}
    assert set(c) == {"This interview with Annie Hudson and Ben Byrne", "see resources here",
                      "See these resources", "this Research in Practice briefing"}
    assert c["This interview with Annie Hudson and Ben Byrne"].footnote_number == 1
    assert c["this Research in Practice briefing"].footnote.startswith("These issues are explored in")
    assert all(x.url is None and x.url_lost for x in c.values())
    b = {x.url: x for x in reports["birmingham"].resources if x.url}
    wood = b["https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/"
             "file/987928/Wood_Review_of_multi-agency_safeguarding_arrangements_2021.pdf"]
    assert wood.footnote_number == 1 and "Wood review" in wood.footnote
    assert wood.citations[0].section.startswith("Reasons")
    voice = b["https://tce.researchinpractice.org.uk/topic/young-persons-voice/"]
    assert voice.title == "microsite" and voice.footnote_number == 2  # link and bare URL are one resource
    assert len(b) == 4
    lost = {x.title for x in reports["birmingham"].resources if x.url is None}
    assert lost == {"Contextual Safeguarding Network", "evaluation of the Alexi Project", "transitional safeguarding",
                    "this briefing", "explored in this briefing"}


def test_mentions(reports):
    names = lambda r: {m.name for m in reports[r].mentions}  # noqa: E731
    assert {"Violence Reduction Unit", "Better Together project", "Local Data Accelerator Fund",
            "One Reading Board"} <= names("reading")
    assert {"EMPOWERU Hub", "Multi Agency Safeguarding Hub", "Contextual Safeguarding Hub"} <= names("birmingham")
    assert "Birmingham EMPOWERU Hub" not in names("birmingham")
    assert {"One Walsall", "Community Futures project"} <= names("walsall")
    assert {"Early Help board"} <= names("somerset")
    assert not any("TCE" in n for r in reports for n in names(r))


# ---------------------------------------------------------------- provenance


@pytest.mark.parametrize("name", ["somerset", "walsall", "cheshire-west-and-chester", "reading", "birmingham"])
def test_spans_point_at_the_source(reports, name):
    r = reports[name]
    text = r.source.text
    assert text[r.spans["partnership"].start:r.spans["partnership"].end] == r.partnership
    for a in r.agencies:
        assert text[a.span.start:a.span.end] == a.name
    for item in r.actions + r.key_issues + r.learning:
        quoted = text[item.span.start:item.span.end]
        assert item.text.split()[0].strip("'") in quoted
    for x in r.resources:
        for c in x.citations:
            assert x.title.split()[0] in text[c.span.start:c.span.end] or (x.url or "") in text[c.span.start:c.span.end]
    lines = text.split("\n")
    assert r.partnership in lines[r.spans["partnership"].line - 1]
