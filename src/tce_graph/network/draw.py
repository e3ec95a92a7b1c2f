"""Pictures of the networks (PNG and SVG, with matplotlib's Agg backend), made to be read at a glance.

Two layouts, both computed (no random start), so the same graph gives the same picture:

* a bipartite graph (partnerships and their agencies, topics or resources) is two columns, the
  partnerships on the left and the others on the right, ordered to keep lines from crossing (left by
  component and community, then both by the mean row of their neighbours, the barycentre heuristic);
  labels sit outside the columns one row apart, so they cannot overlap;
* any other graph is a ring ordered by community, labels pointing outward along their radius, one
  node's angle apart.

At scale only the :data:`MAX_SIDE` (per column) or :data:`MAX_RING` best-connected nodes (highest
betweenness, then degree; for report similarity the reports of the most similar pairs) are drawn and
labelled, each with its number of links in the whole network; the rest are one grey node ("+1511
other agencies (5519 links not drawn)") and the subtitle says so. A dense picture draws each node's
:data:`MAX_EDGES_PER_NODE` heaviest links. Colour shows the node's group (agency type, region ...)
with a legend, line width and darkness the weight, bold labels the highest betweenness. The title,
what the picture shows and the legend are placed after the labels are measured, so nothing covers a
label; the saved image is cut to what was drawn.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import OutputError
from .graphs import PLURAL, counted, shape
from .metrics import GraphSummary, NodeMetrics

MAX_SIDE = 30
MAX_RING = 40
LABEL_CHARS = 50
FONT = 8.5
BOLD = 5
AGGREGATE = "#b8b8b8"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
           "#393b79", "#e7ba52", "#637939", "#7b4173", "#843c39", "#6baed6", "#fd8d3c")  # no grey: it marks aggregates
MAX_EDGE_LABELS = 12  # a ring with at most this many links labels each
MAX_EDGES_PER_NODE = 3  # a ring draws at most this many edges per node, the heaviest (the rest are in the files)
TITLES = {
    "partnership-agency": "Which agencies connect the partnerships",
    "agency-comembership": "Agencies that are core partners of the same partnership",
    "partnership-overlap": "Partnerships that share a core partner agency",
    "partnership-topic": "Which topics each partnership worked on",
    "topic-cooccurrence": "Topics that one report names together",
    "report-similarity": "Which reports resemble each other",
    "partnership-resource": "Which cited resources travel between areas",
}
WEIGHTS = {
    "partnership-agency": None,
    "agency-comembership": "partnerships in common",
    "partnership-overlap": "agencies shared",
    "partnership-topic": "2 per report with the topic as a focus, 1 per mention",
    "topic-cooccurrence": "reports naming both",
    "report-similarity": "similarity (0-1)",
    "partnership-resource": "reports citing it",
}
SVG_SALT = "tce-graph"


def require_matplotlib() -> None:
    """Raise a one-line :class:`OutputError` naming the extra when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise OutputError("drawing the network pictures needs matplotlib: pip install 'tce-graph[network]' "
                          "(or leave the pictures out with --no-pictures)") from None


@dataclass
class _Node:
    id: str
    label: str
    group: str
    x: float = 0.0
    y: float = 0.0
    size: float = 40.0
    marker: str = "o"
    bold: bool = False
    aggregate: bool = False
    side: str = "ring"  # left, right (labels beside a column) or ring (labels along the radius)


@dataclass
class _Plan:
    nodes: list[_Node] = field(default_factory=list)
    edges: list[tuple[str, str, float]] = field(default_factory=list)  # u, v, weight: both ends drawn
    note: str = ""
    bold: str = ""  # what bold labels mean, when some are bold


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _drawn_edges(graph: nx.Graph, kept: dict[str, str]) -> tuple[list[tuple[str, str, float]], dict[str, int]]:
    """The edges between drawn nodes (``kept`` maps each node to the node it is drawn as: itself, or its
    side's aggregate), and how many links each aggregate stands for (they are not drawn: at scale a line
    from every drawn node to "+938 others" hides the lines that matter)."""
    edges: list[tuple[str, str, float]] = []
    hidden: dict[str, int] = defaultdict(int)
    for u, v, w in graph.edges(data="weight", default=1):
        if kept[u] == u and kept[v] == v:
            edges.append((min(u, v), max(u, v), float(w)))
        else:
            for end in {kept[u], kept[v]} - {u, v}:
                hidden[end] += 1
    return sorted(edges), dict(hidden)


