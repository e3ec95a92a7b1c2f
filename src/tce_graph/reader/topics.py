"""Topic tagging: which subjects of the TCE topics thesaurus (``ontology/topics.ttl``) a report
addresses, how strongly, and the sentences that show it.

How a report is read
--------------------
* **Labels.** Every ``skos:prefLabel``, ``altLabel`` and ``hiddenLabel`` of a ``tce:Topic`` is
  compiled (once per process) into a whole-word pattern. Matching folds curly quotes and dashes,
  treats a hyphen, a space or nothing between the words of a label alike ("extra-familial harm",
  "extra familial harm"), makes an apostrophe optional ("young persons voice") and ignores case,
  except for abbreviations (all-capital labels such as CSE, CCE, EFH, CE, JTAI, MASH), which must be
  written in capitals so that "ce" or "mash" inside ordinary words never count. A two-word label
  also matches when a second modifier is coordinated with its first word: "sexual and criminal
  exploitation" names both child sexual exploitation and child criminal exploitation.
* **Overlaps.** When two labels overlap partly, the leftmost (then the longest) wins: "transitional
  safeguarding arrangements" is transitional safeguarding, not governance ("safeguarding
  arrangements"). A label nested wholly inside a longer label of another topic is kept ("multi-agency
  child exploitation panel" is both a multi-agency hub and child exploitation).
* **Text.** Only the report's own prose is read: the BSP methodology row of the details table and
  the sections (summary, reasons, goal, approaches, key issues, Joining the dots, learning, emerging
  evidence, immediate reflections). Page headers, HTML and Markdown markup, link targets, bare URLs
  and footnote markers are blanked out *in place*, so every offset still points into
  :attr:`~tce_graph.model.SourceText.text`; the sign-off block and the other details rows (agency
  names such as "Public Health") are not read. Sentences are split on ``.``/``!``/``?`` followed by
  a capital, never after "e.g.", "i.e.", "p." and similar abbreviations; every list item and
  footnote is a unit of its own.

Focus or mention
----------------
A topic is a **focus** of the project when at least one of its matches is in the *methodology row,
the summary, the reasons or the goal* and is not "in passing"; otherwise, when it matches anywhere
in the report, it is a **mention**. A match is *in passing* (see :func:`passing_reason`) when:

``footnote``
    it is in a footnote: a reference or aside, not the report's account of the project;
``name``
    it is a modifier inside a longer proper name that goes on after it -- "Tackling Child
    Exploitation (TCE) Support Programme", "the Contextual Safeguarding Network", "All-Age
    Contextual Safeguarding Vision", "Local Data Accelerator Fund" (a name that *ends* with the
    label, such as "Contextual Safeguarding Hub" or "Joint Targeted Area Inspection", is an instance
    of the topic and counts);
``not-the-focus``
    the sentence says it is not the focus ("Although not the focus of the TCE project, the shift to
    an all age approach ...");
``contrast``
    it follows "rather than", "instead of", "as opposed to" or "other than" in the same clause;
``shift-from``
    it is what a shift, move or expansion starts *from* ("a shift in emphasis from child sexual
    exploitation (CSE) to exploitation more broadly": CSE is left behind, the destination is kept);
``background``
    it is inside an opening adverbial that only gives the occasion ("In response to recent
    inspections and ..., Reading had already begun ...");
``aside``
    it is inside a parenthesis longer than one word (an abbreviation in brackets, "(CSE)", is not an
    aside).

Evidence
--------
Each :class:`TopicTag` carries its evidence as ``(section, sentence, span)`` triples: ``evidence``
the sentences that give the strength (for a focus, the sentences that make it a focus; for a
mention, every sentence that names the topic) and ``also`` a focus topic's other sentences.
``sentence`` is the cleaned sentence (markup removed, whitespace collapsed); ``span`` its exact
range in the source. In RDF (:func:`map_topic_tags`) both are ``tce:evidence`` annotations of the
tag, told apart by their ``tce:property`` (``tce:strength`` or ``tce:topic``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from ..model import Report, Span, TagEvidence, TopicTag
from .labels import match_label
from .patterns import (
    ABBREVIATION_BEFORE,
    ABBREVIATION_REACH,
    ABBREVIATIONS_ONLY,
    BACKGROUND,
    BLOCK_TAG,
    CELL_OR_BULLET_MARK,
    CLAUSE_END,
    CLAUSE_SPLIT,
    CONTRAST,
    EMPHASIS,
    HTML_TAG_IN_LINE,
    LINE_MARKUP,
    MD_LINK_IN_LINE,
    NAME_WORD,
    NOT_FOCUS,
    SENTENCE_BOUNDARY,
    SHIFT_FROM,
    SUPERSCRIPT_RUN,
    SUPERSCRIPTS,
    URL_IN_LINE,
)
from .sections import Sections, sectionize
from .text import LineIndex
from .units import Unit, units_of
from .vocabulary import scheme

FOCUS_SECTIONS = ("methodology", "summary", "reasons", "goal")


BODY_SECTIONS = ("summary", "reasons", "goal", "approaches", "key_issues", "joining", "learning", "evidence",
                 "immediate")


# Section names on the evidence annotations, as the mapper names the same sections (to_rdf.py).
SECTION_NAMES = {
    "methodology": "Details", "summary": "Summary", "reasons": "Reasons", "goal": "Overall goal",
    "approaches": "Approaches / methods", "key_issues": "Key issues", "joining": "Joining the dots",
    "learning": "Significant learning", "evidence": "Emerging evidence of system change",
    "immediate": "Immediate reflections",
}


STRENGTHS = ("focus", "mention")


# ---------------------------------------------------------------- the thesaurus


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    labels: tuple[str, ...]  # every pref/alt/hidden label


@dataclass(frozen=True)
class _Pattern:
    topic: str
    label: str
    regex: re.Pattern[str]
    coordinated: bool = False  # "A and X B" form of the two-word label "A B"
    key: str = ""  # a lower-case word every match contains: a cheap test before the regex runs


@dataclass(frozen=True)
class Thesaurus:
    topics: dict[str, Topic]
    patterns: tuple[_Pattern, ...]

    def topic(self, slug: str) -> Topic:
        return self.topics[slug]

    @cached_property
    def by_key(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """Each key with the positions of the patterns that have it: a text is tested for each key once."""
        found: dict[str, list[int]] = {}
        for i, p in enumerate(self.patterns):
            found.setdefault(p.key, []).append(i)
        return tuple((key, tuple(positions)) for key, positions in found.items())


_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"',
                       "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "\u00a0": " ", "\t": " "})


def fold_chars(text: str) -> str:
    """Curly quotes and dash variants made plain, one character for one (offsets are kept)."""
    return text.translate(_FOLD)


def is_abbreviation(label: str) -> bool:
    """All-capital labels (CSE, CCE, EFH, JTAI, CAWNs) are matched case-sensitively."""
    return bool(re.fullmatch(r"[A-Z]{2,}s?", label))


def _word_pattern(word: str) -> str:
    return re.escape(word).replace("'", "'?")


def _compile(slug: str, label: str) -> list[_Pattern]:
    text = fold_chars(label).strip()
    flags = 0 if is_abbreviation(text) else re.IGNORECASE
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    body = r"[\s\-]*".join(_word_pattern(w) for w in words)
    key = max(re.findall(r"\w+", text), key=len, default="").lower()
    out = [_Pattern(slug, label, re.compile(rf"(?<![\w]){body}(?![\w])", flags), key=key)]
    tokens = text.split()
    if len(tokens) == 2 and flags:
        first, head = (r"[\s\-]*".join(_word_pattern(w) for w in t.split("-")) for t in tokens)
        out.append(_Pattern(slug, label, re.compile(
            rf"(?<![\w])(?P<head>{first}\s+(?:and|or|&))\s+[\w'\-]+\s+{head}(?![\w])", flags), True, key))
    return out


@lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    """The topics and their compiled label patterns, read once from ``ontology/topics.ttl``."""
    topics: dict[str, Topic] = {}
    patterns: list[_Pattern] = []
    for slug, concept in sorted(scheme("topic", path).items()):
        labels = [concept.label] + sorted(set(concept.alt_labels + concept.hidden_labels))
        topics[slug] = Topic(slug, concept.label, tuple(labels))
        for label in labels:
            patterns.extend(_compile(slug, label))
    return Thesaurus(topics, tuple(patterns))


DELETED = "\x00"  # a masked character that vanishes from the clean sentence (markup inside a line)


def _blank(chars: list[str], start: int, end: int, fill: str = " ") -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = fill


def mask(text: str, blank: Sequence[tuple[int, int]] = ()) -> str:
    """``text`` with markup, URLs, footnote markers and page headers masked, one character for one
    (other characters are kept as written, so the clean sentence quotes the report faithfully).

    Markup that separates (page headers, table pipes, bullets, heading marks, and the ranges in
    ``blank``) becomes spaces; markup inside a line (tags, link brackets and targets, emphasis,
    superscript markers) becomes :data:`DELETED`. Use :func:`searchable` before matching.
    """
    chars = list(text)
    for m in URL_IN_LINE.finditer(text):
        _blank(chars, m.start(), m.end(), DELETED)
    for m in MD_LINK_IN_LINE.finditer(text):
        _blank(chars, m.start(), m.start() + 1, DELETED)
        _blank(chars, m.end("text"), m.end(), DELETED)
    for rx in (HTML_TAG_IN_LINE, EMPHASIS, SUPERSCRIPT_RUN):
        for m in rx.finditer(text):
            _blank(chars, m.start(), m.end(), DELETED)
    for rx in (LINE_MARKUP, CELL_OR_BULLET_MARK, BLOCK_TAG):
        for m in rx.finditer(text):
            _blank(chars, m.start(), m.end())
    pos = 0
    for line in text.split("\n"):
        if line.strip() and match_label(line.strip()) in ("header", "title"):
            _blank(chars, pos, pos + len(line))
        pos += len(line) + 1
    for start, end in blank:
        _blank(chars, max(0, start), min(len(chars), end))
    return "".join(chars)


def searchable(masked: str) -> str:
    """The masked text with deleted characters as spaces and quotes/dashes folded (one character for
    one): what sentences are split and labels matched on."""
    return fold_chars(masked.replace(DELETED, " "))


class _Sentence(NamedTuple):
    start: int  # offsets into the source text
    end: int
    text: str  # masked text of the sentence (same length as the span)


def _sentences(masked: str, base: int) -> list[_Sentence]:
    out: list[_Sentence] = []
    pos = 0
    cuts = [m.end() for m in SENTENCE_BOUNDARY.finditer(masked)
            if not ABBREVIATION_BEFORE.search(masked, max(0, m.start() - ABBREVIATION_REACH), m.start() + 1)]
    for cut in cuts + [len(masked)]:
        piece = masked[pos:cut]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body and re.search(r"\w", body):
            s = pos + lead
            out.append(_Sentence(base + s, base + s + len(body), body))
        pos = cut
    return out


def clean_sentence(masked: str) -> str:
    """A masked sentence as readable text: deleted markup dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", masked.replace(DELETED, "")).strip()


