"""Shared fixtures: the bundled reports, parsed once and built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from tce_graph import build, parse_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "reports"
NAMES = ("somerset", "walsall", "cheshire-west-and-chester", "reading", "birmingham")


@pytest.fixture(scope="session")
def report_paths() -> dict[str, Path]:
    return {name: REPORTS / f"{name}.txt" for name in NAMES}


@pytest.fixture(scope="session")
def reports(report_paths):
    """name -> parsed Report, for the five bundled reports."""
    return {name: parse_report(path) for name, path in report_paths.items()}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The five bundled reports built once into a temporary output folder (BuildResult)."""
    out = tmp_path_factory.mktemp("out")
    result = build([REPORTS], out)
    result.out_dir = out
    return result
