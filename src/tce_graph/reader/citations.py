"""Cited resources (links, bare URLs, footnotes) and organisations/programmes named in the text."""
from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox

from ..model import Citation, CitedResource, Mention, ReportWarning, Span
from .labels import SECTION_TITLES
from .patterns import (
    ANGLE_URL,
    BARE_URL,
    DETERMINER_PHRASE_AT_END,
    DOCUMENT_EXTENSION,
    FOR_THE,
    HTML_LINK,
    IN_THE_NAME_AT_END,
    LEADING_SEE_OR_READ,
    MD_LINK,
    MENTION,
    ORG_PAIR,
    PHRASE_BREAK,
    POSSESSIVE_END,
    PROGRAMME_END,
    SUPERSCRIPT_RUN,
    SUPERSCRIPTS,
    TRAILING_SEE_HERE,
    URL_SLUG_SEPARATOR,
    WEB_URL,
)
from .text import fold, strip_markup, superscript_number
from .units import Unit


def _unusable(url: str) -> str | None:
    """Why an address cannot be a resource's URL (None when it can): an http(s) address with a dotted host
    that is a valid IRI (RFC 3987, as pyoxigraph parses it: no spaces, quotes, angle brackets, backslashes)."""
    if not WEB_URL.fullmatch(url):
        return "an http(s) address with a host such as example.org"
    try:
        ox.NamedNode(url)
    except ValueError as exc:
        return f"a valid IRI ({exc})"
    return None


def title_from_url(url: str) -> str | None:
    """A readable title from a URL's last path segment, when it is a slug of three or more words."""
    path = unquote(urlsplit(url).path).rstrip("/")
    seg = path.rsplit("/", 1)[-1]
    seg = DOCUMENT_EXTENSION.sub("", seg)
    words = [w for w in URL_SLUG_SEPARATOR.split(seg) if w]
    if len(words) < 3 or any(len(w) > 25 for w in words):
        return None
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _subject(footnote_text: str) -> str:
    t = TRAILING_SEE_HERE.sub("", footnote_text.strip().rstrip(":").strip()).strip(" ,:")
    if m := IN_THE_NAME_AT_END.search(t):
        return m.group(1)
    if m := FOR_THE.match(t):
        return m.group(1)
    return LEADING_SEE_OR_READ.sub("", t)


class _Collector:
    def __init__(self, warnings: list[ReportWarning]) -> None:
        self.by_key: dict[tuple, CitedResource] = {}
        self.warnings = warnings

    def add(self, title: str, url: str | None, lost: bool, section: str, span: Span,
            footnote: Unit | None = None) -> None:
        """One citation of a resource. ``url`` as the report wrote it: an address that cannot be an IRI is
        kept as text (``stated_address``), with a warning, and never becomes a URL."""
        stated = None
        if url is not None and (why := _unusable(url)):
            self.warnings.append(ReportWarning(f"the address '{url}' is kept as text, not linked: expected {why}",
                                               span.line, fix="write the full address of the resource, "
                                               "'https://...', in the link"))
            url, stated = None, url
        title = title.strip().rstrip(".").strip() or (url or stated or "untitled resource")
        key = ("url", url) if url else ("stated", stated) if stated else ("lost", fold(title))
        res = self.by_key.get(key)
        if res is None:
            res = CitedResource(title=title, url=url, url_lost=lost, stated_address=stated)
            self.by_key[key] = res
        if footnote is not None and res.footnote is None:
            res.footnote = _footnote_text(footnote)
            res.footnote_number = superscript_number(footnote.text)
        if all(c.span != span for c in res.citations):
            res.citations.append(Citation(section=section, span=span))


def _footnote_text(u: Unit) -> str:
    text = strip_markup(u.text.lstrip(SUPERSCRIPTS).strip())
    for extra in u.extra:
        if not extra.startswith("join:"):
            text += " " + strip_markup(extra)
    return text


def _links(collector: _Collector, raw: str, base: int, line: int, section: str,
           footnote: Unit | None = None, cited_as: str | None = None) -> None:
    taken = bytearray(len(raw))  # 1 where a link already read stands (a mask: linear in the text)

    def take(m: re.Match) -> None:
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in [*MD_LINK.finditer(raw), *HTML_LINK.finditer(raw)]:
        target = html.unescape(m.group("url")).strip()
        lost = target in ("", "#")  # '[title](#)': the converter lost the link's target
        span = Span(base + m.start(), base + m.end(), line)
        collector.add(strip_markup(m.group("text")), None if lost else target, lost, section, span, footnote)
        take(m)
    for pattern in (ANGLE_URL, BARE_URL):
        for m in pattern.finditer(raw):
            if taken[m.start()]:
                continue
            url = m.group("url") if "url" in pattern.groupindex else m.group(0)
            take(m)
            if ("url", url) in collector.by_key and footnote is not None:
                res = collector.by_key[("url", url)]
                if res.footnote is None:
                    res.footnote = _footnote_text(footnote)
                    res.footnote_number = superscript_number(footnote.text)
                continue
            said = _subject(_footnote_text(footnote).split("http")[0]) if footnote is not None else ""
            # "the TCE resources (https://...)": the phrase before the bracket (looked for in the 500
            # characters before the address, so a line of many addresses is read in linear time)
            before = raw[max(0, m.start() - 500):m.start()].rstrip()
            if footnote is None and before.endswith("("):
                cited_as = _noun_phrase(strip_markup(before[:-1]))
            # a footnote that is only a URL: the words its marker follows name the resource
            title = title_from_url(url) or said or cited_as or url
            collector.add(title, url, False, section, Span(base + m.start(), base + m.end(), line), footnote)


