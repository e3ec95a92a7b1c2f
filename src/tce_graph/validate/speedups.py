"""Speed-ups to pyshacl and rdflib internals, in one place (in the spirit of pySHACL's own ``monkey``).

Each patch is gated on the library version range it was measured on, applied only by an explicit
call (:func:`apply`, which :func:`~tce_graph.validate.validate_graph` makes unless asked not to),
can be taken back (:func:`remove`), and says whether it took effect (:func:`applied`). Nothing is
patched as a side effect of an import. A library release outside the range is left untouched: the
validation is then slower, never different.

* ``pyshacl-parameter-set`` -- pyshacl validates every property shape once per focus node and, each
  time, tests every predicate of the shape against a *list* of ~30 constraint parameters with rdflib's
  slow ``URIRef.__eq__``; on the built graph that scan was about a third of the validation time. The
  list is replaced by one with the same items in the same order whose membership test is a set
  lookup. (A set lookup in ``pyshacl.shape`` itself would make this patch unnecessary; it is a
  change worth offering to pySHACL.)
* :func:`prepared_sparql_constraints` -- pyshacl hands rdflib the *text* of each SPARQL-based
  constraint for every graph it validates, and rdflib parses and translates it anew each time
  (pyparsing: a third of a second for the five reports). Inside the block, rdflib's SPARQL processor
  keeps the translated query of each text, for the calling thread only; other threads, and every
  call outside the block, run rdflib's own code unchanged.
* :func:`quiet_ill_typed_literals` -- rdflib logs a warning for every ill-typed literal it parses;
  such literals are the shapes' business (they report them), so while an RDF file is read for
  validation a :class:`logging.Filter` drops those records, for the calling thread only.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from typing import Any


def _version(dist: str) -> tuple[int, ...] | None:
    try:
        text = metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


@dataclass(frozen=True)
class Patch:
    """One gated patch: the distribution it changes and the versions it was measured on
    (``minimum <= version < below``)."""

    name: str
    library: str
    minimum: tuple[int, ...]
    below: tuple[int, ...]
    summary: str

    def supported(self) -> bool:
        v = _version(self.library)
        return v is not None and self.minimum <= v < self.below


class _ParameterList(list):
    """A list with constant-time membership, for pyshacl's table of constraint parameters."""

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._members


PARAMETER_SET = Patch("pyshacl-parameter-set", "pyshacl", (0, 26), (0, 41),
                      "pyshacl's constraint-parameter list tested by set lookup")
PREPARED_SPARQL = Patch("rdflib-prepared-sparql", "rdflib", (7, 0), (8, 0),
                        "SPARQL constraint texts parsed once per validation, not once per graph")
PATCHES = (PARAMETER_SET, PREPARED_SPARQL)

_saved: dict[str, tuple[Any, Any]] = {}
_MISSING = object()  # patch name -> the originals it replaced


def _pyshacl_modules():
    import pyshacl.constraints as constraints
    import pyshacl.shape as shape_module
    return constraints, shape_module


def _apply_parameter_set() -> bool:
    constraints, shape_module = _pyshacl_modules()
    params = getattr(constraints, "ALL_CONSTRAINT_PARAMETERS", None)
    param_map = getattr(constraints, "CONSTRAINT_PARAMETERS_MAP", None)
    if type(params) is not list or not isinstance(param_map, dict):
        return False  # the internals are not what the patch was written for
    _saved[PARAMETER_SET.name] = (params, getattr(shape_module, "CONSTRAINT_PARAMS", _MISSING))
    fast = _ParameterList(params)
    constraints.ALL_CONSTRAINT_PARAMETERS = fast
    shape_module.CONSTRAINT_PARAMS = (fast, param_map)  # the cache pyshacl's Shape.validate reads first
    return True


def _remove_parameter_set() -> None:
    params, cache = _saved.pop(PARAMETER_SET.name)
    constraints, shape_module = _pyshacl_modules()
    constraints.ALL_CONSTRAINT_PARAMETERS = params
    if cache is _MISSING:  # pyshacl fills its cache on first use
        del shape_module.CONSTRAINT_PARAMS
    else:
        shape_module.CONSTRAINT_PARAMS = cache


_prepared = threading.local()  # .cache: the calling thread's prepared queries, while inside the block


def _apply_prepared_sparql() -> bool:
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        cache = getattr(_prepared, "cache", None)
        if cache is not None and isinstance(strOrQuery, str):
            # the namespaces rdflib passes are the data graph's bindings: part of the key
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query.__wrapped__ = original  # type: ignore[attr-defined]
    _saved[PREPARED_SPARQL.name] = (original, None)
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    return True


def _remove_prepared_sparql() -> None:
    from rdflib.plugins.sparql import processor

    original, _ = _saved.pop(PREPARED_SPARQL.name)
    processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


_ACTIONS: dict[str, tuple[Callable[[], bool], Callable[[], None]]] = {
    PARAMETER_SET.name: (_apply_parameter_set, _remove_parameter_set),
    PREPARED_SPARQL.name: (_apply_prepared_sparql, _remove_prepared_sparql),
}
_lock = threading.Lock()


def apply() -> list[str]:
    """Apply every patch whose library version is in its measured range; return the names in effect."""
    with _lock:
        for patch in PATCHES:
            if patch.name not in _saved and patch.supported():
                _ACTIONS[patch.name][0]()
        return applied()


def remove() -> None:
    """Take every applied patch back, restoring the libraries' own objects."""
    with _lock:
        for patch in PATCHES:
            if patch.name in _saved:
                _ACTIONS[patch.name][1]()


def applied() -> list[str]:
    """Names of the patches in effect now."""
    return [p.name for p in PATCHES if p.name in _saved]


@contextlib.contextmanager
def prepared_sparql_constraints(cache: dict | None = None) -> Iterator[None]:
    """While validating, parse each SPARQL constraint's text once (for this thread), not once per graph.
    ``cache``: a dict to keep the prepared queries in beyond the block (a build worker keeps them for
    every report it validates).

    Without the ``rdflib-prepared-sparql`` patch applied this block changes nothing."""
    outer = getattr(_prepared, "cache", None)
    if outer is None:
        _prepared.cache = {} if cache is None else cache
    try:
        yield
    finally:
        if outer is None:
            _prepared.cache = None


class _ThreadFilter(logging.Filter):
    """Drops the records of one thread (the one reading the RDF); other threads log as usual."""

    def __init__(self, thread: int):
        super().__init__()
        self.thread = thread

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread or record.levelno >= logging.ERROR


@contextlib.contextmanager
def quiet_ill_typed_literals() -> Iterator[None]:
    """rdflib's warnings (about ill-typed literals) dropped while this thread reads RDF for validation;
    errors still reach the log."""
    logger = logging.getLogger("rdflib.term")
    quiet = _ThreadFilter(threading.get_ident())
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
