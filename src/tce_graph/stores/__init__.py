"""One store interface, three interchangeable backends (in the spirit of prez's ``repositories/``).

* :class:`EmbeddedStore` -- a persistent pyoxigraph (RocksDB) store on disk, written by ``build``
  (default ``out/store``); no server needed. Opened read-only so several readers can coexist.
* :class:`MemoryStore` -- an rdflib :class:`~rdflib.Dataset` parsed from an RDF file (or given).
* :class:`RemoteStore` -- any SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, GraphDB,
  Virtuoso, managed stores), queried through SPARQLWrapper with httpx doing the HTTP (Basic and
  Digest auth, timeouts), results as SPARQL JSON (SELECT, ASK) or Turtle (CONSTRUCT).

Every backend follows the same rules, so a saved query gives the same answers everywhere:

* the query's default graph is the UNION of all named graphs (pyoxigraph
  ``use_default_graph_as_union=True``; rdflib ``Dataset(default_union=True)``; a remote server must
  be configured for it -- ``oxigraph serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph
  true``; see docs/triplestores.md);
* parameters are bound as typed RDF terms, never pasted into the query text (pyoxigraph
  ``substitutions``; rdflib ``initBindings``; remote: a ``VALUES`` block whose terms are serialised
  and validated here, injected right after the outermost ``WHERE {``);
* results come back as rdflib terms (URIRef / Literal / BNode), with ``xsd:string`` literals as plain
  literals, so values compare equal across backends.
"""
from __future__ import annotations

from pathlib import Path

from .base import DEFAULT_STORE, SelectResult, Store, make_literal
from .embedded import EmbeddedStore, is_embedded_store, write_embedded_store
from .memory import MemoryStore
from .remote import RemoteStore
from .sparql import inject_values, sparql_term

__all__ = ["DEFAULT_STORE", "EmbeddedStore", "MemoryStore", "RemoteStore", "SelectResult", "Store", "inject_values",
           "is_embedded_store", "make_literal", "open_store", "sparql_term", "write_embedded_store"]



def open_store(location: str | Path | None = None, *, endpoint: str | None = None,
               data: str | Path | None = None) -> Store:
    """The store to read: a remote ``endpoint``, else an RDF file ``data`` in memory, else the
    embedded store at ``location`` (default ``out/store``)."""
    if endpoint:
        return RemoteStore(endpoint)
    if data:
        return MemoryStore.from_file(data)
    return EmbeddedStore(location if location is not None else DEFAULT_STORE)
