"""Values read against the concept schemes: methodologies, delivery modes and the Joining the dots themes."""
from __future__ import annotations

import re

from ..model import Methodology, ReportWarning
from .text import fold, slugify, strip_markup
from .units import Unit
from .vocabulary import labels, scheme

# ---------------------------------------------------------------- concepts named in the details

METHODOLOGIES = labels("methodology")  # slug -> preferred label, from ontology/concepts.ttl

# the scheme's alternative labels, and the shorter forms reports write
_METHOD_ALIASES = {fold(alt): slug for slug, c in scheme("methodology").items()
                   for alt in c.alt_labels + c.hidden_labels}
_METHOD_ALIASES.update({"partnerships": "partnership", "strategic": "strategy", "community": "community-engagement"})


def methodologies(unit: Unit, warnings: list[ReportWarning]) -> list[Methodology]:
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
            warnings.append(ReportWarning(f"methodology '{label}' is not in the methodology scheme; kept as a new "
                                          "concept", unit.line,
                                          fix="if it is one of the scheme's methodologies under another name, write "
                                              "that name; `tce-graph query values methodology` lists them"))
        if all(m.slug != slug for m in out):
            out.append(Methodology(slug=slug, label=METHODOLOGIES.get(slug, label), known=known))
    return out


def delivery(unit: Unit, warnings: list[ReportWarning]) -> str | None:
    t = fold(strip_markup(unit.text))
    found = [slug for slug, pat in (("digital", r"digital|online|virtual|remote"),
                                     ("face-to-face", r"face[ -]?to[ -]?face|in[ -]person"),
                                     ("mixed", r"mixed|hybrid|blended")) if re.search(pat, t)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        return "mixed"
    warnings.append(ReportWarning(f"delivery mode '{strip_markup(unit.text)}' is not Digital, Face to face or Mixed",
                                  unit.line, fix="write Digital, Face to face or Mixed in the delivery row"))
    return None


# ---------------------------------------------------------------- joining the dots

THEMES = labels("theme")  # slug -> preferred label, in the scheme's order, from ontology/concepts.ttl


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
