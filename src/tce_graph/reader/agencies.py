"""Core partner agencies: the details table's agency list split into organisations, each with its type
and (for a council's departments) its parent."""
from __future__ import annotations

from ..model import Agency, ReportWarning, Span
from .patterns import (
    ABBREVIATION,
    AGENCY_BULLET,
    AGENCY_LIST_PIECE,
    HEALTH_BODY_END,
    KNOWN_OTHER,
    LEADING_AND,
    NEWLINE,
    NHS_START,
    NON_SPACE_RUN,
    WORD,
)
from .places import POLICE_FORCES
from .text import fold, strip_markup
from .units import Unit

# ---------------------------------------------------------------- agencies

# Words that end an organisation's name ("heads"); a name runs on while the next word is a head too
# ("NHS Partnership Trust") or a connector ("Health and Social Care Partnership").
HEADS = {
    "council", "police", "constabulary", "ccg", "icb", "ics", "trust", "partnership", "partnerships",
    "board", "society", "housing", "homes", "service", "services", "unit", "hub", "team", "college",
    "university", "school", "schools", "academy", "health", "education", "care", "commissioner",
    "authority", "group", "charity", "network", "alliance", "agency", "office", "company", "ltd",
    "limited", "cic", "probation", "nspcc", "barnardo's", "barnardos", "catch22", "ymca",
    "justice", "fire", "rescue", "ambulance", "hospital", "hospitals", "practice", "commission", "project",
}


STRONG_HEADS = {"council", "police", "constabulary", "ccg", "icb", "trust", "society", "board", "partnership",
                "nspcc", "barnardo's", "catch22", "ymca"}  # "X Council and Y Police" is two names


STANDALONE = {"nspcc", "barnardo's", "barnardos", "catch22", "ymca"}  # whole names, never a continuation


CONNECTORS = {"and", "of", "for", "&", "the", "in", "on", "upon", "with"}


DEPARTMENTS = {
    "children's services", "childrens services", "children's social care", "children's social work",
    "public health", "education", "adult services", "adults services", "adult social care",
    "early help", "youth justice", "youth justice service", "youth offending service",
    "youth offending team", "community safety", "housing", "social care", "social services",
    "children and families", "family support", "commissioning", "legal services", "licensing",
    "trading standards", "youth service", "youth services", "education services",
}


VOLUNTARY = {"barnardo's", "barnardos", "nspcc", "the children's society", "catch22", "st giles trust",
             "action for children", "victim support", "ymca", "safer london", "the prince's trust",
             "missing people", "pace", "children's society"}


_POLICE = sorted((f.split() for f in POLICE_FORCES), key=len, reverse=True)


def agency_type(name: str) -> str:
    f = fold(name)
    words = set(WORD.findall(f))
    if f in VOLUNTARY or any(v in f for v in ("barnardo", "nspcc", "children's society", "catch22")):
        return "voluntary-community"
    if words & {"police", "constabulary"} or "police and crime" in f:
        return "police"
    if words & {"ccg", "icb"} or "clinical commissioning" in f or "integrated care board" in f:
        return "health-commissioner"
    if "nhs" in words or "foundation trust" in f or words & {"hospital", "hospitals"}:
        return "nhs-trust"
    if "children's trust" in f or "childrens trust" in f or "for children" in f or "children first" in f \
            or "children's services trust" in f or "children's services company" in f:
        return "childrens-services-trust"
    if (words & {"partnership", "partnerships", "board"}) and (
            words & {"safeguarding", "safety", "exploitation", "children's", "adults", "adult"}):
        return "partnership-board"
    if words & {"council", "borough"} or "county council" in f or "combined authority" in f:
        return "local-authority"
    if f in DEPARTMENTS:
        return "council-department"
    if words & {"housing", "homes"}:
        return "housing"
    if words & {"school", "schools", "college", "academy", "university", "education"}:
        return "education"
    voluntary = {"charity", "society", "cic", "foundation", "ymca", "project", "projects"}
    if words & voluntary or "voluntary" in f or "community interest" in f:
        return "voluntary-community"
    if words & {"partnership", "board"}:
        return "partnership-board"
    return "other"


