"""A local, read-only server over the embedded store and the published site (``tce-graph serve``):
``app`` (Starlette: content negotiation at every resource path, ``/sparql``, ``/api/<query>``) and
``sparql`` (each query bounded in time and size, in a child process). Needs the ``serve`` extra
(Starlette and uvicorn)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError


def run_server(store_dir: str | Path, site_dir: str | Path, *, host: str = "127.0.0.1", port: int = 8000,
               timeout: float = 10.0, max_rows: int = 10_000, echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C stops it cleanly); one log line per request."""
    try:
        import uvicorn

        from .app import create_app
    except ImportError as exc:
        raise InputError(f"tce-graph serve needs the serve extra ({exc.name} is missing): "
                         "pip install 'tce-graph[serve]'") from None
    app = create_app(store_dir, site_dir, timeout=timeout, max_rows=max_rows)
    shown = f"[{host}]" if ":" in host else host
    echo(f"serving {site_dir}/ and the SPARQL endpoint over {store_dir} at http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True)


__all__ = ["run_server"]
