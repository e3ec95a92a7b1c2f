"""Saved queries: discovery in queries/, the #+ header and the typed ?_parameters."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib.namespace import XSD

from ..bundled import queries_dir
from ..errors import QueryError
from ..namespaces import PREFIXES
from ..stores.sparql import tokens

XSD_TYPES = {"integer", "decimal", "double", "float", "boolean", "date", "dateTime", "gYear", "gYearMonth",
             "string", "int", "long", "nonNegativeInteger", "positiveInteger", "anyURI", "time", "duration"}


# ---------------------------------------------------------------- #+ headers (YAML, as grlc reads them)


def header_lines(text: str) -> tuple[list[str], list[int]]:
    """The ``#+`` lines of a query with the ``#+`` removed, and their 1-based line numbers in the file.

    grlc takes the lines that start with ``#+`` and strips that prefix (``row.lstrip("#+")``); the
    space after it is kept, which indents every line alike and so leaves the YAML unchanged."""
    lines, numbers = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if s.startswith("#+"):
            lines.append(s[2:])
            numbers.append(n)
    return lines, numbers


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """A one-line description of a YAML error, and the 0-based header line it points at."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(x for x in (exc.context, exc.problem) if x) or type(exc).__name__
        return " ".join(what.split()), (mark.line if mark is not None else None)
    return " ".join(str(exc).split()) or type(exc).__name__, None


def parse_header(lines: list[str], *, file: str | Path | None = None,
                 line_numbers: list[int] | None = None) -> dict[str, Any]:
    """The YAML of a grlc header (its lines with the ``#+`` prefix removed), read with
    ``yaml.safe_load`` as grlc reads it: a mapping of keys to values (``summary``, ``description``,
    ``tags``, ``defaults``, ``enumerate``, ...), or ``{}`` for no header.

    A header that is not YAML, or not a mapping, raises :class:`QueryError` naming ``file`` and the
    line (``line_numbers[i]`` is the file line of ``lines[i]``; without them, the header line)."""
    def where(index: int | None) -> int | None:
        if not lines:
            return None
        k = min(max(index or 0, 0), len(lines) - 1)
        return line_numbers[k] if line_numbers else k + 1

    try:
        meta = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        problem, index = _yaml_problem(exc)
        raise QueryError(f"the #+ header is not valid YAML: {problem}", file=str(file) if file else None,
                         line=where(index)) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise QueryError(f"the #+ header is a YAML {type(meta).__name__}, not a mapping; expected lines "
                         "such as '#+ summary: ...'", file=str(file) if file else None, line=where(0))
    return meta


# ---------------------------------------------------------------- queries and their parameters


JOINED = re.compile(r'GROUP_CONCAT\s*\((?:[^()"]|\([^()]*\))*?separator\s*=\s*"(?P<sep>[^"]*)"\s*\)'
                    r'\s*AS\s*\?(?P<var>\w+)', re.I)


def kebab(name: str) -> str:
    """A parameter's name as given on the command line: the variable's name in kebab case
    (``?_agencyType_iri`` -> ``agency-type``; a SPARQL variable cannot hold a hyphen)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def _named(items: Any) -> dict[str, str]:
    """A header's list of one-key mappings (``- topic: value``, as grlc writes ``defaults``) as name -> value."""
    out: dict[str, str] = {}
    for d in ([items] if isinstance(items, dict) else items or []):
        if isinstance(d, dict):
            out.update({kebab(str(k)): str(v) for k, v in d.items()})
    return out


@dataclass(frozen=True)
class Parameter:
    name: str  # as given on the command line: topic, agency-type
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
        return {m.group("var"): m.group("sep") for m in JOINED.finditer(self.text)}

    @property
    def defaults(self) -> dict[str, str]:
        """``#+ defaults``: the value a parameter takes when it is not given (grlc's Swagger default)."""
        return _named(self.meta.get("defaults"))

    @property
    def examples(self) -> dict[str, str]:
        """``#+ examples`` (tce-graph's own key), then the defaults: a value to show for each parameter."""
        return {**self.defaults, **_named(self.meta.get("examples"))}


# a grlc parameter, as a variable name without its ? or $: _name, __name, _name_type, _name_prefix_datatype
_PARAM_VAR = re.compile(r"(?P<req>_{1,2})(?P<name>[A-Za-z0-9]+)(?:_(?P<type>[A-Za-z0-9]+))?"
                        r"(?:_(?P<user>[A-Za-z0-9]+))?")


