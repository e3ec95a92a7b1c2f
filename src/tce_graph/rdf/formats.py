"""The one table of RDF file formats: what the build writes, what validate, query and load read back,
and which file of a build folder holds the built graph."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

OUTPUT_STEM = "tce-graph"
"""Name (without suffix) of every export file in a build folder: ``out/tce-graph.ttl`` ..."""

STORE_FOLDER = "store"
"""The embedded store's folder inside a build folder: ``out/store``."""


@dataclass(frozen=True)
class RdfFormat:
    name: str  # as the CLI and the API name it: turtle, trig, nquads, jsonld, ntriples, rdfxml
    suffix: str  # the suffix the build writes
    media_type: str
    rdflib: str  # rdflib's parser / serialiser name
    quads: bool  # holds named graphs
    writable: bool = True  # the build can write it (N3 is only read)
    other_suffixes: tuple[str, ...] = ()  # also read under these suffixes

    @property
    def file_name(self) -> str:
        return OUTPUT_STEM + self.suffix


_ALL = (
    RdfFormat("turtle", ".ttl", "text/turtle", "turtle", quads=False),
    RdfFormat("trig", ".trig", "application/trig", "trig", quads=True),
    RdfFormat("nquads", ".nq", "application/n-quads", "nquads", quads=True),
    RdfFormat("jsonld", ".jsonld", "application/ld+json", "json-ld", quads=True, other_suffixes=(".json",)),
    RdfFormat("ntriples", ".nt", "application/n-triples", "nt11", quads=False),
    RdfFormat("rdfxml", ".rdf", "application/rdf+xml", "xml", quads=False, other_suffixes=(".owl", ".xml")),
    RdfFormat("n3", ".n3", "text/n3", "n3", quads=False, writable=False),
)
RDF_FORMATS: dict[str, RdfFormat] = {f.name: f for f in _ALL}
WRITABLE = tuple(f.name for f in _ALL if f.writable)
DEFAULT_FORMATS = ("turtle", "trig", "nquads", "jsonld")
BUILT_ORDER = ("trig", "nquads", "jsonld", "turtle")
"""The build's files in the order they are read back: named graphs first (TriG keeps them and reads fastest)."""

_BY_SUFFIX = {s: f for f in _ALL for s in (f.suffix, *f.other_suffixes)}


def format_for(path: str | Path) -> RdfFormat | None:
    """The RDF format a file's suffix names, or None."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def known_suffixes() -> list[str]:
    return sorted(_BY_SUFFIX)


def built_files(folder: str | Path, *, store: bool = False) -> list[Path]:
    """What a build folder holds of the built graph, in the order to read it: the embedded store first
    when ``store`` is true (it needs no parsing), then the files in :data:`BUILT_ORDER`."""
    folder = Path(folder)
    found = [folder / STORE_FOLDER] if store and (folder / STORE_FOLDER).is_dir() else []
    files = [folder / RDF_FORMATS[n].file_name for n in BUILT_ORDER]
    return found + [f for f in files if f.is_file()]


def expected_built_files(*, store: bool = False) -> str:
    """How a message names what a build folder should hold."""
    names = ([STORE_FOLDER + "/"] if store else []) + [RDF_FORMATS[n].file_name for n in BUILT_ORDER]
    return ", ".join(names)


_OX_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "nquads": "N_QUADS", "ntriples": "N_TRIPLES",
               "rdfxml": "RDF_XML", "n3": "N3", "jsonld": "JSON_LD"}


def syntax_error(path: str | Path, rdf_format: RdfFormat, exc: BaseException):
    """A file rdflib could not parse as one line, naming the file and the line: pyoxigraph reads the file
    again for the place of the fault (rdflib's parsers give it in several lines, or not at all)."""
    import re

    import pyoxigraph as ox

    from ..errors import InputError

    name = {"rdfxml": "RDF/XML", "jsonld": "JSON-LD", "nquads": "N-Quads", "ntriples": "N-Triples",
            "trig": "TriG", "turtle": "Turtle", "n3": "N3"}.get(rdf_format.name, rdf_format.name)
    ox_format = getattr(ox.RdfFormat, _OX_FORMATS.get(rdf_format.name, ""), None)
    if ox_format is not None:
        try:
            for _ in ox.parse(path=str(path), format=ox_format):
                pass
        except SyntaxError as found:
            where = re.match(r"Parser error at line (\d+) (?:between columns (\d+) and \d+|column (\d+))?:?\s*",
                             found.msg or "")
            why = (found.msg or "")[where.end():] if where else (found.msg or str(found))
            column = (where.group(2) or where.group(3)) if where else None
            line = int(where.group(1)) if where else found.lineno
            return InputError(f"is not valid {name}" + (f" at column {column}" if column else "") + f": {why}",
                              file=str(path), line=line)
        except (ValueError, OSError):
            pass
    first = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
    return InputError(f"is not valid {name}: {first[:200]}", file=str(path))
