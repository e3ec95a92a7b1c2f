"""The remote store's requests, seen from a loopback stub server: SELECT, ASK and CONSTRUCT go through
SPARQLWrapper (its User-Agent, its SPARQL 1.1 Protocol POST and Accept headers) with httpx doing the
HTTP -- Basic sent pre-emptively, Digest answered on the server's challenge whatever its realm, and
no process-wide urllib opener left behind -- and every failure is a one-line message without the
credentials. The same store against a real Oxigraph server is exercised in test_load.py."""
from __future__ import annotations

import json
import time
import urllib.request
from email.utils import formatdate

import pytest
from rdflib import Literal, URIRef

from stub_server import Stub
from tce_graph.errors import QueryError, StoreError
from tce_graph.stores import RemoteStore
from tce_graph.stores.http import Credentials, HttpFault, _retry_after, challenges, send

TURTLE = b'@prefix ex: <http://x/> .\nex:a ex:p "one" , "two"@en .\n'
NTRIPLES = b'<http://x/a> <http://x/p> "one" .\n_:b0 <http://x/p> <http://x/a> .\n'
RDFXML = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          b'xmlns:ex="http://x/"><rdf:Description rdf:about="http://x/a"><ex:p>one</ex:p><ex:p>two</ex:p>'
          b'</rdf:Description></rdf:RDF>')


def answer_with(status: int, ctype: str, body: bytes, **headers):
    return lambda req: (status, {"Content-Type": ctype, **headers}, body)


# -- the requests are SPARQLWrapper's --------------------------------------------------------------


