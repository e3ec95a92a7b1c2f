"""The ``tce-graph`` command: each command parses options, calls one library function, and turns
:class:`~tce_graph.errors.TceGraphError` into a one-line message and an exit code (0 ok, 1 the data
does not conform / a query found a problem, 2 bad input or runtime error)."""
from __future__ import annotations

import contextlib
import functools
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__
from .atomic import size_text
from .config import DEFAULT_OUT, ENVIRONMENT, SHACL_ENGINES, Settings, stated
from .errors import BuildError, CheckFailed, InputError, ReportFormatError, TceGraphError
from .namespaces import DEFAULT_BASE_IRI
from .rdf.formats import DEFAULT_FORMATS, WRITABLE
from .stores.base import DEFAULT_STORE


class CliError(click.ClickException):
    """A library error as click shows it: ``error: <file>:<line>: <what>; <expected>`` on stderr, and
    the error's own exit code (1 the data does not conform, 2 bad input or a runtime error)."""

    def __init__(self, error: TceGraphError):
        super().__init__(str(error))
        self.error = error
        self.exit_code = error.exit_code  # type: ignore[misc]  # click reads it per instance

    def show(self, file=None) -> None:
        if isinstance(self.error, BuildError):
            for failure in self.error.failures:
                click.echo(f"error: {failure}", err=True)
        click.echo(f"error: {self.message}", err=True)


def handles_errors(func):
    """Library errors become a clean message and exit code; anything else is a bug and shows as one."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TceGraphError as exc:
            raise CliError(exc) from exc
    return wrapper


class TerminalProgress:
    """A progress callback (``progress(name, i, n)``, or ``progress(name, i, n, stage)`` from a build that
    goes through stages) that rewrites one line of a terminal, with an estimate of the time a stage has
    left once it has run for a while; :meth:`clear` wipes the line when the command is done."""

    ETA_AFTER = 2.0  # seconds into a stage before an estimate is shown (a first item is no guide)

    def __init__(self, label: str, *, clock=time.monotonic, stream=None):
        self.label = label
        self.clock = clock
        self.stream = stream  # None: standard error
        self._stage: str | None = None
        self._started = 0.0
        self._width = 0

    def __call__(self, name: str, i: int, n: int, stage: str | None = None) -> None:
        stage = stage or self.label
        now = self.clock()
        if stage != self._stage:
            self._stage, self._started = stage, now
        shown = name if len(name) <= 50 else "…" + name[-49:]  # the end of an IRI or path tells them apart
        elapsed = now - self._started
        guess = 0 < i < n and n >= 5 and elapsed >= self.ETA_AFTER
        left = f" ~{_duration(elapsed * (n - i) / i)} left" if guess else ""
        self._write(f"{stage} {i}/{n} {shown}{left}")

    def _write(self, text: str) -> None:
        if self.stream is None:  # a line longer than the terminal would wrap, and \r rewrites only its end
            text = text[: max(20, shutil.get_terminal_size((100, 24)).columns - 1)]
        click.echo("\r" + text.ljust(self._width), err=True, nl=False, file=self.stream)
        self._width = max(self._width, len(text))

    def clear(self) -> None:
        """Wipe the line (the command's own output follows on a clean line)."""
        if self._width:
            click.echo("\r" + " " * self._width + "\r", err=True, nl=False, file=self.stream)
            self._width = 0


def _duration(seconds: float) -> str:
    """12s, 3m05s, 1h02m: how long a stage has left, as a person reads it."""
    s = int(seconds + 0.5)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


@contextlib.contextmanager
def terminal_progress(label: str) -> Iterator[TerminalProgress | None]:
    """Progress on a terminal, cleared when the block ends; None (quiet) when stderr is piped."""
    progress = TerminalProgress(label) if sys.stderr.isatty() else None
    try:
        yield progress
    finally:
        if progress is not None:
            progress.clear()


class UsageLine(click.ClickException):
    """A usage error (a bad option value, a missing argument) on one line, saying where help is."""

    exit_code = 2

    def __init__(self, error: click.UsageError):
        super().__init__(error.format_message())
        self.where = error.ctx.command_path if error.ctx is not None else "tce-graph"

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message} (see '{self.where} --help')", err=True)


