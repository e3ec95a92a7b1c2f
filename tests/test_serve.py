"""tce-graph serve, started as a command on a free loopback port over the published site (see _site.py):
content negotiation with 303 for things, the SPARQL endpoint (a saved query there answers as the CLI
does; updates refused; a runaway query stopped), and the saved queries as a web API."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from _site import published_site
from oxigraph_server import free_port
from tce_graph.cli import main
from tce_graph.query import get_query

TIMEOUT = 2.0  # the server's query time limit in these tests


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pub = published_site(tmp_path_factory)
    port = free_port()
    exe = Path(sys.executable).parent / "tce-graph"
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([str(exe), "serve", "--store", str(pub.out / "store"), "--site", str(pub.site),
                                 "--port", str(port), "--timeout", str(TIMEOUT), "--max-rows", "1000"],
                                stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/index.html", timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None:
                pytest.fail(f"tce-graph serve exited: {log.read_text()}")
            time.sleep(0.2)
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    yield client, pub, proc, log
    client.close()
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_thing_is_answered_with_303_to_the_representation_asked_for(server):
    client, *_ = server
    for accept, suffix in (("text/html", ".html"), ("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"),
                           ("application/n-triples", ".nt"), ("text/turtle;q=0.5, application/ld+json", ".jsonld"),
                           ("*/*", ".html"), ("", ".html")):
        r = client.get("/id/organisation/west-midlands-police", headers={"Accept": accept})
        assert r.status_code == 303, accept
        assert r.headers["location"] == "/id/organisation/west-midlands-police" + suffix
        assert "Accept" in r.headers["vary"]
    r = client.get("/id/organisation/west-midlands-police.ttl")
    assert r.status_code == 200 and r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert "cache-control" in r.headers and "etag" in r.headers
    assert "Birmingham" not in r.text and "West Midlands Police" in r.text
    r = client.get("/id/organisation/west-midlands-police", headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_the_ontology_document_is_answered_in_place(server):
    client, *_ = server
    r = client.get("/def", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"] == "Accept" and "tce:coreAgency" in r.text
    r = client.get("/def", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


def test_site_files_and_missing_paths(server):
    client, *_ = server
    assert client.get("/").headers["content-type"].startswith("text/html")
    assert client.get("/assets/site.css").headers["content-type"].startswith("text/css")
    assert client.get("/no/such/thing").status_code == 404
    assert client.get("/../../etc/passwd").status_code == 404


def test_a_saved_query_on_the_endpoint_answers_as_the_cli_does(server):
    client, pub, *_ = server
    query = get_query("shared-agencies").text
    cli = CliRunner().invoke(main, ["query", "run", "shared-agencies", "--store", str(pub.out / "store"),
                                    "--format", "json"])
    assert cli.exit_code == 0
    r = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    assert _joined_sorted(json.loads(r.text)) == json.loads(cli.output)
    got = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert got.status_code == 200 and got.text.splitlines()[1].startswith("West Midlands Police,Police,2,")


def _joined_sorted(answer: dict) -> dict:
    """The CLI sorts the parts of a GROUP_CONCAT cell (README: "Lists joined in one cell are sorted");
    a raw endpoint answers them in the store's order."""
    for row in answer["results"]["bindings"]:
        for cell in row.values():
            if "; " in cell["value"]:
                cell["value"] = "; ".join(sorted(cell["value"].split("; ")))
    return answer


def test_the_endpoint_answers_every_query_form(server):
    client, *_ = server
    ask = client.post("/sparql", data={"query": "ASK { ?s a <https://w3id.org/tce-graph/def#LearningReport> }"},
                      headers={"Accept": "application/sparql-results+xml"})
    assert ask.status_code == 200 and "<boolean>true</boolean>" in ask.text
    iri = "https://w3id.org/tce-graph/id/organisation/walsall-ccg"
    d = client.get("/sparql", params={"query": f"DESCRIBE <{iri}>"}, headers={"Accept": "application/n-triples"})
    assert d.status_code == 200 and d.headers["content-type"].startswith("application/n-triples")
    assert f'<{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> "Walsall CCG"@en .' in d.text
    c = client.get("/sparql", params={"query": f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"})
    assert c.status_code == 200 and c.headers["content-type"].startswith("text/turtle")
    tsv = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a <https://w3id.org/tce-graph/def#Partnership> }"
                                        " ORDER BY ?s"}, headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[0] == "?s" and len(tsv.text.splitlines()) == 7  # six partnerships
    assert client.get("/sparql", params={"query": "SELEKT nothing"}).status_code == 400
    assert client.get("/sparql").status_code == 400


def test_updates_are_refused(server):
    client, pub, *_ = server
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
                       ).status_code == 403
    assert client.post("/sparql", data={"query": update}).status_code == 403
    ask = client.get("/sparql", params={"query": "ASK { <urn:a> ?p ?o }"})
    assert json.loads(ask.text)["boolean"] is False


def test_a_runaway_query_is_stopped_and_a_huge_answer_refused(server):
    client, *_ = server
    started = time.monotonic()
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 503 and "longer than 2 s" in r.text
    assert time.monotonic() - started < TIMEOUT + 5
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 413 and "more than 1000 solutions" in r.text
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200  # still answering


def test_the_saved_queries_as_a_web_api(server):
    client, pub, *_ = server
    r = client.get("/api/partner-agencies", params={"partnership": "Walsall", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    cli = CliRunner().invoke(main, ["query", "run", "partner-agencies", "-p", "partnership=Walsall", "--store",
                                    str(pub.out / "store"), "--format", "csv"])
    assert r.text.replace("\r\n", "\n") == cli.output  # the runner reads the CLI's CRLF as LF
    agencies = sorted(line.split(",")[1] for line in r.text.splitlines()[1:])
    assert agencies == ["Walsall CCG", "Walsall Council", "West Midlands Police"]  # walsall.txt line 9
    j = client.get("/api/shared-agencies", headers={"Accept": "application/sparql-results+json"})
    assert json.loads(j.text)["results"]["bindings"][0]["agency"]["value"] == "West Midlands Police"
    assert client.get("/api/no-such-query").status_code == 404
    assert client.get("/api/shared-agencies", params={"nope": "1"}).status_code == 400
    assert any(q["name"] == "shared-agencies" for q in client.get("/api").json())


def test_one_log_line_per_request_and_a_clean_stop(server):
    client, pub, proc, log = server
    client.get("/index.html")
    time.sleep(0.3)
    lines = log.read_text().splitlines()
    assert lines[0].startswith("serving ") and "127.0.0.1" in lines[0]
    assert any('"GET /index.html HTTP/1.1" 200' in line for line in lines)


def test_serve_refuses_a_folder_that_is_not_a_site(tmp_path, tmp_path_factory):
    pub = published_site(tmp_path_factory)
    r = CliRunner().invoke(main, ["serve", "--store", str(pub.out / "store"), "--site", str(tmp_path)])
    assert r.exit_code == 2 and "no published site" in r.output


@pytest.mark.skipif(os.name == "nt", reason="SIGINT is a POSIX signal")
def test_ctrl_c_stops_the_server(tmp_path_factory):
    pub = published_site(tmp_path_factory)
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "tce-graph"), "serve", "--store", str(pub.out / "store"),
                             "--site", str(pub.site), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
