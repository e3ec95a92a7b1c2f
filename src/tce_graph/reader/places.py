"""Reference data the reader normalises against: English regions, local authority areas and where they lie.

The nine regions are the ONS statistical regions (former Government Office Regions) with their GSS
codes. Places are English local authority areas (and a few common partnership names) grouped by
region, used to decide an ambiguous stated region such as "Midlands" from the partnership's place.
The regions' names and codes are read from the concept scheme ``ontology/concepts.ttl``; the local
authority areas' (every county, unitary authority, metropolitan district, London borough and district,
with its GSS code) from ``ontology/local-authorities.ttl``, generated from the ONS lookup of April 2021.
"""
from __future__ import annotations

import re

from ..model import Agency, LocalAuthority, Region, ReportWarning, Span
from .patterns import (
    AUTHORITY_COUNT,
    AUTHORITY_SEPARATOR,
    COUNCIL_NAME,
    LEADING_THE,
    NOT_NAME_CHARS,
    REGION_WORD,
    TRAILING_ENGLAND,
    WHITESPACE_RUN,
)
from .text import fold, strip_markup
from .units import Unit
from .vocabulary import scheme

REGIONS: dict[str, tuple[str, str]] = {  # slug -> (name, GSS code), from ontology/concepts.ttl
    slug: (c.label, c.notation or "") for slug, c in scheme("region").items()}

REGION_ALIASES: dict[str, str] = {
    "north east": "north-east", "north east england": "north-east", "the north east": "north-east",
    "north west": "north-west", "north west england": "north-west", "the north west": "north-west",
    "yorkshire and the humber": "yorkshire-and-the-humber", "yorkshire & the humber": "yorkshire-and-the-humber",
    "yorkshire and humber": "yorkshire-and-the-humber", "yorkshire": "yorkshire-and-the-humber",
    "east midlands": "east-midlands", "west midlands": "west-midlands",
    "east of england": "east-of-england", "east": "east-of-england", "eastern": "east-of-england",
    "east anglia": "east-of-england", "london": "london", "greater london": "london",
    "south east": "south-east", "south east england": "south-east", "the south east": "south-east",
    "south west": "south-west", "south west england": "south-west", "the south west": "south-west",
    # abbreviations and older names
    "ne": "north-east", "nw": "north-west", "y&h": "yorkshire-and-the-humber", "y & h": "yorkshire-and-the-humber",
    "yorks and humber": "yorkshire-and-the-humber", "yorks & humber": "yorkshire-and-the-humber",
    "yorkshire and humberside": "yorkshire-and-the-humber", "yorks and humberside": "yorkshire-and-the-humber",
    "em": "east-midlands", "wm": "west-midlands", "eoe": "east-of-england", "east of england region": "east-of-england",
    "se": "south-east", "sw": "south-west",
}
AMBIGUOUS_REGIONS = {"midlands": ("east-midlands", "west-midlands"), "the midlands": ("east-midlands", "west-midlands"),
                     "north": ("north-east", "north-west", "yorkshire-and-the-humber"),
                     "the north": ("north-east", "north-west", "yorkshire-and-the-humber"),
                     "south": ("south-east", "south-west", "london")}

_PLACES_BY_REGION: dict[str, str] = {
    "north-east": "County Durham, Durham, Darlington, Gateshead, Hartlepool, Middlesbrough, Newcastle upon Tyne, "
                  "Newcastle, North Tyneside, Northumberland, Redcar and Cleveland, South Tyneside, Stockton-on-Tees, "
                  "Sunderland, Tees Valley, Teesside",
    "north-west": "Blackburn with Darwen, Blackpool, Bolton, Bury, Cheshire East, Cheshire West and Chester, "
                  "Cheshire, Cumbria, Cumberland, Westmorland and Furness, Halton, Knowsley, Lancashire, Liverpool, "
                  "Manchester, Greater Manchester, Merseyside, Oldham, Rochdale, Salford, Sefton, St Helens, "
                  "Stockport, Tameside, Trafford, Warrington, Wigan, Wirral",
    "yorkshire-and-the-humber": "Barnsley, Bradford, Calderdale, Doncaster, East Riding of Yorkshire, Hull, "
                  "Kingston upon Hull, Kirklees, Leeds, North East Lincolnshire, North Lincolnshire, North Yorkshire, "
                  "Rotherham, Sheffield, Wakefield, York, South Yorkshire, West Yorkshire, Humberside",
    "east-midlands": "Derby, Derbyshire, Leicester, Leicestershire, Lincolnshire, North Northamptonshire, "
                  "West Northamptonshire, Northamptonshire, Nottingham, Nottinghamshire, Rutland",
    "west-midlands": "Birmingham, Coventry, Dudley, Herefordshire, Sandwell, Shropshire, Solihull, Staffordshire, "
                  "Stoke-on-Trent, Telford and Wrekin, Walsall, Warwickshire, Wolverhampton, Worcestershire, "
                  "Black Country, West Mercia",
    "east-of-england": "Bedford, Cambridgeshire, Central Bedfordshire, Essex, Hertfordshire, Luton, Norfolk, "
                  "Peterborough, Southend-on-Sea, Southend, Suffolk, Thurrock, Bedfordshire",
    "london": "Barking and Dagenham, Barnet, Bexley, Brent, Bromley, Camden, City of London, Croydon, Ealing, "
              "Enfield, Greenwich, Hackney, Hammersmith and Fulham, Haringey, Harrow, Havering, Hillingdon, "
              "Hounslow, Islington, Kensington and Chelsea, Kingston upon Thames, Lambeth, Lewisham, Merton, Newham, "
              "Redbridge, Richmond upon Thames, Southwark, Sutton, Tower Hamlets, Waltham Forest, Wandsworth, "
              "Westminster",
    "south-east": "Bracknell Forest, Brighton and Hove, Buckinghamshire, East Sussex, Hampshire, Isle of Wight, "
                  "Kent, Medway, Milton Keynes, Oxfordshire, Portsmouth, Reading, Slough, Southampton, Surrey, "
                  "West Berkshire, West Sussex, Windsor and Maidenhead, Wokingham, Berkshire, Thames Valley, Sussex",
    "south-west": "Bath and North East Somerset, Bournemouth, Christchurch and Poole, Bournemouth, Bristol, "
                  "Cornwall, Isles of Scilly, Devon, Dorset, Gloucestershire, North Somerset, Plymouth, Somerset, "
                  "South Gloucestershire, Swindon, Torbay, Wiltshire, Avon and Somerset",
}
PLACE_REGION: dict[str, str] = {
    fold(name): region for region, names in _PLACES_BY_REGION.items() for name in names.split(", ")
}

