"""Load the built graph into a SPARQL 1.1 triplestore, one named graph at a time.

Each report's named graph, the ontology, concept schemes, topic thesaurus and dataset description
(each in a graph of its own) go to the server through

* the **Graph Store HTTP Protocol** when ``graph_store`` is given (``PUT`` replaces a graph, ``POST``
  appends), or
* **SPARQL 1.1 Update** otherwise (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }`` in
  one request -- one transaction -- to replace; ``INSERT DATA`` to append).

Replacing never leaves a graph half-replaced: a graph that fits one update request is replaced by
that single request; a larger one (or a Graph Store ``PUT`` when an update endpoint is also known)
is first written to a staging graph and then swapped in with one ``MOVE`` operation. A plain
``PUT`` (Graph Store only, no update endpoint) is as atomic as the server makes it -- Oxigraph 0.5
clears the graph and then loads the new triples in a second step, so a failed ``PUT`` can leave
that graph empty until the load is re-run.

Faults (refused, reset, timed out, HTTP 5xx/429) are retried with exponential back-off; after the
retries a graph is reported as failed, naming the endpoint and the graph, and the graphs not yet
attempted are listed too. Loading is idempotent in ``replace`` mode, so re-running completes an
interrupted load. Requests go through httpx; credentials come from the environment or a netrc file (see
:mod:`.http`).
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from ..config import DEFAULT_OUT
from ..errors import InputError, LoadError, StoreError
from ..rdf.formats import built_files, expected_built_files, format_for
from .embedded import holds_union
from .http import Credentials, HttpFault, check_url, credentials_for, display_url, send

MODES = ("replace", "append")
DEFAULT_SOURCE = DEFAULT_OUT
MAX_REQUEST_BYTES = 1_000_000  # Oxigraph's server accepts SPARQL bodies up to 1 MiB
# wrong URL, method or credentials: every other graph would fail too
ABORT_STATUS = {401, 403, 404, 405, 407, 415, 501} | set(range(300, 400))  # 3xx: a write that was redirected
MAX_BACKOFF = 30.0  # seconds: the longest wait between two attempts
MAX_WAIT = 60.0  # seconds: the most time one graph may spend waiting to be retried, in all
STAGING_PREFIX = "urn:tce-graph:staging:"

Progress = Callable[[str, int, int], None]


@dataclass
class GraphPayload:
    """One named graph, serialised as N-Triples (also valid Turtle and SPARQL ``INSERT DATA`` content)."""

    iri: str
    ntriples: bytes
    triples: int

    @property
    def has_blank_nodes(self) -> bool:
        return b"_:" in self.ntriples


@dataclass
class LoadReport:
    target: str
    method: str  # "graph-store" or "update"
    mode: str
    loaded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    remote_counts: dict[str, int] = field(default_factory=dict)
    mismatched: list[tuple[str, int, int]] = field(default_factory=list)  # (graph, expected, found)
    removed: list[str] = field(default_factory=list)  # stale graphs dropped (replace mode)
    warnings: list[str] = field(default_factory=list)
    verified: bool = False  # the server was asked afterwards and holds what was sent
    unverified: str = "give --endpoint (the query URL) to check what the server holds"  # why not, if not

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        n = len(self.loaded) + len(self.failed)
        removed = f"; removed {len(self.removed)} stale graph(s)" if self.removed else ""
        # "loaded" only when the server was asked afterwards and holds the graphs; else "sent", and why
        if self.verified or not self.loaded:
            return (f"loaded {len(self.loaded)} of {n} graph(s), {self.triples} triples, into {self.target} "
                    f"({self.method}, {self.mode}) in {self.seconds:.2f}s{removed}")
        return (f"sent {len(self.loaded)} of {n} graph(s), {self.triples} triples, to {self.target} ({self.method}, "
                f"{self.mode}) in {self.seconds:.2f}s{removed}; not verified: {self.unverified}")

    def lines(self) -> list[str]:
        """The report as a person reads it after the summary: one line per graph that failed or was
        removed (and, when the load stopped, per graph that did load)."""
        out = []
        if self.failed:
            out += [f"  loaded  {g}" for g in self.loaded]
        out += [f"  failed  {g}: {reason}" for g, reason in self.failed]
        out += [f"  removed {g} (not in this build)" for g in self.removed]
        return out


# --------------------------------------------------------------------------------------------------
# what to load


def _ox():
    import pyoxigraph

    return pyoxigraph


def _source_store(source: Dataset | str | Path | None):
    """An in-memory or read-only pyoxigraph store holding the dataset to load."""
    ox = _ox()
    if isinstance(source, Dataset):
        mem = ox.Store()
        mem.load(input=source.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        return mem, "the built dataset"
    path = Path(source) if source is not None else DEFAULT_SOURCE
    if path.is_dir() and not (path / "CURRENT").is_file():  # an output folder: prefer its store
        found = [f for f in built_files(path, store=True) if f.is_dir() or getattr(format_for(f), "quads", False)]
        if not found:
            raise InputError(f"holds no built graph ({expected_built_files(store=True)}); run `tce-graph build` "
                             "first", file=str(path))
        path = found[0]
    if path.is_dir():
        from .embedded import is_embedded_store

        if not is_embedded_store(path):
            raise InputError("is not an embedded store", file=str(path))
        try:
            return ox.Store.read_only(str(path)), str(path)
        except OSError as exc:
            raise StoreError(f"cannot open the embedded store at {path}: {exc}") from exc
    if not path.is_file():
        raise InputError("no such file or folder; run `tce-graph build` first", file=str(path))
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise InputError("unknown RDF file extension; expected .trig or .nq (named graphs)", file=str(path))
    mem = ox.Store()
    try:
        mem.load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot read as {fmt.name}: {exc}", file=str(path)) from exc
    return mem, str(path)


def graph_payloads(source: Dataset | str | Path | None = None) -> tuple[list[GraphPayload], list[str]]:
    """Every named graph of ``source`` (a Dataset, a TriG/N-Quads file, an embedded store or an output
    folder; default ``out/``), in IRI order, with warnings about anything not loaded."""
    ox = _ox()
    store, label = _source_store(source)
    warnings = []
    payloads = []
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for g in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
        count = data.count(b"\n")
        if count:
            payloads.append(GraphPayload(g.value, data, count))
    default = len(store) - sum(p.triples for p in payloads)
    if default > 0 and Path(label).is_dir() and holds_union(label):
        default = 0  # the embedded store's copy of the union: the named graphs hold every triple of it
    if default > 0:
        warnings.append(f"{label}: {default} triple(s) outside named graphs (default graph or blank-node "
                        "graph names) were not loaded")
    if not payloads:
        raise InputError("holds no named graphs to load", file=label)
    return payloads, warnings


# --------------------------------------------------------------------------------------------------
# how to load


def staging_iri(graph: str) -> str:
    return STAGING_PREFIX + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]


def _iri(iri: str) -> str:
    from rdflib import URIRef

    from .sparql import sparql_term

    return sparql_term(URIRef(iri))


def _chunks(payload: GraphPayload, budget: int) -> list[bytes]:
    """N-Triples split into pieces under ``budget`` bytes; triples with blank nodes stay together in
    the first piece, since a blank-node label only means the same node within one request."""
    lines = payload.ntriples.splitlines(keepends=True)
    with_bnodes = [ln for ln in lines if b"_:" in ln]
    rest = [ln for ln in lines if b"_:" not in ln]
    chunks: list[bytes] = []
    current = b"".join(with_bnodes)
    for ln in rest:
        if current and len(current) + len(ln) > budget:
            chunks.append(current)
            current = b""
        current += ln
    if current:
        chunks.append(current)
    return chunks


class Loader:
    def __init__(self, *, endpoint: str | None, update_endpoint: str | None, graph_store: str | None,
                 mode: str, retries: int, backoff: float, timeout: float, max_request_bytes: int,
                 credentials: Credentials | None, max_wait: float = MAX_WAIT):
        if mode not in MODES:
            raise InputError(f"unknown load mode {mode!r}; expected replace or append")
        self.endpoint = check_url(endpoint, "query endpoint") if endpoint else None
        self.graph_store = check_url(graph_store, "Graph Store endpoint") if graph_store else None
        if update_endpoint:
            self.update_endpoint: str | None = check_url(update_endpoint, "update endpoint")
        elif endpoint and not graph_store:
            self.update_endpoint = derive_update_endpoint(endpoint)
        else:
            self.update_endpoint = None
        if not (self.graph_store or self.update_endpoint):
            raise InputError("give a SPARQL endpoint to load into: --endpoint, --update-endpoint or --graph-store")
        self.mode = mode
        self.retries = max(0, retries)
        self.backoff = max(0.0, backoff)
        self.timeout = timeout
        self.max_request_bytes = max_request_bytes
        self.max_wait = max(0.0, max_wait)
        self._graph_waited: float | None = None
        self._credentials = credentials
        self.method = "graph-store" if self.graph_store else "update"
        self.target = display_url(self.graph_store or self.update_endpoint or "")

    def credentials(self, url: str) -> Credentials | None:
        return self._credentials if self._credentials is not None else credentials_for(url)

    # -- one request, retried -------------------------------------------------------------------
    def _send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        attempt = 0
        own = self._graph_waited is None  # a request outside load_graph: a budget of its own
        if own:
            self._graph_waited = 0.0
        try:
            self._send_retrying(method, url, body, content_type, attempt)
        finally:
            if own:
                self._graph_waited = None

    def _send_retrying(self, method: str, url: str, body: bytes, content_type: str, attempt: int) -> None:
        assert self._graph_waited is not None
        while True:
            try:
                send(method, url, data=body, headers={"Content-Type": content_type},
                     credentials=self.credentials(url), timeout=self.timeout)
                return
            except HttpFault as fault:
                if not fault.transient or attempt >= self.retries:
                    if fault.transient and self.retries:
                        fault.message += f" (gave up after {attempt + 1} attempts)"
                        fault.args = (fault.message,)
                    raise
                delay = min(self.backoff * (2 ** attempt), MAX_BACKOFF)
                if fault.retry_after is not None:
                    delay = max(delay, min(fault.retry_after, MAX_BACKOFF))
                if self._graph_waited + delay > self.max_wait:
                    fault.message += (f" (gave up after {attempt + 1} attempt(s): waiting {delay:g}s more would pass "
                                      f"the {self.max_wait:g}s a graph may wait in all, --max-wait)")
                    fault.args = (fault.message,)
                    raise
                time.sleep(delay)
                self._graph_waited += delay
                attempt += 1

    def _update(self, text: str) -> None:
        assert self.update_endpoint is not None  # only the SPARQL Update path sends updates
        self._send("POST", self.update_endpoint, text.encode("utf-8"), "application/sparql-update")

    def _gsp_url(self, graph: str) -> str:
        from urllib.parse import quote

        assert self.graph_store is not None  # only the Graph Store path builds these URLs
        sep = "&" if "?" in self.graph_store else "?"
        return f"{self.graph_store}{sep}graph={quote(graph, safe='')}"

    def drop_graph(self, graph: str, *, retry: bool = True) -> None:
        """Remove ``graph`` from the server (nothing happens if it is not there)."""
        if self.update_endpoint:
            text = f"DROP SILENT GRAPH {_iri(graph)}".encode()
            if retry:
                self._send("POST", self.update_endpoint, text, "application/sparql-update")
            else:
                send("POST", self.update_endpoint, data=text, headers={"Content-Type": "application/sparql-update"},
                     credentials=self.credentials(self.update_endpoint), timeout=self.timeout)
            return
        try:
            url = self._gsp_url(graph)
            if retry:
                self._send("DELETE", url, b"", "text/plain")
            else:
                send("DELETE", url, credentials=self.credentials(url), timeout=self.timeout)
        except HttpFault as fault:
            if fault.status != 404:  # 404: the graph is not there, which is what was wanted
                raise

    @contextmanager
    def _dropping_on_failure(self, staging: str):
        """If a staged replace fails or is interrupted, try once to remove its staging graph (the
        target graph is untouched either way); a staging graph that survives is removed by the next
        successful replace."""
        try:
            yield
        except BaseException:
            try:
                self.drop_graph(staging, retry=False)
            except (HttpFault, OSError):
                pass
            raise

    # -- one graph -------------------------------------------------------------------------------
    def load_graph(self, p: GraphPayload) -> None:
        self._graph_waited = 0.0  # every request for this graph shares one budget of waiting (max_wait)
        try:
            self._load_graph(p)
        finally:
            self._graph_waited = None

    def _load_graph(self, p: GraphPayload) -> None:
        if self.graph_store:
            if self.mode == "append":
                self._send("POST", self._gsp_url(p.iri), p.ntriples, "text/turtle; charset=utf-8")
            elif self.update_endpoint:  # staged: PUT aside, then swap in with one MOVE
                staging = staging_iri(p.iri)
                with self._dropping_on_failure(staging):
                    self._send("PUT", self._gsp_url(staging), p.ntriples, "text/turtle; charset=utf-8")
                    self._update(f"MOVE SILENT GRAPH {_iri(staging)} TO GRAPH {_iri(p.iri)}")
            else:
                self._send("PUT", self._gsp_url(p.iri), p.ntriples, "text/turtle; charset=utf-8")
            return
        g = _iri(p.iri)
        body = p.ntriples.decode("utf-8")
        if self.mode == "replace":
            single = f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}}} }}\n"
            if len(single.encode("utf-8")) <= self.max_request_bytes:
                self._update(single)  # one request = one transaction
                return
            staging = _iri(staging_iri(p.iri))
            with self._dropping_on_failure(staging_iri(p.iri)):
                self._update(f"DROP SILENT GRAPH {staging}")
                for chunk in _chunks(p, self.max_request_bytes - 200):
                    self._update(f"INSERT DATA {{ GRAPH {staging} {{\n{chunk.decode('utf-8')}}} }}\n")
                self._update(f"MOVE SILENT GRAPH {staging} TO GRAPH {g}")
            return
        for chunk in _chunks(p, self.max_request_bytes - 200):
            self._update(f"INSERT DATA {{ GRAPH {g} {{\n{chunk.decode('utf-8')}}} }}\n")


def derive_update_endpoint(endpoint: str) -> str:
    """The update URL next to a query URL: ``.../query`` -> ``.../update`` (Oxigraph, Fuseki);
    otherwise the same URL (Virtuoso ``/sparql``, GraphDB takes ``--update-endpoint .../statements``)."""
    base, sep, query = endpoint.partition("?")
    if base.rstrip("/").endswith("/query"):
        base = base.rstrip("/")[: -len("/query")] + "/update"
    return base + (sep + query if sep else "")


def load(source: Dataset | str | Path | None = None, *, endpoint: str | None = None,
         update_endpoint: str | None = None, graph_store: str | None = None, mode: str = "replace",
         retries: int = 3, backoff: float = 0.5, timeout: float = 60.0,
         max_request_bytes: int = MAX_REQUEST_BYTES, credentials: Credentials | None = None,
         progress: Progress | None = None, verify: bool = True, prune: bool = True,
         raise_on_failure: bool = True, max_wait: float = MAX_WAIT) -> LoadReport:
    """Load every named graph of ``source`` (default: the build output in ``out/``) into a SPARQL 1.1
    server. Returns a :class:`LoadReport`; raises :class:`LoadError` (a :class:`StoreError`, carrying
    the report) when a graph failed and ``raise_on_failure`` is true.

    ``endpoint`` is the query URL: it is used to check the loaded counts, to find stale graphs, and to
    derive the update URL when neither ``update_endpoint`` nor ``graph_store`` is given.

    In ``replace`` mode with ``prune`` (the default) the server ends up mirroring the build: once
    every graph has loaded, graphs in the build's own graph namespace (``<base>graph/...``) that the
    build no longer has -- a report since removed or renamed -- and staging graphs left by an
    interrupted load are dropped and listed in ``report.removed``. Nothing is dropped after a failure,
    and nothing outside that namespace is touched."""
    loader = Loader(endpoint=endpoint, update_endpoint=update_endpoint, graph_store=graph_store, mode=mode,
                    retries=retries, backoff=backoff, timeout=timeout, max_request_bytes=max_request_bytes,
                    credentials=credentials, max_wait=max_wait)
    payloads, warnings = graph_payloads(source)
    report = LoadReport(target=loader.target, method=loader.method, mode=mode, warnings=warnings)
    started = time.perf_counter()
    abort: str | None = None
    for i, p in enumerate(payloads, start=1):
        if abort:
            report.failed.append((p.iri, f"not attempted ({abort})"))
            continue
        if progress:
            progress(p.iri, i, len(payloads))
        try:
            loader.load_graph(p)
        except HttpFault as fault:
            report.failed.append((p.iri, fault.message))
            if fault.transient or fault.status in ABORT_STATUS or fault.status is None:
                abort = f"stopped after {p.iri} failed"
            continue
        except KeyboardInterrupt:
            report.failed.append((p.iri, "interrupted"))
            abort = "interrupted"
            continue
        report.loaded.append(p.iri)
        report.triples += p.triples
    report.seconds = time.perf_counter() - started
    counts = None
    if endpoint and report.loaded and (verify or prune):
        counts = _server_counts(report, endpoint, loader)
    if mode == "replace" and prune and not report.failed:
        if counts is not None:
            _prune(report, payloads, counts, loader)
        elif not endpoint:
            report.warnings.append("graphs of reports no longer in the build (and staging graphs of an interrupted "
                                   "load) are only found and removed when --endpoint is given")
    if verify and counts is not None:
        _verify(report, payloads, counts)
    elif endpoint and report.loaded:
        report.unverified = f"could not ask {display_url(endpoint)} what it holds (see the warning)"
    report.seconds = time.perf_counter() - started
    if report.failed and raise_on_failure:
        graph, reason = report.failed[0]
        raise LoadError(f"could not load graph {graph} into {report.target}: {reason}; "
                        f"loaded {len(report.loaded)} of {len(payloads)} graph(s); re-run `tce-graph load` "
                        "to complete the load", report)
    return report


def graph_namespace(payloads: list[GraphPayload]) -> str | None:
    """The build's graph namespace (``<base>graph/``), from its dataset-description graph."""
    for p in payloads:
        if p.iri.endswith("/graph/dataset"):
            return p.iri[: -len("dataset")]
    return None


