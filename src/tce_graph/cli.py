"""The ``tce-graph`` command: each command parses options, calls one library function, and turns
:class:`~tce_graph.errors.TceGraphError` into a one-line message and an exit code (0 ok, 1 the data
does not conform / a query found a problem, 2 bad input or runtime error)."""
from __future__ import annotations

import functools
import json
import sys

import click

from . import __version__
from .errors import BuildError, TceGraphError
from .export import DEFAULT_FORMATS, FORMATS
from .namespaces import DEFAULT_BASE_IRI


def fail(exc: TceGraphError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


def handles_errors(func):
    """Turn library errors into a clean message and exit code; never a traceback."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except BuildError as exc:
            for f in exc.failures:
                click.echo(f"error: {f}", err=True)
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except TceGraphError as exc:
            fail(exc)
        except (OSError, ValueError) as exc:  # e.g. an unwritable output folder
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    return wrapper


def terminal_progress(label: str):
    """A progress callback that writes to a terminal and stays quiet when stderr is piped."""
    if not sys.stderr.isatty():
        return None

    def progress(name: str, i: int, n: int) -> None:
        click.echo(f"\r{label} {i}/{n} {name[:50]:<50}", err=True, nl=(i == n))
    return progress


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tce-graph")
def main() -> None:
    """Turn TCE Project Learning Reports into a validated, queryable, publishable knowledge graph."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the exports (and the embedded store).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, help="Base IRI of the data's nodes.")
@click.option("--keep-going", is_flag=True, help="Build the other reports when one fails; list failures at the end.")
@click.option("--format", "formats", multiple=True, type=click.Choice(sorted(FORMATS)),
              help=f"Export formats (repeatable). Default: {', '.join(DEFAULT_FORMATS)}.")
@handles_errors
def build(paths, out_dir, base_iri, keep_going, formats):
    """Read reports (default: the bundled ones) and write the graph to OUT.

    Writes Turtle (.ttl), TriG (.trig, one named graph per report), N-Quads (.nq) and compacted
    JSON-LD (.jsonld). Output is byte-identical for identical input.
    """
    from .pipeline import build as run_build

    try:
        result = run_build(paths or None, out_dir, base_iri=base_iri, keep_going=keep_going,
                           formats=tuple(formats) or DEFAULT_FORMATS, progress=terminal_progress("reading"))
    except BuildError as exc:
        if keep_going and exc.failures and not isinstance(exc, type(None)):
            click.echo(f"built the other reports into {out_dir}/", err=True)
        raise
    warned = sum(len(r.warnings) for r in result.reports)
    click.echo(f"built {len(result.reports)} report(s), {result.triples} triples, {warned} warning(s)")
    for r in result.reports:
        for w in r.warnings:
            where = f"{r.source.path or r.source.name}:{w.line}" if w.line else (r.source.path or r.source.name)
            click.echo(f"warning: {where}: {w.message}", err=True)
    for f in result.files:
        click.echo(f"  {f}")


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@handles_errors
def extract(file, fmt):
    """Print the parsed model of one report (JSON for scripting, or a short text summary)."""
    from .extract import report_json
    from .parse import parse_report

    data = report_json(parse_report(file))
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for key in ("partnership", "region", "commenced", "ended", "delivery", "methodologies", "themes"):
        click.echo(f"{key}: {data[key]}")
    click.echo("agencies: " + "; ".join(f"{a['name']} ({a['type']})" for a in data["agencies"]))
    click.echo(f"actions: {len(data['actions'])}, resources: {len(data['resources'])}, "
               f"warnings: {len(data['warnings'])}")
