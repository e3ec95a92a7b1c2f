"""Which node each body and person a report names is: one node for one body within a report.

A report often names one body in more than one way. The reader keeps the words as written; this
module decides, per report, which names are the same body, and so which IRI and labels each gets:

* **the same words in another order**: "Safeguarding Children Partnership" and "Birmingham Children's
  Safeguarding Partnership" (the partnership's own place name, possessives and little words aside; at
  least two words beside the place, and never two places: "North Somerset Council" and "South
  Gloucestershire Council" of one partnership stay two);
* **a governance noun added**: "One Reading" and "One Reading Board" (Board, Partnership);
* **a description and a name**: a body the report first introduces with "a" or "an" ("the
  development of a Contextual Safeguarding Hub") is the one body of the report that has the same head
  noun and a name of its own ("the EMPOWERU Hub"), if there is exactly one; a generic name ("the
  established Multi Agency Safeguarding Hub") is not such a name.

Each group becomes one node named by its name of its own (not a description), the longest (the most
specific) first, the others its
``skos:altLabel``. A name that says what a body is but not which ("CCG", "Education") is qualified by
whose it is, in its IRI (as before) and in its label: "CCG (Birmingham)", and a council department is
an ``org:OrganizationalUnit`` of its council labelled "Somerset County Council – Education".

People: a signatory for the TCE programme is one person across reports (the programme is one
organisation, and its leads sign many reports); a local area's signatory is known only within its
partnership, so the same name in two partnerships is two nodes (``person/<partnership>--<name>``).
"""
from __future__ import annotations

import re

from ..model import Report
from ..reader.text import fold, slugify

LITTLE = {"the", "and", "of", "for", "&", "a", "an"}
GOVERNANCE = ("board", "partnership", "partnerships")
DETERMINERS = {"a", "an", "the", "this", "that", "these", "their", "its", "our", "his", "her", "each", "every"}
INDEFINITE = {"a", "an"}
LOOK_BACK = 4  # words before a name in which its determiner is looked for
_WORD = re.compile(r"[\w'’&-]+")


def _words(name: str) -> list[str]:
    return [w.replace("’", "'").removesuffix("'s").strip("'") for w in _WORD.findall(fold(name))]


def _key(name: str, place: set[str]) -> frozenset[str]:
    return frozenset(w for w in _words(name) if w not in LITTLE and w not in place)


def _determiner(text: str, start: int) -> str | None:
    """The determiner nearest before ``start`` within a few words of the same sentence, or None."""
    before = text[max(0, start - 80):start]
    before = re.split(r"[.;:!?()\[\]\n]", before)[-1]
    for word in reversed(_WORD.findall(before.lower())[-LOOK_BACK:]):
        if word in DETERMINERS:
            return word
    return None


class Bodies:
    """The organisations of one report, each resolved to the name of the node it is (linear in the
    number of names: groups are found through indexes, not by comparing every pair)."""

    def __init__(self, report: Report, is_generic):
        place = set(_words(report.partnership))
        names: list[str] = [a.name for a in report.agencies] + [la.council for la in report.authorities]
        mentions = [m for m in report.mentions if m.kind != "programme"]
        names.extend(m.name for m in mentions)
        unique = list(dict.fromkeys(names))  # report order: core agencies, councils, then mentions
        self._parent: dict[str, str] = {n: n for n in unique}
        by_key: dict[frozenset, dict[frozenset, list[str]]] = {}  # words -> the place words with them -> names
        by_words: dict[tuple, str] = {}
        for n in unique:
            words = tuple(_words(n))
            key = _key(n, place)
            if len(key) > 1:  # one word left ("Council") says too little
                by_key.setdefault(key, {}).setdefault(frozenset(w for w in words if w in place), []).append(n)
            by_words.setdefault(words, n)
        for places in by_key.values():  # the same words in any order, with the same place or none
            named = [p for p in places if p]
            for p, group in places.items():
                if p or len(named) <= 1:
                    for n in group + (places.get(frozenset(), []) if p and len(named) == 1 else []):
                        self._union(group[0], n)
        for n in unique:
            words = tuple(_words(n))
            if len(words) > 1 and words[-1] in GOVERNANCE and words[:-1] in by_words:
                self._union(by_words[words[:-1]], n)  # "One Reading" and "One Reading Board"
        text = report.source.text
        described = {m.name for m in mentions if m.spans
                     and _determiner(text, min(s.start for s in m.spans)) in INDEFINITE}
        heads: dict[str, list[str]] = {}
        for n in unique:
            head = _words(n)[-1:]
            if head and n not in described and not is_generic(n):
                heads.setdefault(head[0], []).append(n)
        for d in sorted(described):
            roots = set()
            for n in heads.get((_words(d) or [""])[-1], ()):
                if self._find(n) != self._find(d):
                    roots.add(self._find(n))
                    if len(roots) > 1:
                        break
            if len(roots) == 1:
                self._union(roots.pop(), d)  # "a Contextual Safeguarding Hub" is "the EMPOWERU Hub"
        groups: dict[str, list[str]] = {}
        for n in unique:
            groups.setdefault(self._find(n), []).append(n)
        self._canonical: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = {}
        for members in groups.values():  # the name of its own before a description, then the longest
            keep = max(members, key=lambda n: (n not in described, len(_words(n)), len(n), n))
            for n in members:
                self._canonical[n] = keep
            self._aliases[keep] = sorted(n for n in members if n != keep)

    def _find(self, name: str) -> str:
        root = name
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[name] != root:  # path compression
            self._parent[name], name = root, self._parent[name]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[rb] = ra

    def canonical(self, name: str) -> str:
        """The name of the node ``name`` is (itself when it is no other's)."""
        return self._canonical.get(name, name)

    def aliases(self, name: str) -> list[str]:
        """The other names of the node named ``name`` (its canonical name), sorted."""
        return self._aliases.get(name, [])


def person_slug(name: str, side: str | None, partnership: str) -> str:
    """The last segment of a signatory's IRI: the name alone for the TCE programme's people, the name
    within the partnership for a local area's."""
    own = slugify(name)
    return own if side == "tce-lead" else f"{slugify(partnership)}--{own}"


def qualified(name: str, whose: str, *, department: bool) -> str:
    """A label that says whose a generic body is: "Somerset County Council – Education", "CCG (Birmingham)"."""
    return f"{whose} – {name}" if department else f"{name} ({whose})"


__all__ = ["Bodies", "person_slug", "qualified"]