def _prefix_declarations(text: str) -> dict[str, str]:
    """The ``PREFIX p: <iri>`` declarations of a query (outside comments and strings): prefix -> IRI."""
    toks = list(tokens(text))
    return {toks[k + 1][2][:-1]: toks[k + 2][2][1:-1]
            for k, (kind, _pos, word) in enumerate(toks[:-2])
            if kind == "word" and word.upper() == "PREFIX" and toks[k + 1][0] == "pname"
            and toks[k + 1][2].endswith(":") and toks[k + 2][0] == "iri"}


def _parameters(text: str, prefixes: dict[str, str]) -> dict[str, Parameter]:
    params: dict[str, Parameter] = {}
    for token, _pos, var in tokens(text):
        m = _PARAM_VAR.fullmatch(var[1:]) if token == "var" else None
        if m is None or re.fullmatch(r"__agg_\d+__", m.group(0)):
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
                raise QueryError(f"parameter ?{m.group(0)} uses the undeclared prefix '{mtype}:'")
            datatype = prefixes[mtype] + user
        p = Parameter(kebab(name), m.group(0), m.group("req") == "_", kind, lang, datatype)
        old = params.get(p.name)
        if old is not None and old.variable != p.variable:
            raise QueryError(f"parameter '{p.name}' is written two ways (?{old.variable}, ?{p.variable}); "
                             "expected one variable per parameter")
        params[p.name] = p
    return params


def load_query(path: str | Path, name: str | None = None) -> SavedQuery:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query file {p}: {exc}") from exc
    lines, numbers = header_lines(text)
    meta = parse_header(lines, file=p, line_numbers=numbers)
    try:
        prefixes = {**PREFIXES, **_prefix_declarations(text)}
        parameters = _parameters(text, prefixes)
    except QueryError as exc:
        raise QueryError(exc.message, file=str(p)) from None
    return SavedQuery(name or p.stem, p, text, meta, parameters, prefixes)


def _folders(folder: str | Path | None, user: str | Path | None) -> list[Path]:
    """Where saved queries are looked for, first match wins: the user's folder, then ``folder`` (default:
    the shipped ``queries/``)."""
    return ([Path(user)] if user else []) + [Path(folder) if folder else queries_dir()]


def _files(folder: str | Path | None, user: str | Path | None) -> dict[str, Path]:
    """Query name -> its file; a user's query replaces a bundled one of the same name."""
    if user and not Path(user).is_dir():
        raise QueryError(f"no queries folder at {user}; expected a folder of .rq files (--queries DIR or "
                         "TCE_GRAPH_QUERIES)")
    found: dict[str, Path] = {}
    for d in reversed(_folders(folder, user)):
        found.update({f.stem: f for f in d.glob("*.rq")})
    return dict(sorted(found.items()))


def shadowed(folder: str | Path | None = None, user: str | Path | None = None) -> list[str]:
    """The names of the user's queries that replace a bundled query of the same name."""
    if not user:
        return []
    bundled = Path(folder) if folder else queries_dir()
    return sorted(n for n, f in _files(folder, user).items() if (bundled / f.name).is_file() and f.parent != bundled)


def list_queries(folder: str | Path | None = None, *, user: str | Path | None = None) -> list[SavedQuery]:
    """The saved queries of ``folder`` (default: the shipped ``queries/``) and of the ``user``'s folder,
    by name; a user's query replaces a bundled one of the same name."""
    return [load_query(f) for f in _files(folder, user).values()]


def query_names(folder: str | Path | None = None, *, user: str | Path | None = None) -> list[str]:
    return list(_files(folder, user))


def get_query(name_or_path: str | Path, folder: str | Path | None = None, *,
              user: str | Path | None = None) -> SavedQuery:
    """A saved query by name (``areas-by-topic``; the user's folder first), or any ``.rq`` file by path."""
    text = str(name_or_path)
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", text) and not text.endswith(".rq"):
        f = _files(folder, user).get(text)
        if f is not None:
            return load_query(f)
    p = Path(text)
    if p.suffix == ".rq" or "/" in text or "\\" in text:
        if p.is_file():
            return load_query(p)
        raise QueryError(f"no query file at {text}; expected a saved query name or a .rq file")
    raise QueryError(f"no saved query named '{text}'; the saved queries are: "
                     f"{', '.join(query_names(folder, user=user))}")
