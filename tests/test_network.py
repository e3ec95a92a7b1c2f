"""The network stage: networkx graphs derived through SPARQL from the built graph of the five bundled
reports, their metrics, files and pictures.

The expectations are read from the reports themselves (data/reports/):

* walsall.txt:9 names its core partner agencies "Walsall CCG Walsall Council West Midlands Police";
* birmingham.txt:10 "Birmingham Children's Trust, Birmingham Children's Safeguarding Partnership, West
  Midlands Police, CCG" (and its region "Midlands", which is the West Midlands: Birmingham is there);
* reading.txt:7 four agencies, cheshire-west-and-chester.txt:10 three partnerships of its own,
  somerset.txt:9 nine (the county council, three of its departments, police, CCG, NHS trust, SHAL
  Housing, Barnardo's): 3 + 4 + 4 + 3 + 9 = 23 memberships of 22 distinct agencies, West Midlands
  Police being the only agency two reports name.
"""
from __future__ import annotations

import math
import os
import shutil
import sys
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from tce_graph.atomic import clear_leftovers
from tce_graph.cli import main
from tce_graph.network import KINDS, build_graphs, graphs, measure, read_network_data, write_network
from tce_graph.network.similarity import FACETS, feature_weights
from tce_graph.stores import open_store

ID = "https://w3id.org/tce-graph/id/"
WMP = ID + "organisation/west-midlands-police"
WALSALL, BIRMINGHAM = ID + "partnership/walsall", ID + "partnership/birmingham"
WALSALL_AGENCIES = {"Walsall CCG", "Walsall Council", "West Midlands Police"}
BIRMINGHAM_AGENCIES = {"Birmingham Children's Trust", "Birmingham Children's Safeguarding Partnership",
                       "West Midlands Police", "CCG (Birmingham)"}  # "CCG", labelled with whose it is


@pytest.fixture(scope="module")
def store(built):
    return open_store(built.out_dir / "store")


@pytest.fixture(scope="module")
def data(store):
    return read_network_data(store)


@pytest.fixture(scope="module")
def nets(data):
    return build_graphs(data)


@pytest.fixture(scope="module")
def written(built, tmp_path_factory):
    """The whole command's outputs, written once for the module (pictures included)."""
    out = tmp_path_factory.mktemp("network") / "network"
    result = write_network(open_store(built.out_dir / "store"), out, workers=2)
    return result


def labels(graph, nodes):
    return {graph.nodes[n]["label"] for n in nodes}


# ---------------------------------------------------------------------------------------------- structure


def test_every_kind_is_made(nets):
    assert list(nets) == list(KINDS)
    for kind, graph in nets.items():
        assert graph.graph["name"] == kind and graph.number_of_nodes() > 0
        for _n, attrs in graph.nodes(data=True):
            assert {"label", "name", "type", "group", "iri"} <= set(attrs)


