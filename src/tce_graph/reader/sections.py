"""Units -> sections: the labels of the details table, the report's sections and the sign-off block,
and the grouping of units under them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .labels import DETAIL_KEYS, SECTION_KEYS, SIGNOFF_KEYS, match_label
from .units import Unit


@dataclass
class Sections:
    details: dict[str, Unit]
    bodies: dict[str, list[Unit]]
    headings: dict[str, Unit]
    footnotes: list[Unit]
    signoff: list[Unit]
    order: list[str]
    second_report: Unit | None = None  # where a second report's details table starts (a file holding two)


# ---------------------------------------------------------------- sections


def sectionize(units: list[Unit]) -> Sections:
    details: dict[str, Unit] = {}
    bodies: dict[str, list[Unit]] = {}
    headings: dict[str, Unit] = {}
    footnotes: list[Unit] = []
    signoff: list[Unit] = []
    order: list[str] = []
    current = "preamble"
    later: dict[str, Unit] = {}  # details rows after the report's sections began: another report's table
    second: Unit | None = None
    for u in units:
        if u.kind == "footnote":
            footnotes.append(u)
            continue
        key = u.key if u.kind in ("heading", "field") else None
        if u.kind == "item" and match_label(u.text) == "for_local":
            continue
        if key in ("for_local", "joining_intro"):
            if key == "joining_intro":
                bodies.setdefault("joining", []).append(u)
            continue
        if key in SIGNOFF_KEYS + ("tick",):
            current = "signoff"
            headings.setdefault("signoff", u)
            if key != "tick":
                signoff.append(u)
            if "signoff" not in order:
                order.append("signoff")
            continue
        if key == "details" and "details" in headings and len(order) > 1 and second is None:
            second = u  # a second "Details of Bespoke Support Project" heading after the first report's sections
        if key == "details":
            current = "details"
            headings["details"] = u
            order.append("details")
            continue
        if key in DETAIL_KEYS and current in ("preamble", "details"):
            current = "details"
            if u.kind == "heading":  # a row label with no value at all: the row counts as missing
                continue
            details.setdefault(key, u)
            continue
        if key in SECTION_KEYS and key not in headings:
            current = key
            headings[key] = u
            order.append(key)
            bodies.setdefault(key, [])
            if u.kind == "field":  # label and first content on one row
                bodies[key].append(Unit("para", u.text, u.start, u.end, u.line))
            continue
        if key in ("partnership", "agencies") and u.kind == "field" and current not in ("preamble", "details"):
            later.setdefault(key, u)
        if current == "signoff":
            signoff.append(u)
        else:
            bodies.setdefault(current, []).append(u)
    if second is None and len(later) == 2:
        second = later["partnership"]
    return Sections(details, bodies, headings, footnotes, signoff, order, second)
