"""Running a saved query: parameters bound as typed terms (labels resolved to concepts), on any store."""
from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, QueryError
from ..namespaces import TCE
from ..reader.text import fold, slugify
from ..stores.base import SelectResult, Store
from .formats import format_result, table_is_clipped
from .saved import Parameter, SavedQuery, get_query

# Parameters whose value may be given as a label: parameter name -> class of the nodes it names.
LABELLED: dict[str, URIRef] = {
    "topic": TCE.Topic,
    "partnership": TCE.Partnership,
    "region": TCE.Region,
    "agency-type": TCE.AgencyType,
    "theme": TCE.Theme,
    "methodology": TCE.Methodology,
    "delivery": TCE.DeliveryMode,
    "strength": TCE.TagStrength,
}

RENAMED: dict[str, str] = {"agencytype": "agency-type"}
"""Parameter names that changed (old -> new): the old one still works, with a note."""



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


# ---------------------------------------------------------------- typed bindings

_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$')


_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.-][\w.%:-]*)?$")


_LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?node ?label ?pref WHERE {
  ?node a ?class .
  { ?node skos:prefLabel ?label } UNION { ?node skos:altLabel ?label }
  UNION { ?node skos:hiddenLabel ?label } UNION { ?node rdfs:label ?label }
  OPTIONAL { ?node skos:prefLabel ?pref }
}"""


_TAGGED = """PREFIX tce: <https://w3id.org/tce-graph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
ASK { ?tag a tce:TopicTag ; tce:topic/skos:broader* ?topic }"""


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _labelled(store: Store, cls: URIRef) -> list[tuple[URIRef, str, str | None]]:
    """Every (node, label, preferred label) of the nodes of ``cls``."""
    rows = store.select(_LOOKUP, {"class": cls}).rows
    return [(node, str(row["label"]), str(row["pref"]) if row.get("pref") is not None else None)
            for row in rows if isinstance(node := row.get("node"), URIRef) and row.get("label") is not None]


def resolve_label(store: Store, cls: URIRef, value: str) -> list[URIRef]:
    """Nodes of ``cls`` one of whose labels (or local name) equals ``value``, ignoring case."""
    return _match_label(store, cls, value)[0]


def _match_label(store: Store, cls: URIRef, value: str) -> tuple[list[URIRef], dict[str, str], list[str]]:
    """The nodes ``value`` names (as ``resolve_label``), their preferred labels, and, when none, the
    nearest labels of the class (at most three, closest first)."""
    want, want_slug = fold(value), slugify(value)
    labelled = _labelled(store, cls)
    found: dict[str, URIRef] = {}
    preferred: dict[str, str] = {}
    for node, label, pref in labelled:
        if fold(label) == want or _local_name(str(node)) == want_slug and want_slug == want:
            found[str(node)] = node
            if pref is not None:
                preferred[str(node)] = pref
    near: list[str] = []
    if not found:  # the preferred labels of the nodes with the closest labels
        by_fold = {fold(label): pref or label for _, label, pref in sorted(labelled, key=lambda t: (t[1], t[2] or ""))}
        close = difflib.get_close_matches(want, sorted(by_fold), n=10, cutoff=0.75)
        near = list(dict.fromkeys(by_fold[n] for n in close))[:3]
    return [found[k] for k in sorted(found)], preferred, near


def _class_words(cls: URIRef) -> str:
    """``tce:AgencyType`` as "agency type"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local_name(str(cls))).lower()


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
            notes.append(f"{iri} is not a {param.name} in the data ({_local_name(str(cls))}), so the query "
                         f"matches nothing; a {param.name} may also be given by its label")
        return iri
    near: list[str] = []
    if cls is not None and store is not None:
        nodes, preferred, near = _match_label(store, cls, value)
        if len(nodes) == 1:
            pref = preferred.get(str(nodes[0]))
            if notes is not None and pref is not None and slugify(pref) != slugify(value):
                notes.append(f"'{value}' is a label of the {_class_words(cls)} '{pref}'")
            if notes is not None and cls == TCE.Topic and not store.ask(_TAGGED, {"topic": nodes[0]}):
                notes.append(f"no report is tagged with the topic '{pref or value}' (or a narrower one); "
                             f"tce-graph search \"{value}\" looks for the words in the reports' text")
            return nodes[0]
        if len(nodes) > 1:
            raise QueryError(f"'{value}' names more than one {param.name}: "
                             + ", ".join(str(n) for n in nodes) + "; give the IRI")
        # a label of nothing in the data is a mistake (a typo), not a question whose answer is empty
        values = f"`tce-graph query values {param.name}` lists them"
        raise QueryError(f"no {_class_words(cls)} in the data is labelled {value!r} (parameter {param.name})"
                         + (f"; did you mean {' or '.join(repr(n) for n in near)}? ({values})" if near
                            else f"; {values}"))
    if notes is not None:
        what = f"no {param.name} is labelled {value!r}" if cls is not None else f"{value!r} is not an IRI"
        notes.append(f"{what}; parameter {param.name} was bound to it as a literal, which matches nothing"
                     + (f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""))
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


