"""build(): read every report, map it to its named graph, and write the outputs.

The stages run per report (read -> map), so a collection parallelises and a bad file only costs
itself; the dataset is then exported (and, where asked, validated and loaded into the store).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from .bundled import reports_dir
from .config import Settings
from .errors import BuildError, InputError, TceGraphError
from .model import Report
from .rdf.dataset import build_dataset
from .rdf.export import write_exports
from .rdf.formats import DEFAULT_FORMATS
from .reader.report import parse_report
from .sources import find_reports

if TYPE_CHECKING:
    from .validate import ValidationReport


Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    failures: list[TceGraphError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    dataset: Dataset | None = None
    triples: int = 0
    validation: ValidationReport | None = None  # the SHACL check of the dataset (build(validate=True))


def read_reports(files: list[Path], *, keep_going: bool, progress: Progress | None = None
                 ) -> tuple[list[Report], list[TceGraphError]]:
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
    slugs: dict[str, Path] = {}
    for r in reports:
        if r.slug in slugs:
            raise InputError(f"describes the same project ({r.slug}) as {slugs[r.slug]}; expected one report "
                             "per project", file=r.source.path)
        slugs[r.slug] = Path(r.source.path or r.source.name)
    return reports, failures


def build(paths: Iterable[str | Path] | None = None, out_dir: str | Path | None = None, *,
          base_iri: str | None = None, keep_going: bool = False,
          formats: tuple[str, ...] = DEFAULT_FORMATS, progress: Progress | None = None,
          store: bool = True, validate: bool = True, settings: Settings | None = None) -> BuildResult:
    """Read reports (default: the bundled ones), map them to RDF and write the exports to ``out_dir``.

    ``out_dir`` and ``base_iri`` default to ``settings`` (itself default :meth:`Settings.from_env`:
    ``out/`` and the default base IRI). Raises :class:`BuildError` when a report fails and
    ``keep_going`` is false; with ``keep_going`` the other reports are built and the failures are
    returned on the result (and raised after the outputs are written, so the caller sees them).
    """
    settings = (settings or Settings.from_env()).with_(out_dir=out_dir, base_iri=base_iri)
    out_dir, base_iri = settings.out_dir, settings.base_iri
    files = find_reports(list(paths) if paths else [reports_dir()])
    if not files:
        raise InputError("holds no report files (*.txt, *.md)", file=", ".join(map(str, paths or [])))
    reports, failures = read_reports(files, keep_going=keep_going, progress=progress)
    result = BuildResult(reports=reports, failures=failures)
    if reports:
        ds = build_dataset(reports, base_iri)
        result.dataset = ds
        result.triples = sum(1 for _ in ds.quads((None, None, None, None)))
        # the exports, and the embedded store that query/validate/load read (all written atomically)
        result.files = write_exports(ds, out_dir, base_iri, formats=formats, store=store)
        if validate:  # after the outputs are written: a graph that does not conform is still inspectable
            from .validate import validate_graph
            result.validation = validate_graph(ds)
    if failures:
        raise BuildError(failures, f"{len(failures)} of {len(files)} report(s) failed to build", result=result)
    return result
