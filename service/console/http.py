"""The console's HTTP layer: requests, responses, security headers and the server.

Standard library only (``http.server.ThreadingHTTPServer``): the console serves a few
people on one port, and a small known stack keeps the dependency set to Jinja2.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from service.observability import log_event

log = logging.getLogger("grooming_risk.console")

#: Largest form body accepted (forms hold ids and codes only).
MAX_BODY = 16 * 1024

#: Every response: no framing, no sniffing, no referrer into other sites (the moderation
#: tool must not learn console URLs), and a policy that allows no inline script or style.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
     "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
NO_STORE = ("Cache-Control", "no-store")


@dataclass
class Request:
    """One HTTP request, parsed."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    cookies: dict[str, str]
    secure: bool


@dataclass
class Response:
    """One HTTP response; pages are never cached unless ``cacheable``."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    cacheable: bool = False
    route: str = ""

    @classmethod
    def redirect(cls, location: str, status: int = HTTPStatus.SEE_OTHER) -> Response:
        """A redirect after a POST (or to sign-in); ``location`` is always a local path."""
        if not location.startswith("/") or location.startswith("//"):
            location = "/"
        return cls(status, headers=[("Location", location)])


Handler = Callable[[Request], Response]


def _first_values(raw: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True,
                                         max_num_fields=64).items()}


def make_handler(app: Handler, secure: bool) -> type[BaseHTTPRequestHandler]:
    """A request handler class that parses each request and hands it to ``app``."""

    class ConsoleRequestHandler(BaseHTTPRequestHandler):
        server_version = "grooming-risk-console"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._handle("GET")

        def do_HEAD(self) -> None:
            self._handle("HEAD")

        def do_POST(self) -> None:
            self._handle("POST")

        def _handle(self, method: str) -> None:
            started = time.perf_counter()
            parts = urlsplit(self.path)
            form: dict[str, str] = {}
            try:
                if method == "POST":
                    length = int(self.headers.get("Content-Length") or 0)
                    if length < 0 or length > MAX_BODY:
                        self._send(Response(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                            b"form too large", "text/plain"), method)
                        return
                    ctype = self.headers.get("Content-Type", "")
                    body = self.rfile.read(length)
                    if ctype.split(";")[0].strip() != "application/x-www-form-urlencoded":
                        self._send(Response(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                            b"forms only", "text/plain"), method)
                        return
                    form = _first_values(body.decode("utf-8", "replace"))
                cookies: dict[str, str] = {}
                try:
                    jar = SimpleCookie(self.headers.get("Cookie", ""))
                    cookies = {k: m.value for k, m in jar.items()}
                except CookieError:
                    pass
                request = Request("GET" if method == "HEAD" else method, parts.path,
                                  _first_values(parts.query), form, cookies, secure)
                response = app(request)
            except ValueError:
                response = Response(HTTPStatus.BAD_REQUEST, b"bad request", "text/plain")
            except Exception as err:  # our bug: a fixed page; the log names only its type
                log_event(log, "console_internal_error", logging.ERROR,
                          error=type(err).__name__)
                response = Response(HTTPStatus.INTERNAL_SERVER_ERROR,
                                    b"internal error", "text/plain")
            self._send(response, method)
            log_event(log, "console_request", method=method, route=response.route or "-",
                      status=int(response.status),
                      latency_ms=round((time.perf_counter() - started) * 1000, 2))

        def _send(self, response: Response, method: str) -> None:
            self.send_response(response.status)
            for name, value in SECURITY_HEADERS:
                self.send_header(name, value)
            if secure:
                self.send_header("Strict-Transport-Security", "max-age=31536000")
            if not response.cacheable:
                self.send_header(*NO_STORE)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(response.body)

        def log_message(self, format: str, *args: object) -> None:
            # Access lines go through log_event (JSON, no query strings); drop the
            # default plain-text line on stderr.
            return

    return ConsoleRequestHandler


class ConsoleHTTPServer(ThreadingHTTPServer):
    """Threads per request; daemon threads so a stuck browser cannot block shutdown."""

    daemon_threads = True
    block_on_close = False


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server TLS context (TLS 1.2 or later) for the console's certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile=str(cert), keyfile=str(key))
    return context