def test_the_bipartite_graph_has_one_node_per_distinct_agency_iri(nets, store):
    graph = nets["partnership-agency"]
    agencies = {n for n, t in graph.nodes(data="type") if t == "agency"}
    stated = {str(r["a"]) for r in store.select(
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT DISTINCT ?a WHERE { ?p org:hasMember ?a }").rows}
    assert agencies == stated
    assert len(agencies) == 22 and graph.number_of_edges() == 23  # 3 + 4 + 4 + 3 + 9 memberships
    assert nx.is_bipartite(graph)
    assert labels(graph, graph[WALSALL]) == WALSALL_AGENCIES
    assert labels(graph, graph[BIRMINGHAM]) == BIRMINGHAM_AGENCIES
    assert set(graph[WMP]) == {WALSALL, BIRMINGHAM}
    assert graph.nodes[WMP]["agency_type"] == "Police"


def test_west_midlands_police_is_the_one_shared_agency_and_the_top_connector(nets):
    graph = nets["partnership-agency"]
    shared = [n for n, t in graph.nodes(data="type") if t == "agency" and graph.degree(n) > 1]
    assert shared == [WMP]
    rows, summary = measure(graph)
    agencies = [r for r in rows if r.type == "agency"]
    assert agencies[0].node == WMP and agencies[0].label == "West Midlands Police"
    assert agencies[0].betweenness > 0 and all(r.betweenness < agencies[0].betweenness for r in agencies[1:])
    assert summary.components == 4  # Walsall and Birmingham joined by the police; three areas on their own
    assert summary.betweenness == "exact"


def test_projections(nets):
    overlap = nets["partnership-overlap"]
    assert list(overlap.edges(data=True)) == [(BIRMINGHAM, WALSALL, {"weight": 1, "agencies": "West Midlands Police"})]
    assert overlap.number_of_nodes() == 5
    together = nets["agency-comembership"]
    assert set(together[WMP]) == {n for n in together if together.nodes[n]["label"] in
                                  (WALSALL_AGENCIES | BIRMINGHAM_AGENCIES) - {"West Midlands Police"}}
    rows, _summary = measure(together)
    assert rows[0].node == WMP  # the bridge between the two cliques


def test_partnership_topic_weights_a_focus_above_a_mention(nets, data):
    graph = nets["partnership-topic"]
    for f in (f for f in data.features if f.facet == "topic"):
        partnership = next(r.partnership for r in data.reports if r.report == f.report)
        edge = graph.edges[partnership, f.feature]
        assert edge["strength"] == f.strength and edge["weight"] == (2 if f.strength == "focus" else 1)
    # walsall.txt: "community resilience and engagement" is its goal (a focus); child sexual exploitation
    # is named in its reasons, from which the programme shifted ("a shift in emphasis from CSE")
    topic = "https://w3id.org/tce-graph/def/topic/"
    assert graph.edges[WALSALL, topic + "community-engagement"]["strength"] == "focus"


def test_topic_cooccurrence_counts_reports(nets, data):
    graph = nets["topic-cooccurrence"]
    by_report: dict[str, set[str]] = {}
    for f in data.features:
        if f.facet == "topic":
            by_report.setdefault(f.report, set()).add(f.feature)
    for a, b, n in graph.edges(data="weight"):
        assert n == sum(1 for topics in by_report.values() if {a, b} <= topics)
    for t in graph:
        assert graph.nodes[t]["reports"] == sum(1 for topics in by_report.values() if t in topics)


def test_partnership_resource(nets):
    graph = nets["partnership-resource"]
    # birmingham.txt footnote 1 cites the Wood Review of multi-agency safeguarding arrangements
    wood = [n for n, a in graph.nodes(data=True) if a["type"] == "resource" and a["title"].startswith("Wood Review")]
    assert len(wood) == 1 and set(graph[wood[0]]) == {BIRMINGHAM}
    assert graph.nodes[wood[0]]["url"].endswith("Wood_Review_of_multi-agency_safeguarding_arrangements_2021.pdf")


# ---------------------------------------------------------------------------------------------- similarity


def _score(weights, a, b):
    """The documented measure, computed here on its own: mean over facets of the weighted Jaccard index."""
    parts = []
    for facet in FACETS:
        wa = {k: w for k, w in weights[a].items() if k[0] == facet}
        wb = {k: w for k, w in weights[b].items() if k[0] == facet}
        keys = wa.keys() | wb.keys()
        if keys:
            parts.append(sum(min(wa.get(k, 0), wb.get(k, 0)) for k in keys)
                         / sum(max(wa.get(k, 0), wb.get(k, 0)) for k in keys))
    return sum(parts) / len(parts) if parts else 0.0


def test_similarity_is_the_documented_measure_symmetric_and_in_0_1(nets, data):
    graph = nets["report-similarity"]
    reports = [r.report for r in data.reports]
    weights = feature_weights(data.features, reports)
    assert graph.number_of_nodes() == 5
    for a, b in combinations(reports, 2):
        expected = _score(weights, a, b)
        assert math.isclose(expected, _score(weights, b, a))
        if graph.has_edge(a, b):
            w = graph.edges[a, b]["weight"]
            assert graph.edges[b, a]["weight"] == w and 0 <= w <= 1
            assert math.isclose(w, expected, abs_tol=1e-6)
        else:
            assert expected == 0
    reversed_order = build_graphs(type(data)(data.members, list(reversed(data.reports)), data.features),
                                  ["report-similarity"])["report-similarity"]
    def scored(g):
        return {(frozenset((u, v)), w) for u, v, w in g.edges(data="weight")}

    assert scored(reversed_order) == scored(graph)


def test_walsall_and_birmingham_share_an_agency_as_a_stated_reason(nets, written):
    graph = nets["report-similarity"]
    walsall = next(n for n, a in graph.nodes(data=True) if a["label"] == "Walsall")
    birmingham = next(n for n, a in graph.nodes(data=True) if a["label"] == "Birmingham")
    edge = graph.edges[walsall, birmingham]
    assert edge["agencies"] == "West Midlands Police"
    assert edge["region"] == "West Midlands"
    assert "agencies: West Midlands Police" in edge["reasons"]
    best = written.similar[0]  # the pair most alike of the five
    assert {best.a_label, best.b_label} == {"Walsall", "Birmingham"}
    assert best.reasons["agency"] == ("West Midlands Police",)


# ---------------------------------------------------------------------------------------------- files


def test_the_command_writes_every_file(written):
    names = sorted(p.name for p in written.out.iterdir())
    for kind in KINDS:
        for ext in (".graphml", ".gexf", ".json", "-metrics.csv", ".png", ".svg"):
            assert f"{kind}{ext}" in names
    assert {"report-similarity-pairs.csv", "topic-cooccurrence-pairs.csv", "summary.txt"} <= set(names)
    assert [p.name for p in written.out.parent.iterdir() if p.name.startswith(".")] == []  # no staging left
    metrics = (written.out / "partnership-agency-metrics.csv").read_text(encoding="utf-8").splitlines()
    assert metrics[0] == ("graph,node,label,type,group,degree,weighted_degree,degree_centrality,betweenness,"
                          "component,community")
    assert "West Midlands Police" in next(line for line in metrics[1:] if ",agency," in line)  # top agency first
    pairs = (written.out / "report-similarity-pairs.csv").read_text(encoding="utf-8").splitlines()
    assert pairs[1].split(",")[0] == f"{written.similar[0].score:.6f}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_graphml_and_gexf_round_trip_with_labels(written, nets, kind):
    graph = nets[kind]
    for reader, ext in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
        back = reader(written.out / f"{kind}.{ext}")
        assert set(back) == set(graph), ext
        assert {frozenset(e) for e in back.edges()} == {frozenset(e) for e in graph.edges()}, ext
        for n, attrs in graph.nodes(data=True):
            assert back.nodes[n]["label"] == attrs["label"], ext
            assert back.nodes[n]["type"] == attrs["type"] and back.nodes[n]["iri"] == n, ext
        for u, v, w in graph.edges(data="weight"):
            assert math.isclose(float(back.edges[u, v]["weight"]), float(w)), ext
    data = nx.node_link_graph(__import__("json").loads((written.out / f"{kind}.json").read_text("utf-8")),
                              edges="edges")
    assert nx.utils.graphs_equal(data, graph)


def test_outputs_are_byte_identical_for_the_same_data(written, built, tmp_path):
    """Whatever the number of worker processes, too (the module's run used the default, the cores)."""
    again = write_network(open_store(built.out_dir / "store"), tmp_path / "again", workers=1)
    first = {p.name: p.read_bytes() for p in written.out.iterdir()}
    second = {p.name: p.read_bytes() for p in again.out.iterdir()}
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []
    svg = first["partnership-agency.svg"].decode()
    assert "<dc:date>" not in svg and "West Midlands Police" in svg  # no date; text stays text
    assert b"lastmodifieddate" not in first["partnership-agency.gexf"]


def test_a_second_run_replaces_the_folder_whole(built, tmp_path):
    out = tmp_path / "net"
    store = open_store(built.out_dir / "store")
    write_network(store, out, kinds=["partnership-agency"], pictures=False)
    (out / "stale.txt").write_text("from an older run", encoding="utf-8")
    write_network(store, out, kinds=["partnership-overlap"], pictures=False)
    names = {p.name for p in out.iterdir()}
    assert "stale.txt" not in names and "partnership-agency.graphml" not in names
    assert "partnership-overlap.graphml" in names and "partnership-overlap.png" not in names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net"]


def test_leftovers_of_a_killed_run_are_cleared(tmp_path):
    target = tmp_path / "network"
    dead = 2 ** 22 + 12345  # above the usual pid_max: no such process
    (tmp_path / f".network.new-{dead}-abc").mkdir()
    old = tmp_path / f".network.old-{dead}-def"
    old.mkdir()
    (old / "summary.txt").write_text("the previous run", encoding="utf-8")
    mine = tmp_path / f".network.new-{os.getpid()}-ghi"  # a run still going (this one) is left alone
    mine.mkdir()
    clear_leftovers(target)  # killed between its two renames: the old folder is put back
    assert (target / "summary.txt").read_text(encoding="utf-8") == "the previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, "network"]


def _outline(text, renderer):
    """The corners (display pixels) of a drawn text's own rectangle, rotated as it is drawn (the window
    extent of a rotated label is the box around it, far larger than the text)."""
    import numpy as np

    angle = text.get_rotation()
    if not angle or text.get_rotation_mode() != "anchor":
        b = text.get_window_extent(renderer)
        return np.array([(b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1)])
    w, h, _d = renderer.get_text_width_height_descent(text.get_text(), text.get_fontproperties(), ismath=False)
    x0 = {"left": 0.0, "right": -w, "center": -w / 2}[text.get_horizontalalignment()]
    y0 = {"center": -h / 2, "bottom": 0.0, "top": -h, "baseline": 0.0, "center_baseline": -h / 2}[
        text.get_verticalalignment()]
    corners = np.array([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)])
    t = math.radians(angle)
    turn = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    anchor = text.get_transform().transform(text.get_unitless_position())
    return corners @ turn.T + anchor


def _overlap(p, q, margin=0.5):
    """Whether two convex outlines overlap by more than ``margin`` pixels (separating axis test)."""
    import numpy as np

    for poly in (p, q):
        for i in range(len(poly)):
            edge = poly[(i + 1) % len(poly)] - poly[i]
            axis = np.array([-edge[1], edge[0]]) / (np.hypot(*edge) or 1)
            a, b = p @ axis, q @ axis
            if a.max() - margin <= b.min() or b.max() - margin <= a.min():
                return False
    return True


def test_the_picture_labels_do_not_overlap(nets):
    from tce_graph.network.draw import render

    for kind, graph in nets.items():
        rows, summary = measure(graph)
        fig, _bbox = render(graph, rows, summary)
        renderer = fig.canvas.get_renderer()
        texts = [t for t in fig.axes[0].texts + fig.texts if t.get_text().strip()]
        outlines = [(t.get_text(), _outline(t, renderer)) for t in texts]
        legend = fig.legends[0].get_window_extent(renderer)
        legend_box = __import__("numpy").array([(legend.x0, legend.y0), (legend.x1, legend.y0), (legend.x1, legend.y1),
                                                (legend.x0, legend.y1)])
        for (a, box_a), (b, box_b) in combinations(outlines, 2):
            assert not _overlap(box_a, box_b), f"{kind}: '{a}' overlaps '{b}'"
        for a, box in outlines:
            assert not _overlap(box, legend_box), f"{kind}: '{a}' overlaps the legend"
        assert fig.texts[-1].get_text()  # a title


# ---------------------------------------------------------------------------------------------- backends


def test_the_same_networks_come_from_a_live_oxigraph_server(built, nets, tmp_path):
    from oxigraph_server import OxigraphServer

    copy = tmp_path / "server-store"
    shutil.copytree(built.out_dir / "store", copy)
    server = OxigraphServer(copy, union_default_graph=False).start()  # the store's default graph is the union
    try:
        remote = graphs(open_store(endpoint=server.query))
    finally:
        server.stop()
    assert list(remote) == list(nets)
    for kind in nets:
        assert nx.utils.graphs_equal(remote[kind], nets[kind]), kind
        assert list(remote[kind].nodes) == list(nets[kind].nodes), kind  # same order: same files


def test_the_same_networks_come_from_an_rdf_file(built, nets):
    from_file = graphs(open_store(data=built.out_dir / "tce-graph.trig"), ["partnership-agency", "report-similarity"])
    for kind, graph in from_file.items():
        assert nx.utils.graphs_equal(graph, nets[kind]), kind


# ---------------------------------------------------------------------------------------------- the command


def invoke(*args):
    return CliRunner().invoke(main, ["network", *args])


def _one_line_error(result, message):
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_the_command_prints_what_the_networks_say(built, tmp_path):
    out = tmp_path / "net"
    result = invoke("--store", str(built.out_dir / "store"), "--out", str(out), "--kind", "partnership-agency",
                    "--kind", "report-similarity", "--no-pictures")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"2 network(s) from embedded:{built.out_dir / 'store'}"
    assert lines[1].startswith("partnership-agency: 27 nodes, 23 edges, 4 components, ")
    assert lines[2] == "  top connecting agencies: West Midlands Police (0.037)"
    assert any(line.startswith("  similar: Birmingham ~ Walsall ") and "agency: West Midlands Police" in line
               for line in lines)
    assert lines[-1].startswith(f"wrote 10 files to {out}/")


@pytest.mark.parametrize("case", ["no store", "empty store", "no partnerships", "unknown kind", "not ours"])
def test_bad_input_is_a_one_line_error_and_writes_nothing(case, built, tmp_path):
    out = tmp_path / "net"
    args = ["--store", str(built.out_dir / "store")]
    if case == "no store":
        args, message = ["--store", str(tmp_path / "nowhere")], "no embedded store at"
    elif case == "empty store":
        import pyoxigraph

        pyoxigraph.Store(str(tmp_path / "empty")).flush()
        args, message = ["--store", str(tmp_path / "empty")], "the store is empty; expected the graph"
    elif case == "no partnerships":
        rdf = tmp_path / "other.ttl"
        rdf.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
        args, message = ["--data", str(rdf)], "holds no partnerships with core partner agencies"
    elif case == "unknown kind":
        args, message = args + ["--kind", "agency-topic"], "unknown network kind 'agency-topic'; expected one of: "
    else:
        out.mkdir()
        (out / "mine.txt").write_text("keep me", encoding="utf-8")
        message = "was not written by `tce-graph network`; refusing to replace it"
    result = invoke(*args, "--out", str(out))
    _one_line_error(result, message)
    if case == "not ours":
        assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["net"]
    else:
        assert not out.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".net")]


