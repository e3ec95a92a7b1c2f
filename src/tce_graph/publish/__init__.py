"""The graph as a static linked-data site: a page per resource at the path its IRI has under the site's
base IRI (with Turtle, JSON-LD and N-Triples beside it), class indexes, a home page with search, a page
per saved query with its answer, the report texts with every evidence span marked, the dataset
description with the exports to download, and the ontology, concept schemes and thesaurus as pages.

Modules: ``paths`` (IRI -> site path), ``graph`` (the graph read once through the store, indexed),
``rdfdocs`` (terms as N-Triples text; Turtle, N-Triples, JSON-LD), ``text`` (a report's text with its
spans), ``pages`` (what each page shows; Jinja templates, autoescaped), ``queries`` (the saved-query
pages), ``site`` (publish(): the stages, written aside and swapped in). The templates need the
``publish`` extra (Jinja2).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..namespaces import site_base
from .paths import SiteMap

if TYPE_CHECKING:
    from .site import PublishResult


def publish(*args: Any, **kwargs: Any) -> PublishResult:
    """Write the static site (see :func:`tce_graph.publish.site.publish` for the arguments)."""
    try:
        from .site import publish as run
    except ImportError as exc:
        raise InputError(f"tce-graph publish needs the publish extra ({exc.name} is missing): "
                         "pip install 'tce-graph[publish]'") from None
    return run(*args, **kwargs)


__all__ = ["SiteMap", "publish", "site_base"]
