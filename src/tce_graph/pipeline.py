"""build(): read every report, map it to its named graph, and write the outputs.

Each report is read and mapped on its own, in worker processes (``workers``, default the number of
cores), which return plain data: the parsed report and its graph's share of every export
(:class:`~tce_graph.rdf.chunks.GraphChunk`). The parent spools the chunks as they come and writes the
exports in graph-IRI order, so the files are byte-identical whatever the number of workers and no
process holds the whole dataset; the embedded store is bulk-loaded from the written N-Quads file.
"""
from __future__ import annotations

import contextlib
import functools
import multiprocessing
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, overload

from rdflib import Dataset

from . import atomic
from .bundled import default_reports
from .cache import Pruned, ReportCache, fingerprint
from .config import Settings
from .errors import BuildError, InputError, MappingError, OutputError, StoreError, TceGraphError
from .model import Report, ReportBrief, ReportWarning
from .namespaces import dataset_graph_iri
from .query.textindex import INDEX_FILE, IndexWriter
from .rdf.chunks import GraphChunk, StoredChunk, make_chunk
from .rdf.dataset import Publication, build_dataset, description_triples, vocabulary_graphs
from .rdf.export import jsonld_context, write_exports
from .rdf.formats import DEFAULT_FORMATS, RDF_FORMATS, STORE_FOLDER
from .rdf.mapping import owned_prefixes, report_triples, section_rows
from .rdf.stream import PARTS_FILE, STREAMED, StreamedExports
from .reader.report import parse_report
from .sources import TEXT_FOLDER, find_reports, keep_texts, skipped_files

if TYPE_CHECKING:
    from .validate import UnitOutcome, ValidationReport

Progress = Callable[..., None]
"""``progress(item, i, n)``; the build calls ``progress(item, i, n, stage)``: item ``i`` of ``n`` in a
stage ("reading", "writing", "storing", "validating"), so a caller can show every stage's progress."""


def _staged(progress: Progress | None, stage: str) -> Callable[[str, int, int], None] | None:
    """A three-argument progress callback for one stage of the build."""
    if progress is None:
        return None
    return lambda item, i, n: progress(item, i, n, stage)


def _with_stage(progress: Progress | None) -> Progress | None:
    """``progress`` as a four-argument callback: one that takes three (``progress(item, i, n)``, as
    earlier versions called it) is called without the stage."""
    if progress is None:
        return None
    import inspect

    try:
        params = inspect.signature(progress).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: assume the current form
        return progress
    if any(p.kind is p.VAR_POSITIONAL for p in params) or len(
            [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]) >= 4:
        return progress
    return lambda item, i, n, stage: progress(item, i, n)


class Reports(Sequence[Report]):
    """:attr:`BuildResult.reports`: the reports built, in build order; a report that came from the build
    cache is read from it when first asked for (a rebuild needs only its brief; an entry removed from
    the cache in between is an OutputError then)."""

    def __init__(self, items: Iterable[Report | Callable[[], Report]] = ()):
        self._items: list[Report | Callable[[], Report]] = list(items)

    def append(self, item: Report | Callable[[], Report]) -> None:
        self._items.append(item)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Report: ...
    @overload
    def __getitem__(self, i: slice) -> list[Report]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        item = self._items[i]
        if not isinstance(item, Report):
            item = self._items[i] = item()
        return item

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"<Reports: {len(self)} report(s)>"


