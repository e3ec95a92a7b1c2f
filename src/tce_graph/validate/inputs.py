"""Reading what to validate: a built output folder (its TriG, N-Quads, JSON-LD or Turtle) or any RDF file.
"""
from __future__ import annotations

from pathlib import Path
from rdflib import Dataset
from ..errors import InputError
from .speedups import quiet_ill_typed_literals


# A built output folder holds these; the first one present is validated (TriG keeps the named graphs).
BUILT_FILES = ("tce-graph.trig", "tce-graph.nq", "tce-graph.jsonld", "tce-graph.ttl")


RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".n3": "n3",
               ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}


QUAD_FORMATS = {"trig", "nquads", "json-ld"}


# ---------------------------------------------------------------------------------------------
#  Reading the input
# ---------------------------------------------------------------------------------------------

def resolve_input(path: str | Path) -> Path:
    """A file to validate: the path itself, or the built graph inside an output folder."""
    p = Path(path)
    if p.is_dir():
        for name in BUILT_FILES:
            if (p / name).is_file():
                return p / name
        raise InputError(f"holds no built graph ({', '.join(BUILT_FILES)}); run 'tce-graph build --out {p}' "
                         "first, or name an RDF file", file=str(p))
    if not p.exists():
        raise InputError("no such file or folder; expected a built output folder or an RDF file", file=str(p))
    return p


def load_data(path: str | Path) -> Dataset:
    """Parse an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) into a Dataset."""
    p = resolve_input(path)
    fmt = RDF_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"has an unknown RDF file extension '{p.suffix}'; expected one of "
                         f"{', '.join(sorted(RDF_FORMATS))}", file=str(p))
    ds = Dataset()
    try:
        with quiet_ill_typed_literals():  # ill-typed literals are the shapes' business, not a parse error
            if fmt in QUAD_FORMATS or not hasattr(ds, "default_graph"):
                ds.parse(p, format=fmt)
            else:  # triples-only formats go to the default graph
                ds.default_graph.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parser errors
        lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        why = " ".join(lines[:3]) if lines else type(exc).__name__
        raise InputError(f"cannot be read as {fmt}: {why[:300]}", file=str(p)) from None
    if _triple_count(ds) == 0:
        raise InputError("holds no RDF triples", file=str(p))
    return ds


def _triple_count(data) -> int:
    if isinstance(data, Dataset):
        return sum(1 for _ in data.quads((None, None, None, None)))
    return len(data)