def _with_degree(label: str, degree: int, aggregated: bool) -> str:
    """A drawn node's label; when others are aggregated, with its links in the whole network."""
    return f"{_short(label)} ({degree})" if aggregated else _short(label)


def _sizes(nodes: list[_Node], degree: dict[str, int]) -> None:
    top = max((degree.get(n.id, 0) for n in nodes if not n.aggregate), default=1) or 1
    for n in nodes:
        n.size = 260.0 if n.aggregate else 30.0 + 190.0 * degree.get(n.id, 0) / top


def _plan_bipartite(graph: nx.Graph, metrics: list[NodeMetrics]) -> _Plan:
    plan = _Plan()
    left_type = "partnership"
    ranked = metrics  # measure() sorts them: betweenness, then degree, weighted degree, label
    left_all = [m for m in ranked if m.type == left_type]
    right_all = [m for m in ranked if m.type != left_type]
    right_type = right_all[0].type if right_all else "node"
    left = left_all[:MAX_SIDE]
    # when some must go, those linked to one partnership only (a resource one report cites) go first
    right = list(right_all) if len(right_all) <= MAX_SIDE else [m for m in right_all if m.degree > 1][:MAX_SIDE]
    kept = {m.node: m.node for m in left + right}
    agg_left = f"+{len(left_all) - len(left)} other {PLURAL.get(left_type, left_type)}"
    agg_right = f"+{len(right_all) - len(right)} other {PLURAL.get(right_type, right_type)}"
    kept.update({m.node: agg_left for m in left_all if m.node not in kept})
    kept.update({m.node: agg_right for m in right_all if m.node not in kept})
    plan.edges, hidden = _drawn_edges(graph, kept)
    aggregated = len(left) + len(right) < len(metrics)
    drawn_all = len(plan.edges)
    if drawn_all > MAX_EDGES_PER_NODE * (len(left) + len(right)):  # dense: each partnership's heaviest links
        plan.edges = _heaviest_per_node(plan.edges, {m.node for m in left}, dict(graph.degree()))
    # partnerships that share neighbours sit together (component, then community), the others follow the
    # mean row of their partnerships; one more pass each way (barycentre ordering) uncrosses the rest
    left.sort(key=lambda m: (m.component, m.community, m.label.casefold(), m.node))
    _by_barycentre(right, left, plan.edges)
    _by_barycentre(left, right, plan.edges)
    _by_barycentre(right, left, plan.edges)
    columns = []
    for side, members, agg, total, x in (("left", left, agg_left, left_all, 0.0),
                                         ("right", right, agg_right, right_all, 1.0)):
        nodes = [_Node(m.node, _with_degree(m.label, m.degree, aggregated), m.group, side=side, x=x,
                       marker="s" if side == "left" else "o") for m in members]
        if len(total) > len(members):
            nodes.append(_Node(agg, f"{agg} ({hidden.get(agg, 0)} links not drawn)", "", side=side, x=x,
                               aggregate=True, marker="s" if side == "left" else "o"))
        columns.append(nodes)
    rows = max(len(c) for c in columns)
    for nodes in columns:
        step = rows / len(nodes) if nodes else 1.0
        for i, n in enumerate(nodes):
            n.y = -(i + 0.5) * step
        plan.nodes += nodes
    _mark_bold(plan, right_all, f"the {PLURAL.get(right_type, right_type)} that connect partnerships "
                                "(highest betweenness)")
    _sizes(plan.nodes, dict(graph.degree()))
    notes = []
    if aggregated:
        notes.append(f"Drawn: the {len(left)} {PLURAL.get(left_type)} and {len(right)} "
                     f"{PLURAL.get(right_type, right_type)} of highest betweenness and the lines between them; "
                     "the others are the grey rows. (n): a node's links in the whole network.")
    if len(plan.edges) < drawn_all:
        notes.append(f"Lines: each {left_type}'s {MAX_EDGES_PER_NODE} heaviest links, of equal ones those to the "
                     f"rarer {right_type} ({len(plan.edges)} of {drawn_all}).")
    plan.note = " ".join(notes)
    return plan


