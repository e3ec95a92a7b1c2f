"""Writing the networks: per graph GraphML and GEXF (for Gephi and Cytoscape), node-link JSON (for
scripts and d3), a metrics CSV and the pictures; the similar report pairs and topic pairs as CSV; and
a summary. Everything is written into a staging folder beside ``out`` and swapped in whole
(:mod:`tce_graph.atomic`), so ``out`` holds a complete run or the one before it, never half of one.
Files are byte-identical for identical data (sorted nodes and edges, no dates)."""
from __future__ import annotations

import csv
import json
import multiprocessing
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx

from ..atomic import clear_leftovers, describe, staged_folder, swap_in
from ..config import Settings
from ..errors import InputError, OutputError
from ..stores.base import Store
from .graphs import PLURAL, build_graphs, check_kinds, shape
from .metrics import (
    GraphSummary,
    NodeMetrics,
    SimilarPair,
    TopicPair,
    measure,
    similar_pairs,
    top_connectors,
    topic_pairs,
)
from .read import read_network_data

DEFAULT_NETWORK_OUT = Path("out") / "network"
MARK = ".tce-graph-network"  # in a folder this stage wrote: the only kind of folder it replaces
FILES = ("graphml", "gexf", "json", "metrics.csv")
PICTURES = ("png", "svg")

Progress = Callable[[str, int, int], None]


@dataclass
class NetworkResult:
    """What :func:`write_network` made: the graphs, their measures and summaries, the files."""

    out: Path
    store: str
    graphs: dict[str, nx.Graph] = field(default_factory=dict)
    metrics: dict[str, list[NodeMetrics]] = field(default_factory=dict)
    summaries: dict[str, GraphSummary] = field(default_factory=dict)
    similar: list[SimilarPair] = field(default_factory=list)
    topic_pairs: list[TopicPair] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def summary_lines(self, *, top: int = 3) -> list[str]:
        """What the networks say, a few lines per graph, for a terminal."""
        lines = [f"{len(self.graphs)} network(s) from {self.store}"]
        for kind, s in self.summaries.items():
            lines.append(f"{kind}: {shape(s)}")
            rows = self.metrics[kind]
            types = sorted({r.type for r in rows}) if kind in BIPARTITE else [None]
            for type_ in types:
                best = top_connectors(rows, type_=type_, n=top)
                if best:
                    who = f"top connecting {PLURAL.get(type_, type_)}" if type_ else "top connectors"
                    lines.append(f"  {who}: " + ", ".join(f"{r.label} ({r.betweenness:.3f})" for r in best))
            if kind == "report-similarity":
                for p in self.similar[:top]:
                    lines.append(f"  similar: {p.a_label} ~ {p.b_label} {p.score:.3f} ({p.reasons_text()})"[:400])
            if kind == "topic-cooccurrence":
                always = [p for p in self.topic_pairs if p.always]
                shown = ", ".join(f"{p.a_label} + {p.b_label} ({p.together})" for p in always[:top])
                lines.append(f"  always together: {len(always)} pair(s)" + (f": {shown}" if shown else ""))
        return lines


BIPARTITE = ("partnership-agency", "partnership-topic", "partnership-resource")


