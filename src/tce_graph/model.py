"""The typed model of a TCE Project Learning Report. Plain dataclasses: no RDF here.

Every extracted value keeps the :class:`Span` of source text it came from (character offsets
into :attr:`SourceText.text`, the decoded report with line endings normalised to ``\\n``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` of the decoded source text; ``line`` is 1-based."""

    start: int
    end: int
    line: int

    def cover(self, other: Span | None) -> Span:
        if other is None:
            return self
        first = self if self.start <= other.start else other
        return Span(min(self.start, other.start), max(self.end, other.end), first.line)


@dataclass
class SourceText:
    """A report file as read: its decoded text and the facts needed to cite it.

    For a PDF, Word or HTML document, ``text`` is the text extracted from it (what every span counts
    characters in) while ``sha256`` and ``byte_size`` are those of the file's own bytes; ``extractor``
    names the library and version that extracted it ("pypdf 5.1.0"), ``media_type`` the file's format.
    """

    name: str
    text: str
    sha256: str
    byte_size: int
    encoding: str
    path: str | None = None
    media_type: str = "text/plain"
    extractor: str | None = None  # None: the text is the file's own, decoded


@dataclass
class Agency:
    name: str
    type: str  # slug of the agency-type concept: police, local-authority, ...
    span: Span | None = None
    parent: str | None = None  # the organisation a department belongs to


@dataclass
class LocalAuthority:
    """A local authority the report names or implies: the council (an organisation) and, kept apart, the
    area it governs as the ONS lookup has it (``ontology/local-authorities.ttl``)."""

    stated: str  # the words the report names it by: "Walsall Council", "Birmingham" (a partnership's name)
    council: str  # the council's name: a core agency's when the report lists it, else built from ``stated``
    named: bool  # whether the report names the council (False: implied by a place, "Birmingham local authority")
    area: str | None  # the area's ONS GSS code (E06/E07/E08/E09/E10), None when the lookup has no such place
    area_name: str | None  # the area's name in the ONS lookup ("Bristol, City of")
    span: Span | None = None  # where the report names it (the local-authority field, the partnership, an agency)


@dataclass
class Region:
    stated: str
    name: str | None  # canonical English region, None when it cannot be decided
    gss: str | None  # ONS GSS code, e.g. E12000005
    slug: str | None


@dataclass
class Methodology:
    slug: str
    label: str
    known: bool = True


@dataclass
class Item:
    """A headed or unheaded piece of a section: an approach, key issue, learning point or action."""

    text: str
    span: Span
    heading: str | None = None


@dataclass
class ThemeReflection:
    theme: str | None  # slug of the canonical theme; None when the report does not say which
    stated: str | None  # the report's own wording of the theme
    text: str
    span: Span


@dataclass
class Signature:
    side: str  # local-area | tce-lead
    name: str | None
    role: str | None
    date: date | None
    stated_date: str | None
    span: Span


@dataclass
class Citation:
    section: str
    span: Span


@dataclass
class CitedResource:
    title: str
    url: str | None  # None when the report's link target was lost
    url_lost: bool
    stated_address: str | None = None  # the address as written, when it cannot be a URL (not a valid IRI)
    footnote: str | None = None
    footnote_number: int | None = None
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Mention:
    name: str
    kind: str  # organisation | programme
    spans: list[Span] = field(default_factory=list)


@dataclass
class Section:
    key: str  # canonical section key: reasons, goal, approaches, key_issues ...
    title: str  # the heading as the report wrote it
    text: str  # cleaned text of the section body
    span: Span


@dataclass
class ReportWarning:
    message: str
    line: int | None = None
    fix: str = ""  # what to change in the report so that the warning goes away

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class TagEvidence(NamedTuple):
    """A sentence that names a topic."""

    section: str  # section key: methodology, summary, reasons, goal, approaches, ...
    sentence: str  # the sentence, markup removed and whitespace collapsed
    span: Span  # the sentence's exact range in report.source.text


