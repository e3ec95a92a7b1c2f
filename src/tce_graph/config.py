"""One settings object for every command and library call: base IRI, build folder, store, endpoints,
the HTTP authentication scheme and the number of workers.

Values come from, in order: what the caller gives (a CLI option, a keyword argument), the
environment (:data:`ENVIRONMENT` names each variable; this is the only module that reads them),
then the defaults. Credentials are never settings: they are read from the environment or a netrc
file when a request needs them (``stores/http.py``), so they are never on a command line or in a
repr.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .errors import InputError
from .namespaces import DEFAULT_BASE_IRI
from .rdf.formats import STORE_FOLDER

DEFAULT_OUT = Path("out")
"""The build folder when none is given: ``out/`` in the working folder."""

ENVIRONMENT: dict[str, str] = {  # setting -> the environment variable it is read from
    "base_iri": "TCE_GRAPH_BASE_IRI",
    "endpoint": "TCE_GRAPH_ENDPOINT",
    "update_endpoint": "TCE_GRAPH_UPDATE_ENDPOINT",
    "graph_store": "TCE_GRAPH_GRAPH_STORE",
    "auth": "TCE_GRAPH_AUTH",
    "workers": "TCE_GRAPH_WORKERS",
    "cache_dir": "TCE_GRAPH_CACHE",
    "cache_versions": "TCE_GRAPH_CACHE_VERSIONS",  # how many versions of the tool a build keeps entries of
    "queries": "TCE_GRAPH_QUERIES",  # the user's own saved queries, beside the bundled ones (query commands)
    "shacl_engine": "TCE_GRAPH_SHACL_ENGINE",  # pyshacl (the reference) or turbo (the fast extra)
    "publisher": "TCE_GRAPH_PUBLISHER",  # who publishes the graph (the dataset description's dct:publisher)
    "contact": "TCE_GRAPH_CONTACT",  # its contact point: an e-mail address or a URL
    "issued": "SOURCE_DATE_EPOCH",  # when it was issued: seconds since 1970 (the reproducible-builds variable)
}
SHACL_ENGINES = ("pyshacl", "turbo")
"""The SHACL engines a validation can run on (:mod:`tce_graph.validate.engines`); the first is the default."""
CREDENTIALS_ENVIRONMENT = {"user": "TCE_GRAPH_USER", "password": "TCE_GRAPH_PASSWORD", "netrc": "NETRC"}
"""Where HTTP credentials are read from, when a request needs them (never stored in Settings)."""

AUTH_SCHEMES = ("basic", "digest")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    base_iri: str = DEFAULT_BASE_IRI
    out_dir: Path = DEFAULT_OUT
    store: Path | None = None  # the embedded store; default out_dir/store
    endpoint: str | None = None  # SPARQL query endpoint
    update_endpoint: str | None = None  # SPARQL Update endpoint
    graph_store: str | None = None  # Graph Store HTTP Protocol endpoint
    auth: str = "basic"  # HTTP authentication scheme: basic | digest
    workers: int = field(default_factory=_cores)
    cache_dir: Path | None = None  # the per-report build cache; default $XDG_CACHE_HOME/tce-graph
    cache_versions: int = 2  # a build removes the cache entries of other versions of the tool beyond this many
    shacl_engine: str = "pyshacl"  # the SHACL engine: pyshacl (the reference) or turbo
    publisher: str | None = None  # who publishes the graph; unknown unless given
    contact: str | None = None  # an e-mail address or a URL
    issued: str | None = None  # when the graph was issued: a date, a date-time, or SOURCE_DATE_EPOCH's seconds

    @property
    def store_path(self) -> Path:
        """The embedded store to read or write: ``store`` when given, else ``out_dir/store``."""
        return self.store if self.store is not None else self.out_dir / STORE_FOLDER

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given: Any) -> Settings:
        """Settings from what is ``given`` (None means not given), else the environment, else the defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            if given.get(f.name) is not None:
                values[f.name] = given[f.name]
            elif f.name in ENVIRONMENT and env.get(ENVIRONMENT[f.name], "").strip():
                values[f.name] = env[ENVIRONMENT[f.name]].strip()
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**values).checked()

    def checked(self) -> Settings:
        """The same settings with types normalised; a value that cannot be used is an InputError."""
        auth = str(self.auth).strip().lower() or "basic"
        if auth not in AUTH_SCHEMES:
            raise InputError(f"{ENVIRONMENT['auth']}={self.auth!r} is not supported; expected basic or digest")
        try:
            workers = int(self.workers)
        except (TypeError, ValueError):
            raise InputError(f"workers must be a whole number, not {self.workers!r} "
                             f"(option --workers or {ENVIRONMENT['workers']})") from None
        if workers < 1:
            raise InputError(f"workers must be at least 1, not {workers}")
        try:
            versions = int(self.cache_versions)
        except (TypeError, ValueError):
            versions = 0
        if versions < 1:
            raise InputError(f"{ENVIRONMENT['cache_versions']}={self.cache_versions!r}: expected a whole number, at "
                             "least 1 (the versions of the tool whose cache entries a build keeps, this one included)")
        return replace(self, out_dir=Path(self.out_dir), store=Path(self.store) if self.store is not None else None,
                       auth=auth, workers=workers, cache_versions=versions, issued=_issued(self.issued),
                       cache_dir=Path(self.cache_dir) if self.cache_dir is not None else None)

    def publication(self):
        """What the dataset description says of the graph's publication (:class:`tce_graph.rdf.dataset.Publication`)."""
        from .rdf.dataset import Publication

        return Publication(publisher=self.publisher, contact=self.contact, issued=self.issued,
                           endpoint=self.endpoint)

    def with_(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied (None leaves a value as it is)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).checked()


def _issued(value: Any) -> str | None:
    """An issue date as xsd:date or xsd:dateTime text (UTC): a date or a date-time as given, or seconds
    since 1970 (``SOURCE_DATE_EPOCH``). Anything else is an InputError."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        if "T" in text:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            date.fromisoformat(text)
    except ValueError:
        raise InputError(f"the issue date {text!r} is not a date (2024-05-31), a date-time (2024-05-31T12:00:00Z) "
                         f"or seconds since 1970 (option --issued or {ENVIRONMENT['issued']})") from None
    return text


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The per-report build cache when none is set: ``$XDG_CACHE_HOME/tce-graph``, else ``~/.cache/tce-graph``."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tce-graph"


def stated(setting: str, given: Any = None, environ: Mapping[str, str] | None = None) -> Any:
    """A setting as the caller or the environment states it, or None when neither does (so the data's
    own value, such as a build's base IRI, can decide)."""
    if given is not None:
        return given
    env = os.environ if environ is None else environ
    value = env.get(ENVIRONMENT[setting], "").strip()
    return value or None


def environment_value(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """One of :data:`CREDENTIALS_ENVIRONMENT`'s variables (``user``, ``password``, ``netrc``), or None."""
    env = os.environ if environ is None else environ
    value = env.get(CREDENTIALS_ENVIRONMENT[name])
    return value if value else None
