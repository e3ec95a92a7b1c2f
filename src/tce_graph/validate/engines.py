"""The SHACL engines a validation can run on: pyshacl, the reference, and pyshacl-turbo.

* ``pyshacl`` (the default): the reference implementation, pure Python over rdflib.
* ``turbo``: `pyshacl-turbo <https://pypi.org/project/pyshacl-turbo/>`_, a Rust SHACL engine with
  pyshacl's API (the ``fast`` extra: ``pip install 'tce-graph[fast]'``). The shapes are compiled once
  per process and each report's graph reaches it as N-Triples text, not as rdflib terms, so a report
  validates in a fraction of pyshacl's time. ``tests/test_engines.py`` checks that it gives pyshacl's
  results on every ``tests/cases/shapes/`` folder and on the bundled reports, with one difference
  written down there: it checks the lexical form of ``xsd:gYearMonth`` literals (``"2022-13"`` is not
  a month), as SHACL's ``sh:datatype`` asks, where rdflib accepts any text for that datatype. The
  shapes' own pattern checks report such a literal under both engines.

The engine is a setting (``--shacl-engine``, ``TCE_GRAPH_SHACL_ENGINE``), and part of the build cache's
key: a report validated by one engine is validated again by the other.
"""
from __future__ import annotations

import functools
import importlib.util

from rdflib import BNode, Graph

from ..config import SHACL_ENGINES
from ..errors import InputError

REFERENCE = SHACL_ENGINES[0]
ENGINES = dict(zip(SHACL_ENGINES, ("pyshacl", "pyshacl_turbo")))  # engine -> the module that provides it
EXTRA = {"turbo": "fast"}


def check_engine(name: str | None) -> str:
    """The engine's name, checked: known, and installed (else a one-line error saying how)."""
    name = (name or REFERENCE).strip().lower()
    if name not in ENGINES:
        raise InputError(f"SHACL engine {name!r} is not known; expected one of {', '.join(ENGINES)} "
                         "(option --shacl-engine or TCE_GRAPH_SHACL_ENGINE)")
    if importlib.util.find_spec(ENGINES[name]) is None:
        raise InputError(f"SHACL engine {name!r} needs the package {ENGINES[name].replace('_', '-')}, which is "
                         f"not installed; expected pip install 'tce-graph[{EXTRA.get(name, name)}]'")
    return name


def results_graph(engine: str, data, shapes_graph: Graph, *, ntriples: str | None = None,
                  blank_nodes: dict | None = None) -> Graph:
    """The SHACL validation report graph of ``data`` (an rdflib Graph) on the chosen engine.

    For ``turbo``, ``ntriples`` (the same triples as N-Triples text, with ``blank_nodes`` mapping each
    blank node label to its rdflib node) spares the engine reading ``data`` term by term."""
    if engine == "turbo":
        from pyshacl_turbo.rdf import Input

        source = Input(ntriples, "nt", None, dict(blank_nodes or {}), {}, True) if ntriples is not None else data
        _, graph, _ = _compiled(shapes_graph).validate(source, allow_warnings=True, allow_infos=True)
        return graph
    import pyshacl  # imported here: it is slow to import and only validation needs it

    _, graph, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inplace=True, allow_warnings=True,
                                   allow_infos=True)
    return graph


@functools.lru_cache(maxsize=16)
def _compiled(shapes_graph: Graph):
    """pyshacl-turbo's compiled form of a shapes graph (the shapes graphs passed here are cached)."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph)


def blank_node_labels(triples) -> dict:
    """Each blank node of ``triples`` by the label N-Triples gives it."""
    return {str(t): t for triple in triples for t in triple if isinstance(t, BNode)}


def ntriples(triples) -> str:
    """``triples`` (rdflib terms) as N-Triples text, written by pyoxigraph."""
    from ..rdf.chunks import ntriples_text

    return ntriples_text(triples)