# ---------------------------------------------------------------- matching and "in passing"


@dataclass(frozen=True)
class Hit:
    topic: str
    start: int  # offsets into the sentence's masked text
    end: int
    label: str


def find_hits(text: str, thesaurus: Thesaurus | None = None) -> list[Hit]:
    """Label matches in ``text`` (already masked/folded or plain), overlaps resolved (module doc)."""
    th = thesaurus or load_thesaurus()
    folded = fold_chars(text)
    lowered = folded.lower()
    direct: list[Hit] = []
    coordinated: list[Hit] = []
    present = sorted(i for key, positions in th.by_key if key in lowered for i in positions)
    for p in (th.patterns[i] for i in present):  # in the thesaurus's order, as if each were tested
        for m in p.regex.finditer(folded):
            if p.coordinated:
                coordinated.append(Hit(p.topic, m.start("head"), m.end("head"), p.label))
            else:
                direct.append(Hit(p.topic, m.start(), m.end(), p.label))
    direct.sort(key=lambda h: (h.start, -(h.end - h.start), h.topic))
    kept: list[Hit] = []
    for h in direct:
        clash = False
        for k in kept:
            if h.start >= k.end or h.end <= k.start:
                continue
            inside = k.start <= h.start and h.end <= k.end
            if not inside or k.topic == h.topic:
                clash = True
                break
        if not clash:
            kept.append(h)
    for h in coordinated:
        if all(h.start >= k.end or h.end <= k.start for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.end, h.topic))


