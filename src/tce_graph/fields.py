"""Sections -> typed fields: each function reads one kind of value and keeps its source span."""
from __future__ import annotations

import re
from datetime import date

from .gazetteer import AMBIGUOUS_REGIONS, POLICE_FORCES, REGION_ALIASES, REGIONS, region_for_place
from .model import Agency, Item, Methodology, Region, Signature, Span, ThemeReflection, Warning
from .sections import ITEM_MARKER, Unit
from .text import drop_footnote_markers, ends_sentence, fold, slugify, strip_markup

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
# public services with no type of their own in the agency scheme: typed 'other' without a warning
KNOWN_OTHER = re.compile(r"\b(fire|rescue|probation|ambulance|prisons?|courts?|coroners?|magistrates|dwp|"
                         r"jobcentre|border force|national crime agency|crown prosecution)\b", re.I)
_POLICE = sorted((f.split() for f in POLICE_FORCES), key=len, reverse=True)


def agency_type(name: str) -> str:
    f = fold(name)
    words = set(re.findall(r"[\w']+", f))
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
    if words & {"charity", "society", "cic", "foundation", "ymca", "project", "projects"} or "voluntary" in f or "community interest" in f:
        return "voluntary-community"
    if words & {"partnership", "board"}:
        return "partnership-board"
    return "other"


def split_agencies(unit: Unit, warnings: list[Warning]) -> list[Agency]:
    """Core partner agencies: explicit separators first, then run-together names by their heads."""
    text = unit.text
    agencies: list[Agency] = []
    parent: str | None = None
    cursor = 0
    for chunk, cstart in _chunks(text, 0):
        for name, nstart in _segment(chunk, cstart):
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
                warnings.append(Warning(f"could not tell what kind of organisation '{name}' is; typed as 'other'",
                                        unit.line))
    return agencies


HEALTH_BODY_END = re.compile(r"\b(?:ICB|CCG|ICS|Integrated Care (?:Board|System)|Clinical Commissioning Group|"
                             r"(?:NHS )?(?:Foundation )?Trust)\W*$", re.I)


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


BULLET = re.compile(r"^\s*(?:[-•●▪◦‣*\uf0b7\uf0a7]|\d{1,2}[.)]|o(?=\s))\s+")


ABBREVIATION = re.compile(r"\s*\((?:the\s+)?[A-Za-z&'’.]{1,12}(?:\s+[A-Za-z&'’.]{1,12}){0,1}\)$")


def _unwrap(text: str) -> str:
    """Line breaks inside a value: a separator after a name's last word ('... Council' / next name)
    or before a bullet; otherwise a wrapped line ('Southampton City' / 'Council and ...'), read as a
    space. The text keeps its length, so offsets still point into the source."""
    out = list(text)
    for m in re.finditer(r"\n", text):
        before = re.findall(r"[\w']+", fold(text[:m.start()]))
        after_line = text[m.end():].split("\n", 1)[0]
        after = re.findall(r"[\w']+", fold(after_line))
        if BULLET.match(after_line) or not before:
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
    pieces = [(m.group(0), m.start()) for m in re.finditer(r"[^,;/|\n]+", text)]
    pieces = _join_place_lists(text, pieces)
    out = []
    for piece, pos in pieces:
        s = BULLET.sub("", piece.strip())
        s = re.sub(r"^(and|&)\s+", "", s)
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
    words = re.findall(r"[\w']+", fold(strip_markup(piece)))
    if words[:1] != ["nhs"] or not words or words[-1] in HEADS or text[pos + len(piece):pos + len(piece) + 1] != ",":
        return None
    for j in range(i + 1, min(i + 4, len(pieces))):
        nxt = strip_markup(pieces[j][0])
        if re.match(r"\s*(?:and\s+)?NHS\b", nxt):
            return None
        if HEALTH_BODY_END.search(nxt):
            return j
        if any(w in HEADS for w in re.findall(r"[\w']+", fold(nxt))):
            return None
    return None


