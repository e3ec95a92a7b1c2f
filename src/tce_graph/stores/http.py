"""HTTP to SPARQL servers, through httpx: one exchange at a time, its faults classified for the
caller's retry policy (see :mod:`.load`), and credentials that are never printed.

Credentials come from environment variables or a netrc file, never from the command line or a URL:

* ``TCE_GRAPH_USER`` and ``TCE_GRAPH_PASSWORD`` -- used for every endpoint when both are set;
* otherwise the netrc entry (``$NETRC`` or ``~/.netrc``) whose ``machine`` is the endpoint's host;
* ``TCE_GRAPH_AUTH=basic|digest`` picks the HTTP scheme (default ``basic``): httpx's ``BasicAuth``
  (sent pre-emptively: Fuseki and GraphDB answer a credential-less ``PUT`` with a bare 401) or
  ``DigestAuth`` (answers the server's challenge, whatever its realm).
"""
from __future__ import annotations

import email.utils
import netrc
import os
import re
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..config import ENVIRONMENT, environment_value, stated
from ..errors import HttpFault, StoreError

if TYPE_CHECKING:  # httpx is imported when a request is sent: it costs a command that sends none ~70 ms
    import httpx


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
    scheme = (stated("auth") or "basic").strip().lower() or "basic"
    if scheme not in SCHEMES:
        raise StoreError(f"{ENVIRONMENT['auth']}={scheme!r} is not supported; expected basic or digest")
    return scheme


def credentials_for(url: str) -> Credentials | None:
    """The credentials to use for ``url``, or None for anonymous access."""
    scheme = auth_scheme()
    user = environment_value("user")
    password = environment_value("password")
    if user:
        return Credentials(user, password or "", scheme)
    host = urlsplit(url).hostname
    if not host:
        return None
    path = environment_value("netrc") or os.path.join(os.path.expanduser("~"), ".netrc")
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


# --------------------------------------------------------------------------------------------------
# one HTTP exchange, with faults classified for retrying

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}


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
        raise StoreError(f"{display_url(url)}: do not put credentials in the URL (write an @ that is not user-info "
                         "as %40); set TCE_GRAPH_USER and TCE_GRAPH_PASSWORD or use a netrc entry")
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{display_url(url)!r} is not an http(s) URL for the {what}")
    return url


def auth_for(credentials: Credentials | None) -> httpx.Auth | None:
    """The httpx authentication for ``credentials``: Basic (pre-emptive) or Digest (on challenge)."""
    import httpx

    if not credentials:
        return None
    if credentials.scheme == "digest":
        return httpx.DigestAuth(credentials.user, credentials.password)
    return httpx.BasicAuth(credentials.user, credentials.password)


_SSL_CONTEXT = None


def _ssl_context():
    """One TLS context for every client (building one loads the CA bundle: ~50 ms a request otherwise)."""
    import httpx

    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        _SSL_CONTEXT = httpx.create_ssl_context()
    return _SSL_CONTEXT


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def challenges(response: httpx.Response) -> list[str]:
    """The authentication schemes a response's ``WWW-Authenticate`` headers ask for, as written."""
    schemes = []
    for header in response.headers.get_list("www-authenticate"):
        bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', header)  # quoted values may hold commas
        # a challenge starts the header or follows a comma, and is a token not followed by '='
        schemes += re.findall(r"(?:^|,)\s*([A-Za-z][\w!#$%&'*+.^`|~-]*)(?![\w!#$%&'*+.^`|~-])(?!\s*=)", bare)
    return schemes


def _status_fault(response: httpx.Response, shown: str, credentials: Credentials | None) -> HttpFault:
    code = response.status_code
    retry_after = _retry_after(response.headers.get("Retry-After"))
    asked = challenges(response) if code == 401 else []
    if credentials and asked and credentials.scheme not in {a.lower() for a in asked}:
        # e.g. Basic credentials sent, a Digest challenge back: say which setting to change
        want = next((a for a in asked if a.lower() in SCHEMES), asked[0])
        hint = (f"set TCE_GRAPH_AUTH={want.lower()}" if want.lower() in SCHEMES else
                "tce-graph speaks Basic and Digest (TCE_GRAPH_AUTH=basic|digest) only")
        return HttpFault(f"{shown} asks for {want} authentication; {hint}", transient=False, status=401)
    if code in (401, 403):
        return HttpFault(f"{shown} refused the credentials (HTTP {code}); set TCE_GRAPH_USER/TCE_GRAPH_PASSWORD "
                         "(and TCE_GRAPH_AUTH=digest if the server uses Digest) or a netrc entry",
                         transient=False, status=code, retry_after=retry_after)
    detail = mask_secrets(" ".join(response.content[:600].decode("utf-8", "replace").split()), credentials)
    reason = response.reason_phrase or ""
    msg = f"{shown} answered HTTP {code}" + (f" {reason}" if reason else "") + (f": {detail[:300]}" if detail else "")
    return HttpFault(msg, transient=code in TRANSIENT_STATUS, status=code, retry_after=retry_after)


