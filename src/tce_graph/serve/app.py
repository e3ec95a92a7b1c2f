"""The server: the published site with content negotiation at every resource path, the SPARQL endpoint
at ``/sparql`` and the saved queries at ``/api/<name>`` (Starlette; run by uvicorn)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import InputError, TceGraphError
from ..publish.site import SITE_FILE
from ..query.formats import format_csv, format_json
from ..query.run import answer
from ..query.saved import get_query, list_queries
from ..stores.embedded import EmbeddedStore
from .sparql import BoundedRunner, Refused, choose

REPRESENTATIONS = {"text/html": ".html", "application/xhtml+xml": ".html", "text/turtle": ".ttl",
                   "application/ld+json": ".jsonld", "application/json": ".jsonld", "application/n-triples": ".nt"}
"""What a resource path offers, by media type, and the file suffix that holds it."""

FILE_TYPES = {".html": "text/html; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
              ".jsonld": "application/ld+json", ".nt": "application/n-triples", ".css": "text/css; charset=utf-8",
              ".js": "text/javascript; charset=utf-8", ".csv": "text/csv; charset=utf-8",
              ".json": "application/sparql-results+json", ".rq": "application/sparql-query; charset=utf-8",
              ".trig": "application/trig", ".nq": "application/n-quads", ".png": "image/png"}
CACHE = "public, max-age=300"
API_TYPES = {"application/sparql-results+json": "json", "application/json": "json", "text/csv": "csv"}


def create_app(store_dir: str | Path, site_dir: str | Path, *, timeout: float = 10.0,
               max_rows: int = 10_000) -> Starlette:
    """The ASGI application over an embedded store and a published site."""
    site = Path(site_dir).resolve()
    meta_file = site / SITE_FILE
    if not meta_file.is_file():
        raise InputError(f"no published site at {site_dir} (no {SITE_FILE}); run `tce-graph publish --out {site_dir}`")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    documents = set(meta.get("documents", []))
    store = EmbeddedStore(store_dir)
    runner = BoundedRunner(str(store_dir), timeout=timeout, max_rows=max_rows)

    def file_response(path: Path, **headers: str) -> Response:
        return FileResponse(path, media_type=FILE_TYPES.get(path.suffix, "application/octet-stream"),
                            headers={"Cache-Control": CACHE, **headers})

    async def page(request: Request) -> Response:
        rel = request.path_params.get("path", "")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = (site / rel).resolve()
        if not target.is_relative_to(site):
            return PlainTextResponse("not found", 404)
        if target.is_file():
            return file_response(target)
        if not (site / f"{rel}.html").is_file():
            return PlainTextResponse(f"nothing at /{rel}", 404)
        accept = request.headers.get("accept", "")
        media = choose(accept, REPRESENTATIONS, "text/html")
        vary = {"Vary": "Accept"}
        if media is None:
            offered = ", ".join(REPRESENTATIONS)
            return PlainTextResponse(f"/{rel} is offered as {offered}; not as {accept}", 406, headers=vary)
        suffix = REPRESENTATIONS[media]
        if rel in documents:  # the IRI names this document itself: answer here
            location = {"Content-Location": quote(Path(rel).name + suffix)}
            return file_response(site / f"{rel}{suffix}", **vary, **location)
        # the IRI names a thing (a report, an agency ...): see the document that describes it
        return RedirectResponse("/" + quote(rel) + suffix, status_code=303, headers={**vary, "Cache-Control": CACHE})

    async def sparql(request: Request) -> Response:
        query = None
        if request.method == "GET":
            query = request.query_params.get("query")
            if "update" in request.query_params:
                return PlainTextResponse("this endpoint is read-only: SPARQL Update is refused", 403)
        else:
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return PlainTextResponse("this endpoint is read-only: SPARQL Update is refused", 403)
            if kind == "application/sparql-query":
                query = (await request.body()).decode("utf-8", "replace")
            elif kind == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", "replace"))  # no multipart parser needed
                if "update" in form:
                    return PlainTextResponse("this endpoint is read-only: SPARQL Update is refused", 403)
                query = form.get("query", [None])[0]
            else:
                return PlainTextResponse("POST a query as application/sparql-query or as a form field 'query'", 415)
        if not query:
            return PlainTextResponse("give a SPARQL query: /sparql?query=...", 400)
        if request.query_params.get("default-graph-uri") or request.query_params.get("named-graph-uri"):
            return PlainTextResponse("default-graph-uri and named-graph-uri are not supported; the default graph is "
                                     "the union of every graph", 400)
        try:
            result = await run_in_threadpool(runner.run, query, request.headers.get("accept", ""))
        except Refused as exc:
            return PlainTextResponse(exc.message, exc.status)
        return Response(result.body, media_type=result.media_type,
                        headers={"Cache-Control": "no-store", "Vary": "Accept"})

    async def api(request: Request) -> Response:
        name = request.path_params["name"]
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        fmt = request.query_params.get("format") or API_TYPES.get(
            choose(request.headers.get("accept", ""), API_TYPES, "application/sparql-results+json") or "", "")
        if fmt not in ("json", "csv"):
            return PlainTextResponse("the API answers as json or csv (?format= or Accept)", 406)
        try:
            saved = get_query(name) if "/" not in name and not name.endswith(".rq") else None
            if saved is None:
                raise InputError(f"no saved query named '{name}'")
        except TceGraphError as exc:
            return PlainTextResponse(exc.message, 404)
        try:
            found = await run_in_threadpool(answer, saved, params, store=store)
        except TceGraphError as exc:
            return PlainTextResponse(exc.message, 400)
        body = format_json(found.result) if fmt == "json" else format_csv(found.result)
        headers = {"Cache-Control": "no-cache", "Vary": "Accept"}
        if found.notes:
            headers["X-Query-Notes"] = quote("; ".join(found.notes), safe=" ;:,'()=")
        return Response(body, media_type="application/sparql-results+json" if fmt == "json" else "text/csv",
                        headers=headers)

    async def api_index(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "summary": q.summary, "url": f"/api/{q.name}",
                              "parameters": sorted(q.parameters)} for q in list_queries()])

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]),
                             Route("/api", api_index, methods=["GET"]),
                             Route("/api/{name}", api, methods=["GET"]),
                             Route("/{path:path}", page, methods=["GET", "HEAD"])])
