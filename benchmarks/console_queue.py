"""The reviewer console's queue page with 10,000 cases: server time per page (issue #12).

Builds a real gRPC server (SQLite store, credentials on) and a real console in this
process, fills the store with ``--cases`` open cases (through the store, as flags would),
signs a reviewer in over HTTP, then requests queue pages ``--repeat`` times each:

* ``first``: the first page (``/queue``: open cases, soonest expiry then highest score);
* ``last``: the last page, by its keyset page token;
* ``filtered``: a model-version and age filter.

Server time is the console's own ``latency_ms`` for the request (request parsed to
response written, including the ListCases call and the Jinja2 render), taken from its
``console_request`` log event; the client's round trip is given beside it, and the CPU
time of this whole process (gRPC server, console and client) per page, which a loaded
machine stretches less than wall time.

    PYTHONPATH=. .venv/bin/python benchmarks/console_queue.py --cases 10000 --repeat 30
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from service.auth import add_client
from service.config import Settings
from service.console.server import Console
from service.review.cases import Flag, IndicatorHit
from service.server import build_server


class Latencies(logging.Handler):
    """Collects the console's per-request ``latency_ms`` by route."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.by_route: dict[str, list[float]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        fields = getattr(record, "fields", {})
        if record.getMessage() == "console_request":
            self.by_route.setdefault(fields["route"], []).append(fields["latency_ms"])


def _request(port: int, path: str, cookie: str = "", form: dict[str, str] | None = None
             ) -> tuple[int, list[str], str, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn.request("POST" if form is not None else "GET", path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return response.status, response.headers.get_all("Set-Cookie") or [], text, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    for key in [k for k in os.environ if k.startswith("GROOMING_RISK_")]:
        del os.environ[key]
    directory = Path(tempfile.mkdtemp(prefix="console-bench-"))
    credentials = directory / "credentials.json"
    token = add_client(credentials, "bench-reviewer", ["reviewer"])
    settings = Settings(port=0, metrics_port=0, data_dir=directory / "var",
                        credentials_file=credentials, console_port=0, log_level="INFO")
    app = build_server(settings)
    app.start()
    now = datetime.now(UTC)
    started = time.perf_counter()
    for n in range(args.cases):
        app.store.record_flag(Flag(
            conversation_id=f"conv-{n}", suspected_participant_id=f"s-{n}",
            partner_participant_id=f"p-{n}",
            indicators=(IndicatorHit("secrecy", (f"m-{n}-1", f"m-{n}-2")),
                        IndicatorHit("age_probe", (f"m-{n}-3",))),
            score=0.9 + (n % 97) / 1000, threshold=0.9,
            model_version="gr-a" if n % 2 else "gr-b"), now - timedelta(minutes=n % 5000))
    fill_s = time.perf_counter() - started
    console = Console(Settings(port=app.port, metrics_port=0, console_port=0,
                               data_dir=directory / "var", log_level="INFO"))
    latencies = Latencies()
    logger = logging.getLogger("grooming_risk.console")
    logger.addHandler(latencies)
    logger.setLevel(logging.INFO)
    console.start()
    try:
        _, _, form, _ = _request(console.port, "/signin")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf is not None
        _, cookies, _, _ = _request(console.port, "/signin", f"gr_console_signin={csrf.group(1)}",
                                    {"csrf_token": csrf.group(1), "token": token})
        cookie = next(c for c in cookies if c.startswith("gr_console=")).split(";")[0]
        # walk to the last page once, for its token
        path, last = "/queue?status=open", "/queue?status=open"
        pages = 0
        while path:
            status, _, body, _ = _request(console.port, path, cookie)
            assert status == 200, status
            pages += 1
            last = path
            found = re.search(r'href="([^"]+)" rel="next"', body)
            path = found.group(1).replace("&amp;", "&") if found else ""
        variants = {"first": "/queue", "last": last,
                    "filtered": "/queue?status=open&model_version=gr-a&age=24"}
        results: dict[str, Any] = {}
        for name, target in variants.items():
            latencies.by_route.clear()
            round_trips = []
            cpu_started = time.process_time()
            for _ in range(args.repeat):
                status, _, body, elapsed = _request(console.port, target, cookie)
                assert status == 200 and body.count('class="case-link"') > 0, (name, status)
                round_trips.append(elapsed)
            cpu_ms = (time.process_time() - cpu_started) * 1000 / args.repeat
            server = latencies.by_route["queue"]
            results[name] = {
                "server_ms_median": round(statistics.median(server), 1),
                "server_ms_p90": round(sorted(server)[int(0.9 * (len(server) - 1))], 1),
                "server_ms_max": round(max(server), 1),
                "round_trip_ms_median": round(statistics.median(round_trips), 1),
                "cpu_ms_per_page": round(cpu_ms, 1),
                "cases_on_page": body.count('class="case-link"'),
            }
    finally:
        console.stop()
        app.stop(0)
    print(json.dumps({
        "cases": args.cases, "repeat": args.repeat, "pages_of_50": pages,
        "fill_s": round(fill_s, 1), "load_average": [round(x, 1) for x in os.getloadavg()],
        "target_ms": 300, "queue": results,
    }, indent=2))


if __name__ == "__main__":
    main()