# a capitalised label followed by one of these is the title of a thing *about* the topic (a
# "Transitional Safeguarding Strategy"), not a proper name that only borrows its words
_ABOUT_WORDS = {"strategy", "strategies", "approach", "approaches", "framework", "plan", "plans", "protocol",
                "policy", "policies", "pathway", "pathways", "model", "toolkit", "training", "guidance",
                "procedure", "procedures", "action"}


def _clause_of(sentence: str, offset: int) -> str:
    """The part of ``sentence`` between the clause boundaries (``;``, "but", ...) around ``offset``."""
    start = 0
    for m in CLAUSE_SPLIT.finditer(sentence):
        if m.start() > offset:
            return sentence[start:m.start()]
        start = m.end()
    return sentence[start:]


def passing_reason(sentence: str, hit: Hit, *, footnote: bool = False) -> str | None:
    """Why ``hit`` only names its topic in passing in ``sentence`` (see the module doc), or None."""
    if footnote:
        return "footnote"
    words = sentence[hit.start:hit.end]
    if words[:1].isupper():
        after = NAME_WORD.match(sentence, hit.end)
        if after and after.group("w").lower() not in ("i",) and after.group("w").lower() not in _ABOUT_WORDS:
            return "name"
    if NOT_FOCUS.search(_clause_of(sentence, hit.start)):
        return "not-the-focus"  # only in its own clause: "X was the focus, but Y was not the focus" keeps X
    for m in CONTRAST.finditer(sentence[:hit.start]):
        if not CLAUSE_END.search(sentence[m.end():hit.start]):
            return "contrast"
    for m in SHIFT_FROM.finditer(sentence):
        if m.start("src") <= hit.start and hit.end <= m.end("src"):
            return "shift-from"
    background = BACKGROUND.match(sentence)
    if background and hit.end <= background.end() and background.end() < len(sentence.rstrip(" .")):
        return "background"
    depth, opened = 0, -1
    for i, c in enumerate(sentence[:hit.start]):
        if c == "(":
            depth, opened = depth + 1, i
        elif c == ")" and depth:
            depth -= 1
    if depth:
        close = sentence.find(")", hit.end)
        inner = sentence[opened + 1:close if close >= 0 else len(sentence)]
        if len(inner.split()) > 1 and not ABBREVIATIONS_ONLY.fullmatch(inner):
            return "aside"
    return None