def _segment(chunk: str, start: int) -> list[tuple[str, int]]:
    tokens = [(m.group(0), m.start()) for m in re.finditer(r"\S+", chunk)]
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
    out: list[tuple[str, int]] = []
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


# ---------------------------------------------------------------- numbers, places, dates

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}


def local_authorities(unit: Unit, warnings: list[Warning]) -> tuple[int | None, list[str]]:
    """'1', 'One', 'Walsall Council', 'Two: Bath and North East Somerset, Bristol' -> (count, names)."""
    text = " ".join(strip_markup(unit.text).split())
    m = re.match(r"^\s*(\d+|[A-Za-z]+)\b\s*[:(\-–]?\s*(.*?)\)?\s*$", text)
    count: int | None = None
    rest = text
    if m and (m.group(1).isdigit() or m.group(1).lower() in NUMBER_WORDS):
        count = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1).lower()]
        rest = m.group(2)
    # split on separators, and on "and" only after a council's name ("Bath and North East Somerset" is one)
    names = [n.strip(" .") for n in re.split(r"\s*[,;/]\s*|(?:(?<=Council)|(?<=Borough)|(?<=Authority))\s+(?:and|&)\s+", rest)
             if n.strip(" .")] if rest else []
    if count is not None and len(names) == count - 1 and names and " and " in names[-1]:
        head, _, tail = names[-1].rpartition(" and ")  # "Portsmouth, Southampton and Isle of Wight"
        names[-1:] = [head.strip(), tail.strip()]
    if count is None:
        if names:
            count = len(names)
        else:
            warnings.append(Warning(f"number of local authority areas '{text}' is neither a number nor named "
                                    "authorities", unit.line))
    elif names and len(names) != count:
        warnings.append(Warning(f"{count} local authority areas stated but {len(names)} named", unit.line))
    if count is not None and count < 1:
        warnings.append(Warning(f"number of local authority areas is {count}; expected at least 1", unit.line))
    return count, names


def region(unit: Unit, context: str, warnings: list[Warning]) -> Region:
    stated = " ".join(strip_markup(unit.text).split()).strip(" .")
    slug, key = None, fold(stated)
    for key in _region_keys(stated):
        slug = REGION_ALIASES.get(key)
        if slug or key in AMBIGUOUS_REGIONS:
            break
    if slug is None and key in AMBIGUOUS_REGIONS:
        guess = region_for_place(context)
        if guess in AMBIGUOUS_REGIONS[key]:
            slug = guess
            warnings.append(Warning(f"region '{stated}' is not one of the nine English regions; "
                                    f"read as {REGIONS[slug][0]} from the partnership's place", unit.line))
    if slug is None:
        slug = region_for_place(stated)
    if slug is None:
        warnings.append(Warning(f"region '{stated}' is not one of the nine English regions "
                                f"({', '.join(n for n, _ in REGIONS.values())})", unit.line))
        return Region(stated=stated, name=None, gss=None, slug=None)
    name, gss = REGIONS[slug]
    return Region(stated=stated, name=name, gss=gss, slug=slug)


def _region_keys(stated: str) -> list[str]:
    """'East of England' first as written, then 'The North West region of England' -> 'north west'."""
    full = re.sub(r"[^\w&' ]+", " ", fold(stated))
    full = re.sub(r"\s+", " ", full).strip()
    keys = [full]
    bare = re.sub(r"^the ", "", full)
    bare = re.sub(r"\s*\bregion\b\s*", " ", bare).strip()
    keys.append(bare)
    keys.append(re.sub(r"\s*\b(?:of |in )?england$", "", bare).strip())
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def parse_date(text: str) -> date | None:
    """'22.03.2021', '22/03/21', '07th July 2021', '2021-03-22', 'July 7, 2021' -> date."""
    t = fold(strip_markup(text)).strip(" .")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2}|\d{4})", t):
            return date(_year(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+),?\s+(\d{4})", t):
            if m[2] in MONTHS:
                return date(int(m[3]), MONTHS[m[2]], int(m[1]))
        if m := re.fullmatch(r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", t):
            if m[1] in MONTHS:
                return date(int(m[3]), MONTHS[m[1]], int(m[2]))
    except ValueError:
        return None
    return None


def parse_year_month(text: str) -> str | None:
    t = fold(text).strip(" .,")
    if m := re.fullmatch(r"([a-z]+)\.?,?\s+(\d{4})", t):
        if m[1] in MONTHS:
            return f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}"
    if m := re.fullmatch(r"([a-z]+)\.?\s*[-/ ]\s*['’]?(\d{2})|([a-z]+)\.?\s*['’](\d{2})", t):
        month, yy = (m[1], m[2]) if m[1] else (m[3], m[4])  # "Sep-21", "Nov 21", "September '21"
        if month in MONTHS:
            return f"{2000 + int(yy):04d}-{MONTHS[month]:02d}"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        return f"{int(m[1]):04d}-{int(m[2]):02d}" if 1 <= int(m[2]) <= 12 else None
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{4})", t):
        return f"{int(m[2]):04d}-{int(m[1]):02d}" if 1 <= int(m[1]) <= 12 else None
    d = parse_date(text)
    return f"{d.year:04d}-{d.month:02d}" if d else None


MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+(\d{4})\b")
OPEN_ENDED = {"ongoing", "on-going", "present", "date", "to date", "now", "continuing", "tbc", "tbd"}


def project_dates(unit: Unit, warnings: list[Warning]) -> tuple[str | None, str | None]:
    """'June 2020' -> ('2020-06', None); 'August 2019 – April 2020' -> ('2019-08', '2020-04')."""
    text = " ".join(strip_markup(unit.text).split())
    parts = [p for p in re.split(r"\s+(?:[-–—]|to|until)\s+|\s*[–—]\s*", text) if p.strip()]
    values = [parse_year_month(p) for p in parts[:2]]
    if len(values) == 2 and values[0] is None and values[1] is not None \
            and (month := MONTHS.get(fold(parts[0]).strip(" .,"))):  # "Jan–Jun 2023", "November - March 2022"
        year = int(values[1][:4]) - (1 if month > int(values[1][5:]) else 0)
        values[0] = f"{year:04d}-{month:02d}"
    if not values or values[0] is None:  # "w/c 3rd May 2021", "2021/22 (October 2021 - March 2022)"
        found = [f"{int(y):04d}-{MONTHS[mo]:02d}" for mo, y in MONTH_YEAR.findall(fold(text)) if mo in MONTHS]
        if found:
            return found[0], (found[1] if len(found) > 1 else None)
    if not values or values[0] is None:
        season = re.search(r"\b(spring|summer|autumn|fall|winter)\b", fold(text))
        what = f"names a season ({season[1]}), not a month" if season else "is not a month and year"
        warnings.append(Warning(f"start date '{text}' {what}; expected a month and year such as 'June 2020'",
                                unit.line))
        return None, None
    ended = values[1] if len(values) > 1 else None
    if len(values) > 1 and ended is None and fold(parts[1]).strip(" .") not in OPEN_ENDED:
        warnings.append(Warning(f"end of date range '{parts[1]}' is not a month and year", unit.line))
    return values[0], ended


# ---------------------------------------------------------------- concepts named in the details

METHODOLOGIES = {
    "partnership": "Partnership", "strategy": "Strategy", "community-engagement": "Community engagement",
    "transitional-safeguarding": "Transitional safeguarding", "data": "Data", "bespoke": "Bespoke",
}
_METHOD_ALIASES = {"partnerships": "partnership", "partnership working": "partnership",
                   "strategic": "strategy", "community": "community-engagement",
                   "data and intelligence": "data", "transitions": "transitional-safeguarding"}


