"""The per-report build cache: what a worker made for one report file, kept for the next build.

An entry is keyed by everything that decides its content: the file's bytes (SHA-256) and path, the
base IRI, whether JSON-LD and validation were asked for, and a fingerprint of the tool itself (its
version, its code, the ontology and the shapes, and the versions of the libraries that read, map
and check a report). A rebuild after one report changed reads, maps and
validates only that report; the others come from here. Entries are compressed pickles written
atomically; a damaged or unreadable entry is a miss, never an error. The cache lives outside the
build folder (``$TCE_GRAPH_CACHE``, else ``$XDG_CACHE_HOME/tce-graph``, else ``~/.cache/tce-graph``),
so a build that fails leaves no build folder behind; it holds only what the reports already publish.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
import zlib
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .bundled import ontology_dir, shapes_dir
from .config import default_cache_dir

_FORMAT = "1"  # bump when the entry layout changes
_LIBRARIES = ("rdflib", "pyshacl", "pyoxigraph", "pypdf", "python-docx")




@functools.lru_cache(maxsize=4)
def _fingerprint(package: str, ontology: str, shapes: str) -> str:
    h = hashlib.sha256(f"{_FORMAT}:{__version__}".encode())
    for dist in _LIBRARIES:  # what reads, maps and checks a report: another version may read it differently
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=-".encode())
    for folder, pattern in ((package, "**/*.py"), (ontology, "*"), (shapes, "*.ttl")):
        for f in sorted(Path(folder).glob(pattern)):
            if f.is_file():
                h.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint() -> str:
    """A digest of the tool: its version, its code, the ontology and the shapes."""
    return _fingerprint(str(Path(__file__).resolve().parent), str(ontology_dir()), str(shapes_dir()))


class ReportCache:
    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.tool = fingerprint()
        self.hits = 0
        self.misses = 0

    def key(self, path: str | Path, *parts: Any) -> str | None:
        """The entry's key for a report file (None when the file cannot be read: the worker says why)."""
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        h = hashlib.sha256(self.tool.encode())
        for part in (str(path), hashlib.sha256(data).hexdigest(), *parts):
            h.update(b"\0" + str(part).encode())
        return h.hexdigest()

    def has(self, key: str | None) -> bool:
        """Whether an entry exists for ``key`` (it may still turn out unreadable: then get() misses)."""
        return key is not None and self._file(key).is_file()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle.z"

    def get(self, key: str | None) -> Any:
        if key is None:
            return None
        try:
            value = pickle.loads(zlib.decompress(self._file(key).read_bytes()))
        except Exception:  # noqa: BLE001 - a missing, damaged or stale entry is a miss
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str | None, value: Any) -> None:
        if key is None:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1))
            os.replace(tmp, target)
        except OSError:  # a cache that cannot be written only costs speed
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass
