"""publish(): the whole static site, written aside and swapped in (:mod:`tce_graph.atomic`).

The stages: read every triple once through the store (:mod:`.graph`); one page per document IRI under
the site's base with its Turtle, JSON-LD and N-Triples beside it; an index page per class; the home
page and its search index; a page per saved query with its answer; the exports to download. Resource
pages are rendered by worker processes (each writes its own share of the files), so the site is the same
whatever their number.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..atomic import clear_leftovers, size_text, staged_folder, swap_in
from ..bundled import ontology_dir
from ..errors import InputError, OutputError
from ..namespaces import site_base
from ..query.saved import list_queries
from ..rdf.formats import RDF_FORMATS
from ..sources import TEXT_FOLDER
from ..stores import Store, open_store
from .graph import SiteGraph, read_triples
from .pages import DATASET, DISTRIBUTION, EMBED, IDENTIFIER, P, Site, render
from .paths import SUFFIXES, SiteMap
from .queries import query_files
from .rdfdocs import iri_term, literal_term, parse_term, to_jsonld, to_ntriples, to_turtle
from .text import read_text

DEFAULT_SITE = Path("site")
CONTEXT_FILE = "context.jsonld"
"""The JSON-LD context, published at the site's base (``https://w3id.org/tce-graph/context.jsonld``)."""
SITE_FILE = "site.json"
"""What a server needs to know of the site: its base IRI and which resource paths name documents."""
DOCUMENT_CLASSES = (P("owl", "Ontology"),)
"""Resources whose IRI names the document itself (answered in place); every other resource path names a
thing, and a server answers it with 303 See Other to the document describing it."""
Progress = Callable[[str, int, int], None]


@dataclass
class PublishResult:
    out_dir: Path
    base_iri: str
    pages: int = 0  # resource pages (each with its Turtle, JSON-LD and N-Triples)
    files: int = 0  # every file written
    texts: int = 0  # report texts shown with their evidence spans
    missing_texts: list[str] = field(default_factory=list)  # report files whose text was not found
    timings: dict[str, float] = field(default_factory=dict)


def _write(root: Path, rel: str, data: bytes, made: set[str]) -> None:
    folder = os.path.dirname(rel)
    if folder and folder not in made:
        (root / folder).mkdir(parents=True, exist_ok=True)
        made.add(folder)
    fd = os.open(root / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)  # a fresh file: no buffered object
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


_SITE: Site | None = None  # the site a forked worker renders (set before the fork)


def _render_share(args: tuple[str, list[str]]) -> int:
    root, paths = args
    assert _SITE is not None
    return _render_pages(_SITE, Path(root), paths)


def _render_pages(site: Site, root: Path, paths: Iterable[str]) -> int:
    g, sm = site.graph, site.sitemap
    made: set[str] = set()
    n = 0
    for path in paths:
        subjects = g.documents[path]
        triples = g.description(subjects)
        for cls, props in EMBED.items():  # what the page shows of other nodes, its data holds too
            if cls in g.types.get(subjects[0], ()):
                for prop in props:
                    triples += g.description([o for o in g.values(subjects[0], prop) if o[:1] == "<"])
        _write(root, sm.file(path), site.resource_page(path), made)
        _write(root, sm.file(path, "turtle"), to_turtle(triples, site.sitemap.base).encode("utf-8"), made)
        _write(root, sm.file(path, "jsonld"), to_jsonld(triples).encode("utf-8"), made)
        _write(root, sm.file(path, "ntriples"), to_ntriples(triples).encode("utf-8"), made)
        n += 1
    return n


