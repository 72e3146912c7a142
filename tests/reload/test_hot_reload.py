"""Hot model reload under load: verified, atomic, and invisible to clients.

Model A is a copy of ``models/default``; model B is the same files with a different
``model_version`` in ``manifest.json`` (the manifest itself is not checksummed, only
``model.onnx`` and ``vocabulary.json`` are, so B still verifies). Unary and bulk scoring
run from several threads while ``AdminService.ReloadModel`` switches A -> B -> A ... ;
no request may fail, every response names A or B, and every request sent after the last
reload returned names the final version. A tampered model is refused with
FAILED_PRECONDITION and the old model keeps serving; SIGHUP on a real ``grooming-risk
serve`` process reloads its configured folder. Counts go to ``benchmarks/hot-reload.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import admin_pb2 as apb
from service.api.grooming_risk.v1 import admin_pb2_grpc, scoring_pb2_grpc
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.scoring.model import ScoringModel
from tests.conftest import Running, StartServer
from tests.recorded import record
from tests.waiting import wait_until
from training.loadgen import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = ROOT / "models" / "default"
RESULTS = ROOT / "benchmarks" / "hot-reload.json"
UNARY_THREADS = 4
BULK_THREADS = 2
BULK_ITEMS = 8
RELOADS = 8
RELOAD_PAUSE_S = 0.3
RPC_IDS = count()  # next() on a count is atomic under the GIL
LINES = {
    "positive": (
        ("a", "hey how old are you"), ("c", "im 13"), ("a", "you seem so mature for your age"),
        ("a", "dont tell anyone about our chats ok, its our secret"),
        ("a", "send me a pic of you"), ("a", "we should meet up this weekend"),
    ),
    "benign": (
        ("a", "did you finish your maths homework?"), ("c", "almost, just the fractions left"),
        ("a", "dinner is at 7, dont forget to feed the cat"), ("c", "will do"),
    ),
}


def conversation(kind: str) -> spb.ScoreConversationRequest:
    """A scannable conversation (adult 34 -> child 13), suspicious or benign."""
    conv = spb.Conversation(id=f"reload-{kind}-{uuid.uuid4().hex[:12]}")
    adult = conv.participants.add(id="u-adult", age_source=spb.AGE_SOURCE_DECLARED)
    adult.age = 34
    child = conv.participants.add(id="u-child", age_source=spb.AGE_SOURCE_DECLARED)
    child.age = 13
    start = int(time.time()) - 3600
    for i, (who, text) in enumerate(LINES[kind]):
        m = conv.messages.add(id=f"m{i + 1}", sender_id="u-adult" if who == "a" else "u-child",
                              text=text, kind=spb.CONTENT_KIND_TEXT)
        m.sent_at.seconds = start + 30 * i
    return spb.ScoreConversationRequest(conversation=conv)


def copy_model(target: Path, version: str | None = None) -> Path:
    """Copy the shipped model to ``target``; optionally give it another ``model_version``."""
    shutil.copytree(DEFAULT_MODEL, target)
    if version is not None:
        set_version(target, version)
    return target


def set_version(model_dir: Path, version: str) -> None:
    """Rewrite ``model_version`` in the manifest (not checksummed), nothing else."""
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["model_version"] = version
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def flip_byte(path: Path) -> None:
    """Invert one byte in the middle of ``path``."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def models(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """(model A, model B, version A, version B)."""
    version_a = json.loads((DEFAULT_MODEL / "manifest.json").read_text())["model_version"]
    version_b = f"{version_a}-reload-b"
    model_a = copy_model(tmp_path / "model-a")
    model_b = copy_model(tmp_path / "model-b", version_b)
    return model_a, model_b, version_a, version_b


@pytest.fixture
def server(start_server: StartServer, models: tuple[Path, Path, str, str]) -> Running:
    """A server (the shared factory's) on model A."""
    return start_server(model_dir=models[0])


def test_model_b_differs_only_in_version_and_verifies(
    models: tuple[Path, Path, str, str],
) -> None:
    model_a, model_b, version_a, version_b = models
    a, b = ScoringModel.load(model_a), ScoringModel.load(model_b)
    assert (a.version, b.version) == (version_a, version_b)
    assert a.sha256 == b.sha256


@dataclass
class LoadRecord:
    """One scored item: when its request started and ended, and the version that scored it."""

    started: float
    ended: float
    version: str
    path: str
    rpc: int  # one id per RPC (a bulk stream scores several items)


@dataclass
class LoadLog:
    records: list[LoadRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, records: list[LoadRecord]) -> None:
        with self.lock:
            self.records += records

    def paths(self, after: float = float("-inf")) -> set[str]:
        """The load paths with a scored item whose request started after ``after``."""
        with self.lock:
            return {r.path for r in self.records if r.started > after}

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)


