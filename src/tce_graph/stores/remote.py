"""A remote SPARQL 1.1 endpoint as a store."""
from __future__ import annotations

from typing import Any, Mapping
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node
from ..errors import QueryError, StoreError
from .base import Bindings, SelectResult, _normalise_bindings, _normalise_node, make_literal
from .sparql import _check_form, inject_values


# --------------------------------------------------------------------------------------------------
# remote: SPARQL 1.1 Protocol


def json_term(b: Mapping[str, Any]) -> Node:
    """A SPARQL 1.1 JSON results term as an rdflib term."""
    kind = b.get("type")
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if kind in ("literal", "typed-literal"):
        return make_literal(b["value"], b.get("datatype"), b.get("xml:lang"))
    raise StoreError(f"unsupported term in a result: {b!r}")


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint. Its default graph must be the union of the named graphs
    (``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``).

    Credentials come from ``TCE_GRAPH_USER`` / ``TCE_GRAPH_PASSWORD`` (``TCE_GRAPH_AUTH=basic|digest``)
    or a netrc entry for the endpoint's host; never from arguments on a command line or the URL."""

    def __init__(self, endpoint: str, *, timeout: float = 60.0, auth: Any = None):
        from .http import check_url, credentials_for

        self.endpoint = check_url(endpoint, "SPARQL endpoint")
        self.name = f"endpoint:{endpoint}"
        self.timeout = timeout
        self.auth = auth if auth is not None else credentials_for(endpoint)

    def _request(self, sparql: str, bindings: Bindings, accept: str) -> bytes:
        """POST the query (SPARQL 1.1 Protocol, form-encoded) with plain urllib: the same opener, auth
        and fault handling as ``load`` (SPARQLWrapper's Digest support installs a global opener and
        needs the realm in advance)."""
        from urllib.parse import urlencode

        from .http import HttpFault, send

        query = inject_values(sparql, _normalise_bindings(bindings))
        try:
            _status, body = send("POST", self.endpoint, data=urlencode({"query": query}).encode("utf-8"),
                                 headers={"Accept": accept,
                                          "Content-Type": "application/x-www-form-urlencoded"},
                                 credentials=self.auth, timeout=self.timeout)
        except HttpFault as exc:
            if exc.status == 400:
                raise QueryError(f"{exc.message} (the query was rejected)") from None
            raise StoreError(exc.message) from None
        return body

    def _json(self, sparql: str, bindings: Bindings) -> dict:
        import json

        raw = self._request(sparql, bindings, "application/sparql-results+json")
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise StoreError(f"{self.endpoint} did not answer SPARQL JSON results") from exc

    def select(self, sparql: str, bindings: Bindings = None) -> SelectResult:
        _check_form(sparql, "SELECT")
        data = self._json(sparql, bindings)
        names = list(data.get("head", {}).get("vars", []))
        rows = [{n: (json_term(b[n]) if n in b else None) for n in names}
                for b in data.get("results", {}).get("bindings", [])]
        return SelectResult(names, rows)

    def ask(self, sparql: str, bindings: Bindings = None) -> bool:
        _check_form(sparql, "ASK")
        data = self._json(sparql, bindings)
        if "boolean" not in data:
            raise StoreError(f"{self.endpoint} did not answer a boolean to an ASK query")
        return bool(data["boolean"])

    def construct(self, sparql: str, bindings: Bindings = None) -> Graph:
        _check_form(sparql, "CONSTRUCT")
        raw = self._request(sparql, bindings, "application/n-triples")
        g = Graph()
        try:
            g.parse(data=raw.decode("utf-8"), format="nt")
        except Exception as exc:
            raise StoreError(f"{self.endpoint} did not answer N-Triples to a CONSTRUCT query: {exc}") from exc
        out = Graph()
        for s, p, o in g:
            out.add((s, p, _normalise_node(o)))
        return out

    def triple_count(self) -> int:
        res = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res.rows[0]["n"]) if res.rows else 0

    def graphs(self) -> list[str]:
        res = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in res.rows if isinstance(r["g"], URIRef))

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"
