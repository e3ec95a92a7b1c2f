"""Where each IRI's page lives in the site: the path its IRI has under the site's base IRI.

``https://w3id.org/tce-graph/id/report/walsall-2020-06`` under the base ``https://w3id.org/tce-graph/``
is the document ``id/report/walsall-2020-06``, written as ``id/report/walsall-2020-06.html`` (and
``.ttl``, ``.jsonld``, ``.nt`` beside it). A hash IRI (``…/def#coreAgency``) is described on the page
of its document (``def.html#coreAgency``). Files on disk carry the decoded path (a web server decodes
``%27`` before it looks for the file); links keep the IRI's own percent-encoding.
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote

from ..namespaces import base_of

SUFFIXES = {"html": ".html", "turtle": ".ttl", "jsonld": ".jsonld", "ntriples": ".nt"}
"""The representations written beside every resource page."""

RESERVED = ("assets", "classes", "queries", "download", "search.json", "index", "sparql", "api")
"""First path segments the site's own pages (and the server's endpoints) use; no resource page goes there."""

_SAFE = "/-._~!$&'()*+,;=:@%"
_BAD_SEGMENT = re.compile(r"^\.{1,2}$|[\x00-\x1f\\]")


class SiteMap:
    """IRIs <-> site paths under one base IRI."""

    def __init__(self, base_iri: str):
        self.base = base_of(base_iri)

    def document(self, iri: str) -> str | None:
        """The site path (no suffix) of the page describing ``iri``, or None when it is not under the base."""
        doc = iri.split("#", 1)[0]
        if not doc.startswith(self.base) or "?" in doc:
            return None
        rest = doc[len(self.base):]
        if not rest or rest.endswith("/"):
            return None  # the base itself is the home page; a folder IRI has no page of its own
        segments = [unquote(s) for s in rest.split("/")]
        if any(not s or _BAD_SEGMENT.search(s) for s in segments) or segments[0] in RESERVED:
            return None
        return "/".join(segments)

    def file(self, path: str, fmt: str = "html") -> str:
        """The file (relative to the site root) of a page's representation."""
        return path + SUFFIXES[fmt]

    def href(self, target_file: str, from_file: str, fragment: str | None = None) -> str:
        """A relative link from one site file to another (percent-encoded), with an optional fragment:
        up to the site's root, then down (short enough, and cheap for a site of many pages)."""
        link = "../" * from_file.count("/") + quote(target_file, safe=_SAFE)
        if link.startswith("/") or ":" in link.split("/", 1)[0]:
            link = "./" + link  # never read as a scheme or a host
        return link + (f"#{quote(fragment, safe='-._~')}" if fragment else "")

    def iri_of(self, path: str) -> str:
        """The IRI a site path stands for (the inverse of :meth:`document` for a slash IRI)."""
        return self.base + quote(path, safe=_SAFE)
