"""Runtime subcommands of the CLI: serve, score, cases, complaints, audit, health, report.

Everything but ``serve`` is a gRPC client of a running server (``--target``), so
reviewers use the same API, roles and audit trail as any other client.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import grpc
from google.protobuf.duration_pb2 import Duration
from google.protobuf.json_format import MessageToDict

from service import errors

DEFAULT_TARGET = "127.0.0.1:50051"

#: Exit codes of client commands (documented in docs/operations.md, "Exit codes").
EXIT_OK = 0
EXIT_FAILED = 1  # the server refused or could not be reached
EXIT_USAGE = 2  # a file, flag or setting that cannot work
EXIT_REJECTED = 3  # score ran to the end, but some lines were rejected


class CommandFailed(Exception):
    """A user-facing failure: ``str(err)`` is printed as one line, ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def rpc_failure(args: argparse.Namespace, err: grpc.RpcError) -> CommandFailed:
    """One line for a failed call; for an unreachable server, what to check."""
    code = err.code()  # type: ignore[attr-defined]
    details = err.details() or ""  # type: ignore[attr-defined]
    if code is grpc.StatusCode.UNAVAILABLE and details.startswith("failed to connect"):
        if args.ca is None:
            hint = "is the server running there, and if it uses TLS, pass --ca"
        elif args.cert is None:
            hint = ("is the server running there? if it requires mutual TLS "
                    "(tls_client_ca), pass your client certificate with --cert and --key")
        else:
            hint = "is the server running there, and do --ca, --cert and --key match it?"
        return CommandFailed(f"UNAVAILABLE: cannot reach {args.target}: {hint}")
    return CommandFailed(f"{code.name}: {details}")


def _readable(option: str, path: Path) -> Path:
    """``path`` if it is a readable file, else :class:`CommandFailed` naming ``option``."""
    try:
        path.open("rb").close()
    except OSError as err:
        raise CommandFailed(f"{option} {path}: {err.strerror or err}", EXIT_USAGE) from None
    return path


def _client_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--target", default=os.environ.get("GROOMING_RISK_TARGET", DEFAULT_TARGET),
                   help="server address HOST:PORT")
    p.add_argument("--token", default=os.environ.get("GROOMING_RISK_TOKEN"),
                   help="bearer token (or GROOMING_RISK_TOKEN)")
    p.add_argument("--ca", type=Path, help="CA certificate: use TLS")
    p.add_argument("--cert", type=Path, help="client certificate for mutual TLS")
    p.add_argument("--key", type=Path, help="client key for mutual TLS")
    p.add_argument("--server-name", help="TLS name to expect (override)")


def _channel(args: argparse.Namespace) -> grpc.Channel:
    from service.client import open_channel

    if (args.cert is None) != (args.key is None):
        raise CommandFailed("--cert and --key go together", EXIT_USAGE)
    if args.cert is not None and args.ca is None:
        raise CommandFailed("--cert needs --ca (mutual TLS runs over TLS)", EXIT_USAGE)
    for option in ("ca", "cert", "key"):
        if getattr(args, option) is not None:
            _readable(f"--{option}", getattr(args, option))
    return open_channel(args.target, ca=args.ca, cert=args.cert, key=args.key,
                        server_name=args.server_name)


def _metadata(args: argparse.Namespace) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {args.token}"),) if args.token else ()


def _print(message: Any) -> None:
    print(json.dumps(MessageToDict(message, preserving_proto_field_name=True), sort_keys=True))