def _pool_context():
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def publish(store: Store | str | Path | None = None, out_dir: str | Path = DEFAULT_SITE, *,
            base_iri: str | None = None, text_dir: str | Path | None = None, exports_dir: str | Path | None = None,
            workers: int = 1, progress: Progress | None = None) -> PublishResult:
    """Write the static site of the graph in ``store`` (an open store, or an embedded store's folder;
    default ``out/store``) to ``out_dir``.

    ``base_iri`` is the IRI the site is served at (default: the common parent of the data's base IRI and
    the vocabulary's, ``https://w3id.org/tce-graph/`` for the defaults). ``text_dir`` holds the report
    texts ``build --keep-text`` wrote (default: ``text/`` beside an embedded store); ``exports_dir`` the
    export files offered for download (default: the embedded store's build folder)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    stages = ("reading the graph", "indexing", "resource pages", "indexes and home", "saved queries", "done")

    def stage(n: int) -> None:
        if progress:
            progress(stages[n], n + 1, len(stages))

    stage(0)
    folder = None
    if store is None or isinstance(store, (str, Path)):
        folder = Path(store) if store is not None else None
        store = open_store(folder)
        folder = Path(getattr(store, "location", folder or "out/store"))
    build_dir = folder.parent if folder is not None else None
    text_dir = Path(text_dir) if text_dir is not None else (build_dir / TEXT_FOLDER if build_dir else None)
    exports = Path(exports_dir) if exports_dir is not None else build_dir
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder; expected a folder for the site")
    if out.is_dir() and not (out / SITE_FILE).is_file() and any(out.iterdir()):
        raise OutputError(f"{out} holds files that are not a site `tce-graph publish` wrote (no {SITE_FILE}); "
                          "refusing to replace it: give a new or empty folder, or the site's own")

    triples = list(read_triples(store))
    timings["read"] = time.perf_counter() - started
    stage(1)
    spaces = sorted(parse_term(o).value for _s, p, o in triples if p == P("void", "uriSpace"))
    if not triples:
        raise InputError(f"{store.name} holds no triples; expected a built graph (run `tce-graph build`)")
    base = base_iri or site_base(spaces[0] if spaces else "https://w3id.org/tce-graph/id/")
    sitemap = SiteMap(base)
    graph = SiteGraph(triples, sitemap)
    del triples
    if not graph.documents:
        raise InputError(f"no resource of the graph has an IRI under {sitemap.base}; expected the IRI the site "
                         f"is served at, such as {site_base(spaces[0]) if spaces else 'https://w3id.org/tce-graph/'}")
    timings["index"] = time.perf_counter() - started - timings["read"]
    site = Site(graph, sitemap)
    result = PublishResult(out, sitemap.base)
    for source in graph.subjects_of_type(P("tce", "SourceFile")):
        name = parse_term(graph.first(source, IDENTIFIER) or '""').value
        sha = graph.first(source, P("tce", "textSha256"))
        text = read_text(text_dir, name, parse_term(sha).value if sha else None) if name else None
        if text is None:
            result.missing_texts.append(name)
        else:
            site.texts[source] = text
    result.texts = len(site.texts)
    datasets = [s for s in graph.subjects_of_type(DATASET) if graph.page_of(s)]
    site.dataset_path = graph.page_of(datasets[0]) if datasets else None
    ontologies = [s for s in graph.subjects_of_type(P("owl", "Ontology")) if graph.page_of(s)]
    site.ontology_path = graph.page_of(ontologies[0]) if ontologies else None

    clear_leftovers(out)
    staging = staged_folder(out)
    try:
        made: set[str] = set()
        files = 0
        for rel, data in _downloads(site, datasets, exports):
            _write(staging, rel, data, made)
            files += 1
        # the JSON-LD context at a stable address beside the pages (the exports embed it too)
        _write(staging, CONTEXT_FILE, (ontology_dir() / CONTEXT_FILE).read_bytes(), made)
        files += 1
        for name in ("site.css", "site.js"):
            _write(staging, f"assets/{name}", resources.files("tce_graph.publish").joinpath(f"assets/{name}")
                   .read_bytes(), made)
            files += 1
        paths = list(graph.documents)

        def indexes_and_queries() -> int:
            """Everything but the resource pages: done here while the workers render those."""
            n = 0
            clock = time.perf_counter()
            classes = site.classes()
            for rel, data in site.class_pages(classes):
                _write(staging, rel, data, made)
                n += 1
            _write(staging, "classes/index.html", site.class_index(classes), made)
            home, search = site.home(classes)
            _write(staging, "index.html", home, made)
            _write(staging, "search.js", search, made)
            documents = sorted(p for p, subjects in graph.documents.items()
                               if any(c in graph.types.get(subjects[0], ()) for c in DOCUMENT_CLASSES))
            meta = {"base": sitemap.base, "documents": documents, "representations": dict(SUFFIXES)}
            _write(staging, SITE_FILE, (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode("utf-8"), made)
            n += 4
            timings["indexes"] = time.perf_counter() - clock
            stage(4)
            clock = time.perf_counter()
            for rel, data in query_files(site, store, list_queries()):
                _write(staging, rel, data, made)
                n += 1
            timings["queries"] = time.perf_counter() - clock
            return n

        stage(2)
        clock = time.perf_counter()
        result.pages, others = _render_all(site, staging, paths, workers, indexes_and_queries)
        files += 4 * result.pages + others
        timings["pages"] = time.perf_counter() - clock  # with the indexes and queries made meanwhile
        result.files = files
        swap_in(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the site to {out}: {exc.strerror or exc}; expected a folder this user "
                          "can write to") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    timings["total"] = time.perf_counter() - started
    stage(5)
    result.timings = timings
    return result


def _render_all(site: Site, staging: Path, paths: list[str], workers: int,
                meanwhile: Callable[[], int]) -> tuple[int, int]:
    """The resource pages, by ``workers`` forked processes (each writes its share of the files), with
    ``meanwhile`` run here as they work; returns (pages, the files ``meanwhile`` wrote)."""
    if workers <= 1 or len(paths) < 2000:
        return _render_pages(site, staging, paths), meanwhile()
    global _SITE
    _SITE = site
    try:
        # contiguous shares (paths are sorted): each worker fills its own folders, not the same ones at once
        size = -(-len(paths) // (workers * 8))
        shares = [(str(staging), paths[i:i + size]) for i in range(0, len(paths), size)]
        with _pool_context().Pool(workers) as pool:
            pending = pool.map_async(_render_share, shares)
            others = meanwhile()
            return sum(pending.get()), others
    finally:
        _SITE = None


def _downloads(site: Site, datasets: list[str], exports: Path | None) -> Iterable[tuple[str, bytes]]:
    """The export files under ``download/``, each stated as its distribution's ``dcat:downloadURL``."""
    g = site.graph
    names = {f.file_name: f for f in RDF_FORMATS.values()}
    for d in datasets:
        for dist in g.values(d, DISTRIBUTION):
            title = g.first(dist, P("dcterms", "title"))
            name = parse_term(title).value if title else ""
            if not exports or name not in names or not (exports / name).is_file():
                continue
            data = (exports / name).read_bytes()
            rel = f"download/{name}"
            url = iri_term(site.sitemap.base + rel)
            if url not in g.values(dist, P("dcat", "downloadURL")):  # the build states it for the default base
                g.add(dist, P("dcat", "downloadURL"), url)
            size = literal_term(str(len(data)), datatype=P("xsd", "nonNegativeInteger")[1:-1])
            g.add(dist, P("dcat", "byteSize"), size)
            site.downloads[dist] = {"name": name, "type": names[name].media_type, "size": size_text(len(data)),
                                    "file": rel}
            yield rel, data


__all__ = ["DEFAULT_SITE", "SITE_FILE", "PublishResult", "publish", "render"]