@dataclass
class TopicTag:
    """A topic the report is about (``focus``) or names (``mention``), with the sentences behind it."""

    topic: str  # slug of the topic concept, e.g. transitional-safeguarding
    label: str  # its preferred label in the thesaurus
    strength: str  # focus | mention
    evidence: list[TagEvidence] = field(default_factory=list)  # the sentences that give the strength
    also: list[TagEvidence] = field(default_factory=list)  # a focus topic's other sentences


@dataclass
class Report:
    source: SourceText
    partnership: str
    agencies: list[Agency]
    local_authority_count: int | None
    stated_local_authorities: str | None
    local_authorities: list[str]
    region: Region | None
    size: str | None
    stated_methodology: str | None
    methodologies: list[Methodology]
    delivery: str | None  # digital | face-to-face | mixed
    stated_delivery: str | None
    commenced: str | None  # ISO year-month, YYYY-MM
    ended: str | None
    stated_dates: str | None
    summary: str | None = None
    reasons: str | None = None
    goal: str | None = None
    approaches: list[Item] = field(default_factory=list)
    key_issues: list[Item] = field(default_factory=list)
    listed_themes: list[ThemeReflection] = field(default_factory=list)
    reflections: list[ThemeReflection] = field(default_factory=list)
    learning: list[Item] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)
    immediate_reflections: str | None = None
    signatures: list[Signature] = field(default_factory=list)
    resources: list[CitedResource] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    topics: list[TopicTag] = field(default_factory=list)  # tagged by the reader (reader/topics.py)
    authorities: list[LocalAuthority] = field(default_factory=list)  # named or implied, with their areas
    spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[ReportWarning] = field(default_factory=list)

    @property
    def slug(self) -> str:
        from .reader.text import slugify

        base = slugify(self.partnership)
        return f"{base}-{self.commenced}" if self.commenced else base

    @property
    def themes(self) -> list[str]:
        """Canonical theme slugs the report reflects on (headed reflections, else its theme list)."""
        seen: list[str] = []
        source = [r for r in self.reflections if r.theme] or self.listed_themes
        for r in source:
            if r.theme and r.theme not in seen:
                seen.append(r.theme)
        return seen

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The model as plain JSON-ready data (dates as ISO strings)."""
        return _plain(asdict(self))

    def to_json(self) -> str:
        """The report as JSON text: the form `tce-graph extract --format json` prints (each field with
        its source span)."""
        import json

        from .reader.as_json import report_json

        return json.dumps(report_json(self), indent=2, ensure_ascii=False)

    def __repr__(self) -> str:
        return (f"<Report {self.partnership!r} from {self.source.name}: {len(self.agencies)} agencies, "
                f"{len(self.topics)} topics, {len(self.actions)} actions, {len(self.warnings)} warning(s)>")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class TopicBrief(NamedTuple):
    topic: str
    strength: str


@dataclass(frozen=True)
class ReportBrief:
    """What a build needs of a report whatever else it does: its slug, where it was read from, its
    warnings, and what the dataset description says of it (region, areas, focus topics, dates). The
    build cache keeps it apart from the whole report, which a rebuild reads only when asked for; its
    attributes have the names of :class:`Report`'s, so the description reads either."""

    slug: str
    path: str  # the file as given to the build (its name when read from text)
    warnings: tuple[ReportWarning, ...]
    region: Region | None
    authorities: tuple[LocalAuthority, ...]
    topics: tuple[TopicBrief, ...]
    commenced: str | None
    ended: str | None

    @classmethod
    def of(cls, report: Report) -> ReportBrief:
        return cls(report.slug, report.source.path or report.source.name, tuple(report.warnings), report.region,
                   tuple(report.authorities), tuple(TopicBrief(t.topic, t.strength) for t in report.topics),
                   report.commenced, report.ended)