def check_parameters(query: SavedQuery, params: Mapping[str, str] | None,
                     notes: list[str] | None = None) -> dict[Parameter, str]:
    """Match ``params`` to the query's parameters by name (or variable, or a renamed parameter's old name)
    and give each parameter that is not given its ``#+ defaults`` value; raise on unknown, repeated or
    missing required ones. Needs no store, so a command can check before it opens one."""
    by_variable = {p.variable: p for p in query.parameters.values()}
    matched: dict[Parameter, str] = {}
    for key, value in dict(params or {}).items():
        name = key.lstrip("?$")
        param = query.parameters.get(name) or by_variable.get(name)
        if param is None and RENAMED.get(name) in query.parameters:
            param = query.parameters[RENAMED[name]]
            if notes is not None:
                notes.append(f"parameter {name} is now called {param.name}; -p {param.name}=... "
                             f"(the old name still works, for now)")
        if param is None:
            valid = ", ".join(sorted(query.parameters)) if query.parameters else None
            raise QueryError(f"query '{query.name}' has no parameter '{key}'; "
                             + (f"its parameters are: {valid}" if valid else "it takes no parameters"))
        if param in matched:
            raise QueryError(f"parameter {param.name} is given twice")
        matched[param] = str(value)
    for p in query.parameters.values():
        if p not in matched and p.name in query.defaults:
            matched[p] = query.defaults[p.name]
            if notes is not None:
                shown = _shown_default(query.defaults[p.name])
                notes.append(f"parameter {p.name} not given: using its default {shown} "
                             f"(-p {p.name}=... to ask about another)")
    missing = [p for p in query.parameters.values() if p.required and p not in matched]
    if missing:
        hints = " ".join(f"-p {p.name}={query.examples.get(p.name, 'VALUE')}" for p in missing)
        raise QueryError(f"query '{query.name}' needs the parameter(s) {', '.join(p.name for p in missing)}; "
                         f"for example {hints}")
    return matched


def _shown_default(value: str) -> str:
    """A default as a person would type it: the preferred label of a bundled concept, with its IRI."""
    from ..namespaces import DEF
    from ..reader.vocabulary import scheme

    if value.startswith(DEF) and "/" in value[len(DEF):]:
        name, slug = value[len(DEF):].rsplit("/", 1)
        try:
            concept = scheme(name).get(slug)
        except KeyError:
            concept = None
        if concept is not None:
            return f"{concept.label!r}, {value}"
    return value


def bind_parameters(query: SavedQuery, params: Mapping[str, str] | None, store: Store | None = None,
                    notes: list[str] | None = None) -> dict[str, Node]:
    """Check ``params`` against the query's parameters and turn them into typed bindings."""
    return {p.variable: parameter_term(p, value, query, store, notes)
            for p, value in check_parameters(query, params, notes).items()}


def _store(store: Store | str | Path | None) -> Store:
    """A store, or the embedded store at a path (default ``out/store``)."""
    if store is None or isinstance(store, (str, Path)):
        from ..stores import open_store
        return open_store(store)
    return store


