"""The console over plain HTTP, in process: headers, cookies, CSRF, roles, paging, TLS.

A real gRPC server from the shared factory and a real console on ``127.0.0.1:0``; the
client is ``http.client``. The browser tests (``test_browser.py``) cover the same flows as
a person clicks through them.
"""

from __future__ import annotations

import http.client
import re
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from pydantic import ValidationError

from service.auth import add_client
from service.console.links import check_template, message_link
from service.console.server import Console
from service.console.views import message_order
from service.review.cases import Flag, IndicatorHit
from tests.conftest import Running, StartServer, server_settings, start_app
from tests.console.stack import ROOT, child_env
from tests.security.certs import Authority


@dataclass
class Page:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


class Client:
    """One browser-like client: keeps cookies, never follows redirects."""

    def __init__(self, console: Console, context: ssl.SSLContext | None = None) -> None:
        self.port, self.context, self.jar = console.port, context, {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Page:
        if self.context is None:
            conn: http.client.HTTPConnection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=30)
        else:
            conn = http.client.HTTPSConnection("localhost", self.port, timeout=30,
                                               context=self.context)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        page = Page(response.status, response.headers, response.read().decode())
        conn.close()
        for cookie in page.cookies():
            name, _, rest = cookie.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in cookie:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return page

    def sign_in(self, token: str) -> Page:
        form = self.request("GET", "/signin")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.body)
        assert csrf is not None
        return self.request("POST", "/signin", {"csrf_token": csrf.group(1), "token": token})

    def csrf(self, page: Page) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.body)
        assert found is not None
        return found.group(1)


@dataclass
class Setup:
    server: Running
    console: Console
    tokens: dict[str, str]


def _console(server: Running, **overrides: Any) -> Console:
    settings = server_settings(server.data_dir, port=server.app.port, console_port=0,
                               **overrides)
    console = Console(settings)
    console.start()
    return console


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """One server and console for the module (each test signs in on its own)."""
    directory = tmp_path_factory.mktemp("console-http")
    credentials = directory / "credentials.json"
    tokens = {role: add_client(credentials, f"{role}-1", [role])
              for role in ("reviewer", "auditor", "platform", "admin")}
    server = start_app(directory / "data", credentials_file=credentials)
    console = _console(server)
    yield Setup(server, console, tokens)
    console.stop()
    server.close()


def _flag(n: int, score: float, model: str = "gr-test") -> Flag:
    return Flag(conversation_id=f"conv-{n}", suspected_participant_id=f"s-{n}",
                partner_participant_id=f"p-{n}",
                indicators=(IndicatorHit("secrecy", (f"m-{n}",)),), score=score,
                threshold=0.5, model_version=model)


def test_pages_carry_the_security_headers_and_the_cookie_its_flags(setup: Setup) -> None:
    client = Client(setup.console)
    signin = client.request("GET", "/signin")
    csp = signin.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert signin.headers["X-Frame-Options"] == "DENY"
    assert signin.headers["Cache-Control"] == "no-store"
    assert signin.headers["Referrer-Policy"] == "no-referrer"
    assert "<script" not in signin.body.replace('<script src="/static/console.js" defer>', "")
    page = client.sign_in(setup.tokens["reviewer"])
    assert page.status == 303 and page.headers["Location"] == "/"
    (cookie,) = [c for c in page.cookies() if c.startswith("gr_console=")]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    queue = client.request("GET", "/queue")
    assert queue.status == 200 and queue.headers["Cache-Control"] == "no-store"
    assert client.request("GET", "/static/console.css").headers["Content-Type"].startswith(
        "text/css")


def test_csrf_and_roles_are_enforced(setup: Setup) -> None:
    client = Client(setup.console)
    assert client.request("POST", "/signin", {"token": setup.tokens["reviewer"]}).status == 403
    assert client.sign_in("not-a-token").status == 401
    assert client.sign_in(setup.tokens["platform"]).status == 403
    assert client.request("GET", "/queue").status == 303  # no session: to sign-in
    assert client.sign_in(setup.tokens["reviewer"]).status == 303
    queue = client.request("GET", "/queue")
    assert client.request("POST", "/signout", {}).status == 403
    assert client.request("POST", "/signout", {"csrf_token": "forged"}).status == 403
    assert client.request("GET", "/audit").status == 403  # auditor only
    assert client.request("POST", "/signout", {"csrf_token": client.csrf(queue)}).status == 303
    assert client.request("GET", "/queue").status == 303
    auditor = Client(setup.console)
    auditor.sign_in(setup.tokens["auditor"])
    assert auditor.request("GET", "/audit").status == 200
    assert auditor.request("GET", "/queue").status == 403
    admin = Client(setup.console)
    admin.sign_in(setup.tokens["admin"])
    assert admin.request("GET", "/model").status == 200
    assert admin.request("GET", "/audit").status == 403


def test_a_server_without_credentials_cannot_sign_anyone_in(start_server: StartServer) -> None:
    server = start_server()
    console = _console(server)
    try:
        page = Client(console).sign_in("anything")
        assert page.status == 403 and "runs without credentials" in page.body
    finally:
        console.stop()


