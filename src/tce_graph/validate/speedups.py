"""SPEEDUPS"""
from __future__ import annotations

import contextlib
import functools


class _ParameterList(list):
    """A list with constant-time membership, for pyshacl's table of constraint parameters."""

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._members


@contextlib.contextmanager
def _prepared_sparql_constraints():
    """While validating, parse each SPARQL constraint's query text once, not once per graph.

    pyshacl hands rdflib the text of a SPARQL-based constraint for every graph it validates, and
    rdflib parses and translates it anew each time (pyparsing: a third of a second for the five
    reports). Inside this block, rdflib's SPARQL processor keeps the translated query of each text
    (a prepared query, which rdflib evaluates without changing it); outside, rdflib is untouched.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            # the namespaces rdflib passes are the data graph's bindings: part of the key
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


@functools.lru_cache(maxsize=1)
def _speed_up_pyshacl() -> None:
    """Make pyshacl's per-shape lookup of constraint parameters a set lookup instead of a list scan.

    pyshacl validates every property shape once per focus node and, each time, tests every
    predicate of the shape against a *list* of ~30 constraint parameters with rdflib's slow
    ``URIRef.__eq__``; on the built graph that scan is about a third of the validation time.
    The list keeps its order and contents, so behaviour is unchanged; if a pyshacl release
    changes these internals the speed-up is simply not applied.
    """
    try:
        import pyshacl.constraints as constraints
        import pyshacl.shape as shape_module
    except ImportError:  # pragma: no cover - pyshacl is a dependency
        return
    params = getattr(constraints, "ALL_CONSTRAINT_PARAMETERS", None)
    param_map = getattr(constraints, "CONSTRAINT_PARAMETERS_MAP", None)
    if type(params) is not list or not isinstance(param_map, dict):
        return
    fast = _ParameterList(params)
    constraints.ALL_CONSTRAINT_PARAMETERS = fast
    shape_module.CONSTRAINT_PARAMS = (fast, param_map)  # the cache pyshacl's Shape.validate reads first