def _unary_load(running: Running, log: LoadLog, stop: threading.Event, seed: int) -> None:
    n = seed
    while not stop.is_set():
        kind = "positive" if n % 2 else "benign"
        n += 1
        started = time.monotonic()
        try:
            response = running.scoring.ScoreConversation(conversation(kind), timeout=30)
        except grpc.RpcError as err:
            log.fail(f"unary {err.code().name}: {err.details()}")
            continue
        log.add([LoadRecord(started, time.monotonic(), response.model_version, "unary",
                            next(RPC_IDS))])


def _bulk_load(running: Running, log: LoadLog, stop: threading.Event) -> None:
    while not stop.is_set():
        requests = [conversation("positive" if i % 3 == 0 else "benign")
                    for i in range(BULK_ITEMS)]
        started = time.monotonic()
        try:
            responses = list(running.scoring.ScoreConversations(iter(requests), timeout=30))
        except grpc.RpcError as err:
            log.fail(f"bulk {err.code().name}: {err.details()}")
            continue
        ended = time.monotonic()
        if len(responses) != len(requests):
            log.fail(f"bulk answered {len(responses)} of {len(requests)}")
        bad = [r for r in responses if r.outcome == spb.OUTCOME_REJECTED]
        if bad:
            log.fail(f"bulk rejected {len(bad)} valid items")
        rpc = next(RPC_IDS)
        log.add([LoadRecord(started, ended, r.model_version, "bulk", rpc) for r in responses])


def test_reloads_under_load_lose_no_request(
    server: Running, models: tuple[Path, Path, str, str],
) -> None:
    model_a, model_b, version_a, version_b = models
    log = LoadLog()
    stop = threading.Event()
    threads = [threading.Thread(target=_unary_load, args=(server, log, stop, i), daemon=True)
               for i in range(UNARY_THREADS)]
    threads += [threading.Thread(target=_bulk_load, args=(server, log, stop), daemon=True)
                for _ in range(BULK_THREADS)]
    for t in threads:
        t.start()
    wait_until(lambda: log.paths() == {"unary", "bulk"}, 60, "both kinds of load scoring")
    reload_started = time.monotonic()
    targets = [model_b if i % 2 == 0 else model_a for i in range(RELOADS - 1)] + [model_b]
    final_done = reload_started
    for target in targets:
        response = server.admin.ReloadModel(apb.ReloadModelRequest(model_dir=str(target)),
                                            timeout=60)
        final_done = time.monotonic()  # after the last iteration: the final reload returned
        assert response.model_version == (version_b if target == model_b else version_a)
        time.sleep(RELOAD_PAUSE_S)
    reload_ended = time.monotonic()
    wait_until(lambda: log.paths(after=final_done) == {"unary", "bulk"}, 60,
               "both kinds of load scoring after the final reload")
    stop.set()
    for t in threads:
        t.join(60)

    final = version_b
    during = [r for r in log.records if r.ended >= reload_started and r.started <= reload_ended]
    after = [r for r in log.records if r.started > final_done]
    versions = Counter(r.version for r in log.records)
    record(RESULTS.name, {
        "reloads": len(targets),
        "requests_during_reloads": len({r.rpc for r in during}),
        "conversations_scored_during_reloads": len(during),
        "failed": len(log.failures),
        "scored_total": len(log.records),
        "by_path": dict(Counter(r.path for r in log.records)),
        "versions_seen": dict(versions),
        "scored_after_final_reload": len(after),
    })
    print(f"\nreloads: {len(targets)}; conversations scored during reloads: {len(during)}; "
          f"failed: {len(log.failures)}; versions: {dict(versions)}")

    assert not log.failures, log.failures[:5]
    assert set(versions) <= {version_a, version_b}, versions
    assert {r.version for r in during} == {version_a, version_b}
    assert len(during) > 50
    assert after, "no request started after the final reload"
    assert {r.version for r in after} == {final}
    info = server.admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
    assert info.model_version == final