def _heaviest_per_node(edges: list[tuple[str, str, float]], ends: set[str], degree: dict[str, int]
                       ) -> list[tuple[str, str, float]]:
    """The edges among the :data:`MAX_EDGES_PER_NODE` heaviest of some node in ``ends``; of equal weights,
    those to the rarer node (fewer links in the whole network: the more telling), then by IRI."""
    per_node: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for e in edges:
        for end in (e[0], e[1]):
            if end in ends:
                per_node[end].append(e)

    def key(end: str, e: tuple[str, str, float]) -> tuple:
        other = e[1] if e[0] == end else e[0]
        return -e[2], degree.get(other, 0), other

    return sorted({e for end, mine in per_node.items()
                   for e in sorted(mine, key=lambda e: key(end, e))[:MAX_EDGES_PER_NODE]})


def _by_barycentre(moving: list[NodeMetrics], fixed: list[NodeMetrics],
                   edges: list[tuple[str, str, float]]) -> None:
    """Sort ``moving`` by the mean position of its neighbours in ``fixed`` (stable: ties keep their order)."""
    row = {m.node: i for i, m in enumerate(fixed)}
    seen: dict[str, list[int]] = defaultdict(list)
    for u, v, _w in edges:
        for a, b in ((u, v), (v, u)):
            if b in row:
                seen[a].append(row[b])
    moving.sort(key=lambda m: sum(seen[m.node]) / len(seen[m.node]) if seen[m.node] else float(len(fixed)))


def _plan_ring(graph: nx.Graph, metrics: list[NodeMetrics]) -> _Plan:
    plan = _Plan()
    ranked = metrics  # measure() sorts them: betweenness, then degree, weighted degree, label
    by_pairs = graph.graph.get("name") == "report-similarity" and len(ranked) > MAX_RING
    shown = _strongest_pairs(graph, ranked) if by_pairs else ranked[:MAX_RING]
    kept = {m.node: m.node for m in shown}
    type_ = ranked[0].type if ranked else "node"
    agg = f"+{len(ranked) - len(shown)} other {PLURAL.get(type_, type_)}"
    kept.update({m.node: agg for m in ranked if m.node not in kept})
    plan.edges, hidden = _drawn_edges(graph, kept)
    aggregated = len(ranked) > len(shown)
    notes = []
    real = plan.edges
    cap = MAX_EDGES_PER_NODE * len(shown)
    if len(real) > cap:  # a ring of every link is a hairball: each node's heaviest, the rest are in the files
        plan.edges = _heaviest_per_node(real, set(kept) - {agg}, dict(graph.degree()))
        notes.append(f"Lines: each {type_}'s {MAX_EDGES_PER_NODE} heaviest links ({len(plan.edges)} of {len(real)}).")
    degree = dict(graph.degree())
    shown = sorted(shown, key=lambda m: (m.community, -degree[m.node], m.label.casefold(), m.node))
    one_group = len({m.group for m in shown}) == 1  # all topics: colour by community instead
    for i, m in enumerate(shown):
        angle = math.pi / 2 - 2 * math.pi * i / max(len(shown), 1)
        group = f"Community {m.community}" if one_group else m.group
        plan.nodes.append(_Node(m.node, _with_degree(m.label, m.degree, aggregated), group, math.cos(angle),
                                math.sin(angle)))
    if aggregated:
        plan.nodes.append(_Node(agg, f"{agg}\n({hidden.get(agg, 0)} links not drawn)", "", 0.0, 0.0,
                                aggregate=True, side="centre"))
        chosen = "in the most similar pairs" if by_pairs else "of highest betweenness"
        notes.insert(0, f"Drawn: the {len(shown)} {PLURAL.get(type_, type_)} {chosen} and the lines "
                        "between them; the others are the grey node in the middle. (n): a node's links in the whole "
                        "network.")
    plan.note = " ".join(notes)
    _mark_bold(plan, ranked, "the highest betweenness (who connects)")
    _sizes(plan.nodes, degree)
    return plan