class OneLineUsage(click.Group):
    """The command group, with every usage error shown as one line (:class:`UsageLine`)."""

    @staticmethod
    def _one_line(exc: click.UsageError) -> click.ClickException:
        no_args_help = getattr(click.exceptions, "NoArgsIsHelpError", ())
        return exc if isinstance(exc, no_args_help) else UsageLine(exc)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise self._one_line(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise self._one_line(exc) from None


@click.group(cls=OneLineUsage, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tce-graph")
def main() -> None:
    """Turn TCE Project Learning Reports into a validated, queryable, publishable knowledge graph."""


def cache_option(func):
    return click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
                        help=f"The per-report build cache (default: $XDG_CACHE_HOME/tce-graph). "
                             f"Env: {ENVIRONMENT['cache_dir']}.")(func)


def shacl_engine_option(func):
    return click.option("--shacl-engine", type=click.Choice(SHACL_ENGINES), default=None,
                        help="The SHACL engine: pyshacl (the reference, default) or turbo (pyshacl-turbo, several "
                        "times faster; pip install 'tce-graph[fast]'). Env: "
                        f"{ENVIRONMENT['shacl_engine']}.")(func)


WARNINGS_SHOWN = 20
"""The warnings a build lists unless --all-warnings (on 10,000 reports there are hundreds)."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", "out_dir", default=str(DEFAULT_OUT), show_default=True, type=click.Path(),
              help="Folder for the exports (and the embedded store); replaced whole by each build.")
@click.option("--base-iri", default=None, metavar="IRI",
              help=f"Base IRI of the data's nodes. Env: {ENVIRONMENT['base_iri']}. Default: {DEFAULT_BASE_IRI}")
@click.option("--keep-going", is_flag=True, help="Build the other reports when one fails; list failures at the end.")
@click.option("--format", "formats", multiple=True, type=click.Choice(sorted(WRITABLE)),
              help=f"An export format to write as well as {', '.join(DEFAULT_FORMATS)} (repeatable): ntriples, "
                   "rdfxml.")
@click.option("--no-store", is_flag=True, help="Do not write the embedded store (OUT/store).")
@click.option("--no-validate", is_flag=True, help="Do not check the graph against the SHACL shapes.")
@click.option("--keep-text", is_flag=True,
              help="Also write OUT/text/<file>.txt: the text each report was read as (for a PDF or Word file, the "
                   "extracted text every evidence offset counts characters in).")
@click.option("--workers", type=click.IntRange(1, 256), default=None, metavar="N",
              help=f"Worker processes reading and mapping reports (default: the number of cores). "
                   f"Env: {ENVIRONMENT['workers']}. The output is the same whatever N.")
@cache_option
@click.option("--no-cache", is_flag=True, help="Read, map and validate every report again, and keep nothing.")
@click.option("--all-warnings", is_flag=True,
              help=f"List every warning from reading the reports (default: the first {WARNINGS_SHOWN}, then how many "
                   "more).")
@shacl_engine_option
@click.option("--publisher", metavar="NAME", default=None,
              help=f"Who publishes the graph, for its dataset description (DCAT). Env: {ENVIRONMENT['publisher']}.")
@click.option("--contact", metavar="EMAIL|URL", default=None,
              help=f"The description's contact point. Env: {ENVIRONMENT['contact']}.")
@click.option("--issued", metavar="DATE", default=None,
              help="When the graph is issued (2024-05-31, or a date-time), for the description; default "
                   f"{ENVIRONMENT['issued']} (seconds since 1970) when set, else none: never the clock.")
@handles_errors
def build(paths, out_dir, base_iri, keep_going, formats, no_store, no_validate, keep_text, workers, cache_dir,
          no_cache, all_warnings, shacl_engine, publisher, contact, issued):
    """Read reports (default: ./data/reports when there is one, else the bundled ones) and write the graph to OUT.

    Writes Turtle (.ttl), TriG (.trig, one named graph per report), N-Quads (.nq) and compacted
    JSON-LD (.jsonld). Output is byte-identical for identical input.
    """
    from .pipeline import build as run_build

    settings = Settings.from_env(out_dir=out_dir, base_iri=base_iri, workers=workers, cache_dir=cache_dir,
                                 shacl_engine=shacl_engine, publisher=publisher, contact=contact, issued=issued)
    try:
        with terminal_progress("reading") as progress:
            result = run_build(paths or None, settings=settings, keep_going=keep_going,
                               formats=_with_defaults(formats), progress=progress, store=not no_store,
                               validate=not no_validate, cache=not no_cache, keep_text=keep_text)
    except BuildError as exc:
        if keep_going and exc.result is not None and exc.result.reports:
            # the other reports were built: show their warnings and validation before the failures
            _show_build(exc.result, out_dir, fail_on_invalid=False, all_warnings=all_warnings)
            click.echo(f"built the other reports into {out_dir}/", err=True)
        raise
    except (ReportFormatError, InputError) as exc:
        several = not paths or len(paths) > 1 or any(Path(p).is_dir() for p in paths)
        if not keep_going and several and exc.file and Path(exc.file).is_file():  # one report stopped the build
            kept = f"nothing in {out_dir}/ was changed" if Path(out_dir).exists() else "nothing was written"
            exc.hint = exc.hint or f"{kept}; --keep-going builds the other reports and lists each one that fails"
        raise
    _show_build(result, out_dir, all_warnings=all_warnings)


def _with_defaults(formats: tuple[str, ...]) -> tuple[str, ...]:
    """--format adds to the default formats."""
    return DEFAULT_FORMATS + tuple(f for f in formats if f not in DEFAULT_FORMATS)


def _show_build(result, out_dir, *, fail_on_invalid: bool = True, all_warnings: bool = False) -> None:
    warned = len(result.warnings)
    cached = f" ({result.cached} unchanged, from the cache)" if result.cached else ""
    source = ", ".join(_shown_path(str(p)) for p in result.read_from)
    click.echo(f"built {len(result.reports)} report(s) from {source}{cached}, {result.triples} triples, "
               f"{warned} warning(s) from reading the reports")
    for f, why in result.skipped:
        click.echo(f"skipped: {_shown_path(str(f))}: {why}", err=True)
    listed = result.warnings if all_warnings else result.warnings[:WARNINGS_SHOWN]
    for path, w in listed:
        shown = _shown_path(path)
        where = f"{shown}:{w.line}" if w.line else shown
        click.echo(f"warning: {where}: {w.message}" + (f"\n  fix: {w.fix}" if w.fix else ""), err=True)
    if warned > len(listed):
        click.echo(f"... and {warned - len(listed)} more warning(s): tce-graph build --all-warnings lists them all, "
                   "tce-graph extract FILE one report's", err=True)
    for f in result.files:
        click.echo(f"  {f}")
    if result.pruned is not None:
        click.echo(f"removed {_entries(result.pruned.entries)} of other versions of tce-graph from the build cache "
                   f"({size_text(result.pruned.size)}; tce-graph cache info lists what it holds)")
    if result.validation is not None:
        _report_build_validation(result.validation, out_dir, fail=fail_on_invalid)


def _shown_path(path: str) -> str:
    """A file's path as a person would type it here: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _report_build_validation(report, out_dir, *, fail: bool = True) -> None:
    """After a build: a one-line verdict, or the violations and exit 1 (the outputs stay written)."""
    from .errors import ValidationFailed
    from .validate import Severity

    if report.conforms:
        more = f"; details: tce-graph validate {out_dir}" if report.results else ""
        click.echo(f"validated against the shapes: {report.summary()}{more}")
        return
    click.echo(report.to_text(min_severity=Severity.VIOLATION), nl=False)
    if not fail:  # another error decides the exit code
        click.echo(f"error: the graph built in {out_dir}/ does not conform to the shapes", err=True)
        return
    raise ValidationFailed(f"the graph built in {out_dir}/ does not conform to the shapes "
                           f"({report.count(Severity.VIOLATION)} violation(s)); the outputs are written")


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "text", "source"]), default="json", show_default=True,
              help="json: the whole model, for scripting; text: a short summary for reading; source: the text "
                   "the report was read as (a PDF's or Word file's extracted text), which the spans count in.")
