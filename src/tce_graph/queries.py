"""Saved SPARQL queries (``queries/*.rq``): discover, describe, bind parameters, run and format.

The query files follow grlc's conventions so the folder can also be served as a Web API by grlc:

* a header of ``#+`` comment lines holding YAML (``summary``, ``description``, ``tags``,
  ``defaults``, ``enumerate`` ...), read here by a small parser for the YAML subset the headers use;
* parameters are variables named ``?_name`` (required) or ``?__name`` (optional), with an optional
  type suffix: ``_iri`` (an IRI), ``_en`` (or any two-letter language: a language-tagged literal),
  ``_integer``, ``_date`` ... (an ``xsd:`` typed literal), ``_number``, ``_literal``/``_string`` or
  none (a plain literal), ``_prefix_localname`` (a literal typed ``prefix:localname``).

Values are always bound as typed RDF terms by the store (:mod:`tce_graph.store`), never pasted into
the query text, so a value such as ``x" } UNION { ?s ?p ?o } #`` can only ever be a literal that
matches nothing. An ``_iri`` parameter also accepts a prefixed name (``topic:cse``) and, for the
parameters named in :data:`LABELLED`, a label of the node (``-p topic="county lines"``,
``-p partnership=walsall``): it is looked up case-insensitively among the preferred, alternative
and hidden labels (and local names) of the nodes of that class, by a query that binds the class,
never the text.

SPARQL 1.1 leaves the order of the values ``GROUP_CONCAT`` joins to the engine, so the same data
gave "Reading; Walsall" on one backend and "Walsall; Reading" on another. :func:`run_query` sorts
the parts of every column a query builds with ``GROUP_CONCAT(... ; separator="...")``, so every
backend (embedded, in-memory, remote) gives the same answer.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QueryError
from .namespaces import DEFAULT_BASE_IRI, PREFIXES, TCE
from .resources import queries_dir
from .store import SelectResult, Store
from .text import fold, slugify

# Parameters whose value may be given as a label: parameter name -> class of the nodes it names.
LABELLED: dict[str, URIRef] = {
    "topic": TCE.Topic,
    "partnership": TCE.Partnership,
    "region": TCE.Region,
    "agencytype": TCE.AgencyType,
    "theme": TCE.Theme,
    "methodology": TCE.Methodology,
    "delivery": TCE.DeliveryMode,
    "strength": TCE.TagStrength,
}
XSD_TYPES = {"integer", "decimal", "double", "float", "boolean", "date", "dateTime", "gYear", "gYearMonth",
             "string", "int", "long", "nonNegativeInteger", "positiveInteger", "anyURI", "time", "duration"}
FORMATS = ("table", "records", "csv", "tsv", "json")


# ---------------------------------------------------------------- the YAML subset of #+ headers


def _scalar(text: str) -> Any:
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        body = t[1:-1]
        return body.replace("''", "'") if t[0] == "'" else bytes(body, "utf-8").decode("unicode_escape")
    if t.startswith("[") and t.endswith("]"):
        return [_scalar(x) for x in t[1:-1].split(",") if x.strip()]
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    if t in ("", "~", "null"):
        return None
    return t


def parse_header(lines: list[str]) -> dict[str, Any]:
    """Read the YAML of a grlc header (``#+`` prefix removed): top-level keys with scalar, flow-list,
    block-list (``- item`` or ``- key: value``) or block-scalar (``|``, ``>``) values."""
    meta: dict[str, Any] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        m = re.match(r"^(\s*)([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$", line)
        if not m:
            raise QueryError(f"cannot read the #+ header line {line.strip()!r}; expected 'key: value'")
        indent, key, value = len(m.group(1)), m.group(2), (m.group(3) or "").strip()
        i += 1
        block: list[str] = []
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            block.append(lines[i])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        if value in ("|", ">", "|-", ">-"):
            cut = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            body = [b[cut:] for b in block]
            text = "\n".join(body) if value.startswith("|") else " ".join(b.strip() for b in body if b.strip())
            meta[key] = text if value.endswith("-") else text + "\n"  # YAML 'clip' keeps one newline
        elif value:
            meta[key] = _scalar(value)
        elif block and block[0].lstrip().startswith("- ") or (block and block[0].strip() == "-"):
            items: list[Any] = []
            for b in block:
                s = b.strip()
                if not s:
                    continue
                if not s.startswith("-"):
                    raise QueryError(f"cannot read the #+ header list item {s!r} under '{key}'")
                s = s[1:].strip()
                pair = re.match(r"^([A-Za-z_][\w-]*)\s*:\s+(.*)$", s)
                items.append({pair.group(1): _scalar(pair.group(2))} if pair else _scalar(s))
            meta[key] = items
        else:
            meta[key] = " ".join(b.strip() for b in block) or None
    return meta


# ---------------------------------------------------------------- queries and their parameters


@dataclass(frozen=True)
class Parameter:
    name: str  # as given on the command line: topic
    variable: str  # the query variable without '?': _topic_iri
    required: bool
    type: str  # iri | literal | number
    lang: str | None = None
    datatype: str | None = None  # full IRI


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or "")

    @property
    def description(self) -> str:
        return str(self.meta.get("description") or "")

    @property
    def tags(self) -> list[str]:
        tags = self.meta.get("tags") or []
        return [str(t) for t in (tags if isinstance(tags, list) else [tags])]

    @property
    def joined_columns(self) -> dict[str, str]:
        """Result variables built with ``GROUP_CONCAT(... separator="s") AS ?var``: var -> separator."""
        return {m.group("var"): m.group("sep") for m in _JOINED.finditer(self.text)}

    @property
    def defaults(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for d in self.meta.get("defaults") or []:
            if isinstance(d, dict):
                out.update({str(k): str(v) for k, v in d.items()})
        return out


_JOINED = re.compile(r'GROUP_CONCAT\s*\((?:[^()"]|\([^()]*\))*?separator\s*=\s*"(?P<sep>[^"]*)"\s*\)'
                     r'\s*AS\s*\?(?P<var>\w+)', re.I)


def _sort_joined(result: SelectResult, columns: Mapping[str, str]) -> SelectResult:
    """Each joined value's parts in a fixed order (case-folded text, then as written)."""
    if not columns:
        return result
    for row in result.rows:
        for var, sep in columns.items():
            value = row.get(var)
            if isinstance(value, Literal) and sep and sep in str(value):
                parts = sorted(str(value).split(sep), key=_natural)
                row[var] = Literal(sep.join(parts), lang=value.language, datatype=value.datatype)
    return result


def _natural(text: str) -> tuple[str, str]:
    """Sort key: case-folded, numbers by value ("file.txt:9" before "file.txt:10")."""
    return re.sub(r"\d+", lambda m: m.group().zfill(10), fold(text)), text


def _strip_comments_and_strings(sparql: str) -> str:
    """The query with comments, string literals and IRIs blanked (to find variables and prefixes)."""
    out, i, n = [], 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            out.append('""')
            i = j + len(quote)
        elif c == "<":
            m = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>').match(sparql, i)
            out.append(m.group(0) if m else c)
            i = m.end() if m else i + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


_PARAM_VAR = re.compile(r"[?$](?P<var>(?P<req>_{1,2})(?P<name>[A-Za-z0-9]+)(?:_(?P<type>[A-Za-z0-9]+))?"
                        r"(?:_(?P<user>[A-Za-z0-9]+))?)(?![\w])")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)