def _strongest_pairs(graph: nx.Graph, ranked: list[NodeMetrics]) -> list[NodeMetrics]:
    """The nodes of the heaviest edges, heaviest first, until :data:`MAX_RING` of them."""
    row = {m.node: m for m in ranked}
    chosen: dict[str, NodeMetrics] = {}
    for u, v, _w in sorted(graph.edges(data="weight"), key=lambda e: (-e[2], min(e[0], e[1]), max(e[0], e[1]))):
        if len(chosen) + (u not in chosen) + (v not in chosen) > MAX_RING:
            break
        chosen.setdefault(u, row[u])
        chosen.setdefault(v, row[v])
    return list(chosen.values())


def _mark_bold(plan: _Plan, ranked: list[NodeMetrics], meaning: str) -> None:
    top = {m.node for m in ranked[:BOLD] if m.betweenness > 0}
    for n in plan.nodes:
        n.bold = n.id in top
    plan.bold = f"Bold: {meaning}." if any(n.bold for n in plan.nodes) else ""


def _colours(plan: _Plan) -> dict[str, str]:
    """Colour per group, in the groups' sorted order after "Partnership" (whose colour is kept for it even
    when absent, so an agency type has the same colour in every picture of the same data)."""
    groups = sorted({n.group for n in plan.nodes if not n.aggregate} - {"Partnership"},
                    key=lambda g: (g.endswith("not known"), g.casefold()))
    colours = {"Partnership": PALETTE[0]} if any(n.group == "Partnership" for n in plan.nodes) else {}
    colours.update({g: PALETTE[(i + 1) % len(PALETTE)] for i, g in enumerate(groups)})
    return colours


def _edge_text(graph: nx.Graph, u: str, v: str, weight: float) -> str:
    """What a drawn link is: the agencies or partnerships it stands for, else its weight."""
    attrs = graph.edges[u, v]
    via = attrs.get("agencies") if graph.graph.get("name") != "report-similarity" else None
    via = via or attrs.get("partnerships")
    if via:
        return _short(str(via))
    return f"{weight:.2f}" if not float(weight).is_integer() else f"{int(weight)}"


