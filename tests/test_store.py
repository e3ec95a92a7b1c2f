"""The store interface: embedded (pyoxigraph) and in-memory (rdflib) backends give the same answers,
parameters are bound as terms (never pasted into the query), and the embedded store is written
atomically. The remote backend is exercised against a live Oxigraph server in test_load.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from conftest import REPORTS
from tce_graph import build
from tce_graph.errors import QueryError, StoreError
from tce_graph.stores import (
    EmbeddedStore,
    MemoryStore,
    SelectResult,
    Store,
    inject_values,
    open_store,
    sparql_term,
    write_embedded_store,
)

RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


@pytest.fixture(scope="module")
def stores(built):
    """Three backends over the same build: embedded store, the TriG parsed by rdflib, the built Dataset."""
    return {
        "embedded": open_store(built.out_dir / "store"),
        "trig": open_store(data=built.out_dir / "tce-graph.trig"),
        "dataset": MemoryStore(built.dataset),
    }


def _norm(term):
    return "_:b" if isinstance(term, BNode) else (term.n3() if term is not None else "UNBOUND")


def rows(res: SelectResult):
    return sorted(tuple(_norm(r[v]) for v in res.variables) for r in res.rows)


def agree(stores, method, sparql, bindings=None):
    answers = {name: getattr(s, method)(sparql, bindings) for name, s in stores.items()}
    first = answers["embedded"]
    for name, other in answers.items():
        if method == "select":
            assert other.variables == first.variables, name
            assert rows(other) == rows(first), name
        elif method == "construct":
            from rdflib.compare import isomorphic
            assert isomorphic(other, first), name
        else:
            assert other == first, name
    return first


def test_build_writes_the_embedded_store(built):
    store = built.out_dir / "store"
    assert store in built.files and (store / "CURRENT").is_file()
    assert EmbeddedStore(store).triple_count() == built.triples


def test_every_backend_is_a_store(stores):
    for s in stores.values():
        assert isinstance(s, Store)
    assert stores["embedded"].name.startswith("embedded:")
    assert stores["trig"].name.startswith("memory")


def test_counts_and_graphs_agree(stores, built):
    assert {s.triple_count() for s in stores.values()} == {built.triples}
    graphs = {tuple(s.graphs()) for s in stores.values()}
    assert len(graphs) == 1
    g = graphs.pop()
    assert len(g) == 9 and "https://w3id.org/tce-graph/def" in g


@pytest.mark.parametrize("sparql", [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    # the default graph is the union of the named graphs; DISTINCT makes a query portable (see below)
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    RDFS + "SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l }",
    SKOS + "SELECT DISTINCT ?c ?label ?broader WHERE { ?c skos:prefLabel ?label OPTIONAL { ?c skos:broader ?broader } }",
    "SELECT DISTINCT ?o (DATATYPE(?o) AS ?dt) (LANG(?o) AS ?lang) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
    "SELECT ?s ?t WHERE { ?s a ?t FILTER(isBlank(?s)) }",
])
def test_backends_agree_on_select(stores, sparql):
    res = agree(stores, "select", sparql)
    assert res.rows


def test_the_default_graph_is_a_set_on_the_embedded_store_and_in_rdflib(stores):
    """A triple stated in two report graphs (a shared organisation's label, say) is matched once by the
    embedded store (its default graph holds the de-duplicated union) and by rdflib; an Oxigraph server
    serving the union as its default graph matches it once per graph. Saved queries over the union use
    DISTINCT (or GRAPH ?g) so every backend answers the same."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    quads = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    n = {name: int(s.select(q).rows[0]["n"]) for name, s in stores.items()}
    assert n["embedded"] == int(stores["embedded"].select(distinct).rows[0]["n"])
    assert n["embedded"] < int(stores["embedded"].select(quads).rows[0]["n"])  # shared nodes: fewer than quads
    assert n["trig"] == n["dataset"] == n["embedded"]


def test_backends_agree_on_ask_and_construct(stores):
    assert agree(stores, "ask", "ASK { ?s a <http://www.w3.org/ns/dcat#Dataset> }") is True
    assert agree(stores, "ask", "ASK { ?s a <http://example.org/none> }") is False
    g = agree(stores, "construct",
              "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/tce-graph/id/graph/dataset> { ?s ?p ?o } }")
    assert len(g) > 10


def test_plain_literals_are_identical_terms(stores):
    """xsd:string literals come back as plain rdflib literals from every backend."""
    q = "SELECT ?o WHERE { ?s ?p ?o FILTER(DATATYPE(?o) = <http://www.w3.org/2001/XMLSchema#string>) } LIMIT 1"
    for s in stores.values():
        (row,) = s.select(q).rows
        assert row["o"].datatype is None and row["o"].language is None


def test_unbound_is_none(stores):
    q = "SELECT ?s ?missing WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> OPTIONAL { ?s <http://x/none> ?missing } }"
    for s in stores.values():
        res = s.select(q)
        assert res.variables == ["s", "missing"] and res.rows[0]["missing"] is None


# -- bindings ------------------------------------------------------------------------------------------


def test_bindings_are_typed_terms(stores):
    dataset = URIRef("https://w3id.org/tce-graph/id/dataset")
    q = "SELECT ?p ?o WHERE { ?s ?p ?o }"
    res = agree(stores, "select", q, {"s": dataset})
    assert res.rows
    # a projected and a non-projected parameter, an IRI and a language-tagged literal
    q2 = "SELECT ?s WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
    title = Literal("TCE Project Learning Reports knowledge graph", lang="en")
    assert [r["s"] for r in agree(stores, "select", q2, {"?t": title}).rows] == [dataset]
    assert agree(stores, "select", q2, {"t": Literal("TCE Project Learning Reports knowledge graph")}).rows == []
    # typed literals bind by datatype: "5"^^xsd:integer is not "5"
    n = stores["embedded"].select("SELECT ?n WHERE { ?d <http://rdfs.org/ns/void#documents> ?n }").rows[0]["n"]
    assert n == Literal(5, datatype=XSD.integer)
    q3 = "ASK { ?d <http://rdfs.org/ns/void#documents> ?n }"
    assert agree(stores, "ask", q3, {"n": Literal(5)}) is True  # plain Python ints become xsd:integer
    assert agree(stores, "ask", q3, {"n": Literal("5")}) is False
    assert agree(stores, "ask", q3, {"n": 5}) is True


def test_injection_attempt_is_only_a_string(stores):
    evil = Literal('x" } UNION { ?s ?p ?o } #')
    for sparql in ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
        for name, s in stores.items():
            res = s.select(sparql, {"o": evil})
            assert all(v is None or v == Literal(0) for r in res.rows for v in r.values()), name


def test_values_injection_keeps_the_query_shape():
    evil = Literal('x" } UNION { ?s ?p ?o } #')
    q = "SELECT ?s WHERE { ?s ?p ?o }"
    out = inject_values(q, {"o": evil})
    assert out == 'SELECT ?s WHERE { VALUES (?o) { ("x\\" } UNION { ?s ?p ?o } #") }  ?s ?p ?o }'
    from rdflib.plugins.sparql import prepareQuery
    prepareQuery(out)  # still one valid query
    # braces in strings, IRIs, comments and prefixed names do not confuse the scanner
    q = ('PREFIX ex: <http://x/a#> # a comment { with braces\n'
         'CONSTRUCT { ?s ex:where "}" } WHERE { ?s ex:select \'{\' . ?s ?p ?o }')
    out = inject_values(q, {"p": URIRef("http://x/p")})
    assert 'WHERE { VALUES (?p) { (<http://x/p>) }  ?s ex:select' in out
    prepareQuery(out)
    # a group that is a bare sub-select is wrapped, so VALUES stays legal
    out = inject_values("SELECT * WHERE { SELECT ?s WHERE { ?s ?p ?o } }", {"o": Literal(1)})
    prepareQuery(out)
    assert out.startswith("SELECT * WHERE { VALUES (?o)")


@pytest.mark.parametrize("bad", [URIRef("http://x/a> } ; DROP ALL ; <http://x/b"), Literal("x", datatype=URIRef("http://x/t> } #")),
                                 BNode("b1")])
def test_unsafe_terms_are_refused(bad):
    with pytest.raises(QueryError):
        sparql_term(bad)


def test_bad_variable_names_and_queries(stores):
    for s in stores.values():
        with pytest.raises(QueryError):
            s.select("SELECT ?s WHERE { ?s ?p ?o }", {"o } UNION {": Literal("x")})
        with pytest.raises(QueryError):
            s.select("SELECT ?s WHERE { ?s ?p ")
        with pytest.raises(QueryError):
            s.ask("SELECT ?s WHERE { ?s ?p ?o }")


# -- the embedded store on disk ---------------------------------------------------------------------------


def test_missing_store_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError) as err:
        open_store()
    assert str(err.value) == "no embedded store at out/store; run `tce-graph build` first"


