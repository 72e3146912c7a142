"""The console's pages and actions: one handler per route, gRPC calls with the person's token.

Each handler reads the request, calls ``ReviewService`` or ``AdminService`` with the
signed-in person's own bearer token (so the server checks roles and ``reviewer_id``,
and writes the audit log), and renders a Jinja2 template. Actions are POSTs that carry
a CSRF token and end in a redirect (post/redirect/get), with a one-line notice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from importlib import resources
from typing import Any, cast
from urllib.parse import quote, urlencode

import grpc
import jinja2
from google.protobuf.duration_pb2 import Duration

from service import templating
from service.api.grooming_risk.v1 import admin_pb2 as apb
from service.api.grooming_risk.v1 import admin_pb2_grpc, review_pb2_grpc
from service.api.grooming_risk.v1 import review_pb2 as pb
from service.config import Settings
from service.console import csrf, views
from service.console.http import Request, Response
from service.console.sessions import Session, SessionStore
from service.observability import log_event

log = logging.getLogger("grooming_risk.console")

#: Roles that may use the console; a token with none of them (a platform's) is refused.
CONSOLE_ROLES = frozenset({"reviewer", "auditor", "admin"})
#: The session cookie, and the sign-in form's double-submit cookie.
SESSION_COOKIE = "gr_console"
SIGNIN_COOKIE = "gr_console_signin"
#: Deadline of one gRPC call made for a page.
CALL_TIMEOUT_S = 10.0
QUEUE_PAGE_SIZE = 50
STATIC_FILES = {"console.css": "text/css; charset=utf-8",
                "console.js": "text/javascript; charset=utf-8"}
_RESOLVE_PATH = re.compile(r"^/complaints/(?P<complaint_id>[^/]+)/resolve$")

#: gRPC status -> (HTTP status, what the person is told). Details from the server's one
#: error table name a field or a rule, never content, and are shown after the text.
_STATUS_PAGES: dict[grpc.StatusCode, tuple[int, str]] = {
    grpc.StatusCode.PERMISSION_DENIED: (403, "Your role may not do this."),
    grpc.StatusCode.NOT_FOUND: (404, "Not found: a dismissed or expired case is deleted."),
    grpc.StatusCode.INVALID_ARGUMENT: (400, "The service refused the input"),
    grpc.StatusCode.FAILED_PRECONDITION: (409, "Not possible in this state"),
    grpc.StatusCode.ABORTED: (409, "Another reviewer holds this case's lease."),
    grpc.StatusCode.RESOURCE_EXHAUSTED: (429, "Too many requests; try again shortly."),
    grpc.StatusCode.UNAVAILABLE: (503, "The review service is unavailable."),
    grpc.StatusCode.DEADLINE_EXCEEDED: (503, "The review service did not answer in time."),
}
_SHOW_DETAILS = {grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION}


class Refused(Exception):
    """A page that cannot be shown: ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SignedOut(Exception):
    """The server no longer accepts the session's token: sign in again."""


def environment() -> jinja2.Environment:
    """The service's one Jinja2 environment (``service.templating``: templates from
    ``service/templates``, HTML autoescaped, the report's filters), overlaid with the
    console's own filters so the shared environment is left as it is."""
    env = templating.environment().overlay()
    env.filters = {**env.filters, "ts": _timestamp, "ago": _ago, "until": _until,
                   "pct": lambda x: f"{x:.3f}"}
    return env


