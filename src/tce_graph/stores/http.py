"""Credentials for SPARQL servers: from environment variables or a netrc file, never from the
command line, and never printed.

* ``TCE_GRAPH_USER`` and ``TCE_GRAPH_PASSWORD`` -- used for every endpoint when both are set;
* otherwise the netrc entry (``$NETRC`` or ``~/.netrc``) whose ``machine`` is the endpoint's host;
* ``TCE_GRAPH_AUTH=basic|digest`` picks the HTTP scheme (default ``basic``).
"""
from __future__ import annotations

import netrc
import os
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit
from ..errors import StoreError


SCHEMES = ("basic", "digest")


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = ""
    scheme: str = "basic"

    def __repr__(self) -> str:  # never show the password
        return f"Credentials(user={self.user!r}, password=***, scheme={self.scheme!r})"

    __str__ = __repr__


def auth_scheme() -> str:
    scheme = os.environ.get("TCE_GRAPH_AUTH", "basic").strip().lower() or "basic"
    if scheme not in SCHEMES:
        raise StoreError(f"TCE_GRAPH_AUTH={scheme!r} is not supported; expected basic or digest")
    return scheme


def credentials_for(url: str) -> Credentials | None:
    """The credentials to use for ``url``, or None for anonymous access."""
    scheme = auth_scheme()
    user = os.environ.get("TCE_GRAPH_USER")
    password = os.environ.get("TCE_GRAPH_PASSWORD")
    if user:
        return Credentials(user, password or "", scheme)
    host = urlsplit(url).hostname
    if not host:
        return None
    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except netrc.NetrcParseError as exc:  # its message may quote a password: name the line only
        raise StoreError(f"cannot read the netrc file {path}: not valid netrc syntax near line {exc.lineno}; "
                         "expected `machine HOST login USER password PASSWORD`") from None
    except OSError as exc:
        raise StoreError(f"cannot read the netrc file {path}: {exc.strerror or exc}") from None
    if not entry:
        return None
    login, _account, pw = entry
    return Credentials(login or "", pw or "", scheme)


def opener_for(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    """A urllib opener that answers Basic or Digest challenges for ``url`` with ``credentials``.

    Basic credentials are sent pre-emptively (servers such as Fuseki and GraphDB answer 401 without a
    challenge-friendly body for PUT); Digest needs the server's challenge first."""
    handlers: list[urllib.request.BaseHandler] = []
    if credentials:
        mgr = urllib.request.HTTPPasswordMgrWithPriorAuth()
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}/"
        if credentials.scheme == "digest":
            mgr.add_password(None, root, credentials.user, credentials.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
        else:
            mgr.add_password(None, root, credentials.user, credentials.password, is_authenticated=True)
            handlers.append(urllib.request.HTTPBasicAuthHandler(mgr))
    return urllib.request.build_opener(*handlers)


# --------------------------------------------------------------------------------------------------
# one HTTP exchange, with faults classified for retrying

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}


class HttpFault(StoreError):
    """An HTTP exchange failed. ``transient`` faults (refused, reset, timed out, 5xx, 429) may be
    retried; ``status`` is the HTTP status when the server answered."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


def _userinfo_end(url: str) -> int:
    """Index just past the last ``@`` of ``url`` (taken to end a user-info part), or -1 when it has none.

    Read from the raw text, not from ``urlsplit``: a password holding ``/``, ``?`` or ``#`` ends the
    authority early for a URL parser (``http://u:pa/ss@host/`` parses as host ``u``), and would then
    be printed as part of the path or query. An ``@`` that belongs elsewhere is written ``%40``."""
    start = url.find("://")
    start = start + 3 if start >= 0 else 0
    at = url.rfind("@", start)
    return at + 1 if at >= 0 else -1


def display_url(url: str) -> str:
    """The URL without any user-info, safe to print."""
    url = url or ""
    end = _userinfo_end(url)
    if end < 0:
        return url
    start = url.find("://")
    start = start + 3 if start >= 0 else 0
    return url[:start] + url[end:]


def check_url(url: str, what: str = "endpoint") -> str:
    """Refuse URLs that are not http(s) or that carry credentials (they would show in `ps` and logs)."""
    if _userinfo_end(url or "") >= 0:
        raise StoreError(f"{display_url(url)}: do not put credentials in the URL (write an @ that is not user-info as %40); set TCE_GRAPH_USER and "
                         "TCE_GRAPH_PASSWORD or use a netrc entry")
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{display_url(url)!r} is not an http(s) URL for the {what}")
    return url


def send(method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         credentials: Credentials | None = None, timeout: float = 60.0) -> tuple[int, bytes]:
    """Send one request; return (status, body). Raises :class:`HttpFault` for any failure."""
    import http.client
    import socket
    import urllib.error

    shown = display_url(url)
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    opener = opener_for(url, credentials)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        try:
            detail = exc.read(600).decode("utf-8", "replace").strip().replace("\n", " ")
        except Exception:  # the body may be gone with the connection
            detail = ""
        retry_after = None
        try:
            retry_after = float(exc.headers.get("Retry-After", "")) if exc.headers else None
        except ValueError:
            pass
        if exc.code in (401, 403):
            msg = (f"{shown} refused the credentials (HTTP {exc.code}); set TCE_GRAPH_USER/TCE_GRAPH_PASSWORD "
                   "(and TCE_GRAPH_AUTH=digest if the server uses Digest) or a netrc entry")
        else:
            msg = f"{shown} answered HTTP {exc.code} {exc.reason}" + (f": {detail[:300]}" if detail else "")
        raise HttpFault(msg, transient=exc.code in TRANSIENT_STATUS, status=exc.code,
                        retry_after=retry_after) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            raise HttpFault(f"{shown} refused the connection (is the server running?)", transient=True) from None
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise HttpFault(f"{shown} timed out after {timeout:g}s", transient=True) from None
        if isinstance(reason, (ConnectionError, OSError)) and not isinstance(reason, socket.gaierror):
            raise HttpFault(f"{shown}: connection failed: {reason}", transient=True) from None
        raise HttpFault(f"cannot reach {shown}: {reason}", transient=False) from None
    except (TimeoutError, socket.timeout):
        raise HttpFault(f"{shown} timed out after {timeout:g}s", transient=True) from None
    except http.client.InvalidURL as exc:
        raise HttpFault(f"{shown} is not a valid URL: {exc}", transient=False) from None
    except ValueError as exc:
        # urllib: a challenge in a scheme the handler does not speak (Basic sent, Digest asked, ...)
        asked = str(exc).rsplit(":", 1)[-1].strip(" '\"")
        if "does not support the following scheme" in str(exc):
            hint = ("set TCE_GRAPH_AUTH=digest" if asked.lower() == "digest" else
                    "set TCE_GRAPH_AUTH=basic" if asked.lower() == "basic" else
                    "tce-graph speaks Basic and Digest (TCE_GRAPH_AUTH=basic|digest) only")
            raise HttpFault(f"{shown} asks for {asked} authentication; {hint}", transient=False,
                            status=401) from None
        raise HttpFault(f"{shown}: {exc}", transient=False) from None
    except (http.client.RemoteDisconnected, ConnectionError, http.client.IncompleteRead) as exc:
        raise HttpFault(f"{shown} dropped the connection ({type(exc).__name__})", transient=True) from None
    except (http.client.HTTPException, OSError) as exc:
        raise HttpFault(f"{shown}: {type(exc).__name__}: {exc}", transient=True) from None
