"""``grooming-risk bench --target``: load a running server from this, separate, process.

The client is built to cost the server's cores as little as possible, because client and
server share them: one ``grpc.aio`` channel, ``concurrency`` tasks, and every request
serialized to bytes before the clock starts. The calls are generic ones with identity
serializers, so no protobuf work happens in the timed loop. Over each window it reads
the client's CPU (``getrusage``) and the server's (``/proc/PID/stat``).

With ``floor=True`` the same client, in the same run, also measures a no-op gRPC server
(``training.floor``) started in its own process, and the report gives ours / floor.
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

UNARY = "/grooming_risk.v1.ScoringService/ScoreConversation"
BULK = "/grooming_risk.v1.ScoringService/ScoreConversations"
#: Conversations per ScoreConversationBatch in the batch-stream window (and the floor's).
BATCH_SIZE = 256
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
CALL_TIMEOUT_S = 10.0

Metadata = tuple[tuple[str, str], ...]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (for a server to start on)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_serving(target: str, proc: subprocess.Popen[Any], timeout: float = 180.0) -> None:
    """Return once the server at ``target``, started as ``proc``, reports SERVING on its
    health check; raise RuntimeError if it exits first or takes over ``timeout`` s."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    with grpc.insecure_channel(target) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode} before serving")
            try:
                if health.Check(health_pb2.HealthCheckRequest(), timeout=1).status == \
                        health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{target} did not become SERVING")
            time.sleep(0.2)