def run_query(name_or_path: str | Path | SavedQuery, params: Mapping[str, str] | None = None,
              store: Store | str | Path | None = None, *, notes: list[str] | None = None,
              folder: str | Path | None = None) -> SelectResult:
    """Run a saved query (by name) or a ``.rq`` file on ``store``: a Store, or the path of an embedded store
    (default ``out/store``). ``params`` are bound as on the command line (labels resolve to concepts);
    the answer's ``.records()`` are plain Python values, ``.to_dataframe()`` a pandas DataFrame."""
    query = name_or_path if isinstance(name_or_path, SavedQuery) else get_query(name_or_path, folder)
    store = _store(store)
    bindings = bind_parameters(query, params, store, notes)
    return _sort_joined(store.select(query.text, bindings), query.joined_columns)


def run_sparql(sparql: str, store: Store | str | Path | None = None, bindings: Mapping[str, Any] | None = None):
    """Ad-hoc SPARQL on ``store`` (a Store or an embedded store's path, default ``out/store``): a
    :class:`SelectResult` for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT and DESCRIBE.
    ``bindings`` map variable names to values or RDF terms (never pasted into the text)."""
    from ..stores.sparql import _query_form

    target = _store(store)
    form = _query_form(sparql)
    if form == "ASK":
        return target.ask(sparql, bindings)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return target.construct(sparql, bindings)
    return target.select(sparql, bindings)


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings (as ``-p`` gives them) as a mapping; a malformed or repeated one is a QueryError."""
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"cannot read the parameter {item!r}; expected NAME=VALUE, e.g. -p topic=CSE")
        if name.strip() in params:
            raise QueryError(f"parameter {name.strip()} is given twice")
        params[name.strip()] = value
    return params


UNBOUNDED_WIDTH = 10**9  # a table written to a file or a pipe: no cell is cut


def on_terminal() -> bool:
    """Whether answers are written to a terminal (where a table is fitted to its width)."""
    return sys.stdout.isatty()


@dataclass
class QueryAnswer:
    """A saved query's answer, with the notes about how its parameters were read."""

    query: SavedQuery
    result: SelectResult
    notes: list[str] = field(default_factory=list)

    def formatted(self, fmt: str = "table", width: int | None = None) -> str:
        """The answer in ``fmt``; a table or records fit ``width`` (default: the terminal's when standard
        output is one; written to a file or a pipe, cells are whole and values not wrapped)."""
        if width is None and fmt in ("table", "records") and not on_terminal():
            width = UNBOUNDED_WIDTH
        return format_result(self.result, fmt, width=width)

    def tail(self, fmt: str = "table") -> str | None:
        """The line a person reads under a table or records: the row count, and whether cells were cut."""
        if fmt not in ("table", "records"):
            return None
        n = len(self.result.rows)
        tail = f"{n} row{'' if n == 1 else 's'}"
        if fmt == "table" and on_terminal() and table_is_clipped(self.result):
            tail += "; some cells are cut to fit: --format records shows every value whole"
        return f"({tail})"


def answer(name_or_path: str | Path | SavedQuery, params: Mapping[str, str] | None = None, *,
           store: Store | None = None, store_dir: str | Path | None = None, data: str | Path | None = None,
           endpoint: str | None = None, folder: str | Path | None = None,
           user: str | Path | None = None) -> QueryAnswer:
    """What ``tce-graph query run`` does: find the query, check the parameter names before any store is
    opened, open the store (``store``, else a remote ``endpoint``, else an RDF file ``data``, else the
    embedded store at ``store_dir``, default ``out/store``) and run it. ``user`` is the user's own
    queries folder, looked in before the bundled one."""
    if data and endpoint:
        raise InputError("give either --data or --endpoint, not both")
    query = name_or_path if isinstance(name_or_path, SavedQuery) else get_query(name_or_path, folder, user=user)
    check_parameters(query, params)  # unknown names fail before a store is opened
    if store is None:
        from ..stores import open_store
        store = open_store(store_dir, endpoint=endpoint, data=data)
    notes: list[str] = []
    result = run_query(query, params, store, notes=notes)
    if endpoint and not result.rows and not store.ask("ASK { ?s ?p ?o }"):  # once, when empty
        from ..stores.remote import empty_default_graph

        notes.append(empty_default_graph(endpoint))
    return QueryAnswer(query, result, notes)
