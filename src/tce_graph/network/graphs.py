"""networkx graphs made from the rows the store gives (:mod:`.read`), never from the reader's objects.

Every node carries ``label`` (its name, which Gephi shows), ``name`` (the same, which Cytoscape shows),
``type`` (partnership, agency, topic, resource, report), ``group`` (what the pictures colour it by:
the agency's type, the partnership's region ...) and ``iri``; node ids are the IRIs. Every edge has a
``weight``. Nodes and edges are added in sorted order, so every file written from a graph is the same
for the same data."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from networkx.algorithms import bipartite

from ..errors import InputError
from ..stores.base import Store
from .read import Feature, NetworkData, read_network_data
from .similarity import STRENGTH_WEIGHT, similarities

KINDS: dict[str, str] = {
    "partnership-agency": "Partnerships and their core partner agencies (org:hasMember)",
    "agency-comembership": "Agencies linked when they are core partners of the same partnership "
                           "(weight: partnerships in common)",
    "partnership-overlap": "Partnerships linked when they share a core partner agency (weight: agencies shared)",
    "partnership-topic": "Partnerships and the topics their reports name (weight: 2 for each report that makes "
                         "the topic a focus, 1 for each that mentions it)",
    "topic-cooccurrence": "Topics linked when one report names both (weight: reports naming both)",
    "report-similarity": "Reports linked by how alike they are: agencies, topics, themes, methodologies, cited "
                         "resources and region (weight: similarity in [0, 1], with its reasons)",
    "partnership-resource": "Partnerships and the resources their reports cite (weight: reports citing it)",
}
"""Every network ``tce-graph network --kind`` can make, with what it shows."""

FACET_ATTRIBUTE = {"agency": "agencies", "topic": "topics", "theme": "themes", "methodology": "methodologies",
                   "resource": "resources", "region": "region"}
"""The report-similarity edge attribute that lists the shared features of a facet."""

JOIN = "; "
PLURAL = {"partnership": "partnerships", "agency": "agencies", "topic": "topics", "resource": "resources",
          "report": "reports", "node": "nodes", "edge": "edges", "component": "components",
          "community": "communities"}


def counted(n: int, word: str) -> str:
    """``1 edge``, ``3 edges``; ``1 community``, ``4 communities``."""
    return f"{n} {word if n == 1 else PLURAL.get(word, word + 's')}"


def shape(summary) -> str:
    """A graph summary's size: ``27 nodes, 23 edges, 4 components, 5 communities``."""
    return ", ".join(counted(n, w) for n, w in ((summary.nodes, "node"), (summary.edges, "edge"),
                                                 (summary.components, "component"), (summary.communities, "community")))


def join(names: Iterable[str]) -> str:
    """Labels as one attribute value (GraphML and GEXF hold no lists), sorted; a label's own "; " becomes ", "
    so the value splits back into the labels."""
    return JOIN.join(sorted((n.replace(JOIN, ", ") for n in names), key=str.casefold))


def check_kinds(kinds: Iterable[str] | None) -> list[str]:
    """The kinds asked for, in :data:`KINDS` order (all when none); an unknown one is an InputError."""
    asked = list(kinds or [])
    unknown = [k for k in asked if k not in KINDS]
    if unknown:
        raise InputError(f"unknown network kind '{unknown[0]}'; expected one of: {', '.join(KINDS)}")
    return [k for k in KINDS if not asked or k in asked]


def graphs(store: Store | str | Path | None = None, kinds: Iterable[str] | None = None) -> dict[str, nx.Graph]:
    """The networks of the graph in ``store`` (a Store, or the embedded store's folder; default
    ``out/store``), by kind (see :data:`KINDS`; default all), read through SPARQL."""
    wanted = check_kinds(kinds)
    if not isinstance(store, Store):
        from ..stores import open_store

        store = open_store(store)
    return build_graphs(read_network_data(store), wanted)


