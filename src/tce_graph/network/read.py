"""What the networks are made of, read through the store interface with the stage's own saved queries
(``network/queries/*.rq``), so the embedded store, an RDF file and a remote endpoint give the same rows.

The rows come back as plain records (no rdflib terms), sorted, so every graph built from them is
built in the same order whatever the backend."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib.term import Node

from ..errors import InputError
from ..query.saved import SavedQuery, load_query
from ..stores.base import Store

QUERIES = Path(__file__).resolve().parent / "queries"

FACETS = ("agency", "topic", "theme", "methodology", "resource", "region")
"""The kinds of feature a report's project has, as ``report-features.rq`` names them."""

R = TypeVar("R")

STRENGTHS = {"https://w3id.org/tce-graph/def/strength/focus": "focus",
             "https://w3id.org/tce-graph/def/strength/mention": "mention"}


@dataclass(frozen=True, order=True)
class Member:
    """A core partner agency of a partnership (``org:hasMember``)."""

    partnership: str
    partnership_label: str
    agency: str
    agency_label: str
    agency_type: str = ""  # the agency type's label; empty when the reader could not tell it


@dataclass(frozen=True, order=True)
class ReportInfo:
    """A learning report, the partnership whose project it reports, its region and start month."""

    report: str
    partnership: str
    partnership_label: str
    region: str = ""
    region_label: str = ""
    commenced: str = ""


@dataclass(frozen=True, order=True)
class Feature:
    """Something a report's project has: an agency, a topic (with its strength), a theme, a
    methodology, a cited resource or its region."""

    report: str
    facet: str
    feature: str
    label: str
    strength: str = ""  # topics: focus or mention
    url: str = ""  # resources: the URL, when the report kept it


@dataclass
class NetworkData:
    members: list[Member] = field(default_factory=list)
    reports: list[ReportInfo] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)


def network_query(name: str) -> SavedQuery:
    """One of the network stage's saved queries (``partnership-members``, ``report-partnerships``,
    ``report-features``)."""
    return load_query(QUERIES / f"{name}.rq")


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


def _select(store: Store, name: str) -> list[dict[str, str]]:
    result = store.select(network_query(name).text)
    return [{k: _text(v) for k, v in row.items()} for row in result.rows]


def read_network_data(store: Store) -> NetworkData:
    """The rows every network is built from. A store that is empty, or holds no partnership with
    members, is an :class:`InputError` (nothing to analyse)."""
    if not store.ask("ASK { ?s ?p ?o }"):
        raise InputError("the store is empty; expected the graph `tce-graph build` writes (run it first, "
                         "or name the store with --store, --data or --endpoint)", file=store.name)
    members = sorted({Member(r["partnership"], r["partnershipLabel"], r["agency"], r["agencyLabel"],
                             r["agencyType"]) for r in _select(store, "partnership-members")})
    if not members:
        raise InputError("the store holds no partnerships with core partner agencies "
                         "(org:OrganizationalCollaboration org:hasMember ...); expected the graph of learning "
                         "reports that `tce-graph build` writes", file=store.name)
    reports = sorted({ReportInfo(r["report"], r["partnership"], r["partnershipLabel"], r["region"],
                                 r["regionLabel"], r["commenced"]) for r in _select(store, "report-partnerships")})
    features = sorted({Feature(r["report"], r["facet"], r["feature"], r["featureLabel"],
                               STRENGTHS.get(r["strength"], ""), r["url"]) for r in _select(store, "report-features")
                       if r["facet"] in FACETS})
    return NetworkData(_first(members, lambda m: (m.partnership, m.agency)), _first(reports, lambda r: r.report),
                       features)


def _first(rows: list[R], key: Callable[[R], object]) -> list[R]:
    """The first row (in sorted order) of each key: a node with two labels or types keeps one."""
    seen: set[object] = set()
    out = []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out