@handles_errors
def extract(file, fmt):
    """Print the parsed model of one report (JSON for scripting, or a short text summary), or the text it
    is read as (source; a PDF, Word or HTML file's extracted text)."""
    from .reader import parse_report
    from .reader.as_json import report_json

    if fmt == "source":  # the text alone, also when the report in it cannot be read
        from .sources import read_source

        click.echo(read_source(file).text, nl=False)
        return
    report = parse_report(file)
    if fmt == "json":
        click.echo(report.to_json())
        return
    for line in _summary(report_json(report)):
        click.echo(line)


def _summary(data: dict) -> list[str]:
    """A report's model as a person reads it: one line a field, lists joined, no Python notation."""
    region = data["region"] or {}
    places = "; ".join(f"{a['council']}" + (f" ({a['area']['name']}, {a['area']['gss']})" if a["area"] else "")
                       for a in data.get("authorities", []))
    lines = [
        f"partnership: {data['partnership']}",
        "region: " + (f"{region.get('name') or region.get('stated')}" +
                      (f" ({region['gss']})" if region.get("gss") else "") if region else "-"),
        f"local authorities: {places or '-'}",
        f"commenced: {data['commenced'] or '-'}" + (f", ended: {data['ended']}" if data["ended"] else ""),
        f"size: {data['size'] or '-'}; delivery: {data['delivery'] or '-'}; "
        f"methodologies: {', '.join(data['methodologies']) or '-'}",
        "agencies: " + "; ".join(f"{a['name']} ({a['type']})" for a in data["agencies"]),
        f"themes: {', '.join(data['themes']) or '-'}",
        "topics: " + (", ".join(f"{t['label']} ({t['strength']})" for t in data["topics"]) or "-"),
        *(f"signed by the {side.replace('-', ' ').replace('tce', 'TCE')}: " + "; ".join(
            ", ".join(x for x in (s["name"] or "no name", s["role"], s["date"]) if x)
            for s in data["signatures"] if s["side"] == side)
          for side in dict.fromkeys(s["side"] for s in data["signatures"])),
        f"actions: {len(data['actions'])}, resources: {len(data['resources'])}, warnings: {len(data['warnings'])}",
    ]
    shown = []
    for w in data["warnings"]:
        shown.append(f"warning: line {w['line']}: {w['message']}" if w["line"] else f"warning: {w['message']}")
        shown += [f"  fix: {w['fix']}"] if w["fix"] else []
    return lines + shown


