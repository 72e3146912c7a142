"""Hostile-input fixtures: real servers on 127.0.0.1:0, input counters, captured output.

Every request a hostile test sends is counted (``hostile_inputs`` for well-formed protos,
``wire_fuzz`` for raw bytes) and the totals are written to
``benchmarks/hostile-inputs.json`` when the package's tests are done. Every log record the servers
emit and everything written to stdout/stderr during the hostile tests is kept, so the last
test of each module can check that no request text reached any of it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest

from tests.hostile.helpers import ServerUnderTest, start_app, stop_bounded
from tests.recorded import record

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RESULTS = BENCHMARKS / "hostile-inputs.json"


@dataclass
class HostileTally:
    """How many hostile inputs were tried, by kind and by resulting status."""

    hostile_inputs: int = 0
    wire_fuzz: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)

    def request(self, code: grpc.StatusCode, n: int = 1) -> None:
        """Count ``n`` well-formed (but hostile) requests that ended with ``code``."""
        self.hostile_inputs += n
        self.statuses[code.name] += n

    def wire(self, code: grpc.StatusCode) -> None:
        """Count one raw-bytes request that ended with ``code``."""
        self.wire_fuzz += 1
        self.statuses[f"wire:{code.name}"] += 1


@dataclass
class OutputSink:
    """Everything the servers said while the hostile tests ran, and every text sent."""

    records: list[logging.LogRecord] = field(default_factory=list)
    formatted: list[str] = field(default_factory=list)
    streams: list[str] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)
    canaries: set[str] = field(default_factory=set)


class _Keep(logging.Handler):
    """Keeps every record, and its production (JSON) rendering."""

    def __init__(self, sink: OutputSink) -> None:
        super().__init__(logging.DEBUG)
        from service.observability import JsonFormatter

        self.sink = sink
        self.json = JsonFormatter()
        self.plain = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.records.append(record)
        self.sink.formatted.append(self.json.format(record))
        # Also the plain rendering with the traceback text: stricter than production.
        self.sink.formatted.append(self.plain.format(record))


@pytest.fixture(scope="package")
def tally() -> Iterator[HostileTally]:
    """Input counters of this package; written to ``benchmarks/hostile-inputs.json`` after it."""
    counts = HostileTally()
    yield counts
    if counts.hostile_inputs or counts.wire_fuzz:
        record(RESULTS.name, {
            "hostile_inputs": counts.hostile_inputs,
            "wire_fuzz": counts.wire_fuzz,
            "by_status": dict(sorted(counts.statuses.items())),
            "ok_outcomes": dict(sorted(counts.outcomes.items())),
        })
        print(f"\nhostile inputs tried: {counts.hostile_inputs}, "
              f"wire fuzz cases: {counts.wire_fuzz} -> {RESULTS}")


@pytest.fixture(scope="package")
def sink() -> Iterator[OutputSink]:
    """Capture every log record at DEBUG while the hostile tests run (root level restored)."""
    kept = OutputSink()
    handler = _Keep(kept)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield kept
    root.removeHandler(handler)
    root.setLevel(previous)


@pytest.fixture(autouse=True)
def _keep_process_output(capfd: pytest.CaptureFixture[str], sink: OutputSink) -> Iterator[None]:
    """What grpc core and the servers wrote to fd 1/2 during a test, kept for the log check."""
    yield
    out, err = capfd.readouterr()
    sink.streams += [out, err]


@pytest.fixture(scope="module")
def hostile_server(
    tmp_path_factory: pytest.TempPathFactory, sink: OutputSink
) -> Iterator[ServerUnderTest]:
    """A server whose message limit (128 MiB) lets 10,000-message conversations through."""
    running = start_app(tmp_path_factory.mktemp("hostile"), max_message_bytes=128 * 1024 * 1024)
    yield running
    running.channel.close()
    stop_bounded(running.app)