# ---------------------------------------------------------------- tagging a report


@dataclass(frozen=True)
class SentenceHit:
    """One topic named in one sentence of a report (the detail behind the tags, for inspection)."""

    topic: str
    section: str
    sentence: str
    span: Span
    label: str
    passing: str | None


def _footnote_section(bodies: dict[str, list[Unit]], fn: Unit, starts: list[tuple[int, str]]) -> str | None:
    """The section whose text carries the footnote's marker (else the one it is printed in)."""
    number = re.match(f"[{SUPERSCRIPTS}]+", fn.text)
    if number:
        marker = number.group(0)
        for key in BODY_SECTIONS:
            for u in bodies.get(key, []):
                if re.search(f"(?<![{SUPERSCRIPTS}]){marker}(?![{SUPERSCRIPTS}])", u.text):
                    return key
    before = [k for s, k in starts if s <= fn.start]
    return before[-1] if before else None


def _units(report: Report, secs: Sections | None = None
           ) -> tuple[list[tuple[str, Unit, bool]], list[tuple[int, int]]]:
    """(section key, unit, is_footnote) for every piece of prose the tagger reads, in text order."""
    if secs is None:  # the reader passes the sections it made; other callers get them made here
        secs = sectionize(units_of(report.source.text))
    out: list[tuple[str, Unit, bool]] = []
    if "methodology" in secs.details:
        out.append(("methodology", secs.details["methodology"], False))
    for key in BODY_SECTIONS:
        for u in secs.bodies.get(key, []):
            if u.kind != "heading":
                out.append((key, u, False))
    starts = sorted((h.start, k) for k, h in secs.headings.items() if k in BODY_SECTIONS)
    for fn in secs.footnotes:
        cited_in = _footnote_section(secs.bodies, fn, starts)
        if cited_in:
            out.append((cited_in, fn, True))
    return out, [(fn.start, fn.end) for fn in secs.footnotes]