def build_graphs(data: NetworkData, kinds: Iterable[str] | None = None) -> dict[str, nx.Graph]:
    """The networks made from ``data`` (what :func:`~.read.read_network_data` returns)."""
    wanted = check_kinds(kinds)
    made: dict[str, nx.Graph] = {}
    members = partnership_agency(data)
    for kind in wanted:
        if kind == "partnership-agency":
            graph = members
        elif kind == "agency-comembership":
            graph = projection(members, "agency", via="partnerships")
        elif kind == "partnership-overlap":
            graph = projection(members, "partnership", via="agencies")
        elif kind == "partnership-topic":
            graph = partnership_features(data, "topic")
        elif kind == "topic-cooccurrence":
            graph = topic_cooccurrence(data)
        elif kind == "report-similarity":
            graph = report_similarity(data)
        else:
            graph = partnership_features(data, "resource")
        graph.graph.update(name=kind, description=KINDS[kind])
        made[kind] = graph
    return made


# ---------------------------------------------------------------------------------------------- nodes


def _node(graph: nx.Graph, iri: str, label: str, type_: str, group: str, **more) -> None:
    if iri not in graph:
        graph.add_node(iri, label=label, name=label, type=type_, group=group, iri=iri, **more)


def partnership_regions(data: NetworkData) -> dict[str, str]:
    """partnership IRI -> the region label of its first report (in IRI order), or empty."""
    regions: dict[str, str] = {}
    for r in data.reports:
        if r.region_label:
            regions.setdefault(r.partnership, r.region_label)
    return regions


def _partnership(graph: nx.Graph, iri: str, label: str, regions: dict[str, str], *, group: str | None = None
                 ) -> None:
    _node(graph, iri, label, "partnership", group or "Partnership", region=regions.get(iri, ""), bipartite=0)


# ---------------------------------------------------------------------------------------------- graphs


def partnership_agency(data: NetworkData) -> nx.Graph:
    """Bipartite: partnership -- agency for every ``org:hasMember``; one node per distinct IRI."""
    graph = nx.Graph()
    regions = partnership_regions(data)
    for m in data.members:
        _partnership(graph, m.partnership, m.partnership_label, regions)
    for m in sorted(data.members, key=lambda m: m.agency):
        group = f"Agency: {m.agency_type}" if m.agency_type else "Agency: type not known"
        _node(graph, m.agency, m.agency_label, "agency", group, agency_type=m.agency_type, bipartite=1)
    for m in data.members:
        graph.add_edge(m.partnership, m.agency, weight=1)
    return graph


def projection(bipartite_graph: nx.Graph, node_type: str, *, via: str) -> nx.Graph:
    """The ``node_type`` side of a bipartite graph, two nodes linked when they share a neighbour;
    ``weight`` counts the shared neighbours and ``via`` names them."""
    side = sorted(n for n, t in bipartite_graph.nodes(data="type") if t == node_type)
    projected = bipartite.weighted_projected_graph(bipartite_graph, side)
    graph = nx.Graph()
    for n in side:
        attrs = dict(bipartite_graph.nodes[n])
        attrs.pop("bipartite", None)
        if node_type == "partnership":  # alone, partnerships are coloured by region
            attrs["group"] = attrs.get("region") or "Region not known"
        graph.add_node(n, **attrs)
    label = bipartite_graph.nodes
    for u, v in sorted(tuple(sorted(e)) for e in projected.edges()):
        shared = set(bipartite_graph[u]) & set(bipartite_graph[v])
        graph.add_edge(u, v, weight=len(shared),
                       **{via: join(label[s]["label"] for s in shared)})
    return graph


def _report_partnerships(data: NetworkData) -> dict[str, tuple[str, str]]:
    return {r.report: (r.partnership, r.partnership_label) for r in data.reports}


def _facet(data: NetworkData, facet: str) -> list[Feature]:
    return [f for f in data.features if f.facet == facet]


