"""Locate the ontology, shapes, saved queries and bundled reports.

In a source checkout they are the top-level folders; in an installed wheel they are shipped
inside the package as ``tce_graph._data.*``.
"""
from __future__ import annotations

from importlib import resources as _res
from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]
_FOLDERS = {"ontology": "ontology", "shapes": "shapes", "queries": "queries", "reports": "data/reports"}


def resource_dir(name: str) -> Path:
    """Return the folder holding the named resource set (ontology, shapes, queries, reports)."""
    if name not in _FOLDERS:
        raise KeyError(f"unknown resource folder {name!r}; expected one of {sorted(_FOLDERS)}")
    local = _REPO / _FOLDERS[name]
    if local.is_dir() and (_REPO / "pyproject.toml").is_file():
        return local
    try:
        ref = _res.files(f"tce_graph._data.{name}")
        for entry in ref.iterdir():
            return Path(str(entry)).parent
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        pass
    raise FileNotFoundError(f"tce-graph resource folder '{name}' is missing from this installation")


def ontology_dir() -> Path:
    return resource_dir("ontology")


def shapes_dir() -> Path:
    return resource_dir("shapes")


def queries_dir() -> Path:
    return resource_dir("queries")


def reports_dir() -> Path:
    return resource_dir("reports")


def default_reports() -> Path:
    """What ``tce-graph build`` reads when given no path: ``./data/reports`` when the working folder has
    one (a checkout, where a user edits the reports), else the copy shipped inside the package."""
    here = Path("data") / "reports"
    return here if here.is_dir() and any(here.iterdir()) else reports_dir()
