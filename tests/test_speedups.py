"""validate/speedups.py: each patch takes effect when applied, is gated on its library's version, is
undone by remove(), and changes the speed of validation, never its results."""
from __future__ import annotations

import logging
import threading

import pytest
from rdflib import Graph

from tce_graph.validate import speedups, validate_graph


@pytest.fixture
def clean():
    """Every test starts and ends with the libraries untouched."""
    speedups.remove()
    yield
    speedups.remove()


def _pyshacl_params():
    import pyshacl.constraints as constraints
    import pyshacl.shape as shape_module
    return constraints.ALL_CONSTRAINT_PARAMETERS, getattr(shape_module, "CONSTRAINT_PARAMS", None)


def _sparql_query():
    from rdflib.plugins.sparql import processor
    return processor.SPARQLProcessor.query


def test_nothing_is_patched_on_import(clean):
    import importlib

    importlib.reload(speedups)
    assert speedups.applied() == []
    assert type(_pyshacl_params()[0]) is list


def test_apply_takes_effect_and_remove_restores_the_originals(clean):
    params, cache = _pyshacl_params()
    query = _sparql_query()
    assert sorted(speedups.apply()) == ["pyshacl-parameter-set", "rdflib-prepared-sparql"]
    fast, fast_cache = _pyshacl_params()
    assert type(fast) is speedups._ParameterList and list(fast) == list(params)  # same items, same order
    assert fast_cache[0] is fast
    assert _sparql_query() is not query and _sparql_query().__wrapped__ is query
    assert speedups.apply() == speedups.applied()  # applying twice wraps nothing twice
    assert _sparql_query().__wrapped__ is query
    speedups.remove()
    assert speedups.applied() == []
    assert _pyshacl_params()[0] is params and _pyshacl_params()[1] is cache
    assert _sparql_query() is query


def test_a_library_outside_the_measured_range_is_left_alone(clean, monkeypatch):
    real = speedups._version
    monkeypatch.setattr(speedups, "_version", lambda dist: (99, 0) if dist == "pyshacl" else real(dist))
    assert speedups.apply() == ["rdflib-prepared-sparql"]
    assert type(_pyshacl_params()[0]) is list
    monkeypatch.setattr(speedups, "_version", lambda dist: None)  # not installed
    speedups.remove()
    assert speedups.apply() == []


def test_prepared_queries_are_parsed_once_inside_the_block_and_only_for_its_thread(clean, monkeypatch):
    from rdflib.plugins.sparql import processor

    speedups.apply()
    parsed: list[str] = []
    real_parse = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda q: parsed.append(threading.current_thread().name)
                        or real_parse(q))
    g = Graph()
    text = "ASK { ?s ?p ?o }"
    with speedups.prepared_sparql_constraints():
        for _ in range(3):
            g.query(text)
        other = threading.Thread(target=lambda: [g.query(text) for _ in range(2)], name="other")
        other.start()
        other.join()
    assert parsed.count(threading.current_thread().name) == 1  # once for this thread's block
    assert parsed.count("other") == 2  # another thread runs rdflib's own code
    g.query(text)  # outside the block: rdflib's own behaviour again
    assert parsed.count(threading.current_thread().name) == 2


def test_ill_typed_literal_warnings_are_dropped_for_this_thread_only(caplog):
    logger = logging.getLogger("rdflib.term")
    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        with speedups.quiet_ill_typed_literals():
            logger.warning("ill-typed here")
            logger.error("an error still shows")
            t = threading.Thread(target=lambda: logger.warning("another thread's warning"))
            t.start()
            t.join()
        logger.warning("after the block")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["an error still shows", "another thread's warning", "after the block"]
    assert logger.filters == []


def test_results_are_the_same_with_and_without_the_speed_ups(clean, built):
    plain = validate_graph(built.dataset, speed_ups=False)
    assert speedups.applied() == []
    fast = validate_graph(built.dataset)
    assert speedups.applied()
    assert fast.results == plain.results and fast.conforms == plain.conforms
