"""The reader: decoded report text -> :class:`~tce_graph.model.Report`, every value with its span.

Stages: ``units`` (lines -> label rows, paragraphs, list items, footnotes, with offsets),
``sections`` (units -> the details table and the report's sections), then one module per kind of
field (``agencies``, ``places``, ``dates``, ``concepts``, ``items``, ``reflections``, ``signoff``,
``citations``) and ``topics`` (topic tags with sentence evidence); ``report`` assembles the model.
The regular expressions they share are named in ``patterns``. Nothing here imports rdflib.
"""
from .report import parse_report

__all__ = ["parse_report"]
