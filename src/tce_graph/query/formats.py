"""Result formats: tables and records for reading; CSV, TSV and JSON as SPARQL 1.1 defines them."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError
from ..namespaces import DEFAULT_BASE_IRI, PREFIXES
from ..stores.base import SelectResult

FORMATS = ("table", "records", "csv", "tsv", "json")


# ---------------------------------------------------------------- result formats


def compact(iri: str, base_iri: str = DEFAULT_BASE_IRI, *, brackets: bool = True) -> str:
    """``topic:transitional-safeguarding`` for a known namespace, else the IRI (in angle brackets unless
    ``brackets`` is false: a table shows it bare, to be copied and pasted)."""
    best = ("", "")
    for prefix, ns in [*PREFIXES.items(), ("id", base_iri)]:
        if iri.startswith(ns) and len(ns) > len(best[1]) and re.fullmatch(r"[\w.%-]*", iri[len(ns):]):
            best = (prefix, ns)
    if best[1]:
        return f"{best[0]}:{iri[len(best[1]):]}"
    return f"<{iri}>" if brackets else iri


def cell_text(term: Node | None) -> str:
    """A value as a table shows it: IRIs compacted (another IRI bare), literals as their text, on one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term), brackets=False)
    if isinstance(term, BNode):
        return f"_:{term}"
    return re.sub(r"\s+", " ", str(term)).strip()


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``: the widest columns give way first, none below its floor."""
    if sum(widths) <= room:
        return widths
    lo, hi = 1, max(widths)
    while lo < hi:  # largest cap c with sum(max(floor, min(w, c))) <= room
        mid = (lo + hi + 1) // 2
        if sum(max(f, min(w, mid)) for w, f in zip(widths, floors)) <= room:
            lo = mid
        else:
            hi = mid - 1
    out = [max(f, min(w, lo)) for w, f in zip(widths, floors)]
    spare = room - sum(out)
    for i in sorted(range(len(out)), key=lambda i: -widths[i]):  # hand out what is left
        if spare <= 0:
            break
        extra = min(spare, widths[i] - out[i])
        out[i] += extra
        spare -= extra
    return out


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else (text[: max(0, width - 1)] + "…" if width > 0 else "")


def format_table(result: SelectResult, width: int | None = None) -> str:
    """An aligned text table that fits ``width`` columns (default: the terminal's), cells cut with …"""
    total = width or shutil.get_terminal_size((100, 24)).columns
    names = list(result.variables)
    if not names:
        return ""
    rows = [[cell_text(r.get(n)) for n in names] for r in result.rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    gap = 2
    room = max(len(names), total - gap * (len(names) - 1))
    floors = [min(w, max(3, min(len(n), 14))) for w, n in zip(widths, names)]  # headers stay readable
    while sum(floors) > room and max(floors) > 3:  # too narrow even for the headers: cut the longest
        i = floors.index(max(floors))
        floors[i] -= 1
    cols = _fit(widths, floors, room)
    lines = ["  ".join(_clip(n, w).ljust(w) for n, w in zip(names, cols)).rstrip(),
             "  ".join("-" * w for w in cols)]
    for r in rows:
        lines.append("  ".join(_clip(c, w).ljust(w) for c, w in zip(r, cols)).rstrip())
    return "\n".join(lines) + "\n"


def table_is_clipped(result: SelectResult, width: int | None = None) -> bool:
    """Whether :func:`format_table` at this width cuts any cell (``--format records`` shows all)."""
    return "…" in "".join(format_table(result, width).splitlines()[2:])


def format_records(result: SelectResult, width: int | None = None) -> str:
    """One block per solution, a line per variable, long values wrapped at spaces, nothing cut (like
    psql's \\x): a word longer than the line (an address) stays whole, so it can be copied."""
    import textwrap

    total = width or shutil.get_terminal_size((100, 24)).columns
    names = list(result.variables)
    label = max((len(n) for n in names), default=0)
    room = max(20, total - label - 2)
    out: list[str] = []
    longest = max((len(cell_text(r.get(n))) for r in result.rows for n in names), default=0)
    rule = min(total, 100, label + 2 + max(longest, 20))  # as wide as the values, at most the line (or 100)
    for i, r in enumerate(result.rows, start=1):
        out.append(f"-[ {i} ]" + "-" * max(0, rule - len(f"-[ {i} ]")))
        for n in names:
            lines = textwrap.wrap(cell_text(r.get(n)), room, break_long_words=False, break_on_hyphens=False) or [""]
            out.append(f"{n.ljust(label)}  {lines[0]}".rstrip())
            out.extend(f"{'':<{label}}  {line}" for line in lines[1:])
    return "\n".join(out) + ("\n" if out else "")


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_csv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results CSV: header of variable names, lexical values, CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    for r in result.rows:
        w.writerow([_csv_value(r.get(n)) for n in result.variables])
    return buf.getvalue()


_TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


_NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.double)}


def tsv_term(term: Node | None) -> str:
    """A term in the Turtle/N-Triples syntax of SPARQL 1.1 TSV results ('' when unbound)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lit: Literal = term  # type: ignore[assignment]
    dt = str(lit.datatype) if lit.datatype is not None else None
    if dt in _NUMERIC and re.fullmatch(r"[+-]?(\d+|\d*\.\d+|(\d+\.?\d*|\.\d+)[eE][+-]?\d+)", str(lit)) \
            and (dt != str(XSD.decimal) or "." in str(lit)) and (dt != str(XSD.double) or "e" in str(lit).lower()):
        return str(lit)
    body = "".join(_TSV_ESCAPES.get(c, c) for c in str(lit))
    if lit.language:
        return f'"{body}"@{lit.language}'
    if dt and dt != str(XSD.string):
        return f'"{body}"^^<{dt}>'
    return f'"{body}"'


def format_tsv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` header, terms in Turtle syntax, LF line ends."""
    lines = ["\t".join(f"?{n}" for n in result.variables)]
    for r in result.rows:
        lines.append("\t".join(tsv_term(r.get(n)) for n in result.variables))
    return "\n".join(lines) + "\n"


def json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    lit: Literal = term  # type: ignore[assignment]
    out = {"type": "literal", "value": str(lit)}
    if lit.language:
        out["xml:lang"] = lit.language
    elif lit.datatype is not None and str(lit.datatype) != str(XSD.string):
        out["datatype"] = str(lit.datatype)
    return out


def format_json(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results JSON (``head.vars``, ``results.bindings``; unbound values left out)."""
    data = {"head": {"vars": list(result.variables)},
            "results": {"bindings": [{n: json_term(v) for n in result.variables if (v := r.get(n)) is not None}
                                     for r in result.rows]}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_result(result: SelectResult, fmt: str = "table", *, width: int | None = None) -> str:
    if fmt == "table":
        return format_table(result, width)
    if fmt == "records":
        return format_records(result, width)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "tsv":
        return format_tsv(result)
    if fmt == "json":
        return format_json(result)
    raise QueryError(f"unknown result format '{fmt}'; expected one of: {', '.join(FORMATS)}")
