"""`tce-graph load` against a real Oxigraph server (started on a free loopback port, stopped at the end),
and remote queries that must answer exactly as the embedded store does.

Faults are real where they can be: a closed port, a server killed (SIGKILL) part-way through a load
and restarted. Timeouts, HTTP 5xx and credentials use a small loopback proxy in front of the real
server (tests/oxigraph_server.py) that withholds answers, injects statuses, or demands Basic/Digest
credentials it checks itself.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from oxigraph_server import OxigraphServer, Proxy, free_port
from tce_graph.cli import main
from tce_graph.errors import StoreError
from tce_graph.stores import EmbeddedStore, RemoteStore
from tce_graph.stores.load import LoadError, graph_payloads, load, staging_iri
from tce_graph.stores.sparql import _query_form

ROOT = Path(__file__).resolve().parents[1]
FAST = dict(retries=2, backoff=0.01, timeout=10)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    srv = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    yield srv
    srv.stop()


@pytest.fixture
def server(oxigraph):
    """The module's server, emptied before each test."""
    oxigraph.clear()
    return oxigraph


@pytest.fixture(scope="module")
def expected(built):
    """Quads in the built TriG (what a load must leave on the server), and its graph names."""
    trig = ox.Store()
    trig.load(path=str(built.out_dir / "tce-graph.trig"))
    graphs = sorted(g.value for g in trig.named_graphs())
    assert len(trig) == built.triples
    return len(trig), graphs


def remote_graphs(srv) -> list[str]:
    return RemoteStore(srv.query).graphs()


# -- load / reload / append -----------------------------------------------------------------------


def test_load_twice_graph_store_leaves_the_trig_count(server, built, expected):
    count, graphs = expected
    for _ in range(2):
        report = load(built.out_dir, endpoint=server.query, graph_store=server.store,
                      update_endpoint=server.update, **FAST)
        assert report.ok and report.method == "graph-store"
        assert server.count() == count
        assert report.mismatched == []
    assert remote_graphs(server) == graphs  # nine graphs: 5 reports, ontology, concepts, topics, dataset
    assert len(graphs) == 9
    assert not any(g.startswith("urn:tce-graph:staging:") for g in remote_graphs(server))


def test_load_twice_plain_put(server, built, expected):
    for _ in range(2):
        report = load(built.out_dir, graph_store=server.store, **FAST)
        assert report.ok
        assert server.count() == expected[0]


def test_load_twice_sparql_update(server, built, expected):
    for _ in range(2):
        report = load(built.out_dir, endpoint=server.query, **FAST)  # update URL derived: /query -> /update
        assert report.ok and report.method == "update" and report.target == server.update
        assert server.count() == expected[0]
    assert remote_graphs(server) == expected[1]


def test_staged_replace_in_small_requests(server, built, expected):
    """Graphs larger than one request go through a staging graph and one MOVE; same result."""
    for _ in range(2):
        report = load(built.out_dir, endpoint=server.query, max_request_bytes=20_000, **FAST)
        assert report.ok and report.mismatched == []
    assert server.count() == expected[0]
    assert remote_graphs(server) == expected[1]


@pytest.mark.parametrize("source", ["trig", "nquads", "dataset"])
def test_every_source_loads_the_same(server, built, expected, source):
    src = {"trig": built.out_dir / "tce-graph.trig", "nquads": built.out_dir / "tce-graph.nq",
           "dataset": built.dataset}[source]
    load(src, graph_store=server.store, **FAST)
    assert server.count() == expected[0]


def test_append_adds_no_duplicate_ground_triples(server, built, expected):
    ground = "GRAPH ?g { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }"
    load(built.out_dir, graph_store=server.store, **FAST)
    before = server.count(ground)
    bnode_triples = sum(1 for p in graph_payloads(built.out_dir)[0] for ln in p.ntriples.splitlines()
                        if b"_:" in ln)
    for kwargs in ({"graph_store": server.store}, {"update_endpoint": server.update}):
        report = load(built.out_dir, mode="append", **kwargs, **FAST)
        assert report.ok
        assert server.count(ground) == before  # identical triples are not doubled
    # blank nodes are fresh in every insert (SPARQL/RDF semantics): only those triples repeat
    assert server.count() == expected[0] + 2 * bnode_triples
    load(built.out_dir, graph_store=server.store, update_endpoint=server.update, **FAST)  # replace restores
    assert server.count() == expected[0]