# an Authorization (or Proxy-Authorization) header as a server may echo it back: the name, then its value
_AUTH_HEADER = re.compile(r"(?i)\b((?:proxy-)?authorization)(['\"]?\s*[:=]\s*['\"]?)"
                          r"(?:(?:basic|bearer|digest|negotiate)\s+)?[^'\"\s,;}]+")


def mask_secrets(text: str, credentials: Credentials | None = None) -> str:
    """``text`` (a server's error body, say) with every Authorization header value and anything that
    spells the credentials (the password, ``user:password``, their Base64 as Basic sends it) replaced by
    ``***``: a server that echoes the request must not put them on the user's screen or in a log."""
    import base64

    text = _AUTH_HEADER.sub(lambda m: m.group(1) + m.group(2) + "***", text)
    if credentials is not None and credentials.password:
        pair = f"{credentials.user}:{credentials.password}"
        secrets = {pair, credentials.password, base64.b64encode(pair.encode()).decode(),
                   base64.b64encode(pair.encode()).decode().rstrip("=")}
        for secret in sorted(secrets, key=len, reverse=True):
            if len(secret) >= 3:
                text = text.replace(secret, "***")
    return text


def _os_error(exc: BaseException) -> OSError | None:
    """The operating-system error under an httpx transport error (httpx -> httpcore -> OSError)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def exchange(method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
             credentials: Credentials | None = None, timeout: float = 60.0) -> httpx.Response:
    """Send one request with httpx and return its (successful, fully read) response. Raises
    :class:`HttpFault` for any failure -- refused, timed out, dropped, or an HTTP status of 400 and up
    -- with a one-line message that names the URL without any user-info and never a credential."""
    import httpx

    shown = display_url(url)
    reads = method.upper() in ("GET", "HEAD")
    try:
        with httpx.Client(auth=auth_for(credentials), timeout=timeout, follow_redirects=reads,
                          verify=_ssl_context()) as client:
            response = client.request(method, url, content=data, headers=headers)
            hops = 0
            while not reads and response.is_redirect:  # a write follows a redirect only as itself, to its origin
                target = _same_request_target(response, url, shown)
                hops += 1
                if hops > MAX_WRITE_REDIRECTS:
                    raise httpx.TooManyRedirects("too many redirects", request=response.request)
                url = target
                response = client.request(method, url, content=data, headers=headers)
    except httpx.TimeoutException:
        raise HttpFault(f"{shown} timed out after {timeout:g}s", transient=True) from None
    except httpx.ConnectError as exc:
        reason = _os_error(exc)
        if isinstance(reason, ConnectionRefusedError):
            raise HttpFault(f"{shown} refused the connection (is the server running?)", transient=True) from None
        if isinstance(reason, socket.gaierror):
            raise HttpFault(f"cannot reach {shown}: {reason.strerror or reason}", transient=False) from None
        raise HttpFault(f"{shown}: connection failed: {reason or exc}", transient=True) from None
    except httpx.RemoteProtocolError as exc:
        raise HttpFault(f"{shown} dropped the connection ({type(exc).__name__})", transient=True) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise HttpFault(f"{shown} is not a valid URL: {exc}", transient=False) from None
    except httpx.TooManyRedirects:
        raise HttpFault(f"{shown} redirects too many times", transient=False) from None
    except httpx.NetworkError as exc:  # reset, broken pipe
        raise HttpFault(f"{shown}: connection failed: {_os_error(exc) or exc}", transient=True) from None
    except (httpx.HTTPError, OSError) as exc:
        raise HttpFault(f"{shown}: {type(exc).__name__}: {exc}", transient=True) from None
    if response.status_code >= 400:
        raise _status_fault(response, shown, credentials)
    return response


MAX_WRITE_REDIRECTS = 5


def _same_request_target(response: httpx.Response, url: str, shown: str) -> str:
    """Where a redirected write may go: a 307 or 308 (which keep the method and body) to the same origin.
    Any other redirect of a write -- a 301, 302 or 303, after which clients send a bodiless GET, as a
    single-sign-on proxy's login page asks -- is an error, so a load never counts an unsent graph."""
    location = response.headers.get("location", "")
    target = str(response.request.url.join(location)) if location else ""
    there = urlsplit(target)
    where = f"{there.scheme}://{there.hostname or ''}{there.path}" if target else "nowhere"
    origin = urlsplit(url)
    same = (there.scheme, there.hostname, there.port) == (origin.scheme, origin.hostname, origin.port)
    if response.status_code in (307, 308) and target and same:
        return target
    why = ("to another origin" if response.status_code in (307, 308) and target else
           "which would turn the write into a bodiless GET")
    raise HttpFault(f"{shown} answered HTTP {response.status_code} with a redirect to {where}, {why}; a write "
                    "is not sent on: give the endpoint's final URL (a login page means the server needs "
                    "credentials: TCE_GRAPH_USER / TCE_GRAPH_PASSWORD or a netrc entry)",
                    transient=False, status=response.status_code)


def send(method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         credentials: Credentials | None = None, timeout: float = 60.0) -> tuple[int, bytes]:
    """Send one request; return (status, body). Raises :class:`HttpFault` for any failure."""
    response = exchange(method, url, data=data, headers=headers, credentials=credentials, timeout=timeout)
    return response.status_code, response.content
