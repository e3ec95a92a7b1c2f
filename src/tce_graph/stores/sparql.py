"""SPARQL text: the one lexer (comments, strings, IRIs), the query form, terms written as SPARQL, and
VALUES injection."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from .base import XSD_STRING


def _query_form(sparql: str) -> str:
    """SELECT / ASK / CONSTRUCT / DESCRIBE: the first query-form keyword outside strings, IRIs and comments."""
    for kind, _start, text in tokens(sparql):
        if kind == "word" and text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text.upper()
    raise QueryError("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")


def _check_form(sparql: str, expected: str) -> None:
    form = _query_form(sparql)
    if form != expected and not (expected == "CONSTRUCT" and form == "DESCRIBE"):
        raise QueryError(f"expected a {expected} query, got {form}")


# --------------------------------------------------------------------------------------------------
# SPARQL text scanning: the one lexer of the project (query forms, the WHERE group for the VALUES
# injection, and the ?_parameters and PREFIX declarations of saved queries)

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


_WORD = re.compile(r"[^\W\d]\w*")  # a keyword or function name: a letter or _, then letters, digits or _


# the prefix of a prefixed name (PN_PREFIX, which may hold - and inner dots), or the _ of a blank-node label
_PREFIX = re.compile(r"(_|[^\W\d_](?:[\w.-]*[\w-])?):")


# VARNAME of the SPARQL 1.1 grammar (PN_CHARS_U, digits, U+00B7 and the combining ranges), approximated
# above U+00BF as any character, which is what a variable name can hold in practice
_VARNAME = re.compile(r"[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+")


def _local_end(sparql: str, start: int) -> int:
    """Offset just past the local part (PN_LOCAL) of a prefixed name that starts at ``start``."""
    j, n = start, len(sparql)
    while j < n and (sparql[j].isalnum() or sparql[j] in "_-.:%"):
        j += 1
    while j > start and sparql[j - 1] == ".":  # a local name never ends with a dot: it ends the triple
        j -= 1
    return j


def tokens(sparql: str) -> Iterator[tuple[str, int, str]]:
    """Yield ``(kind, offset, text)`` for the tokens of SPARQL text that tce-graph reads, skipping
    comments and string literals (and whatever else, such as numbers and punctuation):

    * ``{`` and ``}``;
    * ``word``: a bare word -- a keyword (SELECT, WHERE, PREFIX ...) or a function name;
    * ``var``: a variable, text with its ``?`` or ``$``;
    * ``pname``: a prefixed name (``ex:thing``, ``ex:``, ``:x``), never a keyword;
    * ``bnode``: a blank-node label (``_:b0``);
    * ``iri``: an IRI reference, text with its angle brackets.

    Raises :class:`QueryError` for an unterminated string."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            if j >= n:
                raise QueryError("unterminated string in the query")
            i = j + len(quote)
        elif c == "<":
            m = _IRIREF.match(sparql, i)
            if m:
                yield "iri", i, m.group(0)
            i = m.end() if m else i + 1
        elif c in "{}":
            yield c, i, c
            i += 1
        elif c in "?$":  # a variable: never a keyword
            m = _VARNAME.match(sparql, i + 1)
            if m:
                yield "var", i, sparql[i:m.end()]
            i = m.end() if m else i + 1
        elif c == ":":  # a prefixed name with the empty prefix
            end = _local_end(sparql, i + 1)
            yield "pname", i, sparql[i:end]
            i = end
        elif c.isalpha() or c == "_":
            m = _PREFIX.match(sparql, i)
            if m:  # prefixed names (ex:select) and _:labels are never keywords
                end = _local_end(sparql, m.end())
                yield ("bnode" if m.group(1) == "_" else "pname"), i, sparql[i:end]
            else:
                word = _WORD.match(sparql, i)
                end = word.end() if word else i + 1
                yield "word", i, sparql[i:end]
            i = end
        else:
            i += 1


def _where_brace(sparql: str) -> tuple[int, int, bool]:
    """Offsets of the opening and closing brace of the query's outermost WHERE group, and whether the
    group is a bare sub-select. Skips a CONSTRUCT template."""
    toks = [t for t in tokens(sparql) if t[0] in ("{", "}", "word")]
    form = None
    skip_template = False
    depth = 0
    open_at = None
    for k, (kind, pos, text) in enumerate(toks):
        if kind == "word" and depth == 0 and form is None and text.upper() in ("SELECT", "ASK", "CONSTRUCT",
                                                                                 "DESCRIBE"):
            form = text.upper()
            if form == "CONSTRUCT":
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if nxt and nxt[0] == "{":
                    skip_template = True
                elif nxt and nxt[0] == "word" and nxt[2].upper() == "WHERE":
                    raise QueryError("parameters cannot be bound in the CONSTRUCT WHERE { } short form; "
                                     "write CONSTRUCT { template } WHERE { pattern }")
            continue
        if kind == "{":
            if depth == 0:
                if skip_template:
                    skip_template = False
                    depth += 1
                    open_at = -1
                    continue
                if form is None:
                    raise QueryError("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
                open_at = pos
                after = toks[k + 1] if k + 1 < len(toks) else None
                subselect = bool(after and after[0] == "word" and after[2].upper() == "SELECT")
                depth += 1
                continue
            depth += 1
        elif kind == "}":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced braces in the query")
            if depth == 0 and open_at is not None and open_at >= 0:
                return open_at, pos, subselect
    raise QueryError("found no WHERE { ... } group to bind the parameters in")


_LANGTAG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")


def sparql_term(term: Node) -> str:
    """Serialise a term for a VALUES block, validating it so a value can never escape its token."""
    if isinstance(term, URIRef):
        text = f"<{term}>"
        if not _IRIREF.fullmatch(text):
            raise QueryError(f"{str(term)!r} is not a valid IRI")
        return text
    if isinstance(term, Literal):
        body = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
        if term.language:
            if not _LANGTAG.fullmatch(term.language):
                raise QueryError(f"{term.language!r} is not a valid language tag")
            return f'"{body}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{body}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{body}"'
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter on a remote endpoint")
    raise QueryError(f"cannot bind {term!r}")


def inject_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """The query with ``VALUES (?a ?b) { (term term) }`` as the first element of its outermost WHERE group."""
    if not bindings:
        return sparql
    names = list(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(sparql_term(bindings[n]) for n in names) + ") } ")
    open_at, close_at, subselect = _where_brace(sparql)
    if subselect:  # { SELECT ... } -> { VALUES ... { SELECT ... } }
        return (sparql[:open_at + 1] + block + "{" + sparql[open_at + 1:close_at] + "}"
                + sparql[close_at:])
    return sparql[:open_at + 1] + block + sparql[open_at + 1:]
