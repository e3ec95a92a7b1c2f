"""Shared fixtures: the bundled reports, parsed once and built once per test session; RDF snapshots."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.compare import graph_diff, to_isomorphic

from tce_graph import build, parse_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "reports"
NAMES = ("somerset", "walsall", "cheshire-west-and-chester", "reading", "birmingham")


@pytest.fixture(scope="session", autouse=True)
def _build_cache(tmp_path_factory):
    """Builds in the tests keep their per-report cache in a folder of the session's, not the user's."""
    import os

    folder = tmp_path_factory.mktemp("build-cache")
    old = os.environ.get("TCE_GRAPH_CACHE")
    os.environ["TCE_GRAPH_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("TCE_GRAPH_CACHE", None)
    else:
        os.environ["TCE_GRAPH_CACHE"] = old


@pytest.fixture(scope="session")
def report_paths() -> dict[str, Path]:
    return {name: REPORTS / f"{name}.txt" for name in NAMES}


@pytest.fixture(scope="session")
def reports(report_paths):
    """name -> parsed Report, for the five bundled reports."""
    return {name: parse_report(path) for name, path in report_paths.items()}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The five bundled reports built once into a temporary output folder (BuildResult)."""
    out = tmp_path_factory.mktemp("out")
    result = build([REPORTS], out)
    result.out_dir = out
    return result


# ---------------------------------------------------------------- RDF snapshots (expected.trig)
#
# `pytest --generate-snapshots` writes each case's expected.trig from the current mapping; without the
# flag the freshly mapped graph is compared with the snapshot as a graph (isomorphism, so triple order
# and serialisation details never matter) and a mismatch fails with the triples only on either side.

SNAPSHOT_DIFF_LINES = 30  # per side of a failing comparison


def pytest_addoption(parser):
    parser.addoption("--generate-snapshots", action="store_true", default=False,
                     help="write/overwrite the RDF snapshots (tests/cases/reports/<case>/expected.trig) "
                          "from the current mapping instead of comparing against them")


def _snapshot_dataset(graph):
    """The named graph alone in a Dataset (its identifier is the graph name), with the graph's prefixes."""
    ds = Dataset()
    for prefix, ns in graph.namespaces():
        ds.bind(prefix, ns, override=True)
    named = ds.graph(graph.identifier)
    for triple in graph:
        named.add(triple)
    return ds


def _read_snapshot(path: Path):
    """(graph names with triples, the Dataset) of a TriG snapshot."""
    ds = Dataset().parse(path, format="trig")
    return {c.identifier for c in ds.graphs() if len(c)}, ds


def _triple_lines(graph, nm) -> list[str]:
    """One Turtle line per triple (prefixed names, literals escaped onto one line), sorted."""
    def term(t) -> str:
        if isinstance(t, Literal):  # Literal.n3 would write a multi-line string over several lines
            text = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            suffix = f"@{t.language}" if t.language else f"^^{nm.normalizeUri(t.datatype)}" if t.datatype else ""
            return f'"{text}"{suffix}'
        return t.n3(nm)

    return sorted(" ".join(term(x) for x in triple) + " ." for triple in graph)


def _capped(lines: list[str]) -> str:
    shown = lines[:SNAPSHOT_DIFF_LINES]
    more = len(lines) - len(shown)
    return "\n".join(["  " + s for s in shown] + ([f"  ... and {more} more"] if more else []))


def _environment_leaks(graph) -> list[str]:
    """Terms holding this checkout's absolute path: they would freeze one machine into a snapshot."""
    root = str(ROOT)
    return sorted({t.n3() for triple in graph for t in triple if root in str(t)})


class _Snapshots:
    def __init__(self, generate: bool):
        self.generate = generate
        self.written: list[Path] = []
        self.unchanged = 0


_SNAPSHOTS = pytest.StashKey[_Snapshots]()


@pytest.fixture(scope="session")
def _snapshot_state(pytestconfig) -> _Snapshots:
    state = _Snapshots(pytestconfig.getoption("generate_snapshots"))
    pytestconfig.stash[_SNAPSHOTS] = state
    return state


@pytest.fixture
def rdf_snapshot(_snapshot_state):
    """``rdf_snapshot(graph, path)``: compare a named graph with the TriG snapshot at ``path``
    (or, under --generate-snapshots, write it there)."""
    def check(graph, path: Path) -> None:
        leaks = _environment_leaks(graph)
        assert not leaks, (f"the mapping wrote this checkout's path ({ROOT}) into the graph; freeze or strip it "
                           "before snapshotting:\n" + "\n".join(leaks[:SNAPSHOT_DIFF_LINES]))
        fresh = to_isomorphic(graph)
        if _snapshot_state.generate:
            if path.exists():
                names, ds = _read_snapshot(path)
                if names == {graph.identifier} and to_isomorphic(ds.graph(graph.identifier)) == fresh:
                    _snapshot_state.unchanged += 1  # same graph: leave the file (and git) alone
                    return
            path.write_text(_snapshot_dataset(graph).serialize(format="trig"), encoding="utf-8")
            _snapshot_state.written.append(path)
            return
        if not path.exists():
            pytest.fail(f"no RDF snapshot at {path}: run pytest --generate-snapshots", pytrace=False)
        names, ds = _read_snapshot(path)
        assert names == {graph.identifier}, (
            f"{path.name} holds graph(s) {sorted(names)}, the mapping wrote {graph.identifier}; "
            "if the change is intended, run pytest --generate-snapshots")
        expected = to_isomorphic(ds.graph(graph.identifier))
        if expected == fresh:
            return
        both, only_snapshot, only_new = graph_diff(expected, fresh)
        nm = graph.namespace_manager
        pytest.fail(
            f"the mapped graph differs from the snapshot {path}\n"
            f"(snapshot {len(expected)} triples, new graph {len(fresh)}; in both {len(both)})\n"
            f"only in the snapshot ({len(only_snapshot)}):\n{_capped(_triple_lines(only_snapshot, nm))}\n"
            f"only in the new graph ({len(only_new)}):\n{_capped(_triple_lines(only_new, nm))}\n"
            "if the mapping change is intended, run pytest --generate-snapshots and review the diff of "
            "expected.trig", pytrace=False)

    return check


def pytest_terminal_summary(terminalreporter, config):
    state = config.stash.get(_SNAPSHOTS, None)
    if state is not None and state.generate:
        terminalreporter.write_line(f"RDF snapshots: wrote {len(state.written)}, unchanged {state.unchanged}")
        for path in state.written:
            terminalreporter.write_line(f"  wrote {path.relative_to(ROOT)}")
