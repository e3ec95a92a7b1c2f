"""The labels a report uses: the details table's rows, the section headings and the sign-off block,
matched against the folded label text (bold, HTML or heading markup and case do not matter).
"""
from __future__ import annotations

import functools
import re

from .patterns import SECTION_NUMBER
from .text import label_key

# Labels of the details table, the report's sections and the sign-off block. Matched against the
# folded label text (see text.label_key), so bold/HTML/heading markup and case do not matter.
LABELS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p)) for k, p in [
    ("header", r"^tackling child exploitation support programme$"),
    ("header", r"^(page \d+( of \d+)?|\d+ of \d+|- ?\d+ ?-)$"),  # page footers
    ("title", r"^(tce )?project learning report$"),
    ("details", r"^details of (the )?bespoke support project"),
    ("partnership", r"^(bsp |local )?partnership( name)?$"),
    ("agencies", r"^(core )?partner agencies|^core partner"),
    ("la_count", r"^number of local authority|^local authority areas?( covered)?$"),
    ("region", r"^region(al)?( area)?$"),
    ("size", r"^(bsp |project )*size$"),
    ("methodology", r"^(bsp )?methodolog"),
    ("delivery", r"^digital ?/ ?face|^(bsp )?delivery( mode)?$|mixed delivery$"),
    ("commenced", r"^date (the )?(bsp |project )?(commenced|started|began)|^start date|^dates? of (the )?bsp"),
    ("summary", r"^(executive |project )?summary( of (the )?(bsp|project))?$"),
    ("reasons", r"^reasons? (why|for)"),
    ("goal", r"^(overall |overarching )?(change )?goals? (of|for) (the )?(bsp|project)|^overall goal"),
    ("approaches", r"^approach(es)? ?(/|and|&) ?methods|^approach(es)? (taken|used|adopted)|^methods? (taken|used)"),
    ("key_issues", r"^key issues( (that|which) arose| arising|$)"),
    ("for_local", r"^-? ?for a local area and those delivering"),
    ("joining", r"^joining the dots$"),
    ("joining_intro", r"^key reflections on the joining the dots"),
    ("learning", r"^significant learning"),
    ("evidence", r"^emerging evidence (of|that)|^evidence of (system )?change"),
    ("immediate", r"^immediate reflections"),
    ("tick", r"^please tick"),
    ("date", r"^date$"),
    ("signed_local", r"^signed by (the )?local area"),
    ("signed_tce", r"^signed by (the )?tce( support programme)?( project)? lead"),
    ("signed_local", r"^on behalf of (the )?(local area|local partnership|partnership)$"),
    ("signed_tce", r"^on behalf of (the )?tce( support programme)?$"),
    ("signed", r"^signed$"),
]]


SIGNOFF_KEYS = ("date", "signed_local", "signed_tce", "signed")


DETAIL_KEYS = ("partnership", "agencies", "la_count", "region", "size", "methodology", "delivery",
               "commenced")


SECTION_KEYS = ("details", "summary", "reasons", "goal", "approaches", "key_issues", "joining",
                "learning", "evidence", "immediate", "signoff")


SECTION_TITLES = {
    "details": "Details of Bespoke Support Project", "summary": "Summary",
    "reasons": "Reasons why the local area requested the TCE Support Programme",
    "goal": "Overall goal of the BSP", "approaches": "Approaches / methods",
    "key_issues": "Key issues that arose during the delivery of the BSP",
    "joining": "Joining the dots", "learning": "Significant learning and transferability",
    "evidence": "Emerging evidence of system change", "immediate": "Immediate reflections from the local area",
    "signoff": "Sign-off",
}


@functools.lru_cache(maxsize=4096)
def match_label(text: str) -> str | None:
    if len(text) > 1000:  # a label, even with its markup, is short (asked of long paragraphs too: keep it cheap)
        return None
    key = label_key(text)
    if not key or len(key) > 160:
        return None
    for candidate in (key, SECTION_NUMBER.sub("", key, count=1)):  # "1. Reasons why ..." too
        for name, pattern in LABELS:
            if pattern.search(candidate):
                return name
    return None
