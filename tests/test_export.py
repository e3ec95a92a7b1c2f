"""Exports: independent parsers read every file, formats agree, output is byte-identical."""
from __future__ import annotations

import json

import pyoxigraph
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import ORG, RDF

from tce_graph import BuildError, build
from tce_graph.namespaces import TCE

BASE = "https://w3id.org/tce-graph/id/"


def _ox_triples(path, fmt):
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in pyoxigraph.parse(path=str(path), format=fmt)}


def test_oxigraph_reads_every_export_and_they_agree(built):
    out = built.out_dir
    ttl = _ox_triples(out / "tce-graph.ttl", pyoxigraph.RdfFormat.TURTLE)
    trig = _ox_triples(out / "tce-graph.trig", pyoxigraph.RdfFormat.TRIG)
    nq = _ox_triples(out / "tce-graph.nq", pyoxigraph.RdfFormat.N_QUADS)
    assert len(ttl) > 5000
    assert len(ttl) == len(trig) == len(nq)
    ground = lambda ts: {t for t in ts if not any(x.startswith("_:") for x in t)}  # noqa: E731
    assert ground(ttl) == ground(trig) == ground(nq)


def test_jsonld_holds_the_same_triples(built):
    out = built.out_dir
    doc = json.loads((out / "tce-graph.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    from_jsonld = {(s, p, o) for s, p, o, _ in ds.quads() if not isinstance(s, URIRef) or True}
    turtle = Graph().parse(out / "tce-graph.ttl", format="turtle")
    strip = lambda ts: {t for t in ts if not any(type(x).__name__ == "BNode" for x in t)}  # noqa: E731
    assert strip(from_jsonld) == strip(set(turtle))
    assert len(from_jsonld) == len(turtle)


def test_one_named_graph_per_report(built):
    ds = Dataset()
    ds.parse(built.out_dir / "tce-graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    for slug in ("somerset-2020-06", "walsall-2020-06", "cheshire-west-and-chester-2021-06", "reading-2021-06",
                 "birmingham-2019-08"):
        assert f"{BASE}graph/{slug}" in names
    assert "https://w3id.org/tce-graph/def" in names


def test_shared_agency_is_one_node(built):
    g = Graph().parse(built.out_dir / "tce-graph.ttl", format="turtle")
    wmp = URIRef(BASE + "organisation/west-midlands-police")
    partnerships = set(g.subjects(ORG.hasMember, wmp))
    assert partnerships == {URIRef(BASE + "partnership/walsall"), URIRef(BASE + "partnership/birmingham")}
    assert (wmp, RDF.type, TCE.Agency) in g
    # a bare "CCG" is qualified by its partnership, not merged with other CCGs
    assert (URIRef(BASE + "partnership/birmingham"), ORG.hasMember, URIRef(BASE + "organisation/birmingham--ccg")) in g


def test_byte_identical_rebuild(tmp_path, built):
    again = build(None, tmp_path / "again")
    for path in (p for p in again.files if p.is_file()):
        assert path.read_bytes() == (built.out_dir / path.name).read_bytes(), path.name


def test_base_iri_is_configurable(tmp_path, report_paths):
    result = build([report_paths["reading"]], tmp_path / "o", base_iri="https://example.org/data/")
    text = (tmp_path / "o" / "tce-graph.ttl").read_text(encoding="utf-8")
    assert "https://example.org/data/report/reading-2021-06" in text
    assert BASE not in text
    assert result.triples > 900


def test_evidence_offsets_count_in_the_published_decoded_text(built, report_paths):
    """tce:textSha256 fingerprints the decoded text the offsets count in; each quote is that text's slice."""
    import hashlib

    from rdflib.namespace import DCTERMS

    from tce_graph.namespaces import OA
    from tce_graph.sources import read_source

    ds = Graph()
    for s, p, o, _ in built.dataset.quads((None, None, None, None)):
        ds.add((s, p, o))
    texts = {p.name: read_source(p).text for p in report_paths.values()}
    sources = {str(name): s for s, name in ds.subject_objects(DCTERMS.identifier) if (s, RDF.type, TCE.SourceFile) in ds}
    assert set(sources) == set(texts)
    for name, node in sources.items():
        digest = str(ds.value(node, TCE.textSha256))
        assert digest == hashlib.sha256(texts[name].encode("utf-8")).hexdigest()
    checked = 0
    for target, source in ds.subject_objects(OA.hasSource):
        text = texts[str(ds.value(source, DCTERMS.identifier))]
        pos = quote = None
        for sel in ds.objects(target, OA.hasSelector):
            if (sel, RDF.type, OA.TextPositionSelector) in ds:
                pos = (int(ds.value(sel, OA.start)), int(ds.value(sel, OA.end)))
            else:
                quote = str(ds.value(sel, OA.exact))
        assert text[pos[0]:pos[1]] == quote
        checked += 1
    assert checked > 400


def test_one_and_two_workers_write_byte_identical_files(tmp_path, report_paths):
    files = [report_paths[n] for n in sorted(report_paths)]
    one = build(files, tmp_path / "one", workers=1, store=False, validate=False)
    two = build(files, tmp_path / "two", workers=2, store=False, validate=False)
    assert [p.name for p in one.files] == [p.name for p in two.files] and one.files
    for a, b in zip(one.files, two.files):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert [r.slug for r in one.reports] == [r.slug for r in two.reports]


def test_the_merged_turtle_is_the_union_of_the_named_graphs(built):
    out = built.out_dir
    trig = _ox_triples(out / "tce-graph.trig", pyoxigraph.RdfFormat.TRIG)
    text = (out / "tce-graph.ttl").read_bytes()
    ttl = [(str(t.subject), str(t.predicate), str(t.object)) for t in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE)]
    assert set(ttl) == trig
    assert len(ttl) == len(set(ttl))  # a shared node's triples are written once


def _copied(report_paths, folder):
    """The bundled reports copied into ``folder`` (which a test may edit)."""
    import shutil

    folder.mkdir()
    for p in report_paths.values():
        shutil.copy(p, folder / p.name)
    return folder


def test_the_cache_rebuilds_only_what_changed_and_writes_the_same_files(tmp_path, report_paths):
    folder = _copied(report_paths, tmp_path / "reports")
    cache = tmp_path / "cache"
    settings = __import__("tce_graph.config", fromlist=["Settings"]).Settings(cache_dir=cache)
    cold = build([folder], tmp_path / "cold", settings=settings, store=False)
    assert cold.cached == 0
    warm = build([folder], tmp_path / "warm", settings=settings, store=False)
    assert warm.cached == 5
    for a, b in zip(cold.files, warm.files):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert warm.validation.results == cold.validation.results
    text = (folder / "walsall.txt").read_text(encoding="utf-8")
    (folder / "walsall.txt").write_text(text.replace("Walsall Council", "Walsall Metropolitan Borough Council"),
                                        encoding="utf-8")
    changed = build([folder], tmp_path / "changed", settings=settings, store=False)
    assert changed.cached == 4  # only walsall.txt was read, mapped and validated again
    assert "Walsall Metropolitan Borough Council" in (tmp_path / "changed" / "tce-graph.trig").read_text()
    fresh = build([folder], tmp_path / "fresh", settings=settings, store=False, cache=False)
    assert fresh.cached == 0
    for a, b in zip(changed.files, fresh.files):
        assert a.read_bytes() == b.read_bytes(), a.name



def _digests(out) -> dict[str, str]:
    from tce_graph.rdf.stream import PARTS_FILE

    return {iri: digest for iri, digest, _ in json.loads((out / PARTS_FILE).read_text())["graphs"]}


def test_a_rebuild_copies_unchanged_graphs_from_the_previous_files_and_writes_the_same_bytes(tmp_path, report_paths):
    from tce_graph.config import Settings
    from tce_graph.rdf.stream import PARTS_FILE

    folder = _copied(report_paths, tmp_path / "reports")
    settings = Settings(cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    first = build([folder], out, settings=settings, store=False, validate=False)
    assert first.reused == 0  # nothing to copy from
    before = _digests(out)
    assert len(before) == 5 + 4  # the reports, the ontology, concept schemes, thesaurus and description

    def edit(old: str, new: str) -> None:
        path = folder / "walsall.txt"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def same_as_a_fresh_build(result) -> None:
        fresh = build([folder], tmp_path / "fresh", settings=settings, store=False, validate=False, cache=False)
        assert [f.name for f in result.files] == [f.name for f in fresh.files]
        for a, b in zip(result.files, fresh.files):
            assert a.read_bytes() == b.read_bytes(), a.name

    edit("Walsall Council", "Walsall Metropolitan Borough Council")
    again = build([folder], out, settings=settings, store=False, validate=False)
    after = _digests(out)
    unchanged = {iri for iri in after if before.get(iri) == after[iri]}
    # only Walsall's graph changed (a name: the description, which counts triples, stays the same)
    assert set(after) - unchanged == {"https://w3id.org/tce-graph/id/graph/walsall-2020-06"}
    assert again.reused == 3 * 8  # the other graphs' N-Quads, TriG and JSON-LD parts
    same_as_a_fresh_build(again)

    # a file changed since its build wrote it (its size) is not copied from; the others are
    with open(out / "tce-graph.trig", "ab") as fh:
        fh.write(b"\n")
    edit("Walsall Metropolitan Borough Council", "Walsall Council")
    tampered = build([folder], out, settings=settings, store=False, validate=False)
    assert tampered.reused == 2 * 8
    same_as_a_fresh_build(tampered)

    # a list that cannot be read, or not as a list of parts, is no list; spans outside their file are not read
    def far(listed: dict) -> dict:
        return {**listed, "graphs": [[iri, digest, {fmt: [10 ** 12, n] for fmt, (_, n) in spans.items()}]
                                     for iri, digest, spans in listed["graphs"]]}

    for broken in (lambda listed: "{not json", lambda listed: json.dumps({**listed, "files": {"nquads": ["x", 1]}}),
                   lambda listed: json.dumps(far(listed))):
        (out / PARTS_FILE).write_text(broken(json.loads((out / PARTS_FILE).read_text())), encoding="utf-8")
        edit("Walsall Council", "Walsall Metropolitan Borough Council")
        unread = build([folder], out, settings=settings, store=False, validate=False)
        assert unread.reused == 0
        same_as_a_fresh_build(unread)
        edit("Walsall Metropolitan Borough Council", "Walsall Council")


def test_a_cache_entry_whose_chunk_file_is_gone_or_cut_is_built_again(tmp_path, report_paths):
    from tce_graph.config import Settings

    folder = _copied(report_paths, tmp_path / "reports")
    settings = Settings(cache_dir=tmp_path / "cache")
    cold = build([folder], tmp_path / "cold", settings=settings, store=False)
    parts = sorted((tmp_path / "cache").glob("*/*/*.parts"))
    assert len(parts) == 5  # a report's chunk is kept as its bytes, beside the entry's pickle
    parts[0].unlink()
    parts[1].write_bytes(parts[1].read_bytes()[:100])
    sides = sorted((tmp_path / "cache").glob("*/*/*.side.z"))  # the whole report, read when asked for
    assert len(sides) == 5
    sides[4].unlink()
    warm = build([folder], tmp_path / "warm", settings=settings, store=False)
    broken = {f.name.split(".")[0] for f in (parts[0], parts[1], sides[4])}  # the entries' keys
    assert warm.cached == 5 - len(broken) < 5
    for a, b in zip(cold.files, warm.files):
        assert a.read_bytes() == b.read_bytes(), a.name
    # the reports from the cache are the reports read (each read from the cache when asked for)
    assert [r.to_json() for r in warm.reports] == [r.to_json() for r in cold.reports]
    assert warm.warnings == cold.warnings and len(warm.reports) == 5

def _canonical(path, fmt) -> dict[str, set]:
    """The file's quads under RDF canonicalisation (RDFC-1.0), by named graph."""
    ds = pyoxigraph.Dataset(pyoxigraph.parse(path=str(path), format=fmt))
    ds.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    graphs: dict[str, set] = {}
    for q in ds:
        graphs.setdefault(str(q.graph_name), set()).add((str(q.subject), str(q.predicate), str(q.object)))
    return graphs


def _assert_exports_are_the_trig(out):
    trig = _canonical(out / "tce-graph.trig", pyoxigraph.RdfFormat.TRIG)
    for name, fmt in (("tce-graph.nq", pyoxigraph.RdfFormat.N_QUADS),
                      ("tce-graph.jsonld", pyoxigraph.RdfFormat.JSON_LD)):
        other = _canonical(out / name, fmt)
        assert other.keys() == trig.keys(), name
        for graph in trig:  # per named graph: a list (owl:unionOf, owl:members) keeps its order too
            assert other[graph] == trig[graph], f"{name}: graph {graph} differs by {len(other[graph] ^ trig[graph])}"
    union = set().union(*trig.values())
    ttl = _canonical(out / "tce-graph.ttl", pyoxigraph.RdfFormat.TURTLE)
    assert len(ttl) == 1 and len(next(iter(ttl.values()))) == len(union)


def test_every_export_is_the_trig_under_canonicalisation(built):
    _assert_exports_are_the_trig(built.out_dir)


def test_every_export_is_the_trig_under_canonicalisation_on_unseen_layouts(tmp_path):
    from pathlib import Path

    cases = sorted(Path(__file__).parent.glob("cases/reports/*/report.*"))
    assert len(cases) > 15
    folder = tmp_path / "in"
    folder.mkdir()
    for case in cases:  # one folder of them, named after their cases
        (folder / f"{case.parent.name}{case.suffix}").write_bytes(case.read_bytes())
    try:
        build([folder], tmp_path / "out", store=False, validate=False, keep_going=True)
    except BuildError as err:  # a case that repeats a project on purpose: the rest are built
        assert err.result is not None and len(err.result.reports) > 15
    _assert_exports_are_the_trig(tmp_path / "out")