def test_cli_load(server, built, expected):
    result = CliRunner().invoke(main, ["load", "--from", str(built.out_dir), "--endpoint", server.query,
                                       "--graph-store", server.store])
    assert result.exit_code == 0, result.output
    assert "loaded 9 of 9 graph(s)" in result.output
    assert server.count() == expected[0]


# -- remote answers == embedded answers -------------------------------------------------------------

QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label }",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?label ?broader WHERE { ?c skos:prefLabel ?label "
    "OPTIONAL { ?c skos:broader ?broader } }",
    "SELECT ?s ?o WHERE { ?s a ?o FILTER(isBlank(?s)) }",
    "SELECT ?o (DATATYPE(?o) AS ?dt) (LANG(?o) AS ?lang) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
    "ASK { ?s a <http://www.w3.org/ns/dcat#Dataset> }",
    "ASK { ?s a <http://example.org/nothing> }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/tce-graph/id/graph/dataset> { ?s ?p ?o } }",
]


def saved_queries() -> list[str]:
    """Every saved query in queries/*.rq (run as is: parameters left unbound match anything)."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]


def _norm(term):
    return "_:b" if isinstance(term, BNode) else (term.n3() if term is not None else "UNBOUND")


def answers(store, sparql: str, bindings=None):
    form = _query_form(sparql)
    if form == "SELECT":
        res = store.select(sparql, bindings)
        # as a set: a server whose default graph is the union of the named graphs gives a triple stated in
        # several graphs once per graph; the embedded store's default graph holds each triple once
        return res.variables, sorted({tuple(_norm(r[v]) for v in res.variables) for r in res.rows})
    if form == "ASK":
        return store.ask(sparql, bindings)
    return store.construct(sparql, bindings)


def assert_same(a, b):
    if hasattr(a, "serialize"):
        assert isomorphic(a, b)
    else:
        assert a == b


@pytest.fixture
def loaded(oxigraph, built, expected):
    """(remote, embedded) stores holding the same build; loads only when the server does not hold it."""
    if oxigraph.count() != expected[0] or RemoteStore(oxigraph.query).graphs() != expected[1]:
        oxigraph.clear()
        load(built.out_dir, graph_store=oxigraph.store, update_endpoint=oxigraph.update, **FAST)
    return RemoteStore(oxigraph.query), EmbeddedStore(built.out_dir / "store")


@pytest.mark.parametrize("sparql", QUERIES + saved_queries())
def test_remote_answers_equal_embedded(loaded, sparql):
    remote, embedded = loaded
    assert_same(answers(remote, sparql), answers(embedded, sparql))


@pytest.mark.parametrize("path", sorted((ROOT / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_saved_queries_with_their_defaults_agree(loaded, path):
    """Each saved query, run the way `query run` runs it (parameters bound from its declared
    defaults), answers the same from the remote server and the embedded store."""
    from tce_graph import query as queries

    remote, embedded = loaded
    query = queries.load_query(path)
    r, e = [queries.run_query(query, query.examples, store=s) for s in (remote, embedded)]
    assert r.variables == e.variables
    assert sorted(tuple(_norm(row[v]) for v in r.variables) for row in r.rows) == \
        sorted(tuple(_norm(row[v]) for v in e.variables) for row in e.rows)


def test_remote_counts_and_graphs_equal_embedded(loaded, expected):
    remote, embedded = loaded
    assert remote.triple_count() == embedded.triple_count() == expected[0]
    assert remote.graphs() == embedded.graphs() == expected[1]


def test_remote_bindings_equal_embedded(loaded):
    remote, embedded = loaded
    q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "SELECT ?s ?p WHERE { ?s ?p ?o . OPTIONAL { ?s rdfs:label ?l } }")
    some = embedded.select("SELECT ?o WHERE { ?s a ?o } LIMIT 1").rows[0]["o"]
    for value in (some, Literal("abstract", lang="en"), Literal(9, datatype=None), URIRef("http://x/none")):
        assert_same(answers(remote, q, {"o": value}), answers(embedded, q, {"o": value}))
    assert answers(remote, q, {"o": some})[1]  # the IRI binding matched something


def test_remote_injection_attempt_is_just_a_literal(loaded, expected):
    remote, embedded = loaded
    evil = Literal('x" } UNION { ?s ?p ?o } #')
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert remote.select(q, {"o": evil}).rows == []
    assert embedded.select(q, {"o": evil}).rows == []
    assert remote.ask("ASK { ?s ?p ?o }", {"o": Literal("\\\" } ; DROP ALL ; #")}) is False
    assert remote.triple_count() == expected[0]  # nothing was altered


# -- faults ------------------------------------------------------------------------------------------


def test_closed_port_names_endpoint_and_graph(built):
    port = free_port()  # nothing listens there
    url = f"http://127.0.0.1:{port}/store"
    with pytest.raises(LoadError) as err:
        load(built.out_dir, graph_store=url, **FAST)
    msg = str(err.value)
    assert url in msg and "graph https://w3id.org/tce-graph/def into" in msg and "refused" in msg
    report = err.value.report
    assert report.loaded == [] and len(report.failed) == 9
    assert isinstance(err.value, StoreError)

    result = CliRunner().invoke(main, ["load", "--from", str(built.out_dir), "--graph-store", url,
                                       "--retries", "1"])
    assert result.exit_code == 2
    assert "error: could not load graph https://w3id.org/tce-graph/def into" in result.output
    assert f"127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_server_killed_mid_load_then_rerun_completes(tmp_path, built, expected):
    srv = OxigraphServer(tmp_path / "killed").start()
    try:
        def progress(graph, i, n):
            if i == 4:  # three graphs are in; the server dies before the fourth
                srv.kill()

        with pytest.raises(LoadError) as err:
            load(built.out_dir, graph_store=srv.store, update_endpoint=srv.update, progress=progress, **FAST)
        report = err.value.report
        assert report.loaded == expected[1][:3]
        assert [g for g, _ in report.failed] == expected[1][3:]
        assert "refused" in report.failed[0][1] and "not attempted" in report.failed[1][1]

        srv.start()  # same location and port
        assert server_count(srv) == sum(p.triples for p in graph_payloads(built.out_dir)[0][:3])
        report = load(built.out_dir, graph_store=srv.store, update_endpoint=srv.update, **FAST)
        assert report.ok and srv.count() == expected[0]
    finally:
        srv.stop()


def server_count(srv) -> int:
    return srv.count()


def test_timeout_is_reported_and_retried(built):
    """A server that accepts the connection but never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/store"
    try:
        started = time.monotonic()
        with pytest.raises(LoadError) as err:
            load(built.out_dir, graph_store=url, retries=1, backoff=0.01, timeout=0.3)
        assert "timed out" in str(err.value) and "gave up after 2 attempts" in str(err.value)
        assert time.monotonic() - started < 5  # bounded: stops after the first graph's retries
    finally:
        sock.close()