POLICE_FORCES = [  # territorial police forces of England and Wales, by area name
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London", "Cleveland",
    "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex",
    "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire", "Hampshire and Isle of Wight",
    "Hertfordshire", "Humberside", "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside",
    "Metropolitan", "Norfolk", "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria",
    "Nottinghamshire", "South Wales", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex",
    "Thames Valley", "Warwickshire", "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
    "British Transport",
]


def region_for_place(text: str) -> str | None:
    """The region of the longest known place name contained in ``text`` (whole words), if any."""
    t = f" {fold(text)} "
    best: tuple[int, str] | None = None
    for place, region in PLACE_REGION.items():
        if f" {place} " in t or t.strip().startswith(place + " ") or f" {place}'" in t:
            if best is None or len(place) > best[0]:
                best = (len(place), region)
    return best[1] if best else None


# ---------------------------------------------------------------- local authority areas (the ONS lookup)

AREAS = scheme("local-authority-area")  # GSS code -> concept: the ONS name, its other forms, its county
AREA_BY_LABEL: dict[str, str] = {fold(label): code for code, c in AREAS.items() for label in c.labels}
# an area's name as a whole phrase, the longest first ("North Somerset" before "Somerset"); never the
# "Manchester" of "Greater Manchester" (a county of ten areas)
_AREA_MENTION = re.compile(r"(?<!\w)(?<!greater )(?:" + "|".join(
    re.escape(label) for label in sorted(AREA_BY_LABEL, key=len, reverse=True)) + r")(?!\w)")


def area_of(name: str) -> str | None:
    """The GSS code of the area a name denotes: the place ("Bristol", "Bristol, City of") or its council
    ("Bristol City Council", "London Borough of Lewisham"); None when the ONS lookup has no such place."""
    key = LEADING_THE.sub("", fold(name).strip(" ."))
    if key in AREA_BY_LABEL:
        return AREA_BY_LABEL[key]
    m = COUNCIL_NAME.match(key)
    return AREA_BY_LABEL.get(m.group("borough") or m.group("place")) if m else None


def areas_named_in(text: str) -> list[tuple[str, str]]:
    """(GSS code, the area's name as written) for each area a partnership's name names, in order:
    'Derby and Derbyshire' -> [('E06000015', 'Derby'), ('E10000007', 'Derbyshire')]."""
    found: dict[str, str] = {}
    for m in _AREA_MENTION.finditer(fold(text)):
        code = AREA_BY_LABEL[m.group(0)]
        found.setdefault(code, next(label for label in AREAS[code].labels if fold(label) == m.group(0)))
    return list(found.items())


