"""The saved queries (queries/*.rq): their grlc headers and parameters, and the answers of every one of
them on the five bundled reports -- expectations written from reading the reports -- on the embedded
store and on the TriG export read by rdflib (the answers must not depend on the backend)."""
from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from tce_graph.errors import QueryError
from tce_graph.namespaces import TOPIC
from tce_graph.query import (
    bind_parameters,
    format_csv,
    format_json,
    format_records,
    format_table,
    format_tsv,
    get_query,
    list_queries,
    load_query,
    parse_header,
    run_query,
    table_is_clipped,
)
from tce_graph.query.saved import kebab
from tce_graph.stores import SelectResult, open_store

INJECTION = 'x" } UNION { ?s ?p ?o } #'
CWAC = "Cheshire West and Chester"
ALL = {"Birmingham", CWAC, "Reading", "Somerset", "Walsall"}
REQUIRED_NAMES = {"reports", "partner-agencies", "shared-agencies", "areas-by-topic", "transitional-safeguarding",
                  "themes", "actions", "cited-resources", "reports-by-region"}


@pytest.fixture(scope="module", params=["embedded", "trig"])
def store(request, built):
    if request.param == "embedded":
        return open_store(built.out_dir / "store")
    return open_store(data=built.out_dir / "tce-graph.trig")


def run(store, name, **params) -> list[dict[str, str | None]]:
    res = run_query(name, params, store)
    return [{k: (None if v is None else str(v)) for k, v in row.items()} for row in res.rows]


def column(rows, name):
    return [r[name] for r in rows]


def split(value: str | None, sep: str = "; ") -> set[str]:
    return set(value.split(sep)) if value else set()


# ---------------------------------------------------------------- the files


def test_at_least_twelve_queries_with_the_required_names():
    names = {q.name for q in list_queries()}
    assert len(names) >= 12
    assert REQUIRED_NAMES <= names


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_each_query_is_valid_sparql_with_a_grlc_header(query):
    prepareQuery(query.text)  # SPARQL 1.1 syntax (rdflib's parser)
    assert query.summary and len(query.summary) <= 100
    assert query.description and query.tags
    header = [ln for ln in query.text.splitlines() if ln.startswith("#+")]
    assert header and query.text.splitlines()[0].startswith("#+ summary:")
    # grlc substitutes parameters textually: they may only appear where an IRI or literal can
    projection = query.text[query.text.index("SELECT"):query.text.index("WHERE")]
    assert not re.search(r"\?_", projection), "a parameter variable in the SELECT clause breaks grlc"
    for p in query.parameters.values():
        # the naming rule of docs/queries.md: ?_agencyType_iri is the parameter agency-type
        assert re.fullmatch(r"_{1,2}[a-z]+([A-Z][a-z]+)*(_iri|_en)?", p.variable)
        assert p.name == re.sub(r"([A-Z])", r"-\1", p.variable.strip("_").split("_")[0]).lower()
        if p.required:
            assert p.name in query.examples, "required parameters need a #+ defaults or #+ examples value"


def test_header_parser_reads_the_yaml_subset():
    meta = parse_header([" summary: One row - per report", " description: |", "   line one", "   line two",
                         " tags:", "   - Topics", "   - Reports", " defaults:", "   - topic: https://x/y",
                         " enumerate: [topic, partnership]", " pagination: 50"])
    assert meta == {"summary": "One row - per report", "description": "line one\nline two\n",
                    "tags": ["Topics", "Reports"], "defaults": [{"topic": "https://x/y"}],
                    "enumerate": ["topic", "partnership"], "pagination": 50}
    with pytest.raises(QueryError):
        parse_header(["not yaml at all"])


def test_headers_are_yaml_for_grlc():
    import yaml  # in the test extra
    for q in list_queries():
        text = "\n".join(ln.strip()[2:] for ln in q.text.splitlines() if ln.strip().startswith("#+"))
        assert yaml.safe_load(text) == q.meta, q.name