def _parameters(text: str, prefixes: dict[str, str]) -> dict[str, Parameter]:
    body = _strip_comments_and_strings(text)
    params: dict[str, Parameter] = {}
    for m in _PARAM_VAR.finditer(body):
        if re.fullmatch(r"__agg_\d+__", m.group("var")):
            continue
        name, mtype, user = m.group("name"), m.group("type"), m.group("user")
        kind, lang, datatype = "literal", None, None
        if mtype in ("iri", "number", "literal", "string"):
            kind = "literal" if mtype == "string" else mtype
        elif mtype in XSD_TYPES:
            datatype = str(XSD[mtype])
        elif mtype and len(mtype) == 2 and not user:
            lang = mtype
        elif mtype and user:
            if mtype not in prefixes:
                raise QueryError(f"parameter ?{m.group('var')} uses the undeclared prefix '{mtype}:'")
            datatype = prefixes[mtype] + user
        p = Parameter(name, m.group("var"), m.group("req") == "_", kind, lang, datatype)
        old = params.get(name)
        if old is not None and old.variable != p.variable:
            raise QueryError(f"parameter '{name}' is written two ways (?{old.variable}, ?{p.variable}); "
                             "expected one variable per parameter")
        params[name] = p
    return params


def load_query(path: str | Path, name: str | None = None) -> SavedQuery:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query file {p}: {exc}") from exc
    header = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("#+")]
    meta = parse_header(header)
    prefixes = {**PREFIXES, **{m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(text)}}
    return SavedQuery(name or p.stem, p, text, meta, _parameters(text, prefixes), prefixes)


