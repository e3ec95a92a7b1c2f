"""Network analysis of the graph with networkx: RDF, read through the store interface with the stage's
own saved queries (``network/queries/*.rq``), becomes networkx graphs (:mod:`.graphs`), measured
(:mod:`.metrics`), written as GraphML, GEXF, node-link JSON and CSV (:mod:`.outputs`) and drawn
(:mod:`.draw`, with matplotlib, the ``network`` extra).

For notebooks::

    from tce_graph.network import graphs, measure
    nets = graphs("out/store")                       # kind -> networkx.Graph
    rows, summary = measure(nets["partnership-agency"])   # NodeMetrics records, GraphSummary
"""
from .graphs import KINDS, build_graphs, check_kinds, graphs
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
from .outputs import DEFAULT_NETWORK_OUT, NetworkResult, write_network
from .read import NetworkData, read_network_data
from .similarity import Similarity, similarities

__all__ = ["DEFAULT_NETWORK_OUT", "KINDS", "GraphSummary", "NetworkData", "NetworkResult", "NodeMetrics", "SimilarPair",
           "Similarity", "TopicPair", "build_graphs", "check_kinds", "graphs", "measure", "read_network_data",
           "similar_pairs", "similarities", "top_connectors", "topic_pairs", "write_network"]