def methodologies(unit: Unit, warnings: list[Warning]) -> list[Methodology]:
    text = strip_markup(re.sub(r"<br\s*/?>|\n", "; ", unit.text, flags=re.I))
    out: list[Methodology] = []
    parts = [text] if fold(text).strip(" .") in _METHOD_ALIASES or slugify(text) in METHODOLOGIES else \
        [p for chunk in re.split(r"\s*[/,;+]\s*", text)
         for p in ([chunk] if fold(chunk).strip(" .") in _METHOD_ALIASES else
                   re.split(r"\s*(?:&|\band\b|\s[-–—]\s?|[-–—]\s|\s[-–—])\s*", chunk))]
    for part in parts:
        label = part.strip(" .")
        if not label:
            continue
        slug = slugify(label)
        slug = _METHOD_ALIASES.get(fold(label), slug)
        known = slug in METHODOLOGIES
        if not known:
            warnings.append(Warning(f"methodology '{label}' is not in the methodology scheme; kept as a new "
                                    "concept", unit.line))
        if all(m.slug != slug for m in out):
            out.append(Methodology(slug=slug, label=METHODOLOGIES.get(slug, label), known=known))
    return out


def delivery(unit: Unit, warnings: list[Warning]) -> str | None:
    t = fold(strip_markup(unit.text))
    found = [slug for slug, pat in (("digital", r"digital|online|virtual|remote"),
                                     ("face-to-face", r"face[ -]?to[ -]?face|in[ -]person"),
                                     ("mixed", r"mixed|hybrid|blended")) if re.search(pat, t)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        return "mixed"
    warnings.append(Warning(f"delivery mode '{strip_markup(unit.text)}' is not Digital, Face to face or Mixed",
                            unit.line))
    return None


# ---------------------------------------------------------------- section bodies

def clean(unit: Unit) -> str:
    return re.sub(r"\s*\n\s*", " ", drop_footnote_markers(strip_markup(unit.text)))


def render(units: list[Unit]) -> str:
    """Plain text of several units: paragraphs separated by blank lines, items as '- ' lines."""
    parts: list[str] = []
    for u in units:
        if u.kind == "heading":
            continue
        t = clean(u)
        if u.kind == "item":
            t = "- " + _unmark(t)
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + t
                continue
        parts.append(t)
    return "\n\n".join(parts)


def _unmark(text: str) -> str:
    return ITEM_MARKER.sub("", text.lstrip(), count=1)


def span_of(units: list[Unit]) -> Span | None:
    units = [u for u in units if u.kind != "heading"]
    if not units:
        return None
    return Span(units[0].start, units[-1].end, units[0].line)


def is_subheading(u: Unit, nxt: Unit | None, after: Unit | None = None) -> bool:
    if u.kind != "para" or nxt is None or nxt.kind not in ("para", "item"):
        return False
    t = clean(u).strip()
    words = t.split()
    if not words or len(words) > 20 or not (t[0].isupper() or t[0].isdigit()):
        return False
    core = t.rstrip(" -–:")
    if core.endswith((".", "?", "!", ";", ",")) or core.endswith(("'", '"')) and core.count("'") % 2:
        return False
    if t.endswith(":") and (nxt.kind == "item" or _short_unpunctuated(nxt)):
        return False  # a lead-in sentence ("Examples include:")
    return True


def _short_unpunctuated(u: Unit) -> bool:
    t = clean(u)
    return len(t.split()) <= 20 and not ends_sentence(t)


def heading_text(u: Unit) -> str:
    return clean(u).strip().rstrip(":-– ").strip()


def headed_items(units: list[Unit]) -> tuple[list[Unit], list[Item]]:
    """Split a section body at its sub-headings: (units before the first heading, items)."""
    units = [u for u in units if u.kind != "heading"]
    intro: list[Unit] = []
    items: list[Item] = []
    current: tuple[Unit, list[Unit]] | None = None

    def close():
        if current is not None:
            head, body = current
            sp = head.span.cover(span_of(body))
            items.append(Item(text=render(body), span=sp, heading=heading_text(head)))

    for i, u in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if is_subheading(u, nxt):
            close()
            current = (u, [])
        elif current is None:
            intro.append(u)
        else:
            current[1].append(u)
    close()
    return intro, items


def list_items(units: list[Unit]) -> list[Item]:
    out = []
    for u in units:
        if u.kind != "item":
            continue
        text = _unmark(clean(u))
        heading = None
        if m := re.match(r"^\*\*([^*]{1,80}?):?\*\*:?\s*(.*)$", _unmark(u.text.strip())):
            heading = strip_markup(m.group(1)).rstrip(":")
            text = drop_footnote_markers(strip_markup(m.group(2)))
        out.append(Item(text=text, span=u.span, heading=heading))
    return out


_INLINE_LIST = re.compile(
    r"\b(?:including|such as|(?<!to support delivery )a range of(?! different methods)|combination of|"
    r"consist(?:ed|ing|s)? of|comprised?|comprising|combined|(?:delivered|run|carried out)(?: \w+)? through"
    r"(?: a (?:series|mix|combination) of)?)\s+"
    r"(?P<list>[^.;:]+?,[^.;:]+?\band\s+[^.;:]+?)(?=\s+(?:taking place|were used|was used|being used|took place)\b|[.;:]|$)")


def inline_items(units: list[Unit]) -> list[Item]:
    """Methods listed within a sentence: 'including scoping, partnership workshops and briefings.'"""
    out: list[Item] = []
    for u in units:
        if u.kind != "para":
            continue
        t = clean(u)
        raw = u.text
        for m in _INLINE_LIST.finditer(t):
            for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("list")):
                part = re.sub(r"^(?:different |other )?(?:methods|activities)\s+", "", part.strip())
                if not part:
                    continue
                pos = raw.find(part)
                sp = Span(u.start + pos, u.start + pos + len(part), u.line) if pos >= 0 else u.span
                out.append(Item(text=part[0].upper() + part[1:], span=sp))
    return out


