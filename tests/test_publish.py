"""tce-graph publish: the static site of the five bundled reports and one hostile report (see _site.py).

A crawl checks every page: no broken internal link or fragment, a page for every IRI under the base,
Turtle / JSON-LD / N-Triples alternates that parse and hold the resource's triples, and quote links
that land on a span whose text is the quote. Expected values come from reading the reports: Walsall's
details table (walsall.txt lines 8-15) names the partnership Walsall, the core agencies Walsall CCG,
Walsall Council and West Midlands Police, the region West Midlands; Birmingham's (line 10) names West
Midlands Police too.
"""
from __future__ import annotations

import filecmp
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT

from _site import HOSTILE, published_site
from tce_graph.cli import main
from tce_graph.namespaces import OA
from tce_graph.publish import SiteMap, publish, site_base

BASE = "https://w3id.org/tce-graph/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return published_site(tmp_path_factory)


@pytest.fixture(scope="module")
def dataset(site):
    ds = Dataset(default_union=True)
    ds.parse(site.out / "tce-graph.nq", format="nquads")
    return ds


class Page(HTMLParser):
    """The links, ids, alternates and quote links of one HTML page, and the text of each evidence span."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.quote_links: list[str] = []
        self.spans: dict[str, str] = {}  # evidence span id -> its text, with its continuation pieces
        self.stack: list[str | None] = []  # the evidence span id each open <span> belongs to
        self.text: list[str] = []
        self.in_report_text = 0
        self.report_text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["type"]] = a["href"]
        if tag == "a" and "quote-link" in (a.get("class") or ""):
            self.quote_links.append(a["href"])
        if tag == "div" and a.get("class") == "report-text":
            self.in_report_text = 1
        elif self.in_report_text and tag == "div":
            self.in_report_text += 1
        if tag == "span" and self.in_report_text:
            self.stack.append(a.get("id") or a.get("data-of"))
            for sid in filter(None, self.stack[-1:]):
                self.spans.setdefault(sid, "")

    def handle_endtag(self, tag):
        if tag == "span" and self.in_report_text and self.stack:
            self.stack.pop()
        if tag == "div" and self.in_report_text:
            self.in_report_text -= 1

    def handle_data(self, data):
        if self.in_report_text:
            self.report_text.append(data)
            for sid in set(filter(None, self.stack)):
                self.spans[sid] += data


def parse_page(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {str(f.relative_to(site.site)): parse_page(f) for f in sorted(site.site.rglob("*.html"))}


def _target(site_root: Path, page: str, link: str) -> tuple[Path, str]:
    parts = urlsplit(link)
    path = unquote(parts.path)
    here = (site_root / page).parent
    return ((here / path).resolve() if path else (site_root / page).resolve()), unquote(parts.fragment)


def test_no_internal_link_is_broken(site, pages):
    broken = []
    for page, p in pages.items():
        for link in p.links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", link):
                assert link.startswith(("http://", "https://", "mailto:")), (page, link)
                continue
            target, fragment = _target(site.site, page, link)
            if not target.is_file():
                broken.append((page, link))
            elif fragment and target.suffix == ".html" and fragment not in pages[str(target.relative_to(site.site))].ids:
                broken.append((page, link))
    assert not broken, broken[:20]


def test_every_iri_under_the_base_has_a_page(site, dataset, pages):
    sitemap = SiteMap(BASE)
    iris = {str(t) for q in dataset.quads((None, None, None, None)) for t in q[:3] if isinstance(t, URIRef)
            and str(t).startswith(BASE)}
    assert len(iris) > 500
    missing = []
    for iri in sorted(iris):
        path = sitemap.document(iri)
        if path is None:  # a file, not a resource: an export to download (the distributions' dcat:downloadURL)
            assert iri.startswith(BASE + "download/") and (site.site / iri[len(BASE):]).is_file(), iri
            continue
        page = pages.get(f"{path}.html")
        fragment = iri.split("#", 1)[1] if "#" in iri else ""
        # an evidence span's target and selectors are shown with it: their annotation's span has the id
        fragment = re.sub(r"-(target|position|quote)$", "", fragment) if fragment.startswith("evidence-") else fragment
        if page is None or (fragment and fragment not in page.ids):
            missing.append(iri)
    assert not missing, missing[:20]


def test_alternates_parse_and_hold_the_resource(site, pages):
    import pyoxigraph as ox

    sitemap = SiteMap(BASE)
    by_doc: dict[str, set] = {}  # page -> the triples whose subject it describes (blank-node objects aside)
    for q in ox.parse(path=str(site.out / "tce-graph.nq"), format=ox.RdfFormat.N_QUADS):
        if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.BlankNode):
            path = sitemap.document(q.subject.value)
            if path:
                by_doc.setdefault(path, set()).add(ox.Triple(q.subject, q.predicate, q.object))
    wanted = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
              "application/n-triples": ox.RdfFormat.N_TRIPLES}
    for path, expected in sorted(by_doc.items()):
        page = pages[f"{path}.html"]
        for media, fmt in wanted.items():
            assert media in page.alternates, (path, media)
            target, _ = _target(site.site, f"{path}.html", page.alternates[media])
            got = {getattr(q, "triple", q) for q in ox.parse(path=str(target), format=fmt)}
            assert expected <= got, (path, media, sorted(map(str, expected - got))[:3])
    assert len(by_doc) > 400  # evidence has no pages of its own: it is in its source file's
    # rdflib reads them too (a sample: its JSON-LD parser is slow)
    for path in ("id/report/walsall-2020-06", "id/organisation/west-midlands-police", "def"):
        for media, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
            target, _ = _target(site.site, f"{path}.html", pages[f"{path}.html"].alternates[media])
            assert len(Graph().parse(target, format=fmt)) >= len(by_doc[path])


def test_every_quote_link_lands_on_a_span_whose_text_is_the_quote(site, dataset, pages):
    sitemap = SiteMap(BASE)
    exact = {}  # (source page, anchor) -> the annotation's quote
    for ann in dataset.subjects(OA.hasTarget, None):
        target = dataset.value(ann, OA.hasTarget)
        source = dataset.value(target, OA.hasSource)
        quote = next(str(dataset.value(sel, OA.exact)) for sel in dataset.objects(target, OA.hasSelector)
                     if dataset.value(sel, OA.exact) is not None)
        anchor = str(ann).split("#", 1)[1]  # the annotation is a fragment of its source file's IRI
        exact[(sitemap.document(str(source)) + ".html", anchor)] = quote
    landed = 0
    for page, p in pages.items():
        for link in p.quote_links:
            target, fragment = _target(site.site, page, link)
            rel = str(target.relative_to(site.site))
            assert pages[rel].spans.get(fragment) == exact[(rel, fragment)], (page, link)
            landed += 1
    assert landed > 300
    for (rel, anchor), quote in exact.items():  # and every span of every text page is its quote
        assert pages[rel].spans[anchor] == quote, (rel, anchor)


def test_the_text_pages_show_each_report_text_whole(site, dataset, pages):
    sources = {str(dataset.value(s, URIRef("http://purl.org/dc/terms/identifier"))): s
               for s in dataset.subjects(URIRef("https://w3id.org/tce-graph/def#textSha256"), None)}
    assert set(sources) == {"birmingham.txt", "cheshire-west-and-chester.txt", "reading.txt", "scriptton.txt",
                            "somerset.txt", "walsall.txt"}
    for name, source in sources.items():
        page = pages[SiteMap(BASE).document(str(source)) + ".html"]
        assert "".join(page.report_text) == (site.out / "text" / f"{name}.txt").read_text(encoding="utf-8")
    assert site.result.missing_texts == []


def test_a_report_page_shows_its_partnership_agencies_and_evidence(site):
    html = (site.site / "id/report/walsall-2020-06.html").read_text(encoding="utf-8")
    for agency in ("walsall-ccg", "walsall-council", "west-midlands-police"):
        assert f'href="../../id/organisation/{agency}.html"' in html
    assert '<a href="../../id/partnership/walsall.html">Walsall</a>' in html
    assert '<a href="../../def/region/west-midlands.html">West Midlands</a>' in html
    assert "walsall.txt, line 9 (Details)" in html  # the agencies' row of the details table
    assert '<link rel="alternate" type="text/turtle" href="walsall-2020-06.ttl"' in html


def test_an_agency_page_lists_its_partnerships_as_incoming_links(site):
    html = (site.site / "id/organisation/west-midlands-police.html").read_text(encoding="utf-8")
    section = html.split("Partner in</h3>", 1)[1].split("</ul>", 1)[0]
    assert re.findall(r">([^<]+)</a>", section) == ["Birmingham", "Walsall"]
    assert "Core agency of</h3>" in html
    assert "birmingham.txt, line 10 (Details)" in html and "walsall.txt, line 9 (Details)" in html


def test_report_values_are_escaped_and_scripts_never_written(site, pages):
    text_page = next(f for f in site.site.rglob("*.html") if "scriptton.txt" in f.read_text(encoding="utf-8")
                     and "report-text" in f.read_text(encoding="utf-8"))
    html = text_page.read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    for f in site.site.rglob("*.html"):
        body = f.read_text(encoding="utf-8")
        assert "<script>" not in body and "<img" not in body, f
        assert 'href="javascript:' not in body.lower(), f
    assert HOSTILE in site.hostile_text
    for p in pages.values():
        assert "img" not in p.tags


def test_only_safe_schemes_become_links(site):
    from tce_graph.publish.graph import SiteGraph
    from tce_graph.publish.pages import Site

    triples = [("<https://w3id.org/tce-graph/id/x>", "<https://schema.org/url>", "<javascript:alert(1)>"),
               ("<https://w3id.org/tce-graph/id/x>", "<https://schema.org/url>", "<mailto:a@example.org>"),
               ("<https://w3id.org/tce-graph/id/x>", "<https://schema.org/url>", "<https://example.org/a?b=1&c=2>"),
               ("<https://w3id.org/tce-graph/id/x>", "<http://www.w3.org/2000/01/rdf-schema#label>",
                '"<b>bold</b> & \\"quoted\\""')]
    graph = SiteGraph(triples, SiteMap(BASE))
    s = Site(graph, graph.sitemap)
    html = s.resource_page("id/x").decode("utf-8")
    assert '<a href="javascript:' not in html and "<span>javascript:alert(1)</span>" in html
    assert '<a href="mailto:a@example.org" rel="external">' in html
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="external">' in html
    assert "<h1>&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;</h1>" in html


def test_home_page_summarises_the_dataset(site):
    html = (site.site / "index.html").read_text(encoding="utf-8")
    counts = dict((what, int(n)) for n, what in re.findall(r"<strong>(\d+)</strong> ([a-z ]+)</a>", html))
    assert counts["reports"] == 6 and counts["partnerships"] == 6  # five bundled, and Scriptton
    assert counts["agencies"] >= 3 + 3  # Walsall's three and Scriptton's three at least
    assert "Projects from <strong>August 2019</strong> to <strong>June 2021</strong>" in html  # birmingham.txt, reading.txt
    assert (site.site / "search.js").read_text(encoding="utf-8").startswith("window.TCE_SEARCH = [")


def test_class_index_pages(site):
    html = (site.site / "classes/tce-LearningReport.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<li><a href=\"../id/report/", html)) == 6
    assert "tce-LearningReport.html" in (site.site / "classes/index.html").read_text(encoding="utf-8")


def test_query_pages_show_the_answer_and_offer_it_as_csv_and_json(site):
    from tce_graph.query import format_csv, format_json, run_query
    from tce_graph.stores import open_store

    store = open_store(site.out / "store")
    answer = run_query("shared-agencies", store=store)
    assert (site.site / "queries/shared-agencies.csv").read_bytes() == format_csv(answer).encode("utf-8")
    assert (site.site / "queries/shared-agencies.json").read_bytes() == format_json(answer).encode("utf-8")
    html = (site.site / "queries/shared-agencies.html").read_text(encoding="utf-8")
    assert '<td><span lang="en">West Midlands Police</span></td>' in html and "Birmingham; Walsall" in html
    assert "1 row." in html
    topic = (site.site / "queries/areas-by-topic.html").read_text(encoding="utf-8")
    assert "https://w3id.org/tce-graph/def/topic/transitional-safeguarding" in topic  # its default parameter
    assert (site.site / "queries/index.html").is_file()


def test_a_query_whose_parameter_has_no_default_is_answered_for_its_example(site):
    # search.rq needs a phrase and gives none by default; its example is "thames valley", which the
    # Reading report names in a Key issues paragraph (line 58) and nowhere else in the five
    html = (site.site / "queries/search.html").read_text(encoding="utf-8")
    assert "needs the parameter" not in html
    assert "The parameter phrase has no default: this is the answer for the query&#39;s example, phrase = thames valley." in html
    assert "<td>thames valley</td>" in html  # the value used, in the parameters table
    import csv
    import io

    head, *rows = csv.reader(io.StringIO((site.site / "queries/search.csv").read_text(encoding="utf-8")))
    assert head == ["partnership", "section", "file", "line", "start", "text"]
    assert rows and all(row[0] == "Reading" and row[2] == "reading.txt" for row in rows)
    assert any("Thames Valley, with locally identified need" in row[5] for row in rows)


def test_dataset_page_offers_every_export_as_a_download(site):
    html = (site.site / "id/dataset.html").read_text(encoding="utf-8")
    g = Graph().parse(site.site / "id/dataset.ttl", format="turtle")
    urls = sorted(str(u) for u in g.objects(None, DCAT.downloadURL))
    names = ["tce-graph.jsonld", "tce-graph.nq", "tce-graph.trig", "tce-graph.ttl"]
    assert urls == [f"{BASE}download/{n}" for n in names]
    for n in names:
        assert filecmp.cmp(site.site / "download" / n, site.out / n, shallow=False)
        assert f'href="../download/{n}"' in html


def test_the_ontology_page_documents_every_term(site, pages):
    page = pages["def.html"]
    for term in ("LearningReport", "coreAgency", "Evidence", "topicTag", "inReport"):
        assert term in page.ids
    assert "Classes" in (site.site / "def.html").read_text(encoding="utf-8")


def test_publishing_twice_gives_the_same_bytes_and_clears_leftovers(site, tmp_path):
    other = tmp_path / "again"
    stale = tmp_path / ".again.new-999999999-stale"  # a killed run's staging folder (no such process)
    stale.mkdir()
    publish(site.out / "store", other, workers=2)
    assert not stale.exists()
    first = sorted(str(p.relative_to(site.site)) for p in site.site.rglob("*") if p.is_file())
    second = sorted(str(p.relative_to(other)) for p in other.rglob("*") if p.is_file())
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(site.site, other, first, shallow=False)
    assert not mismatch and not errors


def test_site_base_is_the_common_parent_of_data_and_vocabulary():
    assert site_base("https://w3id.org/tce-graph/id/") == BASE
    assert site_base("https://example.org/data/") == "https://example.org/data/"


def test_cli_publish(site, tmp_path):
    out = tmp_path / "site"
    r = CliRunner().invoke(main, ["publish", "--store", str(site.out / "store"), "--out", str(out), "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("published ") and f"under {BASE} to {out}/" in r.output
    r = CliRunner().invoke(main, ["publish", "--store", str(tmp_path / "nothing"), "--out", str(out)])
    assert r.exit_code == 2 and "no embedded store" in r.output
    r = CliRunner().invoke(main, ["publish", "--store", str(site.out / "store"), "--out", str(out),
                                  "--base-iri", "https://example.org/elsewhere/"])
    assert r.exit_code == 2 and "no resource of the graph has an IRI under https://example.org/elsewhere/" in r.output
    assert os.path.isdir(out)  # the earlier site stays
    r = CliRunner().invoke(main, ["publish", "--store", str(site.out / "store"), "--out", str(site.out)])
    assert r.exit_code == 2 and "not a site `tce-graph publish` wrote" in r.output  # never the build folder
    assert (site.out / "store").is_dir()


def test_another_store_backend_gives_the_same_site(site, tmp_path):
    """publish reads only through the Store interface: from the same graph in rdflib (the memory
    backend, read the way a remote endpoint's answers are) the pages are the same bytes, but for the
    ontology's data files, whose blank nodes each store labels its own way."""
    import time

    from tce_graph.stores import MemoryStore

    store = MemoryStore.from_file(site.out / "tce-graph.trig")
    started = time.perf_counter()
    other = tmp_path / "memory-site"
    publish(store, other, text_dir=site.out / "text", exports_dir=site.out, workers=1)
    assert time.perf_counter() - started < 60
    names = sorted(str(p.relative_to(site.site)) for p in site.site.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(other)) for p in other.rglob("*") if p.is_file())
    differ = [n for n in names if (site.site / n).read_bytes() != (other / n).read_bytes()]
    # cited-resources orders rows by title: Walsall's and Scriptton's "rapid evidence scope" tie, and
    # each backend breaks the tie its own way
    assert all(n.startswith(("def.", "queries/cited-resources.")) for n in differ), differ[:10]
    assert "index.html" not in differ and "id/report/walsall-2020-06.html" not in differ


def test_the_json_ld_context_is_published_at_the_sites_base(site):
    from tce_graph.bundled import ontology_dir

    assert (site.site / "context.jsonld").read_bytes() == (ontology_dir() / "context.jsonld").read_bytes()


def test_two_properties_with_one_label_are_told_apart_on_a_page(site):
    """The dataset description says its description both in DCMI terms and in schema.org (for search
    engines): two rows, each named with its vocabulary, and its three classes likewise."""
    html = (site.site / "id" / "dataset.html").read_text(encoding="utf-8")
    assert "Description (dcterms)" in html and "Description (schema)" in html
    assert "Dataset (dcat)" in html and "Dataset (schema)" in html and "Dataset (void)" in html
    assert ">Title<" in html  # a label no other property of the page has stays as it is
