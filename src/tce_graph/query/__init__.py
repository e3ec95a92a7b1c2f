"""Saved SPARQL queries: discovery and headers (``saved``), running with typed parameters (``run``),
and result formats (``formats``)."""
from .formats import (
           FORMATS,
           format_csv,
           format_json,
           format_records,
           format_result,
           format_table,
           format_tsv,
           table_is_clipped,
)
from .run import (
           QueryAnswer,
           answer,
           bind_parameters,
           check_parameters,
           parameter_term,
           parse_params,
           resolve_label,
           run_query,
           run_sparql,
)
from .saved import Parameter, SavedQuery, get_query, list_queries, load_query, parse_header, query_names

__all__ = [
    "FORMATS", "Parameter", "QueryAnswer", "SavedQuery", "answer", "bind_parameters", "check_parameters",
    "format_csv", "format_json", "format_records", "format_result", "format_table", "format_tsv", "get_query",
    "list_queries", "load_query", "parameter_term", "parse_header", "parse_params", "query_names",
    "resolve_label", "run_query", "run_sparql", "table_is_clipped"
]
