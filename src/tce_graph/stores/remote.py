"""A remote SPARQL 1.1 endpoint as a store: queries through SPARQLWrapper, HTTP through httpx."""
from __future__ import annotations

import io
import math
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node
from SPARQLWrapper import BASIC, JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.Wrapper import QueryResult

from ..errors import QueryError, StoreError
from .base import Bindings, SelectResult, _normalise_bindings, _normalise_node, make_literal
from .http import Credentials, HttpFault, check_url, credentials_for, exchange
from .sparql import _check_form, _query_form, inject_values

if TYPE_CHECKING:
    import httpx


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


class _Response(io.BytesIO):
    """An httpx response as the urllib response SPARQLWrapper's :class:`QueryResult` reads (and rdflib,
    for RDF/XML and JSON-LD): a file of the body, with ``info()`` and ``geturl()``."""

    def __init__(self, response: httpx.Response):
        super().__init__(response.content)
        self._headers = dict(response.headers)
        self._url = str(response.url)

    def info(self) -> dict[str, str]:
        return self._headers

    def geturl(self) -> str:
        return self._url


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper for one query, its request sent with :func:`.http.exchange` (httpx).

    SPARQLWrapper builds the request -- the SPARQL 1.1 Protocol POST (``query=`` form-encoded), its
    ``Accept`` header for the return format, its ``User-Agent``, the Basic ``Authorization`` -- and
    reads the answer (``QueryResult.convert``). Only the exchange itself is replaced, by overriding
    ``_query``, so that queries and ``load`` share one HTTP client, one fault classification (the
    messages, and what :mod:`.load` retries) and no process-wide state:

    * Digest: SPARQLWrapper's ``DIGEST`` builds a urllib opener and *installs it globally*
      (``urllib.request.install_opener``, seen by every later ``urlopen`` in the process), and needs
      the server's realm before the first request (``setCredentials(..., realm="SPARQL")`` by
      default; a server with another realm fails). Digest credentials are therefore not given to
      SPARQLWrapper at all: httpx's ``DigestAuth`` answers the server's challenge, whatever its realm.
    * errors: SPARQLWrapper turns HTTP errors into exceptions that keep only the body (a 401 loses its
      ``WWW-Authenticate``, so a Basic-vs-Digest mismatch cannot be explained) and put the body's
      ``repr`` on several lines; urllib's own errors would come through as they are.
    * timeouts: ``setTimeout`` keeps whole seconds (``int(0.3)`` is 0, which means no timeout at
      all); the exchange uses the exact value.
    """

    def __init__(self, endpoint: str, credentials: Credentials | None, timeout: float):
        super().__init__(endpoint)
        self.credentials = credentials
        self.setMethod(POST)
        self.setRequestMethod(URLENCODED)
        self.setOnlyConneg(True)  # the Accept header only: no format=/output=/results= parameters
        self.setTimeout(timeout)
        if credentials is not None and credentials.scheme == "basic":
            self.setHTTPAuth(BASIC)
            self.setCredentials(credentials.user, credentials.password)
        # Digest: see above -- httpx answers the challenge, SPARQLWrapper is told nothing

    def setTimeout(self, timeout: float) -> None:
        super().setTimeout(max(1, math.ceil(timeout)))
        self.exact_timeout = float(timeout)

    def setQuery(self, query: str | bytes) -> None:
        """The query, and its form as the project's lexer reads it: SPARQLWrapper guesses the form with a
        regular expression that finds keywords inside words and comments (``# remove ...`` reads as a
        MOVE, which it would send as an ``update=`` to the update endpoint)."""
        with warnings.catch_warnings():  # its guess may warn, with the whole query; the guess is replaced
            warnings.simplefilter("ignore", RuntimeWarning)
            super().setQuery(query)
        self.queryType = _query_form(query.decode("utf-8") if isinstance(query, bytes) else query)

    def _query(self) -> tuple[_Response, str]:  # type: ignore[override]  # a response with the same reading API
        request = self._createRequest()
        response = exchange(request.get_method(), request.full_url, data=request.data,  # type: ignore[arg-type]
                            headers=dict(request.header_items()), credentials=self.credentials,
                            timeout=self.exact_timeout)
        return _Response(response), self.returnFormat

    def __str__(self) -> str:  # SPARQLWrapper's lists every attribute, the password too
        return f"<tce-graph SPARQLWrapper for {self.endpoint}>"

    __repr__ = __str__


# rdflib's parser for a CONSTRUCT answer that SPARQLWrapper hands over as bytes, by its content type
_RDF_FORMATS = (("n-triples", "nt"), ("n3", "n3"), ("turtle", "turtle"))


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint. Its default graph must be the union of the named graphs
    (``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``).

    Credentials come from ``TCE_GRAPH_USER`` / ``TCE_GRAPH_PASSWORD`` (``TCE_GRAPH_AUTH=basic|digest``)
    or a netrc entry for the endpoint's host; never from arguments on a command line or the URL."""

    def __init__(self, endpoint: str, *, timeout: float = 60.0, auth: Any = None):
        self.endpoint = check_url(endpoint, "SPARQL endpoint")
        self.name = f"endpoint:{endpoint}"
        self.timeout = timeout
        self.auth = auth if auth is not None else credentials_for(endpoint)

    def _query(self, sparql: str, bindings: Bindings, return_format: str) -> QueryResult:
        """Run the query through SPARQLWrapper (SPARQL 1.1 Protocol, POST, form-encoded), parameters
        bound with a validated VALUES block."""
        sw = _Wrapper(self.endpoint, self.auth, self.timeout)
        sw.setReturnFormat(return_format)
        sw.setQuery(inject_values(sparql, _normalise_bindings(bindings)))
        try:
            return sw.query()
        except HttpFault as exc:
            if exc.status == 400:
                raise QueryError(f"{exc.message} (the query was rejected)") from None
            raise StoreError(exc.message) from None

    def _json(self, sparql: str, bindings: Bindings) -> dict:
        result = self._query(sparql, bindings, JSON)
        try:
            with warnings.catch_warnings():  # a wrong content type: reported below instead
                warnings.simplefilter("ignore")
                data = result.convert()
        except Exception:  # a body that is not what its content type says (JSON, XML)
            data = None
        if not isinstance(data, dict):
            raise StoreError(f"{self.endpoint} did not answer SPARQL JSON results") from None
        return data

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
        result = self._query(sparql, bindings, TURTLE)  # Accept: Turtle (N-Triples is Turtle too)
        ctype = (result.info().get("content-type") or "").lower()
        try:
            with warnings.catch_warnings():  # rdflib's ConjunctiveGraph (RDF/XML, JSON-LD) is deprecated
                warnings.simplefilter("ignore")
                data = result.convert()  # bytes for Turtle, N-Triples or N3; a graph for RDF/XML or JSON-LD
                if isinstance(data, Graph):
                    g = data
                else:
                    g = Graph()
                    g.parse(data=data, format=next(  # type: ignore[arg-type]
                        (f for key, f in _RDF_FORMATS if key in ctype), "turtle"))
        except Exception as exc:  # rdflib raises many parser-specific types
            first = " ".join(str(exc).split())[:200]
            raise StoreError(f"{self.endpoint} did not answer RDF ({ctype or 'no content type'}) to a CONSTRUCT "
                             f"query: {first}") from None
        out = Graph()
        for s, p, o in g:
            out.add((s, p, _normalise_node(o)))  # type: ignore[arg-type]
        return out

    def triple_count(self) -> int:
        res = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(str(res.rows[0]["n"])) if res.rows else 0

    def graphs(self) -> list[str]:
        res = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in res.rows if isinstance(r["g"], URIRef))

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"


def empty_default_graph(url: str) -> str:
    """What to say when an endpoint's default graph holds nothing (its data only in named graphs)."""
    from .http import display_url

    return (f"{display_url(url)} shows nothing in its default graph, so the saved queries will find nothing "
            "there; serve the named graphs as the default graph (oxigraph serve --union-default-graph, Fuseki "
            "tdb2:unionDefaultGraph true; see docs/triplestores.md)")