def list_queries(folder: str | Path | None = None) -> list[SavedQuery]:
    """The saved queries of ``folder`` (default: the shipped ``queries/``), by name."""
    d = Path(folder) if folder else queries_dir()
    return [load_query(f) for f in sorted(d.glob("*.rq"))]


def query_names(folder: str | Path | None = None) -> list[str]:
    d = Path(folder) if folder else queries_dir()
    return sorted(f.stem for f in d.glob("*.rq"))


def get_query(name_or_path: str | Path, folder: str | Path | None = None) -> SavedQuery:
    """A saved query by name (``areas-by-topic``), or any ``.rq`` file by path."""
    text = str(name_or_path)
    d = Path(folder) if folder else queries_dir()
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", text) and not text.endswith(".rq"):
        f = d / f"{text}.rq"
        if f.is_file():
            return load_query(f)
    p = Path(text)
    if p.suffix == ".rq" or "/" in text or "\\" in text:
        if p.is_file():
            return load_query(p)
        raise QueryError(f"no query file at {text}; expected a saved query name or a .rq file")
    raise QueryError(f"no saved query named '{text}'; the saved queries are: {', '.join(query_names(d))}")


# ---------------------------------------------------------------- typed bindings

_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$')
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.-][\w.%:-]*)?$")

_LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?node ?label WHERE {
  ?node a ?class .
  { ?node skos:prefLabel ?label } UNION { ?node skos:altLabel ?label }
  UNION { ?node skos:hiddenLabel ?label } UNION { ?node rdfs:label ?label }
}"""


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def resolve_label(store: Store, cls: URIRef, value: str) -> list[URIRef]:
    """Nodes of ``cls`` one of whose labels (or local name) equals ``value``, ignoring case."""
    want, want_slug = fold(value), slugify(value)
    found: dict[str, URIRef] = {}
    for row in store.select(_LOOKUP, {"class": cls}).rows:
        node, label = row.get("node"), row.get("label")
        if not isinstance(node, URIRef):
            continue
        if (label is not None and fold(str(label)) == want) or _local_name(str(node)) == want_slug \
                and want_slug == fold(value):
            found[str(node)] = node
    return [found[k] for k in sorted(found)]


def _iri_term(value: str, param: Parameter, query: SavedQuery, store: Store | None,
              notes: list[str] | None) -> Node:
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    cls = LABELLED.get(param.name)
    iri = None
    pname = _PNAME.match(v)
    if pname and (pname.group(1) or "") in query.prefixes and not v.startswith(("http:", "https:", "urn:")):
        expanded = query.prefixes[pname.group(1) or ""] + (pname.group(2) or "")
        if _IRI.match(expanded):
            iri = URIRef(expanded)
    if iri is None and _IRI.match(v) and ("://" in v or v.startswith(("urn:", "mailto:", "tag:"))):
        iri = URIRef(v)
    if iri is not None:
        if cls is not None and store is not None and notes is not None \
                and not store.ask("ASK { ?node a ?class }", {"node": iri, "class": cls}):
            notes.append(f"<{iri}> is not a {param.name} in the data ({_local_name(str(cls))}), so the query "
                         f"matches nothing; a {param.name} may also be given by its label")
        return iri
    if cls is not None and store is not None:
        nodes = resolve_label(store, cls, value)
        if len(nodes) == 1:
            return nodes[0]
        if len(nodes) > 1:
            raise QueryError(f"'{value}' names more than one {param.name}: "
                             + ", ".join(f"<{n}>" for n in nodes) + "; give the IRI")
    if notes is not None:
        what = f"no {param.name} is labelled {value!r}" if cls is not None else f"{value!r} is not an IRI"
        notes.append(f"{what}; parameter {param.name} was bound to it as a literal, which matches nothing")
    return Literal(value)


def parameter_term(param: Parameter, value: str, query: SavedQuery, store: Store | None = None,
                   notes: list[str] | None = None) -> Node:
    """The RDF term a command-line value stands for, typed by the parameter's grlc suffix."""
    if param.type == "iri":
        return _iri_term(value, param, query, store, notes)
    if param.type == "number":
        try:
            return Literal(int(value)) if re.fullmatch(r"[+-]?\d+", value.strip()) else Literal(Decimal(value))
        except InvalidOperation:
            raise QueryError(f"parameter {param.name} expects a number, got {value!r}") from None
    if param.lang:
        return Literal(value, lang=param.lang)
    if param.datatype:
        lit = Literal(value, datatype=URIRef(param.datatype))
        if getattr(lit, "ill_typed", False):
            raise QueryError(f"parameter {param.name} expects an {_local_name(param.datatype)}, got {value!r}")
        return lit
    return Literal(value)