@pytest.mark.parametrize("damage", ["model.onnx byte flipped", "vocabulary.json byte flipped",
                                    "folder missing", "manifest not JSON"])
def test_tampered_model_is_refused_and_the_old_one_keeps_serving(
    server: Running, tmp_path: Path, models: tuple[Path, Path, str, str], damage: str,
) -> None:
    version_a = models[2]
    bad = copy_model(tmp_path / "model-bad", f"{version_a}-tampered")
    if damage == "model.onnx byte flipped":
        flip_byte(bad / "model.onnx")
    elif damage == "vocabulary.json byte flipped":
        flip_byte(bad / "vocabulary.json")
    elif damage == "folder missing":
        shutil.rmtree(bad)
    else:
        (bad / "manifest.json").write_text("{not json", encoding="utf-8")
    before = server.admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)

    with pytest.raises(grpc.RpcError) as err:
        server.admin.ReloadModel(apb.ReloadModelRequest(model_dir=str(bad)), timeout=60)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION, err.value.details()

    after = server.admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
    assert after == before
    scored = server.scoring.ScoreConversation(conversation("positive"), timeout=30)
    assert scored.model_version == version_a
    assert scored.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW


def _wait(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_sighup_reloads_the_configured_folder(tmp_path: Path) -> None:
    model = copy_model(tmp_path / "model-served")
    version = json.loads((model / "manifest.json").read_text())["model_version"]
    port = free_port()
    script = Path(sys.executable).with_name("grooming-risk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "service"]
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--data-dir", str(tmp_path / "data"),
             "--metrics-port", "0", "--model-dir", str(model)],
            stdout=log_file, stderr=log_file, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    admin = admin_pb2_grpc.AdminServiceStub(channel)
    health = health_pb2_grpc.HealthStub(channel)
    try:
        _wait(lambda: health.Check(health_pb2.HealthCheckRequest(), timeout=1).status
              == health_pb2.HealthCheckResponse.SERVING, 40, "SERVING")
        before = admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
        assert before.model_version == version

        set_version(model, f"{version}-hup")
        proc.send_signal(signal.SIGHUP)
        _wait(lambda: admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=2).model_version
              == f"{version}-hup", 30, "the reloaded model version")
        after = admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
        assert after.sha256 == before.sha256
        assert after.loaded_at.ToDatetime() > before.loaded_at.ToDatetime()
        scored = scoring_pb2_grpc.ScoringServiceStub(channel).ScoreConversation(
            conversation("positive"), timeout=30)
        assert scored.model_version == f"{version}-hup"

        # A SIGHUP with a now-broken folder keeps the running model.
        flip_byte(model / "model.onnx")
        proc.send_signal(signal.SIGHUP)
        _wait(lambda: "model_reload_refused" in log_path.read_text(encoding="utf-8"), 30,
              "the refused reload in the log")
        assert proc.poll() is None, log_path.read_text()
        kept = admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
        assert kept == after
    finally:
        channel.close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert proc.returncode == 0, log_path.read_text()[-3000:]