def render(graph: nx.Graph, metrics: list[NodeMetrics], summary: GraphSummary) -> tuple[Any, Any]:
    """The picture of ``graph``: a matplotlib Figure (Agg canvas, not saved) and the box in inches
    that holds all of it (title, labels, legend)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    kind = summary.graph
    two_sided = kind and any("bipartite" in a for _n, a in graph.nodes(data=True))
    plan = _plan_bipartite(graph, metrics) if two_sided else _plan_ring(graph, metrics)
    colours = _colours(plan)
    where = {n.id: n for n in plan.nodes}
    if two_sided:
        rows = max((-n.y for n in plan.nodes), default=1) + 0.5
        fig = Figure(figsize=(7.5, max(3.0, 0.25 * rows + 0.6)), dpi=110)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-rows, 0)
    else:
        fig = Figure(figsize=(7.5, 7.5), dpi=110)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-1.12, 1.12)
        ax.set_ylim(-1.12, 1.12)
        ax.set_aspect("equal")
    FigureCanvasAgg(fig)  # the Agg backend, without pyplot's global state
    ax.axis("off")
    real = [w for _u, _v, w in plan.edges]
    low, top = min(real, default=0.0), max(real, default=1.0)
    varied = top > low
    edges = sorted(plan.edges, key=lambda e: e[2])  # heaviest on top
    if edges:  # width and darkness from the lightest drawn edge (thin, pale) to the heaviest
        shares = [(w - low) / (top - low) if varied else 1.0 for _u, _v, w in edges]
        rgb = to_rgb("#4d4d4d")
        ax.add_collection(LineCollection([[(where[u].x, where[u].y), (where[v].x, where[v].y)] for u, v, _w in edges],
                                         linewidths=[0.6 + 3.4 * x if varied else 1.1 for x in shares],
                                         colors=[(*rgb, 0.3 + 0.5 * x if varied else 0.6) for x in shares],
                                         capstyle="round", zorder=1))
    if not two_sided and 0 < len(real) <= MAX_EDGE_LABELS:  # few links: say what each is
        for u, v, w in plan.edges:
            ax.text((where[u].x + where[v].x) / 2, (where[u].y + where[v].y) / 2, _edge_text(graph, u, v, w),
                    fontsize=FONT - 1, ha="center", va="center", color="#333333", zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    for marker in sorted({n.marker for n in plan.nodes}):
        group = [n for n in plan.nodes if n.marker == marker]
        ax.scatter([n.x for n in group], [n.y for n in group], s=[n.size for n in group], marker=marker,
                   c=[AGGREGATE if n.aggregate else colours[n.group] for n in group],
                   edgecolors="white", linewidths=0.8, zorder=4)
    labels = []
    for n in plan.nodes:
        weight = "bold" if n.bold else "normal"
        style = "italic" if n.aggregate else "normal"
        if n.side in ("left", "right"):
            dx = -0.025 if n.side == "left" else 0.025
            labels.append(ax.text(n.x + dx, n.y, n.label, ha="right" if n.side == "left" else "left",
                                  va="center", fontsize=FONT, fontweight=weight, fontstyle=style, clip_on=False))
        elif n.side == "centre":
            labels.append(ax.text(n.x, n.y - 0.09, n.label, ha="center", va="top", fontsize=FONT,
                                  fontstyle=style, zorder=5,
                                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"}))
        else:
            angle = math.atan2(n.y, n.x)
            right = n.x >= -1e-9
            labels.append(ax.text(1.07 * n.x, 1.07 * n.y, n.label, ha="left" if right else "right", va="center",
                                  rotation=math.degrees(angle) if right else math.degrees(angle) + 180,
                                  rotation_mode="anchor", fontsize=FONT, fontweight=weight, clip_on=False))
    bbox = _title_and_legend(fig, ax, kind, summary, plan, colours, labels, Line2D)
    return fig, bbox


def _title_and_legend(fig, ax, kind: str, summary: GraphSummary, plan: _Plan, colours: dict[str, str], labels,
                      line2d) -> Any:
    """The title and what the picture shows above the drawing, the legend below it, placed where the
    measured labels end; returns the box (inches) that holds everything."""
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels] + [ax.get_window_extent(renderer)]
    height = fig.bbox.height
    top = max(b.y1 for b in boxes) / height
    bottom = min(b.y0 for b in boxes) / height
    left = min(b.x0 for b in boxes) / fig.bbox.width
    counts = ", ".join(counted(n, t) for t, n in summary.types)
    weight = WEIGHTS.get(kind)
    lines = [f"{summary.description}.", f"{counts}; {shape(summary).split(', ', 1)[1]}."]
    last = " ".join(x for x in (f"Line width: {weight}." if weight else "", plan.bold) if x)
    if last:
        lines.append(last)
    if plan.note:
        lines.append(plan.note)
    fig.text(left, top + 0.012 * 7.5 / (height / fig.dpi), "\n".join(_wrap(line, 110) for line in lines),
             ha="left", va="bottom", fontsize=FONT, color="#333333")
    sub = fig.texts[-1]
    sub_top = sub.get_window_extent(renderer).y1 / height
    fig.text(left, sub_top + 0.006, TITLES.get(kind, kind), ha="left", va="bottom", fontsize=14, fontweight="bold")
    marker = {n.group: n.marker for n in plan.nodes}
    handles = [line2d([], [], marker=marker.get(g, "o"), linestyle="", markersize=8, markerfacecolor=c,
                      markeredgecolor="white", label=g) for g, c in colours.items()]
    if any(n.aggregate for n in plan.nodes):
        handles.append(line2d([], [], marker="o", linestyle="", markersize=8, markerfacecolor=AGGREGATE,
                              markeredgecolor="white", label="not drawn one by one (aggregated)"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(left, bottom - 0.01),
               ncol=max(1, min(3, len(handles))),
               frameon=False, fontsize=FONT, title="Colour", title_fontsize=FONT, alignment="left")
    return fig.get_tightbbox(renderer).padded(0.25)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def draw_graph(graph: nx.Graph, metrics: list[NodeMetrics], summary: GraphSummary, stem: Path) -> list[str]:
    """Write ``stem.png`` and ``stem.svg``; returns their names."""
    import matplotlib

    fig, bbox = render(graph, metrics, summary)
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}):
        fig.savefig(stem.with_suffix(".png"), format="png", bbox_inches=bbox, facecolor="white",
                    metadata={"Software": None})
        fig.savefig(stem.with_suffix(".svg"), format="svg", bbox_inches=bbox, facecolor="white",
                    metadata={"Date": None, "Creator": None})
    return [stem.name + ".png", stem.name + ".svg"]
