"""tce-graph: TCE Project Learning Reports as a validated, queryable, publishable knowledge graph.

The public API. Reading and mapping are imported at once; validation (pyshacl), stores, saved queries
and loading are imported on first use, so ``import tce_graph`` and the CLI stay quick.
"""
from importlib import import_module

__version__ = "0.1.0"  # before the imports: modules below read it

from .errors import BuildError, InputError, ReportFormatError, TceGraphError
from .model import Report
from .pipeline import BuildResult, build
from .rdf.dataset import build_dataset
from .rdf.mapping import report_to_graph
from .reader import parse_report

_LAZY = {  # public name -> module that defines it
    "validate_graph": ".validate", "ValidationReport": ".validate",
    "run_query": ".query", "run_sparql": ".query", "list_queries": ".query",
    "open_store": ".stores", "load": ".stores.load",
}

__all__ = [
    "BuildError", "BuildResult", "InputError", "Report", "ReportFormatError", "TceGraphError",
    "build", "build_dataset", "parse_report", "report_to_graph", *sorted(_LAZY),
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tce_graph' has no attribute {name!r}")