def check_parameters(query: SavedQuery, params: Mapping[str, str] | None) -> dict[Parameter, str]:
    """Match ``params`` to the query's parameters by name (or variable); raise on unknown, repeated
    or missing required ones. Needs no store, so a command can check before it opens one."""
    by_variable = {p.variable: p for p in query.parameters.values()}
    matched: dict[Parameter, str] = {}
    for key, value in dict(params or {}).items():
        name = key.lstrip("?$")
        param = query.parameters.get(name) or by_variable.get(name)
        if param is None:
            valid = ", ".join(sorted(query.parameters)) if query.parameters else None
            raise QueryError(f"query '{query.name}' has no parameter '{key}'; "
                             + (f"its parameters are: {valid}" if valid else "it takes no parameters"))
        if param in matched:
            raise QueryError(f"parameter {param.name} is given twice")
        matched[param] = str(value)
    missing = [p for p in query.parameters.values() if p.required and p not in matched]
    if missing:
        hints = " ".join(f"-p {p.name}={query.defaults.get(p.name, 'VALUE')}" for p in missing)
        raise QueryError(f"query '{query.name}' needs the parameter(s) {', '.join(p.name for p in missing)}; "
                         f"for example {hints}")
    return matched


def bind_parameters(query: SavedQuery, params: Mapping[str, str] | None, store: Store | None = None,
                    notes: list[str] | None = None) -> dict[str, Node]:
    """Check ``params`` against the query's parameters and turn them into typed bindings."""
    return {p.variable: parameter_term(p, value, query, store, notes)
            for p, value in check_parameters(query, params).items()}


def run_query(name_or_path: "str | Path | SavedQuery", params: Mapping[str, str] | None = None, store: Store | None = None,
              *, notes: list[str] | None = None, folder: str | Path | None = None) -> SelectResult:
    """Run a saved query (by name) or a ``.rq`` file on ``store`` (default: the embedded store)."""
    query = name_or_path if isinstance(name_or_path, SavedQuery) else get_query(name_or_path, folder)
    if store is None:
        from .store import open_store
        store = open_store()
    bindings = bind_parameters(query, params, store, notes)
    return _sort_joined(store.select(query.text, bindings), query.joined_columns)


# ---------------------------------------------------------------- result formats


def compact(iri: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """``topic:transitional-safeguarding`` for a known namespace, else the IRI in angle brackets."""
    best = ("", "")
    for prefix, ns in [*PREFIXES.items(), ("id", base_iri)]:
        if iri.startswith(ns) and len(ns) > len(best[1]) and re.fullmatch(r"[\w.%-]*", iri[len(ns):]):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best[1] else f"<{iri}>"


def cell_text(term: Node | None) -> str:
    """A value as a table shows it: IRIs compacted, literals as their text, on one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
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
    """One block per solution, a line per variable, long values wrapped, nothing cut (like psql's \\x)."""
    import textwrap

    total = width or shutil.get_terminal_size((100, 24)).columns
    names = list(result.variables)
    label = max((len(n) for n in names), default=0)
    room = max(20, total - label - 2)
    out: list[str] = []
    for i, r in enumerate(result.rows, start=1):
        out.append(f"-[ {i} ]" + "-" * max(0, min(total, label + 2 + room) - len(f"-[ {i} ]")))
        for n in names:
            lines = textwrap.wrap(cell_text(r.get(n)), room, break_long_words=True, break_on_hyphens=False) or [""]
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
            "results": {"bindings": [{n: json_term(r[n]) for n in result.variables if r.get(n) is not None}
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