# ---------------------------------------------------------------- joining the dots

THEMES = {"leading-with-care": "Leading with care", "bridging-boundaries": "Bridging boundaries",
          "holding-complexity": "Holding complexity, uncertainty and curiosity"}


def theme_of(text: str) -> str | None:
    t = fold(strip_markup(text)).strip(" .:")
    if len(t.split()) > 9:
        return None
    t = re.sub(r"^\d+[.)]\s*", "", t)
    if "leading with care" in t or t == "leading with compassion":
        return "leading-with-care"
    if "boundar" in t and re.search(r"bridging|blurring|crossing|spanning|across", t):
        return "bridging-boundaries"
    if re.search(r"complexity|uncertainty|curiosity", t):
        return "holding-complexity"
    return None


RUN_IN_HEAD = re.compile(r"^\s*(?:\*\*|__|<b>|<strong>)?(?P<head>[^:*<–—\n]{3,80}?)\s*"
                         r"(?::\s*(?:\*\*|__|</b>|</strong>)|(?:\*\*|__|</b>|</strong>)\s*[:.–—-]?|:|\s[–—]\s)"
                         r"\s*(?P<rest>\S.*)$", re.S)


def reflections(units: list[Unit], warnings: list[Warning]) -> tuple[list[ThemeReflection], list[ThemeReflection]]:
    """(themes listed by the report, reflections headed by theme)."""
    listed: list[ThemeReflection] = []
    out: list[ThemeReflection] = []
    current: tuple[Unit, str, list[Unit]] | None = None
    loose: list[Unit] = []

    def close():
        if current is not None:
            head, theme, body = current
            if body:
                out.append(ThemeReflection(theme=theme, stated=heading_text(head), text=render(body),
                                           span=head.span.cover(span_of(body))))

    for u in units:
        if u.kind == "heading":
            continue
        t = clean(u)
        if u.kind == "para" and t.startswith("Describes the thematic approach"):
            continue
        theme = theme_of(t)
        runin = RUN_IN_HEAD.match(u.text) if u.kind == "para" and not theme else None
        if runin and theme_of(runin["head"]):  # "**Leading with care:** Leaders recognised ..."
            close()
            hs, rs = runin.start("head"), runin.start("rest")
            head = Unit("para", runin["head"], u.start + hs, u.start + hs + len(runin["head"]), u.line)
            rest = Unit("para", u.text[rs:], u.start + rs, u.end, u.line)
            current = (head, theme_of(runin["head"]), [rest])
            continue
        if u.kind == "item" and theme and current is None and not out:
            listed.append(ThemeReflection(theme=theme, stated=_unmark(t).rstrip(". "), text="", span=u.span))
            continue
        if u.kind == "para" and theme and len(t.split()) <= 9:
            close()
            current = (u, theme, [])
            continue
        if current is None:
            loose.append(u)
        else:
            current[2].append(u)
    close()
    if loose:
        sp = span_of(loose)
        out.insert(0, ThemeReflection(theme=None, stated=None, text=render(loose), span=sp))
        warnings.append(Warning("Joining the dots reflections are not headed by theme; kept without a theme",
                                sp.line if sp else None))
    return listed, out