def test_transient_5xx_is_retried_with_backoff(server, built, expected):
    failures = {"left": 2}
    lock = threading.Lock()

    def fault(method, path, body):
        with lock:
            if method == "PUT" and failures["left"]:
                failures["left"] -= 1
                return 503
        return None

    with Proxy(server.base, fault=fault) as proxy:
        report = load(built.out_dir, graph_store=proxy.base + "/store", retries=3, backoff=0.01, timeout=10)
    assert report.ok and server.count() == expected[0]
    assert failures["left"] == 0
    assert sum(1 for m, _, _ in proxy.requests if m == "PUT") == 9 + 2


def test_rejected_graph_is_reported_and_others_load(server, built, expected):
    bad = "birmingham"

    def fault(method, path, body):
        return 400 if bad in path else None

    with Proxy(server.base, fault=fault) as proxy:
        with pytest.raises(LoadError) as err:
            load(built.out_dir, graph_store=proxy.base + "/store", **FAST)
    report = err.value.report
    assert len(report.loaded) == 8 and len(report.failed) == 1 and bad in report.failed[0][0]
    assert "HTTP 400" in report.failed[0][1]
    assert sum(1 for m, p, _ in proxy.requests if bad in p) == 1  # a 400 is not retried


def test_failed_swap_leaves_the_old_graph_whole(server, built, tmp_path):
    """Replace is staged: if the final MOVE fails, the graph still holds its previous triples."""
    load(built.out_dir, graph_store=server.store, update_endpoint=server.update, **FAST)
    g = "https://w3id.org/tce-graph/id/graph/dataset"
    before = server.count(f"GRAPH <{g}> {{ ?s ?p ?o }}")
    changed = tmp_path / "changed.nq"
    changed.write_text(f'<http://x/a> <http://x/b> "new" <{g}> .\n', encoding="utf-8")

    def fault(method, path, body):
        return 500 if b"MOVE" in body else None

    with Proxy(server.base, fault=fault) as proxy:
        with pytest.raises(LoadError):
            load(changed, graph_store=proxy.base + "/store", update_endpoint=proxy.base + "/update",
                 retries=1, backoff=0.01, timeout=10)
    assert server.count(f"GRAPH <{g}> {{ ?s ?p ?o }}") == before
    # the next successful run replaces it exactly and leaves no staging graph behind
    load(changed, graph_store=server.store, update_endpoint=server.update, **FAST)
    assert server.count(f"GRAPH <{g}> {{ ?s ?p ?o }}") == 1
    assert server.count(f"GRAPH <{staging_iri(g)}> {{ ?s ?p ?o }}") == 0


