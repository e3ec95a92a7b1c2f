"""build(): read every report, map it to its named graph, and write the outputs.

The stages run per report (read -> map), so a collection parallelises and a bad file only costs
itself; the dataset is then exported (and, where asked, validated and loaded into the store).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from .errors import BuildError, InputError, TceGraphError
from .export import DEFAULT_FORMATS, FORMATS, write_exports
from .model import Report
from .namespaces import DEFAULT_BASE_IRI, bind_prefixes
from .parse import parse_report
from .resources import ontology_dir, reports_dir
from .to_rdf import report_to_graph

if TYPE_CHECKING:
    from .validate import ValidationReport

REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
ONTOLOGY_GRAPHS = {  # file in ontology/ -> named graph it is loaded into
    "tce.ttl": "https://w3id.org/tce-graph/def",
    "concepts.ttl": "https://w3id.org/tce-graph/def/concepts",
    "topics.ttl": "https://w3id.org/tce-graph/def/topic",
}

Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    failures: list[TceGraphError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    dataset: Dataset | None = None
    triples: int = 0
    validation: ValidationReport | None = None  # the SHACL check of the dataset (build(validate=True))


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the report files to read, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES))
        elif p.exists():
            found.append(p)
        else:
            raise InputError("no such file or folder; expected a report file or a folder of reports", file=str(p))
    return found


def ontology_dataset(ds: Dataset) -> None:
    """Add the ontology, concept schemes and topic thesaurus, each in a named graph of its own."""
    folder = ontology_dir()
    for name, graph_iri in ONTOLOGY_GRAPHS.items():
        path = folder / name
        if path.exists():
            # canonical blank-node labels (OWL lists, axioms) keep the exports byte-identical
            parsed = to_canonical_graph(Graph().parse(path, format="turtle"))
            target = ds.graph(URIRef(graph_iri))
            for t in parsed:
                target.add(t)


def dataset_description(ds: Dataset, base_iri: str, reports: list[Report]) -> Graph:
    """DCAT/VoID description of the dataset, in its own named graph (no timestamps: reproducible)."""
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    g = ds.graph(URIRef(base + "graph/dataset"))
    d = URIRef(base + "dataset")
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, DCTERMS.title, Literal("TCE Project Learning Reports knowledge graph", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Project Learning Reports of the Tackling Child Exploitation Support Programme's Bespoke Support "
        "Projects, as linked data: partnerships, agencies, regions, themes, topics, actions and cited resources, "
        "each value traceable to the report text it came from.", lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((d, VOID.uriSpace, Literal(base)))
    g.add((d, VOID.vocabulary, URIRef("https://w3id.org/tce-graph/def#")))
    g.add((d, VOID.documents, Literal(len(reports))))
    for fmt, media in (("turtle", "text/turtle"), ("trig", "application/trig"),
                       ("nquads", "application/n-quads"), ("jsonld", "application/ld+json")):
        dist = URIRef(f"{base}dataset/distribution/{fmt}")
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.mediaType, Literal(media)))
        g.add((dist, DCTERMS.title, Literal(f"tce-graph{FORMATS[fmt][0]}")))
    for r in reports:
        from .to_rdf import report_iri
        g.add((d, DCTERMS.hasPart, report_iri(r, base_iri)))
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    g.add((d, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


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


def build_dataset(reports: list[Report], base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds, base_iri)
    for r in reports:
        report_to_graph(r, base_iri, into=ds)
    ontology_dataset(ds)
    dataset_description(ds, base_iri, reports)
    return ds


def build(paths: Iterable[str | Path] | None = None, out_dir: str | Path = "out", *,
          base_iri: str = DEFAULT_BASE_IRI, keep_going: bool = False,
          formats: tuple[str, ...] = DEFAULT_FORMATS, progress: Progress | None = None,
          store: bool = True, validate: bool = True) -> BuildResult:
    """Read reports (default: the bundled ones), map them to RDF and write the exports to ``out_dir``.

    Raises :class:`BuildError` when a report fails and ``keep_going`` is false; with ``keep_going``
    the other reports are built and the failures are returned on the result (and raised after the
    outputs are written, so the caller sees them).
    """
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
        result.files = write_exports(ds, Path(out_dir), base_iri, formats=formats, store=store)
        if validate:  # after the outputs are written: a graph that does not conform is still inspectable
            from .validate import validate_graph
            result.validation = validate_graph(ds)
    if failures:
        raise BuildError(failures, f"{len(failures)} of {len(files)} report(s) failed to build", result=result)
    return result
