"""tce-graph: TCE Project Learning Reports as a validated, queryable, publishable knowledge graph."""
from .errors import BuildError, InputError, ReportFormatError, TceGraphError
from .model import Report
from .parse import parse_report
from .pipeline import BuildResult, build, build_dataset
from .to_rdf import report_to_graph

__version__ = "0.1.0"
__all__ = [
    "BuildError", "BuildResult", "InputError", "Report", "ReportFormatError", "TceGraphError",
    "build", "build_dataset", "parse_report", "report_to_graph",
]
