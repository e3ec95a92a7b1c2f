"""Terms as N-Triples text, and a resource's triples as Turtle, N-Triples and JSON-LD.

The site reads the whole graph once as SPARQL TSV results, whose terms are written in N-Triples
syntax (``<iri>``, ``"text"@en``, ``"2020-06"^^<…#gYearMonth>``, ``_:b0``). Publishing keeps every term
as that text: it is hashable, sorts the same everywhere, and is what the N-Triples and Turtle files
are made of, so no per-term objects are built for the hundreds of thousands of triples of a large
graph. :func:`parse_term` splits a term into its parts where a page shows one.

The JSON-LD is the expanded form (a node object per subject), which every JSON-LD processor reads
without fetching a context. Everything is sorted, so the same triples give the same bytes.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..namespaces import PREFIXES

Triple = tuple[str, str, str]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"

_UNESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE = re.compile(r'[\\"\n\r\t]')
_LITERAL = re.compile(r'^"(?P<body>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<dt>[^>]*)>)?$', re.S)
_NUMBER = re.compile(r"^[+-]?(?:(?P<int>\d+)|(?P<dec>\d*\.\d+)|(?P<dbl>(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+))$")
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")


@dataclass(frozen=True)
class Term:
    """A term's parts: ``kind`` is iri, bnode or literal; ``value`` the IRI, label or lexical form."""

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if (m.group(1) or m.group(2))
                         else _UNESCAPES.get(m.group(3), m.group(3)), body)


def escape(text: str) -> str:
    """Text as the body of an N-Triples literal."""
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def normalise(token: str) -> str:
    """A SPARQL TSV term as N-Triples text: TSV may write numbers bare (``3``, ``2.5``) and strings with
    single quotes; N-Triples and this module never do."""
    if token[:1] in "<_\"":
        if token.endswith(f"^^<{XSD}string>"):
            return token[: -len(f"^^<{XSD}string>")]
        return token
    m = _NUMBER.match(token)
    if m:
        kind = "integer" if m.group("int") else "decimal" if m.group("dec") else "double"
        return f'"{token}"^^<{XSD}{kind}>'
    if token in ("true", "false"):
        return f'"{token}"^^<{XSD}boolean>'
    if token.startswith("'"):
        return '"' + escape(_unescape(token[1: token.rindex("'")])) + '"' + token[token.rindex("'") + 1:]
    return token


@functools.lru_cache(maxsize=200_000)
def parse_term(text: str) -> Term:
    if text.startswith("<"):
        return Term("iri", _unescape(text[1:-1]))
    if text.startswith("_:"):
        return Term("bnode", text[2:])
    m = _LITERAL.match(text)
    if m is None:
        return Term("literal", text)
    return Term("literal", _unescape(m.group("body")), m.group("lang"), m.group("dt"))


def iri_term(iri: str) -> str:
    return f"<{iri}>"


def literal_term(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = f'"{escape(text)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{body}^^<{datatype}>"
    return body


def to_ntriples(triples: Iterable[Triple]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in sorted(set(triples)))


_PREFIXED: dict[str, tuple[str, str, str] | None] = {}  # IRI -> (prefix, namespace, name), under _BASE[0]
_BASE = [""]


class _Prefixer:
    def __init__(self, prefixes: dict[str, str]):
        self.table = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: dict[str, str] = {}

    def iri(self, iri: str) -> str | None:
        if iri in _PREFIXED:
            found = _PREFIXED[iri]
        else:
            found = None
            for prefix, ns in self.table:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                    found = (prefix, ns, f"{prefix}:{iri[len(ns):]}")
                    break
            if len(_PREFIXED) < 500_000:
                _PREFIXED[iri] = found
        if found is None:
            return None
        self.used[found[0]] = found[1]
        return found[2]

    def __call__(self, term: str) -> str:
        if term.startswith("<"):
            return self.iri(term[1:-1]) or term
        if term.endswith(">") and '"^^<' in term:
            body, _, dt = term.rpartition("^^")
            return f"{body}^^{self(dt)}"
        return term


def to_turtle(triples: Iterable[Triple], base_iri: str) -> str:
    """Turtle: one block per subject (sorted), ``a`` first, prefixes declared only where used."""
    if _BASE[0] != base_iri:  # the cache holds names under one base
        _PREFIXED.clear()
        _BASE[0] = base_iri
    name = _Prefixer({**PREFIXES, "id": base_iri})
    by_subject: dict[str, dict[str, set[str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(o)
    blocks = []
    for s in sorted(by_subject):
        props = by_subject[s]
        lines = []
        for p in sorted(props, key=lambda p: (p != RDF_TYPE, p)):
            objects = " , ".join(sorted(name(o) for o in props[p]))
            lines.append(f"{'a' if p == RDF_TYPE else name(p)} {objects}")
        blocks.append(name(s) + " " + " ;\n    ".join(lines) + " .\n")
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(name.used.items()))
    return head + ("\n" if head else "") + "\n".join(blocks)


def to_jsonld(triples: Iterable[Triple]) -> str:
    """Expanded JSON-LD (a node object per subject, in subject order), written by pyoxigraph from the
    sorted N-Triples: three times faster than building the objects here, and the same bytes for the same
    triples."""
    import pyoxigraph as ox

    parsed = ox.parse(to_ntriples(triples).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return (ox.serialize(parsed, format=ox.RdfFormat.JSON_LD) or b"[]").decode("utf-8") + "\n"
