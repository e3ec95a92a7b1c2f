"""The per-report build cache: what a worker made for one report file, kept for the next build.

An entry is keyed by everything that decides its content: the file's bytes (SHA-256) and path, the
base IRI, whether JSON-LD and validation were asked for, and a fingerprint of the tool itself (its
version, its code, the ontology and the shapes, and the versions of the libraries that read, map
and check a report). A rebuild after one report changed reads, maps and
validates only that report; the others come from here. An entry is a compressed pickle and, for a
report's export chunk, a file of its bytes as they are (the build copies them into its files without
reading them), and the whole report model in a file of its own (a rebuild reads a report's brief, and
the whole report only when asked for), each written atomically; a damaged or unreadable entry is a miss, never an error.
The cache takes about as much room as the exports of the reports it holds, for each version of them.
It lives outside the build folder (``$TCE_GRAPH_CACHE``, else ``$XDG_CACHE_HOME/tce-graph``, else
``~/.cache/tce-graph``), so a build that fails leaves no build folder behind; it holds only what the
reports already publish.
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

_FORMAT = "3"  # bump when the entry layout changes
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

    def parts_file(self, key: str) -> Path:
        """The file of an entry's bytes kept as they are (a report's export chunk), beside its pickle."""
        return self.folder / key[:2] / f"{key}.parts"

    def get(self, key: str | None) -> Any:
        """The entry's value; None (a miss) when it, or a file put beside it, is missing or damaged."""
        if key is None:
            return None
        try:
            value, sizes = _unpacked(self._file(key))
            for path, size in ((self.parts_file(key), sizes.get("parts")), (self.side_file(key), sizes.get("side"))):
                if size is not None and path.stat().st_size != size:
                    raise ValueError(f"{path} is not the size it was written at")
        except Exception:  # noqa: BLE001 - a missing, damaged or stale entry is a miss
            self.misses += 1
            return None
        self.hits += 1
        return value

    def side_file(self, key: str) -> Path:
        """The file of a value kept beside an entry, read only when asked for (:meth:`get_side`)."""
        return self.folder / key[:2] / f"{key}.side.z"

    def get_side(self, key: str) -> Any:
        """The value :meth:`put` kept beside the entry (None when it cannot be read)."""
        try:
            return _unpacked(self.side_file(key))
        except Exception:  # noqa: BLE001 - missing or damaged: the caller says what it lacks
            return None

    def put(self, key: str | None, value: Any, parts: bytes | None = None, side: Any = None) -> bool:
        """Keep ``value`` (pickled and compressed), ``parts`` (as they are, in :meth:`parts_file`) and
        ``side`` (pickled and compressed, in :meth:`side_file`: what a later build may not need to read);
        the entry records their sizes, so that :meth:`get` misses when either is gone or cut. False when
        the cache cannot be written (which only costs speed)."""
        if key is None:
            return False
        sizes: dict[str, int] = {}
        try:
            if parts is not None:  # first: the entry's pickle is there only when its other files are
                _write_atomically(self.parts_file(key), parts)
                sizes["parts"] = len(parts)
            if side is not None:
                packed = _packed(side)
                _write_atomically(self.side_file(key), packed)
                sizes["side"] = len(packed)
            _write_atomically(self._file(key), _packed((value, sizes)))
        except OSError:
            return False
        return True


def _packed(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpacked(path: Path) -> Any:
    return pickle.loads(zlib.decompress(path.read_bytes()))


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