# ---------------------------------------------------------------- sign-off

_ROLE_WORDS = re.compile(r"\b(head|manager|director|officer|lead|chair|behalf|service|services|team|"
                         r"partnership|board|council|coordinator|co-ordinator|principal|deputy|assistant|"
                         r"senior|chief|executive|scc|subgroup|safeguarding|commissioner|superintendent|"
                         r"inspector|detective|nurse|consultant|advisor|adviser|of|the|for)\b", re.I)


def looks_like_name(text: str) -> bool:
    t = text.strip()
    words = t.split()
    if not 2 <= len(words) <= 4 or _ROLE_WORDS.search(t):
        return False
    return all(re.fullmatch(r"(?:Dr\.?|Mr|Mrs|Ms|Miss|Prof\.?|[A-Z][\w'’.-]*)", w) for w in words)


def signatures(units: list[Unit], warnings: list[Warning]) -> list[Signature]:
    """Sign-off block: 'Date:' lines, each followed by a 'Signed by ...:' line with names and roles;
    also 'On behalf of the local area:' headings over 'Signed: Name (Role) Date: ...' lines."""
    out: list[Signature] = []
    pending: tuple[date | None, str | None] | None = None
    side_of_block: str | None = None
    i = 0
    while i < len(units):
        u = units[i]
        if u.key == "date":
            stated = clean(u) if u.kind == "field" else None
            pending = (_sign_date(stated, u.line, warnings), stated)
            i += 1
            continue
        if u.key in ("signed_local", "signed_tce", "signed"):
            side = {"signed_local": "local-area", "signed_tce": "tce-lead"}.get(u.key, side_of_block)
            nxt = units[i + 1] if i + 1 < len(units) else None
            if u.kind == "heading" and nxt is not None and nxt.key == "signed":  # "On behalf of ...:" heading
                side_of_block = side
                i += 1
                continue
            text = clean(u)
            if u.kind == "heading":
                text = text.split(":", 1)[1] if ":" in text else ""
            span = u.span
            j = i + 1
            while j < len(units) and units[j].kind in ("para", "item") and units[j].key is None \
                    and not re.match(r"\s*(?:\[[^\]]+\]:|https?://)", units[j].text):
                text += "\n" + clean(units[j])
                span = span.cover(units[j].span)
                j += 1
            d, stated = pending or (None, None)
            if m := re.search(r"(?:^|\s)Date\s*:\s*(?P<date>\S.*)$", text):  # "Jo Bloggs (Head) Date: 12/05/2022"
                text, stated = text[:m.start()], m["date"].strip()
                d = _sign_date(stated, u.line, warnings)
            people = _people(text)
            who = (side or "signing side").replace("-", " ")
            if not people:
                warnings.append(Warning(f"sign-off by the {who} names no signatory", u.line))
                people = [(None, None)]
            if side is None:
                warnings.append(Warning("a 'Signed:' line does not say whether the local area or the TCE lead "
                                        "signed; read as the local area", u.line))
                side = "local-area"
            for name, role in people:
                out.append(Signature(side=side, name=name, role=role, date=d, stated_date=stated, span=span))
            pending = None
            i = j
            continue
        i += 1
    if not out and units:
        warnings.append(Warning("the sign-off block names no signatory", units[0].line))
    return out


