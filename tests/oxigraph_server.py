"""Test helpers: a real Oxigraph server on a free loopback port, and a small HTTP proxy in front of it
that can demand Basic or Digest credentials and inject faults."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from stub_server import LoopbackServer, QuietHandler


def oxigraph_executable() -> str | None:
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    return str(here) if here.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT --union-default-graph``."""

    def __init__(self, location: Path, port: int | None = None, *, union_default_graph: bool = True):
        self.exe = oxigraph_executable()
        if not self.exe:
            pytest.fail("the `oxigraph` server CLI is not installed: install the test extra, pip install '.[test]'")
        self.location = Path(location)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.union_default_graph = union_default_graph

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    query = property(lambda self: self.base + "/query")
    update = property(lambda self: self.base + "/update")
    store = property(lambda self: self.base + "/store")

    def start(self) -> OxigraphServer:
        self.proc = subprocess.Popen(
            [self.exe, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
             *(["--union-default-graph"] if self.union_default_graph else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.proc.returncode}")
            try:
                urllib.request.urlopen(self.base + "/query?query=ASK%7B%7D", timeout=1).read()
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not answer within 30s")

    def kill(self) -> None:
        """Stop abruptly (SIGKILL), as a crash would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def clear(self) -> None:
        req = urllib.request.Request(self.update, data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
        urllib.request.urlopen(req, timeout=10).read()

    def count(self, where: str = "GRAPH ?g { ?s ?p ?o }") -> int:
        import json
        from urllib.parse import urlencode

        q = urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"}).encode()
        req = urllib.request.Request(self.query, data=q, headers={"Accept": "application/sparql-results+json"})
        data = json.loads(urllib.request.urlopen(req, timeout=10).read())
        return int(data["results"]["bindings"][0]["n"]["value"])


# --------------------------------------------------------------------------------------------------


class Proxy(LoopbackServer):
    """Forwards every request to ``upstream``. Optionally demands credentials (``auth`` = "basic" or
    "digest", user/password), and calls ``fault(method, path, body)`` first: a returned int is sent
    back as that HTTP status instead of forwarding. Records each request's (method, path, auth header)."""

    REALM = "tce-test"
    NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093"

    def __init__(self, upstream: str, *, auth: str | None = None, user: str = "", password: str = "",
                 fault=None):
        self.upstream = upstream.rstrip("/")
        self.auth, self.user, self.password, self.fault = auth, user, password, fault
        self.requests: list[tuple[str, str, str | None]] = []
        proxy = self

        class Handler(QuietHandler):
            def _handle(self):
                body = self.body()
                header = self.headers.get("Authorization")
                proxy.requests.append((self.command, self.path, header))
                if proxy.auth and not proxy.authorised(self.command, header):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", proxy.challenge())
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = proxy.fault(self.command, self.path, body) if proxy.fault else None
                if status is not None:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() in ("content-type", "accept")}
                req = urllib.request.Request(proxy.upstream + self.path, data=body if self.command in
                                             ("POST", "PUT") else None, method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(req, timeout=30) as resp:
                        code, data, ctype = resp.status, resp.read(), resp.headers.get("Content-Type")
                except urllib.error.HTTPError as exc:
                    code, data, ctype = exc.code, exc.read(), exc.headers.get("Content-Type")
                self.send_response(code)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