def write_network(store: Store | None = None, out: str | Path = DEFAULT_NETWORK_OUT, *,
                  kinds: Iterable[str] | None = None, pictures: bool = True, store_dir: str | Path | None = None,
                  data: str | Path | None = None, endpoint: str | None = None, workers: int | None = None,
                  progress: Progress | None = None) -> NetworkResult:
    """Make the networks of the graph in ``store`` (default: the one :func:`~tce_graph.stores.open_store`
    opens from ``store_dir``, ``data`` or ``endpoint``) and write every output to ``out`` (see the
    module). The options are checked before the store is read, and nothing is written unless all is.

    The networks are measured, written and drawn in ``workers`` processes (default: the number of
    cores, ``TCE_GRAPH_WORKERS``), one network each at a time; each file is written by one process
    from the same data, so the files are the same whatever the number."""
    wanted = check_kinds(kinds)
    if pictures:
        from .draw import require_matplotlib

        require_matplotlib()
    target = Path(out)
    _check_target(target)
    if store is None:
        from ..stores import open_store

        store = open_store(store_dir, endpoint=endpoint, data=data)
    result = NetworkResult(target, store.name)
    clock = time.perf_counter()
    rows = read_network_data(store)
    result.timings["read"] = time.perf_counter() - clock
    clock = time.perf_counter()
    result.graphs = build_graphs(rows, wanted)
    if "report-similarity" in result.graphs:
        result.similar = similar_pairs(result.graphs["report-similarity"])
    if "topic-cooccurrence" in result.graphs:
        result.topic_pairs = topic_pairs(result.graphs["topic-cooccurrence"])
    result.timings["graphs"] = time.perf_counter() - clock
    clock = time.perf_counter()
    clear_leftovers(target)
    try:
        staging = staged_folder(target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {describe(exc)}; expected a folder this user can write to"
                          ) from None
    try:
        names = _write_all(result, staging, pictures, Settings.from_env(workers=workers).workers, progress)
        (staging / MARK).write_text("written by tce-graph network; replaced whole by the next run\n",
                                    encoding="utf-8")
        swap_in(staging, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {describe(exc)}; nothing in it was changed") from None
    finally:
        if staging.exists():  # a failed run leaves nothing behind
            shutil.rmtree(staging, ignore_errors=True)
    result.files = [target / n for n in names]
    result.timings["measure-write"] = time.perf_counter() - clock
    return result


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError("is a file; expected a folder for the network outputs (--out)", file=str(target))
    if target.is_dir() and any(target.iterdir()) and not (target / MARK).is_file():
        raise InputError("exists and was not written by `tce-graph network`; refusing to replace it; expected a "
                         "new folder or an earlier --out of this command", file=str(target))


_WORK: dict[str, tuple[nx.Graph, Path, bool]] = {}  # set before the workers fork: they read it, nothing is pickled


def _one_network(kind: str) -> tuple[str, list[NodeMetrics], GraphSummary, list[str]]:
    """Measure one network, write its files and draw it (in a worker process, or here)."""
    graph, folder, pictures = _WORK[kind]
    rows, summary = measure(graph)
    names = write_graph_files(graph, rows, folder, kind)
    if pictures:
        from .draw import draw_graph

        names += draw_graph(graph, rows, summary, folder / kind)
    return kind, rows, summary, names


def _measured(kinds: list[str], workers: int) -> Iterator[tuple[str, list[NodeMetrics], GraphSummary, list[str]]]:
    """:func:`_one_network` for every kind, the largest networks first, in ``workers`` forked processes
    (where the platform forks; else one after the other here)."""
    order = sorted(kinds, key=lambda k: -_WORK[k][0].number_of_edges() - _WORK[k][0].number_of_nodes())
    if workers < 2 or len(order) < 2 or not sys.platform.startswith("linux"):
        yield from map(_one_network, order)
        return
    with multiprocessing.get_context("fork").Pool(min(workers, len(order))) as pool:
        yield from pool.imap_unordered(_one_network, order)


def _write_all(result: NetworkResult, folder: Path, pictures: bool, workers: int,
               progress: Progress | None) -> list[str]:
    names: list[str] = []
    _WORK.clear()
    _WORK.update({kind: (graph, folder, pictures) for kind, graph in result.graphs.items()})
    try:
        for i, (kind, rows, summary, written) in enumerate(_measured(list(result.graphs), workers), start=1):
            if progress:
                progress(kind, i, len(result.graphs))
            result.metrics[kind], result.summaries[kind] = rows, summary
            names += written
    finally:
        _WORK.clear()
    result.metrics = {k: result.metrics[k] for k in result.graphs}  # in KINDS order, whatever finished first
    result.summaries = {k: result.summaries[k] for k in result.graphs}
    if "report-similarity" in result.graphs:
        names.append(_write_csv(folder / "report-similarity-pairs.csv",
                                ["score", "report_a", "label_a", "report_b", "label_b", "reasons"],
                                ([f"{p.score:.6f}", p.a, p.a_label, p.b, p.b_label, p.reasons_text()]
                                 for p in result.similar)))
    if "topic-cooccurrence" in result.graphs:
        names.append(_write_csv(folder / "topic-cooccurrence-pairs.csv",
                                ["always", "together", "jaccard", "topic_a", "label_a", "reports_a", "topic_b",
                                 "label_b", "reports_b"],
                                (["yes" if p.always else "no", p.together, f"{p.jaccard:.6f}", p.a, p.a_label,
                                  p.a_reports, p.b, p.b_label, p.b_reports] for p in result.topic_pairs)))
    (folder / "summary.txt").write_text("\n".join(result.summary_lines(top=10)) + "\n", encoding="utf-8")
    names.append("summary.txt")
    return sorted(names)


def write_graph_files(graph: nx.Graph, metrics: list[NodeMetrics], folder: Path, kind: str) -> list[str]:
    """``KIND.graphml``, ``KIND.gexf``, ``KIND.json`` and ``KIND-metrics.csv`` in ``folder``."""
    nx.write_graphml(graph, folder / f"{kind}.graphml", encoding="utf-8", prettyprint=True)  # lxml when there
    write_gexf(graph, folder / f"{kind}.gexf")
    data = nx.node_link_data(graph, edges="edges")
    (folder / f"{kind}.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    columns = list(asdict(metrics[0]).keys()) if metrics else list(NodeMetrics.__dataclass_fields__)
    _write_csv(folder / f"{kind}-metrics.csv", columns, (list(asdict(m).values()) for m in metrics))
    return [f"{kind}.graphml", f"{kind}.gexf", f"{kind}.json", f"{kind}-metrics.csv"]


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """GEXF 1.2 as networkx writes it, without the day's date it puts in ``<meta>`` (so the file depends
    on the data alone)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)  # optional in GEXF 1.2
        creator = meta.find("creator")
        if creator is not None:
            creator.text = f"tce-graph, with NetworkX {nx.__version__}"
    writer.add_graph(graph)
    with open(path, "wb") as fh:
        writer.write(fh)


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path.name