@main.command()
@click.option("--from", "source", default="out", show_default=True, type=click.Path(path_type=str),
              help="What to load: a build folder (its store/ or tce-graph.trig), an embedded store, or a "
                   "TriG/N-Quads file.")
@click.option("--endpoint", envvar="TCE_GRAPH_ENDPOINT", metavar="QUERY_URL",
              help="SPARQL query endpoint (checks the loaded counts; gives the update URL when "
                   "--update-endpoint and --graph-store are absent: .../query -> .../update). Env: TCE_GRAPH_ENDPOINT.")
@click.option("--update-endpoint", envvar="TCE_GRAPH_UPDATE_ENDPOINT", metavar="URL",
              help="SPARQL 1.1 Update endpoint. Env: TCE_GRAPH_UPDATE_ENDPOINT.")
@click.option("--graph-store", envvar="TCE_GRAPH_GRAPH_STORE", metavar="URL",
              help="Graph Store HTTP Protocol endpoint (preferred when given). Env: TCE_GRAPH_GRAPH_STORE.")
@click.option("--replace/--append", "replace", default=True, show_default=True,
              help="Replace each graph (loading twice leaves the same data) or add to it.")
@click.option("--prune/--keep-stale", "prune", default=True, show_default=True,
              help="With --replace and --endpoint: once every graph has loaded, remove this build's graphs "
                   "that it no longer has (a report since removed) and staging graphs of an interrupted load.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 20),
              help="Retries per request on transient faults (refused, reset, timed out, 5xx), with back-off.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1), help="Seconds per request.")
@click.option("--max-wait", default=60.0, show_default=True, type=click.FloatRange(0),
              help="Seconds one graph may spend waiting between retries, in all (a server's Retry-After is "
                   "honoured up to 30 s a time, within this); then the graph fails.")
@handles_errors
def load(source, endpoint, update_endpoint, graph_store, replace, prune, retries, timeout, max_wait):
    """Load every named graph (reports, ontology, thesaurus, dataset description) into a SPARQL 1.1 server.

    Credentials come from TCE_GRAPH_USER / TCE_GRAPH_PASSWORD (TCE_GRAPH_AUTH=basic|digest) or a netrc
    entry for the server's host; never from the command line.
    """
    from .stores.load import LoadError
    from .stores.load import load as run_load

    try:
        with terminal_progress("loading") as progress:
            report = run_load(source, endpoint=endpoint, update_endpoint=update_endpoint, graph_store=graph_store,
                              mode="replace" if replace else "append", retries=retries, timeout=timeout,
                              prune=prune, progress=progress, max_wait=max_wait)
    except LoadError as exc:
        _show_load(exc.report, err=True)
        raise
    _show_load(report)
    if report.mismatched:
        raise CheckFailed("the server's graph sizes differ from the build's; see the lines above")
    if endpoint and report.loaded and not report.verified:
        raise CheckFailed(f"the load could not be verified: {report.unverified}")


def _show_load(report, *, err: bool = False) -> None:
    click.echo(report.summary(), err=err)
    for line in report.lines():
        click.echo(line, err=err)
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)


