"""Structured JSON logs and Prometheus metrics. Ids, codes, counts and timings only.

Nothing here ever receives message text: log calls pass named fields, the formatter
drops the free-form ``args`` of foreign log records into the message template only,
and metric labels are fixed enumerations (RPC names, status codes, outcomes).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    start_http_server,
)

#: Fields the current RPC adds to its access-log line (set by the servicer, read by the
#: access-log interceptor). A contextvar, because the sync server runs each RPC on one thread.
call_fields: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "call_fields", default=None
)


def annotate(**fields: Any) -> None:
    """Add content-free fields (ids, outcome, counts) to the current RPC's access-log line."""
    current = call_fields.get()
    if current is not None:
        current.update(fields)


def call_annotations() -> dict[str, Any]:
    """The current RPC's access-log fields, to fill in later (e.g. when a stream ends,
    possibly in another context); a throwaway dict outside an RPC."""
    current = call_fields.get()
    return current if current is not None else {}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event, the process's ``static``
    fields (a worker's index) and the record's ``fields``."""

    def __init__(self, static: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.static = dict(static or {})

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
            **self.static,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type only: messages and tracebacks may hold data.
            payload["exception"] = record.exc_info[0].__name__
        return json.dumps(payload, separators=(",", ":"), default=str)


def configure_logging(level: str = "INFO", **static: Any) -> None:
    """Send JSON logs to stderr; replace any handlers installed before. ``static`` fields
    go on every line (``worker=2`` in a worker process)."""
    # Our records carry their own fields; skip the per-record stack walk and the thread and
    # process look-ups the logging module does by default (documented switches, and a
    # large share of the cost of one access-log line).
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(static))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log a structured event with content-free ``fields``."""
    if logger.isEnabledFor(level):
        logger.log(level, event, extra={"fields": fields})


class Metrics:
    """The service's Prometheus metrics, on their own registry.

    Under ``serve --workers N`` each worker process writes them to files in
    ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode, chosen when that
    variable is set before the first metric exists) and the supervisor serves their sum.
    Counters and histograms add up; each gauge says how its workers' values combine
    (``multiprocess_mode``; ``live*`` modes drop a dead worker's value).
    """

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._http: Any = None  # the metrics HTTP server, once serve() started it
        self._model_labels: tuple[str, str] | None = None
        r = self.registry
        # process_* (CPU, memory, open files), python_gc_* and python_info, as on the
        # default registry; these collectors hold no state, so every registry can share them.
        for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            r.register(collector)
        self.requests = Counter(
            "grooming_risk_rpc_requests", "RPCs handled, by method and status code",
            ["method", "code"], registry=r,
        )
        self.latency = Histogram(
            "grooming_risk_rpc_latency_seconds", "RPC latency by method", ["method"],
            buckets=(0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
            registry=r,
        )
        self.outcomes = Counter(
            "grooming_risk_conversations", "Conversations by outcome",
            ["outcome", "reason"], registry=r,
        )
        self.messages = Counter(
            "grooming_risk_messages_scanned", "Text messages scanned", registry=r
        )
        self.model_info = Gauge(
            "grooming_risk_model_info", "Loaded model (value 1)", ["model_version", "threshold"],
            registry=r, multiprocess_mode="livemax",  # 1 while any worker serves it
        )
        self.auth_failures = Counter(
            "grooming_risk_auth_failures", "Rejected calls by reason", ["reason"], registry=r
        )
        self.rejected = Counter(
            "grooming_risk_load_shed", "Calls refused by a limit", ["limit"], registry=r
        )
        # NaN until an end date is configured: 0 would read as "lapses today", and a series
        # that is always there lets the docs and dashboards name it.
        self.legal_basis_days_left = Gauge(
            "grooming_risk_legal_basis_days_left",
            "Days until the configured legal basis lapses (NaN when no end date is configured)",
            registry=r, multiprocess_mode="livemostrecent",
        )
        self.legal_basis_days_left.set(float("nan"))
        self.model_reloads = Counter(
            "grooming_risk_model_reloads", "Model reload attempts", ["result"], registry=r
        )
        self.cases = Gauge(
            "grooming_risk_cases",
            "Cases in the store by status (dismissed and expired cases are deleted: 0)",
            ["status"], registry=r, multiprocess_mode="livemostrecent",
        )
        self.oldest_unreviewed_case_age = Gauge(
            "grooming_risk_oldest_unreviewed_case_age_seconds",
            "Seconds the oldest open or in-review case has waited (0 when none waits)",
            registry=r, multiprocess_mode="livemostrecent",
        )

    def set_model(self, version: str, threshold: float) -> None:
        """Record the model now serving (the only series with value 1)."""
        if self._model_labels is not None:
            # Zero first: multiprocess mode cannot remove a series, only change its value.
            self.model_info.labels(*self._model_labels).set(0)
        if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
            self.model_info.clear()
        self._model_labels = (version, f"{threshold:.6g}")
        self.model_info.labels(*self._model_labels).set(1)

    def set_backlog(self, cases: Mapping[str, int], oldest_unreviewed_age_s: float) -> None:
        """Record the review backlog: cases per status name, age of the oldest unreviewed."""
        for status, count in cases.items():
            self.cases.labels(status).set(count)
        self.oldest_unreviewed_case_age.set(oldest_unreviewed_age_s)

    def set_legal_basis_days_left(self, days: int) -> None:
        """Export the days until the legal basis lapses (only when one is configured)."""
        self.legal_basis_days_left.set(days)

    def serve(self, host: str, port: int) -> int:
        """Start the HTTP endpoint; returns the bound port."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        self._http = server
        return int(server.server_port)

    def close(self) -> None:
        """Stop the HTTP endpoint, if it was started."""
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None


def process_usage(pid: int) -> tuple[float, int] | None:
    """CPU seconds (user + system, all threads) and resident bytes of process ``pid``,
    from ``/proc/PID/stat``; None when it is gone or /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime: fields 14 and 15
    rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # field 24, in pages
    return cpu, rss
