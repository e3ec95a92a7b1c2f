"""Reading what to validate: a built output folder (its TriG, N-Quads, JSON-LD or Turtle) or any RDF file.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from ..errors import InputError
from ..rdf.formats import built_files, expected_built_files, format_for, known_suffixes, syntax_error
from .speedups import quiet_ill_typed_literals

# ---------------------------------------------------------------------------------------------
#  Reading the input
# ---------------------------------------------------------------------------------------------

def resolve_input(path: str | Path) -> Path:
    """A file to validate: the path itself, or the built graph inside an output folder."""
    p = Path(path)
    if p.is_dir():
        found = built_files(p)
        if found:
            return found[0]
        raise InputError(f"holds no built graph ({expected_built_files()}); run 'tce-graph build --out {p}' "
                         "first, or name an RDF file", file=str(p))
    if not p.exists():
        raise InputError("no such file or folder; expected a built output folder or an RDF file", file=str(p))
    return p


def load_data(path: str | Path) -> Dataset:
    """Parse an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) into a Dataset."""
    p = resolve_input(path)
    rdf_format = format_for(p)
    if rdf_format is None:
        raise InputError(f"has an unknown RDF file extension '{p.suffix}'; expected one of "
                         f"{', '.join(known_suffixes())}", file=str(p))
    fmt = rdf_format.rdflib
    ds = Dataset()
    try:
        with quiet_ill_typed_literals():  # ill-typed literals are the shapes' business, not a parse error
            if rdf_format.quads or not hasattr(ds, "default_graph"):
                ds.parse(p, format=fmt)
            else:  # triples-only formats go to the default graph
                ds.default_graph.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parser errors
        raise syntax_error(p, rdf_format, exc) from None
    if _triple_count(ds) == 0:
        raise InputError("holds no RDF triples", file=str(p))
    return ds


def _triple_count(data) -> int:
    if isinstance(data, Dataset):
        return sum(1 for _ in data.quads((None, None, None, None)))
    return len(data)