# ------------------------------------------------------------------ saved SPARQL queries


@main.group()
def query() -> None:
    """Saved SPARQL queries (queries/*.rq and your own): list them, show one, list a parameter's values, run one."""


def queries_option(func):
    return click.option("--queries", "queries_dir", type=click.Path(file_okay=False, path_type=str), default=None,
                        metavar="DIR", help="Your own saved queries (a folder of .rq files), beside the bundled ones; "
                        f"yours win on a name clash. Env: {ENVIRONMENT['queries']}.")(func)


def store_options(func):
    for option in reversed([
        click.option("--store", "store_dir", default=str(DEFAULT_STORE), show_default=True,
                     type=click.Path(path_type=str), help="The embedded store written by `tce-graph build`."),
        click.option("--data", type=click.Path(path_type=str),
                     help="Use this RDF file (TriG, N-Quads, Turtle ...) instead."),
        click.option("--endpoint", metavar="URL", help="Use this SPARQL 1.1 endpoint instead.")]):
        func = option(func)
    return func


def _user_queries(given: str | None, name: str | None = None) -> str | None:
    """The user's queries folder (--queries, else the environment), warning of each bundled query it replaces."""
    from .query.saved import shadowed

    user = stated("queries", given)
    for clash in shadowed(user=user):
        if name is None or clash == name:
            click.echo(f"warning: {Path(user or '', clash + '.rq')} replaces the bundled query {clash}", err=True)
    return user


def _complete_queries(ctx, param, incomplete: str):
    """Shell completion for a saved query's name: the bundled ones and the user's (--queries or the
    environment); a path (with a / or ending in .rq) completes as a file."""
    from click.shell_completion import CompletionItem

    from .query.saved import query_names

    if "/" in incomplete or incomplete.endswith(".rq"):
        return [CompletionItem(incomplete, type="file")]
    try:
        names = query_names(user=stated("queries", ctx.params.get("queries_dir")))
    except TceGraphError:
        names = query_names()
    return [CompletionItem(n) for n in names if n.startswith(incomplete)]


def _complete_value_names(ctx, param, incomplete: str):
    """Shell completion for ``query values``: the concept parameters and schemes."""
    from click.shell_completion import CompletionItem

    from .query.describe import concept_names

    return [CompletionItem(n) for n in concept_names() if n.startswith(incomplete)]


@query.command("list")
@queries_option
@handles_errors
def query_list(queries_dir):
    """Name, parameters ([optional]) and summary of every saved query."""
    from .query import list_queries

    saved = list_queries(user=_user_queries(queries_dir))
    params = {q.name: " ".join(p.name if p.required and p.name not in q.defaults else f"[{p.name}]"
                               for p in q.parameters.values()) or "-" for q in saved}
    width = max((len(q.name) for q in saved), default=0)
    pwidth = max(map(len, params.values()), default=0)
    for q in saved:
        click.echo(f"{q.name:<{width}}  {params[q.name]:<{pwidth}}  {q.summary}")