@dataclass
class BuildResult:
    reports: Reports = field(default_factory=Reports)
    briefs: list[ReportBrief] = field(default_factory=list)  # each report's slug, file, warnings, ...
    failures: list[TceGraphError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    validation: ValidationReport | None = None  # the SHACL check of the dataset (build(validate=True))
    out_dir: Path | None = None
    cached: int = 0  # reports taken from the build cache (not read, mapped or validated again)
    pruned: Pruned | None = None  # the cache entries of other versions of the tool the build removed
    reused: int = 0  # graph parts copied from the previous build's export files (the graph unchanged since)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # files in the folders not read, and why
    read_from: list[Path] = field(default_factory=list)  # the files and folders read (the default one when none given)
    # wall seconds per stage ("workers", "export", "store", "validate-rest") and CPU seconds the
    # workers spent per stage ("cpu:read", "cpu:map", "cpu:serialise", "cpu:validate")
    timings: dict[str, float] = field(default_factory=dict)
    _dataset: Dataset | None = field(default=None, repr=False)

    @property
    def dataset(self) -> Dataset | None:
        """The built dataset as an rdflib Dataset, read from the written TriG on first use (the build
        itself never holds it)."""
        if self._dataset is None and self.out_dir is not None:
            trig = self.out_dir / RDF_FORMATS["trig"].file_name
            if trig.is_file():
                self._dataset = Dataset()
                self._dataset.parse(trig, format="trig")
        return self._dataset

    @property
    def warnings(self) -> list[tuple[str, ReportWarning]]:
        """Every warning from reading the reports, with the file it is about, in build order."""
        return [(b.path, w) for b in self.briefs for w in b.warnings]

    def __repr__(self) -> str:
        return (f"BuildResult({len(self.reports)} report(s), {self.triples} triples, {len(self.failures)} failure(s), "
                f"out_dir={str(self.out_dir)!r})")


@dataclass(frozen=True)
class _Task:
    path: str
    base_iri: str
    jsonld: bool
    validate: bool
    engine: str = "pyshacl"  # the SHACL engine


@dataclass
class _Built:
    """What a worker returns for one report file: the report and its chunk, or the error."""

    path: str
    report: Report | None = None
    chunk: GraphChunk | StoredChunk | None = None
    error: TceGraphError | None = None
    validation: UnitOutcome | None = None  # the SHACL check of the report's graph
    sections: list[tuple] = field(default_factory=list)  # the report's rows of the full-text index
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds the worker spent, per stage
    brief: ReportBrief | None = None
    # from the cache: the report and its index rows, read when asked for (report and sections are then empty)
    whole: Callable[[], tuple[Report, list[tuple]]] | None = None

    def the_report(self) -> Report | Callable[[], Report]:
        if self.report is not None:
            return self.report
        whole = self.whole
        assert whole is not None
        return lambda: whole()[0]

    def the_sections(self) -> list[tuple]:
        return self.sections if self.whole is None else self.whole()[1]


def _work(task: _Task) -> _Built:
    """One report: read, map, and make its share of every export (runs in a worker process)."""
    clock = time.process_time
    cpu: dict[str, float] = {}
    start = clock()
    try:
        report = parse_report(task.path)
    except TceGraphError as exc:
        return _Built(task.path, error=exc)
    cpu["read"], start = clock() - start, clock()
    stage = "mapped to RDF"
    try:
        graph_iri, triples = report_triples(report, task.base_iri)
        cpu["map"], start = clock() - start, clock()
        stage = "written as RDF"
        context = jsonld_context()["@context"] if task.jsonld else None
        chunk = make_chunk(str(graph_iri), triples, owned=owned_prefixes(report, task.base_iri),
                           jsonld_context=context)
        sections = section_rows(report)
        cpu["serialise"], start = clock() - start, clock()
        outcome = None
        if task.validate:
            stage = "validated"
            from .validate import check_report_graph
            outcome = check_report_graph(str(graph_iri), triples, base_iri=task.base_iri, engine=task.engine,
                                         ntriples=chunk.ntriples() if task.engine == "turbo" else None)
            cpu["validate"] = clock() - start
    except TceGraphError as exc:
        return _Built(task.path, error=exc)
    except Exception as exc:  # noqa: BLE001 - one report's fault must not stop the others (--keep-going)
        return _Built(task.path, error=MappingError(
            f"could not be {stage} ({type(exc).__name__}: {exc}); expected every value to fit RDF: please report "
            "this file", file=task.path))
    return _Built(task.path, report, chunk, validation=outcome, cpu=cpu, sections=sections,
                  brief=ReportBrief.of(report))


def _pool_context():
    # fork shares the imported modules (and their caches) with the workers at no cost; elsewhere spawn
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _run(tasks: list[_Task], workers: int) -> Iterator[_Built]:
    """Each task's result, in task order, from ``workers`` processes (1: in this process)."""
    if workers <= 1 or len(tasks) <= 1:
        yield from map(_work, tasks)
        return
    with _pool_context().Pool(min(workers, len(tasks))) as pool:
        yield from pool.imap(_work, tasks, chunksize=max(1, min(16, len(tasks) // (workers * 8) or 1)))


def _run_cached(tasks: list[_Task], workers: int, cache: ReportCache | None) -> Iterator[_Built]:
    """Each task's result in task order: from the cache where it has the entry, else from the workers
    (and then kept in the cache). A chunk that is in the cache comes as a StoredChunk: its bytes stay
    in the cache's file until the exports copy them."""
    if cache is None:
        yield from _run(tasks, workers)
        return
    keys = [cache.key(t.path, t.base_iri, t.jsonld, t.validate, t.engine if t.validate else "") for t in tasks]
    hits = [cache.has(k) for k in keys]
    computed = _run([t for t, hit in zip(tasks, hits) if not hit], workers)
    for task, key, hit in zip(tasks, keys, hits):
        built = _from_cache(cache, key) if hit else None
        if built is None:
            built = next(computed) if not hit else _work(task)
            if not isinstance(built.error, MappingError):  # a fault of this run (say a full disk) is not kept
                built = _keep(cache, key, built)
        yield built


def _from_cache(cache: ReportCache, key: str | None) -> _Built | None:
    built = cache.get(key)
    if built is None or key is None:
        return None
    if isinstance(built.chunk, StoredChunk):
        built.chunk = replace(built.chunk, path=cache.parts_path(key))
    if built.error is None:
        built.whole = functools.partial(_whole_report, cache, key)
    built.cpu = {}  # nothing was spent on it in this build
    return built


def _whole_report(cache: ReportCache, key: str) -> tuple[Report, list[tuple]]:
    whole = cache.get_side(key)
    if whole is None:
        raise OutputError("lost a report's entry while the build ran; expected the cache unchanged until the "
                          "build ends (build again)", file=str(cache.side_file(key)))
    return whole


def _keep(cache: ReportCache, key: str | None, built: _Built) -> _Built:
    """Put ``built`` in the cache; what the build goes on with (its chunk as kept there, when it was).
    The entry itself is the brief, the validation and the chunk's place; the report and its index rows
    are kept beside it, and the chunk's bytes as they are."""
    if key is None or built.report is None or not isinstance(built.chunk, GraphChunk):
        cache.put(key, built)
        return built
    blob, stored = built.chunk.blob()
    light = replace(built, report=None, chunk=stored, sections=[])
    if not cache.put(key, light, blob, side=(built.report, built.sections)):
        return built
    return replace(built, chunk=replace(stored, path=str(cache.parts_file(key))))


def read_reports(files: list[Path], *, keep_going: bool, progress: Progress | None = None
                 ) -> tuple[list[Report], list[TceGraphError]]:
    """Parse the files in this process (the reader alone, no mapping); duplicates are an InputError."""
    reports: list[Report] = []
    failures: list[TceGraphError] = []
    for i, f in enumerate(files, start=1):
        if progress:
            progress(f.name, i, len(files))
        try:
            reports.append(parse_report(f))
        except TceGraphError as exc:
            if not keep_going:
                raise
            failures.append(exc)
    _check_distinct(reports)
    return reports, failures


def _check_distinct(reports: list[Report]) -> None:
    slugs: dict[str, Path] = {}
    for r in reports:
        if r.slug in slugs:
            raise InputError(f"describes the same project ({r.slug}) as {slugs[r.slug]}; expected one report "
                             "per project", file=r.source.path)
        slugs[r.slug] = Path(r.source.path or r.source.name)


def build(paths: Iterable[str | Path] | None = None, out_dir: str | Path | None = None, *,
          base_iri: str | None = None, keep_going: bool = False,
          formats: tuple[str, ...] = DEFAULT_FORMATS, progress: Progress | None = None,
          store: bool = True, validate: bool = True, settings: Settings | None = None,
          workers: int | None = None, cache: bool = True, keep_text: bool = False) -> BuildResult:
    """Read reports (default: ``./data/reports`` if there is one, else the bundled ones), map them to RDF
    and write the exports to ``out_dir``.

    ``out_dir``, ``base_iri`` and ``workers`` default to ``settings`` (itself default
    :meth:`Settings.from_env`: ``out/``, the default base IRI, the number of cores). Raises
    :class:`BuildError` when a report fails and ``keep_going`` is false; with ``keep_going`` the other
    reports are built and the failures are returned on the result (and raised after the outputs are
    written, so the caller sees them). With ``cache``, a report whose file, options and tool are
    unchanged since an earlier build is not read, mapped or validated again (:mod:`tce_graph.cache`).
    With ``keep_text``, the text each report was read as (for a PDF or Word file, the extracted text the
    evidence offsets count in) is written to ``out_dir/text/<file name>.txt``.
    """
    settings = (settings or Settings.from_env()).with_(out_dir=out_dir, base_iri=base_iri, workers=workers)
    out, base = settings.out_dir, settings.base_iri
    progress = _with_stage(progress)
    sources = list(paths) if paths else [default_reports()]
    files = find_reports(sources)
    if not files:
        raise InputError("holds no report files (*.txt, *.md, *.pdf, *.docx, *.html)",
                         file=", ".join(map(str, paths or [])))
    result = BuildResult(out_dir=out, skipped=skipped_files(sources), read_from=[Path(p) for p in sources])
    clock = _Clock(result.timings)
    if validate:
        _prepare_validation(settings.shacl_engine)  # loaded once here, shared by the forked workers
    staging = _staging(out)
    removing: list[threading.Thread] = []
    report_cache = ReportCache(settings.cache_dir) if cache else None
    if report_cache is not None:
        report_cache.mark_used()
    try:
        tool = fingerprint()  # what wrote the previous build's files decides whether they can be reused
        exports = StreamedExports(staging, formats, previous=out if out.is_dir() else None, tool=tool)
        # beside the store, for tce-graph search; from the previous build's, with the changed reports' rows
        index = IndexWriter(staging / INDEX_FILE, out / INDEX_FILE, tool) if store else None
        try:
            with clock("workers"), _naming_failures(staging, out):
                outcomes = _read_and_map(files, settings, exports, result, keep_going=keep_going,
                                         progress=progress, jsonld="jsonld" in formats, validate=validate,
                                         cache=report_cache, index=index)
            if result.reports:
                others = _add_vocabulary_and_description(exports, result, base, settings.publication())
                result.triples = exports.triples
                with clock("export"), _naming_failures(staging, out):
                    written = exports.finish(progress=_staged(progress, "writing"))
                    result.reused = exports.reused
                    if index is not None:
                        index.finish()
        finally:
            exports.close()
            if index is not None:
                index.close()
        if result.reports:
            with clock("store"), _naming_failures(staging, out):
                names = _publish(written, staging, formats, base, store=store, progress=_staged(progress, "storing"),
                                 exports=exports, previous=out / STORE_FOLDER)
                if index is not None:
                    names.append(INDEX_FILE)
                if keep_text:
                    keep_texts([r.source for r in result.reports], staging / TEXT_FOLDER)
                    names.append(TEXT_FOLDER)
                _swap_build_folder(staging, out, names, removing)
            result.files = [out / name for name in names]
            if report_cache is not None:  # a version's gigabytes go while the dataset is validated
                _in_background(removing, _prune, report_cache, settings.cache_versions, result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    try:
        if result.reports and validate:  # after the outputs are written: a graph that does not conform is inspectable
            with clock("validate-rest"):
                if progress:
                    progress("the ontology, thesaurus and dataset description", 0, 1, "validating")
                result.validation = _validation(outcomes, others, base, settings.shacl_engine)
    finally:
        for thread in removing:  # the previous build folder is gone when build() returns
            thread.join()
    if result.failures:
        raise BuildError(result.failures, f"{len(result.failures)} of {len(files)} report(s) failed to build",
                         result=result)
    return result


class _Clock:
    """Wall seconds per stage, into ``timings``."""

    def __init__(self, timings: dict[str, float]):
        self.timings = timings

    def __call__(self, stage: str):
        @contextlib.contextmanager
        def timed():
            start = time.perf_counter()
            try:
                yield
            finally:
                self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
        return timed()


def _staging(out: Path) -> Path:
    """The folder the build writes into, beside ``out`` (swapped in whole at the end); first the leftovers
    of builds that were killed are cleared (an old build folder set aside is put back)."""
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(f"cannot write {out}: it is a file; expected a folder for the build's outputs")
        atomic.clear_leftovers(out)
        if out.is_dir():
            atomic.clear_leftovers(out / STORE_FOLDER)  # what older versions left inside the build folder
            _check_build_folder(out)
        return atomic.staged_folder(out)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {atomic.describe(exc)}; expected a folder this user can write "
                          f"to, in a folder ({out.parent}) where the build can write its new outputs beside it"
                          ) from None


# what a build writes into its folder: the exports, the store and the kept texts (anything else found in
# the folder, such as network outputs, is carried over into the new folder)
def _build_entries() -> set[str]:
    return {fmt.file_name for fmt in RDF_FORMATS.values()} | {STORE_FOLDER, TEXT_FOLDER, INDEX_FILE, PARTS_FILE}


def _check_build_folder(out: Path) -> None:
    """``out`` must be empty or a folder an earlier build wrote (it is replaced whole)."""
    entries = {p.name for p in out.iterdir()}
    if entries and not entries & _build_entries():
        raise OutputError(f"cannot write {out}: it holds files no build wrote ({', '.join(sorted(entries)[:3])}"
                          f"{', ...' if len(entries) > 3 else ''}); expected an empty folder or an earlier "
                          "build's folder, which the build replaces whole")


@contextlib.contextmanager
def _naming_failures(staging: Path, out: Path):
    """An OSError while writing the new outputs as an OutputError naming the output (as it will be
    called in ``out``, not the staging folder) and the cause: 'disk full writing out/tce-graph.nq'."""
    try:
        yield
    except OSError as exc:
        name = Path(exc.filename).resolve() if isinstance(exc.filename, str) else None
        shown = f"the new outputs beside {out}"
        if name is not None and name.is_relative_to(staging.resolve()):
            inside = name.relative_to(staging.resolve())
            own = inside.parts[0] in _build_entries()
            shown = str(out / inside) if own else f"the build's working files beside {out}"
        raise OutputError(f"{atomic.describe(exc)} writing {shown}; nothing in {out} was changed") from None


def _swap_build_folder(staging: Path, out: Path, names: list[str], removing: list[threading.Thread]) -> None:
    """Make the staging folder the build folder in one step (the old one renamed aside, then deleted),
    after carrying over what the old folder holds that the build does not write (linked, not copied,
    where the file system allows, so nothing is moved out of the old folder before the swap)."""
    if out.is_dir():
        own = _build_entries()
        for entry in sorted(out.iterdir()):
            if entry.name in own or entry.name.startswith("."):
                continue  # an output of an earlier build this one no longer writes goes with the old folder
            atomic.link_tree(entry, staging / entry.name)

    # deleting gigabytes of old exports overlaps the dataset validation
    atomic.swap_in(staging, out, lambda old: _in_background(removing, shutil.rmtree, old, True))


def _in_background(threads: list[threading.Thread], target: Callable, *args) -> None:
    """Run ``target(*args)`` in a thread that build() joins before it returns."""
    threads.append(threading.Thread(target=target, args=args))
    threads[-1].start()


def _prune(cache: ReportCache, keep: int, result: BuildResult) -> None:
    """Remove the cache entries of other versions of the tool beyond ``keep`` (this one included)."""
    try:
        pruned = cache.prune(keep_versions=keep)
    except OSError:  # the cache is only a cache: what cannot be removed stays
        return
    result.pruned = pruned if pruned.entries or pruned.versions else None


def _read_and_map(files: list[Path], settings: Settings, exports: StreamedExports, result: BuildResult, *,
                  keep_going: bool, progress: Progress | None, jsonld: bool, validate: bool,
                  cache: ReportCache | None, index: IndexWriter | None = None) -> list[UnitOutcome]:
    """Stage 1, per report in the workers: read, map, make the chunk (and validate the report's graph);
    spool each as it comes."""
    tasks = [_Task(str(f), settings.base_iri, jsonld, validate, settings.shacl_engine) for f in files]
    label = "reading, mapping and validating" if validate else "reading and mapping"
    outcomes: list[UnitOutcome] = []
    seen: dict[str, str] = {}
    for i, built in enumerate(_run_cached(tasks, settings.workers, cache), start=1):
        result.cached = cache.hits if cache is not None else 0
        if progress:
            progress(Path(built.path).name, i, len(tasks), label)
        if built.error is not None:
            if not keep_going:
                raise built.error
            result.failures.append(built.error)
            continue
        assert built.brief is not None and built.chunk is not None
        slug = built.brief.slug
        if slug in seen:
            error = InputError(f"describes the same project ({slug}) as {seen[slug]}; expected one report per "
                               "project", file=built.brief.path)
            if not keep_going:
                raise error
            result.failures.append(error)
            continue
        seen[slug] = built.brief.path
        result.reports.append(built.the_report())
        result.briefs.append(built.brief)
        for stage, seconds in built.cpu.items():  # CPU the workers spent (0 for a report from the cache)
            key = f"cpu:{stage}"
            result.timings[key] = result.timings.get(key, 0.0) + seconds
        exports.add(built.chunk)
        if index is not None and not index.keep(built.chunk.iri, built.chunk.digest):
            index.add(built.the_sections(), built.chunk.iri, built.chunk.digest)
        if built.validation is not None:
            outcomes.append(built.validation)
    return outcomes


def _add_vocabulary_and_description(exports: StreamedExports, result: BuildResult, base: str,
                                    publication: Publication) -> dict[str, list[tuple]]:
    """Stage 2: the ontology graphs and the DCAT/VoID description (which counts every other graph);
    returns them, graph IRI -> triples, for validation."""
    context = jsonld_context()["@context"] if "jsonld" in exports.formats else None
    graphs: dict[str, list[tuple]] = {}
    for graph_iri, triples in vocabulary_graphs():
        exports.add(make_chunk(graph_iri, triples, owned=("",), jsonld_context=context))
        graphs[graph_iri] = list(triples)
    sizes = {e.iri: e.triples for e in exports.entries}
    description = description_triples(base, result.briefs, exports.triples, graph_triples=sizes,
                                      publication=publication)
    exports.add(make_chunk(dataset_graph_iri(base), description, owned=("",), jsonld_context=context))
    graphs[dataset_graph_iri(base)] = description
    return graphs


def _prepare_validation(engine: str) -> None:
    from .validate import _vocabulary_ntriples, engines, load_shapes, speedups
    from .validate.units import _bundled_vocabulary

    engines.check_engine(engine)
    load_shapes()
    _bundled_vocabulary()
    if engine == "turbo":
        _vocabulary_ntriples()
    speedups.apply()


def _validation(outcomes: list[UnitOutcome], others: dict[str, list[tuple]], base: str,
                engine: str) -> ValidationReport:
    """Stage 4: the report graphs' outcomes (from the workers) with the other graphs' units, as one
    report, the same as validating the written dataset whole."""
    import time

    from .validate import assemble, check_dataset_graphs

    started = time.perf_counter()
    rest = check_dataset_graphs(others, base_iri=base, engine=engine)
    reports = [info for o in outcomes for info in o.reports]
    return assemble(outcomes + rest, reports, base_iri=base, elapsed=time.perf_counter() - started)


def _publish(written: dict[str, Path], staging: Path, formats: tuple[str, ...], base: str, *,
             store: bool, progress: Callable[[str, int, int], None] | None = None,
             exports: StreamedExports | None = None, previous: Path | None = None) -> list[str]:
    """Stage 3, in the staging folder: the formats not streamed, then the embedded store from the
    N-Quads; returns the names of the outputs, in the order they are listed."""
    from .stores.embedded import write_embedded_store

    files: dict[str, Path] = dict(written)
    extra = [f for f in formats if f not in STREAMED]
    if extra:  # N-Triples and RDF/XML are made from the written TriG (they are not streamed)
        ds = Dataset()
        if "trig" not in written:
            raise OutputError("the build's TriG is needed to write N-Triples or RDF/XML; add --format trig")
        ds.parse(written["trig"], format="trig")
        files.update({f: p for f, p in zip(extra, write_exports(ds, staging, base, formats=tuple(extra)))})
    if store:
        source = written.get("nquads") or written.get("trig")
        if source is None:
            raise OutputError("the embedded store is loaded from the build's N-Quads or TriG; add --format nquads")
        manifest = exports.manifest() if exports is not None else None
        if exports is None or manifest is None or not _update_store(previous, staging / STORE_FOLDER, written,
                                                                    exports, manifest, progress):
            write_embedded_store(source, staging / STORE_FOLDER, union=written.get("turtle"), progress=progress,
                                 manifest=manifest)
    return [files[fmt].name for fmt in formats] + ([STORE_FOLDER] if store else [])


INCREMENTAL_SHARE = 0.1
"""The most graphs (as a share of all) a build replaces in the previous store instead of loading anew."""


def _update_store(previous: Path | None, target: Path, written: dict[str, Path], exports: StreamedExports,
                  new: dict[str, str], progress: Callable[[str, int, int], None] | None) -> bool:
    """Write the new store as the previous build's store with only the graphs that changed replaced,
    when that store lists its graphs and few changed (a rebuild after editing a report); False when
    the store must be loaded anew."""
    from .stores.embedded import store_manifest, update_embedded_store

    if previous is None or "nquads" not in written or not previous.is_dir():
        return False
    old = store_manifest(previous)
    if old is None:
        return False
    changed = sorted(iri for iri, digest in new.items() if old.get(iri) != digest)
    removed = sorted(set(old) - set(new))
    blank = exports.with_blank_nodes()
    if len(changed) + len(removed) > INCREMENTAL_SHARE * len(new) or blank & (set(changed) | set(removed)):
        return False
    try:
        update_embedded_store(previous, target, {iri: exports.graph_nquads(written["nquads"], iri) for iri in changed},
                              removed, new, progress=progress)
    except StoreError:  # the previous store cannot be read or copied (or did not take the update): load anew
        return False
    return True


__all__ = ["BuildResult", "build", "build_dataset", "read_reports"]
