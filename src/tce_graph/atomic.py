"""Folders written aside and swapped in whole: a reader sees the old folder or the new one, never half of one.

A writer makes a staging folder beside the target (:func:`staged_folder`, same file system, so the moves
are renames), writes everything into it, then calls :func:`swap_in`: the old target is renamed aside,
the staging folder renamed in, the old one deleted. The names carry the writer's process id
(``.NAME.new-PID-xxxx``, ``.NAME.old-PID-xxxx``), so :func:`clear_leftovers` can remove what a killed
run left behind without touching a run still going, and put an old folder back if a run was killed
between its two renames. The embedded store and the network outputs are written this way.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def staged_folder(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` to write its new contents into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staged, 0o777 & ~umask)  # as mkdir would make it (mkdtemp's folder is private), since it is swapped in
    return staged


def swap_in(staged: Path, target: Path, remove: Callable[[Path], None] | None = None) -> None:
    """Replace ``target`` (if any) by ``staged``: old aside, new in, old deleted (by ``remove`` when
    given, say in the background). On failure the old folder is put back and ``staged`` removed; the
    ``OSError`` is raised for the caller to describe."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if old is not None:
        (remove or _remove)(old)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


_CAUSES = {errno.ENOSPC: "disk full", errno.EDQUOT: "disk quota exceeded",
           errno.EFBIG: "file too large for this system's file-size limit", errno.EACCES: "permission denied",
           errno.EPERM: "permission denied", errno.EROFS: "read-only file system"}


def describe(exc: OSError) -> str:
    """The cause of a failed write in a few words: 'disk full', 'permission denied', ..."""
    return _CAUSES.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def link_tree(source: Path, target: Path) -> None:
    """A copy of ``source`` (a file or a folder) at ``target`` made of hard links where the file system
    allows (no data copied, the source untouched), else of copies."""
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, copy_function=link, symlinks=True)
    elif source.is_symlink():
        os.symlink(os.readlink(source), target)
    else:
        link(str(source), str(target))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def clear_leftovers(target: Path) -> list[Path]:
    """Remove the staging and set-aside folders of ``target`` that runs no longer alive left behind; if
    ``target`` is missing and such a run had set the old one aside, put it back first. Returns what was
    removed."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(new|old)-(\d+)-")
    if not target.parent.is_dir():
        return []
    found = []
    for entry in sorted(target.parent.iterdir()):
        m = pattern.match(entry.name)
        if m and entry.is_dir() and not _alive(int(m.group(2))):
            found.append((m.group(1), entry))
    olds = [p for kind, p in found if kind == "old"]
    if olds and not target.exists():  # killed between "old aside" and "new in": the old one is the target
        restored = max(olds, key=lambda p: p.stat().st_mtime)
        os.replace(restored, target)
        found = [(k, p) for k, p in found if p != restored]
    for _kind, path in found:
        shutil.rmtree(path, ignore_errors=True)
    return [p for _kind, p in found]


def size_text(n: int) -> str:
    """A number of bytes as people read it: ``9.8 GB``, ``46.2 MB``, ``37 kB``, ``512 bytes``."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB" if n >= 1e3 else f"{n} bytes"