#: Settings only the console reads (``serve`` takes them too, as it takes every setting).
CONSOLE_ONLY: tuple[str, ...] = (
    "console_host", "console_port", "console_tls_cert", "console_tls_key", "console_target",
    "console_target_ca", "console_target_cert", "console_target_key",
    "console_session_idle_s", "moderation_url_template",
)
#: The console's flags: its own settings, and the shared ones it reads.
CONSOLE_SETTINGS: tuple[str, ...] = (
    *CONSOLE_ONLY, "host", "port", "insecure", "review_lease_s", "report_recipients",
    "log_level",
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the runtime commands to ``sub``."""
    from service.settings_flags import add_setting_flags

    p = sub.add_parser(
        "serve", help="run the gRPC server",
        description="Run the gRPC server. Every setting is a flag below and a GROOMING_RISK_* "
                    "environment variable; a flag wins over its variable.")
    add_setting_flags(p)
    p.set_defaults(func=_serve)

    # One process of `serve --workers N`, started by its supervisor (service/workers.py).
    p = sub.add_parser("serve-worker")
    p.add_argument("--control-fd", type=int, required=True)
    p.add_argument("--lock-fd", type=int, required=True)
    p.set_defaults(func=_serve_worker)

    p = sub.add_parser(
        "console", help="run the reviewer console (web pages over this server's API)",
        description="Run the reviewer console: an HTTP server (localhost by default) whose "
                    "pages call ReviewService with each signed-in person's own bearer token. "
                    "Every setting below is also a GROOMING_RISK_* environment variable.")
    add_setting_flags(p, CONSOLE_SETTINGS)
    p.set_defaults(func=_console)

    p = sub.add_parser(
        "score", help="score a JSONL file against a server (bulk stream)",
        description="Score each line of a JSONL file (format: docs/scoring-input.md) and "
                    "print one JSON line per non-blank input line, in order. Exit status: "
                    "0 all scored, 3 some lines rejected (with --strict: stopped at the "
                    "first), 1 the server refused or could not be reached, 2 a usage error.")
    p.add_argument("file", help="conversations, one JSON object per line; - reads stdin")
    p.add_argument("--skip", type=int, default=0, metavar="N",
                   help="skip the first N non-blank lines (resume: N = lines already in the "
                        "output)")
    p.add_argument("--resume", type=Path, metavar="OUTPUT_FILE",
                   help="append the output to OUTPUT_FILE (created if missing), skipping as "
                        "many input lines as it already holds")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first rejected line (exit 3) instead of scoring the rest")
    p.add_argument("--progress", action="store_true",
                   help="report progress on stderr even when it is not a terminal")
    _client_args(p)
    p.set_defaults(func=_score)

    cases = sub.add_parser("cases", help="review cases").add_subparsers(
        dest="action", required=True)
    p = cases.add_parser("list")
    p.add_argument("--status", choices=["open", "in_review", "confirmed", "reported"])
    _page_args(p, 50)
    _client_args(p)
    p.set_defaults(func=_cases_list)
    p = cases.add_parser(
        "stats", help="backlog per status, oldest unreviewed case, cases due to expire",
        description="Count the cases per status, the oldest open or in-review case and "
                    "how long it has waited, and the cases whose retention ends within "
                    "--expiring-days (they are deleted then, decided or not).")
    p.add_argument("--expiring-days", type=int, default=7, metavar="N",
                   help="count cases that expire within N days (default 7)")
    _format_arg(p, ("json", "table"))
    _client_args(p)
    p.set_defaults(func=_cases_stats)
    p = cases.add_parser("show")
    p.add_argument("case_id")
    _client_args(p)
    p.set_defaults(func=_cases_show)
    p = cases.add_parser("claim")
    p.add_argument("case_id")
    p.add_argument("--reviewer", required=True)
    p.add_argument("--lease-s", type=int)
    _client_args(p)
    p.set_defaults(func=_cases_claim)
    p = cases.add_parser("release")
    p.add_argument("case_id")
    p.add_argument("--reviewer", required=True)
    _client_args(p)
    p.set_defaults(func=_cases_release)
    p = cases.add_parser("decide")
    p.add_argument("case_id")
    p.add_argument("decision", choices=["confirm", "dismiss"])
    p.add_argument("--reviewer", required=True)
    p.add_argument("--reason", required=True, help="reason code, e.g. clear_indicators")
    _client_args(p)
    p.set_defaults(func=_cases_decide)
    p = cases.add_parser("report")
    p.add_argument("case_id")
    p.add_argument("--recipient", required=True)
    p.add_argument("--reviewer", required=True)
    p.add_argument("--reason", default="confirmed_solicitation")
    _client_args(p)
    p.set_defaults(func=_cases_report)

    complaints = sub.add_parser("complaints", help="redress: complaints").add_subparsers(
        dest="action", required=True)
    p = complaints.add_parser("file")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--case")
    group.add_argument("--account")
    p.add_argument("--channel", required=True,
                   choices=["in_app", "email", "web_form", "postal", "authority"])
    p.add_argument("--reason", required=True, help="reason code")
    _client_args(p)
    p.set_defaults(func=_complaints_file)
    p = complaints.add_parser("resolve")
    p.add_argument("complaint_id")
    p.add_argument("resolution", choices=["upheld", "rejected"])
    p.add_argument("--reviewer", required=True)
    p.add_argument("--reason", required=True)
    _client_args(p)
    p.set_defaults(func=_complaints_resolve)
    p = complaints.add_parser("list")
    p.add_argument("--status", choices=["open", "upheld", "rejected"])
    _page_args(p, 50)
    _client_args(p)
    p.set_defaults(func=_complaints_list)

    p = sub.add_parser("audit", help="read the audit log")
    p.add_argument("--since", help="RFC 3339 time")
    _page_args(p, 200)
    _client_args(p)
    p.set_defaults(func=_audit)

    creds = sub.add_parser("credentials", help="manage client credentials").add_subparsers(
        dest="action", required=True)
    p = creds.add_parser("add", help="add a client; prints its token once (only a hash is kept)")
    p.add_argument("--file", type=Path, required=True, help="credentials JSON file")
    p.add_argument("--name", required=True)
    p.add_argument("--role", action="append", required=True,
                   choices=["platform", "reviewer", "auditor", "admin"])
    p.add_argument("--tls-subject", help="mTLS certificate subject, e.g. CN=platform-a")
    p.add_argument("--token-only", action="store_true",
                   help="print only the token (for scripts: TOKEN=$(... --token-only))")
    p.set_defaults(func=_credentials_add)
    p = creds.add_parser("list", help="clients: names, roles, certificate subjects (never "
                                      "token hashes)")
    p.add_argument("--file", type=Path, required=True, help="credentials JSON file")
    _format_arg(p, ("json", "table"))
    p.set_defaults(func=_credentials_list)
    p = creds.add_parser("revoke", help="remove a client; a running server drops it on its "
                                        "next reload (file change or SIGHUP)")
    p.add_argument("name")
    p.add_argument("--file", type=Path, required=True, help="credentials JSON file")
    p.set_defaults(func=_credentials_revoke)
    p = creds.add_parser("rotate", help="give a client a new token (printed once); the old "
                                        "one stops working on the server's next reload")
    p.add_argument("name")
    p.add_argument("--file", type=Path, required=True, help="credentials JSON file")
    p.add_argument("--token-only", action="store_true", help="print only the token")
    p.set_defaults(func=_credentials_rotate)

    p = sub.add_parser(
        "health", help="ask a server's gRPC health service (exit 0 only when SERVING)",
        description="Call grpc.health.v1.Health/Check for --service and print the status. "
                    "Exit status: 0 SERVING; 1 anything else (NOT_SERVING, an unknown "
                    "service, an unreachable server); 2 a usage error. For container "
                    "health checks and scripts: the image's HEALTHCHECK runs it.")
    p.add_argument("--service", default="",
                   help='service to ask about, e.g. grooming_risk.v1.ReviewService (default '
                        '"": the server as a whole, SERVING only while it may score)')
    p.add_argument("--timeout-s", type=float, default=5.0, metavar="X",
                   help="deadline of the call in seconds (default 5)")
    _client_args(p)
    p.set_defaults(func=_health)

    p = sub.add_parser("report", help="transparency report for a period")
    p.add_argument("--from", dest="from_date", required=True,
                   help="first day covered, YYYY-MM-DD (UTC, inclusive)")
    p.add_argument("--to", dest="to_date", required=True,
                   help="last day covered, YYYY-MM-DD (UTC, inclusive): "
                        "--from 2026-01-01 --to 2026-12-31 is the year 2026")
    p.add_argument("--format", choices=["json", "md", "html"], default="md")
    p.add_argument("--out", type=Path, help="write to a file instead of stdout")
    _client_args(p)
    p.set_defaults(func=_report)


def _credentials_file_call(args: argparse.Namespace, call: Any) -> Any:
    """Run ``call()``; a bad file or name is one line naming the command and file, exit 2."""
    try:
        return call()
    except errors.ConfigurationError as err:
        where = "" if str(args.file) in str(err) else f"{args.file}: "
        raise CommandFailed(f"credentials {args.action}: {where}{err}", EXIT_USAGE) from None
    except OSError as err:
        raise CommandFailed(f"credentials {args.action}: {args.file}: "
                            f"{err.strerror or err}", EXIT_USAGE) from None


def _print_token(args: argparse.Namespace, token: str, **fields: Any) -> None:
    if args.token_only:
        print(token)
    else:
        print(json.dumps({"name": args.name, **fields, "token": token}))
    print("store this token now: the file keeps only its SHA-256", file=sys.stderr)


def _credentials_add(args: argparse.Namespace) -> int:
    from service.auth import add_client

    token = _credentials_file_call(
        args, lambda: add_client(args.file, args.name, args.role, args.tls_subject))
    _print_token(args, token, roles=sorted(args.role))
    return 0


def _credentials_list(args: argparse.Namespace) -> int:
    from service.auth import list_clients
    from service.listing import default_format, write_table

    clients = _credentials_file_call(args, lambda: list_clients(args.file))
    if (args.format or default_format(sys.stdout)) == "json":
        for client in clients:
            print(json.dumps(client))
    else:
        write_table([["name", "roles", "tls_subject", "token"],
                     *([c["name"], ",".join(c["roles"]), c["tls_subject"],
                        "yes" if c["token"] else "no"] for c in clients)], sys.stdout)
    return 0


def _credentials_revoke(args: argparse.Namespace) -> int:
    from service.auth import revoke_client

    _credentials_file_call(args, lambda: revoke_client(args.file, args.name))
    print(f"revoked {args.name}: a running server drops it when it re-reads {args.file} "
          "(within seconds, or at once on SIGHUP)", file=sys.stderr)
    return 0


def _credentials_rotate(args: argparse.Namespace) -> int:
    from service.auth import rotate_token

    token = _credentials_file_call(args, lambda: rotate_token(args.file, args.name))
    _print_token(args, token)
    return 0


#: Start-up errors that are the operator's to fix, and the exit code of each:
#: 2 for settings that can never work, 1 for a resource another process holds.
SERVE_EXIT_CODES: dict[type[Exception], int] = {
    errors.ConfigurationError: 2,
    errors.ResourceInUse: 1,
}


def _settings(args: argparse.Namespace) -> Any:
    """The frozen Settings from the environment and ``args``' flags; None (each invalid
    setting printed as one line) if they do not validate."""
    from pydantic import ValidationError

    from service.config import Settings
    from service.settings_flags import setting_overrides

    try:
        return Settings(**setting_overrides(args))
    except ValidationError as err:
        for e in err.errors():
            print(f"invalid setting {'.'.join(str(x) for x in e['loc'])}: {e['msg']}",
                  file=sys.stderr)
        return None


def _serve(args: argparse.Namespace) -> int:
    from service.server import serve

    settings = _settings(args)
    return 2 if settings is None else _serve_exit(lambda: serve(settings))


def _serve_worker(args: argparse.Namespace) -> int:
    from service.workers import run_worker

    return _serve_exit(lambda: run_worker(args.control_fd, args.lock_fd))


def _serve_exit(run: Any, command: str = "serve") -> int:
    """``run()``'s exit code; an operator's mistake or a busy resource is one line."""
    try:
        return int(run())
    except tuple(SERVE_EXIT_CODES) as err:
        print(f"grooming-risk {command}: {err}", file=sys.stderr)
        return next(code for cls, code in SERVE_EXIT_CODES.items() if isinstance(err, cls))


def _console(args: argparse.Namespace) -> int:
    from service.console.server import run_console

    settings = _settings(args)
    return 2 if settings is None else _serve_exit(lambda: run_console(settings), "console")


class _Progress:
    """``done/total`` on stderr: a tqdm bar on a terminal (rate and time left; tqdm comes
    with the ``train`` extra, and without it the line below is redrawn in place), a line
    every few seconds otherwise (``--progress`` into a log file). Stdin has no known
    total: ``done`` only. Counts only: never an id or a line of input."""

    def __init__(self, total: int | None, interval_s: float) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.interval_s = interval_s
        self.last = 0.0
        self.bar: Any = None
        if self.tty:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=total, desc="score", unit=" lines", file=sys.stderr,
                                mininterval=interval_s, dynamic_ncols=True)

    def update(self, done: int, final: bool = False) -> None:
        import time

        now = time.monotonic()
        if not final and now - self.last < self.interval_s:
            return
        self.last = now
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
            if final:
                self.bar.close()
            return
        text = (f"score: {done}/{self.total} lines" if self.total is not None
                else f"score: {done} lines")
        if self.tty:
            sys.stderr.write(f"\r{text}" + ("\n" if final else ""))
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()


#: The score CLI's batches (ScoreConversationBatches): at most this many conversations
#: (the server takes up to 1,000) and about this many bytes (max_message_bytes is 8 MiB).
BATCH_CONVERSATIONS = 256
BATCH_BYTES = 4 * 1024 * 1024

#: What ``score -`` reads: the CLI's JSONL reader takes a path, and stdin has one here.
STDIN = Path("/dev/stdin")


def _count_records(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for raw in handle if raw.strip())


def _resume_point(path: Path) -> int:
    """How many output lines ``path`` already holds (0 if it does not exist yet).

    A last line cut off by an interruption (no newline) is removed: its input line is
    scored again, so every input line still ends up with exactly one output line.
    """
    try:
        with path.open("r+b") as handle:
            data = handle.read()
            complete = data.rfind(b"\n") + 1
            if complete < len(data):
                handle.truncate(complete)
    except FileNotFoundError:
        return 0
    except OSError as err:
        raise CommandFailed(f"--resume {path}: {err.strerror or err}", EXIT_USAGE) from None
    return sum(1 for raw in data[:complete].splitlines() if raw.strip())


def _score(args: argparse.Namespace) -> int:
    from collections import deque

    from service.api.grooming_risk.v1 import scoring_pb2
    from service.client import SCORE_BATCHES, batch_payload, encode_request
    from service.scoring.conversation import Conversation, Limits
    from service.scoring.jsonl import LineError, iter_lines

    if args.skip < 0:
        raise CommandFailed("--skip must be 0 or more", EXIT_USAGE)
    if args.resume is not None and args.skip:
        raise CommandFailed("--skip and --resume: give one (--resume counts the lines "
                            "itself)", EXIT_USAGE)
    source = STDIN if args.file == "-" else _readable("score: input", Path(args.file))
    skip = args.skip
    out = sys.stdout
    if args.resume is not None:
        skip = _resume_point(args.resume)
        try:
            out = args.resume.open("a", encoding="utf-8")
        except OSError as err:
            raise CommandFailed(f"--resume {args.resume}: {err.strerror or err}",
                                EXIT_USAGE) from None
    how_to_resume = (f"--resume {args.resume}" if args.resume is not None
                     else "--skip {n}")
    show_progress = args.progress or sys.stderr.isatty()
    progress = None
    if show_progress:  # counting the lines reads the file once more: only for a total
        total = None if source is STDIN else max(_count_records(source) - skip, 0)
        progress = _Progress(total, 0.2 if sys.stderr.isatty() else 5.0)
    # One output line per non-blank input line, in input order: lines rejected here wait
    # in ``order`` until the responses to the requests before them have been printed.
    order: deque[LineError | None] = deque()
    counts = {"lines": 0, "flagged": 0, "not_scanned": 0, "rejected": 0}
    stop = threading.Event()  # --strict: a line was rejected, send nothing more

    def conversations() -> Iterator[Conversation]:
        # Generous local limits: the server applies its own and answers per conversation.
        for n, item in enumerate(iter_lines(source, Limits(10**6, 10**7, 10**4))):
            if stop.is_set():
                return
            if n < skip:
                continue
            if isinstance(item, LineError):
                order.append(item)
                if args.strict:
                    return  # nothing after a line we could not read is sent
            else:
                order.append(None)
                yield item

    def batches() -> Iterator[bytes]:
        # Many conversations per message (ScoreConversationBatches): gRPC's cost per
        # message is shared. A batch goes when it holds BATCH_CONVERSATIONS or would
        # pass BATCH_BYTES, and at the end of the input; a conversation larger than
        # that goes alone (and the server answers it as it would any oversized message).
        # Requests are encoded by the compiled encoder, byte for byte as protobuf would.
        parts: list[bytes] = []
        size = 0
        for conversation in conversations():
            payload = encode_request(conversation)
            if parts and (size + len(payload) > BATCH_BYTES
                          or len(parts) == BATCH_CONVERSATIONS):
                yield batch_payload(parts)
                parts, size = [], 0
            parts.append(payload)
            size += len(payload)
        if parts:
            yield batch_payload(parts)

    def emit(row: dict[str, Any]) -> None:
        # Flushed once per batch result, not per line: a flush per line made this thread
        # wait for the GIL after every write while the request thread parsed JSONL. A
        # line lost unflushed to a crash is scored again on --resume (same case).
        out.write(json.dumps(row) + "\n")
        counts["lines"] += 1
        counts["flagged"] += row["suspicious"]
        counts["not_scanned"] += row["outcome"] == "not_scanned"
        counts["rejected"] += row["outcome"] == "rejected"
        if progress is not None:
            progress.update(counts["lines"])
        if args.strict and row["outcome"] == "rejected":
            stop.set()

    def flush_local_rejections() -> None:
        while order and order[0] is not None and not stop.is_set():
            error = order.popleft()
            assert error is not None
            emit({"conversation_id": "", "outcome": "rejected", "suspicious": False,
                  "case_id": "", "error": {"code": "INVALID_ARGUMENT", "message": str(error)}})

    def where() -> str:
        return (f"after {counts['lines']} lines; resume with "
                + how_to_resume.format(n=skip + counts["lines"]))

    try:
        with _channel(args) as channel:
            score = channel.stream_stream(  # requests already serialized
                SCORE_BATCHES, request_serializer=None,
                response_deserializer=scoring_pb2.ScoreConversationBatchResult.FromString)
            call = score(batches(), metadata=_metadata(args))
            for result in call:
                for r in result.responses:
                    flush_local_rejections()
                    if stop.is_set():
                        break
                    order.popleft()
                    emit(_score_row(r))
                    if stop.is_set():
                        break
                out.flush()
                if stop.is_set():
                    break
            call.cancel()  # --strict: drop the answers to lines already in flight
            flush_local_rejections()
            out.flush()
    except grpc.RpcError as err:
        if progress is not None:
            progress.update(counts["lines"], final=True)
        failed = rpc_failure(args, err)
        raise CommandFailed(f"{failed} ({where()})") from None
    finally:
        if out is not sys.stdout:
            out.close()
    if progress is not None:
        progress.update(counts["lines"], final=True)
    summary = (f"score: {counts['lines']} lines, {counts['flagged']} flagged, "
               f"{counts['not_scanned']} not scanned, {counts['rejected']} rejected")
    if stop.is_set():
        summary += f"; stopped at the first rejected line (--strict) ({where()})"
    print(summary, file=sys.stderr)
    return EXIT_REJECTED if counts["rejected"] else EXIT_OK


def _score_row(r: Any) -> dict[str, Any]:
    """The output line for one response: outcome names without their enum prefixes."""
    from service.api.grooming_risk.v1 import scoring_pb2

    row: dict[str, Any] = {
        "conversation_id": r.conversation_id,
        "outcome": scoring_pb2.Outcome.Name(r.outcome).removeprefix("OUTCOME_").lower(),
        "suspicious": r.suspicious,
        "case_id": r.case_id,
    }
    if r.not_scanned_reason:
        row["not_scanned_reason"] = scoring_pb2.NotScannedReason.Name(
            r.not_scanned_reason).removeprefix("NOT_SCANNED_REASON_").lower()
    if r.HasField("error"):
        row["error"] = {"code": grpc.StatusCode(_code(r.error.code)).name,
                        "message": r.error.message}
    return row


def _code(number: int) -> tuple[int, str]:
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code.value  # type: ignore[no-any-return]
    return grpc.StatusCode.UNKNOWN.value  # type: ignore[no-any-return]


def _health(args: argparse.Namespace) -> int:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    if not args.timeout_s > 0:
        raise CommandFailed(f"--timeout-s {args.timeout_s}: must be above 0", EXIT_USAGE)
    with _channel(args) as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=args.service),
                timeout=args.timeout_s, metadata=_metadata(args))
        except grpc.RpcError as err:
            raise rpc_failure(args, err) from None
    serving = health_pb2.HealthCheckResponse.SERVING
    print(health_pb2.HealthCheckResponse.ServingStatus.Name(response.status))
    return EXIT_OK if response.status == serving else EXIT_FAILED


def _review(args: argparse.Namespace) -> Any:
    from service.api.grooming_risk.v1 import review_pb2_grpc

    return review_pb2_grpc.ReviewServiceStub(_channel(args))


def _call(args: argparse.Namespace, method: str, request: Any) -> int:
    try:
        response = getattr(_review(args), method)(request, metadata=_metadata(args))
    except grpc.RpcError as err:
        raise rpc_failure(args, err) from None
    _print(response)
    return 0


def _format_arg(p: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    p.add_argument("--format", choices=choices, default=None,
                   help="output format (default: table on a terminal, else json: one "
                        "object per line)")


def _page_args(p: argparse.ArgumentParser, default_size: int) -> None:
    from service.listing import FORMATS

    _format_arg(p, FORMATS)
    p.add_argument("--page-size", type=int, default=default_size,
                   help=f"items per page (default {default_size})")
    p.add_argument("--page-token", default="",
                   help="the token a previous page printed on stderr")


def _list(args: argparse.Namespace, method: str, request: Any, items: str) -> int:
    """One page in ``--format`` (JSON lines print nothing when empty); the next page's
    token goes to stderr so stdout stays pure data."""
    from service.listing import default_format, render

    try:
        response = getattr(_review(args), method)(request, metadata=_metadata(args))
    except grpc.RpcError as err:
        raise rpc_failure(args, err) from None
    render(getattr(response, items), items, args.format or default_format(sys.stdout),
           sys.stdout)
    if response.next_page_token:
        print(f"more: --page-token {response.next_page_token}", file=sys.stderr)
    return EXIT_OK


def _cases_stats(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from service.api.grooming_risk.v1 import review_pb2 as pb
    from service.case_stats import case_stats
    from service.listing import default_format

    if args.expiring_days < 0:
        raise CommandFailed("--expiring-days must be 0 or more", EXIT_USAGE)
    stub = _review(args)

    def every_case() -> Iterator[Any]:
        token = ""
        while True:
            response = stub.ListCases(pb.ListCasesRequest(page_size=500, page_token=token),
                                      metadata=_metadata(args))
            yield from response.cases
            token = response.next_page_token
            if not token:
                return

    try:
        stats = case_stats(every_case(), datetime.now(UTC), args.expiring_days)
    except grpc.RpcError as err:
        raise rpc_failure(args, err) from None
    if (args.format or default_format(sys.stdout)) == "json":
        print(json.dumps(stats.as_dict(), sort_keys=True))
    else:
        stats.write_table(sys.stdout)
    return EXIT_OK


def _cases_list(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    status = cast(pb.CaseStatus, pb.CaseStatus.Value(f"CASE_STATUS_{args.status.upper()}")
                  if args.status else pb.CASE_STATUS_UNSPECIFIED)
    return _list(args, "ListCases", pb.ListCasesRequest(
        status=status, page_size=args.page_size, page_token=args.page_token), "cases")


def _cases_show(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    return _call(args, "GetCase", pb.GetCaseRequest(case_id=args.case_id))


def _cases_claim(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    request = pb.ClaimCaseRequest(case_id=args.case_id, reviewer_id=args.reviewer)
    if args.lease_s:
        request.lease.CopyFrom(Duration(seconds=args.lease_s))
    return _call(args, "ClaimCase", request)


def _cases_release(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    return _call(args, "ReleaseCase", pb.ReleaseCaseRequest(
        case_id=args.case_id, reviewer_id=args.reviewer))


def _cases_decide(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    decision = pb.DECISION_CONFIRMED if args.decision == "confirm" else pb.DECISION_DISMISSED
    return _call(args, "DecideCase", pb.DecideCaseRequest(
        case_id=args.case_id, decision=decision, reviewer_id=args.reviewer, reason=args.reason))


def _cases_report(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    return _call(args, "ReportCase", pb.ReportCaseRequest(
        case_id=args.case_id, reviewer_id=args.reviewer, recipient=args.recipient,
        reason=args.reason))


def _complaints_file(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    request = pb.FileComplaintRequest(
        channel=cast(pb.ComplaintChannel,
                     pb.ComplaintChannel.Value(f"COMPLAINT_CHANNEL_{args.channel.upper()}")),
        reason_code=args.reason)
    if args.case:
        request.case_id = args.case
    else:
        request.account_ref = args.account
    return _call(args, "FileComplaint", request)


def _complaints_resolve(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    resolution = cast(pb.ComplaintResolution, pb.ComplaintResolution.Value(
        f"COMPLAINT_RESOLUTION_{args.resolution.upper()}"))
    return _call(args, "ResolveComplaint", pb.ResolveComplaintRequest(
        complaint_id=args.complaint_id, resolution=resolution, reviewer_id=args.reviewer,
        reason=args.reason))


def _complaints_list(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    status = cast(pb.ComplaintStatus,
                  pb.ComplaintStatus.Value(f"COMPLAINT_STATUS_{args.status.upper()}")
                  if args.status else pb.COMPLAINT_STATUS_UNSPECIFIED)
    return _list(args, "ListComplaints", pb.ListComplaintsRequest(
        status=status, page_size=args.page_size, page_token=args.page_token), "complaints")


def _audit(args: argparse.Namespace) -> int:
    from datetime import datetime

    from service.api.grooming_risk.v1 import review_pb2 as pb

    request = pb.ListAuditEventsRequest(page_size=args.page_size, page_token=args.page_token)
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            raise CommandFailed(f"--since {args.since}: not an RFC 3339 time", EXIT_USAGE) from None
        request.since.FromDatetime(since)
    return _list(args, "ListAuditEvents", request, "events")


def _report(args: argparse.Namespace) -> int:
    from service.api.grooming_risk.v1 import review_pb2 as pb

    fmt = {"json": pb.REPORT_FORMAT_JSON, "md": pb.REPORT_FORMAT_MARKDOWN,
           "html": pb.REPORT_FORMAT_HTML}[args.format]
    try:
        response = _review(args).GetTransparencyReport(
            pb.GetTransparencyReportRequest(from_date=args.from_date, to_date=args.to_date,
                                            format=fmt),
            metadata=_metadata(args))
    except grpc.RpcError as err:
        raise rpc_failure(args, err) from None
    if args.out:
        args.out.write_text(response.body, encoding="utf-8")
    else:
        sys.stdout.write(response.body)
    return 0


__all__: Sequence[str] = ["register"]
