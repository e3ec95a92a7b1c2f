"""The sign-off block: signatories, their roles and sides, and the dates they signed."""
from __future__ import annotations

from datetime import date

from ..model import ReportWarning, Signature
from .agencies import HEADS
from .dates import MONTHS, parse_date
from .items import clean
from .patterns import (
    AND_SEPARATOR,
    BRACKET_TO_END,
    COMMA_SEPARATOR,
    HYPHEN_LINE_BREAK,
    INLINE_DATE_FIELD,
    LINK_OR_URL_START,
    NAME_BRACKETED_ROLE,
    NAME_DASH_ROLE,
    PEOPLE_SEPARATOR,
    PERSON_NAME_WORD,
    ROLE_WORDS,
    SPACED_DASH,
)
from .text import fold
from .units import Unit

MONTHS["sept"] = 9


def looks_like_name(text: str) -> bool:
    t = text.strip()
    words = t.split()
    if not 2 <= len(words) <= 4 or ROLE_WORDS.search(t):
        return False
    return all(PERSON_NAME_WORD.fullmatch(w) for w in words)


def signatures(units: list[Unit], warnings: list[ReportWarning]) -> list[Signature]:
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
                    and not LINK_OR_URL_START.match(units[j].text):
                text += "\n" + clean(units[j])
                span = span.cover(units[j].span)
                j += 1
            d, stated = pending or (None, None)
            if m := INLINE_DATE_FIELD.search(text):  # "Jo Bloggs (Head) Date: 12/05/2022"
                text, stated = text[:m.start()], m["date"].strip()
                d = _sign_date(stated, u.line, warnings)
            people = _people(text)
            who = (side or "signing side").replace("-", " ")
            if not people:
                label = f"Signed by {who.replace('tce', 'TCE')}:" if side else "Signed:"
                warnings.append(ReportWarning(f"sign-off by the {who} names no signatory", u.line,
                                              fix=f"write the signatory's name and role after '{label}' "
                                                  f"('{label} Jane Smith, Head of Service')"))
                people = [(None, None)]
            if side is None:
                warnings.append(ReportWarning("a 'Signed:' line does not say whether the local area or the TCE lead "
                                               "signed; read as the local area", u.line,
                                               fix="put the line under 'Sign-off by the local area' or "
                                                   "'Sign-off by the TCE lead'"))
                side = "local-area"
            for name, role in people:
                out.append(Signature(side=side, name=name, role=role, date=d, stated_date=stated, span=span))
            pending = None
            i = j
            continue
        i += 1
    if not out and units:
        warnings.append(ReportWarning("the sign-off block names no signatory", units[0].line,
                                      fix="write each signatory as 'Signed: name, role' and 'Date: 22.03.2021'"))
    return out


def _sign_date(stated: str | None, line: int, warnings: list[ReportWarning]) -> date | None:
    d = parse_date(stated) if stated else None
    if stated and d is None:
        warnings.append(ReportWarning(f"sign-off date '{stated}' is not a date such as 22.03.2021", line,
                                      fix="write the date as day.month.year, '22.03.2021'"))
    return d


def _people(text: str) -> list[tuple[str | None, str | None]]:
    text = HYPHEN_LINE_BREAK.sub("-", SPACED_DASH.sub(" - ", text.strip()))
    lines = [ln.strip(" ,") for ln in text.split("\n") if ln.strip(" ,")]
    flat = lines[0] if lines else ""
    for prev, ln in zip(lines, lines[1:]):
        # a new line continues a role ("On behalf of the CE / Subgroup") unless it follows a bare name
        named = all(looks_like_name(p) for p in AND_SEPARATOR.split(prev.split(",")[-1]))
        if fold(ln.split()[0]).strip(".,") in HEADS:  # "... Devon County" / "Council": one wrapped name
            named = False
        flat += (", " if named or prev.endswith(",") else " ") + ln
    people: list[list[str]] = []
    groups: list[str] = []
    for group in PEOPLE_SEPARATOR.split(flat):  # ';' always separates people
        # "Jo Bloggs and Sam Smith", "Jo Bloggs (Head of ...) and Sam Smith (...)": two people
        both = AND_SEPARATOR.split(group)
        if len(both) > 1 and all(looks_like_name(BRACKET_TO_END.sub("", b).split(",")[0]) for b in both):
            if all(looks_like_name(b) for b in both[:-1]) and "," in both[-1] and "(" not in both[-1]:
                role = both[-1].split(",", 1)[1]  # "Jo Bloggs and Sam Smith, Co-chairs, ...": a shared role
                both = [f"{b}, {role.strip()}" for b in both[:-1]] + [both[-1]]
            groups.extend(both)
        else:
            groups.append(group)
    for group in groups:
        bracket = NAME_BRACKETED_ROLE.fullmatch(group.strip())
        if bracket and looks_like_name(bracket["name"]):  # "Jo Bloggs (Head of Safeguarding)"
            people.append([bracket["name"], (bracket["role"] + bracket["rest"]).strip(" ,")])
            continue
        started = False
        for p in (p.strip() for p in COMMA_SEPARATOR.split(group)):
            if not p:
                continue
            dash = NAME_DASH_ROLE.match(p)  # "Helen Marsh – Head of ..."
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