@query.command("show")
@click.argument("name", shell_complete=_complete_queries)
@queries_option
@store_options
@click.option("--text", "text_only", is_flag=True, help="Print only the query file (its #+ header and SPARQL).")
@handles_errors
def query_show(name, queries_dir, store_dir, data, endpoint, text_only):
    """Print what a saved query answers, each parameter (type, optional or not, an example label, the labels it
    accepts), then the query itself."""
    from .query import get_query
    from .query.describe import describe_lines, label_store

    saved = get_query(name, user=_user_queries(queries_dir, name))
    if not text_only:
        store, note = label_store(store_dir, endpoint=endpoint, data=data)
        if note and saved.parameters:
            click.echo(f"note: {note}", err=True)
        click.echo("\n".join(describe_lines(saved, store)) + "\n")
    click.echo(saved.text, nl=False)


@query.command("values")
@click.argument("name", metavar="PARAM-OR-SCHEME", shell_complete=_complete_value_names)
@store_options
@handles_errors
def query_values(name, store_dir, data, endpoint):
    """The labels a concept parameter accepts (topic, partnership, region, agency-type, theme, methodology,
    delivery, strength): a line per concept, its preferred label first, then its other labels."""
    from .query.describe import values_lines

    lines, note = values_lines(name, store_dir, endpoint=endpoint, data=data)
    if note:
        click.echo(f"note: {note}", err=True)
    click.echo("\n".join(lines))


@query.command("run")
@click.argument("name_or_file", shell_complete=_complete_queries)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable), bound as a typed RDF term, e.g. -p topic='county lines'.")
@click.option("--format", "fmt", type=click.Choice(["table", "records", "csv", "tsv", "json"]), default="table",
              show_default=True, help="table for reading (cells cut to fit the terminal), records for reading "
                                      "every value whole (a block per row); csv, tsv and json are the SPARQL 1.1 "
                                      "results formats.")
@store_options
@queries_option
@handles_errors
def query_run(name_or_file, params, fmt, store_dir, data, endpoint, queries_dir):
    """Run a saved query (by NAME, see `tce-graph query list`) or a FILE.rq.

    By default the query runs on the embedded store that `tce-graph build` wrote; --data runs it on
    an RDF file and --endpoint on a remote SPARQL endpoint.
    """
    from .query.run import answer, parse_params

    found = answer(name_or_file, parse_params(params), store_dir=store_dir, data=data, endpoint=endpoint,
                   user=_user_queries(queries_dir, name_or_file))
    _show_answer(found, fmt)


@main.command()
@click.argument("phrase")
@click.option("--section", metavar="TEXT", help="Only the sections whose heading contains TEXT, e.g. 'Key issues'.")
@click.option("--format", "fmt", type=click.Choice(["table", "records", "csv", "tsv", "json"]), default="table",
              show_default=True, help="As for `tce-graph query run`.")
@store_options
@handles_errors
def search(phrase, section, fmt, store_dir, data, endpoint):
    """Find the sentences of the reports that contain PHRASE (ignoring case), with the partnership,
    section and file:line: which reports mention it, whatever the topic thesaurus says."""
    from .query.search import search as search_reports

    _show_answer(search_reports(phrase, section, store_dir=store_dir, data=data, endpoint=endpoint), fmt)


def _show_answer(found, fmt: str) -> None:
    """A query's notes on stderr, its answer on stdout, and its row count on stderr."""
    for note in found.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(found.formatted(fmt), nl=False)
    if found.tail(fmt):
        click.echo(found.tail(fmt), err=True)


# ------------------------------------------------------------------ publishing: the static site and the server


@main.command()
@click.option("--store", "store_dir", default=str(DEFAULT_STORE), show_default=True, type=click.Path(path_type=str),
              help="The embedded store written by `tce-graph build`; its build folder's text/ (build --keep-text) "
                   "and export files are published with it.")
