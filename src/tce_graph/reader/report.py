"""parse_report(): a report file -> sections -> fields -> :class:`~tce_graph.model.Report`."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReportFormatError
from ..model import Item, Report, ReportWarning, Section, SourceText
from ..sources import read_source, source_from_bytes
from . import concepts, places, signoff
from . import reflections as theme_reflections
from .agencies import split_agencies
from .citations import cited_resources, mentions
from .dates import project_dates
from .items import clean, headed_items, inline_items, list_items, render, span_of
from .labels import SECTION_TITLES
from .sections import Sections, sectionize
from .text import strip_markup
from .topics import tag_topics
from .units import units_of

REQUIRED_DETAILS = ("partnership", "agencies", "region", "commenced")
OPTIONAL_SECTIONS = ("reasons", "goal", "approaches", "key_issues", "joining", "learning", "evidence",
                     "immediate", "signoff")


def parse_report(source: str | Path | bytes | SourceText, *, name: str | None = None) -> Report:
    """Read one TCE Project Learning Report.

    ``source`` is a path, raw bytes (give ``name``), or an already decoded :class:`SourceText`; a
    text, PDF, Word (.docx) or HTML file (see :mod:`tce_graph.sources`).
    Raises :class:`~tce_graph.errors.ReportFormatError` when the file is not a readable report;
    returns a :class:`Report` whose ``warnings`` list what was odd but recoverable.
    """
    warnings: list[ReportWarning] = []
    if isinstance(source, SourceText):
        src = source
    elif isinstance(source, bytes):
        src = source_from_bytes(source, name=name or "<bytes>", warnings=warnings)
    else:
        src = read_source(source, warnings)
    try:
        secs = sectionize(units_of(src.text))
        _require_details(secs, src)
        report = _build_model(src, secs, warnings)
        report.topics = tag_topics(report, sections=secs)  # tagged once, from the same sections
        return report
    except ReportFormatError:
        raise
    except Exception as exc:  # a reader bug must still name the file, never surface as a traceback
        raise ReportFormatError(f"could not be read ({type(exc).__name__}: {exc}); expected a TCE Project "
                                "Learning Report in a layout tce-graph understands", file=src.path or src.name) from exc


def _require_details(secs: Sections, src: SourceText) -> None:
    where = src.path or src.name
    if secs.second_report is not None:
        raise ReportFormatError("holds a second report: its details table ('Partnership Name:', 'Core partner "
                                "agencies involved:') starts here, after the first report's sections; expected one "
                                "report per file: split the file at this line", file=where,
                                line=secs.second_report.line)
    if not secs.details:
        looks = "Project Learning Report" in src.text or "Bespoke Support Project" in src.text
        what = "has no details table" if looks else "is not a TCE Project Learning Report"
        raise ReportFormatError(
            f"{what}; expected a details table with rows such as 'Partnership Name:' and "
            "'Core partner agencies involved:'", file=where, line=1)
    missing = [k for k in REQUIRED_DETAILS if k not in secs.details]
    if missing:
        after = max((u.line for u in secs.details.values()), default=1)
        labels = {"partnership": "Partnership Name", "agencies": "Core partner agencies involved",
                  "region": "Regional Area", "commenced": "Date BSP commenced"}
        raise ReportFormatError(
            "details table lacks " + ", ".join(f"'{labels[k]}:'" for k in missing)
            + "; expected every required row of the details table", file=where, line=after)


def _build_model(src: SourceText, secs: Sections, warnings: list[ReportWarning]) -> Report:
    d = secs.details
    spans = {k: u.span for k, u in d.items()}
    partnership = _one_line(d["partnership"].text)
    agencies = split_agencies(d["agencies"], warnings)
    count, las = places.local_authorities(d["la_count"], warnings) if "la_count" in d else (None, [])
    if "la_count" not in d:
        warnings.append(ReportWarning("details table has no 'Number of Local Authority areas covered' row",
                                      fix="add the row to the details table, with the number of areas and their "
                                          "councils ('Two: Bristol, South Gloucestershire')"))
    authorities = places.authorities(d["partnership"], d.get("la_count"), count, las, agencies, warnings)
    context = " ".join([partnership] + [a.name for a in agencies] + las)
    region = places.region(d["region"], context, warnings)
    commenced, ended = project_dates(d["commenced"], warnings)
    methods = concepts.methodologies(d["methodology"], warnings) if "methodology" in d else []
    delivery = concepts.delivery(d["delivery"], warnings) if "delivery" in d else None
    for key, label in (("size", "BSP Project Size"), ("methodology", "BSP Methodology"),
                       ("delivery", "Digital / Face to face / Mixed Delivery")):
        if key not in d:
            warnings.append(ReportWarning(f"details table has no '{label}' row",
                                          fix=f"add a '{label}' row to the details table"))

    b = secs.bodies
    for key in OPTIONAL_SECTIONS:
        if key not in secs.headings:
            warnings.append(ReportWarning(f"report has no '{SECTION_TITLES[key]}' section",
                                          fix=f"if the report has this section under another heading, head it "
                                              f"'{SECTION_TITLES[key]}'; else nothing is lost"))
        elif key != "signoff" and not [u for u in b.get(key, []) if u.kind != "heading"]:
            warnings.append(ReportWarning(f"section '{SECTION_TITLES[key]}' is empty", secs.headings[key].line,
                                          fix="if its text sits elsewhere (after a page break, in a table), move "
                                              "it under the heading; else nothing is lost"))

    sections: list[Section] = []
    for key in secs.order:
        units = [u for u in b.get(key, []) if u.kind != "heading"]
        sp = span_of(units)
        if key in b and sp is not None:
            sections.append(Section(key=key, title=" ".join(strip_markup(secs.headings[key].text).split()).rstrip(": "),
                                    text=render(units), span=sp))

    def text_of(key: str) -> str | None:
        units = [u for u in b.get(key, []) if u.kind != "heading"]
        if not units:
            return None
        spans[key] = span_of(units)  # type: ignore[assignment]  # units is not empty
        return render(units)

    listed, reflections = theme_reflections.reflections(b.get("joining", []), warnings)
    signatures = signoff.signatures(secs.signoff, warnings)
    return Report(
        source=src,
        partnership=partnership,
        agencies=agencies,
        local_authority_count=count,
        stated_local_authorities=_flat(d["la_count"].text) if "la_count" in d else None,
        local_authorities=las,
        region=region,
        size=_one_line(d["size"].text) if "size" in d else None,
        stated_methodology=_flat(d["methodology"].text) if "methodology" in d else None,
        methodologies=methods,
        delivery=delivery,
        stated_delivery=_flat(d["delivery"].text) if "delivery" in d else None,
        commenced=commenced,
        ended=ended,
        stated_dates=_flat(d["commenced"].text),
        summary=text_of("summary"),
        reasons=text_of("reasons"),
        goal=text_of("goal"),
        approaches=_approaches(b.get("approaches", [])),
        key_issues=_headed(b.get("key_issues", [])),
        listed_themes=listed,
        reflections=reflections,
        learning=_headed(b.get("learning", [])),
        actions=_actions(b.get("evidence", [])),
        immediate_reflections=text_of("immediate"),
        signatures=signatures,
        resources=cited_resources(b, secs.footnotes, warnings),
        mentions=mentions(b, partnership),
        sections=sections,
        authorities=authorities,
        spans=spans,
        warnings=warnings,
    )


def _flat(raw: str) -> str:
    return " ".join(strip_markup(raw).split())


def _one_line(raw: str) -> str:
    """A single-valued field as one line: markup removed, wrapped lines joined."""
    return " ".join(strip_markup(raw).split()).strip(" .")


def _paragraph_items(units) -> list[Item]:
    return [Item(text=clean(u), span=u.span) for u in units if u.kind == "para"]


def _headed(units) -> list[Item]:
    intro, items = headed_items(units)
    return items or _paragraph_items(intro) + list_items(intro)


def _approaches(units) -> list[Item]:
    listed = list_items(units)
    if listed:
        return listed
    _, items = headed_items(units)
    # methods named in a sentence, else each paragraph: prose about approaches is never dropped
    return items or inline_items(units) or _paragraph_items(units)


def _actions(units) -> list[Item]:
    """Each bullet or headed commitment is an action; plain paragraphs only when there is nothing else."""
    intro, headed = headed_items(units)
    listed = list_items(intro)
    if listed or headed:
        return listed + headed
    return _paragraph_items(intro)