def sentence_hits(report: Report, thesaurus: Thesaurus | None = None, sections: Sections | None = None
                  ) -> list[SentenceHit]:
    """Every (topic, sentence) match in the report, with its in-passing reason (None when it counts)."""
    th = thesaurus or load_thesaurus()
    text = report.source.text
    found: list[SentenceHit] = []
    lines = LineIndex(text)
    units, footnotes = _units(report, sections)
    for key, unit, footnote in units:
        # a unit joined across a page break may enclose the page's footnotes: those are not its text
        inside = [(a - unit.start, b - unit.start) for a, b in footnotes
                  if unit.start < a and b <= unit.end and not footnote]
        masked = mask(text[unit.start:unit.end], inside)
        for s in _sentences(searchable(masked), unit.start):
            hits = find_hits(s.text, th)
            if not hits:
                continue
            sentence = clean_sentence(masked[s.start - unit.start:s.end - unit.start])
            span = Span(s.start, s.end, lines.line(s.start))
            for h in hits:
                found.append(SentenceHit(h.topic, key, sentence, span, h.label,
                                         passing_reason(s.text, h, footnote=footnote)))
    return found


def _evidence(hits: list[SentenceHit]) -> list[TagEvidence]:
    out: list[TagEvidence] = []
    seen: set[tuple[int, int]] = set()
    for h in sorted(hits, key=lambda h: h.span.start):
        if (h.span.start, h.span.end) not in seen:
            seen.add((h.span.start, h.span.end))
            out.append(TagEvidence(h.section, h.sentence, h.span))
    return out


def tag_topics(report: Report, thesaurus: Thesaurus | None = None, sections: Sections | None = None
               ) -> list[TopicTag]:
    """The report's topic tags, in thesaurus (slug) order; see the module doc for the rules.

    ``evidence`` holds the sentences that give the tag its strength (for a focus, the focus
    sentences; for a mention, every sentence naming the topic); ``also`` a focus topic's other
    sentences, so that every sentence naming a topic is kept.
    """
    th = thesaurus or load_thesaurus()
    hits = sentence_hits(report, th, sections)
    tags: list[TopicTag] = []
    for slug in sorted({h.topic for h in hits}):
        mine = [h for h in hits if h.topic == slug]
        focus = _evidence([h for h in mine if h.section in FOCUS_SECTIONS and h.passing is None])
        every = _evidence(mine)
        if focus:
            chosen = {(e.span.start, e.span.end) for e in focus}
            also = [e for e in every if (e.span.start, e.span.end) not in chosen]
            tags.append(TopicTag(slug, th.topics[slug].label, "focus", focus, also))
        else:
            tags.append(TopicTag(slug, th.topics[slug].label, "mention", every, []))
    return tags