@click.option("--endpoint", metavar="URL", help="Publish the graph at this SPARQL 1.1 endpoint instead.")
@click.option("--out", "out_dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the site (replaced whole, atomically).")
@click.option("--base-iri", default=None, metavar="IRI",
              help="The IRI the site is served at: every IRI under it gets its page at the same path. Default: the "
                   "common parent of the data's base IRI and the vocabulary's (https://w3id.org/tce-graph/).")
@click.option("--text", "text_dir", type=click.Path(file_okay=False, path_type=str), default=None, metavar="DIR",
              help="The report texts (`tce-graph build --keep-text` writes OUT/text/); default: text/ beside the "
                   "store.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Processes rendering the pages (default: the number of cores). The site is the same whatever N.")
@handles_errors
def publish(store_dir, endpoint, out_dir, base_iri, text_dir, workers):
    """Write the graph as a static linked-data site: a page per resource (with its Turtle, JSON-LD and
    N-Triples), class indexes, a home page with search, the saved queries with their answers, the report
    texts with every quoted span marked, the dataset description with downloads, and the ontology."""
    from .publish import publish as run_publish
    from .stores import open_store

    store = open_store(store_dir, endpoint=endpoint) if endpoint else store_dir
    with terminal_progress("publishing") as progress:
        result = run_publish(store, out_dir, base_iri=base_iri, text_dir=text_dir,
                             workers=Settings.from_env(workers=workers).workers, progress=progress)
    click.echo(f"published {result.pages} resource pages ({result.files} files) under {result.base_iri} "
               f"to {out_dir}/ in {result.timings.get('total', 0):.1f} s")
    if result.missing_texts:
        click.echo(f"warning: no text for {len(result.missing_texts)} report(s) ({', '.join(result.missing_texts[:3])}"
                   f"{' ...' if len(result.missing_texts) > 3 else ''}): their quotes are not linked to the text; "
                   "build with --keep-text, or give --text DIR", err=True)


@main.command()
@click.option("--store", "store_dir", default=str(DEFAULT_STORE), show_default=True, type=click.Path(path_type=str),
              help="The embedded store the SPARQL endpoint and the API answer from.")
@click.option("--site", "site_dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="The site `tce-graph publish` wrote.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--timeout", "query_timeout", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Most solutions (or triples) a SPARQL answer may have.")
@handles_errors
def serve(store_dir, site_dir, host, port, query_timeout, max_rows):
    """Serve the site with content negotiation, a read-only SPARQL endpoint at /sparql and the saved queries
    at /api/NAME (a local preview or a small deployment; Ctrl-C stops it)."""
    from .serve import run_server

    run_server(store_dir, site_dir, host=host, port=port, timeout=query_timeout, max_rows=max_rows,
               echo=lambda line: click.echo(line, err=True))


@main.command()
@click.argument("target", required=False, default=str(DEFAULT_OUT), metavar="[FILE|DIR]",
                type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="text for reading (grouped by report and severity); turtle is the SHACL validation report "
                   "graph, json the explained results, for machines.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on violations.")
@click.option("--base-iri", default=None, metavar="IRI",
              help="Show the data's nodes as id:... under this base IRI (default: the base the data's dataset "
                   f"description states, else {DEFAULT_BASE_IRI}). Env: {ENVIRONMENT['base_iri']}.")
@shacl_engine_option
@handles_errors
def validate(target, fmt, strict, base_iri, shacl_engine):
    """Check a built output folder (default: out/) or any RDF FILE against the SHACL shapes.

    Exit status: 0 the graph conforms (warnings allowed unless --strict), 1 it does not conform,
    2 the input cannot be read.
    """
    from .errors import ValidationFailed
    from .validate import validate_graph

    report = validate_graph(target, strict=strict, base_iri=stated("base_iri", base_iri),
                            engine=stated("shacl_engine", shacl_engine))
    if fmt == "json":
        click.echo(report.to_json(), nl=False)
    elif fmt == "turtle":
        click.echo(report.to_turtle(), nl=False)
    else:
        click.echo(report.to_text(), nl=False)
    if not report.conforms:
        raise ValidationFailed(f"does not conform to the shapes ({report.failure_counts()})", file=report.source)