def authorities(partnership: Unit, field: Unit | None, count: int | None, names: list[str],
                agencies: list[Agency], warnings: list[ReportWarning]) -> list[LocalAuthority]:
    """Every local authority the report names or implies, each with the ONS area it governs.

    The authorities named in the 'Number of Local Authority areas covered' field (``names``) when it names
    any; else the areas the partnership's name names ("Derby and Derbyshire"), or else the councils among
    the core agencies, whichever agrees with the number stated. Each area's council is the core agency
    named for it ("Reading Borough Council" for Reading) when there is one. A name the lookup does not
    know, or a number no reading agrees with, is a warning, never a guessed code."""
    councils = [(a, code) for a in agencies if a.type == "local-authority" and (code := area_of(a.name))]
    if names:
        assert field is not None  # the names are read from the field
        found = []
        for name in names:
            code = area_of(name)
            if code is None:
                warnings.append(ReportWarning(
                    f"local authority '{name}' is not an English local authority area of the ONS lookup "
                    "(April 2021); kept without a GSS code", field.line,
                    fix="write the area's name as the ONS lookup has it ('Bath and North East Somerset', "
                        "'Cheshire West and Chester')"))
            found.append(_authority(name, code, field.span, councils))
        return found
    by_name = [(label, code, partnership.span) for code, label in areas_named_in(strip_markup(partnership.text))]
    by_council = [(a.name, code, a.span) for a, code in councils]
    for candidates in (by_name, by_council):
        if candidates and count in (None, len(candidates)):
            return [_authority(stated, code, span, councils) for stated, code, span in candidates]
    if count is None or count > 0:
        warnings.append(ReportWarning(
            f"no local authority area of the ONS lookup agrees with {_areas_stated(count)}: the partnership's "
            f"name '{' '.join(strip_markup(partnership.text).split())}' names {len(by_name)}, the core agencies "
            f"{len(by_council)} council(s)", (field or partnership).line,
            fix="name the councils in 'Number of Local Authority areas covered' ('Two: Bristol, South "
                "Gloucestershire')"))
    return []


def _areas_stated(count: int | None) -> str:
    return "the areas stated" if count is None else f"the {count} area{'s' if count != 1 else ''} stated"


def _authority(stated: str, code: str | None, span: Span | None,
               councils: list[tuple[Agency, str]]) -> LocalAuthority:
    council = next((a for a, c in councils if c == code), None)
    named = council is not None or bool(COUNCIL_NAME.match(fold(stated)))
    name = council.name if council is not None else stated if named else f"{stated} local authority"
    return LocalAuthority(stated=stated, council=name, named=named, area=code,
                          area_name=AREAS[code].label if code else None, span=span)


# ---------------------------------------------------------------- numbers, places, dates

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}


def local_authorities(unit: Unit, warnings: list[ReportWarning]) -> tuple[int | None, list[str]]:
    """'1', 'One', 'Walsall Council', 'Two: Bath and North East Somerset, Bristol' -> (count, names)."""
    text = " ".join(strip_markup(unit.text).split())
    m = AUTHORITY_COUNT.match(text)
    count: int | None = None
    rest = text
    if m and (m.group(1).isdigit() or m.group(1).lower() in NUMBER_WORDS):
        count = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1).lower()]
        rest = m.group(2)
    # split on separators, and on "and" only after a council's name ("Bath and North East Somerset" is one)
    names = [n.strip(" .") for n in AUTHORITY_SEPARATOR.split(rest)
             if n.strip(" .")] if rest else []
    if count is not None and len(names) == count - 1 and names and " and " in names[-1]:
        head, _, tail = names[-1].rpartition(" and ")  # "Portsmouth, Southampton and Isle of Wight"
        names[-1:] = [head.strip(), tail.strip()]
    if count is None:
        if names:
            count = len(names)
        else:
            warnings.append(ReportWarning(f"number of local authority areas '{text}' is neither a number nor named "
                                          "authorities", unit.line,
                                          fix="write the number and the councils: 'Two: Bristol, South "
                                              "Gloucestershire'"))
    elif names and len(names) != count:
        warnings.append(ReportWarning(f"{count} local authority areas stated but {len(names)} named", unit.line,
                                      fix="make the number agree with the councils named, separated by commas"))
    if count is not None and count < 1:
        warnings.append(ReportWarning(f"number of local authority areas is {count}; expected at least 1", unit.line,
                                      fix="write how many local authority areas the project covered"))
    return count, names


def region(unit: Unit, context: str, warnings: list[ReportWarning]) -> Region:
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
            warnings.append(ReportWarning(f"region '{stated}' is not one of the nine English regions; "
                                          f"read as {REGIONS[slug][0]} from the partnership's place", unit.line,
                                          fix=f"write '{REGIONS[slug][0]}' in the Region row if that is right"))
    if slug is None:
        slug = region_for_place(stated)
    if slug is None:
        warnings.append(ReportWarning(f"region '{stated}' is not one of the nine English regions "
                                      f"({', '.join(n for n, _ in REGIONS.values())})", unit.line,
                                      fix="write one of the nine regions in the Region row"))
        return Region(stated=stated, name=None, gss=None, slug=None)
    name, gss = REGIONS[slug]
    return Region(stated=stated, name=name, gss=gss, slug=slug)


def _region_keys(stated: str) -> list[str]:
    """'East of England' first as written, then 'The North West region of England' -> 'north west'."""
    full = NOT_NAME_CHARS.sub(" ", fold(stated))
    full = WHITESPACE_RUN.sub(" ", full).strip()
    keys = [full]
    bare = LEADING_THE.sub("", full)
    bare = REGION_WORD.sub(" ", bare).strip()
    keys.append(bare)
    keys.append(TRAILING_ENGLAND.sub("", bare).strip())
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]
