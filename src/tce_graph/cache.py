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

Each version of the tool keeps its entries in a folder of its own (the first 16 hex digits of its
fingerprint), with a ``USED`` file that each build using it touches, so that :meth:`ReportCache.prune`
can drop what no build will read again: the folders of other versions beyond the most recently used
(a build keeps two versions: ``TCE_GRAPH_CACHE_VERSIONS``), and entries no build has read for some
days (``tce-graph cache prune --unused-for DAYS``). It removes only files it recognises as entries.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .bundled import ontology_dir, shapes_dir
from .config import default_cache_dir

_FORMAT = "4"  # bump when the entry layout changes
_LIBRARIES = ("rdflib", "pyshacl", "pyoxigraph", "pypdf", "python-docx")
VERSION_DIGITS = 16
"""A version's folder is named by this many hex digits of the tool's fingerprint."""
USED_FILE = "USED"
"""In a version's folder: touched by each build that uses it (its first line names the tce-graph version)."""
_ENTRY_FILE = re.compile(r"[0-9a-f]{64}(\.pickle\.z|\.parts|\.side\.z)|\.entry-\w+")
_VERSION_FOLDER = re.compile(f"[0-9a-f]{{{VERSION_DIGITS}}}")
_SHARD_FOLDER = re.compile(r"[0-9a-f]{2}")




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
        self.root = Path(folder) if folder is not None else default_cache_dir()
        self.tool = fingerprint()
        self.folder = self.root / self.tool[:VERSION_DIGITS]  # this version's entries
        self._folder = str(self.folder)
        self.hits = 0
        self.misses = 0

    def mark_used(self) -> None:
        """Say that a build uses this version's entries now (what :meth:`prune` orders versions by)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / USED_FILE).write_text(f"tce-graph {__version__}\n{self.tool}\n", encoding="utf-8")
        except OSError:
            pass  # an unwritable cache only costs speed

    def key(self, path: str | Path, *parts: Any) -> str | None:
        """The entry's key for a report file (None when the file cannot be read: the worker says why)."""
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        h = hashlib.sha256(self.tool.encode())
        for part in (str(path), hashlib.sha256(data).hexdigest(), *parts):
            h.update(b"\0" + str(part).encode())
        return h.hexdigest()

    def has(self, key: str | None) -> bool:
        """Whether an entry exists for ``key`` (it may still turn out unreadable: then get() misses)."""
        return key is not None and os.path.isfile(self._stem(key) + ".pickle.z")

    def _stem(self, key: str) -> str:
        # a string, not a Path: a rebuild asks this for every report, several times
        return os.path.join(self._folder, key[:2], key)

    def _file(self, key: str) -> Path:
        return Path(self._stem(key) + ".pickle.z")

    def parts_file(self, key: str) -> Path:
        """The file of an entry's bytes kept as they are (a report's export chunk), beside its pickle."""
        return Path(self.parts_path(key))

    def parts_path(self, key: str) -> str:
        """:meth:`parts_file` as a string."""
        return self._stem(key) + ".parts"

    def get(self, key: str | None) -> Any:
        """The entry's value; None (a miss) when it, or a file put beside it, is missing or damaged."""
        if key is None:
            return None
        stem = self._stem(key)
        try:
            with open(stem + ".pickle.z", "rb") as fh:
                value, sizes = pickle.loads(zlib.decompress(fh.read()))
                for suffix, size in ((".parts", sizes.get("parts")), (".side.z", sizes.get("side"))):
                    if size is not None and os.stat(stem + suffix).st_size != size:
                        raise ValueError(f"{stem}{suffix} is not the size it was written at")
                try:
                    os.utime(fh.fileno())  # read now: what prune(unused_for=...) goes by
                except OSError:
                    pass
        except Exception:  # noqa: BLE001 - a missing, damaged or stale entry is a miss
            self.misses += 1
            return None
        self.hits += 1
        return value

    def side_file(self, key: str) -> Path:
        """The file of a value kept beside an entry, read only when asked for (:meth:`get_side`)."""
        return Path(self._stem(key) + ".side.z")

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

    def versions(self) -> list[CacheVersion]:
        """The versions the cache holds entries of: this one first, then the most recently used; entries
        of the layout before versions had folders come last, named ``""``."""
        found: list[CacheVersion] = []
        try:
            children = sorted(self.root.iterdir()) if self.root.is_dir() else []
        except OSError:
            children = []
        for child in children:
            if child.is_dir() and _VERSION_FOLDER.fullmatch(child.name):
                entries, size = _tally(_entry_files(child))
                used = child / USED_FILE
                last, tool = None, None
                try:
                    last = used.stat().st_mtime
                    tool = used.read_text(encoding="utf-8").partition("\n")[0].removeprefix("tce-graph ") or None
                except OSError:
                    pass
                if entries or size or last is not None:  # else a folder left holding only what is not ours
                    found.append(CacheVersion(child.name, child, child.name == self.folder.name, entries, size, last,
                                              tool))
        found.sort(key=lambda v: (not v.current, -(v.last_used or 0.0), v.name))
        entries, size = _tally(_entry_files(self.root))
        if entries or size:
            found.append(CacheVersion("", self.root, False, entries, size, None, None))
        return found

    def prune(self, keep_versions: int = 2, unused_for: float | None = None, *, now: float | None = None) -> Pruned:
        """Remove what no build will read again: every version's entries but this one's and those of the
        ``keep_versions - 1`` most recently used others (0: this one's too), the entries of the older
        layout, and, with ``unused_for`` (days), the kept versions' entries no build has read for that
        long. Only files recognised as entries are removed (and folders they leave empty)."""
        versions = self.versions()
        others = [v for v in versions if not v.current and v.name]
        dropped = [v for v in versions if v.current and keep_versions < 1] + others[max(keep_versions - 1, 0):]
        dropped += [v for v in versions if not v.name]
        entries = size = 0
        for v in dropped:
            n, b = _remove(_entry_files(v.path))
            entries, size = entries + n, size + b
            if v.name:
                _remove_quietly(v.path / USED_FILE)
                _remove_folder(v.path)
        if unused_for is not None:
            cutoff = (time.time() if now is None else now) - unused_for * 86400
            for v in versions:
                if v in dropped:
                    continue
                n, b = _remove(_stale_entries(v.path, cutoff))
                entries, size = entries + n, size + b
        return Pruned(tuple(v.name for v in dropped), entries, size)