def split_agencies(unit: Unit, warnings: list[ReportWarning]) -> list[Agency]:
    """Core partner agencies: explicit separators first, then run-together names by their heads."""
    text = unit.text
    agencies: list[Agency] = []
    parent: str | None = None
    cursor = 0
    for chunk, cstart in _chunks(text, 0):
        for name, _start in _segment(chunk, cstart):
            kind = agency_type(name)
            first, last = _locate(text, name, cursor)
            cursor = last
            span = Span(unit.at(first), unit.at(last - 1) + 1, unit.line)
            if kind == "local-authority":
                parent = name
            elif kind == "council-department" and parent is None:
                kind = "other"
            agencies.append(Agency(name=name, type=kind, span=span,
                                   parent=parent if kind == "council-department" else None))
            if kind == "other" and not KNOWN_OTHER.search(name):
                warnings.append(ReportWarning(f"could not tell what kind of organisation '{name}' is; typed as 'other'",
                                               unit.line, fix="write the agency's full name ('Kent Police', "
                                               "'Walsall Council', 'NHS Birmingham and Solihull CCG') in the core "
                                               "partner agencies row"))
    return agencies


def _locate(text: str, name: str, cursor: int) -> tuple[int, int]:
    """Where a name (as cleaned) lies in the raw value: from its first word to the end of its last,
    searching on from ``cursor``; markup and line breaks inside the name are skipped over."""
    words = name.split()
    fs = text.find(words[0], cursor)
    if fs < 0:
        fs = cursor
    le = text.find(words[-1], fs + (len(words[0]) if len(words) > 1 else 0))
    end = le + len(words[-1]) if le >= 0 else min(len(text), fs + len(name))
    return fs, max(end, fs + 1)


def _unwrap(text: str) -> str:
    """Line breaks inside a value: a separator after a name's last word ('... Council' / next name)
    or before a bullet; otherwise a wrapped line ('Southampton City' / 'Council and ...'), read as a
    space. The text keeps its length, so offsets still point into the source."""
    out = list(text)
    for m in NEWLINE.finditer(text):
        before = WORD.findall(fold(text[:m.start()]))
        after_line = text[m.end():].split("\n", 1)[0]
        after = WORD.findall(fold(after_line))
        if AGENCY_BULLET.match(after_line) or not before:
            continue
        if after_line.lstrip().startswith("("):  # "(NELC)" on the line after its name
            out[m.start()] = " "
            continue
        lone_head = 0 < len(after) <= 2 and all(w in HEADS or w in CONNECTORS for w in after)
        if before[-1] not in HEADS or lone_head or (after and after[0] in CONNECTORS):
            out[m.start()] = " "
    return "".join(out)


def _chunks(text: str, start: int) -> list[tuple[str, int]]:
    text = _unwrap(text)
    pieces = [(m.group(0), m.start()) for m in AGENCY_LIST_PIECE.finditer(text)]
    pieces = _join_place_lists(text, pieces)
    out = []
    for piece, pos in pieces:
        s = AGENCY_BULLET.sub("", piece.strip())
        s = LEADING_AND.sub("", s)
        s = strip_markup(s).strip(" .")
        s = ABBREVIATION.sub("", s).strip(" .")  # "Staffordshire Police (SP)", "Wakefield Council (the Council)"
        if s:
            out.append((s, start + pos + piece.find(s[:3]) if s[:3] in piece else start + pos))
    return out


def _join_place_lists(text: str, pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """'NHS Bristol, North Somerset and South Gloucestershire ICB' is one body whose name lists places:
    a piece that opens with 'NHS' and ends in no organisational word runs on to the commissioner or
    trust that closes the list, if one does within the next few pieces."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(pieces):
        piece, pos = pieces[i]
        end = _place_list_end(text, pieces, i)
        if end is None:
            out.append((piece, pos))
            i += 1
        else:
            last, lpos = pieces[end]
            out.append((text[pos:lpos + len(last)], pos))
            i = end + 1
    return out


def _place_list_end(text: str, pieces: list[tuple[str, int]], i: int) -> int | None:
    piece, pos = pieces[i]
    words = WORD.findall(fold(strip_markup(piece)))
    if words[:1] != ["nhs"] or not words or words[-1] in HEADS or text[pos + len(piece):pos + len(piece) + 1] != ",":
        return None
    for j in range(i + 1, min(i + 4, len(pieces))):
        nxt = strip_markup(pieces[j][0])
        if NHS_START.match(nxt):
            return None
        if HEALTH_BODY_END.search(nxt):
            return j
        if any(w in HEADS for w in WORD.findall(fold(nxt))):
            return None
    return None


def _segment(chunk: str, start: int) -> list[tuple[str, int]]:
    tokens = [(m.group(0), m.start()) for m in NON_SPACE_RUN.finditer(chunk)]
    names: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    skip = False
    for i, (tok, pos) in enumerate(tokens):
        if skip:  # the "and" between two names
            skip = False
            continue
        current.append((tok, pos))
        low = fold(tok).strip(".,")
        nxt = fold(tokens[i + 1][0]).strip(".,") if i + 1 < len(tokens) else None
        after = tokens[i + 2][0] if i + 2 < len(tokens) else ""
        if low in STRONG_HEADS and nxt in ("and", "&") and after[:1].isupper() \
                and not (low == "police" and fold(after) == "crime"):
            names.append(current)
            current = []
            skip = True
            continue
        if low in HEADS and nxt in ("nhs", "foundation") and any(
                fold(t).strip(".,") == "trust" for t, _ in tokens[i + 2:i + 4]):
            continue  # "Leeds Teaching Hospitals NHS Trust", "... Hospitals NHS Foundation Trust"
        if low in HEADS and nxt is not None and (nxt not in HEADS or nxt in STANDALONE) and nxt not in CONNECTORS \
                and tokens[i + 1][0][:1].isupper() and not (low in ("health", "care", "education") and nxt in ("&",)):
            names.append(current)
            current = []
    if current:
        names.append(current)
    if len(names) > 1 and len(names[-1]) == 1 and fold(names[-1][0][0]) not in HEADS | STANDALONE \
            and fold(names[-2][-1][0]) in STANDALONE:
        names[-2:] = [names[-2] + names[-1]]  # "YMCA Hertfordshire" is one name
    names = [part for words in names for part in _split_departments(words)]
    out: list[list[tuple[str, int]]] = []
    for words in names:
        out.extend(_split_police(words))
    return [(chunk[w[0][1]: w[-1][1] + len(w[-1][0])], start + w[0][1]) for w in out]


def _split_departments(words: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """'Wakefield Council – Children's Services' and 'Youth Justice Service and Early Help': a council
    and its departments, or two departments, are separate agencies."""
    low = [fold(w).strip(".,") for w, _ in words]
    for i, w in enumerate(low):
        if w in ("–", "—", "-") and 0 < i < len(low) - 1 and low[i - 1] in ("council", "borough"):
            return [words[:i], *_split_departments(words[i + 1:])]
        if w in ("and", "&") and " ".join(low[:i]) in DEPARTMENTS and " ".join(low[i + 1:]) in DEPARTMENTS:
            return [words[:i], words[i + 1:]]
    return [words]


def _split_police(words: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """'Education Avon and Somerset Police' -> 'Education' + 'Avon and Somerset Police'."""
    low = [fold(w) for w, _ in words]
    if low[-1] not in ("police", "constabulary") or len(words) < 2:
        return [words]
    body = low[:-1]
    for force in _POLICE:
        f = [fold(x) for x in force]
        if len(f) <= len(body) and body[-len(f):] == f:
            cut = len(body) - len(f)
            return [words[:cut], words[cut:]] if cut else [words]
    return [words]