# -- credentials ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_from_environment(server, built, expected, monkeypatch, scheme):
    monkeypatch.setenv("TCE_GRAPH_USER", "loader")
    monkeypatch.setenv("TCE_GRAPH_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("TCE_GRAPH_AUTH", scheme)
    with Proxy(server.base, auth=scheme, user="loader", password="s3cret-pw") as proxy:
        report = load(built.out_dir, endpoint=proxy.base + "/query", graph_store=proxy.base + "/store",
                      update_endpoint=proxy.base + "/update", **FAST)
        assert report.ok and report.mismatched == []
        assert server.count() == expected[0]
        # queries go through the same authentication
        assert RemoteStore(proxy.base + "/query").triple_count() == expected[0]
        result = CliRunner().invoke(main, ["load", "--from", str(built.out_dir),
                                           "--graph-store", proxy.base + "/store"])
        assert result.exit_code == 0, result.output
        assert "s3cret-pw" not in result.output
    headers = [h for _, _, h in proxy.requests if h]
    assert headers and all(h.startswith("Basic " if scheme == "basic" else "Digest ") for h in headers)


def test_credentials_from_netrc(server, built, expected, monkeypatch, tmp_path):
    monkeypatch.delenv("TCE_GRAPH_USER", raising=False)
    monkeypatch.delenv("TCE_GRAPH_AUTH", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login reader password from-netrc\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with Proxy(server.base, auth="basic", user="reader", password="from-netrc") as proxy:
        report = load(built.out_dir, graph_store=proxy.base + "/store", **FAST)
    assert report.ok and server.count() == expected[0]


def _cli_load_with_basic_credentials(monkeypatch, built, proxy, password: str):
    """`tce-graph load` through ``proxy`` with Basic credentials (user 'loader') from the environment."""
    monkeypatch.setenv("TCE_GRAPH_USER", "loader")
    monkeypatch.setenv("TCE_GRAPH_PASSWORD", password)
    monkeypatch.delenv("TCE_GRAPH_AUTH", raising=False)
    return CliRunner().invoke(main, ["load", "--from", str(built.out_dir), "--graph-store", proxy.base + "/store"])


def test_wrong_credentials_fail_fast_without_printing_them(server, built, monkeypatch):
    with Proxy(server.base, auth="basic", user="loader", password="right-pw") as proxy:
        result = _cli_load_with_basic_credentials(monkeypatch, built, proxy, "wrong-pw")
    assert result.exit_code == 2
    assert "refused the credentials" in result.output and "wrong-pw" not in result.output
    assert len(proxy.requests) == 1  # not retried, other graphs not attempted


def test_credentials_in_urls_are_refused(built):
    with pytest.raises(StoreError, match="do not put credentials in the URL"):
        load(built.out_dir, graph_store="http://user:pw@127.0.0.1:1/store")
    with pytest.raises(StoreError, match="do not put credentials in the URL"):
        RemoteStore("http://user:pw@127.0.0.1:1/query")


# -- stale graphs, staging leftovers ---------------------------------------------------------------


def _without_graph(built, tmp_path, graph_part: str) -> tuple[Path, int, str]:
    """The built TriG minus one report's named graph, as N-Quads: what a build without that report gives."""
    store = ox.Store()
    store.load(path=str(built.out_dir / "tce-graph.trig"))
    gone = next(g for g in store.named_graphs() if graph_part in g.value)
    store.remove_graph(gone)
    path = tmp_path / "fewer.nq"
    store.dump(output=str(path), format=ox.RdfFormat.N_QUADS)
    return path, len(store), gone.value


@pytest.mark.parametrize("method", ["graph-store", "update"])
def test_replace_removes_graphs_of_reports_no_longer_built(server, built, expected, tmp_path, method):
    targets = (dict(graph_store=server.store) if method == "graph-store" else {})
    load(built.out_dir, endpoint=server.query, **targets, **FAST)
    foreign = "http://example.org/someone-elses-graph"
    server_update(server, f'INSERT DATA {{ GRAPH <{foreign}> {{ <http://x/a> <http://x/b> "kept" }} }}')
    leftover = staging_iri("https://w3id.org/tce-graph/id/graph/walsall-2021-05")
    server_update(server, f'INSERT DATA {{ GRAPH <{leftover}> {{ <http://x/a> <http://x/b> "stale" }} }}')
    fewer, fewer_count, gone = _without_graph(built, tmp_path, "birmingham")

    kept = load(fewer, endpoint=server.query, prune=False, **targets, **FAST)
    assert kept.removed == [] and gone in remote_graphs(server)

    report = load(fewer, endpoint=server.query, **targets, **FAST)
    assert report.removed == sorted([gone, leftover])
    assert gone not in remote_graphs(server) and foreign in remote_graphs(server)
    assert server.count() == fewer_count + 1  # the build's quads, plus the graph it does not own
    assert report.mismatched == []


def test_cli_lists_removed_graphs_and_warns_without_endpoint(server, built, tmp_path):
    load(built.out_dir, graph_store=server.store, **FAST)
    fewer, _, gone = _without_graph(built, tmp_path, "cheshire")
    result = CliRunner().invoke(main, ["load", "--from", str(fewer), "--graph-store", server.store])
    assert result.exit_code == 0, result.output
    assert "only found and removed when --endpoint is given" in result.output
    assert gone in remote_graphs(server)
    result = CliRunner().invoke(main, ["load", "--from", str(fewer), "--graph-store", server.store,
                                       "--endpoint", server.query])
    assert result.exit_code == 0, result.output
    assert f"removed {gone} (not in this build)" in result.output and "removed 1 stale graph" in result.output
    assert gone not in remote_graphs(server)


def test_nothing_is_removed_after_a_failure(server, built, tmp_path):
    load(built.out_dir, graph_store=server.store, **FAST)
    fewer, _, gone = _without_graph(built, tmp_path, "birmingham")

    def fault(method, path, body):
        return 400 if method == "PUT" and "walsall" in path else None

    with Proxy(server.base, fault=fault) as proxy:
        with pytest.raises(LoadError) as err:
            load(fewer, graph_store=proxy.base + "/store", endpoint=proxy.base + "/query", **FAST)
    assert err.value.report.removed == [] and gone in remote_graphs(server)


def test_failed_staged_replace_drops_its_staging_graph(server, built):
    def fault(method, path, body):
        return 500 if b"MOVE" in body else None

    with Proxy(server.base, fault=fault) as proxy:
        with pytest.raises(LoadError):
            load(built.out_dir, graph_store=proxy.base + "/store", update_endpoint=proxy.base + "/update",
                 retries=0, backoff=0.01, timeout=10)
    assert not [g for g in remote_graphs(server) if g.startswith("urn:tce-graph:staging:")]


def server_update(srv, text: str) -> None:
    import urllib.request

    req = urllib.request.Request(srv.update, data=text.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(req, timeout=10).read()


def test_a_server_without_a_union_default_graph_is_pointed_out(tmp_path, built, expected):
    srv = OxigraphServer(tmp_path / "no-union", union_default_graph=False).start()
    try:
        report = load(built.out_dir, endpoint=srv.query, graph_store=srv.store, **FAST)
        assert report.ok and srv.count() == expected[0]
        assert any("--union-default-graph" in w for w in report.warnings)
        # the query command says the same, once, instead of a bare "(0 rows)"
        result = CliRunner().invoke(main, ["query", "run", "reports", "--endpoint", srv.query])
        assert result.exit_code == 0
        notes = [ln for ln in result.output.splitlines() if ln.startswith("note: ")]
        assert len(notes) == 1 and "shows nothing in its default graph" in notes[0]
        assert "--union-default-graph" in notes[0]
    finally:
        srv.stop()


# -- more faults ------------------------------------------------------------------------------------


def test_unsupported_media_type_stops_at_once(server, built):
    def fault(method, path, body):
        return 415

    with Proxy(server.base, fault=fault) as proxy:
        with pytest.raises(LoadError) as err:
            load(built.out_dir, update_endpoint=proxy.base + "/update", **FAST)
    assert len(proxy.requests) == 1 and "HTTP 415" in str(err.value)
    assert sum(1 for _, reason in err.value.report.failed if reason.startswith("not attempted")) == 8


def test_backoff_is_bounded(built, monkeypatch):
    import tce_graph.stores.load as load_module

    waits: list[float] = []
    monkeypatch.setattr(load_module.time, "sleep", waits.append)
    with pytest.raises(LoadError):
        load(built.out_dir, graph_store=f"http://127.0.0.1:{free_port()}/store", retries=20, backoff=0.5,
             timeout=5, max_wait=10_000)
    assert len(waits) == 20 and max(waits) == load_module.MAX_BACKOFF
    assert waits[:3] == [0.5, 1.0, 2.0]


def test_the_time_one_graph_waits_is_bounded_in_all(built, monkeypatch):
    import tce_graph.stores.load as load_module

    waits: list[float] = []
    monkeypatch.setattr(load_module.time, "sleep", waits.append)
    with pytest.raises(LoadError) as err:
        load(built.out_dir, graph_store=f"http://127.0.0.1:{free_port()}/store", retries=20, backoff=0.5,
             timeout=5)  # the default budget: 60 s of waiting per graph, whatever the retries
    assert sum(waits) <= load_module.MAX_WAIT == 60.0
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0]  # the next wait (30 s) would pass 60 s in all
    assert "--max-wait" in err.value.report.failed[0][1]


def test_basic_credentials_against_a_digest_server_say_what_to_set(server, built, monkeypatch):
    with Proxy(server.base, auth="digest", user="loader", password="pw-digest") as proxy:
        result = _cli_load_with_basic_credentials(monkeypatch, built, proxy, "pw-digest")
        assert result.exit_code == 2
        assert "asks for Digest authentication; set TCE_GRAPH_AUTH=digest" in result.output
        assert "loaded 0 of 9 graph(s)" in result.output and "pw-digest" not in result.output
        assert len(proxy.requests) == 1  # pre-emptive Basic, answered with a Digest challenge; not retried
        with pytest.raises(StoreError, match="TCE_GRAPH_AUTH=digest"):
            RemoteStore(proxy.base + "/query").triple_count()


@pytest.mark.parametrize("url", ["http://alice:pa/ss@127.0.0.1:1/store", "http://alice:p?w@127.0.0.1:1/store",
                                 "http://alice:p#w@127.0.0.1:1/store", "http://alice@127.0.0.1:1/store"])
def test_credentials_in_urls_are_refused_and_never_shown(built, url):
    result = CliRunner().invoke(main, ["load", "--from", str(built.out_dir), "--graph-store", url])
    assert result.exit_code == 2 and "do not put credentials" in result.output
    assert "alice" not in result.output and "pa/ss" not in result.output
    result = CliRunner().invoke(main, ["query", "run", "reports", "--endpoint", url])
    assert result.exit_code == 2 and "alice" not in result.output


def test_a_broken_netrc_is_reported_without_its_contents(built, monkeypatch, tmp_path):
    monkeypatch.delenv("TCE_GRAPH_USER", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login reader password correct horse-battery\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = CliRunner().invoke(main, ["load", "--from", str(built.out_dir),
                                       "--graph-store", f"http://127.0.0.1:{free_port()}/store"])
    assert result.exit_code == 2 and "near line" in result.output and str(netrc) in result.output
    assert "horse" not in result.output and "battery" not in result.output
