"""Saved queries: discovery in queries/, the #+ header and the typed ?_parameters."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from rdflib.namespace import XSD
from ..bundled import queries_dir
from ..errors import QueryError
from ..namespaces import PREFIXES


XSD_TYPES = {"integer", "decimal", "double", "float", "boolean", "date", "dateTime", "gYear", "gYearMonth",
             "string", "int", "long", "nonNegativeInteger", "positiveInteger", "anyURI", "time", "duration"}


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


JOINED = re.compile(r'GROUP_CONCAT\s*\((?:[^()"]|\([^()]*\))*?separator\s*=\s*"(?P<sep>[^"]*)"\s*\)'
                    r'\s*AS\s*\?(?P<var>\w+)', re.I)


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
        return {m.group("var"): m.group("sep") for m in JOINED.finditer(self.text)}

    @property
    def defaults(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for d in self.meta.get("defaults") or []:
            if isinstance(d, dict):
                out.update({str(k): str(v) for k, v in d.items()})
        return out


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
