"""Metrics that answer questions, as plain records: who connects (degree and betweenness centrality),
what hangs together (connected components, communities), which reports resemble each other and why,
which topics always come together.

* Betweenness is unweighted (a path counts its steps: weights here are strengths, not distances) and
  normalised. It costs about nodes x edges steps; it is exact while that is within
  :data:`BETWEENNESS_BUDGET`, beyond that estimated from ``k = budget / edges`` source nodes (at least
  32) drawn with seed 0, the same estimate every run, so 1,000 reports stay fast.
* Communities: networkx's Louvain method on the ``weight``, with seed 0, so the partition is the same
  every run; numbered 1, 2 ... from the largest (ties by their first node's IRI), as are components.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from .graphs import FACET_ATTRIBUTE, JOIN

SEED = 0
BETWEENNESS_BUDGET = 500_000  # sources x edges: exact betweenness up to it, estimated from fewer sources beyond


@dataclass(frozen=True)
class NodeMetrics:
    """One node of one graph with its measures (``component``, ``community``: numbers from 1, largest first)."""

    graph: str
    node: str  # the IRI
    label: str
    type: str
    group: str
    degree: int
    weighted_degree: float
    degree_centrality: float
    betweenness: float
    component: int
    community: int


@dataclass(frozen=True)
class GraphSummary:
    graph: str
    description: str
    nodes: int
    edges: int
    components: int
    largest_component: int
    communities: int
    modularity: float
    betweenness: str  # "exact" or "estimated from k sources (seed 0)"
    types: tuple[tuple[str, int], ...] = ()  # nodes per type, e.g. (("agency", 22), ("partnership", 5))


@dataclass(frozen=True)
class SimilarPair:
    """Two reports, how alike they are (0-1) and the shared features behind it (facet -> labels)."""

    a: str
    a_label: str
    b: str
    b_label: str
    score: float
    reasons: dict[str, tuple[str, ...]]

    def reasons_text(self) -> str:
        return " | ".join(f"{facet}: {JOIN.join(names)}" for facet, names in self.reasons.items())


@dataclass(frozen=True)
class TopicPair:
    """Two topics, the reports naming both and each; ``always`` when every report naming one names
    the other (and at least two reports do)."""

    a: str
    a_label: str
    b: str
    b_label: str
    together: int
    a_reports: int
    b_reports: int
    jaccard: float
    always: bool


def _numbered(groups: list[set[str]]) -> dict[str, int]:
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    return {n: i for i, g in enumerate(ordered, start=1) for n in g}


def _betweenness(graph: nx.Graph) -> tuple[dict[str, float], str]:
    n, e = graph.number_of_nodes(), graph.number_of_edges()
    if n * max(e, 1) <= BETWEENNESS_BUDGET:
        return nx.betweenness_centrality(graph, normalized=True), "exact"
    k = min(n, max(32, BETWEENNESS_BUDGET // max(e, 1)))
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED), \
        f"estimated from {k} of {n} sources (seed {SEED})"


def communities(graph: nx.Graph) -> list[set[str]]:
    """Louvain communities on ``weight``, seed 0 (deterministic)."""
    if graph.number_of_edges() == 0:
        return [{n} for n in graph]
    return [set(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=SEED)]


def measure(graph: nx.Graph) -> tuple[list[NodeMetrics], GraphSummary]:
    """Every node's measures (sorted by betweenness, then degree, then label) and the graph's summary."""
    name = str(graph.graph.get("name", ""))
    between, how = _betweenness(graph)
    degree_c = nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}
    components = [set(c) for c in nx.connected_components(graph)]
    parts = communities(graph)
    component_of, community_of = _numbered(components), _numbered(parts)
    modularity = nx.community.modularity(graph, parts, weight="weight") if graph.number_of_edges() else 0.0
    rows = [NodeMetrics(name, n, str(a.get("label", n)), str(a.get("type", "")), str(a.get("group", "")),
                        graph.degree(n), round(float(graph.degree(n, weight="weight")), 6),
                        round(degree_c[n], 6), round(between[n], 6), component_of[n], community_of[n])
            for n, a in graph.nodes(data=True)]
    rows.sort(key=lambda r: (-r.betweenness, -r.degree, -r.weighted_degree, r.label.casefold(), r.node))
    summary = GraphSummary(name, str(graph.graph.get("description", "")), graph.number_of_nodes(),
                           graph.number_of_edges(), len(components), max((len(c) for c in components), default=0),
                           len(parts), round(modularity, 6), how,
                           tuple(sorted(Counter(r.type for r in rows).items(), key=lambda kv: (kv[0] != "partnership",
                                                                                             kv[0]))))
    return rows, summary


def top_connectors(rows: list[NodeMetrics], *, type_: str | None = None, n: int = 5) -> list[NodeMetrics]:
    """The nodes with the highest betweenness (of one type, if given), those above 0 only."""
    return [r for r in rows if r.betweenness > 0 and (type_ is None or r.type == type_)][:n]


def similar_pairs(graph: nx.Graph) -> list[SimilarPair]:
    """The report-similarity graph's edges, most similar first, with their reasons."""
    label = graph.nodes
    out = []
    for u, v, a in graph.edges(data=True):
        x, y = sorted((u, v))
        reasons = {facet: tuple(str(a[attr]).split(JOIN)) for facet, attr in FACET_ATTRIBUTE.items() if a.get(attr)}
        out.append(SimilarPair(x, label[x]["label"], y, label[y]["label"], float(a["weight"]), reasons))
    return sorted(out, key=lambda p: (-p.score, p.a_label.casefold(), p.b_label.casefold(), p.a, p.b))


def topic_pairs(graph: nx.Graph) -> list[TopicPair]:
    """The topic co-occurrence graph's edges: those that always co-occur first, then by Jaccard index."""
    node = graph.nodes
    out = []
    for u, v, a in graph.edges(data=True):
        x, y = sorted((u, v))
        na, nb, n = int(node[x]["reports"]), int(node[y]["reports"]), int(a["weight"])
        out.append(TopicPair(x, node[x]["label"], y, node[y]["label"], n, na, nb, float(a["jaccard"]),
                             n == na == nb and n >= 2))
    return sorted(out, key=lambda p: (not p.always, -p.jaccard, -p.together, p.a_label.casefold(),
                                      p.b_label.casefold()))
