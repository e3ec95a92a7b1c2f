"""A loopback HTTP stub server for the tests of what tce-graph sends and how it reads the answers."""
from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SELECT_JSON = {"head": {"vars": ["s", "label"]}, "results": {"bindings": [
    {"s": {"type": "uri", "value": "http://x/a"}, "label": {"type": "literal", "value": "A", "xml:lang": "en"}},
    {"s": {"type": "bnode", "value": "b0"}}]}}


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler of the loopback test servers: logs nothing, reads a request's body."""

    def log_message(self, *args):
        pass

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


class LoopbackServer:
    """What the loopback test servers share: credentials demanded first (``auth`` "basic", or "digest"
    checked as RFC 7616 says, with a realm of the server's own), their challenge, start and stop. A
    subclass sets ``REALM``, ``NONCE``, ``auth``, ``user``, ``password``, ``server`` and ``thread``."""

    REALM = ""
    NONCE = ""
    DIGEST_URI: str | None = None  # the request URI a Digest answer must name, when checked
    auth: str | None
    user: str
    password: str
    server: ThreadingHTTPServer
    thread: threading.Thread

    def challenge(self) -> str:
        if self.auth == "digest":
            return f'Digest realm="{self.REALM}", qop="auth", nonce="{self.NONCE}", algorithm=MD5'
        return f'Basic realm="{self.REALM}"'

    def authorised(self, method: str, header: str | None) -> bool:
        if not header:
            return False
        if self.auth == "basic":
            return header == "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if not header.startswith("Digest "):
            return False
        f = {}
        for part in urllib.request.parse_http_list(header[len("Digest "):]):
            k, _, v = part.strip().partition("=")
            f[k] = v.strip('"')
        ha1 = _md5(f"{self.user}:{self.REALM}:{self.password}")
        ha2 = _md5(f"{method}:{f.get('uri')}")
        expected = _md5(f"{ha1}:{f.get('nonce')}:{f.get('nc')}:{f.get('cnonce')}:{f.get('qop')}:{ha2}")
        return (f.get("username") == self.user and f.get("realm") == self.REALM and f.get("response") == expected
                and (self.DIGEST_URI is None or f.get("uri") == self.DIGEST_URI))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Stub(LoopbackServer):
    """A loopback HTTP server that records every request (method, path, headers, form or body) and
    answers with ``answer(request) -> (status, headers, body)``; it can demand Basic or Digest
    credentials first (Digest with a realm of its own, checked as RFC 7616 says)."""

    REALM = "stub realm, not SPARQL"
    NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    DIGEST_URI = "/sparql"

    def __init__(self, answer=None, *, auth: str | None = None, user: str = "", password: str = "",
                 delay: float = 0.0):
        self.answer = answer or (lambda req: (200, {"Content-Type": "application/sparql-results+json"},
                                              json.dumps(SELECT_JSON).encode()))
        self.auth, self.user, self.password, self.delay = auth, user, password, delay
        self.requests: list[dict] = []
        stub = self

        class Handler(QuietHandler):
            def _handle(self):
                body = self.body()
                req = {"method": self.command, "path": self.path,
                       "headers": {k.lower(): v for k, v in self.headers.items()},
                       "body": body, "form": parse_qs(body.decode("utf-8", "replace"))}
                stub.requests.append(req)
                if stub.delay:
                    time.sleep(stub.delay)
                if stub.auth and not stub.authorised(self.command, self.headers.get("Authorization")):
                    status, headers, data = 401, {"WWW-Authenticate": stub.challenge()}, b""
                else:
                    status, headers, data = stub.answer(req)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
