"""Sources: the files a user has -> the text the reader handles.

``find_reports`` expands files and folders into report files in a stable order; ``text`` decodes
text files (plain text, Markdown, HTML fragments and converter output).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError

REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the report files to read, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES))
        elif p.exists():
            found.append(p)
        else:
            raise InputError("no such file or folder; expected a report file or a folder of reports", file=str(p))
    return found