def _timestamp(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    return _span((datetime.now(UTC) - value).total_seconds()) + " ago"


def _until(value: datetime | None) -> str:
    if value is None:
        return ""
    left = (value - datetime.now(UTC)).total_seconds()
    return ("in " + _span(left)) if left > 0 else (_span(left) + " ago")


@dataclass(frozen=True)
class Route:
    """A method and path pattern, its handler and the roles that may use it (None: all)."""

    method: str
    pattern: re.Pattern[str]
    name: str
    handler: Callable[..., Response]
    roles: frozenset[str] | None


class ConsoleApp:
    """The pages and actions; ``__call__`` turns a :class:`Request` into a :class:`Response`."""

    def __init__(self, settings: Settings, channel: grpc.Channel) -> None:
        self.settings = settings
        self.sessions = SessionStore(settings.console_session_idle_s)
        self.review = review_pb2_grpc.ReviewServiceStub(channel)
        self.admin = admin_pb2_grpc.AdminServiceStub(channel)
        self.env = environment()
        self.secure = settings.console_tls_cert is not None
        reviewer = frozenset({"reviewer"})
        auditor = frozenset({"auditor"})
        model = frozenset({"reviewer", "auditor", "admin"})
        table: list[tuple[str, str, str, Callable[..., Response], frozenset[str] | None]] = [
            ("GET", r"/signin", "signin", self.signin_page, None),
            ("POST", r"/signin", "signin", self.signin, None),
            ("POST", r"/signout", "signout", self.signout, CONSOLE_ROLES),
            ("GET", r"/", "home", self.home, CONSOLE_ROLES),
            ("GET", r"/queue", "queue", self.queue, reviewer),
            ("GET", r"/stats", "stats", self.stats, reviewer),
            ("GET", r"/complaints", "complaints", self.complaints, reviewer),
            ("POST", r"/complaints", "complaint_file", self.file_complaint, reviewer),
            ("GET", r"/audit", "audit", self.audit, auditor),
            ("GET", r"/report", "report", self.report, auditor),
            ("GET", r"/report\.(?P<fmt>md|json)", "report_download", self.report_download,
             auditor),
            ("GET", r"/model", "model", self.model, model),
        ]
        self.routes = [Route(m, re.compile(f"^{p}$"), n, h, r) for m, p, n, h, r in table]
        self.routes += [
            Route("GET", re.compile(r"^/cases/(?P<case_id>[^/]+)$"), "case", self.case,
                  reviewer),
            Route("POST", re.compile(r"^/cases/(?P<case_id>[^/]+)/claim$"), "case_claim",
                  self.claim, reviewer),
            Route("POST", re.compile(r"^/cases/(?P<case_id>[^/]+)/release$"),
                  "case_release", self.release, reviewer),
            Route("POST", re.compile(r"^/cases/(?P<case_id>[^/]+)/decide$"), "case_decide",
                  self.decide, reviewer),
            Route("POST", re.compile(r"^/cases/(?P<case_id>[^/]+)/report$"), "case_report",
                  self.report_case, reviewer),
            Route("POST", _RESOLVE_PATH, "complaint_resolve", self.resolve_complaint,
                  reviewer),
        ]

    # -- dispatch ------------------------------------------------------------------------

    def __call__(self, request: Request) -> Response:
        """Route, check the session, role and CSRF token, run the handler."""
        if request.method == "GET" and request.path.startswith("/static/"):
            return self.static(request.path.removeprefix("/static/"))
        if request.path == "/favicon.ico":  # browsers ask; there is none
            return Response(HTTPStatus.NO_CONTENT, cacheable=True, route="static")
        route, params = self._match(request)
        if route is None:
            return self._error(None, HTTPStatus.NOT_FOUND, "No such page.", "not_found")
        session, expired = self.sessions.get(request.cookies.get(SESSION_COOKIE))
        response = self._dispatch(route, params, request, session, expired)
        response.route = route.name
        return response

    def _match(self, request: Request) -> tuple[Route | None, dict[str, str]]:
        for route in self.routes:
            m = route.pattern.match(request.path)
            if m is not None and route.method == request.method:
                return route, m.groupdict()
        return None, {}

    def _dispatch(self, route: Route, params: dict[str, str], request: Request,
                  session: Session | None, expired: bool) -> Response:
        if route.roles is None:
            return route.handler(request, session)
        if session is None:
            if expired:
                log_event(log, "console_session_expired")
            if request.method == "GET":
                target = "/signin?" + urlencode({"expired": "1"} if expired else {})
                return self._with_cleared_session(Response.redirect(target.rstrip("?")))
            return self._error(None, HTTPStatus.FORBIDDEN,
                               "Your session has ended; sign in again.", "session_ended")
        if request.method == "POST" and not csrf.matches(session.csrf_token,
                                                         request.form.get(csrf.FIELD)):
            log_event(log, "console_csrf_refused", route=route.name)
            return self._error(session, HTTPStatus.FORBIDDEN,
                               "The form was missing its security token; reload the page "
                               "and try again.", "csrf")
        if not (session.roles & route.roles):
            return self._error(session, HTTPStatus.FORBIDDEN,
                               "Your role may not use this page.", "forbidden")
        try:
            return route.handler(request, session, **params)
        except SignedOut:
            self.sessions.end(session.session_id)
            return self._with_cleared_session(Response.redirect("/signin?revoked=1"))
        except Refused as err:
            return self._error(session, err.status, err.message, "refused")

    # -- helpers -------------------------------------------------------------------------

    def _call(self, session: Session, method: Callable[..., Any], request: Any) -> Any:
        """One gRPC call with the person's token; failures become :class:`Refused`."""
        try:
            return method(request, metadata=session.metadata, timeout=CALL_TIMEOUT_S)
        except grpc.RpcError as err:
            code = err.code()  # type: ignore[attr-defined]
            if code is grpc.StatusCode.UNAUTHENTICATED:
                raise SignedOut from None
            status, text = _STATUS_PAGES.get(code, (502, "The review service failed."))
            if code in _SHOW_DETAILS:
                text = f"{text}: {err.details()}"  # type: ignore[attr-defined]
            raise Refused(status, text) from None

    def _act(self, session: Session, back: str, method: Callable[..., Any], request: Any,
             done: str) -> tuple[Any, Response]:
        """Run an action: on success flash ``done``, on refusal flash why; back to ``back``."""
        try:
            reply = self._call(session, method, request)
        except Refused as err:
            session.flash("error", err.message)
            return None, Response.redirect(back)
        session.flash("ok", done)
        return reply, Response.redirect(back)

    def render(self, template: str, session: Session | None, http_status: int = 200,
               **context: Any) -> Response:
        """A page from ``console/<template>`` with the layout's common context."""
        page = self.env.get_template(f"console/{template}").render(
            session=session,
            roles=session.roles if session else frozenset(),
            csrf_token=session.csrf_token if session else "",
            flashes=session.take_flashes() if session else [],
            **context,
        )
        return Response(http_status, page.encode("utf-8"))

    def _error(self, session: Session | None, status: int, message: str,
               route: str) -> Response:
        response = self.render("error.html.j2", session, http_status=status, status_code=status,
                               message=message)
        response.route = route
        return response

    def _session_cookie(self, value: str, max_age: int | None = None) -> str:
        parts = [f"{SESSION_COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    def _with_cleared_session(self, response: Response) -> Response:
        response.headers.append(("Set-Cookie", self._session_cookie("", 0)))
        return response

    def static(self, name: str) -> Response:
        """The console's own CSS and script (no CDN; nothing else is served)."""
        if name not in STATIC_FILES:
            return Response(HTTPStatus.NOT_FOUND, b"not found", "text/plain", route="static")
        body = resources.files("service.console").joinpath("static", name).read_bytes()
        return Response(200, body, STATIC_FILES[name], cacheable=True, route="static",
                        headers=[("Cache-Control", "max-age=300")])

    # -- sign-in -------------------------------------------------------------------------

    def signin_page(self, request: Request, session: Session | None,
                    status: int = 200, message: str = "") -> Response:
        """The sign-in form, with a double-submit CSRF token."""
        token = csrf.new_token()
        if request.query.get("expired"):
            message = message or "Your session ended after a period without activity."
        if request.query.get("revoked"):
            message = message or "The service no longer accepts your token."
        response = self.render("signin.html.j2", None, http_status=status, signin_token=token,
                               message=message)
        cookie = [f"{SIGNIN_COOKIE}={token}", "Path=/signin", "HttpOnly", "SameSite=Strict",
                  "Max-Age=600"]
        if self.secure:
            cookie.append("Secure")
        response.headers.append(("Set-Cookie", "; ".join(cookie)))
        return response

    def signin(self, request: Request, session: Session | None) -> Response:
        """Exchange a bearer token for a server-side session."""
        empty = Request("GET", "/signin", {}, {}, {}, request.secure)
        if not csrf.matches(request.cookies.get(SIGNIN_COOKIE), request.form.get(csrf.FIELD)):
            log_event(log, "console_csrf_refused", route="signin")
            return self.signin_page(empty, None, HTTPStatus.FORBIDDEN,
                                    "The form was missing its security token; try again.")
        token = request.form.get("token", "").strip()
        if not token or len(token) > 512 or not token.isprintable():
            return self.signin_page(empty, None, HTTPStatus.BAD_REQUEST,
                                    "Paste your bearer token.")
        try:
            caller = self.review.GetCaller(pb.GetCallerRequest(), timeout=CALL_TIMEOUT_S,
                                           metadata=(("authorization", f"Bearer {token}"),))
        except grpc.RpcError as err:
            code = err.code()  # type: ignore[attr-defined]
            log_event(log, "console_signin_refused", reason=code.name.lower())
            if code is grpc.StatusCode.UNAUTHENTICATED:
                return self.signin_page(empty, None, HTTPStatus.UNAUTHORIZED,
                                        "The service does not accept this token.")
            return self.signin_page(empty, None, HTTPStatus.SERVICE_UNAVAILABLE,
                                    "The review service cannot be reached.")
        if not caller.authenticated:
            log_event(log, "console_signin_refused", reason="server_without_credentials")
            return self.signin_page(
                empty, None, HTTPStatus.FORBIDDEN,
                "The review service runs without credentials, so it cannot tell who you "
                "are; the console needs it to run with a credentials file.")
        roles = frozenset(caller.roles) & CONSOLE_ROLES
        if not roles:
            log_event(log, "console_signin_refused", reason="role")
            return self.signin_page(empty, None, HTTPStatus.FORBIDDEN,
                                    "This token's role may not use the console.")
        new = self.sessions.create(token, caller.name, roles)
        log_event(log, "console_signin", reviewer_id=caller.name, roles=sorted(roles))
        response = Response.redirect("/")
        response.headers.append(("Set-Cookie", self._session_cookie(new.session_id)))
        response.headers.append(("Set-Cookie", f"{SIGNIN_COOKIE}=; Path=/signin; Max-Age=0"))
        return response

    def signout(self, request: Request, session: Session) -> Response:
        """End the session."""
        self.sessions.end(session.session_id)
        log_event(log, "console_signout", reviewer_id=session.name)
        return self._with_cleared_session(Response.redirect("/signin"))

    def home(self, request: Request, session: Session) -> Response:
        """The first page a role has."""
        if "reviewer" in session.roles:
            return Response.redirect("/queue")
        if "auditor" in session.roles:
            return Response.redirect("/audit")
        return Response.redirect("/model")

    # -- cases ---------------------------------------------------------------------------

    def queue(self, request: Request, session: Session) -> Response:
        """The review queue: soonest expiry then highest score, filtered, keyset-paged."""
        q = request.query
        status = q.get("status", "open")
        if status not in (*views.CASE_STATUSES, "any"):
            raise Refused(400, "Unknown status filter.")
        model_version = q.get("model_version", "").strip()
        age = q.get("age", "")
        ages = {str(h): h for _, h in views.AGE_FILTERS}
        if age and age not in ages:
            raise Refused(400, "Unknown age filter.")
        listing = pb.ListCasesRequest(page_size=QUEUE_PAGE_SIZE,
                                      page_token=q.get("page_token", ""),
                                      model_version=model_version,
                                      order=pb.CASE_ORDER_EXPIRY_THEN_SCORE)
        if status != "any":
            listing.status = cast(pb.CaseStatus,
                                  pb.CaseStatus.Value(f"CASE_STATUS_{status.upper()}"))
        if age:
            listing.created_before.FromDatetime(
                datetime.now(UTC) - timedelta(hours=ages[age]))
        reply = self._call(session, self.review.ListCases, listing)
        filters = {"status": status, "model_version": model_version, "age": age}
        next_url = ""
        if reply.next_page_token:
            next_url = "/queue?" + urlencode({**filters, "page_token": reply.next_page_token})
        return self.render("queue.html.j2", session, cases=[views.case_row(c) for c in
                                                            reply.cases],
                           filters=filters, statuses=views.CASE_STATUSES,
                           ages=views.AGE_FILTERS, next_url=next_url,
                           first_url="/queue?" + urlencode(filters),
                           paged=bool(q.get("page_token")))

    def stats(self, request: Request, session: Session) -> Response:
        """``cases stats``: the backlog per status and what expires soon."""
        from service.case_stats import case_stats

        try:
            days = int(request.query.get("expiring_days", "7"))
        except ValueError:
            raise Refused(400, "expiring_days must be a whole number.") from None
        if not 0 <= days <= 366:
            raise Refused(400, "expiring_days must be between 0 and 366.")

        def every_case() -> Any:
            token = ""
            while True:
                reply = self._call(session, self.review.ListCases,
                                   pb.ListCasesRequest(page_size=500, page_token=token))
                yield from reply.cases
                token = reply.next_page_token
                if not token:
                    return

        stats = case_stats(every_case(), datetime.now(UTC), days)
        return self.render("stats.html.j2", session, stats=stats.as_dict(), days=days)

    def _get_case(self, session: Session, case_id: str) -> pb.Case:
        return cast(pb.Case, self._call(session, self.review.GetCase,
                                        pb.GetCaseRequest(case_id=case_id)).case)

    def case(self, request: Request, session: Session, case_id: str) -> Response:
        """One case: facts, indicator timeline with links, and the actions its state allows."""
        case = self._get_case(session, case_id)
        page = views.case_page(case, self.settings.moderation_url_template)
        lease_left = None
        if page["lease_expires_at"] is not None:
            lease_left = max(0, int((page["lease_expires_at"] - datetime.now(UTC))
                                    .total_seconds()))
        return self.render("case.html.j2", session, case=page, lease_left=lease_left,
                           linked=bool(self.settings.moderation_url_template),
                           mine=case.claimed_by == session.name,
                           reasons=views.DECISION_REASONS,
                           report_reasons=views.REPORT_REASONS,
                           recipients=self.settings.report_recipients,
                           default_lease_min=int(self.settings.review_lease_s // 60),
                           case_url=_case_url(case_id))

    def claim(self, request: Request, session: Session, case_id: str) -> Response:
        """Claim the case with a lease."""
        claim = pb.ClaimCaseRequest(case_id=case_id, reviewer_id=session.name)
        minutes = request.form.get("lease_min", "")
        if minutes:
            if not minutes.isdigit() or not 1 <= int(minutes) <= 240:
                session.flash("error", "The lease must be 1 to 240 minutes.")
                return Response.redirect(_case_url(case_id))
            claim.lease.CopyFrom(Duration(seconds=int(minutes) * 60))
        _, response = self._act(session, _case_url(case_id), self.review.ClaimCase, claim,
                                "Claimed: the case is yours until the lease runs out.")
        return response

    def release(self, request: Request, session: Session, case_id: str) -> Response:
        """Hand the case back to the queue."""
        _, response = self._act(
            session, _case_url(case_id), self.review.ReleaseCase,
            pb.ReleaseCaseRequest(case_id=case_id, reviewer_id=session.name),
            "Released: the case is back in the queue.")
        return response

    def decide(self, request: Request, session: Session, case_id: str) -> Response:
        """Confirm, or dismiss (the case is deleted at once; back to the queue)."""
        decision = request.form.get("decision", "")
        reason = request.form.get("reason", "")
        if decision not in views.DECISION_REASONS or reason not in views.DECISION_REASONS[
                decision]:
            session.flash("error", "Choose a decision and one of its reason codes.")
            return Response.redirect(_case_url(case_id))
        proto = pb.DECISION_CONFIRMED if decision == "confirm" else pb.DECISION_DISMISSED
        back = "/queue" if decision == "dismiss" else _case_url(case_id)
        done = ("Dismissed: the case and its data are deleted." if decision == "dismiss"
                else "Confirmed. You can now report it to a recipient.")
        reply, response = self._act(
            session, back, self.review.DecideCase,
            pb.DecideCaseRequest(case_id=case_id, decision=proto, reviewer_id=session.name,
                                 reason=reason), done)
        if reply is None and decision == "dismiss":
            response = Response.redirect(_case_url(case_id))
        return response

    def report_case(self, request: Request, session: Session, case_id: str) -> Response:
        """Record that a confirmed case was reported to a recipient."""
        recipient = request.form.get("recipient", "")
        reason = request.form.get("reason", "")
        if recipient not in self.settings.report_recipients or reason not in (
                views.REPORT_REASONS):
            session.flash("error", "Choose a listed recipient and a reason code.")
            return Response.redirect(_case_url(case_id))
        _, response = self._act(
            session, _case_url(case_id), self.review.ReportCase,
            pb.ReportCaseRequest(case_id=case_id, reviewer_id=session.name,
                                 recipient=recipient, reason=reason),
            f"Reported to {recipient}.")
        return response

    # -- complaints ----------------------------------------------------------------------

    def complaints(self, request: Request, session: Session) -> Response:
        """Complaints (filter by status, keyset pages), the form to file one, and resolve."""
        status = request.query.get("status", "")
        if status and status not in views.COMPLAINT_STATUSES:
            raise Refused(400, "Unknown status filter.")
        listing = pb.ListComplaintsRequest(page_size=QUEUE_PAGE_SIZE,
                                           page_token=request.query.get("page_token", ""))
        if status:
            listing.status = cast(pb.ComplaintStatus, pb.ComplaintStatus.Value(
                f"COMPLAINT_STATUS_{status.upper()}"))
        reply = self._call(session, self.review.ListComplaints, listing)
        next_url = ""
        if reply.next_page_token:
            next_url = "/complaints?" + urlencode({"status": status,
                                                   "page_token": reply.next_page_token})
        return self.render("complaints.html.j2", session,
                           complaints=[views.complaint_row(c) for c in reply.complaints],
                           status=status, statuses=views.COMPLAINT_STATUSES,
                           channels=views.CHANNELS, reasons=views.COMPLAINT_REASONS,
                           resolution_reasons=views.RESOLUTION_REASONS, next_url=next_url,
                           case_id=request.query.get("case_id", ""))

    def file_complaint(self, request: Request, session: Session) -> Response:
        """File a complaint about a case or an account."""
        f = request.form
        channel, reason = f.get("channel", ""), f.get("reason", "")
        subject_kind, subject = f.get("subject_kind", ""), f.get("subject", "").strip()
        if (channel not in views.CHANNELS or reason not in views.COMPLAINT_REASONS
                or subject_kind not in ("case", "account") or not subject):
            session.flash("error", "Give a case id or account reference, a channel and a "
                                   "reason code.")
            return Response.redirect("/complaints")
        filed = pb.FileComplaintRequest(
            channel=cast(pb.ComplaintChannel,
                         pb.ComplaintChannel.Value(f"COMPLAINT_CHANNEL_{channel.upper()}")),
            reason_code=reason)
        if subject_kind == "case":
            filed.case_id = subject
        else:
            filed.account_ref = subject
        _, response = self._act(session, "/complaints", self.review.FileComplaint, filed,
                                "Complaint filed.")
        return response

    def resolve_complaint(self, request: Request, session: Session,
                          complaint_id: str) -> Response:
        """Uphold or reject an open complaint."""
        resolution = request.form.get("resolution", "")
        reason = request.form.get("reason", "")
        if resolution not in ("upheld", "rejected") or reason not in views.RESOLUTION_REASONS:
            session.flash("error", "Choose upheld or rejected and a reason code.")
            return Response.redirect("/complaints")
        _, response = self._act(
            session, "/complaints", self.review.ResolveComplaint,
            pb.ResolveComplaintRequest(
                complaint_id=complaint_id, reviewer_id=session.name, reason=reason,
                resolution=cast(pb.ComplaintResolution, pb.ComplaintResolution.Value(
                    f"COMPLAINT_RESOLUTION_{resolution.upper()}"))),
            f"Complaint {resolution}.")
        return response

    # -- auditor pages -------------------------------------------------------------------

    def audit(self, request: Request, session: Session) -> Response:
        """The audit log, from a date on, in sequence order, keyset-paged."""
        since = request.query.get("since", "")
        listing = pb.ListAuditEventsRequest(page_size=100,
                                            page_token=request.query.get("page_token", ""))
        if since:
            try:
                day = date.fromisoformat(since)
            except ValueError:
                raise Refused(400, "since must be a date YYYY-MM-DD.") from None
            listing.since.FromDatetime(datetime(day.year, day.month, day.day, tzinfo=UTC))
        reply = self._call(session, self.review.ListAuditEvents, listing)
        next_url = ""
        if reply.next_page_token:
            next_url = "/audit?" + urlencode({"since": since,
                                              "page_token": reply.next_page_token})
        return self.render("audit.html.j2", session,
                           events=[views.event_row(e) for e in reply.events], since=since,
                           next_url=next_url)

    def report(self, request: Request, session: Session) -> Response:
        """The transparency report for a period, with its chart."""
        import json

        today = datetime.now(UTC).date()
        start = request.query.get("from", f"{today.year}-01-01")
        end = request.query.get("to", today.isoformat())
        reply = self._call(session, self.review.GetTransparencyReport,
                           pb.GetTransparencyReportRequest(from_date=start, to_date=end,
                                                           format=pb.REPORT_FORMAT_JSON))
        # The report's own JSON is report_to_dict(): the page includes the report's HTML
        # body template with it, so the console and `grooming-risk report` render alike.
        return self.render("report.html.j2", session, report=json.loads(reply.body),
                           start=start, end=end)

    def report_download(self, request: Request, session: Session, fmt: str) -> Response:
        """The same report as Markdown or JSON, as ``grooming-risk report --format``."""
        today = datetime.now(UTC).date()
        start = request.query.get("from", f"{today.year}-01-01")
        end = request.query.get("to", today.isoformat())
        proto_format = pb.REPORT_FORMAT_MARKDOWN if fmt == "md" else pb.REPORT_FORMAT_JSON
        reply = self._call(session, self.review.GetTransparencyReport,
                           pb.GetTransparencyReportRequest(from_date=start, to_date=end,
                                                           format=proto_format))
        name = f"transparency-report-{start}-{end}.{fmt}"
        if not re.fullmatch(r"[\w.-]+", name):
            raise Refused(400, "from and to must be dates YYYY-MM-DD.")
        return Response(200, reply.body.encode("utf-8"),
                        f"{reply.content_type}; charset=utf-8",
                        headers=[("Content-Disposition", f'attachment; filename="{name}"')])

    def model(self, request: Request, session: Session) -> Response:
        """The model in use: version, threshold, feature version, checksum, load time."""
        info = self._call(session, self.admin.GetModelInfo, apb.GetModelInfoRequest())
        return self.render("model.html.j2", session, model=views.model_info(info))


def _case_url(case_id: str) -> str:
    return "/cases/" + quote(case_id, safe="")
