"""The store interface every backend implements, and the result types."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..config import DEFAULT_OUT
from ..errors import QueryError
from ..rdf.formats import STORE_FOLDER

DEFAULT_STORE = DEFAULT_OUT / STORE_FOLDER  # out/store


RDF_LANGSTRING = str(RDF.langString)


XSD_STRING = str(XSD.string)


Bindings = Mapping[str, Any] | None


@dataclass
class SelectResult:
    """A SELECT answer: variable names in projection order, one dict per solution (None = unbound)."""

    variables: list[str]
    rows: list[dict[str, Node | None]] = field(default_factory=list)

    def column(self, name: str) -> list[Node | None]:
        return [row.get(name) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as plain Python values: int, float, str, bool, datetime.date, None (an IRI as its
        text; a literal of a type Python has no value for, such as xsd:gYearMonth, as its lexical form)."""
        return [{name: plain_value(row.get(name)) for name in self.variables} for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame (columns in projection order), from :meth:`records`; needs pandas
        (``pip install 'tce-graph[notebook]'``)."""
        try:
            import pandas
        except ImportError:
            raise QueryError("a DataFrame needs pandas; pip install 'tce-graph[notebook]'") from None
        return pandas.DataFrame(self.records(), columns=self.variables)

    def __repr__(self) -> str:
        return f"<SelectResult {len(self.rows)} row(s): {', '.join(self.variables)}>"


def plain_value(term: Node | None) -> Any:
    """One answer term as a plain Python value (see :meth:`SelectResult.records`)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return str(term) if isinstance(value, Literal) else value
    return str(term)


@runtime_checkable
class Store(Protocol):
    """What every backend offers. ``bindings`` maps variable names (with or without ``?``) to terms."""

    name: str

    def select(self, sparql: str, bindings: Bindings = None) -> SelectResult: ...

    def ask(self, sparql: str, bindings: Bindings = None) -> bool: ...

    def construct(self, sparql: str, bindings: Bindings = None) -> Graph: ...

    def triple_count(self) -> int: ...

    def graphs(self) -> list[str]: ...


# --------------------------------------------------------------------------------------------------
# shared helpers


def _as_term(value: Any) -> Node:
    """A binding value as an rdflib term; plain Python values become typed literals."""
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if isinstance(value, Node):
        raise QueryError(f"cannot bind {value!r}; expected an IRI, literal or blank node")
    return Literal(value)


def _normalise_bindings(bindings: Bindings) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for key, value in (bindings or {}).items():
        name = str(key).lstrip("?$")
        if not re.fullmatch(r"[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+", name):
            raise QueryError(f"{key!r} is not a SPARQL variable name")
        if value is None:
            continue
        out[name] = _as_term(value)
    return out


def make_literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """An rdflib Literal from its parts, with the RDF 1.1 ``xsd:string`` / ``rdf:langString`` defaults
    dropped so a plain literal is the same term whichever backend produced it."""
    if language:
        return Literal(value, lang=language)
    if datatype and datatype not in (XSD_STRING, RDF_LANGSTRING):
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def _normalise_node(term: Node | None) -> Node | None:
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term