def test_several_readers_coexist(built):
    a, b = EmbeddedStore(built.out_dir / "store"), EmbeddedStore(built.out_dir / "store")
    assert a.triple_count() == b.triple_count() == built.triples


def test_rebuild_swaps_the_store_atomically(built, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(built.out_dir / "store", target)
    before = EmbeddedStore(target).triple_count()
    bad = tmp_path / "broken.nq"
    bad.write_text("<http://x/a> <http://x/b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(StoreError):
        write_embedded_store(bad, target)
    assert EmbeddedStore(target).triple_count() == before  # the old store is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.nq", "store"]  # no temp folders left
    small = tmp_path / "small.nq"
    small.write_text("<http://x/a> <http://x/b> \"c\" <http://x/g> .\n", encoding="utf-8")
    write_embedded_store(small, target)
    assert EmbeddedStore(target).triple_count() == 1
    assert EmbeddedStore(target).graphs() == ["http://x/g"]


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path):
    target = tmp_path / "store"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    small = tmp_path / "small.nq"
    small.write_text("<http://x/a> <http://x/b> \"c\" <http://x/g> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not an embedded store"):
        write_embedded_store(small, target)
    assert (target / "notes.txt").exists()


def test_build_without_store(tmp_path):
    build([REPORTS / "walsall.txt"], tmp_path, formats=("trig",), store=False)
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("name", [p.stem for p in sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.rq"))])
def test_saved_queries_agree_on_every_backend(stores, name):
    """Every saved query, run with its example parameters (#+ examples, else #+ defaults), gives the same rows,
    joined lists (GROUP_CONCAT) included, on the embedded store, rdflib over the TriG and the Dataset."""
    from tce_graph.query import get_query, run_query

    query = get_query(name)
    answers = {backend: run_query(query, query.examples, store=s) for backend, s in stores.items()}
    first = answers["embedded"]
    assert first.rows, name
    for backend, res in answers.items():
        assert res.variables == first.variables and rows(res) == rows(first), (name, backend)


def test_the_embedded_store_answers_each_triple_once_however_many_graphs_state_it(built):
    """West Midlands Police is a core partner of Birmingham and of Walsall: both report graphs state its
    label; the store's default graph (the de-duplicated union) gives it once, so joins and counts over
    shared nodes do not multiply."""
    store = EmbeddedStore(built.out_dir / "store")
    q = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT (COUNT(*) AS ?n) WHERE "
         "{ ?a skos:prefLabel \"West Midlands Police\"@en }")
    assert int(store.select(q).rows[0]["n"]) == 1
    per_graph = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT (COUNT(*) AS ?n) WHERE "
                 "{ GRAPH ?g { ?a skos:prefLabel \"West Midlands Police\"@en } }")
    assert int(store.select(per_graph).rows[0]["n"]) == 2
    assert store.triple_count() == built.triples  # the union copy is not counted


def _store_quads(location: Path) -> tuple[set[tuple[str, str, str, str]], int]:
    """Every quad of an embedded store without a blank node (as N-Triples text), and how many have one
    (a parser may relabel blank nodes, so those are counted, not compared)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(location))
    plain, blank = set(), 0
    for q in store:
        terms = (q.subject, q.predicate, q.object, q.graph_name)
        if any(isinstance(t, ox.BlankNode) for t in terms):
            blank += 1
        else:
            plain.add(tuple(str(t) for t in terms))
    return plain, blank


def test_a_rebuild_updates_only_the_changed_graphs_and_equals_a_fresh_build(tmp_path):
    """After one report is edited, one removed and one added, the build replaces only those graphs
    (and the dataset description) in a copy of the previous store, keeping the union default graph
    equal to the union of the named graphs: the store holds exactly what a fresh build's does."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("birmingham", "walsall", "reading"):
        shutil.copy(REPORTS / f"{name}.txt", folder / f"{name}.txt")
    out = tmp_path / "out"
    build([folder], out, cache=False, validate=False)
    old_store = _store_quads(out / "store")
    # Walsall goes (West Midlands Police stays: Birmingham names it too), Somerset comes, Reading changes
    (folder / "walsall.txt").unlink()
    shutil.copy(REPORTS / "somerset.txt", folder / "somerset.txt")
    text = (folder / "reading.txt").read_text(encoding="utf-8")
    (folder / "reading.txt").write_text(text.replace("Thames Valley Police", "Thames Valley Police Service"),
                                        encoding="utf-8")
    steps: list[str] = []
    build([folder], out, cache=False, validate=False,
          progress=lambda item, i, n, stage: steps.append(item) if stage == "storing" else None)
    assert steps[0] == "the named graphs"  # 3 of 5 report graphs changed: more than a tenth, loaded anew
    fresh = tmp_path / "fresh"
    build([folder], fresh, cache=False, validate=False)
    assert _store_quads(out / "store") == _store_quads(fresh / "store") != old_store

    # now one report changes among the four: the store is updated, not loaded again
    text = (folder / "somerset.txt").read_text(encoding="utf-8")
    (folder / "somerset.txt").write_text(text.replace("Somerset County Council", "Somerset Council"), encoding="utf-8")
    for name in ("cheshire-west-and-chester",):
        shutil.copy(REPORTS / f"{name}.txt", folder / f"{name}.txt")
    import tce_graph.pipeline as pipeline

    steps.clear()
    share = pipeline.INCREMENTAL_SHARE
    pipeline.INCREMENTAL_SHARE = 0.5  # five graphs in all here: let two of them be updated
    try:
        build([folder], out, cache=False, validate=False,
              progress=lambda item, i, n, stage: steps.append(item) if stage == "storing" else None)
    finally:
        pipeline.INCREMENTAL_SHARE = share
    assert steps[:2] == ["copying the previous store", "updating 3 graph(s), removing 0"]  # + the description
    build([folder], fresh, cache=False, validate=False)
    updated, fresh_quads = _store_quads(out / "store"), _store_quads(fresh / "store")
    assert updated == fresh_quads
    labels = {q[2] for q in updated[0] if q[1] == "<http://www.w3.org/2004/02/skos/core#prefLabel>"}
    assert '"Somerset Council"@en' in labels and '"Somerset County Council"@en' not in labels
    assert '"West Midlands Police"@en' in labels


def test_a_previous_store_that_cannot_be_read_is_loaded_anew(tmp_path):
    """The update path copies the previous store; when that store is damaged the build loads the
    store anew instead of failing (and the new store answers)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("birmingham", "walsall", "reading", "somerset", "cheshire-west-and-chester"):
        shutil.copy(REPORTS / f"{name}.txt", folder / f"{name}.txt")
    out = tmp_path / "out"
    build([folder], out, cache=False, validate=False)
    (out / "store" / "CURRENT").unlink()  # RocksDB cannot open it any more; its graph list is still there
    text = (folder / "walsall.txt").read_text(encoding="utf-8")
    (folder / "walsall.txt").write_text(text.replace("Walsall CCG", "Walsall ICB"), encoding="utf-8")
    import tce_graph.pipeline as pipeline

    share, pipeline.INCREMENTAL_SHARE = pipeline.INCREMENTAL_SHARE, 0.5
    steps: list[str] = []
    try:
        build([folder], out, cache=False, validate=False,
              progress=lambda item, i, n, stage: steps.append(item) if stage == "storing" else None)
    finally:
        pipeline.INCREMENTAL_SHARE = share
    assert steps == ["copying the previous store",  # tried, could not open it: loaded anew
                     "the named graphs", "their union, the default graph", "compacting"]
    fresh = tmp_path / "fresh"
    build([folder], fresh, cache=False, validate=False)
    assert _store_quads(out / "store") == _store_quads(fresh / "store")


def test_an_update_refuses_a_graph_whose_old_version_has_blank_nodes_and_drops_an_emptied_one(built, tmp_path):
    """The union holds its own labels for blank nodes, so a graph whose previous version has them
    cannot be replaced in place (the build then loads the store anew); a changed graph with no triples
    left is no named graph any more, as in a fresh load."""
    import pyoxigraph as ox

    from tce_graph.stores.embedded import store_manifest, update_embedded_store

    previous = built.out_dir / "store"
    manifest = store_manifest(previous)
    assert manifest is not None
    ontology = "https://w3id.org/tce-graph/def"
    with pytest.raises(StoreError, match="blank nodes"):
        update_embedded_store(previous, tmp_path / "a", {ontology: b""}, [], manifest)
    assert not (tmp_path / "a").exists() and not list(tmp_path.iterdir())  # nothing left behind
    walsall = "https://w3id.org/tce-graph/id/graph/walsall-2020-06"
    update_embedded_store(previous, tmp_path / "b", {walsall: b""}, [], manifest)
    store = ox.Store.read_only(str(tmp_path / "b"))
    assert ox.NamedNode(walsall) not in set(store.named_graphs())
    assert ox.NamedNode(walsall) in set(ox.Store.read_only(str(previous)).named_graphs())  # the old one is kept
