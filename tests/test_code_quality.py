"""The code stays clean under the project's linter and type checker (configured in pyproject.toml), so
`pytest` (and so CI) fails on a lint or type error as on any other regression."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed; install the test extra: pip install '.[test]'")
    done = _run(ruff, "check", "--no-cache", "src", "tests", "benchmarks", "data")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean():
    done = _run(sys.executable, "-m", "mypy", "--no-incremental")
    if "No module named mypy" in done.stderr:
        pytest.fail("mypy is not installed; install the test extra: pip install '.[test]'")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_says_it_is_typed():
    assert (ROOT / "src" / "tce_graph" / "py.typed").is_file()