def partnership_features(data: NetworkData, facet: str) -> nx.Graph:
    """Bipartite: partnership -- topic (weight 2 per report with it as a focus, 1 per mention;
    ``strength`` the strongest, ``reports`` how many) or partnership -- cited resource (weight: reports)."""
    graph = nx.Graph()
    regions = partnership_regions(data)
    owner = _report_partnerships(data)
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in _facet(data, facet):
        if f.report in owner:
            edges[(owner[f.report][0], f.feature)].append(f.strength)
    for report in sorted(owner):
        p, label = owner[report]
        _partnership(graph, p, label, regions)
    for f in sorted(_facet(data, facet), key=lambda f: f.feature):
        if facet == "topic":
            _node(graph, f.feature, f.label, "topic", "Topic", bipartite=1)
        else:
            _node(graph, f.feature, resource_label(f.label, f.url), "resource", "Cited resource", bipartite=1,
                  title=f.label, url=f.url)
    for (p, feature), strengths in sorted(edges.items()):
        if facet == "topic":
            weight = sum(2 if s == "focus" else 1 for s in strengths)
            strongest = max(strengths, key=lambda s: STRENGTH_WEIGHT.get(s, 0))
            graph.add_edge(p, feature, weight=weight, strength=strongest, reports=len(strengths))
        else:
            graph.add_edge(p, feature, weight=len(strengths), reports=len(strengths))
    return graph


def resource_label(title: str, url: str) -> str:
    """A resource's name: its title, or for a link text that names nothing ("this briefing", "microsite":
    under four words) the title with the last part of its URL, "microsite: young persons voice"."""
    words = title.split()
    path = [p for p in url.split("?")[0].split("#")[0].split("/")[3:] if p]
    if len(words) >= 4 or not path:
        return title
    slug = path[-1].rsplit(".", 1)[0] if "." in path[-1] and len(path[-1].rsplit(".", 1)[1]) <= 4 else path[-1]
    return f"{title}: {' '.join(slug.replace('-', ' ').replace('_', ' ').split())}"


def topic_cooccurrence(data: NetworkData) -> nx.Graph:
    """Topics, linked when one report names both: ``weight`` the reports naming both, ``jaccard`` that
    over the reports naming either; each topic's ``reports`` counts the reports naming it."""
    by_report: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for f in _facet(data, "topic"):
        by_report[f.report].add(f.feature)
        labels.setdefault(f.feature, f.label)
    count: dict[str, int] = defaultdict(int)
    together: dict[tuple[str, str], int] = defaultdict(int)
    for topics in by_report.values():
        ordered = sorted(topics)
        for i, a in enumerate(ordered):
            count[a] += 1
            for b in ordered[i + 1:]:
                together[(a, b)] += 1
    graph = nx.Graph()
    for t in sorted(labels):
        _node(graph, t, labels[t], "topic", "Topic", reports=count[t])
    for (a, b), n in sorted(together.items()):
        graph.add_edge(a, b, weight=n, jaccard=round(n / (count[a] + count[b] - n), 6))
    return graph


def report_labels(data: NetworkData) -> dict[str, str]:
    """report IRI -> its partnership's name, with the start month when the partnership has several reports."""
    per_partnership: dict[str, int] = defaultdict(int)
    for r in data.reports:
        per_partnership[r.partnership] += 1
    return {r.report: (f"{r.partnership_label} ({r.commenced or r.report.rsplit('/', 1)[-1]})"
                       if per_partnership[r.partnership] > 1 else r.partnership_label) for r in data.reports}


def report_similarity(data: NetworkData) -> nx.Graph:
    """Reports, linked by :func:`~.similarity.similarities`: ``weight`` the score, one attribute per
    facet naming the shared features (``agencies``, ``topics`` ...) and ``reasons`` all of them."""
    graph = nx.Graph()
    labels = report_labels(data)
    for r in data.reports:
        _node(graph, r.report, labels[r.report], "report", r.region_label or "Region not known",
              partnership=r.partnership_label, region=r.region_label, commenced=r.commenced)
    feature_labels = {(f.facet, f.feature): f.label for f in data.features}
    for pair in sorted(similarities(data.features, [r.report for r in data.reports], feature_labels),
                       key=lambda p: (p.a, p.b)):
        attrs = {FACET_ATTRIBUTE[f]: join(names) for f, names in pair.reasons.items()}
        reasons = " | ".join(f"{FACET_ATTRIBUTE[f]}: {join(names)}" for f, names in pair.reasons.items())
        graph.add_edge(pair.a, pair.b, weight=pair.score, reasons=reasons, **attrs)
    return graph
