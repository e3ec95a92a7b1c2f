"""How alike two reports are, and why: a facet-averaged, IDF-weighted Jaccard similarity.

Each report is a weighted set of features in six facets (its core agencies, topics, themes,
methodologies, cited resources and region). A feature's weight in report ``r`` is

    w_r(f) = s_r(f) * idf(f),   idf(f) = ln(N / df(f))

with ``s`` = 1, except a topic the report makes its focus (1) or only mentions (0.5); ``N`` the number
of reports and ``df(f)`` how many of them have ``f``. A feature every report has (a theme all reports
reflect on) says nothing about which reports resemble each other and weighs 0; a rare shared one
(an agency two partnerships share) weighs most. Per facet ``k`` the weighted Jaccard index is

    J_k(a, b) = sum_f min(w_a(f), w_b(f)) / sum_f max(w_a(f), w_b(f))

and the score is the mean of ``J_k`` over the facets where ``a`` or ``b`` has a feature of weight > 0:

    similarity(a, b) = (1 / |K_ab|) * sum_{k in K_ab} J_k(a, b)

It is symmetric (min and max are), in [0, 1] (min <= max; 0 when nothing is shared, 1 for identical
features), and its reasons are the shared features of weight > 0, facet by facet. Pairs are found
through an inverted index (only reports that share a feature are compared), and the graph keeps, for
each report, its ``neighbours`` most similar others (an edge stays when it is among the top of either
end), so a 1,000-report collection gives a sparse graph whose strongest pairs are all there.
"""
from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from .read import FACETS, Feature

STRENGTH_WEIGHT = {"focus": 1.0, "mention": 0.5}
NEIGHBOURS = 5  # most similar others kept per report


@dataclass(frozen=True)
class Similarity:
    """A pair of reports, their score, and the shared features behind it: facet -> labels."""

    a: str
    b: str
    score: float
    reasons: dict[str, tuple[str, ...]]


def feature_weights(features: list[Feature], reports: list[str]) -> dict[str, dict[tuple[str, str], float]]:
    """report -> {(facet, feature): weight > 0}, as the module's docstring defines the weight."""
    have: dict[str, dict[tuple[str, str], float]] = {r: {} for r in reports}
    for f in features:
        if f.report in have:
            s = STRENGTH_WEIGHT.get(f.strength, 1.0) if f.facet == "topic" else 1.0
            key = (f.facet, f.feature)
            have[f.report][key] = max(have[f.report].get(key, 0.0), s)
    df: dict[tuple[str, str], int] = defaultdict(int)
    for vector in have.values():
        for key in vector:
            df[key] += 1
    n = len(reports)
    idf = {key: math.log(n / count) for key, count in df.items()}
    return {r: {k: s * idf[k] for k, s in sorted(vector.items()) if idf[k] > 0} for r, vector in have.items()}


def similarities(features: list[Feature], reports: list[str], labels: dict[tuple[str, str], str], *,
                 neighbours: int = NEIGHBOURS) -> list[Similarity]:
    """The pairs of ``reports`` kept in the similarity graph (each report's ``neighbours`` most similar
    others, score > 0), with their reasons (feature labels from ``labels``), best first."""
    order = sorted(reports)
    weights = feature_weights(features, order)
    vectors = [weights[r] for r in order]
    facet_of = {k: FACETS.index(k) for k in FACETS}
    totals = [[0.0] * len(FACETS) for _ in order]
    postings: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for key, w in vector.items():
            totals[i][facet_of[key[0]]] += w
            postings[key].append((i, w))  # in report order: i grows
    starts = {key: [i for i, _ in plist] for key, plist in postings.items()}
    best: list[list[tuple[float, int]]] = [[] for _ in order]  # per report: a heap of (score, -other)
    for i, vector in enumerate(vectors):
        shared: dict[int, list[float]] = {}
        for key, wa in vector.items():
            fi = facet_of[key[0]]
            plist = postings[key]
            for j, wb in plist[bisect_right(starts[key], i):]:
                acc = shared.get(j)
                if acc is None:
                    acc = shared[j] = [0.0] * len(FACETS)
                acc[fi] += wa if wa < wb else wb
        ti = totals[i]
        for j, mins in shared.items():
            tj = totals[j]
            total, facets = 0.0, 0
            for k in range(len(FACETS)):
                union = ti[k] + tj[k] - mins[k]
                if ti[k] > 0 or tj[k] > 0:
                    facets += 1
                    total += min(1.0, mins[k] / union) if union > 0 else 0.0
            score = round(total / facets, 6) if facets else 0.0
            if score <= 0:
                continue
            for me, other in ((i, j), (j, i)):
                item = (score, -other)
                if len(best[me]) < neighbours:
                    heapq.heappush(best[me], item)
                elif item > best[me][0]:
                    heapq.heapreplace(best[me], item)
    kept = {(min(me, -neg), max(me, -neg)): score for me, heap in enumerate(best) for score, neg in heap}
    pairs = [Similarity(order[i], order[j], score, _reasons(vectors[i], vectors[j], labels))
             for (i, j), score in kept.items()]
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))


def _reasons(a: dict[tuple[str, str], float], b: dict[tuple[str, str], float],
             labels: dict[tuple[str, str], str]) -> dict[str, tuple[str, ...]]:
    shared: dict[str, list[str]] = defaultdict(list)
    for key in a.keys() & b.keys():
        shared[key[0]].append(labels.get(key, key[1]))
    return {facet: tuple(sorted(shared[facet], key=str.casefold)) for facet in FACETS if shared.get(facet)}