def test_a_header_that_is_not_yaml_names_the_file_and_the_line(tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("# a plain comment comes first\n#+ summary: fine\n#+ tags:\n#+   - Topics\n#+  - Reports: [x\n"
                  "SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError) as err:
        load_query(rq)
    assert (err.value.file, err.value.line) == (str(rq), 5)  # the file's line, not the header's
    assert str(err.value).startswith(f"{rq}:5: the #+ header is not valid YAML: ")
    assert "\n" not in str(err.value)
    rq.write_text("#+ summary: a: b\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken\.rq:1: the #\+ header is not valid YAML: mapping values"):
        load_query(rq)
    rq.write_text("PREFIX ex: <http://x/>\n#+ - summary\n#+ - tags\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken\.rq:2: the #\+ header is a YAML list, not a mapping"):
        load_query(rq)


def test_headers_are_yaml_1_1_as_grlc_reads_them(tmp_path):
    """PyYAML reads the header as grlc does: quoted strings, block scalars, flow and block lists."""
    rq = tmp_path / "yaml.rq"
    rq.write_text('#+ summary: "Quoted: with a colon"\n#+ description: >\n#+   folded\n#+   lines\n'
                  "#+ tags: [A, 'B c']\n#+ pagination: 50\n#+ defaults:\n#+   - topic: cse\n"
                  "SELECT * WHERE { ?s ?p ?_topic_iri }\n", encoding="utf-8")
    q = load_query(rq)
    assert q.meta == {"summary": "Quoted: with a colon", "description": "folded lines\n", "tags": ["A", "B c"],
                      "pagination": 50, "defaults": [{"topic": "cse"}]}
    assert (q.summary, q.tags, q.defaults) == ("Quoted: with a colon", ["A", "B c"], {"topic": "cse"})
    rq.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert load_query(rq).meta == {}


def test_parameters_and_prefixes_are_read_with_the_sparql_lexer(tmp_path):
    """One lexer (stores.sparql.tokens) reads saved queries: what looks like a parameter or a PREFIX in a
    comment, a string or an IRI is neither."""
    rq = tmp_path / "lexed.rq"
    rq.write_text('#+ summary: mentions ?_header_iri\n'
                  "# PREFIX fake: <http://fake/> and ?_comment_iri\n"
                  "PREFIX mine: <http://x/mine?_prefix#>\n"
                  "PREFIX : <http://x/empty#>\n"
                  'SELECT ?s WHERE { ?s mine:p "?_string" , \'\'\'?_long\n\'\'\' ; <http://x/?_iri> ?_real_iri .\n'
                  "  OPTIONAL { ?s :q $__other_en } }\n", encoding="utf-8")
    q = load_query(rq)
    assert [(p.name, p.variable, p.required, p.type, p.lang) for p in q.parameters.values()] == [
        ("real", "_real_iri", True, "iri", None), ("other", "__other_en", False, "literal", "en")]
    assert q.prefixes["mine"] == "http://x/mine?_prefix#" and q.prefixes[""] == "http://x/empty#"
    assert "fake" not in q.prefixes
    rq.write_text('SELECT ?s WHERE { ?s ?p "unterminated }\n', encoding="utf-8")
    with pytest.raises(QueryError, match=r"lexed\.rq: unterminated string"):
        load_query(rq)


_GRLC = r"""
import contextlib, io, json, sys
with contextlib.redirect_stdout(io.StringIO()):  # grlc prints the config file it reads
    from grlc import gquery
out = {}
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    header = gquery.get_yaml_decorators(text)
    header.pop("query")
    meta = gquery.get_metadata(text, "http://127.0.0.1:9/sparql")  # offline: every enumerate is given
    out[path] = {"header": header, "type": meta["type"], "parameters": meta.get("parameters")}
print(json.dumps(out, default=str))
"""


def _grlc_python() -> str | None:
    """A Python that has grlc: this one, or $TCE_GRLC_PYTHON. grlc pins exact versions of rdflib, Flask,
    requests and more, so it is best kept in a virtualenv of its own rather than in the test extra."""
    import importlib.util
    import os
    import sys

    if importlib.util.find_spec("grlc") is not None:
        return sys.executable
    exe = os.environ.get("TCE_GRLC_PYTHON")
    if exe and not os.path.isfile(exe):
        pytest.fail(f"TCE_GRLC_PYTHON={exe} is not a file")
    return exe or None


def test_grlc_reads_every_header_and_parameter_the_same():
    """grlc's own parser (gquery.get_yaml_decorators, gquery.get_metadata) reads each bundled query's
    header and parameters as tce-graph does."""
    import json
    import subprocess

    exe = _grlc_python()
    if exe is None:
        pytest.skip("grlc is not installed; pip install grlc in a virtualenv of its own and set TCE_GRLC_PYTHON "
                    "to its python")
    queries = list_queries()
    run = subprocess.run([exe, "-c", _GRLC, *(str(q.path) for q in queries)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    grlc = json.loads(run.stdout)
    for q in queries:
        got = grlc[str(q.path)]
        assert got["header"] == json.loads(json.dumps(q.meta, default=str)), q.name
        assert got["type"] == "SelectQuery", q.name
        assert {kebab(name): (p["required"], p.get("format") == "iri", p.get("lang"), p.get("default"))
                for name, p in got["parameters"].items()} == \
            {p.name: (p.required, p.type == "iri", p.lang, q.defaults.get(p.name)) for p in q.parameters.values()}, q.name


def test_defaults_and_enumerations_are_mappings_for_grlc():
    """grlc looks a parameter up in ``defaults``/``enumerate`` with ``name in item``: an item must be a
    one-key mapping (``- topic: value``); a plain string item would match by substring and crash it."""
    for q in list_queries():
        for key in ("defaults", "enumerate"):
            for item in q.meta.get(key, []):
                assert isinstance(item, dict) and len(item) == 1, f"{q.name}: #+ {key} item {item!r}"


def test_parameters_follow_grlc_conventions():
    q = get_query("areas-by-topic")
    assert [(p.name, p.variable, p.required, p.type) for p in q.parameters.values()] == [
        ("topic", "_topic_iri", True, "iri")]
    q = get_query("partner-agencies")
    assert [(p.name, p.required, p.type) for p in q.parameters.values()] == [("partnership", False, "iri")]
    assert get_query("reports").parameters == {}


# ---------------------------------------------------------------- parameters as typed terms


def test_labels_resolve_to_iris(store):
    q = get_query("areas-by-topic")
    assert bind_parameters(q, {"topic": "CCE"}, store) == {"_topic_iri": TOPIC["child-criminal-exploitation"]}
    assert bind_parameters(q, {"topic": "county lines"}, store) == {"_topic_iri": TOPIC["county-lines"]}
    assert bind_parameters(q, {"topic": "Transitional Safeguarding"}, store)["_topic_iri"] == \
        TOPIC["transitional-safeguarding"]
    assert bind_parameters(q, {"topic": "topic:cse"}, store)["_topic_iri"] == TOPIC["cse"]  # prefixed name
    assert bind_parameters(q, {"topic": "transitional-safeguarding"}, store)["_topic_iri"] == \
        TOPIC["transitional-safeguarding"]  # local name
    iri = "https://w3id.org/tce-graph/def/topic/disruption"
    assert bind_parameters(q, {"topic": iri}, store)["_topic_iri"] == URIRef(iri)
    p = get_query("partner-agencies")
    assert bind_parameters(p, {"partnership": "walsall"}, store) == {
        "__partnership_iri": URIRef("https://w3id.org/tce-graph/id/partnership/walsall")}


def test_an_iri_that_names_no_node_of_the_class_gets_a_note(store):
    q = get_query("areas-by-topic")
    notes: list[str] = []
    unknown = "https://w3id.org/tce-graph/def/topic/no-such-topic"
    assert bind_parameters(q, {"topic": unknown}, store, notes) == {"_topic_iri": URIRef(unknown)}
    assert len(notes) == 1 and "is not a topic in the data" in notes[0]
    notes.clear()
    bind_parameters(q, {"topic": "https://w3id.org/tce-graph/def/topic/disruption"}, store, notes)
    assert notes == []


def test_unresolved_values_are_refused_naming_the_parameter(store):
    """A value that is no label of a concept in the data (a typo, or text made to break out of the
    query) is refused before any query runs; without a store to look labels up in it is bound as a
    literal, which matches nothing."""
    q = get_query("areas-by-topic")
    assert bind_parameters(q, {"topic": INJECTION}) == {"_topic_iri": Literal(INJECTION)}
    for name, params in [("areas-by-topic", {"topic": INJECTION}), ("partner-agencies", {"partnership": INJECTION}),
                         ("actions", {"topic": INJECTION}), ("topic-evidence", {"topic": INJECTION}),
                         ("partnerships-without-agency-type", {"agency-type": INJECTION}),
                         ("topic-evidence", {"topic": "CSE", "partnership": INJECTION})]:
        param = next(iter(k for k, v in params.items() if v == INJECTION))
        with pytest.raises(QueryError, match=f"is labelled .*\\(parameter {param}\\)"):
            run(store, name, **params)


def test_parameter_errors_name_the_valid_ones(store):
    with pytest.raises(QueryError, match="no saved query named 'nope'.*areas-by-topic.*reports"):
        run_query("nope", {}, store)
    with pytest.raises(QueryError, match="has no parameter 'topik'; its parameters are: topic"):
        run_query("areas-by-topic", {"topik": "x"}, store)
    with pytest.raises(QueryError, match="takes no parameters"):
        run_query("reports", {"topic": "x"}, store)
    # a declared default applies (tests/test_query_discover.py: a required parameter without one)
    assert run_query("areas-by-topic", {}, store).rows == run_query("transitional-safeguarding", {}, store).rows


def test_grlc_style_substitution_gives_the_same_answers(store):
    """What grlc does with a request (the parameter variable replaced by <iri> in the text) answers the
    same as binding the term, so the folder can be served by grlc as well."""
    cases = [("areas-by-topic", "?_topic_iri", TOPIC["child-exploitation"]),
             ("actions", "?__topic_iri", TOPIC["data-and-intelligence"]),
             ("partner-agencies", "?__partnership_iri", URIRef("https://w3id.org/tce-graph/id/partnership/somerset")),
             ("partnerships-without-agency-type", "?_agencytype_iri",
              URIRef("https://w3id.org/tce-graph/def/agency-type/police"))]
    for name, var, iri in cases:
        q = get_query(name)
        bound = store.select(q.text, {var[1:]: iri})
        rewritten = store.select(q.text.replace(var, f"<{iri}>"))
        assert sorted(map(repr, bound.rows)) == sorted(map(repr, rewritten.rows)) and bound.rows, name


# ---------------------------------------------------------------- the answers


def test_reports(store):
    rows = run(store, "reports")
    assert column(rows, "partnership") == ["Birmingham", CWAC, "Reading", "Somerset", "Walsall"]
    got = {r["partnership"]: (r["region"], r["size"], r["delivery"], r["commenced"], r["ended"],
                              split(r["methodologies"], ", "), r["source"]) for r in rows}
    assert got == {
        "Birmingham": ("West Midlands", "Standard", "Digital", "2019-08", "2020-04", {"Partnership"}, "birmingham.txt"),
        CWAC: ("North West", "Standard", "Digital", "2021-06", None, {"Partnership", "Transitional safeguarding"},
               "cheshire-west-and-chester.txt"),
        "Reading": ("South East", "Standard", "Digital", "2021-06", None, {"Partnership", "Data"}, "reading.txt"),
        "Somerset": ("South West", "Standard", "Digital", "2020-06", None, {"Partnership", "Strategy"}, "somerset.txt"),
        "Walsall": ("West Midlands", "Standard", "Digital", "2020-06", None, {"Bespoke", "Community engagement"},
                    "walsall.txt"),
    }


PARTNER_AGENCIES = {
    ("Birmingham", "Birmingham Children's Trust", "Children's services trust or company"),
    ("Birmingham", "Birmingham Children's Safeguarding Partnership",
     "Safeguarding or community safety partnership or board"),
    ("Birmingham", "West Midlands Police", "Police"),
    ("Birmingham", "CCG (Birmingham)", "Health commissioner"),  # a generic name says whose it is
    (CWAC, f"Adult Safeguarding Partnership ({CWAC})", "Safeguarding or community safety partnership or board"),
    (CWAC, f"Children's Safeguarding Partnership ({CWAC})", "Safeguarding or community safety partnership or board"),
    (CWAC, f"Community Safety Partnership ({CWAC})", "Safeguarding or community safety partnership or board"),
    ("Reading", "Brighter Futures for Children", "Children's services trust or company"),
    ("Reading", "Thames Valley Police", "Police"),
    ("Reading", "Reading Borough Council", "Local authority"),
    ("Reading", "Royal Berkshire NHS Foundation Trust", "NHS trust"),
    ("Somerset", "Somerset County Council", "Local authority"),
    ("Somerset", "Somerset County Council – Children's Services", "Council department or service"),  # a unit
    ("Somerset", "Somerset County Council – Public Health", "Council department or service"),
    ("Somerset", "Somerset County Council – Education", "Council department or service"),
    ("Somerset", "Avon and Somerset Police", "Police"),
    ("Somerset", "Somerset CCG", "Health commissioner"),
    ("Somerset", "Somerset NHS Partnership Trust", "NHS trust"),
    ("Somerset", "SHAL Housing", "Housing"),
    ("Somerset", "Barnardo's", "Voluntary or community organisation"),
    ("Walsall", "Walsall CCG", "Health commissioner"),
    ("Walsall", "Walsall Council", "Local authority"),
    ("Walsall", "West Midlands Police", "Police"),
}


def test_partner_agencies(store):
    rows = run(store, "partner-agencies")
    assert len(rows) == len(PARTNER_AGENCIES)
    assert {(r["partnership"], r["agency"], r["type"]) for r in rows} == PARTNER_AGENCIES
    departments = {r["agency"]: r["partOf"] for r in rows if r["partOf"]}
    assert departments == {f"Somerset County Council – {d}": "Somerset County Council"
                           for d in ("Children's Services", "Public Health", "Education")}
    walsall = run(store, "partner-agencies", partnership="Walsall")
    assert {(r["agency"], r["source"]) for r in walsall} == {
        ("Walsall CCG", "walsall.txt:9"), ("Walsall Council", "walsall.txt:9"), ("West Midlands Police", "walsall.txt:9")}
    assert {r["partnership"] for r in run(store, "partner-agencies", partnership="cheshire west and chester")} == {CWAC}


def test_shared_agencies(store):
    rows = run(store, "shared-agencies")
    assert len(rows) == 1
    (wmp,) = rows
    assert (wmp["agency"], wmp["type"], wmp["count"]) == ("West Midlands Police", "Police", "2")
    assert split(wmp["partnerships"]) == {"Walsall", "Birmingham"}
    assert split(wmp["sources"]) == {"walsall.txt:9", "birmingham.txt:10"}


TS_ROWS = [  # (partnership, region, strength, section, start of the evidence sentence, source)
    (CWAC, "North West", "Focus", "Details", "Partnership – transitional safeguarding",
     "cheshire-west-and-chester.txt:14"),
    ("Birmingham", "West Midlands", "Mention", "Joining the dots",
     "It is also an example of working across children and adult services", "birmingham.txt:99"),
    ("Walsall", "West Midlands", "Mention", "Joining the dots",
     "As part of this we saw questions arise around the transition from children's to adult services",
     "walsall.txt:69"),
]


def _topic_rows(rows):
    return [(r["partnership"], r["region"], r["strength"], r["section"], r["evidence"], r["source"]) for r in rows]


def _matches(rows, expected):
    assert len(rows) == len(expected)
    for got, want in zip(_topic_rows(rows), expected):
        assert got[:4] == want[:4] and got[4].startswith(want[4]) and got[5] == want[5], (got, want)


def test_areas_by_topic(store):
    ts = run(store, "areas-by-topic", topic="transitional safeguarding")
    _matches(ts, TS_ROWS)
    assert ts[0]["sentences"] != "1" and int(ts[0]["sentences"]) > 10
    assert [r["sentences"] for r in ts[1:]] == ["1", "1"]
    assert run(store, "areas-by-topic", topic=str(TOPIC["transitional-safeguarding"])) == ts
    # a broader topic also finds the narrower ones
    ce = run(store, "areas-by-topic", topic="child exploitation")
    assert {(r["topic"], r["partnership"], r["strength"]) for r in ce} == {
        ("Child exploitation", "Birmingham", "Focus"), ("Child exploitation", "Reading", "Focus"),
        ("Child exploitation", "Somerset", "Focus"), ("Child exploitation", CWAC, "Mention"),
        ("Child exploitation", "Walsall", "Mention"),
        ("Child sexual exploitation", "Somerset", "Focus"), ("Child sexual exploitation", "Birmingham", "Mention"),
        ("Child sexual exploitation", "Walsall", "Mention"),
        ("Child criminal exploitation", "Somerset", "Focus"), ("Child criminal exploitation", "Birmingham", "Mention")}
    assert column(ce, "strength") == sorted(column(ce, "strength"))  # focus first
    # abbreviations and alternative labels name the topic; CSE in Walsall was a shift away from it
    cse = {r["partnership"]: r for r in run(store, "areas-by-topic", topic="CSE")}
    assert cse["Walsall"]["strength"] == "Mention"
    assert cse["Walsall"]["evidence"].startswith("This priority was set within the wider safeguarding partnership")
    assert cse["Somerset"]["evidence"].startswith("The partnership wished to develop their strategy to child "
                                                  "exploitation to include both sexual and criminal exploitation")
    cce = run(store, "areas-by-topic", topic="criminal exploitation")
    assert {(r["partnership"], r["strength"]) for r in cce} == {("Somerset", "Focus"), ("Birmingham", "Mention")}
    assert run(store, "areas-by-topic", topic="county lines") == []  # no report mentions county lines
    hubs = run(store, "areas-by-topic", topic="MASH")
    assert [(r["partnership"], r["strength"], r["section"]) for r in hubs] == [("Birmingham", "Focus", "Summary")]
    efh = {r["partnership"]: r["strength"] for r in run(store, "areas-by-topic", topic="EFH")}
    assert efh == {"Reading": "Focus", "Birmingham": "Mention", "Walsall": "Mention", CWAC: "Mention"}
    data = run(store, "areas-by-topic", topic="data")
    assert [(r["partnership"], r["strength"], r["evidence"]) for r in data][0] == \
        ("Reading", "Focus", "Partnership and data")


def test_transitional_safeguarding(store):
    _matches(run(store, "transitional-safeguarding"), TS_ROWS)


def test_topic_evidence(store):
    rows = run(store, "topic-evidence", topic="transitional safeguarding")
    by = {}
    for r in rows:
        by.setdefault(r["partnership"], []).append(r)
    assert set(by) == {CWAC, "Birmingham", "Walsall"}
    assert [(r["section"], r["givesStrength"]) for r in by["Walsall"]] == [("Joining the dots", "true")]
    decisive = [(r["section"], r["sentence"][:40]) for r in by[CWAC] if r["givesStrength"] == "true"]
    assert decisive == [("Details", "Partnership – transitional safeguarding"),
                        ("Reasons", "The local area was keen to explore trans"),
                        ("Reasons", "The partnership demonstrated in its appl"),
                        ("Overall goal", "The overarching objective for Cheshire W")]
    others = {r["section"] for r in by[CWAC] if r["givesStrength"] == "false"}
    assert {"Approaches / methods", "Key issues", "Emerging evidence of system change"} <= others
    lines = [int(r["source"].rsplit(":", 1)[1]) for r in by[CWAC]]
    assert lines == sorted(lines)  # in report order
    one = run(store, "topic-evidence", topic="CSE", partnership="Walsall")
    assert [(r["strength"], r["section"], r["givesStrength"]) for r in one] == [("Mention", "Reasons", "true")]


def test_topics_overview(store):
    rows = {r["topic"]: r for r in run(store, "topics")}
    assert len(rows) >= 20
    def areas(topic):
        r = rows[topic]
        return split(r["focus"]), split(r["mention"])
    assert areas("Transitional safeguarding") == ({CWAC}, {"Birmingham", "Walsall"})
    assert areas("Child exploitation") == ({"Birmingham", "Reading", "Somerset"}, {CWAC, "Walsall"})
    assert areas("Multi-agency hubs") == ({"Birmingham"}, set())
    assert areas("All-age approach") == ({"Walsall", CWAC}, set())
    assert areas("Missing children") == (set(), {"Birmingham"})
    lead = rows["Leadership and influence"]
    assert (lead["focusCount"], lead["mentionCount"]) == ("0", "5")
    counts = [(int(r["focusCount"]), int(r["mentionCount"])) for r in run(store, "topics")]
    assert counts == sorted(counts, reverse=True)


def test_themes(store):
    rows = run(store, "themes")
    got = [(r["partnership"], r["theme"], r["statedTheme"]) for r in rows]
    assert got == [
        ("Birmingham", "Leading with care", "Leading with care"),
        ("Birmingham", "Bridging boundaries", "Blurring boundaries"),
        ("Birmingham", "Holding complexity, uncertainty and curiosity", "Holding complexity, uncertainty and curiosity"),
        ("Reading", "Bridging boundaries", "Bridging boundaries"),
        ("Reading", "Leading with care", "Leading with care"),
        ("Reading", "Holding complexity, uncertainty and curiosity", "Working with complexity, curiosity and uncertainty"),
        ("Somerset", None, None),
        ("Walsall", "Leading with care", "Leading with Care"),
        ("Walsall", "Bridging boundaries", "Bridging boundaries"),
        ("Walsall", "Holding complexity, uncertainty and curiosity", "Holding complexity, uncertainty and curiosity"),
    ]  # Cheshire West and Chester's report has no Joining the dots section
    somerset = rows[6]
    assert somerset["reflection"].startswith("The question of influence and how that relates to leadership")
    assert somerset["source"] == "somerset.txt:62"
    assert rows[1]["reflection"].startswith("The EMPOWERU Hub is an example of how a mix of statutory")


def test_actions(store):
    rows = run(store, "actions")
    counts = {p: column(rows, "partnership").count(p) for p in ALL}
    assert counts == {"Birmingham": 2, CWAC: 7, "Reading": 5, "Somerset": 5, "Walsall": 5}
    somerset = [r["action"] for r in rows if r["partnership"] == "Somerset"]
    assert somerset[0].startswith("Membership, chairing and terms of reference for the exploitation sub group")
    assert somerset[2].startswith("Joined up, multi-agency discussions around commissioning")
    reading = [r["action"] for r in rows if r["partnership"] == "Reading"]
    assert reading[2] == "Reviewing the partnership approach to soft intelligence."

    def numbered(topic):
        return {(r["partnership"], int(r["n"])) for r in run(store, "actions", topic=topic)}
    assert numbered("extra-familial harm") == {("Birmingham", 1), ("Birmingham", 2), (CWAC, 6), ("Reading", 1),
                                               ("Reading", 4)}
    assert numbered("data and intelligence") == {("Somerset", 2), ("Reading", 1), ("Reading", 3)}
    assert numbered("transitional safeguarding") == {(CWAC, 1), (CWAC, 2), (CWAC, 4), (CWAC, 5), (CWAC, 6)}
    assert numbered("workforce development") == {(CWAC, 1), ("Reading", 4)}
    assert numbered("commissioning") == {("Somerset", 3)}


LOST_URL = {  # (title, partnership) of links whose target was lost in conversion
    ("Contextual Safeguarding Network", "Birmingham"), ("evaluation of the Alexi Project", "Birmingham"),
    ("transitional safeguarding", "Birmingham"), ("this briefing", "Birmingham"),
    ("explored in this briefing", "Birmingham"),
    ("This interview with Annie Hudson and Ben Byrne", CWAC), ("see resources here", CWAC),
    ("See these resources", CWAC), ("this Research in Practice briefing", CWAC),
    ("briefing", "Reading"), ("resources developed for the TCE Programme by Rebecca Godar", "Reading"),
    ("Local Data Accelerator Fund", "Reading"), ("blog post", "Reading"),
    ("rapid evidence scope", "Walsall"),
}
WITH_URL = {
    "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/987928/"
    "Wood_Review_of_multi-agency_safeguarding_arrangements_2021.pdf",
    "https://tce.researchinpractice.org.uk/topic/young-persons-voice/",
    "https://tce.researchinpractice.org.uk/the-use-of-tools-and-checklists-to-assess-risk-of-child-sexual-"
    "exploitation-an-exploratory-study/",
    "https://tce.researchinpractice.org.uk/community-engagement-in-tackling-child-exploitation-and-extra-"
    "familial-harm-rapid-scoping-review/",
}


def test_cited_resources(store):
    rows = run(store, "cited-resources")
    assert len(rows) == len(LOST_URL) + len(WITH_URL)
    assert {(r["title"], r["citedBy"]) for r in rows if r["url"] is None} == LOST_URL
    assert all(r["urlLost"] == "true" for r in rows if r["url"] is None)
    linked = {r["url"]: r for r in rows if r["url"]}
    assert set(linked) == WITH_URL
    assert {r["citedBy"] for r in linked.values()} == {"Birmingham"}
    wood = linked[next(u for u in WITH_URL if "Wood_Review" in u)]
    # its footnote opens on line 22; the URL the citation quotes is on line 24
    assert wood["title"].startswith("Wood Review of multi") and wood["sources"] == "birmingham.txt:24"
    assert all(r["reports"] == "1" for r in rows)  # no resource is cited by two of the five reports
    scope = next(r for r in rows if r["title"] == "rapid evidence scope")
    assert split(scope["sources"]) == {"walsall.txt:27", "walsall.txt:47", "walsall.txt:124"}
    assert "Somerset" not in {r["citedBy"] for r in rows}


def test_reports_by_region(store):
    rows = run(store, "reports-by-region")
    got = [(r["region"], r["gss"], r["reports"], split(r["partnerships"]), split(r["stated"])) for r in rows]
    assert got == [
        ("West Midlands", "E12000005", "2", {"Walsall", "Birmingham"}, {"West Midlands", "Midlands"}),
        ("North West", "E12000002", "1", {CWAC}, {"North West"}),
        ("South East", "E12000008", "1", {"Reading"}, {"South East"}),
        ("South West", "E12000009", "1", {"Somerset"}, {"South West"}),
    ]


def test_partnerships_without_agency_type(store):
    def without(agencytype):
        return {r["partnership"] for r in run(store, "partnerships-without-agency-type", agencytype=agencytype)}
    assert without("police") == {CWAC}
    assert without("NHS trust") == {"Birmingham", CWAC, "Walsall"}
    assert without("CCG") == {CWAC, "Reading"}  # the health commissioner, by its altLabel
    assert without("housing") == ALL - {"Somerset"}
    assert without("charity") == ALL - {"Somerset"}  # Barnardo's
    (row,) = run(store, "partnerships-without-agency-type", agencytype="police")
    assert row["missingType"] == "Police"
    assert split(row["coreAgencies"]) == {
        f"Adult Safeguarding Partnership ({CWAC}) (Safeguarding or community safety partnership or board)",
        f"Children's Safeguarding Partnership ({CWAC}) (Safeguarding or community safety partnership or board)",
        f"Community Safety Partnership ({CWAC}) (Safeguarding or community safety partnership or board)"}


def test_no_health_partner(store):
    rows = run(store, "no-health-partner")
    assert column(rows, "partnership") == [CWAC]
    assert len(split(rows[0]["coreAgencies"])) == 3


def test_timeline(store):
    rows = run(store, "timeline")
    assert [(r["commenced"], r["ended"], r["partnership"]) for r in rows] == [
        ("2019-08", "2020-04", "Birmingham"), ("2020-06", None, "Somerset"), ("2020-06", None, "Walsall"),
        ("2021-06", None, CWAC), ("2021-06", None, "Reading")]
    assert rows[0]["statedDates"] == "August 2019 – April 2020"


def test_methodologies(store):
    rows = run(store, "methodologies")
    got = {r["methodology"]: (r["projects"], split(r["partnerships"])) for r in rows}
    assert got == {"Partnership": ("4", {"Birmingham", CWAC, "Reading", "Somerset"}),
                   "Strategy": ("1", {"Somerset"}), "Data": ("1", {"Reading"}),
                   "Community engagement": ("1", {"Walsall"}), "Bespoke": ("1", {"Walsall"}),
                   "Transitional safeguarding": ("1", {CWAC})}
    assert rows[0]["methodology"] == "Partnership"
    stated = split(next(r for r in rows if r["methodology"] == "Partnership")["stated"], " | ")
    assert stated == {"Somerset: Partnership/Strategy", f"{CWAC}: Partnership – transitional safeguarding",
                      "Birmingham: Partnership", "Reading: Partnership and data"}


def test_delivery_modes(store):
    rows = run(store, "delivery-modes")
    assert [(r["delivery"], r["projects"]) for r in rows] == [("Digital", "5")]
    assert split(rows[0]["partnerships"]) == ALL


def test_signatories(store):
    rows = run(store, "signatories")
    got = {(r["partnership"], r["side"], r["name"], r["role"], r["date"]) for r in rows}
    assert got == {
        ("Birmingham", "Local area", None, None, "2021-07-07"),  # the report's sign-off names nobody
        (CWAC, "Local area", "Sian Jones", "Safeguarding Children Partnership Manager", "2021-10-01"),
        ("Reading", "Local area", "Amy Hurst", None, "2022-03-01"),  # as the report writes it
        ("Somerset", "Local area", "Lisa Bird", "Head of Service - Prevention SCC, On behalf of the CE Subgroup",
         "2021-03-22"),
        ("Somerset", "TCE lead", "Amy Hurst", None, "2021-04-30"),
        ("Walsall", "Local area", "Sophie Read-Willets", None, "2021-03-22"),
        ("Walsall", "Local area", "Alison Jones", None, "2021-03-22"),
        ("Walsall", "Local area", "Carol Broughton", None, "2021-03-22"),
        ("Walsall", "Local area", "Dez Lambert", None, "2021-03-22"),
        ("Walsall", "TCE lead", "Amy Hurst", None, "2021-03-22"),
    }
    assert len(rows) == 10
    # in the order the report lists them (walsall.txt:144), not alphabetical
    assert [r["name"] for r in rows if r["partnership"] == "Walsall" and r["side"] == "Local area"] == [
        "Sophie Read-Willets", "Alison Jones", "Carol Broughton", "Dez Lambert"]


def test_search(store):
    # reading.txt: the Key issues section's body starts at line 52 ("Managing capacity ..."), and line 58
    # says "in this case Thames Valley"; no bundled report says "county lines"
    rows = run(store, "search", phrase="Thames VALLEY")
    assert [(r["partnership"], r["section"], r["file"], r["line"]) for r in rows] == [
        ("Reading", "Key issues that arose during the delivery of the BSP", "reading.txt", "52")]
    assert "in this case Thames Valley, with locally identified need" in rows[0]["text"]
    assert run(store, "search", phrase="thames valley", section="Overall goal") == []
    assert run(store, "search", phrase="county lines") == []


def test_every_saved_query_is_answered_here():
    """Keeps this file honest: a new saved query needs a test of its answers above."""
    tested = {name[len("test_"):].replace("_", "-") for name in globals() if name.startswith("test_")}
    tested |= {"topics"}  # test_topics_overview
    assert {q.name for q in list_queries()} <= tested


# ---------------------------------------------------------------- result formats


@pytest.fixture()
def small() -> SelectResult:
    return SelectResult(["s", "label", "n", "missing"], [
        {"s": URIRef("https://w3id.org/tce-graph/def/topic/cse"), "label": Literal('say "hi",\tthen\nbye', lang="en"),
         "n": Literal(3), "missing": None}])


def test_csv_tsv_json_follow_the_sparql_results_formats(small):
    assert format_csv(small) == ('s,label,n,missing\r\n'
                                 'https://w3id.org/tce-graph/def/topic/cse,"say ""hi"",\tthen\nbye",3,\r\n')
    assert format_tsv(small) == ('?s\t?label\t?n\t?missing\n'
                                 '<https://w3id.org/tce-graph/def/topic/cse>\t"say \\"hi\\",\\tthen\\nbye"@en\t3\t\n')
    import json
    data = json.loads(format_json(small))
    assert data == {"head": {"vars": ["s", "label", "n", "missing"]}, "results": {"bindings": [{
        "s": {"type": "uri", "value": "https://w3id.org/tce-graph/def/topic/cse"},
        "label": {"type": "literal", "value": 'say "hi",\tthen\nbye', "xml:lang": "en"},
        "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}


def test_table_fits_the_width(small, store):
    text = format_table(small, 30)
    assert all(len(line) <= 30 for line in text.splitlines())
    assert "…" in text  # cells cut to fit
    roomy = format_table(small, 60).splitlines()
    assert roomy[0].split() == ["s", "label", "n", "missing"]
    assert roomy[2].startswith("topic:cse  ") and 'say "hi", then bye' in roomy[2]  # one line per row
    wide = format_table(run_query("areas-by-topic", {"topic": "transitional safeguarding"}, store), 80)
    assert all(len(line) <= 80 for line in wide.splitlines()) and "…" in wide
    assert "Cheshir" in wide and "birmin" in wide
    assert wide.splitlines()[0].split()[:2] == ["partnership", "region"]  # headers kept whole


def test_records_show_every_value_whole(store):
    result = run_query("areas-by-topic", {"topic": "transitional safeguarding"}, store)
    assert table_is_clipped(result, 80)
    text = format_records(result, 60)
    assert all(len(line) <= 60 or " " not in line.strip()[12:] for line in text.splitlines())
    assert text.count("-[ ") == len(result.rows) == 3
    cited = format_records(run_query("cited-resources", {}, store), 40)  # addresses longer than a line
    assert ("  https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/"
            "987928/Wood_Review_of_multi-agency_safeguarding_arrangements_2021.pdf\n") in cited  # birmingham.txt:24
    flat = " ".join(text.split())  # the wrapped lines joined again
    for row in result.rows:
        assert " ".join(str(row["evidence"]).split()) in flat  # every evidence sentence, uncut
    assert "…" not in text