def test_without_matplotlib_pictures_need_the_extra(built, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    out = tmp_path / "net"
    result = invoke("--store", str(built.out_dir / "store"), "--out", str(out))
    _one_line_error(result, "pip install 'tce-graph[network]'")
    assert not out.exists()
    result = invoke("--store", str(built.out_dir / "store"), "--out", str(out), "--no-pictures")
    assert result.exit_code == 0, result.output
    assert (out / "report-similarity.graphml").is_file() and not list(out.glob("*.png"))


def test_the_help_names_every_kind():
    help_text = "".join(CliRunner().invoke(main, ["network", "--help"]).output.split())  # wrapped at hyphens
    for kind in KINDS:
        assert kind in help_text


def test_the_network_queries_are_not_saved_queries():
    from tce_graph.query import query_names

    assert not {"partnership-members", "report-partnerships", "report-features"} & set(query_names())


def test_the_readme_shows_the_picture():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    picture = "docs/network-partnership-agency.png"
    assert f"]({picture})" in readme and (Path(__file__).resolve().parents[1] / picture).is_file()


def test_a_graph_with_partnerships_and_nothing_else_still_gives_every_file(tmp_path):
    rdf = tmp_path / "small.ttl"
    rdf.write_text("""@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/p> a org:OrganizationalCollaboration ; skos:prefLabel "P" ; org:hasMember <http://example.org/a> .
<http://example.org/a> skos:prefLabel "A" .
""", encoding="utf-8")
    out = tmp_path / "net"
    result = invoke("--data", str(rdf), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "topic-cooccurrence: 0 nodes, 0 edges, 0 components, 0 communities" in result.stdout
    assert len(list(out.glob("*.png"))) == len(KINDS)