def cited_resources(bodies: dict[str, list[Unit]], footnotes: list[Unit],
                    warnings: list[ReportWarning] | None = None) -> list[CitedResource]:
    collector = _Collector(warnings if warnings is not None else [])
    for key, units in bodies.items():
        section = SECTION_TITLES.get(key, key)
        for u in units:
            _links(collector, u.text, u.start, u.line, section)
    for fn in footnotes:
        number = superscript_number(fn.text)
        section = _section_citing(bodies, number, fn)
        cited_as = _cited_as(bodies, number)
        _links(collector, fn.text, fn.start, fn.line, section, footnote=fn, cited_as=cited_as)
        for extra in fn.extra:
            if not extra.startswith("join:"):
                _links(collector, extra, fn.end - len(extra), fn.line, section, footnote=fn, cited_as=cited_as)
    return list(collector.by_key.values())


def _cited_as(bodies: dict[str, list[Unit]], number: int | None) -> str | None:
    """The noun phrase a footnote marker is attached to: 'The Research in Practice transitional
    safeguarding resources²' -> 'Research in Practice transitional safeguarding resources'."""
    if number is None:
        return None
    marker = str(number).translate(str.maketrans("0123456789", SUPERSCRIPTS))
    for units in bodies.values():
        for u in units:
            m = _marker_in(u.text, marker)
            if m is None:
                continue
            return _noun_phrase(strip_markup(u.text[:m.start()]))
    return None


def _marker_in(text: str, marker: str) -> re.Match[str] | None:
    """The first footnote marker in ``text`` that is ``marker`` whole (a run of superscript digits,
    not part of a longer one: '¹' is not found in '¹²')."""
    return next((m for m in SUPERSCRIPT_RUN.finditer(text) if m.group(0) == marker), None)


def _noun_phrase(before: str) -> str | None:
    """The capitalised noun phrase a text ends with, after its determiner: '... The TCE community
    engagement resources' -> 'TCE community engagement resources'."""
    clause = PHRASE_BREAK.split(before.rstrip())[-1]
    np = DETERMINER_PHRASE_AT_END.search(clause)
    if np and 1 <= len(np.group(1).split()) <= 12:
        return np.group(1).strip()
    return None


def _section_citing(bodies: dict[str, list[Unit]], number: int | None, fn: Unit) -> str:
    if number is None:
        return "Footnotes"
    marker = str(number).translate(str.maketrans("0123456789", SUPERSCRIPTS))
    for key, units in bodies.items():
        for u in units:
            if _marker_in(u.text, marker):
                return SECTION_TITLES.get(key, key)
    return "Footnotes"


_SKIP_START = {"The", "A", "An", "This", "That", "These", "Those", "Our", "Their", "Its", "In", "As", "For",
               "Across", "With", "Within", "Throughout", "Building", "Whilst", "While", "Both", "Each",
               "Other", "Some", "Many", "All", "Any", "When", "Where", "Following"}


_SELF = {"tce", "bsp", "tackling child exploitation", "support programme", "bespoke support project"}


def mentions(bodies: dict[str, list[Unit]], partnership: str) -> list[Mention]:
    found: dict[str, Mention] = {}
    own = fold(partnership)
    for units in bodies.values():
        for u in units:
            raw = SUPERSCRIPT_RUN.sub(lambda r: " " * len(r.group(0)), u.text)  # same length: offsets hold
            for m in MENTION.finditer(raw):
                name = (m.group("name") or m.group("one")).strip()
                words = name.split()
                while words and words[0] in _SKIP_START:
                    words = words[1:]
                if len(words) < 2 or (words[-1].islower() and any(POSSESSIVE_END.search(w) for w in words[:-1])):
                    continue  # "Lewisham’s partnership" is a possessive phrase; "Children's Society" a name
                name = " ".join(words)
                folded = fold(name)
                stem = fold(" ".join(words[:-1]))
                if any(s in folded for s in _SELF) or stem == own or stem in ("city", "county"):
                    continue
                at = m.start() + max(0, m.group(0).find(words[0]))
                kind = "programme" if PROGRAMME_END.search(name) else "organisation"
                if m.group("one") and not m.group("one").split()[-1][0].isupper():
                    continue
                for part, offset in _split_pair(name):
                    mention = found.setdefault(fold(part), Mention(name=part, kind=kind))
                    first = raw.find(part.split()[0], at + offset if offset else at)
                    last_word = part.split()[-1]
                    end = raw.find(last_word, first) + len(last_word)
                    mention.spans.append(Span(u.at(first), u.at(end - 1) + 1, u.line))
    for key, known in list(found.items()):  # "Birmingham EMPOWERU Hub" and "EMPOWERU Hub" are one
        if key.startswith(own + " ") and key[len(own) + 1:] in found:
            found[key[len(own) + 1:]].spans.extend(known.spans)
            del found[key]
    return sorted(found.values(), key=lambda m: (m.spans[0].start, m.name))


def _split_pair(name: str) -> list[tuple[str, int]]:
    """'X Partnership and Y Board' -> both names; 'Avon and Somerset Police' stays whole."""
    m = ORG_PAIR.fullmatch(name)
    if m and len(m.group(2).split()) >= 2:
        return [(m.group(1), 0), (m.group(2), m.start(2))]
    return [(name, 0)]