def test_the_queue_pages_by_expiry_then_score(setup: Setup) -> None:
    store = setup.server.app.store
    now = datetime.now(UTC)
    ids = [store.record_flag(_flag(n, 0.5 + (n % 7) / 20, "gr-a" if n % 2 else "gr-b"),
                             now - timedelta(hours=n % 3)).case_id for n in range(120)]
    client = Client(setup.console)
    client.sign_in(setup.tokens["reviewer"])
    seen: list[str] = []
    path = "/queue?status=open"
    while path:
        page = client.request("GET", path)
        assert page.status == 200
        seen += re.findall(r'class="case-link">([^<]+)<', page.body)
        found = re.search(r'href="([^"]+)" rel="next"', page.body)
        path = found.group(1).replace("&amp;", "&") if found else ""
    cases = [store.get_case(i) for i in ids]
    expected = [c.case_id for c in sorted(cases, key=lambda c: (c.expires_at, -c.score,
                                                                c.case_id))]
    assert seen == expected
    page = client.request("GET", "/queue?status=open&model_version=gr-a&age=1")
    shown = re.findall(r'class="case-link">([^<]+)<', page.body)
    assert shown and all(store.get_case(i).model_version == "gr-a" for i in shown)
    assert all(store.get_case(i).created_at <= now - timedelta(hours=1) for i in shown)
    assert client.request("GET", "/queue?status=nope").status == 400


def test_tls_sets_secure_cookies_and_hsts(start_server: StartServer, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    leaf = ca.issue("localhost", server=True)
    credentials = tmp_path / "credentials.json"
    token = add_client(credentials, "rev", ["reviewer"])
    server = start_server(credentials_file=credentials)
    console = _console(server, console_tls_cert=leaf.cert, console_tls_key=leaf.key)
    try:
        context = ssl.create_default_context(cafile=str(ca.pem.cert))
        client = Client(console, context)
        page = client.sign_in(token)
        (cookie,) = [c for c in page.cookies() if c.startswith("gr_console=")]
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        assert client.request("GET", "/queue").status == 200
    finally:
        console.stop()


def test_moderation_links_encode_each_id_and_templates_are_checked(tmp_path: Path) -> None:
    template = "https://mod.example/c/{conversation_id}/m/{message_id}"
    assert message_link(template, conversation_id="a/b", message_id="m?1&x=#",
                        case_id="c") == "https://mod.example/c/a%2Fb/m/m%3F1%26x%3D%23"
    for bad in ("javascript:alert(1)//{message_id}", "https://x/{message_id}/{secret}",
                "https://x/{conversation_id}", "https://x/{message_id!r}", "/{message_id}"):
        with pytest.raises(ValueError):
            check_template(bad)
        with pytest.raises(ValidationError):
            server_settings(tmp_path, moderation_url_template=bad)


def test_the_timeline_keeps_each_indicators_order() -> None:
    assert message_order([["m2", "m10"], ["m1", "m10", "m11"], ["m3"]]) == [
        "m1", "m2", "m3", "m10", "m11"]
    assert message_order([["z", "a"], ["a"]]) == ["z", "a"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_pair_in_the_stylesheet_meets_wcag_aa() -> None:
    css = (ROOT / "service" / "console" / "static" / "console.css").read_text()
    pairs = 0
    for selector, rule in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", rule)
        bg = re.search(r"background:\s*(#[0-9a-f]{6})", rule)
        if fg and bg:
            light, dark = sorted((_luminance(fg.group(1)), _luminance(bg.group(1))),
                                 reverse=True)
            ratio = (light + 0.05) / (dark + 0.05)
            assert ratio >= 4.5, (selector.strip(), round(ratio, 2))
            pairs += 1
    assert pairs >= 10


def test_the_console_takes_only_the_settings_it_reads() -> None:
    console = subprocess.run([sys.executable, "-m", "service", "console", "--help"], cwd=ROOT,
                             env=child_env(), capture_output=True, text=True,
                             check=True).stdout
    assert "--moderation-url-template" in console and "--console-port" in console
    assert "--data-dir" not in console and "--credentials-file" not in console


def test_the_report_page_is_the_reports_own_html(setup: Setup) -> None:
    """One renderer: the console's report page holds the body of `report --format html`."""
    from service.api.grooming_risk.v1 import review_pb2 as rpb

    client = Client(setup.console)
    client.sign_in(setup.tokens["auditor"])
    page = client.request("GET", "/report?from=2026-01-01&to=2026-12-31")
    assert page.status == 200
    reply = setup.server.review.GetTransparencyReport(
        rpb.GetTransparencyReportRequest(from_date="2026-01-01", to_date="2026-12-31",
                                         format=rpb.REPORT_FORMAT_HTML),
        metadata=(("authorization", f"Bearer {setup.tokens['auditor']}"),), timeout=10)
    body = reply.body.split("<body>\n", 1)[1].split("</body>", 1)[0]

    def undated(html: str) -> str:
        return re.sub(r"Generated: [^<]*", "Generated: -", html)

    assert "<svg" in body and undated(body.strip()) in undated(page.body)
    markdown = client.request("GET", "/report.md?from=2026-01-01&to=2026-12-31")
    assert markdown.status == 200 and markdown.body.startswith("# Transparency report")
    assert "attachment" in markdown.headers["Content-Disposition"]
    assert client.request("GET", "/report.json?from=x&to=y").status == 400


def test_sessions_expire_when_idle_and_stale_ones_are_dropped() -> None:
    from service.console.sessions import SessionStore

    now = [1000.0]
    store = SessionStore(idle_s=60, clock=lambda: now[0])
    first = store.create("t1", "alice", frozenset({"reviewer"}))
    now[0] += 59
    assert store.get(first.session_id) == (first, False)  # touched: idle restarts
    now[0] += 61
    assert store.get(first.session_id) == (None, True)
    assert store.get(first.session_id) == (None, False)  # gone, not expired twice
    forgotten = store.create("t2", "bob", frozenset({"reviewer"}))
    now[0] += 120
    store.create("t3", "carol", frozenset({"auditor"}))
    assert len(store) == 1 and store.get(forgotten.session_id) == (None, False)
    assert first.csrf_token != forgotten.csrf_token
