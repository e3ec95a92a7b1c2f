"""Typed errors. Library code raises these; only the CLI turns them into messages and exit codes."""
from __future__ import annotations


class TceGraphError(Exception):
    """Base class for every error tce-graph reports to a user.

    ``exit_code`` follows the project convention: 1 the data does not conform / a check found a
    problem, 2 bad input or a runtime error.
    """

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 section: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.section = section

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = str(self.file)
            if self.line:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"


class ReportFormatError(TceGraphError):
    """A file is not a readable TCE Project Learning Report."""


class InputError(TceGraphError):
    """A path, option or RDF file given by the user cannot be used."""


class BuildError(TceGraphError):
    """One or more reports failed to build; carries the individual failures."""

    def __init__(self, failures: list[TceGraphError], message: str | None = None, result=None):
        self.failures = failures
        self.result = result  # with --keep-going: what was built from the other reports
        text = message or f"{len(failures)} report(s) failed to build"
        super().__init__(text)


class QueryError(TceGraphError):
    """A saved query, its parameters or the endpoint it runs against cannot be used."""


class StoreError(TceGraphError):
    """A triplestore (embedded or remote) cannot be read, written or reached."""


class ValidationFailed(TceGraphError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1