def _is_sparqlwrapper_query(req: dict, sparql_part: str) -> None:
    assert req["method"] == "POST" and req["path"] == "/sparql"
    assert req["headers"]["user-agent"].startswith("sparqlwrapper ")  # SPARQLWrapper's own agent
    assert req["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert list(req["form"]) == ["query"]  # no update=, and no format=/output=/results= (only conneg)
    assert sparql_part in req["form"]["query"][0]


def test_select_goes_through_sparqlwrapper():
    with Stub() as stub:
        res = RemoteStore(stub.url).select("SELECT ?s ?label WHERE { ?s ?p ?label }", {"p": URIRef("http://x/p")})
    assert res.variables == ["s", "label"]
    assert res.rows[0] == {"s": URIRef("http://x/a"), "label": Literal("A", lang="en")}
    assert res.rows[1]["label"] is None
    (req,) = stub.requests
    _is_sparqlwrapper_query(req, "VALUES (?p) { (<http://x/p>) }")
    assert req["headers"]["accept"].startswith("application/sparql-results+json")


def test_ask_goes_through_sparqlwrapper():
    with Stub(answer_with(200, "application/sparql-results+json", b'{"head": {}, "boolean": true}')) as stub:
        assert RemoteStore(stub.url).ask("ASK { ?s ?p ?o }", {"o": Literal("x")}) is True
    (req,) = stub.requests
    _is_sparqlwrapper_query(req, 'VALUES (?o) { ("x") }')
    assert "application/sparql-results+json" in req["headers"]["accept"]


@pytest.mark.parametrize("ctype, body", [("text/turtle; charset=utf-8", TURTLE), ("application/n-triples", NTRIPLES),
                                         ("application/rdf+xml", RDFXML)])
def test_construct_goes_through_sparqlwrapper(ctype, body):
    with Stub(answer_with(200, ctype, body)) as stub:
        g = RemoteStore(stub.url).construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert len(g) == 2 and (URIRef("http://x/a"), URIRef("http://x/p"), Literal("one")) in g
    (req,) = stub.requests
    _is_sparqlwrapper_query(req, "CONSTRUCT { ?s ?p ?o }")
    assert "text/turtle" in req["headers"]["accept"]


def test_keywords_in_comments_do_not_make_a_query_an_update():
    """SPARQLWrapper guesses the query form with a regex that finds MOVE in 'removed' (and skips every
    other comment line); the form is the project lexer's, so a query is never sent as an update."""
    sparql = ("# one\n# graphs removed, copied or dropped\n# insert nothing\n"
              "PREFIX ex: <http://x/>\nSELECT ?s ?label WHERE { ?s ex:p ?label }")
    with Stub() as stub:
        assert RemoteStore(stub.url).select(sparql).variables == ["s", "label"]
    _is_sparqlwrapper_query(stub.requests[0], "graphs removed")


# -- credentials ---------------------------------------------------------------------------------------


def test_basic_credentials_are_sent_at_once(monkeypatch):
    monkeypatch.setenv("TCE_GRAPH_USER", "reader")
    monkeypatch.setenv("TCE_GRAPH_PASSWORD", "b4sic-pw")
    monkeypatch.delenv("TCE_GRAPH_AUTH", raising=False)
    with Stub(auth="basic", user="reader", password="b4sic-pw") as stub:
        assert RemoteStore(stub.url).select("SELECT * WHERE { ?s ?p ?o }").rows
    (req,) = stub.requests  # pre-emptive: no round trip for a challenge
    assert req["headers"]["authorization"].startswith("Basic ")
    _is_sparqlwrapper_query(req, "SELECT")


def test_digest_answers_the_challenge_of_any_realm_and_installs_no_global_opener(monkeypatch):
    monkeypatch.setenv("TCE_GRAPH_USER", "reader")
    monkeypatch.setenv("TCE_GRAPH_PASSWORD", "d1gest-pw")
    monkeypatch.setenv("TCE_GRAPH_AUTH", "digest")
    opener = urllib.request._opener  # what SPARQLWrapper's own DIGEST would replace, process-wide
    with Stub(auth="digest", user="reader", password="d1gest-pw") as stub:
        assert RemoteStore(stub.url).select("SELECT * WHERE { ?s ?p ?o }").rows
    assert urllib.request._opener is opener
    first, second = stub.requests
    assert "authorization" not in first["headers"]  # the challenge first ...
    assert second["headers"]["authorization"].startswith("Digest ")  # ... then the answer to it
    assert f'realm="{Stub.REALM}"' in second["headers"]["authorization"]
    for req in (first, second):
        _is_sparqlwrapper_query(req, "SELECT")
    assert "d1gest-pw" not in json.dumps([r["headers"] for r in stub.requests])


def test_digest_for_load_writes():
    creds = Credentials("loader", "pw", "digest")
    with Stub(answer_with(204, "text/plain", b""), auth="digest", user="loader", password="pw") as stub:
        status, _ = send("PUT", stub.url, data=b"<http://x/a> <http://x/b> <http://x/c> .\n",
                         headers={"Content-Type": "text/turtle"}, credentials=creds, timeout=5)
    assert status == 204
    assert [r["method"] for r in stub.requests] == ["PUT", "PUT"]
    assert stub.requests[1]["body"] == stub.requests[0]["body"]  # the body is sent again with the answer


@pytest.mark.parametrize("sent, asked, hint", [("basic", "digest", "asks for Digest authentication; set TCE_GRAPH_AUTH=digest"),
                                               ("digest", "basic", "asks for Basic authentication; set TCE_GRAPH_AUTH=basic")])
def test_a_scheme_mismatch_says_what_to_set(monkeypatch, sent, asked, hint):
    monkeypatch.setenv("TCE_GRAPH_USER", "reader")
    monkeypatch.setenv("TCE_GRAPH_PASSWORD", "the-pw")
    monkeypatch.setenv("TCE_GRAPH_AUTH", sent)
    with Stub(auth=asked, user="reader", password="the-pw") as stub:
        with pytest.raises(StoreError) as err:
            RemoteStore(stub.url).select("SELECT * WHERE { ?s ?p ?o }")
    assert hint in str(err.value) and "the-pw" not in str(err.value) and "\n" not in str(err.value)


def test_wrong_password_is_refused_without_showing_it(monkeypatch):
    monkeypatch.setenv("TCE_GRAPH_USER", "reader")
    monkeypatch.setenv("TCE_GRAPH_PASSWORD", "wr0ng-pw")
    monkeypatch.setenv("TCE_GRAPH_AUTH", "digest")
    with Stub(auth="digest", user="reader", password="right-pw") as stub:
        store = RemoteStore(stub.url)
        with pytest.raises(StoreError, match="refused the credentials") as err:
            store.select("SELECT * WHERE { ?s ?p ?o }")
    assert "wr0ng-pw" not in str(err.value) and "wr0ng-pw" not in repr(store.auth)


# -- errors are one line ---------------------------------------------------------------------------------


def test_a_rejected_query_is_a_query_error():
    body = b"Parser error at line 1:\n  unexpected token\n" + b"x" * 2000
    with Stub(answer_with(400, "text/plain", body)) as stub:
        with pytest.raises(QueryError) as err:
            RemoteStore(stub.url).select("SELECT * WHERE { ?s ?p ?o }")
    msg = str(err.value)
    assert msg.startswith(f"{stub.url} answered HTTP 400 Bad Request: Parser error at line 1: unexpected token")
    assert msg.endswith("(the query was rejected)") and "\n" not in msg and len(msg) < 500


@pytest.mark.parametrize("status", [404, 500, 503])
def test_server_errors_are_store_errors(status):
    with Stub(answer_with(status, "text/plain", b"it broke")) as stub:
        with pytest.raises(StoreError) as err:
            RemoteStore(stub.url).ask("ASK { ?s ?p ?o }")
    assert not isinstance(err.value, QueryError)
    assert str(err.value).startswith(f"{stub.url} answered HTTP {status} ") and str(err.value).endswith("it broke")


@pytest.mark.parametrize("ctype, body", [("text/html", b"<html>a login page</html>"),
                                         ("application/sparql-results+json", b"{not json"),
                                         ("application/sparql-results+xml", b"<sparql/>")])
def test_an_answer_that_is_not_json_results(ctype, body):
    with Stub(answer_with(200, ctype, body)) as stub:
        with pytest.raises(StoreError, match="did not answer SPARQL JSON results"):
            RemoteStore(stub.url).select("SELECT * WHERE { ?s ?p ?o }")


def test_a_construct_answer_that_is_not_rdf():
    with Stub(answer_with(200, "text/turtle", b"this is not turtle <")) as stub:
        with pytest.raises(StoreError, match="did not answer RDF") as err:
            RemoteStore(stub.url).construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert "\n" not in str(err.value)


def test_sub_second_timeouts_are_kept():
    """SPARQLWrapper keeps whole seconds (int(0.3) == 0: no timeout); the exchange uses the exact value."""
    with Stub(delay=2.0) as stub:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"timed out after 0\.3s"):
            RemoteStore(stub.url, timeout=0.3).select("SELECT * WHERE { ?s ?p ?o }")
        assert time.monotonic() - started < 1.5