# ------------------------------------------------------------------ the build cache


@main.group("cache")
def cache_group() -> None:
    """The per-report build cache: what it holds, and removing what no build will read again."""


@cache_group.command("info")
@cache_option
@handles_errors
def cache_info(cache_dir):
    """List the versions of tce-graph the cache holds entries of: entries, size, when last used."""
    from datetime import datetime, timezone

    from .cache import ReportCache

    cache = ReportCache(Settings.from_env(cache_dir=cache_dir).cache_dir)
    versions = cache.versions()
    click.echo(f"cache: {cache.root}")
    if not versions:
        click.echo("empty")
        return
    for v in versions:
        when = (datetime.fromtimestamp(v.last_used, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
                if v.last_used is not None else "unknown")
        name = v.name or "(older layout)"
        mark = " (this version)" if v.current else ""
        tool = f"tce-graph {v.tool}" if v.tool else "tce-graph ?"
        click.echo(f"  {name}  {tool}{mark}: {_entries(v.entries)}, {size_text(v.size)}, last used {when}")
    total = sum(v.size for v in versions)
    click.echo(f"{_entries(sum(v.entries for v in versions))}, {size_text(total)} in all")


@cache_group.command("prune")
@cache_option
@click.option("--keep-versions", type=click.IntRange(1, 1000), default=None, metavar="N",
              help="Keep the entries of this many versions of tce-graph: this one and the most recently used "
                   f"others (default 2, as every build does). Env: {ENVIRONMENT['cache_versions']}.")
@click.option("--unused-for", type=click.FloatRange(0), default=None, metavar="DAYS",
              help="Also remove the kept versions' entries that no build has read for DAYS days.")
@click.option("--all", "everything", is_flag=True, help="Remove every entry, this version's too.")
@handles_errors
def cache_prune(cache_dir, keep_versions, unused_for, everything):
    """Remove cache entries no build will read again (only files recognised as entries)."""
    from .cache import ReportCache

    settings = Settings.from_env(cache_dir=cache_dir, cache_versions=keep_versions)
    cache = ReportCache(settings.cache_dir)
    pruned = cache.prune(keep_versions=0 if everything else settings.cache_versions,
                         unused_for=None if everything else unused_for)
    left = cache.versions()
    click.echo(f"removed {_entries(pruned.entries)} ({size_text(pruned.size)}) from {cache.root}"
               + (f", every entry of {len(pruned.versions)} version(s)" if pruned.versions else "")
               + f"; {_entries(sum(v.entries for v in left))} ({size_text(sum(v.size for v in left))}) left")


def _entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


# ------------------------------------------------------------------ network analysis


@main.command()
@store_options
@click.option("--out", "out_dir", default=str(DEFAULT_OUT / "network"), show_default=True,
              type=click.Path(file_okay=False), help="Folder for the networks' files (replaced whole, atomically).")
@click.option("--kind", "kinds", multiple=True, metavar="K",
              help="A network to make (repeatable; default all): partnership-agency, agency-comembership, "
                   "partnership-overlap, partnership-topic, topic-cooccurrence, report-similarity, "
                   "partnership-resource.")
@click.option("--no-pictures", is_flag=True,
              help="Write the GraphML, GEXF, JSON and CSV files only (no matplotlib needed).")
@handles_errors
def network(store_dir, data, endpoint, out_dir, kinds, no_pictures):
    """Network analysis of the graph: who connects the partnerships, which reports resemble each other.

    Writes per network GraphML and GEXF (Gephi, Cytoscape), node-link JSON, a metrics CSV (degree,
    betweenness, component, community per node) and a PNG and SVG picture; the most similar report
    pairs with their reasons and the topic pairs as CSV; and prints what the networks say.
    """
    from .network import write_network

    with terminal_progress("writing") as progress:
        result = write_network(out=out_dir, kinds=kinds, pictures=not no_pictures, store_dir=store_dir, data=data,
                               endpoint=endpoint, progress=progress)
    for line in result.summary_lines():
        click.echo(line)
    click.echo(f"wrote {len(result.files)} files to {out_dir}/ (summary.txt says the above at more length)")