def _server_counts(report: LoadReport, endpoint: str, loader: Loader) -> dict[str, int] | None:
    """Triples per named graph on the server, or None (with a warning) when it cannot be asked."""
    from .remote import RemoteStore, empty_default_graph

    try:
        store = RemoteStore(endpoint, timeout=loader.timeout, auth=loader.credentials(endpoint))
        res = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        union = store.ask("ASK { ?s ?p ?o }")
    except StoreError as exc:
        report.warnings.append(f"could not ask {display_url(endpoint)} for the loaded graphs: {exc}")
        return None
    if not union:
        report.warnings.append(empty_default_graph(endpoint))
    return {str(r["g"]): int(str(r["n"])) for r in res.rows if r.get("g") is not None}


def _prune(report: LoadReport, payloads: list[GraphPayload], counts: dict[str, int], loader: Loader) -> None:
    """Drop stale graphs: the build's namespace minus the build's graphs, and leftover staging graphs."""
    namespace = graph_namespace(payloads)
    keep = {p.iri for p in payloads}
    stale = sorted(g for g in counts if g not in keep and (
        g.startswith(STAGING_PREFIX) or (namespace is not None and g.startswith(namespace))))
    for g in stale:
        try:
            loader.drop_graph(g)
        except HttpFault as fault:
            report.warnings.append(f"could not remove the stale graph {g}: {fault.message}")
            continue
        report.removed.append(g)
        counts.pop(g, None)


def _verify(report: LoadReport, payloads: list[GraphPayload], counts: dict[str, int]) -> None:
    """Each loaded graph's triples on the server; in replace mode they must equal the source's."""
    expected = {p.iri: p.triples for p in payloads}
    for g in report.loaded:
        report.remote_counts[g] = counts.get(g, 0)
        if report.mode == "replace" and counts.get(g, 0) != expected[g]:
            report.mismatched.append((g, expected[g], counts.get(g, 0)))
        elif report.mode == "append" and counts.get(g, 0) < expected[g]:  # appended: at least what was sent
            report.mismatched.append((g, expected[g], counts.get(g, 0)))
    for g, (exp, found) in ((m[0], m[1:]) for m in report.mismatched):
        report.warnings.append(f"{g} holds {found} triple(s) on the server, expected {exp}")
    report.verified = not report.mismatched