def _sign_date(stated: str | None, line: int, warnings: list[Warning]) -> date | None:
    d = parse_date(stated) if stated else None
    if stated and d is None:
        warnings.append(Warning(f"sign-off date '{stated}' is not a date such as 22.03.2021", line))
    return d


def _people(text: str) -> list[tuple[str | None, str | None]]:
    text = re.sub(r"-\s*\n\s*", "- ", text.strip())
    lines = [ln.strip(" ,") for ln in text.split("\n") if ln.strip(" ,")]
    flat = lines[0] if lines else ""
    for prev, ln in zip(lines, lines[1:]):
        # a new line continues a role ("On behalf of the CE / Subgroup") unless it follows a bare name
        named = all(looks_like_name(p) for p in re.split(r"\s+and\s+", prev.split(",")[-1]))
        if fold(ln.split()[0]).strip(".,") in HEADS:  # "... Devon County" / "Council": one wrapped name
            named = False
        flat += (", " if named or prev.endswith(",") else " ") + ln
    people: list[list[str]] = []
    groups: list[str] = []
    for group in re.split(r"\s*;\s*|\s+&\s+(?=[A-Z])", flat):  # ';' always separates people
        # "Jo Bloggs and Sam Smith", "Jo Bloggs (Head of ...) and Sam Smith (...)": two people
        both = re.split(r"\s+and\s+", group)
        if len(both) > 1 and all(looks_like_name(re.sub(r"\s*\(.*$", "", b).split(",")[0]) for b in both):
            if all(looks_like_name(b) for b in both[:-1]) and "," in both[-1] and "(" not in both[-1]:
                role = both[-1].split(",", 1)[1]  # "Jo Bloggs and Sam Smith, Co-chairs, ...": a shared role
                both = [f"{b}, {role.strip()}" for b in both[:-1]] + [both[-1]]
            groups.extend(both)
        else:
            groups.append(group)
    for group in groups:
        bracket = re.fullmatch(r"(?P<name>[^(),]+?)\s*\((?P<role>[^()]+)\)(?P<rest>.*)", group.strip())
        if bracket and looks_like_name(bracket["name"]):  # "Jo Bloggs (Head of Safeguarding)"
            people.append([bracket["name"], (bracket["role"] + bracket["rest"]).strip(" ,")])
            continue
        started = False
        for p in (p.strip() for p in re.split(r",\s*", group)):
            if not p:
                continue
            dash = re.match(r"(?P<name>.+?)\s+[–—-]\s+(?P<role>.+)$", p)  # "Helen Marsh – Head of ..."
            if dash and looks_like_name(dash["name"]):
                people.append([dash["name"], dash["role"]])
                started = True
                continue
            if looks_like_name(p):
                people.append([p, ""])
                started = True
            elif people and (started or not group.strip()):
                people[-1][1] = f"{people[-1][1]}, {p}" if people[-1][1] else p
            elif people:
                people[-1][1] = f"{people[-1][1]}; {p}" if people[-1][1] else p
    return [(n, r or None) for n, r in people]