def latency_summary(latencies_s: Sequence[float]) -> dict[str, float]:
    """p50, p90, p99 and max of latencies given in seconds, in milliseconds."""
    if not latencies_s:
        return {"p50_ms": 0.0, "p90_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    ms = np.asarray(latencies_s, dtype=np.float64) * 1000.0
    p50, p90, p99 = np.percentile(ms, [50, 90, 99])
    return {"p50_ms": round(float(p50), 3), "p90_ms": round(float(p90), 3),
            "p99_ms": round(float(p99), 3), "max_ms": round(float(ms.max()), 3)}


def own_cpu_seconds() -> float:
    """User + system CPU seconds of this process, all threads (gRPC's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def stat_cpu_seconds(stat: str, ticks_per_s: float) -> float:
    """User + system CPU seconds from the text of a ``/proc/PID/stat`` file."""
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = stat[stat.rindex(")") + 2:].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / ticks_per_s


def process_usage(pid: int) -> tuple[float, int]:
    """User + system CPU seconds and context switches (voluntary + involuntary) of process
    ``pid`` and its live descendants (the workers of ``serve --workers N``), all threads,
    from ``/proc/PID/stat`` and ``/proc/PID/task/*/status``, in one walk of the family.

    On these shared cores a switch costs tens of µs, so switches per call are what a
    Python server's threading costs: this figure found the unary path's thread churn.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, switches = 0.0, 0
    for member in [pid, *_descendants(pid)]:
        try:
            stat = Path(f"/proc/{member}/stat").read_text(encoding="utf-8", errors="replace")
            tasks = list(Path(f"/proc/{member}/task").iterdir())
        except OSError:
            if member == pid:
                raise
            continue  # a worker that just exited
        cpu += stat_cpu_seconds(stat, ticks)
        for task in tasks:
            try:
                status = (task / "status").read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue  # a thread that just ended
            for line in status.splitlines():
                if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    switches += int(line.split()[1])
    return cpu, switches


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its live descendants (:func:`process_usage`)."""
    return process_usage(pid)[0]


def process_context_switches(pid: int) -> int:
    """Context switches so far of ``pid`` and its live descendants (:func:`process_usage`)."""
    return process_usage(pid)[1]


def _descendants(pid: int) -> list[int]:
    """PIDs of the live descendants of ``pid`` (by the parent field of /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(proc.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def listening_pid(port: int) -> int | None:
    """The PID of this user's process listening on TCP ``port``, if /proc can tell."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{cols[9]}]")
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(proc.name)
        except OSError:  # another user's process, or it just exited
            continue
    return None


@dataclass(frozen=True)
class CpuWindow:
    """CPU used by the client and the server over one measured window."""

    elapsed_s: float
    client_s: float
    server_s: float | None
    server_switches: int | None = None

    @classmethod
    def total(cls, windows: Sequence[CpuWindow]) -> CpuWindow:
        """Several windows as one: times and counts added up (unknown if any is)."""
        server = [w.server_s for w in windows]
        switches = [w.server_switches for w in windows]
        return cls(sum(w.elapsed_s for w in windows), sum(w.client_s for w in windows),
                   None if None in server else sum(s for s in server if s is not None),
                   None if None in switches else sum(s for s in switches if s is not None))

    def cores(self) -> dict[str, float | None]:
        """CPU as cores busy over the window (1.0 = one core all the time)."""
        return {
            "client_cpu_cores": round(self.client_s / self.elapsed_s, 3),
            "server_cpu_cores": None if self.server_s is None
            else round(self.server_s / self.elapsed_s, 3),
        }


class CpuMeter:
    """Reads the client's and (when known) the server's CPU at a window's start and end."""

    def __init__(self, server_pid: int | None) -> None:
        self.server_pid = server_pid

    def _server(self) -> tuple[float, int] | None:
        if self.server_pid is None:
            return None
        try:
            return process_usage(self.server_pid)
        except OSError:  # the server is gone or not ours to read
            return None

    def start(self) -> tuple[float, float, tuple[float, int] | None]:
        """Snapshot: (wall clock, client CPU, server CPU and context switches)."""
        return time.perf_counter(), own_cpu_seconds(), self._server()

    def stop(self, started: tuple[float, float, tuple[float, int] | None]) -> CpuWindow:
        """The window from ``started`` to now."""
        t0, client0, server0 = started
        server1 = self._server()
        elapsed, client = time.perf_counter() - t0, own_cpu_seconds() - client0
        if server0 is None or server1 is None:
            return CpuWindow(elapsed, client, None)
        return CpuWindow(elapsed, client, server1[0] - server0[0], server1[1] - server0[1])


async def unary_window(channels: Sequence[Any], payloads: Sequence[bytes], concurrency: int,
                       duration: float, metadata: Metadata,
                       meter: CpuMeter, method: str = UNARY) -> dict[str, Any]:
    """``concurrency`` tasks calling ``method`` (ScoreConversation) back to back for
    ``duration`` s; task k calls on ``channels[k % len(channels)]``."""
    return unary_figures([await unary_load(channels, payloads, concurrency, duration,
                                           metadata, meter, method)])


#: One unary window's raw result: the calls' latencies (s), the failed calls, and CPU.
UnaryLoad = tuple[list[float], int, CpuWindow]


async def unary_load(channels: Sequence[Any], payloads: Sequence[bytes], concurrency: int,
                     duration: float, metadata: Metadata,
                     meter: CpuMeter, method: str = UNARY) -> UnaryLoad:
    """:func:`unary_window`'s load, before any figure is worked out."""
    import grpc

    calls_by_channel = [c.unary_unary(method, request_serializer=None,
                                      response_deserializer=None) for c in channels]
    latencies: list[float] = []
    errors = 0
    clock = time.perf_counter
    md = metadata or None
    n = len(payloads)

    async def worker(k: int, end: float) -> None:
        nonlocal errors
        call = calls_by_channel[k % len(calls_by_channel)]
        i = k
        while clock() < end:
            t = clock()
            try:
                await call(payloads[i % n], metadata=md, timeout=CALL_TIMEOUT_S)
            except grpc.aio.AioRpcError:
                errors += 1
            else:
                latencies.append(clock() - t)
            i += concurrency

    started = meter.start()
    end = started[0] + duration
    await asyncio.gather(*(worker(k, end) for k in range(concurrency)))
    return latencies, errors, meter.stop(started)


def unary_figures(loads: Sequence[UnaryLoad]) -> dict[str, Any]:
    """Throughput, latency and CPU of one or more unary windows taken together; with
    several, ``by_round`` gives each window's conversations/s."""
    latencies = [x for window, _, _ in loads for x in window]
    errors = sum(e for _, e, _ in loads)
    cpu = CpuWindow.total([c for _, _, c in loads])
    calls = len(latencies)
    figures: dict[str, Any] = {
        "requests": calls,
        "errors": errors,
        "elapsed_s": round(cpu.elapsed_s, 3),
        "conversations_per_s": round(calls / cpu.elapsed_s, 1),
        **latency_summary(latencies),
        **cpu.cores(),
        "server_cpu_ms_per_call": None if cpu.server_s is None or not calls
        else round(cpu.server_s * 1000.0 / calls, 3),
        "client_cpu_ms_per_call": round(cpu.client_s * 1000.0 / calls, 3) if calls else None,
        "server_context_switches_per_call": None if cpu.server_switches is None or not calls
        else round(cpu.server_switches / calls, 2),
    }
    if len(loads) > 1:
        figures["by_round"] = [round(len(window) / c.elapsed_s, 1) for window, _, c in loads]
    return figures


async def bulk_window(channel: Any, payloads: Sequence[bytes], total: int,
                      metadata: Metadata, meter: CpuMeter) -> dict[str, Any]:
    """One ScoreConversations stream of ``total`` pre-serialized requests."""
    call = channel.stream_stream(BULK, request_serializer=None, response_deserializer=None)
    n = len(payloads)
    started = meter.start()
    stream = call((payloads[i % n] for i in range(total)), metadata=metadata or None,
                  timeout=600.0)
    got = 0
    async for _ in stream:
        got += 1
    return _stream_figures(got, meter.stop(started))


def _stream_figures(conversations: int, cpu: CpuWindow) -> dict[str, Any]:
    """What a bulk window reports: conversations, their rate and the CPU they took."""
    return {
        "conversations": conversations,
        "elapsed_s": round(cpu.elapsed_s, 3),
        "conversations_per_s": round(conversations / cpu.elapsed_s, 1),
        **cpu.cores(),
        "server_cpu_ms_per_conversation": None if cpu.server_s is None or not conversations
        else round(cpu.server_s * 1000.0 / conversations, 3),
    }


async def batches_window(channel: Any, payloads: Sequence[bytes], total: int,
                         metadata: Metadata, meter: CpuMeter) -> dict[str, Any]:
    """One ScoreConversationBatches stream of ``total`` conversations, ``BATCH_SIZE`` per
    message, serialized before the clock starts."""
    from service.client import SCORE_BATCHES, batch_payload

    call = channel.stream_stream(SCORE_BATCHES, request_serializer=None, response_deserializer=None)
    n = len(payloads)
    sizes = [min(BATCH_SIZE, total - at) for at in range(0, total, BATCH_SIZE)]
    batches = [batch_payload([payloads[(at + i) % n] for i in range(size)])
               for at, size in zip(range(0, total, BATCH_SIZE), sizes, strict=True)]
    started = meter.start()
    stream = call(iter(batches), metadata=metadata or None, timeout=600.0)
    results = 0
    async for _ in stream:
        results += 1
    cpu = meter.stop(started)
    return {**_stream_figures(sum(sizes[:results]), cpu),
            "conversations_per_message": BATCH_SIZE}


@dataclass
class Floor:
    """The no-op server running in its own process."""

    process: subprocess.Popen[str]
    target: str

    @classmethod
    def start(cls) -> Floor:
        """Start ``python -m training.floor`` and read the port it prints."""
        # The child imports ``training`` from where this process did, checkout or install.
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        proc = subprocess.Popen(
            [sys.executable, "-m", "training.floor"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.strip().isdigit():
            proc.kill()
            raise RuntimeError("the floor server did not start (python -m training.floor)")
        return cls(proc, f"127.0.0.1:{int(line)}")

    def stop(self) -> None:
        """Close its stdin, which ends it; kill it if it lingers."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _ratio(ours: float, floor: float) -> float | None:
    return round(ours / floor, 3) if floor else None


async def drive(targets: dict[str, tuple[str, int | None]], payloads: list[bytes],
                concurrency: int, duration: float, warmup: float, bulk: int,
                metadata: Metadata, connections: int = 1,
                rounds: int = 1) -> dict[str, dict[str, Any]]:
    """Load every server in ``targets`` (name -> address and PID) from this process: unary
    windows alternating between them for ``rounds`` rounds, then (``bulk`` > 0) one
    stream of each kind. Returns each name's figures by window kind."""
    import grpc

    # Each channel its own TCP connection: gRPC would otherwise share one between them,
    # and a server with several processes on one port (SO_REUSEPORT) spreads connections.
    options = [("grpc.max_receive_message_length", 8 * 1024 * 1024),
               ("grpc.max_send_message_length", 8 * 1024 * 1024),
               ("grpc.use_local_subchannel_pool", 1)]
    pools = {name: [grpc.aio.insecure_channel(target, options=options)
                    for _ in range(connections)]
             for name, (target, _) in targets.items()}
    channels = {name: pool[0] for name, pool in pools.items()}
    meters = {name: CpuMeter(pid) for name, (_, pid) in targets.items()}
    out: dict[str, dict[str, Any]] = {name: {} for name in targets}
    try:
        for name, pool in pools.items():  # warm every server before any window
            for channel in pool:
                await asyncio.wait_for(channel.channel_ready(), timeout=30)
            if warmup > 0:
                await unary_window(pool, payloads, concurrency, warmup, metadata,
                                   meters[name])
        # Rounds alternate the servers, so a change in the machine's load (it is shared)
        # falls on both sides of a ratio rather than on one.
        loads: dict[str, list[UnaryLoad]] = {name: [] for name in pools}
        rounds = max(1, rounds)
        for _ in range(rounds):
            for name, pool in pools.items():
                loads[name].append(await unary_load(
                    pool, payloads, concurrency, duration / rounds, metadata, meters[name]))
        for name, windows in loads.items():
            out[name]["unary"] = unary_figures(windows)
        if bulk > 0:
            for name, channel in channels.items():
                out[name]["bulk"] = await bulk_window(
                    channel, payloads, bulk, metadata, meters[name])
                out[name]["batches"] = await batches_window(
                    channel, payloads, bulk, metadata, meters[name])
    finally:
        for pool in pools.values():
            for channel in pool:
                await channel.close(None)
    return out


def _server_pid(target: str, given: int | None) -> int | None:
    if given is not None:
        return given
    host, _, port = target.rpartition(":")
    if host in LOOPBACK and port.isdigit():
        pid = listening_pid(int(port))
        if pid is not None and b"serve-worker" in _cmdline(pid):
            # One worker of `serve --workers N`: measure its supervisor and all workers.
            return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        return pid
    return None


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def bench_server(target: str, concurrency: int = 8, duration: float = 10.0,
                 bulk_conversations: int = 20000, n: int = 1000, seed: int = 4321,
                 positive_share: float = 0.02, token: str | None = None,
                 floor: bool = False, server_pid: int | None = None,
                 warmup: float = 1.0, connections: int = 1,
                 rounds: int = 5) -> dict[str, Any]:
    """Unary load at ``concurrency`` and one bulk stream against ``target`` (and the floor).

    The unary ``duration`` is split into ``rounds`` windows that alternate between ours
    and the floor; the report gives the ratio over all of them and each round's.
    """
    from service.client import request_for
    from training.bench_corpus import bench_conversations

    rounds = max(1, rounds)
    convs = bench_conversations(n, seed, positive_share)
    payloads = [request_for(c).SerializeToString() for c in convs]
    metadata: Metadata = (("authorization", f"Bearer {token}"),) if token else ()
    pid = _server_pid(target, server_pid)
    targets: dict[str, tuple[str, int | None]] = {"ours": (target, pid)}
    floor_server = Floor.start() if floor else None
    if floor_server is not None:
        targets["floor"] = (floor_server.target, floor_server.process.pid)
    try:
        measured = asyncio.run(drive(targets, payloads, concurrency, duration, warmup,
                                     bulk_conversations, metadata, connections, rounds))
    finally:
        if floor_server is not None:
            floor_server.stop()
    report: dict[str, Any] = {
        "mode": "server",
        "target": target,
        "client": {"pid": os.getpid(), "host": socket.gethostname(),
                   "kind": "grpc.aio, one channel, pre-serialized requests",
                   "cpus": os.cpu_count()},
        "server_pid": pid,
        "floor_pid": None if floor_server is None else floor_server.process.pid,
        "concurrency": concurrency,
        "connections": connections,
        "duration_s": duration,
        "rounds": rounds,
        "positive_share": positive_share,
        "conversations": len(convs),
        "mean_messages_per_conversation": round(
            sum(len(c.messages) for c in convs) / len(convs), 1),
        "mean_request_bytes": round(sum(map(len, payloads)) / len(payloads)),
        "unary": {name: m["unary"] for name, m in measured.items()},
    }
    if bulk_conversations > 0:
        report["bulk"] = {name: m["bulk"] for name, m in measured.items()}
        report["batches"] = {name: m["batches"] for name, m in measured.items()}
        ours_bulk = measured["ours"]["bulk"]["conversations_per_s"]
        report["bulk"]["ours_vs_unary"] = _ratio(
            ours_bulk, measured["ours"]["unary"]["conversations_per_s"])
    if floor_server is not None:
        ours, base = measured["ours"]["unary"], measured["floor"]["unary"]
        report["ours_vs_floor"] = {
            "throughput": _ratio(ours["conversations_per_s"], base["conversations_per_s"]),
            "p50": _ratio(ours["p50_ms"], base["p50_ms"]),
            "p99": _ratio(ours["p99_ms"], base["p99_ms"]),
        }
        if rounds > 1:
            by_round = [_ratio(a, b) for a, b in zip(ours["by_round"], base["by_round"],
                                                     strict=True)]
            report["ours_vs_floor"]["throughput_by_round"] = by_round
            known = [r for r in by_round if r is not None]
            report["ours_vs_floor"]["throughput_median_of_rounds"] = (
                statistics.median(known) if known else None)
        if bulk_conversations > 0:
            for window in ("bulk", "batches"):
                report[window]["ours_vs_floor"] = _ratio(
                    measured["ours"][window]["conversations_per_s"],
                    measured["floor"][window]["conversations_per_s"])
    return report
