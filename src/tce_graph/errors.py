"""Typed errors: every error tce-graph reports to a user is one of these classes.

Library code raises them and never prints or exits; only the CLI turns them into a one-line message
and an exit code. Each carries where the problem is (``file``, ``line``, ``section``; ``shape`` for a
SHACL shape) and, where there is one, how to fix it (``hint``), so a message reads::

    data/reports/walsall.txt:12: details table lacks 'Regional Area:'; expected every required row ...

Exit codes (the project's convention, as pySHACL's): 0 ok, 1 the data does not conform / a check
found a problem, 2 bad input or a runtime error.
"""
from __future__ import annotations

from typing import Any


class TceGraphError(Exception):
    """Base class for every error tce-graph reports to a user."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 section: str | None = None, shape: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.section = section
        self.shape = shape
        self.hint = hint

    def __reduce__(self):
        # keyword-only details survive pickling (a worker process returns its report's error)
        return (_rebuild, (type(self), self.message, self.__dict__))

    @property
    def where(self) -> str:
        """``file:line`` (or the file alone), or empty."""
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


def _rebuild(cls: type[TceGraphError], message: str, state: dict) -> TceGraphError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ReportFormatError(TceGraphError):
    """A file is not a readable TCE Project Learning Report."""


class InputError(TceGraphError):
    """A path, option or RDF file given by the user cannot be used."""


class MappingError(TceGraphError):
    """A report was read but could not be mapped, written or checked as RDF: a fault in tce-graph with this
    file, reported against the file so that ``--keep-going`` still builds the others."""


class OutputError(TceGraphError):
    """An output (a build folder, an export file, the embedded store) cannot be written."""


class BuildError(TceGraphError):
    """One or more reports failed to build; carries the individual failures."""

    def __init__(self, failures: list[TceGraphError], message: str | None = None, result: Any = None):
        self.failures = failures
        self.result = result  # with --keep-going: what was built from the other reports
        super().__init__(message or f"{len(failures)} report(s) failed to build")


class QueryError(TceGraphError):
    """A saved query, its parameters or the endpoint it runs against cannot be used."""


class StoreError(TceGraphError):
    """A triplestore (embedded or remote) cannot be read, written or reached."""


class HttpFault(StoreError):
    """An HTTP exchange failed. ``transient`` faults (refused, reset, timed out, 5xx, 429) may be
    retried; ``status`` is the HTTP status when the server answered."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


class LoadError(StoreError):
    """Some graphs could not be loaded; ``report`` (a :class:`~tce_graph.stores.load.LoadReport`)
    says which loaded and which failed."""

    def __init__(self, message: str, report: Any):
        super().__init__(message)
        self.report = report


class ValidationError(TceGraphError):
    """The shapes could not be evaluated on the data (a runtime error, exit code 2)."""


class ValidationFailed(TceGraphError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1


class CheckFailed(TceGraphError):
    """A command finished but what it checked did not hold (e.g. loaded counts differ): exit code 1."""

    exit_code = 1