def test_retry_after_in_seconds_or_as_a_date():
    assert _retry_after("7") == 7.0 and _retry_after(None) is None and _retry_after("soon") is None
    assert 50 <= _retry_after(formatdate(time.time() + 60, usegmt=True)) <= 61
    assert _retry_after(formatdate(time.time() - 60, usegmt=True)) == 0.0


def test_retry_after_reaches_the_fault():
    with Stub(answer_with(503, "text/plain", b"busy", **{"Retry-After": "2"})) as stub:
        with pytest.raises(HttpFault) as err:
            send("POST", stub.url, data=b"x", timeout=5)
    assert err.value.transient and err.value.status == 503 and err.value.retry_after == 2.0


def test_the_wrapper_never_shows_the_password():
    from tce_graph.stores.remote import _Wrapper

    w = _Wrapper("http://127.0.0.1:1/sparql", Credentials("u", "hunter2", "basic"), 1.5)
    assert "hunter2" not in str(w) and "hunter2" not in repr(w)
    assert w.timeout == 2 and w.exact_timeout == 1.5


def test_challenges_are_read_from_every_www_authenticate_header():
    import httpx

    def asked(*values):
        return challenges(httpx.Response(401, headers=[("WWW-Authenticate", v) for v in values]))

    assert asked('Digest realm="a, b", qop="auth", nonce="n", algorithm=MD5') == ["Digest"]
    assert asked('Basic realm="x", Digest realm="y", nonce="z"') == ["Basic", "Digest"]
    assert asked("Bearer", 'Negotiate abc==') == ["Bearer", "Negotiate"]
    assert asked() == []