@dataclass(frozen=True)
class CacheVersion:
    """One version of the tool's entries in the cache."""

    name: str  # its folder's name (16 hex digits of the tool's fingerprint); "" for entries of the older layout
    path: Path
    current: bool  # this version of the tool
    entries: int
    size: int  # bytes
    last_used: float | None  # when a build last used it (seconds since 1970); None when unknown
    tool: str | None  # the tce-graph version that wrote it


@dataclass(frozen=True)
class Pruned:
    """What :meth:`ReportCache.prune` removed."""

    versions: tuple[str, ...]  # the versions whose every entry was removed
    entries: int
    size: int  # bytes freed


def _entry_files(folder: Path) -> Iterator[Path]:
    """The entry files in a version's folder (or, for the older layout, the cache's own)."""
    try:
        shards = [d for d in sorted(folder.iterdir()) if _SHARD_FOLDER.fullmatch(d.name) and d.is_dir()]
    except OSError:
        return
    for shard in shards:
        try:
            names = sorted(os.listdir(shard))
        except OSError:
            continue
        yield from (shard / n for n in names if _ENTRY_FILE.fullmatch(n))


def _stale_entries(folder: Path, cutoff: float) -> Iterator[Path]:
    """The files of the entries last read (or written) before ``cutoff``, each entry's pickle first
    (without it the others are never read), and files left by an entry that was never finished."""
    by_key: dict[str, list[Path]] = {}
    for f in _entry_files(folder):
        by_key.setdefault(f.name.partition(".")[0] or f.name, []).append(f)
    for files in by_key.values():
        pickles = [f for f in files if f.name.endswith(".pickle.z")]
        try:
            when = max(f.stat().st_mtime for f in (pickles or files))
        except OSError:
            continue
        if when < cutoff:
            yield from pickles
            yield from (f for f in files if f not in pickles)


def _tally(files: Iterable[Path]) -> tuple[int, int]:
    entries = size = 0
    for f in files:
        try:
            size += f.stat().st_size
        except OSError:
            continue
        entries += f.name.endswith(".pickle.z")
    return entries, size


def _remove(files: Iterable[Path]) -> tuple[int, int]:
    entries = size = 0
    emptied: set[Path] = set()
    for f in files:
        try:
            n = f.stat().st_size
            f.unlink()
        except OSError:
            continue
        entries, size = entries + f.name.endswith(".pickle.z"), size + n
        emptied.add(f.parent)
    for shard in emptied:
        _remove_folder(shard)
    return entries, size


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _remove_folder(path: Path) -> None:
    """Remove ``path`` and the shard folders in it, if nothing else is left in them."""
    try:
        for shard in path.iterdir():
            if shard.is_dir() and _SHARD_FOLDER.fullmatch(shard.name):
                try:
                    shard.rmdir()
                except OSError:
                    pass
        path.rmdir()
    except OSError:
        pass


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
